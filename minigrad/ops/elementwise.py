"""Binary elementwise ops (+ − × ÷ **, where, maximum, minimum): forward on backend arrays,
its backward beside it, the public function (``mg.add``, ...) below each; unary ones are in
``unary.py``.

Binary ops broadcast; their backward returns gradients of the broadcast
shape and the engine sums them back to each input's shape. Operands are
promoted with PyTorch's rules (:func:`minigrad.dtypes.result_type`).
"""
import math

import numpy as np

from .. import backend
from ..autograd.function import Function, is_tensor, record_binary, same_floats
from ..autograd.node_names import rename_node
from ..dtypes import get_default_dtype, result_type
from .indexing import nonzero
from .logic import _torch_name
from .shapes import broadcast_error


def promote(*operands):
    """Cast array operands to their common dtype (Python scalars stay weak)."""
    dtype = result_type(*operands)
    return [x.astype(dtype, copy=False) if hasattr(x, "dtype") and x.dtype != dtype else x
            for x in operands]


def _binary(a, b):
    da, db = getattr(a, "dtype", None), getattr(b, "dtype", None)
    if da is not None and (da == db or (db is None and da.kind == "f" and type(b) is float)
                           or (da.kind == "f" and db is not None and db.kind == "b")):
        return a, b                          # the common cases (a float mask too), without the rule
    return promote(a, b)


def _float(x):
    """Integer and bool inputs of float functions (exp, sin, ...) become the default float
    dtype, as in PyTorch."""
    return x if x.dtype.kind == "f" else x.astype(get_default_dtype())


def _xp(*arrays):
    return backend.xp(next(a for a in arrays if hasattr(a, "ndim")))


class Add(Function):
    """z = a + b;   ∂z/∂a = 1,  ∂z/∂b = 1"""
    raw = True
    wrapped_numbers = True
    array_backward = True

    @staticmethod
    def forward(ctx, a, b):
        a, b = _binary(a, b)
        try:
            return a + b
        except ValueError:
            raise broadcast_error("add", a, b) or ValueError from None

    @staticmethod
    def backward(ctx, grad):
        return grad, grad


def add(input, other, *, alpha=1):
    if alpha == 1 and same_floats(input, other):    # fast path: the same numbers, less bookkeeping
        return record_binary(Add, np.add, input, other)
    return Add.apply(input, other if alpha == 1 else Mul.apply(other, alpha))


class Sub(Function):
    """z = a − b;   ∂z/∂a = 1,  ∂z/∂b = −1"""
    raw = True
    wrapped_numbers = True
    array_backward = True

    @staticmethod
    def forward(ctx, a, b):
        ctx.scalar_first = not hasattr(a, "dtype")     # 1 - x: PyTorch's node is RsubBackward1
        a, b = _binary(a, b)
        try:
            return a - b
        except ValueError:
            raise broadcast_error("sub", a, b) or ValueError from None

    @staticmethod
    def backward(ctx, grad):
        return grad, (-grad if ctx.needs_input_grad[1] else None)


def sub(input, other, *, alpha=1):
    if alpha == 1 and same_floats(input, other):    # fast path: the same numbers, less bookkeeping
        return record_binary(Sub, np.subtract, input, other)
    if any(type(x) is bool or getattr(x, "dtype", None) == np.bool_ for x in (input, other)):
        raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. "
                           "If you are trying to invert a mask, use the `~` or `logical_not()` "
                           "operator instead.")                     # PyTorch's words
    return Sub.apply(input, other if alpha == 1 else Mul.apply(other, alpha))


class Mul(Function):
    """z = a · b;   ∂z/∂a = b,  ∂z/∂b = a"""
    raw = True
    wrapped_numbers = True
    array_backward = True

    @staticmethod
    def forward(ctx, a, b):
        a, b = _binary(a, b)
        # save only what backward reads (so x[0] = x[0] * 10 is no in-place conflict, as in
        # PyTorch); nothing is needed when the op is not recorded
        need_a, need_b = getattr(ctx, "needs_input_grad", (False, False))
        ctx.save_for_backward(a if need_b else None, b if need_a else None)
        try:
            return a * b
        except ValueError:
            raise broadcast_error("mul", a, b) or ValueError from None

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (grad * b if need_a else None), (grad * a if need_b else None)


def mul(input, other):
    if same_floats(input, other):                   # fast path: the same numbers, less bookkeeping
        return record_binary(Mul, np.multiply, input, other, product=True)
    return Mul.apply(input, other)


class Div(Function):
    """z = a / b;   ∂z/∂a = 1/b,  ∂z/∂b = −(a/b)/b   (integers divide to floats)

    Saves the inputs, not z, as PyTorch does: ``z += 1`` before backward is legal.
    """
    raw = True
    wrapped_numbers = True

    @staticmethod
    def forward(ctx, a, b):
        a, b = _binary(a, b)
        if getattr(a, "dtype", getattr(b, "dtype", None)).kind in "biu":
            dtype = get_default_dtype()
            a, b = (x.astype(dtype) if hasattr(x, "dtype") else x for x in (a, b))
        need_a, need_b = getattr(ctx, "needs_input_grad", (False, False))
        ctx.save_for_backward(a if need_b else None, b if need_a or need_b else None)
        try:
            return a / b
        except ValueError:
            raise broadcast_error("div", a, b) or ValueError from None

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (grad / b if need_a else None), (-grad * (a / b / b) if need_b else None)


class DivRounding(Function):
    """z = floor(a / b) or trunc(a / b) (``rounding_mode``); no gradient."""
    raw = True
    differentiable = False

    @staticmethod
    def forward(ctx, a, b, rounding_mode):
        xp = _xp(a, b)
        a, b = _binary(a, b)                  # PyTorch's promotion: float32 // 2 stays float32
        kind = result_type(a, b).kind
        if kind == "b":
            raise NotImplementedError(f"div with rounding_mode={rounding_mode!r} is not "
                                      "implemented for bool tensors")
        if kind in "iu" and bool(xp.any(xp.asarray(b) == 0)):
            raise RuntimeError("ZeroDivisionError")          # PyTorch's words, for // 0 and % 0
        if rounding_mode == "floor":
            return xp.asarray(xp.floor_divide(a, b))
        if kind in "iu":                      # exact for integers: a negative floor moves up 1
            q = xp.floor_divide(a, b)
            return xp.asarray(q + ((q < 0) & (xp.remainder(a, b) != 0)))
        return xp.asarray(xp.trunc(xp.true_divide(a, b)))


def div(input, other, *, rounding_mode=None):
    if rounding_mode not in (None, "trunc", "floor"):
        raise RuntimeError(f"div expected rounding_mode to be one of None, 'trunc', or 'floor' "
                           f"but found {rounding_mode!r}")
    if rounding_mode is None:
        return Div.apply(input, other)
    return DivRounding.apply(input, other, rounding_mode)


def remainder(input, other):
    """a − b·⌊a/b⌋ (Python's %, the sign of b);   ∂/∂a = 1,  ∂/∂b = −⌊a/b⌋.
    Written as a sum so that a bool ``input`` promotes as in PyTorch (bool − x is refused)."""
    return rename_node(add(input, -(div(input, other, rounding_mode="floor") * other)),
                       "RemainderBackward0")


class Fmod(Function):
    """z = a − b·trunc(a/b) (C's fmod, the sign of a);   ∂z/∂a = 1,  ∂z/∂b = −trunc(a/b)"""
    raw = True

    @staticmethod
    def forward(ctx, a, b):
        xp = _xp(a, b)
        ctx.tensor_other = hasattr(b, "dtype")      # names the node FmodBackward1 (0 for a scalar)
        a, b = _binary(a, b)
        kind = result_type(a, b).kind
        if kind == "b":
            raise NotImplementedError("\"fmod\" not implemented for 'Bool'")   # PyTorch's words
        if kind in "iu" and bool(xp.any(xp.asarray(b) == 0)):
            raise RuntimeError("ZeroDivisionError")                      # PyTorch's words
        need_b = getattr(ctx, "needs_input_grad", (False, False))[1]
        ctx.save_for_backward(a if need_b else None, b if need_b else None)
        try:
            with np.errstate(invalid="ignore"):     # x fmod 0.0 is nan, silently, as in PyTorch
                return xp.asarray(xp.fmod(a, b))
        except ValueError:
            raise broadcast_error("fmod", a, b) or ValueError from None

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        return (grad if need_a else None), \
            (-grad * div(a, b, rounding_mode="trunc") if need_b else None)


def fmod(input, other):
    if not is_tensor(input):                        # PyTorch has no fmod(Number, Tensor)
        raise TypeError(f"fmod(): argument 'input' must be Tensor, not {type(input).__name__}")
    return Fmod.apply(input, other)


class Pow(Function):
    """z = aᵇ;   ∂z/∂a = b·aᵇ⁻¹,  ∂z/∂b = aᵇ·ln a  (taken as 0 where a = 0 and b ≥ 0)

    Saves a and b, and z only when b needs a gradient, as PyTorch does (``x ** 2`` may be
    updated in place before backward, ``2 ** x`` may not). Integer powers follow PyTorch:
    a negative Python exponent is an error, a negative tensor exponent truncates (2⁻¹ = 0).
    """
    raw = True

    @staticmethod
    def forward(ctx, a, b):
        # names the node as PyTorch: PowBackward0 x ** 2, PowBackward1 x ** t, PowBackward2 2 ** x
        ctx.overload = 0 if not hasattr(b, "dtype") else 1 if hasattr(a, "dtype") else 2
        a, b = _binary(a, b)
        if getattr(a, "dtype", None) is not None and a.dtype.kind in "biu" and \
                type(b) is int and b < 0:
            raise RuntimeError("Integers to negative integer powers are not allowed.")
        try:
            z = a ** b if getattr(b, "dtype", None) is None or b.dtype.kind not in "iu" \
                else _int_pow(a, b)
        except ValueError:
            raise broadcast_error("pow", a, b) or ValueError from None
        need_b = getattr(ctx, "needs_input_grad", (False, False))[1]
        ctx.save_for_backward(a, b, z if need_b else None)
        return z

    @staticmethod
    def backward(ctx, grad):
        a, b, z = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        ga = gb = None
        if need_a:
            if not hasattr(b, "ndim"):
                ga = grad * 0.0 if b == 0 else grad * b * a ** (b - 1)
            else:
                ga = grad * where(b == 0, 0.0, b * a ** (b - 1))
        if need_b:
            if hasattr(a, "ndim"):
                gb = grad * where((a == 0) & (b >= 0), 0.0, z * a.log())
            else:
                gb = grad * z * (math.log(a) if a > 0 else math.nan if a < 0 else 0.0)
        return ga, gb


def _int_pow(a, b):
    """aᵇ for an integer tensor b, as C (and PyTorch) take it: b < 0 gives 1/aᵏ truncated
    (0, or ±1 for a = ±1)."""
    xp = _xp(a, b)
    z = a ** xp.abs(b)
    return xp.where(b >= 0, z, xp.where(abs(a) == 1, z, 0)) if bool((b < 0).any()) else z


def pow(input, exponent):
    return Pow.apply(input, exponent)


class Where(Function):
    """z = cond ? a : b;   ∂z/∂a = [cond],  ∂z/∂b = [not cond]"""
    raw = True

    @staticmethod
    def forward(ctx, cond, a, b):
        xp = _xp(cond, a, b)
        cond = cond if hasattr(cond, "dtype") and cond.dtype.kind == "b" else xp.asarray(cond, dtype=bool)
        a, b = promote(a, b)
        ctx.save_for_backward(cond)
        try:
            return xp.where(cond, a, b)
        except ValueError:
            raise broadcast_error("where", cond, a, b) or ValueError from None

    @staticmethod
    def backward(ctx, grad):
        (cond,) = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad[1:]
        return (None, where(cond, grad, 0.0) if need_a else None,
                where(cond, 0.0, grad) if need_b else None)


def where(condition, input=None, other=None):
    """``condition ? input : other`` elementwise; ``where(condition)`` gives the indices."""
    if input is None and other is None:
        return nonzero(condition, as_tuple=True)
    if is_tensor(condition) and condition.dtype.kind != "b":
        raise RuntimeError(f"where expected condition to be a boolean tensor, but got a tensor "
                           f"with dtype {_torch_name(condition.dtype)}")
    return Where.apply(condition, input, other)


def masked_fill(input, mask, value):
    """``value`` where ``mask`` is True, else ``input``; keeps input's dtype (a float value
    in an integer tensor is truncated, as in PyTorch)."""
    if mask.dtype.kind != "b":
        raise RuntimeError(f"masked_fill_ only supports boolean masks, but got mask with dtype "
                           f"{mask.dtype}")
    out = Where.apply(mask, value, input)
    return rename_node(out if out.dtype == input.dtype else out.to(input.dtype),
                       "MaskedFillBackward0")


def lerp(input, end, weight):
    """input + weight·(end − input);   ∂/∂input = 1 − w,  ∂/∂end = w,  ∂/∂w = end − input"""
    return input + weight * (end - input)


class Maximum(Function):
    """z = max(a, b);   ∂z/∂a = [a > b] + ½[a = b]   (a tie splits the gradient; where a or
    b is NaN both get it whole, as in PyTorch)"""
    raw = True

    @staticmethod
    def forward(ctx, a, b):
        a, b = _binary(a, b)
        ctx.save_for_backward(a, b)
        try:
            return _xp(a, b).maximum(a, b)
        except ValueError:
            raise broadcast_error("maximum", a, b) or ValueError from None

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        rest = 1 - (a == b) * 0.5
        return grad * where(a < b, 0.0, rest), grad * where(a > b, 0.0, rest)


def maximum(input, other):
    return Maximum.apply(input, other)


class Minimum(Function):
    """z = min(a, b);   ∂z/∂a = [a < b] + ½[a = b]   (NaN: as ``Maximum``)"""
    raw = True

    @staticmethod
    def forward(ctx, a, b):
        a, b = _binary(a, b)
        ctx.save_for_backward(a, b)
        try:
            return _xp(a, b).minimum(a, b)
        except ValueError:
            raise broadcast_error("minimum", a, b) or ValueError from None

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        rest = 1 - (a == b) * 0.5
        return grad * where(a > b, 0.0, rest), grad * where(a < b, 0.0, rest)


def minimum(input, other):
    return Minimum.apply(input, other)
