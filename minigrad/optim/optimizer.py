"""The optimizer base class: everything every optimizer shares, written once.

A subclass (one file per optimizer) writes only

    init_state(p, group)          -> dict of fresh state for parameter array p
    update(p, g, state, group)    -> change the raw array p in place, given the
                                     effective gradient g (maximize and coupled
                                     weight decay already applied)

and the base owns the rest, exactly as PyTorch's ``torch.optim.Optimizer``:
parameter groups with their defaults filled in, state keyed by the parameter
Tensor (Tensors hash by identity), ``zero_grad``, ``step(closure)``,
``state_dict`` / ``load_state_dict`` in PyTorch's format, ``add_param_group``.

State lives as raw backend arrays (NumPy on the CPU, CuPy on a GPU: always on
the parameter's device) plus Python numbers such as ``step``. ``state_dict()``
hands the arrays out wrapped as Tensors that share their memory (PyTorch also
returns references, not copies).

A subclass written as in PyTorch tutorials (its own ``step()`` under
``no_grad``, Tensors in ``self.state``) works as well; its state is saved and
restored as Tensors.
"""
from collections import defaultdict
from collections.abc import Mapping
from copy import deepcopy

from .. import backend
from ..autograd.grad_mode import enable_grad, no_grad
from ..tensor import Tensor


class _Required:
    """Sentinel for a hyperparameter without a default (e.g. HeavyBall's lr)."""

    def __repr__(self):
        return "<required parameter>"


required = _Required()


def _at_least_zero(message):
    return lambda v: None if 0.0 <= v else message.format(v)       # NaN fails too


def _betas(betas):
    for i, beta in enumerate(betas):
        if not 0.0 <= beta < 1.0:
            return f"Invalid beta parameter at index {i}: {beta}"
    return None


def _etas(etas):
    return None if 0.0 < etas[0] < 1.0 < etas[1] else f"Invalid eta values: {etas[0]}, {etas[1]}"


# PyTorch's construction-time checks, by hyperparameter name, each giving PyTorch's message
# (NaN is refused everywhere; PyTorch's SGD lets it through). Ranges that differ between
# optimizers (Adadelta's rho, RMSprop's alpha) are checked in their own __init__.
CHECKS = {
    "lr": _at_least_zero("Invalid learning rate: {}"),
    "eps": _at_least_zero("Invalid epsilon value: {}"),
    "weight_decay": _at_least_zero("Invalid weight_decay value: {}"),
    "momentum": _at_least_zero("Invalid momentum value: {}"),
    "lr_decay": _at_least_zero("Invalid lr_decay value: {}"),
    "initial_accumulator_value": _at_least_zero("Invalid initial_accumulator_value value: {}"),
    "momentum_decay": _at_least_zero("Invalid momentum_decay value: {}"),
    "damping": _at_least_zero("Invalid damping value: {}"),
    "betas": _betas,
    "etas": _etas,
}
PAIRS = ("betas", "etas")


def check_hyperparameters(values):
    """Raise PyTorch's ValueError for the first invalid hyperparameter in ``values`` (the
    defaults, or a parameter group's own values); a TypeError for one that is not a number."""
    for name, check in CHECKS.items():
        value = values.get(name, required)
        if value is required:
            continue
        if name in PAIRS and not (isinstance(value, (tuple, list)) and len(value) == 2):
            raise ValueError(f"{name} must be a pair of numbers, got {value!r}")
        for v in value if name in PAIRS else (value,):
            if isinstance(v, (str, bytes)) or not hasattr(v, "__float__"):
                raise TypeError(f"{name} must be a number, got {type(v).__name__} {v!r}")
        error = check(value)
        if error:
            raise ValueError(error)


@backend.fuse
def _effective_grad(grad, p, sign, weight_decay):
    """g ← ±∇L + λθ   (sign = -1 for maximize; λθ is coupled L2 weight decay)."""
    return sign * grad + weight_decay * p


def modified(p):
    """Count an in-place change of parameter ``p``, as PyTorch's in-place ops do: a backward
    through an older graph that saved ``p`` then raises instead of using the new values."""
    p._bump_version()


@backend.fuse
def _shrink(p, factor):
    """θ ← θ · factor   (decoupled weight decay, factor = 1 − ηλ)."""
    p *= factor


class Optimizer:
    """Base class of every optimizer (PyTorch's ``torch.optim.Optimizer``)."""

    def __init__(self, params, defaults):
        check_hyperparameters(defaults)
        self.defaults = defaults
        self.state = defaultdict(dict)
        self.param_groups = []
        if isinstance(params, Tensor):
            raise TypeError("params argument given to the optimizer should be an iterable of "
                            "Tensors or dicts, but got a Tensor")
        groups = list(params)
        if not groups:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    def __repr__(self):
        lines = [f"{type(self).__name__} ("]
        for i, group in enumerate(self.param_groups):
            lines.append(f"Parameter Group {i}")
            lines += [f"    {k}: {v}" for k, v in sorted(group.items()) if k != "params"]
        return "\n".join(lines) + "\n)"

    # -- parameter groups ----------------------------------------------------------------
    def add_param_group(self, param_group):
        """Add a dict ``{"params": [...], <hyperparameter overrides>}``; defaults fill the rest."""
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group).__name__}")
        params = param_group["params"]
        if isinstance(params, set):
            raise TypeError("optimizer parameters need to be organized in ordered collections, "
                            "but the ordering of tensors in sets will change between runs. "
                            "Please use a list instead.")
        params = [params] if isinstance(params, Tensor) else list(params)
        for p in params:
            if not isinstance(p, Tensor):
                raise TypeError(f"optimizer can only optimize Tensors, but one of the params "
                                f"is {type(p).__name__}")
            if not p.is_leaf:
                raise ValueError("can't optimize a non-leaf Tensor")
        check_hyperparameters(param_group)
        for name, default in self.defaults.items():
            if default is required and name not in param_group:
                raise ValueError(f"parameter group didn't specify a value of required "
                                 f"optimization parameter {name}")
        seen = {id(p) for g in self.param_groups for p in g["params"]}
        if any(id(p) in seen for p in params):
            raise ValueError("some parameters appear in more than one parameter group")
        param_group["params"] = params          # as PyTorch: the caller's dict becomes the group
        for name, default in self.defaults.items():
            param_group.setdefault(name, default)
        self.param_groups.append(param_group)

    def zero_grad(self, set_to_none=True):
        """Forget the gradients: ``.grad = None`` (default) or fill them with zeros."""
        for group in self.param_groups:
            for p in group["params"]:
                if set_to_none:
                    p._grad = None      # (the .grad setter checks only a Tensor: no call needed)
                elif p._grad is not None:
                    p.grad = p._grad.detach().zero_()

    # -- the step: loop over groups and parameters ----------------------------------------
    @no_grad()
    def step(self, closure=None):
        """One update of every parameter that has a gradient; returns ``closure()``'s loss."""
        loss = None
        if closure is not None:
            with enable_grad():
                loss = closure()
        for group in self.param_groups:
            sign, decay, shrink = self.gradient_rule(group)     # decided once per group
            for p in group["params"]:
                grad = p._grad          # (.grad without the property's call: it runs per step)
                if grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state.update(self.init_state(p.array, group))
                if shrink is not None:
                    _shrink(p.array, shrink)                    # θ ← θ(1 − ηλ)
                g = grad.array
                if sign != 1.0 or decay != 0:
                    g = _effective_grad(g, p.array, sign, decay)    # g ← ±∇L + λθ
                self.update(p.array, g, state, group)
                modified(p)
        return loss

    @staticmethod
    def gradient_rule(group):
        """What a group's options do before every update: ``(sign, λ, factor)`` for
        g ← sign·∇L + λθ (sign = −1 if maximize, λ: coupled L2 weight decay) and, with
        decoupled weight decay (AdamW, ...), θ ← θ·factor first (factor = 1 − ηλ, else None)."""
        sign = -1.0 if group.get("maximize", False) else 1.0
        decay = group.get("weight_decay", 0)
        if not group.get("decoupled_weight_decay", False):
            return sign, decay, None
        return sign, 0.0, None if decay == 0 else 1 - group["lr"] * decay

    def init_state(self, p, group):
        """Fresh state for parameter array ``p`` (override)."""
        return {}

    def update(self, p, g, state, group):
        """Change ``p`` in place from the gradient ``g`` (override)."""
        raise TypeError(f"{type(self).__name__} must define update(p, g, state, group)")

    # -- saving and resuming ------------------------------------------------------------
    raw_state = False       # True: state arrays are raw even though update() is not used

    def _keeps_tensors(self):
        """Whether state values are Tensors: yes for a PyTorch-style subclass that writes its
        own ``step`` (and keeps Tensors in ``self.state``, as PyTorch code does); no for the
        init_state/update optimizers here, whose state is raw arrays."""
        return type(self).update is Optimizer.update and not self.raw_state

    def state_dict(self):
        """``{"state": {index: {...}}, "param_groups": [{..., "params": [indices]}]}``
        (PyTorch's format; arrays become Tensors sharing their memory)."""
        index = {}
        groups = []
        for group in self.param_groups:
            packed = {k: v for k, v in group.items() if k != "params"}
            for p in group["params"]:
                index.setdefault(id(p), len(index))
            packed["params"] = [index[id(p)] for p in group["params"]]
            groups.append(packed)
        state = {index[id(p)]: {k: _as_tensor(v) for k, v in s.items()}
                 for p, s in self.state.items() if s and id(p) in index}
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict):
        """Resume from ``state_dict()`` (ours or PyTorch's, converted to minigrad Tensors).

        Everything is checked and converted first, then swapped in: a failed load leaves
        the optimizer as it was. The saved groups must match ours in number and size;
        state is copied onto each parameter's device and (floating point) dtype, ``step``
        stays a number.
        """
        saved_groups, saved_state = _checked(state_dict)
        if len(saved_groups) != len(self.param_groups):
            raise ValueError(f"loaded state dict has a different number of parameter groups "
                             f"({len(saved_groups)} saved, optimizer has {len(self.param_groups)})")
        for i, (ours, saved) in enumerate(zip(self.param_groups, saved_groups)):
            if len(ours["params"]) != len(saved["params"]):
                raise ValueError(f"loaded state dict contains a parameter group that doesn't match "
                                 f"the size of optimizer's group (group {i}: "
                                 f"{len(saved['params'])} saved, {len(ours['params'])} here)")
            check_hyperparameters(saved)
        params = {s: p for ours, saved in zip(self.param_groups, saved_groups)
                  for s, p in zip(saved["params"], ours["params"])}
        state = defaultdict(dict)
        for key, values in saved_state.items():
            if key not in params:
                raise ValueError(f"loaded state dict has state for parameter {key!r}, but its "
                                 f"param_groups list only {list(params)}")
            if not isinstance(values, Mapping):
                raise ValueError(f"loaded state of parameter {key!r} must be a dict, got "
                                 f"{type(values).__name__}")
            p = params[key]
            restored = {k: _restore(v, p.array, f"state[{key!r}][{k!r}]")
                        for k, v in values.items()}
            state[p] = {k: _as_tensor(v) for k, v in restored.items()} \
                if self._keeps_tensors() else restored
        for ours, saved in zip(self.param_groups, saved_groups):
            saved["params"] = ours["params"]
            for key, value in ours.items():     # options the saver did not know (PyTorch's
                saved.setdefault(key, value)    # dicts lack eps_inside_sqrt): keep ours
        self.state = state
        self.param_groups[:] = saved_groups


def _checked(state_dict):
    """``state_dict``'s param_groups (a deep copy) and state, if they have the right form."""
    if not isinstance(state_dict, Mapping):
        raise TypeError(f"optimizer state_dict must be a dict with 'state' and 'param_groups', "
                        f"got {type(state_dict).__name__}")
    for key in ("state", "param_groups"):
        if key not in state_dict:
            raise ValueError(f"loaded state dict has no {key!r} entry (an optimizer's "
                             f"state_dict() has 'state' and 'param_groups')")
    groups, state = state_dict["param_groups"], state_dict["state"]
    if not (isinstance(groups, (list, tuple)) and all(
            isinstance(g, Mapping) and isinstance(g.get("params"), (list, tuple)) for g in groups)):
        raise ValueError("loaded state dict's 'param_groups' must be a list of dicts, each with "
                         "a 'params' list of parameter indices")
    if not isinstance(state, Mapping):
        raise ValueError(f"loaded state dict's 'state' must be a dict from parameter index to "
                         f"that parameter's state, got {type(state).__name__}")
    return [dict(g) for g in deepcopy(list(groups))], state


def _as_tensor(value):
    """A state value as state_dict shows it: arrays as Tensors (shared memory), lists mapped."""
    if isinstance(value, (list, tuple)):
        return type(value)(_as_tensor(v) for v in value)
    if isinstance(value, (int, float, bool, str, Tensor)) or value is None:
        return value
    return Tensor._make(value)


def _restore(value, like, where="state"):
    """A saved state value as our state holds it: 0-d values as Python numbers, arrays
    copied onto ``like``'s device (and dtype, if floating point), lists mapped."""
    if isinstance(value, (list, tuple)):
        return type(value)(_restore(v, like, where) for v in value)
    if isinstance(value, (int, float, bool, str)) or value is None:
        return value
    data = value.array if isinstance(value, Tensor) else value
    if getattr(getattr(data, "dtype", None), "kind", "") not in ("b", "i", "u", "f"):
        raise TypeError(f"loaded state dict's {where} is {type(value).__name__} "
                        f"{value!r:.60}; expected a Tensor, a number, or a list of them")
    if data.ndim == 0:
        return int(data) if data.dtype.kind in "iub" else float(data)
    data = backend.to_device(data, backend.device_of(like))
    return data.astype(like.dtype if data.dtype.kind == "f" else data.dtype, copy=True)
