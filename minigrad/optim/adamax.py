"""Adamax (Kingma & Ba, 2015, Sec. 7.1), PyTorch's ``torch.optim.Adamax``."""
from .. import backend
from .optimizer import Optimizer
from .switches import check_switches


@backend.fuse
def _adamax(p, g, m, u, lr, beta1, beta2, bc1, eps):
    xp = backend.xp(p)
    m += (1 - beta1) * (g - m)      # (2) m ← β₁m + (1 − β₁)g, as m + (1 − β₁)(g − m)
    u *= beta2                                          # (3) u ← max(β₂u, |g| + ε)
    xp.maximum(u, xp.abs(g) + eps, out=u)
    p -= lr / bc1 * m / u                               # (4)


class Adamax(Optimizer):
    r"""Adamax: Adam with the infinity norm in place of the second moment.

        (1) g ← ∇L(θ) + λθ                   (weight_decay λ, coupled L2; −∇L if maximize)
        (2) m ← β₁ m + (1 − β₁) g
        (3) u ← max(β₂ u, |g| + ε)
        (4) θ ← θ − η / (1 − β₁ᵗ) · m / u

    The paper has u ← max(β₂u, |g|) and no ε; PyTorch adds ε inside the max.
    State names: m is ``exp_avg``, u is ``exp_inf``. Symbols: docs/notation.md.
    """

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, *,
                 maximize=False, **switches):
        check_switches(self, switches)          # foreach=, capturable=, ...: no effect
        super().__init__(params, dict(lr=lr, betas=tuple(betas), eps=eps,
                                      weight_decay=weight_decay, maximize=maximize))

    def init_state(self, p, group):
        xp = backend.xp(p)
        return {"step": 0, "exp_avg": xp.zeros_like(p), "exp_inf": xp.zeros_like(p)}

    def update(self, p, g, state, group):
        state["step"] += 1
        beta1, beta2 = group["betas"]
        _adamax(p, g, state["exp_avg"], state["exp_inf"], group["lr"], beta1, beta2,
                1 - beta1 ** state["step"], group["eps"])
