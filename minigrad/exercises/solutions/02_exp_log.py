"""Reference solution of exercise 02 — exp and log.

Checked by:   minigrad exercises check --reference 02

The math. With g = ∂L/∂y, the gradient flowing in:

    Exp:   y = eˣ        dy/dx = eˣ = y        ∂L/∂x = g ⊙ y
    Log:   y = log x     dy/dx = 1/x           ∂L/∂x = g ⊘ x      (x > 0)

Hints.
  1. Exp's forward saved its output y: reuse it rather than computing eˣ again.
  2. Multiply by grad: backward returns ∂L/∂x, not dy/dx (the chain rule).
"""
from minigrad.autograd import Function


class Exp(Function):
    """y = eˣ"""

    @staticmethod
    def forward(ctx, x):
        y = x.exp()
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return grad * y


class Log(Function):
    """y = log x"""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.log()

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad / x
