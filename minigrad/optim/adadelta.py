"""Adadelta (Zeiler, 2012), PyTorch's ``torch.optim.Adadelta``."""
from .. import backend
from .optimizer import Optimizer
from .switches import check_switches


@backend.fuse
def _adadelta(p, g, v, u, lr, rho, eps):
    xp = backend.xp(p)
    v *= rho                                            # (2) E[g²] ← ρE[g²] + (1 − ρ)g²
    v += (1 - rho) * g * g
    delta = xp.sqrt(u + eps) / xp.sqrt(v + eps) * g     # (3) Δ ← √(E[Δ²] + ε)/√(E[g²] + ε) · g
    u *= rho                                            # (4) E[Δ²] ← ρE[Δ²] + (1 − ρ)Δ²
    u += (1 - rho) * delta * delta
    p -= lr * delta                                     # (5) θ ← θ − ηΔ


class Adadelta(Optimizer):
    r"""Adadelta: step sizes in the units of θ, from two running averages.

        (1) g ← ∇L(θ) + λθ                   (weight_decay λ, coupled L2; −∇L if maximize)
        (2) E[g²] ← ρ E[g²] + (1 − ρ) g ⊙ g
        (3) Δ ← √(E[Δ²] + ε) / √(E[g²] + ε) ⊙ g
        (4) E[Δ²] ← ρ E[Δ²] + (1 − ρ) Δ ⊙ Δ
        (5) θ ← θ − η Δ

    Zeiler's Algorithm 1 has no learning rate (η = 1) and suggests ρ = 0.95;
    PyTorch adds η (which scales the step but not the stored E[Δ²]) and defaults
    to ρ = 0.9: ``Adadelta(lr=1.0, rho=0.95, eps=1e-6)`` is the paper exactly.
    State names: E[g²] is ``square_avg``, E[Δ²] is ``acc_delta``. Symbols: docs/notation.md.
    """

    def __init__(self, params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, *, maximize=False,
                 **switches):
        check_switches(self, switches)          # foreach=, capturable=, ...: no effect
        if not 0.0 <= rho <= 1.0:                   # lr, eps, weight_decay: the base checks
            raise ValueError(f"Invalid rho value: {rho}")
        super().__init__(params, dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay,
                                      maximize=maximize))

    def init_state(self, p, group):
        xp = backend.xp(p)
        return {"step": 0, "square_avg": xp.zeros_like(p), "acc_delta": xp.zeros_like(p)}

    def update(self, p, g, state, group):
        state["step"] += 1
        _adadelta(p, g, state["square_avg"], state["acc_delta"], group["lr"], group["rho"],
                  group["eps"])
