"""Reference solution of exercise 11 — inverted dropout, with a fixed mask.

Checked by:   minigrad exercises check --reference 11

The math. In training, each element is kept with probability 1 − p (mask
mᵢ = 1) or dropped (mᵢ = 0); the kept ones are scaled up so the expected
output equals the input, and nothing changes at test time:

    y = x ⊙ m / (1 − p)                 ∂L/∂x = g ⊙ m / (1 − p)

Here the mask is given (fixed), so the op is deterministic and checkable.
p is PyTorch's: the probability to *drop* (the slides' p is the keep
probability).

Hints.
  1. The same mask and scale act on the gradient: dropped elements get none.
  2. Three arguments (x, mask, p): return three values, None for mask and p.
"""
from minigrad.autograd import Function


class InvertedDropout(Function):
    """y = x ⊙ mask / (1 − p)"""

    @staticmethod
    def forward(ctx, x, mask, p):
        ctx.save_for_backward(mask)
        ctx.p = p
        return x * mask / (1 - p)

    @staticmethod
    def backward(ctx, grad):
        (mask,) = ctx.saved_tensors
        return grad * mask / (1 - ctx.p), None, None
