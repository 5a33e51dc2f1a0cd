"""Matrix multiplication (NumPy's rules for 1-D operands and batch broadcasting), the
triangles of a matrix and its diagonal."""
from .. import backend
from ..autograd.function import Function
from .elementwise import _binary, broadcast_error
from .movement import Pad


class MatMul(Function):
    """C = A B;   ∂L/∂A = G Bᵀ,  ∂L/∂B = Aᵀ G

    A 1-D A is a row (1, k), a 1-D B a column (k, 1); the added axis is
    dropped again. Batch axes broadcast; the engine sums them back.
    """
    raw = True

    @staticmethod
    def forward(ctx, a, b):
        if a.ndim == 0 or b.ndim == 0:
            raise RuntimeError(f"matmul: both arguments need at least 1 dimension, got "
                               f"{list(a.shape)} and {list(b.shape)}")
        if a.shape[-1] != b.shape[0 if b.ndim == 1 else -2]:
            ra = "x".join(map(str, a.shape if a.ndim > 1 else (1,) + a.shape))
            rb = "x".join(map(str, b.shape if b.ndim > 1 else b.shape + (1,)))
            raise RuntimeError(f"matmul: mat1 and mat2 shapes cannot be multiplied ({ra} and {rb})")
        a, b = _binary(a, b)
        ctx.save_for_backward(a, b)
        try:
            return backend.xp(a).matmul(a, b)
        except ValueError:
            err = broadcast_error("matmul", a.shape[:-2], b.shape[:-2])
            if err is None:
                raise
            raise RuntimeError(f"matmul: the batch dimensions of {list(a.shape)} and "
                               f"{list(b.shape)} do not broadcast: {err}") from None

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        a2 = a.unsqueeze(0) if a.ndim == 1 else a
        b2 = b.unsqueeze(-1) if b.ndim == 1 else b
        if a.ndim == 1 and b.ndim == 1:
            g = grad.reshape(1, 1)
        else:
            g = grad.unsqueeze(-2) if a.ndim == 1 else grad
            g = g.unsqueeze(-1) if b.ndim == 1 else g
        ga = gb = None
        if need_a:
            ga = g @ b2.mT
            ga = ga.squeeze(-2) if a.ndim == 1 else ga
        if need_b:
            gb = a2.mT @ g
            gb = gb.squeeze(-1) if b.ndim == 1 else gb
        return ga, gb


class Triangle(Function):
    """y = tril(x, k) or triu(x, k): x with the entries above (below) diagonal k zeroed, over
    the last two dimensions;   ∂L/∂x = tril(∂L/∂y, k) (triu), the same mask."""
    raw = True

    @staticmethod
    def forward(ctx, x, k, upper):
        if x.ndim < 2:
            raise RuntimeError(f"{'triu' if upper else 'tril'}: input tensor must have at least "
                               f"2 dimensions")
        ctx.k, ctx.upper = k, upper
        xp = backend.xp(x)
        return xp.triu(x, k) if upper else xp.tril(x, k)

    @staticmethod
    def backward(ctx, grad):
        return Triangle.apply(grad, ctx.k, ctx.upper), None, None


class Diag(Function):
    """1-D x: y = the square matrix with x on diagonal k;  2-D x: y = diagonal k of x.

    The two are each other's adjoint: ∂L/∂x = diag(∂L/∂y, k), for a 2-D x padded
    (or cut) with zeros to x's shape.
    """
    raw = True

    @staticmethod
    def forward(ctx, x, k):
        if x.ndim not in (1, 2):
            raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {x.ndim}D")
        ctx.k, ctx.shape = k, x.shape
        xp = backend.xp(x)
        return xp.diag(x, k) if x.ndim == 1 else xp.diagonal(x, k).copy()

    @staticmethod
    def backward(ctx, grad):
        g = Diag.apply(grad, ctx.k)
        if len(ctx.shape) == 2:                   # g is square: fit it to x's shape
            (m, n), s = ctx.shape, g.shape[0]
            g = Pad.apply(g, (0, n - s, 0, m - s), 0)
        return g, None
