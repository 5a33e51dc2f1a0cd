"""Reference solution of exercise 08 — the matrix product.

Checked by:   minigrad exercises check --reference 08

The math. C = A B with A of shape (n, k), B of shape (k, m), C of shape
(n, m): Cᵢⱼ = Σₗ Aᵢₗ Bₗⱼ. With G = ∂L/∂C (shape (n, m)):

    ∂L/∂A = G Bᵀ        (n, m) @ (m, k) → (n, k)
    ∂L/∂B = Aᵀ G        (k, n) @ (n, m) → (k, m)

Hints.
  1. Let the shapes guide you: the gradient of A has A's shape, and there is
     only one way to get it from G and B with a product and a transpose.
  2. t.T is the transpose of a 2-D tensor t.
"""
from minigrad.autograd import Function


class MatMul(Function):
    """C = A @ B"""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a @ b

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        return grad @ b.T, a.T @ grad
