"""Reference solution of exercise 05 — the logistic sigmoid.

Checked by:   minigrad exercises check --reference 05

The math. y = σ(x) = 1 / (1 + e⁻ˣ), and

    dy/dx = e⁻ˣ / (1 + e⁻ˣ)² = σ(x) (1 − σ(x)) = y (1 − y)
    ∂L/∂x = g ⊙ y ⊙ (1 − y)

with g = ∂L/∂y, the gradient flowing in.

Hints.
  1. forward saved y, the output.
  2. The derivative is at most 1/4 (at x = 0): a useful sanity check.
"""
from minigrad.autograd import Function


class Sigmoid(Function):
    """y = 1 / (1 + e⁻ˣ)"""

    @staticmethod
    def forward(ctx, x):
        y = 1 / (1 + (-x).exp())
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return grad * y * (1 - y)
