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
        return xp.broadcast_to(xp.asarray(value, dtype=x.dtype), x.shape).copy()

    @staticmethod
    def backward(ctx, grad):
        return grad * 0.0, grad
