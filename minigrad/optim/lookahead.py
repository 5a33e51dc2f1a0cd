"""Lookahead (Zhang, Lucas, Hinton & Ba, NeurIPS 2019): k steps forward, 1 step back."""
from collections import defaultdict

from .. import backend
from ..tensor import Tensor
from .optimizer import Optimizer, _restore, modified


@backend.fuse
def _pull_back(p, slow, alpha):
    slow += alpha * (p - slow)                  # (2) φ ← φ + α(θ − φ)
    p[...] = slow                               # (3) θ ← φ


class Lookahead(Optimizer):
    r"""Lookahead around any optimizer A.                        symbols: docs/notation.md

        (1) θ ← θ + A(θ)  for k inner steps   (fast weights θ: the parameters)
        (2) φ ← φ + α (θ − φ)                 (slow weights φ, φ₀ = θ₀)
        (3) θ ← φ                             (then continue from the slow weights)

    ``Lookahead(optim.SGD(params, lr=0.1), k=5, alpha=0.5)``: the commonly
    used defaults (the authors' PyTorch code uses α = 0.8).
    ``param_groups`` is the inner optimizer's list, so a scheduler on the
    Lookahead schedules the inner learning rate. Slow weights are in
    ``state[p]["slow_param"]``. The inner optimizer's state (e.g. momentum) is
    kept across synchronisations (the official code's pullback_momentum="none").
    """

    def __init__(self, base_optimizer, k=5, alpha=0.5):
        if k < 1 or not 0.0 <= alpha <= 1.0:
            raise ValueError(f"Invalid Lookahead hyperparameter: k={k}, alpha={alpha}")
        self.base_optimizer = base_optimizer
        self.param_groups = base_optimizer.param_groups
        self.defaults = dict(base_optimizer.defaults, k=k, alpha=alpha)
        self.k, self.alpha = k, alpha
        self.step_counter = 0
        self.state = defaultdict(dict)
        for group in self.param_groups:
            for p in group["params"]:
                self.state[p]["slow_param"] = p.array.copy()                # φ₀ = θ₀

    def add_param_group(self, param_group):
        """Add a group to the inner optimizer; its slow weights start at its current values."""
        self.base_optimizer.add_param_group(param_group)
        for p in self.param_groups[-1]["params"]:
            self.state[p]["slow_param"] = p.array.copy()

    def zero_grad(self, set_to_none=True):
        self.base_optimizer.zero_grad(set_to_none)

    def step(self, closure=None):
        loss = self.base_optimizer.step(closure)                          # (1)
        self.step_counter += 1
        if self.step_counter % self.k == 0:
            for group in self.param_groups:
                for p in group["params"]:
                    _pull_back(p.array, self.state[p]["slow_param"], self.alpha)   # (2), (3)
                    modified(p)
        return loss

    def _params(self):
        return [p for group in self.param_groups for p in group["params"]]

    def state_dict(self):
        return {"base_optimizer": self.base_optimizer.state_dict(),
                "slow_params": {i: Tensor._make(self.state[p]["slow_param"])
                                for i, p in enumerate(self._params())},
                "step_counter": self.step_counter, "k": self.k, "alpha": self.alpha}

    def load_state_dict(self, state_dict):
        """Check and convert everything, load the base optimizer, then swap in the slow
        weights: a failed load changes nothing."""
        missing = {"base_optimizer", "slow_params", "step_counter", "k", "alpha"} - set(
            state_dict if isinstance(state_dict, dict) else ())
        if missing:
            raise ValueError(f"loaded Lookahead state dict lacks {sorted(missing)}")
        params, slow = self._params(), state_dict["slow_params"]
        if not isinstance(slow, dict) or sorted(slow) != list(range(len(params))):
            raise ValueError(f"loaded state dict has slow weights for {len(slow)} parameters, "
                             f"this Lookahead has {len(params)}")
        slow = [_restore(slow[i], p.array, f"slow_params[{i}]") for i, p in enumerate(params)]
        self.base_optimizer.load_state_dict(state_dict["base_optimizer"])
        for p, value in zip(params, slow):
            self.state[p]["slow_param"] = value
        self.step_counter = state_dict["step_counter"]
        self.k, self.alpha = state_dict["k"], state_dict["alpha"]
