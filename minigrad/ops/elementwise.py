"""Elementwise ops: each forward on backend arrays, its backward beside it.

Binary ops broadcast; their backward returns gradients of the broadcast
shape and the engine sums them back to each input's shape. Operands are
promoted with PyTorch's rules (:func:`minigrad.dtypes.result_type`).
"""
import math

from .. import backend
from ..autograd.function import Function
from ..dtypes import get_default_dtype, result_type


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


def broadcast_error(name, *operands):
    """The error for operands whose shapes do not broadcast, in PyTorch's words plus the op's
    name and every shape (raised where NumPy/CuPy refused)."""
    shapes = [tuple(x) if isinstance(x, tuple) else tuple(getattr(x, "shape", ()))
              for x in operands]                       # arrays, scalars or shapes
    ndim = max(len(s) for s in shapes)
    padded = [(1,) * (ndim - len(s)) + s for s in shapes]
    for k in range(ndim):
        sizes = [s[k] for s in padded]
        big = [z for z in sizes if z != 1]
        if len(set(big)) > 1:
            i, j = sizes.index(big[0]), sizes.index(next(z for z in big if z != big[0]))
            return RuntimeError(
                f"{name}: The size of tensor {'abc'[i]} ({sizes[i]}) must match the size of "
                f"tensor {'abc'[j]} ({sizes[j]}) at non-singleton dimension {k} (shapes "
                + " and ".join(str(list(s)) for s in shapes) + ")")
    return None


def _float(x):
    """Integer and bool inputs of float functions (exp, sin, ...) become the default float
    dtype, as in PyTorch."""
    return x if x.dtype.kind == "f" else x.astype(get_default_dtype())


def _xp(*arrays):
    return backend.xp(next(a for a in arrays if hasattr(a, "ndim")))


class Add(Function):
    """z = a + b;   ∂z/∂a = 1,  ∂z/∂b = 1"""
    raw = True

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


class Sub(Function):
    """z = a − b;   ∂z/∂a = 1,  ∂z/∂b = −1"""
    raw = True

    @staticmethod
    def forward(ctx, a, b):
        a, b = _binary(a, b)
        try:
            return a - b
        except ValueError:
            raise broadcast_error("sub", a, b) or ValueError from None

    @staticmethod
    def backward(ctx, grad):
        return grad, (-grad if ctx.needs_input_grad[1] else None)


class Mul(Function):
    """z = a · b;   ∂z/∂a = b,  ∂z/∂b = a"""
    raw = True

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


class Div(Function):
    """z = a / b;   ∂z/∂a = 1/b,  ∂z/∂b = −a/b² = −z/b   (integers divide to floats)"""
    raw = True

    @staticmethod
    def forward(ctx, a, b):
        a, b = _binary(a, b)
        if getattr(a, "dtype", getattr(b, "dtype", None)).kind in "biu":
            dtype = get_default_dtype()
            a, b = (x.astype(dtype) if hasattr(x, "dtype") else x for x in (a, b))
        try:
            z = a / b
        except ValueError:
            raise broadcast_error("div", a, b) or ValueError from None
        ctx.save_for_backward(b, z)
        return z

    @staticmethod
    def backward(ctx, grad):
        b, z = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        ga = grad / b if need_a else None
        return ga, (-(ga if ga is not None else grad / b) * z if need_b else None)


class Pow(Function):
    """z = aᵇ;   ∂z/∂a = b·aᵇ⁻¹,  ∂z/∂b = aᵇ·ln a  (taken as 0 where a = 0 and b ≥ 0)"""
    raw = True

    @staticmethod
    def forward(ctx, a, b):
        a, b = _binary(a, b)
        try:
            z = a ** b
        except ValueError:
            raise broadcast_error("pow", a, b) or ValueError from None
        ctx.save_for_backward(a, b, z)
        return z

    @staticmethod
    def backward(ctx, grad):
        from .. import where
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
        from .. import where
        (cond,) = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad[1:]
        return (None, where(cond, grad, 0.0) if need_a else None,
                where(cond, 0.0, grad) if need_b else None)


class Maximum(Function):
    """z = max(a, b);   ∂z/∂a = [a > b] + ½[a = b]   (a tie splits the gradient)"""
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
        share = (a > b) + (a == b) * 0.5
        return grad * share, grad * (1 - share)


class Minimum(Function):
    """z = min(a, b);   ∂z/∂a = [a < b] + ½[a = b]"""
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
        share = (a < b) + (a == b) * 0.5
        return grad * share, grad * (1 - share)


class Neg(Function):
    """y = −x;   dy/dx = −1"""
    raw = True

    @staticmethod
    def forward(ctx, x):
        return -x

    @staticmethod
    def backward(ctx, grad):
        return -grad


class Abs(Function):
    """y = |x|;   dy/dx = sign(x)   (0 at x = 0)"""
    raw = True

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return abs(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * x.sign()


class Sign(Function):
    """y = sign(x);   dy/dx = 0"""
    raw = True

    @staticmethod
    def forward(ctx, x):
        return backend.xp(x).sign(x)

    @staticmethod
    def backward(ctx, grad):
        return grad * 0.0


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


class StdSqrt(Sqrt):
    """y = √x, the last step of std;   dy/dx = 1/(2y), taken as 0 where y = 0 (as PyTorch's
    std: a constant input has gradient 0, not NaN)"""

    @staticmethod
    def backward(ctx, grad):
        from .. import where
        (y,) = ctx.saved_tensors
        return grad / where(y == 0, math.inf, y * 2)


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


class Tanh(Function):
    """y = tanh x;   dy/dx = 1 − y²"""
    raw = True

    @staticmethod
    def forward(ctx, x):
        x = _float(x)
        y = backend.xp(x).tanh(x)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return TanhBackward.apply(grad, y)


class TanhBackward(Function):
    """g·(1 − y²), fused (the hot path of Tanh); ∂/∂g = 1 − y²,  ∂/∂y = −2gy"""
    raw = True

    @staticmethod
    def forward(ctx, g, y):
        ctx.save_for_backward(g, y)
        return g * (1 - y * y)

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
        e = xp.exp(-abs(x))
        y = xp.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype, copy=False)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return grad * y * (1 - y)


class Relu(Function):
    """y = max(x, 0);   dy/dx = [x > 0]   (0 at x = 0, as PyTorch)"""
    raw = True

    @staticmethod
    def forward(ctx, x):
        y = backend.xp(x).maximum(x, 0)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return grad * (y > 0)


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
        from .. import where
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


def _erf_array(x):
    """erf on a NumPy/CuPy array to double precision, from arithmetic alone.

    |x| ≤ 2.5:  erf x = (2/√π) e^(−x²) Σₙ 2ⁿ x^(2n+1) / (1·3·…·(2n+1))   (all terms positive)
    |x| > 2.5:  erfc x by its continued fraction, evaluated bottom-up.
    """
    xp = backend.xp(x)
    a = xp.minimum(abs(x), 6.0)
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
