"""Matrix multiplication (NumPy's rules for 1-D operands and batch broadcasting) and its
special cases (dot, mv, bmm, outer), the triangles of a matrix and its diagonal; each public
function below its op."""
from .. import backend
from ..autograd.function import Function, is_tensor
from .elementwise import Mul, _binary
from .logic import _torch_name
from .movement import Pad
from .reduce import Sum
from .shapes import broadcast_error
from .views import unsqueeze


class MatMul(Function):
    """C = A B;   ∂L/∂A = G Bᵀ,  ∂L/∂B = Aᵀ G

    A 1-D A is a row (1, k), a 1-D B a column (k, 1); the added axis is
    dropped again. Batch axes broadcast; the engine sums them back.
    """
    raw = True

    @staticmethod
    def forward(ctx, a, b):
        if a.ndim == 0 or b.ndim == 0:
            raise RuntimeError(f"matmul: both arguments need at least 1 dimension, got "
                               f"{list(a.shape)} and {list(b.shape)}")
        if a.shape[-1] != b.shape[0 if b.ndim == 1 else -2]:
            ra = "x".join(map(str, a.shape if a.ndim > 1 else (1,) + a.shape))
            rb = "x".join(map(str, b.shape if b.ndim > 1 else b.shape + (1,)))
            raise RuntimeError(f"matmul: mat1 and mat2 shapes cannot be multiplied ({ra} and {rb})")
        a, b = _binary(a, b)
        ctx.save_for_backward(a, b)
        try:
            return backend.xp(a).matmul(a, b)
        except ValueError:
            err = broadcast_error("matmul", a.shape[:-2], b.shape[:-2])
            if err is None:
                raise
            raise RuntimeError(f"matmul: the batch dimensions of {list(a.shape)} and "
                               f"{list(b.shape)} do not broadcast: {err}") from None

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        a2 = a.unsqueeze(0) if a.ndim == 1 else a
        b2 = b.unsqueeze(-1) if b.ndim == 1 else b
        if a.ndim == 1 and b.ndim == 1:
            g = grad.reshape(1, 1)
        else:
            g = grad.unsqueeze(-2) if a.ndim == 1 else grad
            g = g.unsqueeze(-1) if b.ndim == 1 else g
        ga = gb = None
        if need_a:
            ga = g @ b2.mT
            ga = ga.squeeze(-2) if a.ndim == 1 else ga
        if need_b:
            gb = a2.mT @ g
            gb = gb.squeeze(-1) if b.ndim == 1 else gb
        return ga, gb


def _same_dtype(a, b):
    """PyTorch's matrix products do not promote: a float32 model fed float64 data fails."""
    if is_tensor(a) and is_tensor(b) and a.dtype != b.dtype:
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: "
                           f"{_torch_name(a.dtype)} and {_torch_name(b.dtype)} (convert one "
                           f"with .to(dtype), e.g. x.float())")


def matmul(input, other):
    _same_dtype(input, other)
    return MatMul.apply(input, other)


def mm(input, mat2):
    """A B of two 2-D matrices (no broadcasting, no 1-D operands: those are ``matmul``)."""
    for name, t in (("self", input), ("mat2", mat2)):
        if t.ndim != 2:
            raise RuntimeError(f"{name} must be a matrix")
    _same_dtype(input, mat2)
    return MatMul.apply(input, mat2)


def _vectors(name, *tensors):
    for t in tensors:
        if t.ndim != 1:
            raise RuntimeError(f"{name}: 1D tensors expected, but got "
                               + " and ".join(f"{x.ndim}D" for x in tensors) + " tensors")


def dot(input, other):
    """Σᵢ aᵢbᵢ of two 1-D tensors of the same length."""
    _vectors("dot", input, other)
    if input.dtype != other.dtype:
        raise RuntimeError(f"dot : expected both vectors to have same dtype, but found "
                           f"{_torch_name(input.dtype)} and {_torch_name(other.dtype)}")
    if input.shape != other.shape:
        raise RuntimeError(f"inconsistent tensor size, expected tensor [{input.shape[0]}] and src "
                           f"[{other.shape[0]}] to have the same number of elements, but got "
                           f"{input.shape[0]} and {other.shape[0]} elements respectively")
    return MatMul.apply(input, other)


def mv(input, vec):
    """A x: a 2-D matrix times a 1-D vector."""
    if input.ndim != 2 or vec.ndim != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got 1, {input.ndim}, {vec.ndim}")
    if input.shape[1] != vec.shape[0]:
        raise RuntimeError(f"size mismatch, got input ({input.shape[0]}), mat "
                           f"({input.shape[0]}x{input.shape[1]}), vec ({vec.shape[0]})")
    _same_dtype(input, vec)
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
    _same_dtype(input, mat2)
    return MatMul.apply(input, mat2)


def outer(input, vec2):
    """(a bᵀ)ᵢⱼ = aᵢ bⱼ of two 1-D tensors (a product of broadcast views)."""
    for name, t in (("self", input), ("vec2", vec2)):
        if t.ndim != 1:
            raise RuntimeError(f"outer: Expected 1-D argument {name}, but got {t.ndim}-D")
    return Mul.apply(unsqueeze(input, 1), unsqueeze(vec2, 0))


class Triangle(Function):
    """y = tril(x, k) or triu(x, k): x with the entries above (below) diagonal k zeroed, over
    the last two dimensions;   ∂L/∂x = tril(∂L/∂y, k) (triu), the same mask."""
    raw = True

    @staticmethod
    def forward(ctx, x, k, upper):
        if x.ndim < 2:
            raise RuntimeError(f"{'triu' if upper else 'tril'}: input tensor must have at least "
                               f"2 dimensions")
        ctx.k, ctx.upper = k, upper
        xp = backend.xp(x)
        return xp.triu(x, k) if upper else xp.tril(x, k)

    @staticmethod
    def backward(ctx, grad):
        return Triangle.apply(grad, ctx.k, ctx.upper), None, None


def tril(input, diagonal=0):
    return Triangle.apply(input, diagonal, False)


def triu(input, diagonal=0):
    return Triangle.apply(input, diagonal, True)


class Diag(Function):
    """1-D x: y = the square matrix with x on diagonal k;  2-D x: y = diagonal k of x.

    The two are each other's adjoint: ∂L/∂x = diag(∂L/∂y, k), for a 2-D x padded
    (or cut) with zeros to x's shape.
    """
    raw = True

    @staticmethod
    def forward(ctx, x, k):
        if x.ndim not in (1, 2):
            raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {x.ndim}D")
        ctx.k, ctx.shape = k, x.shape
        xp = backend.xp(x)
        return xp.diag(x, k) if x.ndim == 1 else xp.diagonal(x, k).copy()

    @staticmethod
    def backward(ctx, grad):
        g = Diag.apply(grad, ctx.k)
        if len(ctx.shape) == 2:                   # g is square: fit it to x's shape
            (m, n), s = ctx.shape, g.shape[0]
            g = Pad.apply(g, (0, n - s, 0, m - s), 0)
        return g, None


def diag(input, diagonal=0):
    """1-D: the matrix with ``input`` on diagonal ``diagonal``; 2-D: that diagonal."""
    return Diag.apply(input, diagonal)


def trace(input):
    """Σᵢ xᵢᵢ of a 2-D tensor."""
    if input.ndim != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {input.ndim}")
    return Sum.apply(Diag.apply(input, 0), None, False)
