"""Comparisons and logic as functions (``mg.eq``, ``mg.isclose``, ``mg.all``, ...).

None is differentiable: each returns a bool tensor (or, for ``allclose`` and
``equal``, a Python bool). The comparison operators themselves are written
out in ``tensor.py``; the functions here call them.
"""
from .. import backend


def _tensor(array):
    from ..tensor import Tensor
    return Tensor._make(backend.xp(array).asarray(array))     # 0-d stays an array, not a scalar


def _data(input, other, name):
    """The arrays of ``input`` and ``other`` (a Tensor or a number), on one device."""
    from ..tensor import Tensor
    if isinstance(other, Tensor):
        if other.device != input.device:
            raise RuntimeError(f"{name}: expected all tensors to be on the same device, but "
                               f"found at least two devices, {input.device} and {other.device}")
        return input.array, other.array
    return input.array, other


def eq(input, other):
    return input == other


def ne(input, other):
    return input != other


def lt(input, other):
    return input < other


def le(input, other):
    return input <= other


def gt(input, other):
    return input > other


def ge(input, other):
    return input >= other


greater, greater_equal, less, less_equal, not_equal = gt, ge, lt, le, ne


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """|input − other| ≤ atol + rtol·|other| elementwise (infinities equal only themselves)."""
    from ..tensor import Tensor
    if isinstance(other, Tensor) and other.dtype != input.dtype:
        raise RuntimeError(f"{_torch_name(input.dtype)} did not match {_torch_name(other.dtype)}")
    a, b = _data(input, other, "isclose")
    return _tensor(backend.xp(a).isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan))


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """True when every element is close (:func:`isclose`); shapes broadcast."""
    return bool(isclose(input, other, rtol, atol, equal_nan).all())


def equal(input, other):
    """True when both have the same shape and the same values."""
    return input.equal(other)


def all(input, dim=None, keepdim=False):
    return input.all(dim, keepdim)


def any(input, dim=None, keepdim=False):
    return input.any(dim, keepdim)


def isnan(input):
    return input.isnan()


def isfinite(input):
    return input.isfinite()


def isinf(input):
    return _tensor(backend.xp(input.array).isinf(input.array))


def isposinf(input):
    a = input.array
    return _tensor(backend.xp(a).isinf(a) & (a > 0))


def isneginf(input):
    a = input.array
    return _tensor(backend.xp(a).isinf(a) & (a < 0))


def logical_not(input):
    return input.logical_not()


def _logical(name, input, other):
    a, b = _data(input, other, name)
    return _tensor(getattr(backend.xp(a), name)(a, b))


def logical_and(input, other):
    return _logical("logical_and", input, other)


def logical_or(input, other):
    return _logical("logical_or", input, other)


def logical_xor(input, other):
    return _logical("logical_xor", input, other)


def _torch_name(dtype):
    """PyTorch's scalar-type name of a dtype (Float, Double, Long, ...), for its messages."""
    names = {"float16": "Half", "float32": "Float", "float64": "Double", "int8": "Char",
             "int16": "Short", "int32": "Int", "int64": "Long", "uint8": "Byte", "bool": "Bool"}
    return names.get(str(dtype), str(dtype))
