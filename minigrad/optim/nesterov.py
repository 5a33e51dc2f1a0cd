"""Nesterov's accelerated gradient: Sutskever's momentum form and the 1983 original.

Three forms of "Nesterov momentum" appear in the lectures:

* Sutskever et al. (2013): v ← μv − η∇L(θ + μv), θ ← θ + v. The gradient is
  taken at the look-ahead point θ + μv, so the optimizer must move the
  parameters before the gradient is computed: :class:`SutskeverNesterov`
  (needs a closure).
* CS231n's change of variables: store x = θ + μv instead of θ; then the
  gradient is taken at the stored point and no closure is needed:
  ``HeavyBall(..., nesterov=True)``. PyTorch's ``SGD(momentum=μ, nesterov=True)``
  is this form (its parameter is Sutskever's look-ahead point θ + μv).
* Nesterov (1983) with the λ-sequence instead of a constant μ:
  :class:`NesterovAGD`.
"""
import math

from .. import backend
from ..autograd.grad_mode import no_grad
from .optimizer import Optimizer, modified, required


@backend.fuse
def _shift(p, v, momentum):
    p += momentum * v                               # θ → θ + μv   (the look-ahead point)


@backend.fuse
def _sutskever(p, g, v, lr, momentum):
    p -= momentum * v                               # back from θ + μv to θ
    v *= momentum                                   # (1) v ← μv − η∇L(θ + μv)
    v -= lr * g
    p += v                                          # (2) θ ← θ + v


@backend.fuse
def _agd(p, g, y, lr, gamma):
    y_new = p - lr * g                              # (2) y_{s+1} ← x_s − η∇L(x_s)
    p[...] = (1 - gamma) * y_new + gamma * y        # (3) x_{s+1} ← (1 − γ_s)y_{s+1} + γ_s y_s
    y[...] = y_new


class SutskeverNesterov(Optimizer):
    r"""Nesterov momentum as Sutskever et al. (2013) write it.   symbols: docs/notation.md

        (1) v ← μ v − η ∇L(θ + μ v)          (v₀ = 0)
        (2) θ ← θ + v

    The parameters hold θ. ``step(closure)`` moves them to θ + μv, evaluates
    the closure there (it must zero the gradients, compute the loss and call
    ``backward()``), and applies (1)–(2). Iterates on ½(w₁² + 10w₂²) from [1, −2]
    with η = 0.1, μ = 0.9: [0.9, 0], [0.729, 0], [0.51759, 0] (docs/optimizers.md).
    """

    def __init__(self, params, lr=required, momentum=required):
        super().__init__(params, dict(lr=lr, momentum=momentum))

    def init_state(self, p, group):
        return {"velocity": backend.xp(p).zeros_like(p)}

    @no_grad()
    def step(self, closure):
        shifted = []
        for group in self.param_groups:
            for p in group["params"]:
                if self.state[p]:
                    _shift(p.array, self.state[p]["velocity"], group["momentum"])
                    modified(p)
                    shifted.append((p, group["momentum"]))
        loss = super().step(closure)
        for p, momentum in shifted:                 # no gradient: no step, undo the shift
            if p.grad is None:
                _shift(p.array, self.state[p]["velocity"], -momentum)
                modified(p)
        return loss

    def update(self, p, g, state, group):
        _sutskever(p, g, state["velocity"], group["lr"], group["momentum"])


class NesterovAGD(Optimizer):
    r"""Nesterov's (1983) accelerated gradient descent (Bubeck's notation).

        (1) λ₀ = 0,  λ_{s+1} = (1 + √(1 + 4λ_s²)) / 2,   γ_s = (1 − λ_s) / λ_{s+1}
        (2) y_{s+1} ← x_s − η ∇L(x_s)                   (η = 1/β for a β-smooth L)
        (3) x_{s+1} ← (1 − γ_s) y_{s+1} + γ_s y_s       (x₁ = y₁ = the initial θ)

    The parameters hold x_s. The first step uses s = 1 (λ₁ = 1, γ₁ = 0): a
    plain gradient step. Starting at s = 0 (γ₀ = 1) would throw the first
    gradient step away. For convex β-smooth L, L(y_t) − L* ≤ 2β‖x₁ − x*‖²/t²
    (plain GD: O(1/t)). The lectures write λ as ρ. State: y_s is ``y``, λ_s is
    ``lambda``. Symbols: docs/notation.md.
    """

    def __init__(self, params, lr=required):
        super().__init__(params, dict(lr=lr))

    def init_state(self, p, group):
        return {"lambda": 1.0, "y": p.copy()}              # s = 1: λ₁ = 1, y₁ = x₁

    def update(self, p, g, state, group):
        lam = state["lambda"]
        lam_next = (1 + math.sqrt(1 + 4 * lam * lam)) / 2   # (1)
        gamma = (1 - lam) / lam_next
        _agd(p, g, state["y"], group["lr"], gamma)         # (2), (3)
        state["lambda"] = lam_next
