"""Sharpness-aware minimisation (Foret et al., ICLR 2021) and adaptive SAM (Kwon et al., 2021).

Calling convention as the widely used ``davda54/sam`` code::

    opt = SAM(model.parameters(), optim.SGD, rho=0.05, lr=0.1, momentum=0.9)
    loss_fn(model(x), y).backward()
    opt.first_step(zero_grad=True)          # climb to w + ε̂
    loss_fn(model(x), y).backward()         # gradient at the perturbed point
    opt.second_step(zero_grad=True)         # back to w, base step with that gradient

or ``opt.step(closure)`` with a closure that zeroes, computes, backwards and
returns the loss. Schedule the base optimizer's learning rate
(``scheduler(opt.base_optimizer)``; ``opt.param_groups`` is the same list).
"""
import math

from .. import backend
from ..autograd.grad_mode import enable_grad, no_grad
from .optimizer import Optimizer


class SAM(Optimizer):
    r"""SAM: descend with the gradient taken at the worst nearby point.   symbols: docs/notation.md

        (1) g ← ∇L(w)
        (2) ε̂ ← ρ g / ‖g‖                    (‖·‖: one 2-norm over *all* parameters)
            adaptive (ASAM): ε̂ ← ρ |w|² ⊙ g / ‖ |w| ⊙ g ‖
        (3) g_SAM ← ∇L(w + ε̂)                (second forward/backward)
        (4) w ← base optimizer step at w with g_SAM

    The exact gradient of max_{‖ε‖≤ρ} L(w + ε) would also carry a Hessian
    term; SAM drops it. As ``davda54/sam``, 1e-12 is added to the norm in (2)
    (the paper has none). ``base_optimizer`` is a class, built on SAM's
    parameter groups with ``**base_kwargs``; ρ ≈ 0.05 for SAM, ~10× larger for ASAM.
    """

    def __init__(self, params, base_optimizer, rho=0.05, adaptive=False, **base_kwargs):
        if rho < 0:
            raise ValueError(f"Invalid rho, should be non-negative: {rho}")
        super().__init__(params, dict(rho=rho, adaptive=adaptive, **base_kwargs))
        self.base_optimizer = base_optimizer(self.param_groups, **base_kwargs)
        self.param_groups = self.base_optimizer.param_groups
        self.defaults.update(self.base_optimizer.defaults)

    def _grad_norm(self, scaled_by_weight):
        """‖g‖ over all parameters (‖ |w| ⊙ g ‖ for adaptive groups)."""
        total = 0.0
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    g = p.grad.array * (abs(p.array) if group["adaptive"] and scaled_by_weight else 1)
                    total += float(backend.xp(g).sum(g * g))
        return math.sqrt(total)

    def perturbation(self, p, group, scale):
        """ε̂ for one parameter (2), given scale = ρ / ‖g‖."""
        weight = p.array * p.array if group["adaptive"] else 1.0
        return scale * weight * p.grad.array

    @no_grad()
    def first_step(self, zero_grad=False):
        """w ← w + ε̂ (remembering w)."""
        norm = self._grad_norm(scaled_by_weight=True)
        for group in self.param_groups:
            scale = group["rho"] / (norm + 1e-12)
            for p in group["params"]:
                if p.grad is None:
                    continue
                self.state[p]["old_p"] = p.array.copy()
                p.add_(self.perturbation(p, group, scale))                    # (2)
        if zero_grad:
            self.zero_grad()

    @no_grad()
    def second_step(self, zero_grad=False):
        """Back to w, then the base optimizer's step with the gradient taken at w + ε̂."""
        for group in self.param_groups:
            for p in group["params"]:
                if "old_p" in self.state[p]:
                    p.copy_(self.state[p].pop("old_p"))
        self.base_optimizer.step()                                           # (4)
        if zero_grad:
            self.zero_grad()

    def step(self, closure=None):
        """first_step, closure() at w + ε̂, second_step; returns the loss at w + ε̂."""
        if closure is None:
            raise ValueError("SAM.step needs a closure that does a full forward and backward "
                             "pass (or call first_step / second_step yourself)")
        self.first_step(zero_grad=True)
        with enable_grad():
            loss = closure()                                                 # (3)
        self.second_step()
        return loss

    def state_dict(self):
        return self.base_optimizer.state_dict()

    def load_state_dict(self, state_dict):
        self.base_optimizer.load_state_dict(state_dict)
        self.param_groups = self.base_optimizer.param_groups
