"""Comparisons and logic (``==``, ``mg.eq``, ``mg.isclose``, ``mg.all``, ...): no gradient.

Each op is a Function with ``differentiable = False``: ``apply`` checks the
devices and wraps the result, a bool tensor (``allclose`` and ``equal`` give a
Python bool). The Tensor operators ``== != < <= > >= & | ^ ~`` are these
functions (``tensor.py``'s method table).
"""
from .. import backend
from ..autograd.function import Function, is_tensor
from .shapes import broadcast_error, wrap_dims


class Compare(Function):
    """z = a ⊙ b elementwise, ⊙ the NumPy/CuPy function ``name`` (equal, less, logical_and,
    bitwise_or, ...); a bool (or integer, for bitwise ops on integers) tensor."""
    raw = True
    differentiable = False

    @staticmethod
    def forward(ctx, a, b, name):
        xp = backend.xp(a if hasattr(a, "ndim") else b)
        try:
            return xp.asarray(getattr(xp, name)(a, b))      # 0-d: an array, not a scalar
        except ValueError:
            raise broadcast_error(name, a, b) or ValueError from None   # PyTorch's RuntimeError


class Test(Function):
    """z = test(a) elementwise (isnan, isfinite, isinf, isposinf, isneginf, logical_not,
    invert)."""
    raw = True
    differentiable = False

    @staticmethod
    def forward(ctx, a, name):
        xp = backend.xp(a)
        if name == "isposinf":
            return xp.isinf(a) & (a > 0)
        if name == "isneginf":
            return xp.isinf(a) & (a < 0)
        return xp.asarray(getattr(xp, name)(a))


class Reduce(Function):
    """z = all(a) or any(a) over ``dim``."""
    raw = True
    differentiable = False

    @staticmethod
    def forward(ctx, a, name, dim, keepdim):
        axes = None if dim is None else wrap_dims(dim, a.ndim)
        return backend.xp(a).asarray(getattr(a, name)(axis=axes, keepdims=keepdim))


class IsClose(Function):
    """z = |a − b| ≤ atol + rtol·|b| elementwise (infinities equal only themselves)."""
    raw = True
    differentiable = False

    @staticmethod
    def forward(ctx, a, b, rtol, atol, equal_nan):
        xp = backend.xp(a)
        return xp.asarray(xp.isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan))


def eq(input, other):
    return Compare.apply(input, other, "equal")


def ne(input, other):
    return Compare.apply(input, other, "not_equal")


def lt(input, other):
    return Compare.apply(input, other, "less")


def le(input, other):
    return Compare.apply(input, other, "less_equal")


def gt(input, other):
    return Compare.apply(input, other, "greater")


def ge(input, other):
    return Compare.apply(input, other, "greater_equal")


greater, greater_equal, less, less_equal, not_equal = gt, ge, lt, le, ne


def bitwise_and(input, other):
    return Compare.apply(input, other, "bitwise_and")


def bitwise_or(input, other):
    return Compare.apply(input, other, "bitwise_or")


def bitwise_xor(input, other):
    return Compare.apply(input, other, "bitwise_xor")


def bitwise_not(input):
    return Test.apply(input, "invert")


def logical_and(input, other):
    return Compare.apply(input, other, "logical_and")


def logical_or(input, other):
    return Compare.apply(input, other, "logical_or")


def logical_xor(input, other):
    return Compare.apply(input, other, "logical_xor")


def logical_not(input):
    return Test.apply(input, "logical_not")


def isnan(input):
    return Test.apply(input, "isnan")


def isfinite(input):
    return Test.apply(input, "isfinite")


def isinf(input):
    return Test.apply(input, "isinf")


def isposinf(input):
    return Test.apply(input, "isposinf")


def isneginf(input):
    return Test.apply(input, "isneginf")


def all(input, dim=None, keepdim=False):
    return Reduce.apply(input, "all", dim, keepdim)


def any(input, dim=None, keepdim=False):
    return Reduce.apply(input, "any", dim, keepdim)


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """|input − other| ≤ atol + rtol·|other| elementwise (infinities equal only themselves)."""
    if is_tensor(other) and other.dtype != input.dtype:
        raise RuntimeError(f"{_torch_name(input.dtype)} did not match {_torch_name(other.dtype)}")
    return IsClose.apply(input, other, rtol, atol, equal_nan)


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """True when every element is close (:func:`isclose`); shapes broadcast."""
    return bool(all(isclose(input, other, rtol, atol, equal_nan)))


def equal(input, other):
    """True when both have the same shape and the same values."""
    return input.shape == other.shape and bool(all(eq(input, other)))


def _torch_name(dtype):
    """PyTorch's scalar-type name of a dtype (Float, Double, Long, ...), for its messages."""
    names = {"float16": "Half", "float32": "Float", "float64": "Double", "int8": "Char",
             "int16": "Short", "int32": "Int", "int64": "Long", "uint8": "Byte", "bool": "Bool"}
    return names.get(dtype.name, dtype.name)
