"""Polyak's heavy-ball momentum in the lectures' velocity form."""
from .. import backend
from .optimizer import Optimizer, required


@backend.fuse
def _heavy_ball(p, g, v, lr, momentum, *, nesterov):
    """One heavy-ball step on raw arrays, in place (v: the velocity)."""
    if nesterov:
        v_new = momentum * v - lr * g               # (1') v ← γv − η∇f(x)
        p += -momentum * v + (1 + momentum) * v_new     # (2') x ← x − γ v_prev + (1 + γ) v
        v[...] = v_new
    else:
        v *= momentum                               # (1) v ← γv − ηg
        v -= lr * g
        p += v                                      # (2) θ ← θ + v


class HeavyBall(Optimizer):
    r"""Heavy ball (Polyak, 1964), as the CS231n notes write it.   symbols: docs/notation.md

        (1) v ← γ v − η g                    (g = ∇L(θ); v₀ = 0)
        (2) θ ← θ + v

    With ``nesterov=True`` it is the CS231n change-of-variables form of Nesterov
    momentum, which stores the look-ahead point x = θ + γv:

        (1') v_prev ← v;  v ← γ v − η ∇L(x)
        (2') x ← x − γ v_prev + (1 + γ) v

    With a constant η this is exactly ``SGD(momentum=γ)`` (resp. ``nesterov=True``)
    under v = −η b. The two differ once η is scheduled: SGD's buffer b holds
    unscaled gradients, so a new η rescales all of the past; here v holds
    η-scaled steps, so a new η only affects the new gradient.
    """

    def __init__(self, params, lr=required, momentum=required, nesterov=False):
        super().__init__(params, dict(lr=lr, momentum=momentum, nesterov=nesterov))

    def init_state(self, p, group):
        return {"velocity": backend.xp(p).zeros_like(p)}

    def update(self, p, g, state, group):
        _heavy_ball(p, g, state["velocity"], group["lr"], group["momentum"],
                    nesterov=bool(group["nesterov"]))
