"""Reference solution of exercise 07 — sum and mean over a dim.

Checked by:   minigrad exercises check --reference 07

The math. For x of shape (4, 3) and dim = 0:

    Sum:   yⱼ = Σᵢ xᵢⱼ            ∂yⱼ/∂xᵢⱼ = 1        ∂L/∂xᵢⱼ = gⱼ
    Mean:  yⱼ = (1/n) Σᵢ xᵢⱼ      ∂yⱼ/∂xᵢⱼ = 1/n      ∂L/∂xᵢⱼ = gⱼ / n    (n = x.shape[dim])

so every element of x receives the gradient of the sum (or mean) it went
into: g has y's shape (3,), and it must be copied back along dim to x's
shape (4, 3) — the reverse of the reduction.

Hints.
  1. Without keepdim the reduced dim is gone: g.unsqueeze(dim) puts it back
     with size 1 (it works for a negative dim too, since x.ndim = g.ndim + 1).
  2. Then g.expand(x_shape) repeats it along that dim.
  3. forward has three arguments (x, dim, keepdim): return three values,
     None for dim and keepdim.
"""
from minigrad.autograd import Function


class Sum(Function):
    """y = x.sum(dim, keepdim)"""

    @staticmethod
    def forward(ctx, x, dim, keepdim):
        ctx.x_shape, ctx.dim, ctx.keepdim = x.shape, dim, keepdim
        return x.sum(dim=dim, keepdim=keepdim)

    @staticmethod
    def backward(ctx, grad):
        if not ctx.keepdim:
            grad = grad.unsqueeze(ctx.dim)
        return grad.expand(ctx.x_shape), None, None


class Mean(Function):
    """y = x.mean(dim, keepdim)"""

    @staticmethod
    def forward(ctx, x, dim, keepdim):
        ctx.x_shape, ctx.dim, ctx.keepdim = x.shape, dim, keepdim
        return x.mean(dim=dim, keepdim=keepdim)

    @staticmethod
    def backward(ctx, grad):
        if not ctx.keepdim:
            grad = grad.unsqueeze(ctx.dim)
        return grad.expand(ctx.x_shape) / ctx.x_shape[ctx.dim], None, None
