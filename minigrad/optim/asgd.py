"""Averaged SGD (Polyak & Juditsky, 1992), PyTorch's ``torch.optim.ASGD``."""
from .. import backend
from .optimizer import Optimizer
from .switches import check_switches


@backend.fuse
def _asgd(p, g, ax, eta, lambd, mu):
    p *= 1 - lambd * eta                                # (2) θ ← θ(1 − λ_a η_t) − η_t g
    p -= eta * g
    ax += mu * (p - ax)                                 # (3) θ̄ ← θ̄ + μ_t (θ − θ̄)


class ASGD(Optimizer):
    r"""SGD with a decaying step and a running average θ̄ of the iterates.

        (1) g ← ∇L(θ) + λθ                   (weight_decay λ, coupled L2; −∇L if maximize)
        (2) θ ← θ (1 − λ_a η_t) − η_t g      (lambd λ_a; η₁ = η)
        (3) θ̄ ← θ̄ + μ_t (θ − θ̄)              (μ₁ = 1: θ̄ starts at the first iterate)
        (4) η_{t+1} ← η / (1 + λ_a η t)^α,   μ_{t+1} ← 1 / max(1, t − t₀)

    The average θ̄ is in ``state[p]["ax"]``; the parameters stay the SGD
    iterates. With this indexing (PyTorch's) θ̄ is the latest iterate up to
    step t₀ + 2 and from then on the plain mean of the iterates since that step. State names: η_t is ``eta``, μ_t is ``mu``. PyTorch keeps ``eta``
    and ``mu`` as 0-d tensors of the default dtype (float32 unless changed);
    minigrad keeps Python floats. Symbols: docs/notation.md.
    """

    def __init__(self, params, lr=1e-2, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0, *,
                 maximize=False, **switches):
        check_switches(self, switches)          # foreach=, capturable=, ...: no effect
        super().__init__(params, dict(lr=lr, lambd=lambd, alpha=alpha, t0=t0,
                                      weight_decay=weight_decay, maximize=maximize))

    def init_state(self, p, group):
        return {"step": 0, "eta": float(group["lr"]), "mu": 1.0,
                "ax": backend.xp(p).zeros_like(p)}

    def update(self, p, g, state, group):
        state["step"] += 1
        t = state["step"]
        _asgd(p, g, state["ax"], state["eta"], group["lambd"], state["mu"])    # (2), (3)
        state["eta"] = group["lr"] / (1 + group["lambd"] * group["lr"] * t) ** group["alpha"]
        state["mu"] = 1 / max(1, t - group["t0"])                              # (4)
