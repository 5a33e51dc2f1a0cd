"""dtype and device conversions, differentiable so ``.to()`` keeps the graph."""
from .. import backend
from ..autograd.function import Function


class Cast(Function):
    """y = x as ``dtype``;   ∂L/∂x = ∂L/∂y cast back (the engine casts to x's dtype)"""
    raw = True

    @staticmethod
    def forward(ctx, x, dtype):
        return x.astype(dtype)

    @staticmethod
    def backward(ctx, grad):
        return grad, None


def to_dtype(input, dtype):
    """A differentiable cast (``x.to(mg.float64)``)."""
    return input if input.dtype == dtype else Cast.apply(input, dtype)


class ToDevice(Function):
    """y = x copied to ``device``;   ∂L/∂x = ∂L/∂y copied back"""
    raw = True

    @staticmethod
    def forward(ctx, x, device):
        ctx.device = backend.device_of(x)
        return backend.to_device(x, device)

    @staticmethod
    def backward(ctx, grad):
        return grad.to(ctx.device), None


class Overwrite(Function):
    """y = value broadcast to x's shape and dtype (what ``copy_``/``fill_`` store);
    ∂L/∂x = 0,  ∂L/∂value = ∂L/∂y"""
    raw = True

    @staticmethod
    def forward(ctx, x, value):
        xp = backend.xp(x)
        value = xp.asarray(value, dtype=x.dtype)
        try:
            return xp.broadcast_to(value, x.shape).copy()
        except ValueError:                 # PyTorch's type, with both shapes
            raise RuntimeError(f"copy_: the source of shape {list(value.shape)} cannot be "
                               f"broadcast to the destination's shape {list(x.shape)}") from None

    @staticmethod
    def backward(ctx, grad):
        return grad * 0.0, grad
