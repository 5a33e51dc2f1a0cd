r"""The lookahead-SAM family: EG-SAM, OG-SAM, AO-SAM.

From "Improving Sharpness-Aware Minimization by Lookahead" (Yu, Zhang & Kwok,
ICML 2024). **The paper's algorithm boxes could not be read** (no PDF text, no
official code); these are reconstructions, built from the abstract, the
public reviews of its ICLR 2024 predecessor ("Lookahead Sharpness-Aware
Minimization", OpenReview 4WKDwIaF7y) and the AE-SAM paper (Jiang et al.,
ICLR 2023). Assumptions (all ours):

* the extrapolation step size η' is its own argument ``extrapolation_lr``;
  ``None`` uses the group's lr (the paper reportedly sets η'_t = η_t);
* EG-SAM, simplified (2 gradients/step): the same gradient g = ∇L(w) gives
  both the extrapolation and the perturbation,
  w̃ ← w − η'g + ρg/‖g‖, then the base step at w with ∇L(w̃);
* OG-SAM: the extrapolation reuses the previous perturbed-point gradient
  g̃_{t−1} (g̃_{−1} = 0, so the first step is SAM):
  w̃ ← w − η'g̃_{t−1} + ρg/‖g‖, g̃_t ← ∇L(w̃), base step with g̃_t;
* AO-SAM: AE-SAM's rule picks per step between an OG-SAM step and a plain
  base (SGD) step: with μ, σ² running mean/variance of ‖g‖² (decay δ,
  starting at 0), take the OG-SAM step iff ‖g‖² ≥ μ + c_t σ, where
  c_t = (t/T)λ₁ + (1 − t/T)λ₂ (t/T = 0 when total_steps is None). δ = 0.9 and
  λ₁ = λ₂ = 0 are illustrative defaults, not the paper's values. After a plain
  step the stored g̃ becomes that step's gradient ∇L(w).
* ``adaptive=True`` scales only the ρ-part as ASAM does.

The base optimizer's step with the perturbed-point gradient is (4) of :class:`SAM`.
"""
from .. import backend
from ..autograd.grad_mode import enable_grad, no_grad
from ..tensor import Tensor
from .optimizer import _restore
from .sam import SAM


class EGSAM(SAM):
    r"""Extra-gradient SAM:  w̃ ← w − η'g + ρ g/‖g‖,   w ← base step with ∇L(w̃)."""

    def __init__(self, params, base_optimizer, rho=0.05, extrapolation_lr=None, adaptive=False,
                 **base_kwargs):
        super().__init__(params, base_optimizer, rho=rho, adaptive=adaptive, **base_kwargs)
        self.defaults["extrapolation_lr"] = extrapolation_lr
        for group in self.param_groups:
            group.setdefault("extrapolation_lr", extrapolation_lr)

    @staticmethod
    def extrapolation_step(group):
        """η′: ``extrapolation_lr``, or the group's lr when that is None."""
        return group["lr"] if group["extrapolation_lr"] is None else group["extrapolation_lr"]

    def extrapolation_grad(self, p):
        """The gradient the extrapolation uses: EG-SAM's is the current one."""
        return p.grad.array

    def perturbation(self, p, group, scale):
        return super().perturbation(p, group, scale) \
            - self.extrapolation_step(group) * self.extrapolation_grad(p)


class OGSAM(EGSAM):
    r"""Optimistic-gradient SAM:  w̃ ← w − η'g̃_{t−1} + ρ g/‖g‖,  g̃_t ← ∇L(w̃),  w ← base step."""

    def extrapolation_grad(self, p):
        state = self.state[p]
        if "prev_grad" not in state:
            state["prev_grad"] = backend.xp(p.array).zeros_like(p.array)      # g̃_{−1} = 0
        return state["prev_grad"]

    @no_grad()
    def second_step(self, zero_grad=False):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    self.state[p]["prev_grad"] = p.grad.array.copy()          # g̃_t
        super().second_step(zero_grad)

    def state_dict(self):
        """The base optimizer's state dict plus g̃ per parameter index."""
        state_dict = super().state_dict()
        params = [p for group in self.param_groups for p in group["params"]]
        state_dict["prev_grad"] = {i: Tensor._make(self.state[p]["prev_grad"])
                                   for i, p in enumerate(params) if "prev_grad" in self.state[p]}
        return state_dict

    def load_state_dict(self, state_dict):
        """g̃ is checked and converted before the base optimizer loads: a failed load
        changes nothing."""
        params = [p for group in self.param_groups for p in group["params"]]
        saved = state_dict.get("prev_grad") if isinstance(state_dict, dict) else None
        if not isinstance(saved, dict) or not set(saved) <= set(range(len(params))):
            raise ValueError(f"loaded state dict's 'prev_grad' must map parameter indices "
                             f"0..{len(params) - 1} to gradients, got {saved!r:.60}")
        prev = {i: _restore(g, params[i].array, f"prev_grad[{i}]") for i, g in saved.items()}
        super().load_state_dict(state_dict)
        for i, grad in prev.items():
            self.state[params[i]]["prev_grad"] = grad


class AOSAM(OGSAM):
    r"""Adaptive OG-SAM: an OG-SAM step when ‖g‖² is large for this run (AE-SAM's rule),
    else a plain base step (one gradient instead of two)."""

    def __init__(self, params, base_optimizer, rho=0.05, extrapolation_lr=None, delta=0.9,
                 lambda1=0.0, lambda2=0.0, total_steps=None, adaptive=False, **base_kwargs):
        super().__init__(params, base_optimizer, rho=rho, extrapolation_lr=extrapolation_lr,
                         adaptive=adaptive, **base_kwargs)
        self.delta, self.lambda1, self.lambda2 = delta, lambda1, lambda2
        self.total_steps = total_steps
        self.sq_norm_mean, self.sq_norm_var, self.t = 0.0, 0.0, 0
        self.sam_step = True

    def choose(self):
        """Update μ, σ² with ‖g‖² and decide: True = OG-SAM step, False = plain step."""
        sq = self._grad_norm(scaled_by_weight=False) ** 2
        self.t += 1
        d = self.delta
        self.sq_norm_mean = d * self.sq_norm_mean + (1 - d) * sq
        self.sq_norm_var = d * self.sq_norm_var + (1 - d) * (sq - self.sq_norm_mean) ** 2
        frac = 0.0 if self.total_steps is None else min(self.t / self.total_steps, 1.0)
        c = frac * self.lambda1 + (1 - frac) * self.lambda2
        return sq >= self.sq_norm_mean + c * self.sq_norm_var ** 0.5

    def state_dict(self):
        state_dict = super().state_dict()
        state_dict["ae_sam"] = {"sq_norm_mean": self.sq_norm_mean,
                                "sq_norm_var": self.sq_norm_var, "t": self.t}
        return state_dict

    def load_state_dict(self, state_dict):
        super().load_state_dict(state_dict)
        saved = state_dict["ae_sam"]
        self.sq_norm_mean, self.sq_norm_var, self.t = \
            saved["sq_norm_mean"], saved["sq_norm_var"], saved["t"]

    @no_grad()
    def first_step(self, zero_grad=False):
        self.sam_step = self.choose()
        if self.sam_step:
            super().first_step(zero_grad)

    def step(self, closure=None):
        if closure is None:
            raise ValueError("AOSAM.step needs a closure (forward and backward)")
        self.first_step()                   # decides; perturbs only for an OG-SAM step
        loss = None
        if self.sam_step:
            self.zero_grad()
            with enable_grad():
                loss = closure()
        self.second_step()
        return loss
