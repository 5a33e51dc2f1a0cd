"""AdaGrad (Duchi, Hazan & Singer, 2011), PyTorch's ``torch.optim.Adagrad``."""
from .. import backend
from .optimizer import Optimizer
from .switches import check_switches


@backend.fuse
def _adagrad(p, g, G, lr, eps_in, eps_out):
    G += g * g                                          # (3) G ← G + g²
    p -= lr * g / (backend.xp(p).sqrt(G + eps_in) + eps_out)     # (4)


class Adagrad(Optimizer):
    r"""AdaGrad: per-coordinate steps shrinking with the sum of squared gradients.

        (1) g ← ∇L(θ) + λθ                   (weight_decay λ, coupled L2; −∇L if maximize)
        (2) η̃ ← η / (1 + (t − 1) κ)          (lr_decay κ; t = 1, 2, ...)
        (3) G ← G + g ⊙ g                    (G₀ = initial_accumulator_value)
        (4) θ ← θ − η̃ g / (√G + ε)          (eps_inside_sqrt=True:  θ ← θ − η̃ g / √(G + ε))

    The lectures (CS231n) write ``cache += dx**2; x -= lr*dx/(sqrt(cache)+eps)``
    with eps 1e-7 (older notes: √(G + ε)); PyTorch's ε is 1e-10, outside the root,
    and adds the optional 1/t decay (2) and starting value G₀. Symbols: docs/notation.md.
    ``eps_inside_sqrt=True`` (not in PyTorch) is the CPEN 455 slide's
    W ← W − η g / √(ε + G), i.e. diag(εI + G)^(−1/2) g.
    """

    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0,
                 eps=1e-10, *, maximize=False, eps_inside_sqrt=False, **switches):
        check_switches(self, switches)          # foreach=, fused=, ...: accepted, no effect
        super().__init__(params, dict(lr=lr, lr_decay=lr_decay, eps=eps, weight_decay=weight_decay,
                                      initial_accumulator_value=initial_accumulator_value,
                                      maximize=maximize, eps_inside_sqrt=eps_inside_sqrt))

    def init_state(self, p, group):
        return {"step": 0,
                "sum": backend.xp(p).full_like(p, group["initial_accumulator_value"])}

    def update(self, p, g, state, group):
        state["step"] += 1
        lr = group["lr"] / (1 + (state["step"] - 1) * group["lr_decay"])     # (2)
        eps = group["eps"]
        eps_in, eps_out = (eps, 0.0) if group["eps_inside_sqrt"] else (0.0, eps)
        _adagrad(p, g, state["sum"], lr, eps_in, eps_out)                   # (3), (4)
