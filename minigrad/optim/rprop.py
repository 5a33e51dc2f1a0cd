"""Rprop (Riedmiller & Braun, 1993), PyTorch's ``torch.optim.Rprop``."""
from .. import backend
from .optimizer import Optimizer
from .switches import check_switches


@backend.fuse
def _rprop(p, g, prev, step_size, eta_minus, eta_plus, step_min, step_max):
    xp = backend.xp(p)
    s = xp.sign(g * prev)                                               # (1)
    step_size *= xp.where(s > 0, eta_plus, xp.where(s < 0, eta_minus, 1.0))   # (2)
    step_size[...] = xp.minimum(xp.maximum(step_size, step_min), step_max)
    g = xp.where(s < 0, 0.0, g)                                         # (3)
    p -= xp.sign(g) * step_size                                         # (4)
    prev[...] = g                                                       # (5)


class Rprop(Optimizer):
    r"""Resilient backprop: per-weight step sizes driven by the sign of the gradient only.

        (1) s ← sign(g ⊙ g_prev)                          (g = ∇L(θ); −∇L if maximize)
        (2) Δ ← clip(Δ · (η₊ if s > 0, η₋ if s < 0, 1 if s = 0), Δ_min, Δ_max)
        (3) g ← 0 where s < 0               (after a sign change, skip this weight once)
        (4) θ ← θ − sign(g) ⊙ Δ
        (5) g_prev ← g

    Δ starts at η (lr). etas = (η₋, η₊), step_sizes = (Δ_min, Δ_max).
    As PyTorch, this is the variant without weight backtracking (iRprop⁻,
    Igel & Hüsken 2000): after a sign change the weight just stays put for a
    step (3); the 1993 original also undid the previous step.
    State names: g_prev is ``prev``, Δ is ``step_size``. Symbols: docs/notation.md.
    """

    def __init__(self, params, lr=1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50), *,
                 maximize=False, **switches):
        check_switches(self, switches)          # foreach=, capturable=, ...: no effect
        super().__init__(params, dict(lr=lr, etas=tuple(etas), step_sizes=tuple(step_sizes),
                                      maximize=maximize))

    def init_state(self, p, group):
        xp = backend.xp(p)
        return {"step": 0, "prev": xp.zeros_like(p), "step_size": xp.full_like(p, group["lr"])}

    def update(self, p, g, state, group):
        state["step"] += 1
        _rprop(p, g, state["prev"], state["step_size"], *group["etas"], *group["step_sizes"])
