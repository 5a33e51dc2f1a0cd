"""Weight normalization (Salimans & Kingma, 2016): w = g · v/‖v‖, learning g and v apart.

``weight_norm(module, name="weight", dim=0)`` replaces the parameter ``name``
by ``name_g`` (the norms, shape (out, 1, ...)) and ``name_v`` (the direction),
and recomputes ``module.name`` from them before every forward, as PyTorch's
``torch.nn.utils.weight_norm`` does (same parameter names, same state-dict keys).
"""
from ..parameter import Parameter


def _norm_except_dim(v, dim):
    """‖v‖ over every dim except ``dim`` (keeping dims); dim=None: the whole norm."""
    if dim is None:
        return v.norm()
    dim = dim % v.ndim
    axes = tuple(a for a in range(v.ndim) if a != dim)
    return (v * v).sum(dim=axes, keepdim=True).sqrt()


class WeightNorm:
    """The forward pre-hook that rebuilds ``name`` = g · v/‖v‖."""

    def __init__(self, name, dim):
        self.name, self.dim = name, dim

    def compute_weight(self, module):
        g = getattr(module, self.name + "_g")
        v = getattr(module, self.name + "_v")
        return v * (g / _norm_except_dim(v, self.dim))

    def __call__(self, module, inputs):
        object.__setattr__(module, self.name, self.compute_weight(module))


def weight_norm(module, name="weight", dim=0):
    """Reparametrize ``module.<name>`` as g · v/‖v‖; returns the module."""
    weight = getattr(module, name)
    del module._parameters[name]
    hook = WeightNorm(name, dim)
    module.register_parameter(name + "_g", Parameter(_norm_except_dim(weight, dim).detach()))
    module.register_parameter(name + "_v", Parameter(weight.detach()))
    object.__setattr__(module, name, hook.compute_weight(module))
    handle = module.register_forward_pre_hook(hook)
    object.__setattr__(module, "_weight_norm_" + name, handle)
    return module


def remove_weight_norm(module, name="weight"):
    """Fold g · v/‖v‖ back into one parameter ``name``; returns the module."""
    handle = module.__dict__.pop("_weight_norm_" + name, None)
    if handle is None:
        raise ValueError(f"weight_norm of '{name}' not found in {module}")
    hook = handle.hooks[handle.key]
    weight = hook.compute_weight(module).detach()
    handle.remove()
    del module._parameters[name + "_g"]
    del module._parameters[name + "_v"]
    module.__dict__.pop(name, None)
    module.register_parameter(name, Parameter(weight))
    return module
