"""Stochastic gradient descent with momentum (PyTorch's ``torch.optim.SGD``)."""
from .. import backend
from .optimizer import Optimizer
from .switches import check_switches


@backend.fuse
def _sgd(p, g, b, lr, mu, tau, *, momentum, nesterov, dampened):
    """One SGD step on raw arrays, in place (b: the momentum buffer)."""
    d = g                               # (3) without momentum: d = g
    if momentum:
        b *= mu                         # (2) b ← μb + (1 − τ)g
        b += (1 - tau) * g if dampened else g   # τ = 0: no (1 − 0)·g temporary (same bits)
        d = g + mu * b if nesterov else b       # (3) d ← g + μb (nesterov), else d ← b
    p -= lr * d                         # (4) θ ← θ − ηd


class SGD(Optimizer):
    r"""SGD, optionally with momentum (PyTorch's form).        symbols: docs/notation.md

        (1) g ← ∇L(θ) + λθ                   (weight_decay λ: coupled L2; −∇L if maximize)
        (2) b ← g                            on the first step,
            b ← μ b + (1 − τ) g              afterwards          (momentum μ, dampening τ)
        (3) d ← g + μ b  if nesterov,  else  d ← b
        (4) θ ← θ − η d

    Without momentum (μ = 0) this is plain gradient descent θ ← θ − η g. With
    τ = 0, (2)–(4) are the lectures' momentum form A, v ← ρv + g, w ← w − αv.
    Differences from the lectures (docs/optimizers.md):

    * the first buffer is b₁ = g₁ *undamped* even with τ > 0, so the
      "EMA momentum" v ← βv + (1 − β)g from v₀ = 0 is not reachable;
    * the learning rate multiplies the whole buffer, so a new η rescales past
      gradients too; Polyak's form v ← γv − ηg, w ← w + v is :class:`HeavyBall`;
    * ``nesterov=True`` is the CS231n change-of-variables form: θ here is
      Sutskever's look-ahead point θ + μv (see :mod:`minigrad.optim.nesterov`).
    """

    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0,
                 nesterov=False, *, maximize=False, **switches):
        check_switches(self, switches)          # foreach=, fused=, ...: accepted, no effect
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening,
                                      weight_decay=weight_decay, nesterov=nesterov,
                                      maximize=maximize))

    def update(self, p, g, state, group):
        mu, tau = group["momentum"], group["dampening"]
        if mu != 0 and "momentum_buffer" not in state:  # (2) first step: b ← g = μ·0 + (1 − 0)·g
            state["momentum_buffer"] = backend.xp(p).zeros_like(p)
            tau = 0
        _sgd(p, g, state.get("momentum_buffer", g), group["lr"], mu, tau, momentum=mu != 0,
             nesterov=group["nesterov"], dampened=tau != 0)
