"""Reference solution of exercise 09 — a linear layer.

Checked by:   minigrad exercises check --reference 09

The math. PyTorch's convention: x is a batch of N rows (N, in), the weight
W has shape (out, in), the bias b has shape (out,), and

    y = x Wᵀ + b                                      (N, out)

With G = ∂L/∂y (shape (N, out)):

    ∂L/∂x = G W          (N, out) @ (out, in) → (N, in)
    ∂L/∂W = Gᵀ x         (out, N) @ (N, in)   → (out, in)
    ∂L/∂b = Σₙ Gₙ        the bias was added to every row: sum over the batch

Hints.
  1. Check each gradient's shape against its input's shape.
  2. b was broadcast over the N rows, so its gradient sums G over dim 0.
"""
from minigrad.autograd import Function


class Linear(Function):
    """y = x Wᵀ + b"""

    @staticmethod
    def forward(ctx, x, weight, bias):
        ctx.save_for_backward(x, weight)
        return x @ weight.T + bias

    @staticmethod
    def backward(ctx, grad):
        x, weight = ctx.saved_tensors
        return grad @ weight, grad.T @ x, grad.sum(dim=0)
