"""Unary elementwise ops y = f(x) (and clamp's bounds): forward on backend arrays, backward
beside it, the derivative in each docstring, the public function (``mg.exp``, ...) below
each. Integer inputs of the float functions (exp, sin,
...) become the default float dtype, as in PyTorch.
"""
import math

import numpy as np

from .. import backend
from ..autograd.function import Function, floats, record_unary, run
from ..dtypes import result_type
from .elementwise import _float, where


class Neg(Function):
    """y = −x;   dy/dx = −1"""
    raw = True

    @staticmethod
    def forward(ctx, x):
        if getattr(x, "dtype", None) == bool:
            raise RuntimeError("Negation, the `-` operator, on a bool tensor is not supported. If "
                               "you are trying to invert a mask, use the `~` or `logical_not()` "
                               "operator instead.")                  # PyTorch's words
        return -x

    @staticmethod
    def backward(ctx, grad):
        return -grad


def neg(x):
    return Neg.apply(x)


class Abs(Function):
    """y = |x|;   dy/dx = sign(x)   (0 at x = 0)"""
    raw = True

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return backend.xp(x).abs(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * x.sign()


def abs(x):
    return Abs.apply(x)


class Sign(Function):
    """y = sign(x);   dy/dx = 0"""
    raw = True

    @staticmethod
    def forward(ctx, x):
        return backend.xp(x).sign(x)

    @staticmethod
    def backward(ctx, grad):
        return grad * 0.0


def sign(x):
    return Sign.apply(x)


class Exp(Function):
    """y = eˣ;   dy/dx = y"""
    raw = True

    @staticmethod
    def forward(ctx, x):
        x = _float(x)
        y = backend.xp(x).exp(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return grad * y


def exp(x):
    return Exp.apply(x)


class Log(Function):
    """y = ln x;   dy/dx = 1/x"""
    raw = True

    @staticmethod
    def forward(ctx, x):
        x = _float(x)
        ctx.save_for_backward(x)
        return backend.xp(x).log(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad / x


def log(x):
    return Log.apply(x)


class Log1p(Function):
    """y = ln(1 + x);   dy/dx = 1/(1 + x)"""
    raw = True

    @staticmethod
    def forward(ctx, x):
        x = _float(x)
        ctx.save_for_backward(x)
        return backend.xp(x).log1p(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad / (x + 1)


def log1p(x):
    return Log1p.apply(x)


class Expm1(Function):
    """y = eˣ − 1;   dy/dx = y + 1"""
    raw = True

    @staticmethod
    def forward(ctx, x):
        x = _float(x)
        y = backend.xp(x).expm1(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return grad * (y + 1)


def expm1(x):
    return Expm1.apply(x)


class Sqrt(Function):
    """y = √x;   dy/dx = 1/(2y)"""
    raw = True

    @staticmethod
    def forward(ctx, x):
        x = _float(x)
        y = backend.xp(x).sqrt(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return grad / (y * 2)


def sqrt(x):
    return Sqrt.apply(x)


class Rsqrt(Function):
    """y = 1/√x;   dy/dx = −y³/2"""
    raw = True

    @staticmethod
    def forward(ctx, x):
        x = _float(x)
        y = 1 / backend.xp(x).sqrt(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return grad * (y * y * y) * -0.5


def rsqrt(x):
    return Rsqrt.apply(x)


class Sin(Function):
    """y = sin x;   dy/dx = cos x"""
    raw = True

    @staticmethod
    def forward(ctx, x):
        x = _float(x)
        ctx.save_for_backward(x)
        return backend.xp(x).sin(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * x.cos()


def sin(x):
    return Sin.apply(x)


class Cos(Function):
    """y = cos x;   dy/dx = −sin x"""
    raw = True

    @staticmethod
    def forward(ctx, x):
        x = _float(x)
        ctx.save_for_backward(x)
        return backend.xp(x).cos(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return -grad * x.sin()


def cos(x):
    return Cos.apply(x)


class Sinh(Function):
    """y = sinh x;   dy/dx = cosh x"""
    raw = True

    @staticmethod
    def forward(ctx, x):
        x = _float(x)
        ctx.save_for_backward(x)
        return backend.xp(x).sinh(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * x.cosh()


def sinh(input):
    return Sinh.apply(input)


class Cosh(Function):
    """y = cosh x;   dy/dx = sinh x"""
    raw = True

    @staticmethod
    def forward(ctx, x):
        x = _float(x)
        ctx.save_for_backward(x)
        return backend.xp(x).cosh(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * x.sinh()


def cosh(input):
    return Cosh.apply(input)


class Tanh(Function):
    """y = tanh x;   dy/dx = 1 − y²"""
    raw = True
    array_backward = True

    @staticmethod
    def forward(ctx, x):
        x = _float(x)
        y = backend.xp(x).tanh(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return run(TanhBackward, grad, y)


def tanh(x):
    if floats(x):                                   # fast path: the same numbers, less bookkeeping
        return record_unary(Tanh, np.tanh(x.array), x)
    return Tanh.apply(x)


class TanhBackward(Function):
    """g·(1 − y²), fused (the hot path of Tanh); ∂/∂g = 1 − y²,  ∂/∂y = −2gy

    PyTorch's vectorized CPU kernel (AVX2 and up; not ATEN_CPU_CAPABILITY=default) rounds
    1 − y² once (a fused multiply-add). For float32 and float16 y so does this: y² and
    1 − y² are exact in float64 (to a rare double rounding for |y| < ⅛), and float16 is then
    computed in float32, as PyTorch does. So a hand-written ``(1 - h**2) * dh`` differs
    from autograd's in the last bit, in both libraries (makemore part 4's cmp).
    """
    raw = True

    @staticmethod
    def forward(ctx, g, y):
        ctx.save_for_backward(g, y)
        numpy = type(y) is np.ndarray
        if y.dtype.itemsize == 8 or y.dtype.kind != "f":             # float64 (and complex)
            return g * ((backend.ONES.get(y.dtype, 1) if numpy else 1) - y * y)
        xp, w = backend.xp(y), y.astype(np.float64)
        xp.multiply(w, w, out=w)                                         # y², exact
        xp.subtract(backend.ONES[w.dtype] if numpy else 1, w, out=w)    # 1 − y², exact
        out = xp.multiply(g, w, dtype=np.float32)                        # 1 − y² rounded once
        return out if out.dtype is g.dtype else out.astype(g.dtype)

    @staticmethod
    def backward(ctx, grad):
        g, y = ctx.saved_tensors
        return grad * (1 - y * y), grad * g * y * -2


class Sigmoid(Function):
    """y = σ(x) = 1/(1 + e⁻ˣ);   dy/dx = y(1 − y)   (never overflows: e^(−|x|) ≤ 1)"""
    raw = True

    @staticmethod
    def forward(ctx, x):
        x = _float(x)
        xp = backend.xp(x)
        e = xp.exp(-xp.abs(x))
        y = xp.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype, copy=False)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return grad * y * (1 - y)


def sigmoid(x):
    return Sigmoid.apply(x)


class Relu(Function):
    """y = max(x, 0);   dy/dx = [x > 0]   (0 at x = 0, as PyTorch)"""
    raw = True
    array_backward = True

    @staticmethod
    def forward(ctx, x):
        y = backend.xp(x).maximum(x, 0)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return grad * (y > backend.ZEROS.get(y.dtype, 0) if type(y) is np.ndarray else y > 0)


def relu(x):
    if floats(x):                                   # fast path: the same numbers, less bookkeeping
        return record_unary(Relu, np.maximum(x.array, backend.ZEROS.get(x.array.dtype, 0)), x)
    return Relu.apply(x)


class Clamp(Function):
    """y = min(max(x, lo), hi);   as PyTorch's clamp (the edges pass the gradient to x):

        ∂y/∂x  = [lo ≤ x ≤ hi]
        ∂y/∂lo = [x < lo and lo < hi]        (lo, hi may be tensors that broadcast)
        ∂y/∂hi = [x > hi or hi < lo]
    """
    raw = True

    @staticmethod
    def forward(ctx, x, lo, hi):
        if lo is None and hi is None:
            raise RuntimeError("clamp: at least one of 'min' or 'max' must not be None")
        ctx.save_for_backward(x, lo, hi)
        xp = backend.xp(x)
        y = x if lo is None else xp.maximum(x, lo)
        y = y if hi is None else xp.minimum(y, hi)
        return y.astype(result_type(*(v for v in (x, lo, hi) if v is not None)), copy=False)

    @staticmethod
    def backward(ctx, grad):
        x, lo, hi = ctx.saved_tensors
        need_x, need_lo, need_hi = ctx.needs_input_grad
        keep = True
        if lo is not None:
            keep = x >= lo
        if hi is not None:
            keep = (x <= hi) if keep is True else keep & (x <= hi)
        gx = grad * keep if need_x else None
        glo = ghi = None
        if need_lo:
            glo = where((x < lo) & (lo < hi) if hi is not None else x < lo, grad, 0.0)
        if need_hi:
            ghi = where((x > hi) | (hi < lo) if lo is not None else x > hi, grad, 0.0)
        return gx, glo, ghi


def clamp(input, min=None, max=None):
    return Clamp.apply(input, min, max)


clip = clamp


def clamp_min(input, min):
    return Clamp.apply(input, min, None)


def clamp_max(input, max):
    return Clamp.apply(input, None, max)


def _erf_array(x):
    """erf on a NumPy/CuPy array to double precision, from arithmetic alone.

    |x| ≤ 2.5:  erf x = (2/√π) e^(−x²) Σₙ 2ⁿ x^(2n+1) / (1·3·…·(2n+1))   (all terms positive)
    |x| > 2.5:  erfc x by its continued fraction, evaluated bottom-up.
    """
    xp = backend.xp(x)
    a = xp.minimum(xp.abs(x), 6.0)
    small = xp.minimum(a, 2.5)
    term = small.copy()
    total = small.copy()
    for n in range(1, 60):
        term = term * (2 * small * small) / (2 * n + 1)
        total = total + term
    series = 2 / math.sqrt(math.pi) * xp.exp(-small * small) * total
    big = xp.maximum(a, 2.5)
    frac = big * 0
    for k in range(60, 0, -1):          # erfc x = e^(−x²)/√π · 1/(x + ½/(x + 1/(x + ...)))
        frac = (k / 2) / (big + frac)
    erfc = xp.exp(-big * big) / math.sqrt(math.pi) / (big + frac)
    value = xp.where(a <= 2.5, series, 1 - erfc)
    return (xp.sign(x) * value).astype(x.dtype, copy=False)


class Erf(Function):
    """y = erf x = (2/√π) ∫₀ˣ e^(−t²) dt;   dy/dx = (2/√π) e^(−x²)"""
    raw = True

    @staticmethod
    def forward(ctx, x):
        x = _float(x)
        ctx.save_for_backward(x)
        return _erf_array(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * (2 / math.sqrt(math.pi)) * (-x * x).exp()


def erf(input):
    return Erf.apply(input)


class Square(Function):
    """y = x²;   dy/dx = 2x   (integers stay integers, as in PyTorch)"""
    raw = True

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x if x.dtype.kind != "b" else x.astype("int64")

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * x * 2


def square(input):
    return Square.apply(input)


class Reciprocal(Function):
    """y = 1/x;   dy/dx = −y²"""
    raw = True

    @staticmethod
    def forward(ctx, x):
        y = 1 / _float(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return -grad * y * y


def reciprocal(input):
    return Reciprocal.apply(input)


class Log2(Function):
    """y = log₂ x;   dy/dx = 1/(x ln 2)"""
    raw = True

    @staticmethod
    def forward(ctx, x):
        x = _float(x)
        ctx.save_for_backward(x)
        return backend.xp(x).log2(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad / (x * math.log(2))


def log2(input):
    return Log2.apply(input)


class Log10(Function):
    """y = log₁₀ x;   dy/dx = 1/(x ln 10)"""
    raw = True

    @staticmethod
    def forward(ctx, x):
        x = _float(x)
        ctx.save_for_backward(x)
        return backend.xp(x).log10(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad / (x * math.log(10))


def log10(input):
    return Log10.apply(input)


class Exp2(Function):
    """y = 2ˣ;   dy/dx = y ln 2"""
    raw = True

    @staticmethod
    def forward(ctx, x):
        x = _float(x)
        y = backend.xp(x).exp2(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return grad * y * math.log(2)


def exp2(input):
    return Exp2.apply(input)


class Rounding(Function):
    """y = floor, ceil, trunc or round(x, decimals) of x;   dy/dx = 0, as in PyTorch (the
    derivative almost everywhere). Integer inputs are returned unchanged."""
    raw = True

    @staticmethod
    def forward(ctx, x, how, decimals):
        if x.dtype.kind in "biu":
            return x.copy()
        xp = backend.xp(x)
        if how == "round":
            return xp.round(x, decimals)          # halves to even, as PyTorch
        return getattr(xp, how)(x)

    @staticmethod
    def backward(ctx, grad):
        return grad * 0.0, None, None


def floor(input):
    return Rounding.apply(input, "floor", 0)


def ceil(input):
    return Rounding.apply(input, "ceil", 0)


def trunc(input):
    return Rounding.apply(input, "trunc", 0)


fix = trunc


def round(input, *, decimals=0):
    """Halves go to the even neighbour (round(2.5) = 2), as in PyTorch; gradient 0."""
    return Rounding.apply(input, "round", decimals)


def frac(input):
    """x − trunc(x) (the sign of x kept);   d/dx = 1"""
    return input - trunc(input)
