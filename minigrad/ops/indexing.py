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
from ..autograd.function import Function, is_tensor
from ..autograd.node_names import rename_node
from .logic import _torch_name
from .shapes import broadcast_error, wrap_dim


def check_index(index):
    """Turn Tensors in an index into arrays; reject floats as PyTorch does."""
    parts = index if isinstance(index, tuple) else (index,)
    out = []
    for p in parts:
        if is_tensor(p):
            p = p.array.copy()          # backward reads it later: x[i] then i += 1 is harmless
        elif isinstance(p, list):
            p = np.asarray(p) if p else np.zeros(0, dtype=np.int64)   # x[[]]: an empty int index
        elif isinstance(p, slice) and p.step is not None and p.step <= 0:   # x[::-1]: x.flip(0)
            raise ValueError("slice step cannot be zero" if p.step == 0 else
                             "step must be greater than zero")
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
        except (IndexError, ValueError) as err:       # a shape mismatch: PyTorch's RuntimeError
            kind = IndexError if isinstance(err, IndexError) else RuntimeError
            raise kind(f"setitem: cannot assign a value of shape "
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
    if tuple(g.shape) == tuple(shape):
        return g
    return IndexAdd.apply(g, tuple(slice(0, s) for s in g.shape), tuple(shape))


class Gather(Function):
    """y[p] = x[p with coordinate dim replaced by index[p]];
    ∂L/∂x = zeros with ∂L/∂y added in at those places (repeats add up): scatter_add"""
    raw = True

    @staticmethod
    def forward(ctx, x, dim, index):
        ctx.shape, ctx.dim = x.shape, dim
        ctx.save_for_backward(index)         # as PyTorch: changing index in place is refused
        return x[along(index, dim)]

    @staticmethod
    def backward(ctx, grad):
        (index,) = ctx.saved_tensors
        zeros = backend.xp(grad.array).zeros(ctx.shape, dtype=grad.dtype)   # a constant
        return ScatterAdd.apply(zeros, ctx.dim, index, grad), None, None


class ScatterAdd(Function):
    """y = x, then y[p with coordinate dim replaced by index[p]] += src[p] for every p of index;
    ∂L/∂x = ∂L/∂y,  ∂L/∂src = gather(∂L/∂y, dim, index) (zeros beyond index's shape)"""
    raw = True

    @staticmethod
    def forward(ctx, x, dim, index, src):
        ctx.dim, ctx.src_shape = dim, src.shape
        ctx.save_for_backward(index)
        out = x.copy()
        backend.index_add(out, along(index, dim), _corner(src, index.shape))
        return out

    @staticmethod
    def backward(ctx, grad):
        (index,) = ctx.saved_tensors
        gsrc = None
        if ctx.needs_input_grad[3]:
            gsrc = _pad_to(Gather.apply(grad, ctx.dim, index), ctx.src_shape)
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
        ctx.dim, ctx.src_shape = dim, getattr(src, "shape", None)
        ctx.save_for_backward(keep, index)
        return out

    @staticmethod
    def backward(ctx, grad):
        keep, index = ctx.saved_tensors
        gsrc = None
        if ctx.needs_input_grad[3]:
            gsrc = _pad_to(Gather.apply(grad, ctx.dim, index), ctx.src_shape)
        return grad * keep, None, None, gsrc


class Nonzero(Function):
    """The indices of the non-zero elements, one row per element (``as_tuple``: one index
    array per dimension). No gradient."""
    raw = True
    differentiable = False

    @staticmethod
    def forward(ctx, x, as_tuple):
        idx = backend.xp(x).nonzero(x)
        if as_tuple:
            return tuple(i.astype("int64") for i in idx)
        return backend.xp(x).stack(idx, axis=-1).astype("int64")


def nonzero(input, *, as_tuple=False):
    return Nonzero.apply(input, as_tuple)


def _index_along(name, input, dim, index, src=None):
    """Check gather/scatter arguments as PyTorch does; returns (dim, index)."""
    if not is_tensor(index) or index.dtype != "int64":
        raise RuntimeError(f"{name}(): Expected dtype int64 for index")
    if index.device != input.device:
        raise RuntimeError(f"{name}(): expected index on {input.device}, got {index.device}")
    d = wrap_dim(dim, input.ndim)
    if index.ndim != input.ndim:
        raise RuntimeError("Index tensor must have the same number of dimensions as input tensor")
    for k in range(input.ndim):
        if k != d and index.shape[k] > input.shape[k]:
            raise RuntimeError(f"Size does not match at dimension {k} expected index "
                               f"{list(index.shape)} to be no larger than self "
                               f"{list(input.shape)} apart from dimension {d}")
        if is_tensor(src) and index.shape[k] > src.shape[k]:
            raise RuntimeError(f"Size does not match at dimension {k} expected index "
                               f"{list(index.shape)} to be no larger than src {list(src.shape)}")
    if index.numel():
        lo, hi = int(index.array.min()), int(index.array.max())
        if lo < 0 or hi >= input.shape[d]:
            raise RuntimeError(f"index {lo if lo < 0 else hi} is out of bounds for dimension "
                               f"{d} with size {input.shape[d]}")
    if is_tensor(src) and src.dtype != input.dtype:
        raise RuntimeError(f"{name}(): Expected self.dtype to be equal to src.dtype")
    return d, index


def gather(input, dim, index, *, sparse_grad=False):
    """out[p] = input[p with coordinate dim replaced by index[p]]."""
    return Gather.apply(input, *_index_along("gather", input, dim, index))


def scatter_add(input, dim, index, src):
    """A copy of input with src[p] added at (p with coordinate dim replaced by index[p])."""
    if not is_tensor(src):
        raise TypeError(f"scatter_add(): argument 'src' must be Tensor, not {type(src).__name__}")
    return ScatterAdd.apply(input, *_index_along("scatter_add", input, dim, index, src), src)


def index_add(input, dim, index, source, *, alpha=1):
    """A copy of input with alpha·source's slices added at ``index`` along dim (repeats add
    up): out.select(dim, index[i]) += alpha·source.select(dim, i). It is scatter_add with
    index spread over source's shape, so ∂L/∂source = alpha·∂L/∂out.index_select(dim, index).
    """
    for name, position, arg in (("index", 2, index), ("source", 3, source)):
        if not is_tensor(arg):
            raise TypeError(f"index_add(): argument '{name}' (position {position}) must be "
                            f"Tensor, not {type(arg).__name__}")
    if index.dtype not in ("int64", "int32"):
        raise RuntimeError(f"index_add_(): Expected dtype int32/int64 for index but got: "
                           f"{_torch_name(index.dtype)}")
    if index.ndim > 1:
        raise IndexError(f"index_add_(): Index is supposed to be a vector, but got dim: "
                         f"{index.ndim} with type: {_torch_name(index.dtype)} and size: "
                         f"{list(index.shape)}")
    if input.ndim == 0 and source.ndim == 0:      # a 0-d tensor adds as one slice
        return index_add(input.reshape(1), 0, index, source.reshape(1), alpha=alpha).reshape(())
    d = wrap_dim(dim, input.ndim)
    if source.ndim != input.ndim or any(s != i for k, (s, i) in
                                        enumerate(zip(source.shape, input.shape)) if k != d):
        raise RuntimeError(f"source tensor shape must match self tensor shape, excluding the "
                           f"specified dimension. Got self.shape = {list(input.shape)} "
                           f"source.shape = {list(source.shape)}")
    if index.numel() != source.shape[d]:
        raise RuntimeError(f"index_add_(): Number of indices ({index.numel()}) should be equal "
                           f"to source.size(dim): ({source.shape[d]}), for dim: {d}")
    if source.dtype != input.dtype:
        raise RuntimeError(f"index_add_(): self ({_torch_name(input.dtype)}) and source "
                           f"({_torch_name(source.dtype)}) must have the same scalar type")
    idx = _on_device(index.array.reshape(-1).astype("int64"), input.array)   # a copy, as x[i]
    if idx.size and (idx.min() < 0 or idx.max() >= input.shape[d]):
        bad = int(idx.min()) if idx.min() < 0 else int(idx.max())
        raise RuntimeError(f"index {bad} is out of bounds for dimension {d} with size "
                           f"{input.shape[d]}")
    spread = backend.xp(idx).broadcast_to(
        idx.reshape([-1 if k == d else 1 for k in range(input.ndim)]), source.shape)
    if alpha != 1:                       # PyTorch casts alpha to an integer tensor's type
        source = source * (alpha if input.dtype.is_floating_point else int(alpha))
    return rename_node(ScatterAdd.apply(input, d, spread, source), "IndexAddBackward0")


def scatter(input, dim, index, src=None, *, value=None):
    """A copy of input with src[p] (or ``value``) written at (p with coordinate dim replaced
    by index[p]); where index repeats, which write wins is unspecified, as in PyTorch."""
    src = value if src is None else src
    return Scatter.apply(input, *_index_along("scatter", input, dim, index, src), src)


def index_select(input, dim, index):
    """The slices ``index`` (1-D) of input along dim."""
    if index.ndim > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    if index.dtype.kind not in "iu":
        raise RuntimeError("index_select(): Expected dtype int32 or int64 for index")
    d = wrap_dim(dim, input.ndim)
    flat = index.array.reshape(-1).copy()          # backward reads it later (check_index)
    if flat.size and bool(((flat < 0) | (flat >= (input.shape[d] if input.ndim else 1))).any()):
        raise IndexError("index out of range in self")        # negatives do not wrap, as PyTorch
    return GetItem.apply(input, (slice(None),) * d + (flat,))


def take_along_dim(input, indices, dim=None):
    """gather after broadcasting input and indices over every dimension but dim (flattened
    when dim is None)."""
    if dim is None:
        return gather(input.reshape(-1), 0, indices.reshape(-1))
    d = wrap_dim(dim, input.ndim)
    if indices.ndim != input.ndim:
        raise RuntimeError(f"torch.take_along_dim(): input and indices should have the same "
                           f"number of dimensions, but got {input.ndim} dimensions for input, "
                           f"and {indices.ndim} dimensions for indices")
    a, b = list(input.shape), list(indices.shape)
    a[d] = b[d] = 1
    err = broadcast_error("take_along_dim", tuple(a), tuple(b))
    if err is not None:
        raise err
    common = [max(p, q) for p, q in zip(a, b)]
    input = input.expand(*common[:d], input.shape[d], *common[d + 1:])
    indices = indices.expand(*common[:d], indices.shape[d], *common[d + 1:]).clone()
    return gather(input, d, indices)          # on a copy: indices += 1 later is allowed, as PyTorch
