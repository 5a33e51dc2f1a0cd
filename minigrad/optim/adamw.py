"""AdamW (Loshchilov & Hutter, ICLR 2019), PyTorch's ``torch.optim.AdamW``."""
from .adam import Adam


class AdamW(Adam):
    r"""Adam with decoupled weight decay.                      symbols: docs/notation.md

        (1) θ ← θ − ηλθ                      (decay first, on θ itself: not through g)
        (2) m ← β₁ m + (1 − β₁) g            g = ∇L(θ)   (−∇L if maximize)
        (3) v ← β₂ v + (1 − β₂) g ⊙ g
        (4) m̂ ← m / (1 − β₁ᵗ),   v̂ ← v / (1 − β₂ᵗ)
        (5) amsgrad: v_max ← max(v_max, v) replaces v in (4)
        (6) θ ← θ − η m̂ / (√v̂ + ε)

    Adam + L2 (``Adam(weight_decay=λ)``) puts λθ into g, where (6) divides it
    by √v̂: weights with large gradients are barely decayed. AdamW's (1) shrinks
    every weight by the same factor 1 − ηλ.

    PyTorch difference from the paper (Alg. 2): the paper decays by η_t λ
    (η_t the schedule multiplier, *not* times α); PyTorch by lr·λ with lr = αη_t,
    so λ_paper = α·λ_torch. Default weight_decay is 1e-2 (Adam's is 0).
    The steps are those of :class:`Adam` (this class only changes defaults).
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2,
                 amsgrad=False, *, maximize=False, eps_inside_sqrt=False, **switches):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, maximize=maximize,
                         decoupled_weight_decay=True, eps_inside_sqrt=eps_inside_sqrt,
                         **switches)
