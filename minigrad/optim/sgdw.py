"""SGDW: SGD with decoupled weight decay (Loshchilov & Hutter, ICLR 2019, Algorithm 1)."""
from .sgd import SGD


class SGDW(SGD):
    r"""SGD (with momentum) whose weight decay acts on θ, not through the gradient.

        (1) θ ← θ − ηλθ                      (decay first, decoupled from the buffer)
        (2) b ← g  on the first step,  b ← μ b + (1 − τ) g  afterwards,   g = ∇L(θ)
        (3) d ← g + μ b  if nesterov,  else  d ← b
        (4) θ ← θ − η d

    ``SGD(weight_decay=λ)`` instead puts λθ into g at (2), so with momentum μ
    the decay is accumulated in the buffer and acts as λ/(1 − μ) in the long
    run; SGDW shrinks every weight by exactly (1 − ηλ) per step. Without
    momentum the two are the same update. As :class:`AdamW` in PyTorch, the
    decay is lr·λ (the paper's η_t λ with η_t the schedule multiplier, so
    λ_paper = α·λ here). Not in PyTorch; symbols: docs/notation.md.
    """

    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0,
                 nesterov=False, *, maximize=False):
        super().__init__(params, lr, momentum, dampening, weight_decay, nesterov,
                         maximize=maximize)
        self.defaults["decoupled_weight_decay"] = True
        for group in self.param_groups:
            group.setdefault("decoupled_weight_decay", True)
