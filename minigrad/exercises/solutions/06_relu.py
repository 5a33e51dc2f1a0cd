"""Reference solution of exercise 06 — ReLU, and its kink at 0.

Checked by:   minigrad exercises check --reference 06

The math. y = max(x, 0), and

    dy/dx = 1 where x > 0,  0 where x < 0       ∂L/∂x = g ⊙ [x > 0]

At x = 0 the function has a kink and no derivative; a subgradient anything
in [0, 1] would do, and PyTorch (and minigrad) use 0: relu'(0) = 0. The
checker tests inputs that are exactly 0.

Hints.
  1. (x > 0) is a bool tensor; grad * (x > 0) keeps grad where x is positive.
  2. Avoid formulas like x / |x|: they give NaN at 0.
"""
from minigrad.autograd import Function


class ReLU(Function):
    """y = max(x, 0)"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.clamp(min=0)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * (x > 0)
