"""RAdam (Liu et al., ICLR 2020), PyTorch's ``torch.optim.RAdam``."""
from .. import backend
from .optimizer import Optimizer
from .switches import check_switches


@backend.fuse
def _radam(p, g, m, v, lr, beta1, beta2, bc1, bc2, eps, r, *, rectified):
    """One RAdam step on raw arrays, in place; bc₁ = 1 − β₁ᵗ, bc₂ = 1 − β₂ᵗ."""
    xp = backend.xp(p)
    m += (1 - beta1) * (g - m)      # (2) m ← β₁m + (1 − β₁)g, as m + (1 − β₁)(g − m)
    v *= beta2                                          # (3) v ← β₂v + (1 − β₂)g²
    v += (1 - beta2) * g * g
    if rectified:
        p -= lr * (m / bc1) * r * bc2 ** 0.5 / (xp.sqrt(v) + eps)     # (5)
    else:
        p -= lr * (m / bc1)                             # (6)


class RAdam(Optimizer):
    r"""Rectified Adam: momentum SGD until the variance estimate is trustworthy.

        (1) g ← ∇L(θ) + λθ                   (coupled; decoupled_weight_decay: θ ← θ(1 − ηλ))
        (2) m ← β₁ m + (1 − β₁) g
        (3) v ← β₂ v + (1 − β₂) g ⊙ g
        (4) ρ∞ ← 2/(1 − β₂) − 1,   ρ_t ← ρ∞ − 2t β₂ᵗ/(1 − β₂ᵗ)
        (5) ρ_t > 5:  r ← √[(ρ_t − 4)(ρ_t − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρ_t)],
                      θ ← θ − η m̂ · r · √(1 − β₂ᵗ) / (√v + ε)
        (6) else:     θ ← θ − η m̂                 (m̂ = m/(1 − β₁ᵗ))

    As PyTorch, ε is added to √v (not to √v̂) in (5). Symbols: docs/notation.md.
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 decoupled_weight_decay=False, *, maximize=False, **switches):
        check_switches(self, switches)          # foreach=, capturable=, ...: no effect
        super().__init__(params, dict(lr=lr, betas=tuple(betas), eps=eps,
                                      weight_decay=weight_decay,
                                      decoupled_weight_decay=decoupled_weight_decay,
                                      maximize=maximize))

    def init_state(self, p, group):
        xp = backend.xp(p)
        return {"step": 0, "exp_avg": xp.zeros_like(p), "exp_avg_sq": xp.zeros_like(p)}

    def update(self, p, g, state, group):
        state["step"] += 1
        t = state["step"]
        beta1, beta2 = group["betas"]
        bc1, bc2 = 1 - beta1 ** t, 1 - beta2 ** t
        rho_inf = 2 / (1 - beta2) - 1                                       # (4)
        rho_t = rho_inf - 2 * t * beta2 ** t / bc2
        m, v = state["exp_avg"], state["exp_avg_sq"]
        rectified = rho_t > 5.0
        r = ((rho_t - 4) * (rho_t - 2) * rho_inf
             / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5 if rectified else 0.0   # (5)
        _radam(p, g, m, v, group["lr"], beta1, beta2, bc1, bc2, group["eps"], r,
               rectified=rectified)
