"""Lazy modules: layers whose input size is inferred from the first batch (``nn.LazyLinear``).

As in PyTorch, a lazy module holds ``UninitializedParameter``s and a forward pre-hook. The
first call runs ``initialize_parameters(*args)``, which materializes the parameters from the
input's shape and initialises them exactly as the eager layer does (so the random stream is
PyTorch's: nothing is drawn at construction, everything at the first call); then the hook
is removed and the module becomes its eager class (``type(m) == nn.Linear``).
``load_state_dict`` into a lazy module materializes its parameters with the loaded shapes
(the class changes at the next call, as in PyTorch).
"""
from ..autograd import grad_mode
from .linear import Linear
from .parameter import UninitializedParameter, is_lazy


class LazyModuleMixin:
    """Mix in before the eager class: ``class LazyLinear(LazyModuleMixin, Linear)``;
    define ``initialize_parameters(*args)`` and set ``cls_to_become``."""

    cls_to_become = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._initialize_hook = self.register_forward_pre_hook(self._infer_parameters,
                                                               with_kwargs=True)

    def _save_to_state_dict(self, destination, prefix, keep_vars):
        """As Module's, but an uninitialized parameter goes in as it is (not detached)."""
        super()._save_to_state_dict(destination, prefix, keep_vars)
        for name, param in self._parameters.items():
            if is_lazy(param):
                destination[prefix + name] = param

    def initialize_parameters(self, *args, **kwargs):
        raise NotImplementedError(
            f"initialize_parameters is not implemented for {type(self).__name__}")

    def has_uninitialized_params(self):
        """Whether some parameter or buffer still waits for its shape."""
        return any(is_lazy(t) for t in (*self._parameters.values(), *self._buffers.values()))

    def _infer_parameters(self, module, args, kwargs=None):
        """The forward pre-hook: initialise from the first input, then become eager."""
        module.initialize_parameters(*args, **(kwargs or {}))
        if module.has_uninitialized_params():
            raise RuntimeError(f"module {module._get_name()} has not been fully initialized")
        module._initialize_hook.remove()
        del module._initialize_hook
        if module.cls_to_become is not None:
            module.__class__ = module.cls_to_become


class LazyLinear(LazyModuleMixin, Linear):
    """``nn.Linear`` with ``in_features`` inferred from ``input.shape[-1]`` at the first call,
    then initialised as Linear: W, b ~ U(−1/√in_features, 1/√in_features)."""

    cls_to_become = Linear

    def __init__(self, out_features, bias=True, device=None, dtype=None):
        super().__init__(0, 0, False)         # no tensors yet: they come with the first input
        self.weight = UninitializedParameter(device=device, dtype=dtype)
        self.out_features = out_features
        if bias:
            self.bias = UninitializedParameter(device=device, dtype=dtype)

    def reset_parameters(self):
        if not self.has_uninitialized_params() and self.in_features != 0:
            super().reset_parameters()

    def initialize_parameters(self, input):
        if self.has_uninitialized_params():
            with grad_mode.no_grad():
                self.in_features = input.shape[-1]
                self.weight.materialize((self.out_features, self.in_features))
                if self.bias is not None:
                    self.bias.materialize((self.out_features,))
                self.reset_parameters()
        if self.in_features == 0:              # parameters loaded by load_state_dict
            if input.shape[-1] != self.weight.shape[-1]:
                raise AssertionError(f"The in_features inferred from input: {input.shape[-1]} "
                                     "is not equal to in_features from self.weight: "
                                     f"{self.weight.shape[-1]}")
            self.in_features = input.shape[-1]
