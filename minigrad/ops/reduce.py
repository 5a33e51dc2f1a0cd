"""Reductions and the softmax family; ``dim`` and ``keepdim`` as in PyTorch; each public
function (``mg.sum``, ...) below its op.

The backward of a reduction broadcasts the gradient back over the reduced
axes: reshape to the keepdim shape, then expand.
"""
import builtins
import math

import numpy as np

from .. import backend
from .._printing import return_type
from ..autograd import grad_mode
from ..autograd.function import Function, is_tensor, run
from .elementwise import _float, maximum, minimum, where
from .logic import _torch_name
from .movement import Expand
from .shapes import kept_shape, wrap_dim, wrap_dims
from .unary import Exp


def _spread(grad, shape, axes):
    """The gradient of a reduction over ``axes``, broadcast back to ``shape``."""
    return run(Expand, grad.reshape(kept_shape(shape, axes)), shape)


class Sum(Function):
    """y = Σᵢ xᵢ over dim;   ∂y/∂xᵢ = 1"""
    raw = True
    array_backward = True

    @staticmethod
    def forward(ctx, x, dim, keepdim):
        ctx.shape, ctx.axes = x.shape, wrap_dims(dim, x.ndim)
        ctx.dim_given = dim is not None     # sum(dim) is PyTorch's SumBackward1, even over all
        if x.dtype.kind in "biu":
            x = x.astype("int64")           # PyTorch sums integers and bools as int64
        return x.sum(axis=ctx.axes, keepdims=keepdim)

    @staticmethod
    def backward(ctx, grad):
        return _spread(grad, ctx.shape, ctx.axes), None, None


def sum(input, dim=None, keepdim=False, *, dtype=None):
    return Sum.apply(input if dtype is None else input.to(dtype), dim, keepdim)


class Nansum(Function):
    """y = Σᵢ xᵢ over dim, NaNs counted as 0;   ∂y/∂xᵢ = [xᵢ is not NaN]"""
    raw = True

    @staticmethod
    def forward(ctx, x, dim, keepdim):
        ctx.shape, ctx.axes = x.shape, wrap_dims(dim, x.ndim)
        ctx.save_for_backward(x)
        if x.dtype.kind in "biu":
            x = x.astype("int64")           # as sum: integers and bools give int64
        return backend.xp(x).nansum(x, axis=ctx.axes, keepdims=keepdim)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return _spread(grad, ctx.shape, ctx.axes) * (x == x), None, None     # as PyTorch: inf·0 = nan


def nansum(input, dim=None, keepdim=False, *, dtype=None):
    return Nansum.apply(input if dtype is None else input.to(dtype), dim, keepdim)


def nanmean(input, dim=None, keepdim=False, *, dtype=None):
    """The mean of the values that are not NaN: nansum / their count (PyTorch's composite)."""
    if input.dtype.kind != "f" and dtype is None:
        raise RuntimeError(f"nanmean(): expected input to have floating point or complex dtype "
                           f"but got {_torch_name(input.dtype)}")
    with np.errstate(divide="ignore", invalid="ignore"):     # an all-NaN slice: nan, silently
        return nansum(input, dim, keepdim, dtype=dtype) / (input == input).sum(dim, keepdim)


class Mean(Function):
    """y = (1/n) Σᵢ xᵢ over dim;   ∂y/∂xᵢ = 1/n"""
    raw = True
    array_backward = True

    @staticmethod
    def forward(ctx, x, dim, keepdim):
        if x.dtype.kind != "f":
            raise RuntimeError(f"mean(): could not infer output dtype. Input dtype must be "
                               f"floating point, but got {x.dtype}")
        ctx.shape, ctx.axes = x.shape, wrap_dims(dim, x.ndim)
        ctx.dim_given = dim is not None
        ctx.n = 1
        for a in ctx.axes:
            ctx.n *= x.shape[a]
        if x.dtype.itemsize >= 4 and 0 < ctx.n <= 2**24:    # n exact in float32: the same bits
            return x.sum(axis=ctx.axes, keepdims=keepdim) / ctx.n   # as NumPy's slower mean
        return x.mean(axis=ctx.axes, keepdims=keepdim)      # (which sums halves in float32)

    @staticmethod
    def backward(ctx, grad):
        return _spread(grad / ctx.n, ctx.shape, ctx.axes), None, None


def mean(input, dim=None, keepdim=False, *, dtype=None):
    return Mean.apply(input if dtype is None else input.to(dtype), dim, keepdim)


def _correction(unbiased, correction):
    if correction is not None:
        return correction
    return 1 if unbiased is None or unbiased else 0


def _second_moment(x, axes, correction):
    """Σ (x − x̄)² / max(N − c, 0) over ``axes`` (kept), two-pass, in float64 for narrower
    floats: as PyTorch's double accumulator, it neither overflows for |x| ≳ 2e19 nor
    underflows for |x| ≲ 1e-19 on the way to a representable result."""
    w = x.astype("float64") if x.dtype.itemsize < 8 else x
    centered = w - w.mean(axis=axes, keepdims=True)
    n = math.prod(x.shape[a] for a in axes)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (centered * centered).sum(axis=axes, keepdims=True) / builtins.max(n - correction, 0)


def _var_backward(grad, x, ctx):
    """∂σ²/∂xᵢ = 2 (xᵢ − x̄) / (N − c), with Tensor ops (differentiable again)."""
    n = math.prod(ctx.shape[a] for a in ctx.axes)
    scale = 2 / (n - ctx.correction) if n != ctx.correction else math.inf
    return _spread(grad, ctx.shape, ctx.axes) * (x - x.mean(dim=ctx.axes, keepdim=True)) * scale


class Var(Function):
    """σ² = Σᵢ (xᵢ − x̄)² / (N − c) over dim;   ∂σ²/∂xᵢ = 2 (xᵢ − x̄) / (N − c)
    Saves x, as PyTorch (so an in-place update of x before backward is refused)."""
    raw = True

    @staticmethod
    def forward(ctx, x, axes, keepdim, correction, root=False):
        if x.dtype.kind not in "fc":
            raise RuntimeError("std and var only support floating point and complex dtypes")
        ctx.shape, ctx.axes, ctx.correction = x.shape, axes, correction
        y = _second_moment(x, axes, correction)
        with np.errstate(over="ignore"):            # beyond float32's range: inf, as PyTorch
            y = (backend.xp(y).sqrt(y) if root else y).astype(x.dtype, copy=False)
        out = y if keepdim else y.reshape([s for i, s in enumerate(x.shape) if i not in axes])
        ctx.save_for_backward(x, out if root else None)
        return out

    @staticmethod
    def backward(ctx, grad):
        (x, _) = ctx.saved_tensors
        return _var_backward(grad, x, ctx), None, None, None


class Std(Var):
    """σ = √σ²;   ∂σ/∂xᵢ = (xᵢ − x̄) / ((N − c) σ),  taken as 0 where σ = 0 (as PyTorch:
    a constant input has gradient 0, not NaN). Saves x and σ, as PyTorch."""

    @staticmethod
    def forward(ctx, x, axes, keepdim, correction):
        return Var.forward(ctx, x, axes, keepdim, correction, root=True)

    @staticmethod
    def backward(ctx, grad):
        x, out = ctx.saved_tensors
        y = out.reshape(kept_shape(ctx.shape, ctx.axes))
        grad = grad.reshape(y.shape) / where(y == 0, math.inf, y * 2)
        return _var_backward(grad, x, ctx), None, None, None


def _moment(fn, input, dim, unbiased, keepdim, correction):
    if isinstance(dim, bool):                       # var(x, False): the legacy unbiased flag
        dim, unbiased = None, dim
    return fn.apply(input, wrap_dims(dim, input.ndim), keepdim, _correction(unbiased, correction))


def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """Σ (x − x̄)² / (N − correction); correction=1 (Bessel's) by default."""
    return _moment(Var, input, dim, unbiased, keepdim, correction)


def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """√var (see :class:`Std`)."""
    return _moment(Std, input, dim, unbiased, keepdim, correction)


def var_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """(var, mean) over the same dims, as PyTorch's ``torch.var_mean``."""
    return var(input, dim, unbiased, keepdim, correction=correction), mean(input, dim, keepdim)


def std_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """(std, mean) over the same dims, as PyTorch's ``torch.std_mean``."""
    return std(input, dim, unbiased, keepdim, correction=correction), mean(input, dim, keepdim)


class Prod(Function):
    """y = Πᵢ xᵢ over dim;   ∂y/∂xᵢ = Π_{j≠i} xⱼ

    Without zeros that is y/xᵢ (differentiable again); with zeros the
    products of the other factors are formed directly: with NumPy cumprods on a
    first-order pass, with Tensor ops (an n×n expansion) under create_graph.
    """
    raw = True

    @staticmethod
    def forward(ctx, x, dim, keepdim):
        if x.dtype.kind in "biu":
            x = x.astype("int64")           # as PyTorch: integer products are int64
        ctx.shape = x.shape
        ctx.axes, ctx.dim_given = wrap_dims(dim, x.ndim), dim is not None
        y = x.prod(axis=ctx.axes, keepdims=True)
        out = y if keepdim else y.reshape([s for i, s in enumerate(x.shape) if i not in ctx.axes])
        ctx.save_for_backward(x, out)       # the output itself, so create_graph sees y(x)
        return out

    @staticmethod
    def backward(ctx, grad):
        x, out = ctx.saved_tensors
        y = out.reshape(kept_shape(ctx.shape, ctx.axes))
        grad = _spread(grad, ctx.shape, ctx.axes)
        if not (x == 0).any().item():
            return grad * y / x, None, None
        if grad_mode.is_grad_enabled():          # create_graph: differentiable again
            return grad * _products_of_others(x, ctx.axes), None, None
        return grad * ProductsOfOthers.apply(x, ctx.axes), None, None


def prod(input, dim=None, keepdim=False, *, dtype=None):
    return Prod.apply(input if dtype is None else input.to(dtype), dim, keepdim)


class ProductsOfOthers(Function):
    """Π_{j≠i} xⱼ over ``axes`` for every i, from cumulative products (no division, so zeros
    are fine); first-order only: Prod's backward uses it outside create_graph."""
    raw = True
    differentiable = False

    @staticmethod
    def forward(ctx, a, axes):
        xp = backend.xp(a)
        moved = xp.moveaxis(a, axes, range(len(axes))).reshape((-1,) + tuple(
            s for i, s in enumerate(a.shape) if i not in axes))
        ones = xp.ones_like(moved[:1])
        left = xp.cumprod(xp.concatenate([ones, moved[:-1]]), axis=0)
        right = xp.cumprod(xp.concatenate([ones, moved[::-1][:-1]]), axis=0)[::-1]
        others = (left * right).reshape([a.shape[i] for i in axes] + list(moved.shape[1:]))
        return xp.ascontiguousarray(xp.moveaxis(others, range(len(axes)), axes))


def _products_of_others(x, axes):
    """Π_{j≠i} xⱼ over ``axes`` for every i, with Tensor ops (so create_graph works)."""
    rest = [i for i in range(x.ndim) if i not in axes]
    n = 1
    for a in axes:
        n *= x.shape[a]
    moved = x.permute(*axes, *rest).reshape(n, *[x.shape[i] for i in rest])
    xp = backend.xp(x.array)
    diag = xp.eye(n, dtype=bool).reshape((n, n) + (1,) * len(rest))     # a constant mask
    others = where(diag, 1.0, moved.unsqueeze(0).expand(n, *moved.shape)).prod(1)
    others = others.reshape(*[x.shape[a] for a in axes], *[x.shape[i] for i in rest])
    order = list(axes) + rest
    return others.permute(*sorted(range(x.ndim), key=order.__getitem__))


class Extremum(Function):
    """y = max (or min) over dim;   ∂y/∂xᵢ = [xᵢ = y] / #{j: xⱼ = y}   (ties share evenly)"""
    raw = True

    @staticmethod
    def forward(ctx, x, dim, keepdim, largest):
        axes = wrap_dims(dim, x.ndim)
        if x.size == 0 and (not axes or any(x.shape[a] == 0 for a in axes)):
            name = "max" if largest else "min"
            if dim is None or (not isinstance(dim, int) and not len(dim)):  # all dims:
                raise RuntimeError(f"{name}(): Expected reduction dim to be specified for "
                                   f"input.numel() == 0. Specify the reduction dim with the "
                                   f"'dim' argument.")
            empty = next(a for a in axes if x.shape[a] == 0)     # given dims: IndexError
            raise IndexError(f"{name}(): Expected reduction dim {empty} to have non-zero size.")
        y = (x.max if largest else x.min)(axis=axes, keepdims=True)
        ctx.shape, ctx.axes, ctx.largest = x.shape, axes, largest
        ctx.dim_given = dim is not None     # max() is MaxBackward1, amax(dim) AmaxBackward0
        out = y if keepdim else y.reshape([s for i, s in enumerate(x.shape) if i not in axes])
        ctx.save_for_backward(x, out)       # the output itself, as PyTorch: y += 1 is refused
        return out

    @staticmethod
    def backward(ctx, grad):
        x, out = ctx.saved_tensors
        y = out.reshape(kept_shape(ctx.shape, ctx.axes))
        hit = (x == y).to(x.dtype)            # in x's dtype: a float32 share would cost precision
        share = hit / hit.sum(dim=ctx.axes, keepdim=True)
        return _spread(grad, ctx.shape, ctx.axes) * share, None, None, None


def amax(input, dim=(), keepdim=False):
    return Extremum.apply(input, dim, keepdim, True)


def amin(input, dim=(), keepdim=False):
    return Extremum.apply(input, dim, keepdim, False)


class ExtremumAt(Function):
    """values = max (or min) along one dim, with the index it came from;
    the gradient goes to that index only."""
    raw = True

    @staticmethod
    def forward(ctx, x, dim, keepdim, largest):
        xp = backend.xp(x)
        dim = wrap_dim(dim, x.ndim)
        if x.ndim == 0:
            return x.copy(), xp.zeros((), dtype="int64")
        if x.shape[dim] == 0:
            raise IndexError(f"{'max' if largest else 'min'}(): Expected reduction dim {dim} to "
                             f"have non-zero size.")                    # PyTorch's words
        index = (xp.argmax if largest else xp.argmin)(x, axis=dim, keepdims=True)
        values = xp.take_along_axis(x, index, axis=dim)
        ctx.dim, ctx.shape = dim, x.shape
        if not keepdim:
            values, index = values.squeeze(dim), index.squeeze(dim)
        index = index.astype("int64", copy=False)
        ctx.save_for_backward(index)        # the output, as PyTorch: indices += 1 is refused
        return values, index

    @staticmethod
    def backward(ctx, grad, _):
        if not hasattr(ctx, "dim"):
            return grad, None, None, None
        (index,) = ctx.saved_tensors
        index = index.reshape(kept_shape(ctx.shape, (ctx.dim,)))
        positions = backend.xp(index.array).arange(ctx.shape[ctx.dim]).reshape(
            [-1 if i == ctx.dim else 1 for i in range(len(ctx.shape))])
        onehot = index == positions
        return _spread(grad, ctx.shape, (ctx.dim,)) * onehot, None, None, None


Max, Min = (return_type(name, ["values", "indices"]) for name in ("max", "min"))


def _extremum(input, dim, keepdim, largest):
    if is_tensor(dim):                               # max(a, b): the elementwise form
        return maximum(input, dim) if largest else minimum(input, dim)
    if dim is None:
        return Extremum.apply(input, None, False, largest)
    return (Max if largest else Min)(*ExtremumAt.apply(input, dim, keepdim, largest))


def max(input, dim=None, keepdim=False):
    """max(x): the largest value; max(x, dim): (values, indices); max(x, y): elementwise."""
    return _extremum(input, dim, keepdim, True)


def min(input, dim=None, keepdim=False):
    return _extremum(input, dim, keepdim, False)


class ArgExtremum(Function):
    """The index of the largest (smallest) value, over all elements or along dim. No gradient."""
    raw = True
    differentiable = False

    @staticmethod
    def forward(ctx, a, dim, keepdim, largest):
        xp = backend.xp(a)
        fn = xp.argmax if largest else xp.argmin
        if a.size == 0 and (dim is None or a.shape[wrap_dim(dim, a.ndim)] == 0):
            what = ("to be specified for input.numel() == 0" if dim is None else
                    f"{wrap_dim(dim, a.ndim)} to have non-zero size")          # PyTorch's words
            raise IndexError(f"{'argmax' if largest else 'argmin'}(): Expected reduction dim "
                             f"{what}.")
        if dim is None:
            out = fn(a.reshape(-1))
            out = out.reshape((1,) * a.ndim) if keepdim else out
        else:
            out = fn(a, axis=wrap_dim(dim, a.ndim), keepdims=keepdim) if a.ndim else fn(a)
        return xp.asarray(out, dtype="int64")


def argmax(input, dim=None, keepdim=False):
    return ArgExtremum.apply(input, dim, keepdim, True)


def argmin(input, dim=None, keepdim=False):
    return ArgExtremum.apply(input, dim, keepdim, False)


class LogSumExp(Function):
    """y = log Σᵢ exp xᵢ = m + log Σᵢ exp(xᵢ − m), m = max x;   ∂y/∂xᵢ = exp(xᵢ − y)"""
    raw = True

    @staticmethod
    def forward(ctx, x, dim, keepdim):
        x = _float(x)
        xp = backend.xp(x)
        axes = wrap_dims(dim, x.ndim)
        m = x.max(axis=axes, keepdims=True) if x.size else xp.zeros(kept_shape(x.shape, axes), x.dtype)
        m = xp.where(xp.isfinite(m), m, 0)
        y = xp.log(xp.exp(x - m).sum(axis=axes, keepdims=True)) + m
        ctx.shape, ctx.axes = x.shape, axes
        out = y if keepdim else y.reshape([s for i, s in enumerate(x.shape) if i not in axes])
        ctx.save_for_backward(x, out)       # the output itself, so create_graph sees y(x)
        return out

    @staticmethod
    def backward(ctx, grad):
        x, out = ctx.saved_tensors
        y = out.reshape(kept_shape(ctx.shape, ctx.axes))
        return _spread(grad, ctx.shape, ctx.axes) * (x - y).exp(), None, None


def logsumexp(input, dim, keepdim=False):
    return LogSumExp.apply(input, dim, keepdim)


class Softmax(Function):
    """yᵢ = exp(xᵢ − m) / Σⱼ exp(xⱼ − m);   ∂L/∂x = y ⊙ (g − Σⱼ gⱼyⱼ)"""
    raw = True

    @staticmethod
    def forward(ctx, x, dim):
        xp = backend.xp(x)
        ctx.dim = dim = wrap_dim(dim, x.ndim)
        e = xp.exp(x - x.max(axis=dim, keepdims=True)) if x.size else x.copy()
        y = e / e.sum(axis=dim, keepdims=True)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return y * (grad - (grad * y).sum(dim=ctx.dim, keepdim=True)), None


def _softmax_dim(ndim):
    return 0 if ndim in (0, 1, 3) else 1             # PyTorch's legacy implicit dim


def _floating(x, name):
    """PyTorch's softmax, log_softmax and norm refuse integer and bool tensors."""
    if x.dtype.kind not in "fc":
        raise NotImplementedError(f"{name} is not implemented for {x.dtype} tensors: convert "
                                  f"first (x.float()) or pass dtype=")
    return x


def softmax(input, dim=None, dtype=None):
    x = _floating(input if dtype is None else input.to(dtype), "softmax")
    return Softmax.apply(x, _softmax_dim(x.ndim) if dim is None else dim)


class LogSoftmax(Function):
    """yᵢ = xᵢ − logsumexp(x);   ∂L/∂x = g − softmax(x) Σⱼ gⱼ"""
    raw = True
    array_backward = True

    @staticmethod
    def forward(ctx, x, dim):
        xp = backend.xp(x)
        ctx.dim = dim = wrap_dim(dim, x.ndim)
        if x.size == 0:
            return x.copy()
        shifted = x - x.max(axis=dim, keepdims=True)
        y = shifted - xp.log(xp.exp(shifted).sum(axis=dim, keepdims=True))
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return grad - run(Exp, y) * run(Sum, grad, ctx.dim, True), None


def log_softmax(input, dim=None, dtype=None):
    x = _floating(input if dtype is None else input.to(dtype), "log_softmax")
    return LogSoftmax.apply(x, _softmax_dim(x.ndim) if dim is None else dim)


class Cumsum(Function):
    """yᵢ = Σ_{j≤i} xⱼ;   ∂L/∂xⱼ = Σ_{i≥j} gᵢ  (a cumsum of the reversed gradient)"""
    raw = True

    @staticmethod
    def forward(ctx, x, dim):
        ctx.dim = wrap_dim(dim, x.ndim)
        if x.ndim == 0:
            return x.copy()
        return backend.xp(x).cumsum(x, axis=ctx.dim, dtype="int64" if x.dtype.kind in "biu" else None)

    @staticmethod
    def backward(ctx, grad):
        if grad.ndim == 0:
            return grad, None
        return grad.flip(ctx.dim).cumsum(ctx.dim).flip(ctx.dim), None


def cumsum(input, dim, *, dtype=None):
    return Cumsum.apply(input if dtype is None else input.to(dtype), dim)


class Norm(Function):
    """y = (Σᵢ |xᵢ|ᵖ)^(1/p);   ∂y/∂xᵢ = xᵢ |xᵢ|ᵖ⁻² / yᵖ⁻¹   (0 where y = 0)

    p = inf gives max |xᵢ| (ties share the gradient), p = 0 counts non-zeros.
    """
    raw = True

    @staticmethod
    def forward(ctx, x, p, dim, keepdim):
        xp = backend.xp(x)
        axes = wrap_dims(dim, x.ndim)
        a = abs(x)
        if p == float("inf"):
            y = a.max(axis=axes, keepdims=True) if a.size else xp.zeros(kept_shape(x.shape, axes), x.dtype)
        elif p == -float("inf"):
            y = a.min(axis=axes, keepdims=True)
        elif p == 0:
            y = (a != 0).sum(axis=axes, keepdims=True).astype(x.dtype)
        elif p == 1:
            y = a.sum(axis=axes, keepdims=True)
        elif p == 2:
            y = xp.sqrt((x * x).sum(axis=axes, keepdims=True))
        else:
            y = (a ** p).sum(axis=axes, keepdims=True) ** (1.0 / p)
        ctx.p, ctx.shape, ctx.axes = p, x.shape, axes
        out = y if keepdim else y.reshape([s for i, s in enumerate(x.shape) if i not in axes])
        ctx.save_for_backward(x, out)       # the output itself, so create_graph sees y(x)
        return out

    @staticmethod
    def backward(ctx, grad):
        x, out = ctx.saved_tensors
        y = out.reshape(kept_shape(ctx.shape, ctx.axes))
        p, g = ctx.p, _spread(grad, ctx.shape, ctx.axes)
        if p == 0:
            return g * 0.0, None, None, None
        if p == 1:
            return g * x.sign(), None, None, None
        if abs(p) == float("inf"):
            hit = x.abs() == y
            return g * x.sign() * hit / hit.sum(dim=ctx.axes, keepdim=True), None, None, None
        if p == 2:
            safe = where(y == 0, 1.0, y)                # no 0/0 at a zero vector
            return g * where(y == 0, 0.0, x / safe), None, None, None
        safe = where(y == 0, 1.0, y)
        scale = x * x.abs() ** (p - 2) / safe ** (p - 1)
        return g * where(y == 0, 0.0, scale), None, None, None


def norm(input, p="fro", dim=None, keepdim=False, dtype=None):
    """The vector p-norm over ``dim`` (all elements by default); 'fro' is p = 2."""
    if p == "fro" or p is None:
        p = 2
    if isinstance(p, str):
        raise ValueError(f"norm: p={p!r} is not supported; use a number, inf or 'fro'")
    x = input if dtype is None else input.to(dtype)
    if x.dtype.kind not in "fc":
        raise RuntimeError(f"linalg.vector_norm: Expected a floating point or complex tensor as "
                           f"input. Got {x.dtype}")                  # PyTorch's words
    return Norm.apply(x, float(p), dim, keepdim)
