"""Indexing: ``x[index]`` and its adjoint, adding values into a zero tensor at ``index``.

The two are each other's backward: ``GetItem``'s gradient scatters ``g``
into zeros at the index (repeated integer indices accumulate), and
``IndexAdd``'s gradient gathers ``g[index]``.

Indices follow PyTorch where it differs from NumPy: in an index that mixes
integers with index arrays, the integers select first (``x[0, :, idx]`` is
``x[0][:, idx]``), where NumPy would count them as advanced indices and move the
broadcast dimensions to the front (:func:`at`).

Along one dimension the same pair appears as ``Gather`` and ``ScatterAdd``
(``gather``/``scatter_add``), each again the other's backward.
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
            p = p.array
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


def along(index, dim):
    """The index tuple that reads, at every position p of ``index``, the element of x at p with
    coordinate ``dim`` replaced by ``index[p]``: x[along(index, dim)] is gather(x, dim, index)."""
    xp = backend.xp(index)
    return tuple(index if d == dim else
                 xp.arange(s).reshape([-1 if e == d else 1 for e in range(index.ndim)])
                 for d, s in enumerate(index.shape))


def _corner(array, shape):
    """The leading block of ``array`` of the given shape (src may be larger than index)."""
    return array[tuple(slice(0, s) for s in shape)]


def _pad_to(g, shape):
    """``g`` padded with zeros at the end of each dimension to ``shape``."""
    from .movement import Pad
    if tuple(g.shape) == tuple(shape):
        return g
    pads = []
    for have, want in zip(reversed(g.shape), reversed(shape)):
        pads += [0, want - have]
    return Pad.apply(g, tuple(pads), 0)


class Gather(Function):
    """y[p] = x[p with coordinate dim replaced by index[p]];
    ∂L/∂x = zeros with ∂L/∂y added in at those places (repeats add up): scatter_add"""
    raw = True

    @staticmethod
    def forward(ctx, x, dim, index):
        ctx.shape, ctx.dim, ctx.index = x.shape, dim, index
        return x[along(index, dim)]

    @staticmethod
    def backward(ctx, grad):
        from ..tensor import Tensor
        zeros = Tensor._make(backend.xp(grad.array).zeros(ctx.shape, dtype=grad.dtype))
        return ScatterAdd.apply(zeros, ctx.dim, ctx.index, grad), None, None


class ScatterAdd(Function):
    """y = x, then y[p with coordinate dim replaced by index[p]] += src[p] for every p of index;
    ∂L/∂x = ∂L/∂y,  ∂L/∂src = gather(∂L/∂y, dim, index) (zeros beyond index's shape)"""
    raw = True

    @staticmethod
    def forward(ctx, x, dim, index, src):
        ctx.dim, ctx.index, ctx.src_shape = dim, index, src.shape
        out = x.copy()
        backend.index_add(out, along(index, dim), _corner(src, index.shape))
        return out

    @staticmethod
    def backward(ctx, grad):
        gsrc = None
        if ctx.needs_input_grad[3]:
            gsrc = _pad_to(Gather.apply(grad, ctx.dim, ctx.index), ctx.src_shape)
        return grad, None, None, gsrc


class Scatter(Function):
    """y = x, then y[p with coordinate dim replaced by index[p]] = src[p] (or a scalar value);
    ∂L/∂x = ∂L/∂y with zeros where written,  ∂L/∂src = gather(∂L/∂y, dim, index), as in
    PyTorch (with repeated indices one write wins, but each src element gets the gradient)"""
    raw = True

    @staticmethod
    def forward(ctx, x, dim, index, src):
        place = along(index, dim)
        out = x.copy()
        out[place] = _corner(src, index.shape) if hasattr(src, "ndim") else src
        keep = backend.xp(x).ones(x.shape, dtype=bool)
        keep[place] = False
        ctx.dim, ctx.index, ctx.src_shape = dim, index, getattr(src, "shape", None)
        ctx.save_for_backward(keep)
        return out

    @staticmethod
    def backward(ctx, grad):
        (keep,) = ctx.saved_tensors
        gsrc = None
        if ctx.needs_input_grad[3]:
            gsrc = _pad_to(Gather.apply(grad, ctx.dim, ctx.index), ctx.src_shape)
        return grad * keep, None, None, gsrc
