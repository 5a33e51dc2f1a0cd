"""Reference solution of exercise 01 — multiply and divide, with broadcasting.

Checked by:   minigrad exercises check --reference 01

The math. z = x ⊙ y and z = x ⊘ y, elementwise, after x and y broadcast to
z's shape. With g = ∂L/∂z, the gradient flowing in (shaped like z):

    Mul:   ∂L/∂x = g ⊙ y               ∂L/∂y = g ⊙ x
    Div:   ∂L/∂x = g ⊘ y               ∂L/∂y = −g ⊙ x ⊘ y²

Broadcasting. If y has shape (3,) and z has shape (4, 3), each y[j] was used
4 times, once per row, so ∂L/∂y[j] is the sum of 4 contributions: sum the
full-size gradient over the broadcast dims until it has y's shape,
(4, 3) → (3,). Likewise a size-1 dim that was stretched, (4, 1) → sum over
dim 1 with keepdim=True.

Hints.
  1. backward returns one gradient per argument of forward: `return gx, gy`.
  2. Write a helper sum_to(t, shape) once: while t has more dims than shape,
     t = t.sum(dim=0); then for each dim d with shape[d] == 1 < t.shape[d],
     t = t.sum(dim=d, keepdim=True).
  3. Compute with Tensor operations (grad * y), not on .array or .numpy().
"""
from minigrad.autograd import Function


def sum_to(t, shape):
    """Sum ``t`` over the dims that broadcasting added or stretched, down to ``shape``."""
    while t.ndim > len(shape):
        t = t.sum(dim=0)
    for d, size in enumerate(shape):
        if size == 1 and t.shape[d] != 1:
            t = t.sum(dim=d, keepdim=True)
    return t


class Mul(Function):
    """z = x ⊙ y"""

    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        return x * y

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved_tensors
        return sum_to(grad * y, x.shape), sum_to(grad * x, y.shape)


class Div(Function):
    """z = x ⊘ y"""

    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        return x / y

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved_tensors
        return sum_to(grad / y, x.shape), sum_to(-grad * x / (y * y), y.shape)
