"""RMSProp (Hinton, Coursera lecture 6e), PyTorch's ``torch.optim.RMSprop``."""
from .. import backend
from .optimizer import Optimizer
from .switches import check_switches


@backend.fuse
def _rmsprop(p, g, v, g_avg, b, lr, alpha, eps_in, eps_out, mu, *, centered, momentum):
    """One RMSprop step on raw arrays, in place (ε_in = ε inside the root, else ε_out = ε)."""
    xp = backend.xp(p)
    v *= alpha                                      # (2) v ← αv + (1 − α)g²
    v += (1 - alpha) * g * g
    if centered:
        g_avg += (1 - alpha) * (g - g_avg)          # (3) ḡ ← αḡ + (1 − α)g
        denom = xp.sqrt(v - g_avg * g_avg + eps_in) + eps_out   # (4) √(v − ḡ²) + ε
    else:
        denom = xp.sqrt(v + eps_in) + eps_out       # (4) √v + ε
    if momentum:
        b *= mu                                     # (5) b ← μb + g/denom
        b += g / denom
        p -= lr * b                                 # (6) θ ← θ − ηb
    else:
        p -= lr * g / denom                         # (6) θ ← θ − ηg/denom


class RMSprop(Optimizer):
    r"""RMSProp: divide by a running RMS of the gradient.      symbols: docs/notation.md

        (1) g ← ∇L(θ) + λθ                   (weight_decay λ, coupled L2; −∇L if maximize)
        (2) v ← α v + (1 − α) g ⊙ g
        (3) centered: ḡ ← α ḡ + (1 − α) g
        (4) denom ← √v + ε                   (centered: √(v − ḡ ⊙ ḡ) + ε)
            eps_inside_sqrt=True: denom ← √(v + ε)   (centered: √(v − ḡ ⊙ ḡ + ε))
        (5) momentum μ > 0: b ← μ b + g / denom
        (6) θ ← θ − η b                      (μ = 0: θ ← θ − η g / denom)

    Hinton's slide uses α = 0.9 and no ε; PyTorch defaults to α = 0.99 (so the
    first step is 10η·sign(g)) and puts ε outside the root (TensorFlow: inside).
    ``centered=True, momentum>0`` is Graves' (2013) variant except for where ε
    goes: :class:`RMSpropGraves` has it inside, as the paper.
    ``eps_inside_sqrt=True`` (not in PyTorch) is the lectures' (and
    TensorFlow's) W ← W − η g / √(ε + G).
    """

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0,
                 centered=False, *, maximize=False, eps_inside_sqrt=False, **switches):
        check_switches(self, switches)          # foreach=, fused=, ...: accepted, no effect
        if not 0.0 <= alpha:                        # lr, eps, momentum, ...: the base checks
            raise ValueError(f"Invalid alpha value: {alpha}")
        super().__init__(params, dict(lr=lr, momentum=momentum, alpha=alpha, eps=eps,
                                      centered=centered, weight_decay=weight_decay,
                                      maximize=maximize, eps_inside_sqrt=eps_inside_sqrt))

    def init_state(self, p, group):
        xp = backend.xp(p)
        state = {"step": 0, "square_avg": xp.zeros_like(p)}
        if group["momentum"] > 0:
            state["momentum_buffer"] = xp.zeros_like(p)
        if group["centered"]:
            state["grad_avg"] = xp.zeros_like(p)
        return state

    def update(self, p, g, state, group):
        state["step"] += 1
        eps = group["eps"]
        eps_in, eps_out = (eps, 0.0) if group["eps_inside_sqrt"] else (0.0, eps)
        # an option that is off passes g in place of its (unused) buffer
        _rmsprop(p, g, state["square_avg"], state.get("grad_avg", g),
                 state.get("momentum_buffer", g), group["lr"], group["alpha"], eps_in, eps_out,
                 group["momentum"], centered=bool(group["centered"]),
                 momentum=group["momentum"] > 0)
