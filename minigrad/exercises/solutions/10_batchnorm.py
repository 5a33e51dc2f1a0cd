"""Reference solution of exercise 10 — batch normalization, training mode.

Checked by:   minigrad exercises check --reference 10

The math. For x of shape (N, C), per channel (column), with the batch's
statistics (the variance is the biased one, dividing by N):

    μ = (1/N) Σₙ xₙ        σ² = (1/N) Σₙ (xₙ − μ)²
    x̂ = (x − μ) / √(σ² + ε)        y = γ ⊙ x̂ + β

With G = ∂L/∂y:

    ∂L/∂β = Σₙ Gₙ          ∂L/∂γ = Σₙ Gₙ ⊙ x̂ₙ
    ∂L/∂x = γ / (N √(σ² + ε)) ⊙ (N G − Σₙ Gₙ − x̂ ⊙ Σₙ (Gₙ ⊙ x̂ₙ))

The last line comes from μ and σ² depending on every row: each xₙ moves the
statistics too, which is where the two subtracted sums come from.

Hints.
  1. forward saved x̂, 1/√(σ² + ε) and γ.
  2. ∂L/∂β and ∂L/∂γ appear inside ∂L/∂x: compute them first.
  3. Four arguments (x, weight, bias, eps): return four values, None for eps.
"""
from minigrad.autograd import Function


class BatchNorm(Function):
    """y = γ (x − μ) / √(σ² + ε) + β, with the batch's mean and (biased) variance"""

    @staticmethod
    def forward(ctx, x, weight, bias, eps):
        mean = x.mean(dim=0)
        var = ((x - mean) ** 2).mean(dim=0)
        inv_std = 1 / (var + eps).sqrt()
        x_hat = (x - mean) * inv_std
        ctx.save_for_backward(x_hat, inv_std, weight)
        return weight * x_hat + bias

    @staticmethod
    def backward(ctx, grad):
        x_hat, inv_std, weight = ctx.saved_tensors
        n = x_hat.shape[0]
        grad_bias = grad.sum(dim=0)
        grad_weight = (grad * x_hat).sum(dim=0)
        grad_x = weight * inv_std / n * (n * grad - grad_bias - x_hat * grad_weight)
        return grad_x, grad_weight, grad_bias, None
