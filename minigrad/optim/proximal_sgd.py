"""Proximal SGD for an L1 penalty: a gradient step, then soft-thresholding (ISTA)."""
from .. import backend
from .sgd import SGD


@backend.fuse
def _soft_threshold(p, tau):
    xp = backend.xp(p)
    p -= xp.minimum(xp.maximum(p, -tau), tau)     # (5) = p − clip(p, −τ, τ): exactly 0 inside


class ProximalSGD(SGD):
    r"""SGD on L(θ) + λ₁‖θ‖₁ with the L1 part taken by its proximal operator.

        (1)–(4) the step of :class:`SGD` on the smooth loss L (and its weight_decay)
        (5) θ ← sign(θ) ⊙ max(|θ| − ηλ₁, 0)      (soft-thresholding, l1 = λ₁)

    The lecture's subgradient step θ ← θ − ηλ₁ sign(θ) − η∇L jumps over zero
    and back, so its weights hover around 0 without ever being 0. (5) is the
    exact minimiser of ½‖θ' − θ‖² + ηλ₁‖θ'‖₁: any weight within ηλ₁ of zero
    becomes exactly zero, and a larger λ₁ zeroes more weights. Without momentum
    this is ISTA (proximal gradient descent); with momentum (5) follows the
    momentum step. Not in PyTorch.
    """

    def __init__(self, params, lr=1e-3, l1=0.0, momentum=0, dampening=0, weight_decay=0,
                 nesterov=False, *, maximize=False):
        if l1 < 0:
            raise ValueError(f"Invalid l1 strength, should be non-negative: {l1}")
        super().__init__(params, lr, momentum, dampening, weight_decay, nesterov,
                         maximize=maximize)
        self.defaults["l1"] = l1
        for group in self.param_groups:
            group.setdefault("l1", l1)

    def update(self, p, g, state, group):
        super().update(p, g, state, group)
        if group["l1"]:
            _soft_threshold(p, group["lr"] * group["l1"])
