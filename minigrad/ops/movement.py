"""Ops that move data without arithmetic: expand, repeat, cat, pad, flip (the views reshape
and permute are in ``views.py``), each public function below its op.

Each backward moves the gradient back the opposite way. ``expand``'s
backward is the identity: the engine sums the broadcast axes (the one place
broadcasting is undone).
"""
import math
import operator

from .. import backend
from ..autograd.function import Function, is_tensor
from ..autograd.node_names import rename_node
from ..dtypes import result_type
from .shapes import new_shape, size_args, wrap_dim, wrap_dims
from .views import narrow, unsqueeze


class Expand(Function):
    """y = x broadcast to ``shape`` (no copy);   ∂L/∂x = Σ over the broadcast axes"""
    raw = True
    is_view = True

    @staticmethod
    def forward(ctx, x, shape):
        lead = len(shape) - x.ndim
        if lead < 0:
            raise RuntimeError(f"expand: the number of sizes provided ({len(shape)}) must be "
                               f"greater or equal to the number of dimensions in the tensor ({x.ndim})")
        target = tuple(x.shape[i - lead] if s == -1 and i >= lead else s for i, s in enumerate(shape))
        for i, s in enumerate(x.shape):
            if s != 1 and s != target[lead + i]:
                raise RuntimeError(
                    f"expand: The expanded size of the tensor ({target[lead + i]}) must match the existing "
                    f"size ({s}) at non-singleton dimension {lead + i}.  Target sizes: "
                    f"{list(shape)}.  Tensor sizes: {list(x.shape)}")
        return backend.xp(x).broadcast_to(x, target)

    @staticmethod
    def backward(ctx, grad):
        return grad, None


def expand(input, *sizes):
    return _same_memory(Expand.apply(input, size_args(sizes)), input)


def broadcast_to(input, size):
    return _same_memory(Expand.apply(input, size_args((size,))), input)


def _same_memory(out, input):
    """``out`` shares ``input``'s memory, so it shares its version counter too, recorded or
    not: an op that saved an expanded index sees ``index += 1`` (as in PyTorch)."""
    out._vc = input._vc
    return out


class Repeat(Function):
    """y = x tiled ``repeats`` times along each dim;   ∂L/∂x = Σ over the copies"""
    raw = True

    @staticmethod
    def forward(ctx, x, repeats):
        if len(repeats) < x.ndim:
            raise RuntimeError("Number of dimensions of repeat dims can not be smaller than "
                               "number of dimensions of tensor")
        ctx.shape = (1,) * (len(repeats) - x.ndim) + x.shape
        ctx.repeats = repeats
        return backend.xp(x).tile(x.reshape(ctx.shape), repeats)

    @staticmethod
    def backward(ctx, grad):
        split = []
        for r, s in zip(ctx.repeats, ctx.shape):
            split += [r, s]
        summed = grad.reshape(split).sum(dim=tuple(range(0, len(split), 2)))
        return summed, None


def repeat(input, *sizes):
    repeats = size_args(sizes)
    if len(repeats) >= input.ndim:                 # (fewer: Repeat's own error)
        shape = (1,) * (len(repeats) - input.ndim) + tuple(input.shape)
        new_shape([r * s for r, s in zip(repeats, shape)])  # a negative count: PyTorch's error
    return Repeat.apply(input, repeats)


class Cat(Function):
    """y = [x₁, x₂, ...] joined along dim;   ∂L/∂xₖ = the k-th slice of ∂L/∂y"""
    raw = True

    @staticmethod
    def forward(ctx, dim, *xs):
        if not xs:
            raise ValueError("torch.cat(): expected a non-empty list of Tensors")   # PyTorch's type
        ref = next((x for x in xs if x.ndim), xs[0])
        if ref.ndim == 0:
            raise RuntimeError("zero-dimensional tensor (at position 0) cannot be concatenated")
        d = wrap_dim(dim, ref.ndim)
        for k, x in enumerate(xs):
            if x.ndim != ref.ndim or any(a != b for i, (a, b) in enumerate(zip(x.shape, ref.shape))
                                         if i != d):
                raise RuntimeError(f"cat(): Sizes of tensors must match except in dimension {d}. Expected "
                                   f"size {list(ref.shape)} but got size {list(x.shape)} for tensor "
                                   f"number {k} in the list.")
        dtype = result_type(*xs)
        ctx.dim, ctx.sizes = d, [x.shape[d] for x in xs]
        return backend.xp(ref).concatenate([x.astype(dtype, copy=False) for x in xs], axis=d)

    @staticmethod
    def backward(ctx, grad):
        out, start = [None], 0
        for size in ctx.sizes:
            out.append(grad.narrow(ctx.dim, start, size))
            start += size
        return tuple(out)


def cat(tensors, dim=0):
    tensors = list(tensors)
    for k, x in enumerate(tensors):
        if not is_tensor(x):
            raise TypeError(f"cat(): expected a sequence of Tensors, but element {k} is "
                            f"{type(x).__name__}")
    return Cat.apply(dim, *tensors)


concat = concatenate = cat


def stack(tensors, dim=0):
    tensors = list(tensors)
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    for k, x in enumerate(tensors[1:], 1):
        if x.shape != tensors[0].shape:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got "
                               f"{list(tensors[0].shape)} at entry 0 and {list(x.shape)} at entry {k}")
    d = wrap_dim(dim, tensors[0].ndim + 1)
    return rename_node(cat([unsqueeze(x, d) for x in tensors], d), "StackBackward0")


def split(tensor, split_size_or_sections, dim=0):
    d = wrap_dim(dim, tensor.ndim)
    n = tensor.shape[d]
    if isinstance(split_size_or_sections, float):
        raise TypeError(f"split_size_or_sections must be an int or a list of ints, got "
                        f"{split_size_or_sections!r}")
    if isinstance(split_size_or_sections, int):
        step = split_size_or_sections
        if step < 0:
            raise RuntimeError(f"split expects split_size be non-negative, but got "
                               f"split_size={step}")
        if step == 0 and n:
            raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got "
                               f"dimension size of {n}")
        sizes = [min(step, n - i) for i in range(0, n, step)] if n else [0]
    else:
        sizes = list(split_size_or_sections)
        if any(size < 0 for size in sizes):
            raise RuntimeError(f"split_with_sizes expects split_sizes have only non-negative "
                               f"entries, but got split_sizes={sizes}")
        if sum(sizes) != n:
            raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {n} "
                               f"(input tensor's size at dimension {d}), but got split_sizes={sizes}")
    name = "SplitBackward0" if isinstance(split_size_or_sections, int) else \
        "SplitWithSizesBackward0"                          # PyTorch's node for every piece
    out, start = [], 0
    for size in sizes:
        out.append(rename_node(narrow(tensor, d, start, size), name))
        start += size
    return tuple(out)


def chunk(input, chunks, dim=0):
    """``chunks`` pieces of size ⌈n/chunks⌉ (fewer if they run out); an empty dim gives
    ``chunks`` empty pieces, as in PyTorch."""
    chunks = operator.index(chunks)                # chunk(1.5): a TypeError, as PyTorch
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    d = wrap_dim(dim, input.ndim)
    n = input.shape[d]
    if n == 0:
        return tuple(narrow(input, d, 0, 0) for _ in range(chunks))
    return split(input, max(1, math.ceil(n / chunks)), dim)


def unbind(input, dim=0):
    """The slices along ``dim``, each without that dim (views): ``torch.cat(torch.unbind(emb,
    1), 1)`` in makemore part 2 is ``emb.view(n, -1)``."""
    d = wrap_dim(dim, input.ndim)
    lead = (slice(None),) * d
    return tuple(rename_node(input[lead + (i,)], "UnbindBackward0")
                 for i in range(input.shape[d]))


class Pad(Function):
    """y = x with ``value`` added around it (pad = (left, right) pairs from the last dim;
    a negative width crops, as in PyTorch);   ∂L/∂x = the middle of ∂L/∂y (0 where cropped)"""
    raw = True

    @staticmethod
    def forward(ctx, x, pad, value):
        if len(pad) % 2 or len(pad) // 2 > x.ndim:
            raise RuntimeError(f"pad: padding length {len(pad)} must be even and at most twice "
                               f"the number of dimensions ({x.ndim})")
        widths = [(0, 0)] * x.ndim
        for i in range(len(pad) // 2):
            widths[x.ndim - 1 - i] = (pad[2 * i], pad[2 * i + 1])
        crop = tuple(slice(max(-a, 0), s - max(-b, 0)) for (a, b), s in zip(widths, x.shape))
        if any(c.stop < c.start for c in crop):
            raise RuntimeError(f"pad: padding {tuple(pad)} crops more than the input of shape "
                               f"{list(x.shape)} holds")
        ctx.shape, ctx.crop = x.shape, crop
        kept = x[crop]
        ctx.index = tuple(slice(max(a, 0), max(a, 0) + s) for (a, _), s in zip(widths, kept.shape))
        return backend.xp(x).pad(kept, [(max(a, 0), max(b, 0)) for a, b in widths],
                                 constant_values=value)

    @staticmethod
    def backward(ctx, grad):
        g = grad[ctx.index]
        if g.shape != ctx.shape:                     # cropped: zeros where nothing was kept
            widths = [(c.start, s - c.stop) for c, s in zip(ctx.crop, ctx.shape)]
            g = Pad.apply(g, tuple(w for pair in reversed(widths) for w in pair), 0)
        return g, None, None


def pad(input, pad, mode="constant", value=None):
    if mode != "constant":
        raise ValueError(f"pad: mode {mode!r} is not available; minigrad pads with a constant")
    return Pad.apply(input, tuple(pad), 0 if value is None else value)


class Flip(Function):
    """y = x reversed along dims;   ∂L/∂x = ∂L/∂y reversed the same way"""
    raw = True

    @staticmethod
    def forward(ctx, x, dims):
        ctx.dims = wrap_dims(dims, x.ndim)
        return backend.xp(x).flip(x, axis=ctx.dims).copy() if ctx.dims else x.copy()

    @staticmethod
    def backward(ctx, grad):
        return grad.flip(ctx.dims), None


def flip(input, *dims):
    """Reverse ``dims``, given as a sequence or one by one (``x.flip(0, 1)``), as in PyTorch."""
    return Flip.apply(input, size_args(dims))


# -- NumPy-style joins and grids (composed of the ops above: their gradients come for free) --
def _at_least(tensors, ndim, name):
    """Each tensor viewed with at least ``ndim`` dims, as PyTorch's atleast_1d/2d/3d do:
    (n,) becomes (1, n) for 2 dims and (1, n, 1) for 3; (m, n) becomes (m, n, 1) for 3."""
    tensors = list(tensors[0] if len(tensors) == 1 and not is_tensor(tensors[0]) else tensors)
    for k, x in enumerate(tensors):
        if not is_tensor(x):
            raise TypeError(f"{name}(): expected a sequence of Tensors, but element {k} is "
                            f"{type(x).__name__}")
    shapes = {0: {1: (1,), 2: (1, 1), 3: (1, 1, 1)}, 1: {2: (1, -1), 3: (1, -1, 1)},
              2: {3: (0, 0, 1)}}
    out = []
    for x in tensors:
        target = shapes.get(x.ndim, {}).get(ndim)
        if target is None:
            out.append(x)
        else:
            out.append(x.reshape(*(x.shape[i] if s == 0 else s for i, s in enumerate(target))))
    return out


def hstack(tensors):
    """Join along columns: 1-D tensors end to end, others along dim 1."""
    parts = _at_least([tensors], 1, "hstack")
    return cat(parts, 0 if parts and parts[0].ndim == 1 else 1)


def vstack(tensors):
    """Join along rows (dim 0), each tensor seen as at least 2-D: (n,) is one row (1, n)."""
    return cat(_at_least([tensors], 2, "vstack"), 0)


row_stack = vstack


def column_stack(tensors):
    """Side by side as columns: 0-D and 1-D tensors become (n, 1) columns; joined along dim 1."""
    parts = _at_least([tensors], 0, "column_stack")
    return cat([x.reshape(x.numel(), 1) if x.ndim <= 1 else x for x in parts], 1)


def dstack(tensors):
    """Join along dim 2 (depth), each tensor seen as at least 3-D."""
    return cat(_at_least([tensors], 3, "dstack"), 2)


def meshgrid(*tensors, indexing=None):
    """Coordinate grids from 1-D tensors: output i varies along dim i ('ij', the default;
    PyTorch warns when it is not given) or, with 'xy', the first two swap roles, as NumPy's
    (shape (len(y), len(x)) for x, y). Each output is an expanded view of its input."""
    if len(tensors) == 1 and not is_tensor(tensors[0]):
        tensors = tuple(tensors[0])
    if indexing is None:
        import warnings
        warnings.warn("torch.meshgrid: in an upcoming release, it will be required to pass the "
                      "indexing argument.", UserWarning, stacklevel=2)
        indexing = "ij"
    if indexing not in ("ij", "xy"):
        raise ValueError(f"torch.meshgrid: indexing must be one of \"xy\" or \"ij\", but received: "
                         f"{indexing}")
    for x in tensors:
        if not is_tensor(x) or x.ndim > 1:
            raise RuntimeError(f"torch.meshgrid: Expected 0D or 1D tensor in the tensor list but "
                               f"got: {x if not is_tensor(x) else list(x.shape)}")
    if len({x.dtype for x in tensors}) > 1:
        raise RuntimeError("torch.meshgrid: Expected all tensors in the tensor list to have the "
                           "same dtype")
    vectors = [x.reshape(-1) for x in tensors]
    swap = indexing == "xy" and len(vectors) >= 2
    if swap:
        vectors[0], vectors[1] = vectors[1], vectors[0]
    shape = tuple(v.shape[0] for v in vectors)
    grids = []
    for i, v in enumerate(vectors):
        view = [1] * len(vectors)
        view[i] = -1
        grids.append(v.reshape(*view).expand(*shape))
    if swap:
        grids[0], grids[1] = grids[1], grids[0]
    return tuple(grids)
