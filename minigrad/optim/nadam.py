"""NAdam (Dozat, 2016), PyTorch's ``torch.optim.NAdam``."""
from .. import backend
from .optimizer import Optimizer
from .switches import check_switches


@backend.fuse
def _nadam(p, g, m, v, lr, beta1, beta2, bc2, eps, c_grad, c_avg):
    xp = backend.xp(p)
    m += (1 - beta1) * (g - m)      # (3) m ← β₁m + (1 − β₁)g, as m + (1 − β₁)(g − m)
    v *= beta2                                          # (4) v ← β₂v + (1 − β₂)g²
    v += (1 - beta2) * g * g
    denom = xp.sqrt(v / bc2) + eps                      # (5) √v̂ + ε
    p -= lr * (c_grad * g + c_avg * m) / denom          # (6)


class NAdam(Optimizer):
    r"""NAdam: Adam with a Nesterov look-ahead on the first moment.

        (1) g ← ∇L(θ) + λθ                   (coupled; decoupled_weight_decay: θ ← θ(1 − ηλ))
        (2) μ_t ← β₁ (1 − ½ · 0.96^(tψ)),   Π_t ← Π_{t−1} μ_t     (momentum_decay ψ, Π₀ = 1)
        (3) m ← β₁ m + (1 − β₁) g
        (4) v ← β₂ v + (1 − β₂) g ⊙ g,   v̂ ← v / (1 − β₂ᵗ)
        (5) denom ← √v̂ + ε
        (6) θ ← θ − η [ (1 − μ_t)/(1 − Π_t) · g + μ_{t+1}/(1 − Π_t μ_{t+1}) · m ] / denom

    This is PyTorch's form (Dozat's with the μ_t schedule). The factors in (6)
    are ``c_grad`` and ``c_avg`` in the code. State: Π_t is ``mu_product``.
    Symbols: docs/notation.md.
    """

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 momentum_decay=4e-3, decoupled_weight_decay=False, *, maximize=False,
                 **switches):
        check_switches(self, switches)          # foreach=, capturable=, ...: no effect
        super().__init__(params, dict(lr=lr, betas=tuple(betas), eps=eps,
                                      weight_decay=weight_decay, momentum_decay=momentum_decay,
                                      decoupled_weight_decay=decoupled_weight_decay,
                                      maximize=maximize))

    def init_state(self, p, group):
        xp = backend.xp(p)
        return {"step": 0, "mu_product": 1.0, "exp_avg": xp.zeros_like(p),
                "exp_avg_sq": xp.zeros_like(p)}

    def update(self, p, g, state, group):
        state["step"] += 1
        t = state["step"]
        beta1, beta2 = group["betas"]
        psi = group["momentum_decay"]
        mu = beta1 * (1.0 - 0.5 * 0.96 ** (t * psi))                # (2)
        mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((t + 1) * psi))
        state["mu_product"] *= mu
        c_grad = (1.0 - mu) / (1.0 - state["mu_product"])          # (6)
        c_avg = mu_next / (1.0 - state["mu_product"] * mu_next)
        _nadam(p, g, state["exp_avg"], state["exp_avg_sq"], group["lr"], beta1, beta2,
               1 - beta2 ** t, group["eps"], c_grad, c_avg)
