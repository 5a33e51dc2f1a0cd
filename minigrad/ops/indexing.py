"""Indexing: ``x[index]`` and its adjoint, adding values into a zero tensor at ``index``.

The two are each other's backward: ``GetItem``'s gradient scatters ``g``
into zeros at the index (repeated integer indices accumulate), and
``IndexAdd``'s gradient gathers ``g[index]``.

Indices follow PyTorch where it differs from NumPy: in an index that mixes
integers with index arrays, the integers select first (``x[0, :, idx]`` is
``x[0][:, idx]``), where NumPy would count them as advanced indices and move the
broadcast dimensions to the front (:func:`at`).
"""
import numpy as np

from .. import backend
from ..autograd.function import Function


def check_index(index):
    """Turn Tensors in an index into arrays; reject floats as PyTorch does."""
    from ..tensor import Tensor
    parts = index if isinstance(index, tuple) else (index,)
    out = []
    for p in parts:
        if isinstance(p, Tensor):
            p = p.data
        elif isinstance(p, list):
            p = np.asarray(p) if p else np.zeros(0, dtype=np.int64)   # x[[]]: an empty int index
        if hasattr(p, "dtype") and p.dtype.kind not in "biu":
            raise IndexError(f"tensors used as indices must be long, int, byte or bool tensors, "
                             f"got {p.dtype}")
        out.append(p)
    return tuple(out) if isinstance(index, tuple) else out[0]


def is_basic(index):
    """Ints, slices, None and Ellipsis only: the result is a view."""
    parts = index if isinstance(index, tuple) else (index,)
    return all(p is None or p is Ellipsis or isinstance(p, (int, slice)) for p in parts)


def _is_int(p):
    return isinstance(p, int) and not isinstance(p, bool)


def at(array, index):
    """(view, rest): ``array[index]`` is ``view[rest]`` with PyTorch's meaning of ``index``.

    Only an index mixing integers with arrays changes: the integers are applied
    first, as a basic (view) index, and the rest of the index afterwards.
    """
    parts = index if isinstance(index, tuple) else (index,)
    if not (any(_is_int(p) for p in parts) and any(hasattr(p, "ndim") for p in parts)):
        return array, index
    def dims(p):                        # how many dimensions of ``array`` ``p`` indexes
        if p is None or p is Ellipsis:
            return 0
        return p.ndim if hasattr(p, "ndim") and p.dtype.kind == "b" else 1

    first, rest = [], []
    for p in parts:
        if p is Ellipsis:
            first += [slice(None)] * (array.ndim - sum(dims(q) for q in parts))
            rest.append(Ellipsis)
        elif p is None:
            rest.append(None)
        elif _is_int(p):
            first.append(p)
        else:
            first += [slice(None)] * dims(p)
            rest.append(p)
    return array[tuple(first) + (Ellipsis,)], tuple(rest)


def _on_device(index, like):
    """Move array parts of ``index`` to the device of ``like``."""
    if isinstance(like, np.ndarray):
        return index
    parts = index if isinstance(index, tuple) else (index,)
    moved = tuple(backend.xp(like).asarray(p) if isinstance(p, np.ndarray) else p for p in parts)
    return moved if isinstance(index, tuple) else moved[0]


class GetItem(Function):
    """y = x[index];   ∂L/∂x = zeros with ∂L/∂y added in at index"""
    raw = True

    @staticmethod
    def forward(ctx, x, index):
        index = _on_device(index, x)
        try:
            view, rest = at(x, index)
            y = view[rest]
        except IndexError as err:
            raise IndexError(f"index {index!r} is invalid for a tensor of shape "
                             f"{list(x.shape)}: {err}") from None
        basic = is_basic(index)
        if basic and y.ndim == 0:
            parts = index if isinstance(index, tuple) else (index,)
            if not any(p is Ellipsis for p in parts):
                index = parts + (Ellipsis,)       # x[0, ...]: a 0-d view, not a scalar copy
                y = x[index]
        ctx.shape, ctx.index = x.shape, index
        return y if basic else y.copy()

    @staticmethod
    def backward(ctx, grad):
        return IndexAdd.apply(grad, ctx.index, ctx.shape), None


class IndexAdd(Function):
    """y = zeros(shape) with g added at index (repeats add up);   ∂L/∂g = ∂L/∂y[index]"""
    raw = True

    @staticmethod
    def forward(ctx, g, index, shape):
        ctx.index = index
        out = backend.xp(g).zeros(shape, dtype=g.dtype)
        view, rest = at(out, index)
        if is_basic(rest):
            view[rest] = g
        else:
            backend.index_add(view, rest, g)
        return out

    @staticmethod
    def backward(ctx, grad):
        return grad[ctx.index], None, None


class SetItem(Function):
    """y = x with y[index] = v;   ∂L/∂x = ∂L/∂y with zeros at index,  ∂L/∂v = ∂L/∂y[index]"""
    raw = True

    @staticmethod
    def forward(ctx, x, index, value):
        index = _on_device(index, x)
        ctx.index = index
        out = x.copy()
        view, rest = at(out, index)
        try:
            view[rest] = value
        except (IndexError, ValueError) as err:
            raise type(err)(f"setitem: cannot assign a value of shape "
                            f"{list(getattr(value, 'shape', ()))} to index {index!r} of a tensor "
                            f"of shape {list(x.shape)}: {err}") from None
        keep = backend.xp(x).ones(x.shape, dtype=bool)
        view, rest = at(keep, index)
        view[rest] = False
        ctx.save_for_backward(keep)
        return out

    @staticmethod
    def backward(ctx, grad):
        (keep,) = ctx.saved_tensors
        return grad * keep, None, (grad[ctx.index] if ctx.needs_input_grad[2] else None)
