"""Parameter: a Tensor that a Module registers as learnable when assigned as an attribute."""
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
