"""RMSProp as Graves (2013, "Generating Sequences With RNNs", eqs. 38–41) writes it."""
from .. import backend
from .optimizer import Optimizer


@backend.fuse
def _graves(p, g, n, g_avg, delta, lr, alpha, momentum, eps):
    xp = backend.xp(p)
    n *= alpha                                              # (1) n ← ℵn + (1 − ℵ)g²
    n += (1 - alpha) * g * g
    g_avg *= alpha                                          # (2) ḡ ← ℵḡ + (1 − ℵ)g
    g_avg += (1 - alpha) * g
    delta *= momentum                                       # (3) Δ ← ℶΔ − ℷ g/√(n − ḡ² + ℸ)
    delta -= lr * g / xp.sqrt(n - g_avg * g_avg + eps)
    p += delta                                              # (4) θ ← θ + Δ


class RMSpropGraves(Optimizer):
    r"""Centred RMSProp with momentum, ε inside the root (Graves 2013). symbols: docs/notation.md

        (1) n ← α n + (1 − α) g ⊙ g          (Graves: ℵ = α = 0.95)
        (2) ḡ ← α ḡ + (1 − α) g
        (3) Δ ← μ Δ − η g / √(n − ḡ ⊙ ḡ + ε)  (ℶ = μ = 0.9, ℷ = η, ℸ = ε = 1e-4)
        (4) θ ← θ + Δ

    PyTorch's ``RMSprop(alpha=α, momentum=μ, centered=True, eps=ε)`` has the
    same structure (its buffer is −Δ/η) but adds ε *outside* the root; with
    ε = 0 the two agree exactly. State: n is ``square_avg``, ḡ is ``grad_avg``,
    Δ is ``delta``.
    """

    def __init__(self, params, lr=1e-4, alpha=0.95, momentum=0.9, eps=1e-4):
        super().__init__(params, dict(lr=lr, alpha=alpha, momentum=momentum, eps=eps))

    def init_state(self, p, group):
        xp = backend.xp(p)
        return {"square_avg": xp.zeros_like(p), "grad_avg": xp.zeros_like(p),
                "delta": xp.zeros_like(p)}

    def update(self, p, g, state, group):
        _graves(p, g, state["square_avg"], state["grad_avg"], state["delta"], group["lr"],
                group["alpha"], group["momentum"], group["eps"])
