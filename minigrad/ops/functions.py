"""The PyTorch-named functions (``mg.exp``, ``mg.sum``, ...): argument handling, then ``Op.apply``.

Each is also a Tensor method (``x.exp()``); ``tensor.py`` lists them.
"""
import builtins
import collections
import math

from .. import backend
from .convert import Cast
from .elementwise import Add, Div, Maximum, Minimum, Mul, Pow, Sub, Where, broadcast_error
from .indexing import Gather, Scatter, ScatterAdd
from .linalg import Diag, MatMul, Triangle
from .movement import Cat, Expand, Flip, Pad, Repeat
from .reduce import (Cumsum, Extremum, ExtremumAt, LogSoftmax, LogSumExp, Mean, Norm, Prod,
                     Softmax, Sum)
from .shapes import size_args, wrap_dim, wrap_dims
from .unary import (Abs, Clamp, Cos, Erf, Exp, Exp2, Expm1, Log, Log1p, Log2, Log10, Neg,
                    Reciprocal, Relu, Rounding, Rsqrt, Sigmoid, Sign, Sin, Sqrt, Square, StdSqrt,
                    Tanh)
from . import views

# -- arithmetic ----------------------------------------------------------------


def add(input, other, *, alpha=1):
    return Add.apply(input, other if alpha == 1 else Mul.apply(other, alpha))


def sub(input, other, *, alpha=1):
    return Sub.apply(input, other if alpha == 1 else Mul.apply(other, alpha))


def mul(input, other):
    return Mul.apply(input, other)


def div(input, other, *, rounding_mode=None):
    if rounding_mode is None:
        return Div.apply(input, other)
    from ..tensor import Tensor
    a, b = (x.array if isinstance(x, Tensor) else x for x in (input, other))
    xp = backend.xp(a if hasattr(a, "ndim") else b)
    out = xp.floor_divide(a, b) if rounding_mode == "floor" else xp.trunc(xp.true_divide(a, b))
    return Tensor._make(xp.asarray(out))


def pow(input, exponent):
    return Pow.apply(input, exponent)


def matmul(input, other):
    return MatMul.apply(input, other)


def neg(x):
    return Neg.apply(x)


def abs(x):
    return Abs.apply(x)


def sign(x):
    return Sign.apply(x)


def exp(x):
    return Exp.apply(x)


def log(x):
    return Log.apply(x)


def log1p(x):
    return Log1p.apply(x)


def expm1(x):
    return Expm1.apply(x)


def sqrt(x):
    return Sqrt.apply(x)


def rsqrt(x):
    return Rsqrt.apply(x)


def sin(x):
    return Sin.apply(x)


def cos(x):
    return Cos.apply(x)


def tanh(x):
    return Tanh.apply(x)


def sigmoid(x):
    return Sigmoid.apply(x)


def relu(x):
    return Relu.apply(x)


def clamp(input, min=None, max=None):
    return Clamp.apply(input, min, max)


clip = clamp


def maximum(input, other):
    return Maximum.apply(input, other)


def minimum(input, other):
    return Minimum.apply(input, other)


def square(input):
    return Square.apply(input)


def reciprocal(input):
    return Reciprocal.apply(input)


def log2(input):
    return Log2.apply(input)


def log10(input):
    return Log10.apply(input)


def exp2(input):
    return Exp2.apply(input)


def erf(input):
    return Erf.apply(input)


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


def clamp_min(input, min):
    return Clamp.apply(input, min, None)


def clamp_max(input, max):
    return Clamp.apply(input, None, max)


def lerp(input, end, weight):
    """input + weight·(end − input);   ∂/∂input = 1 − w,  ∂/∂end = w,  ∂/∂w = end − input"""
    return input + weight * (end - input)


def where(condition, input=None, other=None):
    """``condition ? input : other`` elementwise; ``where(condition)`` gives the indices."""
    if input is None and other is None:
        return nonzero(condition, as_tuple=True)
    return Where.apply(condition, input, other)


def masked_fill(input, mask, value):
    """``value`` where ``mask`` is True, else ``input``; keeps input's dtype (a float value
    in an integer tensor is truncated, as in PyTorch)."""
    if mask.dtype.kind != "b":
        raise RuntimeError(f"masked_fill_ only supports boolean masks, but got mask with dtype "
                           f"{mask.dtype}")
    out = Where.apply(mask, value, input)
    return out if out.dtype == input.dtype else out.to(input.dtype)


def nonzero(input, *, as_tuple=False):
    from ..tensor import Tensor
    idx = backend.xp(input.array).nonzero(input.array)
    if as_tuple:
        return tuple(Tensor._make(i.astype("int64")) for i in idx)
    return Tensor._make(backend.xp(input.array).stack(idx, axis=-1).astype("int64"))


# -- linear algebra ------------------------------------------------------------


def _vectors(name, *tensors):
    for t in tensors:
        if t.ndim != 1:
            raise RuntimeError(f"{name}: 1D tensors expected, but got "
                               + " and ".join(f"{x.ndim}D" for x in tensors) + " tensors")


def dot(input, other):
    """Σᵢ aᵢbᵢ of two 1-D tensors of the same length."""
    _vectors("dot", input, other)
    if input.shape != other.shape:
        raise RuntimeError(f"inconsistent tensor size, expected tensor [{input.shape[0]}] and src "
                           f"[{other.shape[0]}] to have the same number of elements, but got "
                           f"{input.shape[0]} and {other.shape[0]} elements respectively")
    return MatMul.apply(input, other)



def outer(input, vec2):
    """(a bᵀ)ᵢⱼ = aᵢ bⱼ of two 1-D tensors."""
    for name, t in (("self", input), ("vec2", vec2)):
        if t.ndim != 1:
            raise RuntimeError(f"outer: Expected 1-D argument {name}, but got {t.ndim}-D")
    return Mul.apply(unsqueeze(input, 1), unsqueeze(vec2, 0))



def mv(input, vec):
    """A x: a 2-D matrix times a 1-D vector."""
    if input.ndim != 2 or vec.ndim != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got 1, {input.ndim}, {vec.ndim}")
    if input.shape[1] != vec.shape[0]:
        raise RuntimeError(f"size mismatch, got input ({input.shape[0]}), mat "
                           f"({input.shape[0]}x{input.shape[1]}), vec ({vec.shape[0]})")
    return MatMul.apply(input, vec)


def bmm(input, mat2):
    """A batch of matrix products: (b, n, m) @ (b, m, p) -> (b, n, p), no broadcasting."""
    for name, t in (("batch1", input), ("batch2", mat2)):
        if t.ndim != 3:
            raise RuntimeError(f"{name} must be a 3D tensor")
    want = [input.shape[0], input.shape[2]]
    if list(mat2.shape[:2]) != want:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"{want} but got: {list(mat2.shape[:2])}.")
    return MatMul.apply(input, mat2)


def tril(input, diagonal=0):
    return Triangle.apply(input, diagonal, False)


def triu(input, diagonal=0):
    return Triangle.apply(input, diagonal, True)


def diag(input, diagonal=0):
    """1-D: the matrix with ``input`` on diagonal ``diagonal``; 2-D: that diagonal."""
    return Diag.apply(input, diagonal)


def trace(input):
    """Σᵢ xᵢᵢ of a 2-D tensor."""
    if input.ndim != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {input.ndim}")
    return Sum.apply(Diag.apply(input, 0), None, False)


# -- indexing along a dimension ---------------------------------------------------


def _index_along(name, input, dim, index, src=None):
    """Check gather/scatter arguments as PyTorch does; returns (dim, index array)."""
    from ..tensor import Tensor
    if not isinstance(index, Tensor) or index.dtype != "int64":
        raise RuntimeError(f"{name}(): Expected dtype int64 for index")
    if index.device != input.device:
        raise RuntimeError(f"{name}(): expected index on {input.device}, got {index.device}")
    d = wrap_dim(dim, input.ndim)
    if index.ndim != input.ndim:
        raise RuntimeError("Index tensor must have the same number of dimensions as input tensor")
    for k in range(input.ndim):
        if k != d and index.shape[k] > input.shape[k]:
            raise RuntimeError(f"Size does not match at dimension {k} expected index "
                               f"{list(index.shape)} to be no larger than self "
                               f"{list(input.shape)} apart from dimension {d}")
        if isinstance(src, Tensor) and index.shape[k] > src.shape[k]:
            raise RuntimeError(f"Size does not match at dimension {k} expected index "
                               f"{list(index.shape)} to be no larger than src {list(src.shape)}")
    if index.numel():
        lo, hi = int(index.array.min()), int(index.array.max())
        if lo < 0 or hi >= input.shape[d]:
            raise RuntimeError(f"index {lo if lo < 0 else hi} is out of bounds for dimension "
                               f"{d} with size {input.shape[d]}")
    if isinstance(src, Tensor) and src.dtype != input.dtype:
        raise RuntimeError(f"{name}(): Expected self.dtype to be equal to src.dtype")
    return d, index.array


def gather(input, dim, index, *, sparse_grad=False):
    """out[p] = input[p with coordinate dim replaced by index[p]]."""
    return Gather.apply(input, *_index_along("gather", input, dim, index))


def scatter_add(input, dim, index, src):
    """A copy of input with src[p] added at (p with coordinate dim replaced by index[p])."""
    from ..tensor import Tensor
    if not isinstance(src, Tensor):
        raise TypeError(f"scatter_add(): argument 'src' must be Tensor, not {type(src).__name__}")
    return ScatterAdd.apply(input, *_index_along("scatter_add", input, dim, index, src), src)


def scatter(input, dim, index, src=None, *, value=None):
    """A copy of input with src[p] (or ``value``) written at (p with coordinate dim replaced
    by index[p]); where index repeats, which write wins is unspecified, as in PyTorch."""
    src = value if src is None else src
    return Scatter.apply(input, *_index_along("scatter", input, dim, index, src), src)


def index_select(input, dim, index):
    """The slices ``index`` (1-D) of input along dim."""
    if index.ndim > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    if index.dtype.kind not in "iu":
        raise RuntimeError("index_select(): Expected dtype int32 or int64 for index")
    d = wrap_dim(dim, input.ndim)
    return views.getitem(input, (slice(None),) * d + (reshape(index, -1),))


def take_along_dim(input, indices, dim=None):
    """gather after broadcasting input and indices over every dimension but dim (flattened
    when dim is None)."""
    if dim is None:
        return gather(reshape(input, -1), 0, reshape(indices, -1))
    d = wrap_dim(dim, input.ndim)
    if indices.ndim != input.ndim:
        raise RuntimeError(f"torch.take_along_dim(): input and indices should have the same "
                           f"number of dimensions, but got {input.ndim} dimensions for input, "
                           f"and {indices.ndim} dimensions for indices")
    a, b = list(input.shape), list(indices.shape)
    a[d] = b[d] = 1
    err = broadcast_error("take_along_dim", tuple(a), tuple(b))
    if err is not None:
        raise err
    common = [builtins.max(p, q) for p, q in zip(a, b)]
    input = Expand.apply(input, tuple(common[:d] + [input.shape[d]] + common[d + 1:]))
    indices = Expand.apply(indices, tuple(common[:d] + [indices.shape[d]] + common[d + 1:]))
    return gather(input, d, indices)


# -- reductions ----------------------------------------------------------------


def sum(input, dim=None, keepdim=False, *, dtype=None):
    out = Sum.apply(input, dim, keepdim)
    return out if dtype is None else out.to(dtype)


def mean(input, dim=None, keepdim=False, *, dtype=None):
    return Mean.apply(input if dtype is None else input.to(dtype), dim, keepdim)


def _correction(unbiased, correction):
    if correction is not None:
        return correction
    return 1 if unbiased is None or unbiased else 0


def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """Σ (x − x̄)² / (N − correction); correction=1 (Bessel's) by default."""
    if isinstance(dim, bool):                       # var(x, False): the legacy unbiased flag
        dim, unbiased = None, dim
    axes = wrap_dims(dim, input.ndim)
    n = math.prod(input.shape[a] for a in axes)
    centered = input - input.mean(dim=axes, keepdim=True)
    return (centered * centered).sum(dim=axes, keepdim=keepdim) / builtins.max(
        n - _correction(unbiased, correction), 0)


def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    return StdSqrt.apply(var(input, dim, unbiased, keepdim, correction=correction))


def prod(input, dim=None, keepdim=False, *, dtype=None):
    return Prod.apply(input if dtype is None else input.to(dtype), dim, keepdim)


MinMax = collections.namedtuple("MinMax", ["values", "indices"])


def _extremum(input, dim, keepdim, largest):
    from ..tensor import Tensor
    if isinstance(dim, Tensor):                      # max(a, b): the elementwise form
        return maximum(input, dim) if largest else minimum(input, dim)
    if dim is None:
        return Extremum.apply(input, None, False, largest)
    return MinMax(*ExtremumAt.apply(input, dim, keepdim, largest))


def max(input, dim=None, keepdim=False):
    """max(x): the largest value; max(x, dim): (values, indices); max(x, y): elementwise."""
    return _extremum(input, dim, keepdim, True)


def min(input, dim=None, keepdim=False):
    return _extremum(input, dim, keepdim, False)


def amax(input, dim=(), keepdim=False):
    return Extremum.apply(input, dim, keepdim, True)


def amin(input, dim=(), keepdim=False):
    return Extremum.apply(input, dim, keepdim, False)


def _arg(input, dim, keepdim, largest):
    from ..tensor import Tensor
    a = input.array
    xp = backend.xp(a)
    fn = xp.argmax if largest else xp.argmin
    if dim is None:
        out = fn(a.reshape(-1))
        out = out.reshape((1,) * a.ndim) if keepdim else out
    else:
        out = fn(a, axis=wrap_dim(dim, a.ndim), keepdims=keepdim) if a.ndim else fn(a)
    return Tensor._make(xp.asarray(out, dtype="int64"))


def argmax(input, dim=None, keepdim=False):
    return _arg(input, dim, keepdim, True)


def argmin(input, dim=None, keepdim=False):
    return _arg(input, dim, keepdim, False)


def logsumexp(input, dim, keepdim=False):
    return LogSumExp.apply(input, dim, keepdim)


def _softmax_dim(ndim):
    return 0 if ndim in (0, 1, 3) else 1             # PyTorch's legacy implicit dim


def softmax(input, dim=None, dtype=None):
    x = input if dtype is None else input.to(dtype)
    return Softmax.apply(x, _softmax_dim(x.ndim) if dim is None else dim)


def log_softmax(input, dim=None, dtype=None):
    x = input if dtype is None else input.to(dtype)
    return LogSoftmax.apply(x, _softmax_dim(x.ndim) if dim is None else dim)


def cumsum(input, dim, *, dtype=None):
    return Cumsum.apply(input if dtype is None else input.to(dtype), dim)


def norm(input, p="fro", dim=None, keepdim=False, dtype=None):
    """The vector p-norm over ``dim`` (all elements by default); 'fro' is p = 2."""
    if p == "fro" or p is None:
        p = 2
    if isinstance(p, str):
        raise ValueError(f"norm: p={p!r} is not supported; use a number, inf or 'fro'")
    return Norm.apply(input if dtype is None else input.to(dtype), float(p), dim, keepdim)


# -- shapes --------------------------------------------------------------------


def reshape(input, *shape):
    return views.reshape(input, size_args(shape))


def flatten(input, start_dim=0, end_dim=-1):
    if input.ndim == 0:
        return reshape(input, 1)
    s, e = wrap_dim(start_dim, input.ndim), wrap_dim(end_dim, input.ndim)
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    shape = input.shape
    return reshape(input, shape[:s] + (math.prod(shape[s:e + 1]),) + shape[e + 1:])


def squeeze(input, dim=None):
    axes = wrap_dims(dim, input.ndim) if dim is not None else range(input.ndim)
    drop = {a for a in axes if input.shape[a] == 1}
    return reshape(input, tuple(s for i, s in enumerate(input.shape) if i not in drop))


def unsqueeze(input, dim):
    d = wrap_dim(dim, input.ndim + 1)
    return reshape(input, input.shape[:d] + (1,) + input.shape[d:])


def transpose(input, dim0, dim1):
    if input.ndim == 0:
        return input.view(())
    dims = list(range(input.ndim))
    a, b = wrap_dim(dim0, input.ndim), wrap_dim(dim1, input.ndim)
    dims[a], dims[b] = dims[b], dims[a]
    return views.permute(input, tuple(dims))


def permute(input, *dims):
    return views.permute(input, size_args(dims))


def t(input):
    if input.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {input.ndim}D")
    return transpose(input, 0, 1) if input.ndim == 2 else input.view(input.shape)


def expand(input, *sizes):
    return Expand.apply(input, size_args(sizes))


def broadcast_to(input, size):
    return Expand.apply(input, size_args((size,)))


def repeat(input, *sizes):
    return Repeat.apply(input, size_args(sizes))


def cat(tensors, dim=0):
    from ..tensor import Tensor
    tensors = list(tensors)
    for k, x in enumerate(tensors):
        if not isinstance(x, Tensor):
            raise TypeError(f"cat(): expected a sequence of Tensors, but element {k} is "
                            f"{type(x).__name__}")
    return Cat.apply(dim, *tensors)


concat = concatenate = cat


def stack(tensors, dim=0):
    tensors = list(tensors)
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    for k, x in enumerate(tensors[1:], 1):
        if x.shape != tensors[0].shape:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got "
                               f"{list(tensors[0].shape)} at entry 0 and {list(x.shape)} at entry {k}")
    d = wrap_dim(dim, tensors[0].ndim + 1)
    return cat([unsqueeze(x, d) for x in tensors], d)


def narrow(input, dim, start, length):
    d = wrap_dim(dim, input.ndim)
    return views.getitem(input, (slice(None),) * d + (slice(start, start + length),))


def split(tensor, split_size_or_sections, dim=0):
    d = wrap_dim(dim, tensor.ndim)
    n = tensor.shape[d]
    if isinstance(split_size_or_sections, int):
        step = split_size_or_sections
        sizes = [builtins.min(step, n - i) for i in range(0, n, step)] or [0]
    else:
        sizes = list(split_size_or_sections)
        if builtins.sum(sizes) != n:
            raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {n} "
                               f"(input tensor's size at dimension {d}), but got split_sizes={sizes}")
    out, start = [], 0
    for size in sizes:
        out.append(narrow(tensor, d, start, size))
        start += size
    return tuple(out)


def chunk(input, chunks, dim=0):
    """``chunks`` pieces of size ⌈n/chunks⌉ (fewer if they run out); an empty dim gives
    ``chunks`` empty pieces, as in PyTorch."""
    d = wrap_dim(dim, input.ndim)
    n = input.shape[d]
    if n == 0:
        return tuple(narrow(input, d, 0, 0) for _ in range(chunks))
    return split(input, builtins.max(1, math.ceil(n / chunks)), dim)


def pad(input, pad, mode="constant", value=None):
    if mode != "constant":
        raise ValueError(f"pad: mode {mode!r} is not available; minigrad pads with a constant")
    return Pad.apply(input, tuple(pad), 0 if value is None else value)


def flip(input, dims):
    return Flip.apply(input, dims)


def to_dtype(input, dtype):
    """A differentiable cast (``x.to(mg.float64)``)."""
    return input if input.dtype == dtype else Cast.apply(input, dtype)
