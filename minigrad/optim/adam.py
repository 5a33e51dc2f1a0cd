"""Adam (Kingma & Ba, 2015), PyTorch's ``torch.optim.Adam``, plus the lecture's ε-inside-√ form."""
from .. import backend
from .optimizer import Optimizer
from .switches import check_switches


@backend.fuse
def _adam(p, g, m, v, v_max, lr, beta1, beta2, bc1, bc2, eps, *, amsgrad, eps_inside_sqrt):
    """One Adam step on raw arrays, in place; bc₁ = 1 − β₁ᵗ, bc₂ = 1 − β₂ᵗ."""
    xp = backend.xp(p)
    m += (1 - beta1) * (g - m)      # (2) m ← β₁m + (1 − β₁)g, as m + (1 − β₁)(g − m)
    v *= beta2                                  # (3) v ← β₂v + (1 − β₂)g²
    v += (1 - beta2) * g * g
    if amsgrad:
        xp.maximum(v_max, v, out=v_max)         # (5) v_max ← max(v_max, v), used as v in (4)
        v = v_max
    # (4) and (6) in one scratch array d, in place (fresh temporaries cost more than the math)
    d = v / bc2                                 # (4) v̂ = v / (1 − β₂ᵗ)
    if eps_inside_sqrt:
        d += eps
    xp.sqrt(d, out=d)                           # √v̂   (eps_inside_sqrt: √(v̂ + ε))
    if not eps_inside_sqrt:
        d += eps                                # √v̂ + ε
    xp.divide(m, d, out=d)
    d *= lr / bc1                               # η m̂ / (√v̂ + ε),   m̂ = m / (1 − β₁ᵗ)
    p -= d                                      # (6) θ ← θ − η m̂ / (√v̂ + ε)


class Adam(Optimizer):
    r"""Adam.                                                symbols: docs/notation.md

        (1) g ← ∇L(θ) + λθ                   (weight_decay λ, coupled L2; −∇L if maximize)
            or θ ← θ(1 − ηλ) first           (decoupled_weight_decay=True: AdamW)
        (2) m ← β₁ m + (1 − β₁) g
        (3) v ← β₂ v + (1 − β₂) g ⊙ g
        (4) m̂ ← m / (1 − β₁ᵗ),   v̂ ← v / (1 − β₂ᵗ)
        (5) amsgrad: v_max ← max(v_max, v), and v_max replaces v in (4)
        (6) θ ← θ − η m̂ / (√v̂ + ε)           (eps_inside_sqrt=True:  θ ← θ − η m̂ / √(v̂ + ε))
        bias_correction=False skips (4): m̂ = m, v̂ = v (the lecture's "incomplete" Adam)

    (6) with ε outside is Kingma & Ba's Algorithm 1 and PyTorch's Adam.
    ``eps_inside_sqrt=True`` is the lecture's form m̂/√(v̂+ε) (not in PyTorch).
    The paper's "efficient" form α_t = α√(1−β₂ᵗ)/(1−β₁ᵗ), θ ← θ − α_t m/(√v + ε̂)
    is the same update with ε̂ = ε√(1−β₂ᵗ) (docs/optimizers.md).
    ``bias_correction=False`` (not in PyTorch) is CS231n's "incomplete, but
    close" Adam: m and v start at 0 and are used as they are, so the first
    steps are (1 − β₁)/√(1 − β₂) ≈ 3.2 times η·sign(g) instead of η·sign(g).
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 amsgrad=False, *, maximize=False, decoupled_weight_decay=False,
                 eps_inside_sqrt=False, bias_correction=True, **switches):
        check_switches(self, switches)          # foreach=, fused=, ...: accepted, no effect
        super().__init__(params, dict(lr=lr, betas=tuple(betas), eps=eps,
                                      weight_decay=weight_decay, amsgrad=amsgrad,
                                      maximize=maximize,
                                      decoupled_weight_decay=decoupled_weight_decay,
                                      eps_inside_sqrt=eps_inside_sqrt,
                                      bias_correction=bias_correction))

    def init_state(self, p, group):
        xp = backend.xp(p)
        state = {"step": 0, "exp_avg": xp.zeros_like(p), "exp_avg_sq": xp.zeros_like(p)}
        if group["amsgrad"]:
            state["max_exp_avg_sq"] = xp.zeros_like(p)
        return state

    def update(self, p, g, state, group):
        state["step"] += 1
        t = state["step"]
        beta1, beta2 = group["betas"]
        bc1, bc2 = (1 - beta1 ** t, 1 - beta2 ** t) if group["bias_correction"] else (1.0, 1.0)
        m, v = state["exp_avg"], state["exp_avg_sq"]
        _adam(p, g, m, v, state.get("max_exp_avg_sq", v), group["lr"], beta1, beta2, bc1, bc2,
              group["eps"], amsgrad=group["amsgrad"], eps_inside_sqrt=group["eps_inside_sqrt"])
