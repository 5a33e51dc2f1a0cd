"""Parameter: a Tensor that a Module registers as learnable when assigned as an attribute."""
from ..size import Size
from ..tensor import Tensor


class Parameter(Tensor):
    """A leaf tensor that requires grad by default and that ``Module`` collects.

    ``Parameter(data)`` shares ``data``'s memory, as in PyTorch. Assigning one
    to a module attribute (``self.weight = Parameter(...)``) registers it, so
    it appears in ``parameters()`` and ``state_dict()``.
    """

    def __new__(cls, data=None, requires_grad=True):
        if data is None:
            from ..creation import empty
            data = empty(0)
        param = cls._make(data.array)
        param._vc = data._vc
        param.requires_grad = requires_grad
        return param

    def __init__(self, data=None, requires_grad=True):
        """Everything happens in ``__new__`` (Tensor's ``__init__`` would copy)."""

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()

    def __deepcopy__(self, memo):
        """``copy.deepcopy(model)`` gives new Parameters holding copies of the data."""
        copy = Parameter(Tensor._make(self.array.copy()), self.requires_grad)
        if self.grad is not None:
            copy.grad = Tensor._make(self.grad.array.copy())
        memo[id(self)] = copy
        return copy


class UninitializedParameter(Parameter):
    """A Parameter whose shape is not known yet (the weights of a lazy module such as
    ``nn.LazyLinear``). ``materialize(shape)`` gives it (uninitialised) storage and turns it
    into a plain ``Parameter``, the same object, so references to it stay valid."""

    cls_to_become = Parameter

    def __new__(cls, requires_grad=True, device=None, dtype=None):
        from ..creation import empty
        return super().__new__(cls, empty(0, device=device, dtype=dtype), requires_grad)

    def __init__(self, requires_grad=True, device=None, dtype=None):
        """Everything happens in ``__new__``."""

    def materialize(self, shape, device=None, dtype=None):
        """Storage of ``shape`` (this one's device and dtype unless given); then a Parameter."""
        from ..creation import empty
        self.array = empty(shape, device=device or self.device, dtype=dtype or self.dtype).array
        self.__class__ = self.cls_to_become

    @property
    def shape(self):
        raise RuntimeError(
            "Can't access the shape of an uninitialized parameter or buffer. This error "
            "usually happens in `load_state_dict` when trying to load an uninitialized "
            "parameter into an initialized one. Call `forward` to initialize the parameters "
            "before accessing their attributes.")

    def size(self, dim=None):
        """Allowed, as in PyTorch: the placeholder's size, torch.Size([0])."""
        return Size(self.array.shape) if dim is None else Size(self.array.shape)[dim]

    def numel(self):
        raise ValueError(
            "Attempted to use an uninitialized parameter in numel(). This error happens when "
            "you are using a `LazyModule` or explicitly manipulating "
            "`torch.nn.parameter.UninitializedParameter` objects. When using LazyModules Call "
            "`forward` with a dummy batch to initialize the parameters before calling torch "
            "functions")

    nelement = numel

    def __repr__(self):
        return f"<{type(self).__name__}>"

    def __deepcopy__(self, memo):
        copy = type(self)(self.requires_grad, self.device, self.dtype)
        memo[id(self)] = copy
        return copy


def is_lazy(param):
    """Whether ``param`` is an UninitializedParameter (its shape still to be inferred)."""
    return isinstance(param, UninitializedParameter)
