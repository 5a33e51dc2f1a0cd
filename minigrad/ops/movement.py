"""Ops that move data without arithmetic: reshape, permute, expand, cat, pad, flip.

Each backward moves the gradient back the opposite way. ``expand``'s
backward is the identity: the engine sums the broadcast axes (the one place
broadcasting is undone).
"""
import math

from .. import backend
from ..autograd.function import Function
from ..dtypes import result_type
from .shapes import wrap_dim, wrap_dims


def infer_shape(shape, numel):
    """Resolve one -1 in ``shape``; PyTorch's error when the sizes disagree."""
    shape = tuple(shape)
    if shape.count(-1) > 1:
        raise RuntimeError("only one dimension can be inferred")
    known = math.prod(s for s in shape if s != -1)
    if -1 in shape:
        if known == 0 or numel % known:
            raise RuntimeError(f"reshape: shape '{list(shape)}' is invalid for input of size "
                               f"{numel}")
        shape = tuple(numel // known if s == -1 else s for s in shape)
    if math.prod(shape) != numel or any(s < 0 for s in shape):
        raise RuntimeError(f"reshape: shape '{list(shape)}' is invalid for input of size {numel}")
    return shape


class Reshape(Function):
    """y = x viewed with another shape;   ∂L/∂x = ∂L/∂y reshaped back"""
    raw = True
    is_view = True

    @staticmethod
    def forward(ctx, x, shape):
        ctx.shape = x.shape
        try:
            return x.reshape(infer_shape(shape, x.size))
        except RuntimeError as err:
            raise RuntimeError(f"{err} (input shape {list(x.shape)})") from None

    @staticmethod
    def backward(ctx, grad):
        return grad.reshape(ctx.shape), None


class Permute(Function):
    """y = x with its axes reordered;   ∂L/∂x = ∂L/∂y with the inverse order"""
    raw = True
    is_view = True

    @staticmethod
    def forward(ctx, x, dims):
        axes = tuple(wrap_dim(d, x.ndim) for d in dims)
        if sorted(axes) != list(range(x.ndim)):
            raise RuntimeError(f"permute(): dims {tuple(dims)} must be a permutation of the "
                               f"{x.ndim} dims of the input")
        ctx.inverse = tuple(sorted(range(len(axes)), key=axes.__getitem__))
        return x.transpose(axes)

    @staticmethod
    def backward(ctx, grad):
        return grad.permute(ctx.inverse), None


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


class Cat(Function):
    """y = [x₁, x₂, ...] joined along dim;   ∂L/∂xₖ = the k-th slice of ∂L/∂y"""
    raw = True

    @staticmethod
    def forward(ctx, dim, *xs):
        if not xs:
            raise RuntimeError("torch.cat(): expected a non-empty list of Tensors")
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
        from .indexing import IndexAdd
        g = grad[ctx.index]
        if g.shape != ctx.shape:                     # cropped: zeros where nothing was kept
            g = IndexAdd.apply(g, ctx.crop, ctx.shape)
        return g, None, None


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
