"""``torch.linalg``'s basics: ``inv``, ``solve``, ``det`` and the norms, differentiable.

Enough for the closed-form lectures (least squares w = (XᵀX)⁻¹Xᵀy, or better
``solve(X.T @ X, X.T @ y)``; Newton steps; Gaussian log-densities). Each op
works on a matrix or a batch of them (…, n, n), in float32 or float64; the
backward formulas are written with these same ops, so second derivatives work.
"""
from . import backend
from .autograd.function import Function, is_tensor
from .ops.logic import _torch_name
from .ops.reduce import norm as _norm


def _square(name, A):
    if not is_tensor(A):
        raise TypeError(f"linalg.{name}(): argument 'A' must be Tensor, not {type(A).__name__}")
    if A.dtype.kind != "f":
        raise RuntimeError(f"linalg.{name}: Expected a floating point or complex tensor as "
                           f"input. Got {_torch_name(A.dtype)}")
    if A.ndim < 2 or A.shape[-1] != A.shape[-2]:
        raise RuntimeError(f"linalg.{name}: A must be batches of square matrices, but they are "
                           f"{' by '.join(map(str, A.shape[-2:])) or 'not'} matrices")


def _singular(name, run, *arrays):
    try:
        return run(*arrays)
    except backend.np.linalg.LinAlgError:
        raise RuntimeError(f"linalg.{name}: The input matrix is singular, so the "
                           f"{'inversion' if name == 'inv' else 'solve'} could not be "
                           f"completed") from None


class Inv(Function):
    """Y = A⁻¹;   ∂L/∂A = −Yᵀ G Yᵀ"""
    raw = True

    @staticmethod
    def forward(ctx, a):
        y = _singular("inv", backend.xp(a).linalg.inv, a)
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        y, = ctx.saved_tensors
        return -(y.mT @ grad @ y.mT)


def inv(A):
    """A⁻¹ of a square matrix (or of each matrix of a batch)."""
    _square("inv", A)
    return Inv.apply(A)


class Solve(Function):
    """X = A⁻¹B (AX = B, B of shape (…, n, k));   ∂L/∂B = A⁻ᵀG,  ∂L/∂A = −(∂L/∂B) Xᵀ"""
    raw = True

    @staticmethod
    def forward(ctx, a, b):
        x = _singular("solve", backend.xp(a).linalg.solve, a, b)
        ctx.save_for_backward(a, x)
        return x

    @staticmethod
    def backward(ctx, grad):
        a, x = ctx.saved_tensors
        gb = Solve.apply(a.mT, grad)
        return -(gb @ x.mT), gb


def solve(A, B, *, left=True):
    """X with A X = B (``left=False``: X A = B). B is a vector (…, n) or matrices (…, n, k)."""
    _square("solve", A)
    if not is_tensor(B):
        raise TypeError(f"linalg.solve(): argument 'B' must be Tensor, not {type(B).__name__}")
    if A.dtype != B.dtype:
        raise RuntimeError(f"linalg.solve: Expected A and B to have the same dtype, but found "
                           f"A of type {_torch_name(A.dtype)} and B of type "
                           f"{_torch_name(B.dtype)} instead")
    if not left:
        return solve(A.mT, B.mT).mT
    vector = B.ndim == 1 or (B.ndim == A.ndim - 1 and B.shape == A.shape[:-1])
    Bm = B.unsqueeze(-1) if vector else B
    if Bm.shape[-2] != A.shape[-1]:
        raise RuntimeError(f"linalg.solve: Incompatible shapes of A and B for the equation "
                           f"AX = B ({'x'.join(map(str, A.shape[-2:]))} and "
                           f"{'x'.join(map(str, Bm.shape[-2:]))})")
    X = Solve.apply(*_broadcast_batch(A, Bm))
    return X.squeeze(-1) if vector else X


def _broadcast_batch(A, B):
    """A and B with their batch dims (all but the last two) broadcast to one shape."""
    batch = backend.np.broadcast_shapes(A.shape[:-2], B.shape[:-2])
    return A.expand(*batch, *A.shape[-2:]), B.expand(*batch, *B.shape[-2:])


class Det(Function):
    """d = det A;   ∂L/∂A = G d A⁻ᵀ (A invertible)"""
    raw = True

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return backend.xp(a).linalg.det(a)

    @staticmethod
    def backward(ctx, grad):
        a, = ctx.saved_tensors
        return (grad * det(a)).unsqueeze(-1).unsqueeze(-1) * inv(a).mT


def det(A):
    """The determinant of a square matrix (or of each matrix of a batch)."""
    _square("det", A)
    return Det.apply(A)


def vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None):
    """(Σ|xᵢ|^ord)^(1/ord) over ``dim`` (every element by default); ord may be inf, -inf, 0."""
    return _norm(x, ord, dim, keepdim, dtype)


def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None):
    """The Frobenius norm √(Σ aᵢⱼ²) over the two dims ``dim`` (the spectral and nuclear norms,
    which need an SVD, are not implemented)."""
    if A.ndim < 2:
        raise RuntimeError("linalg.matrix_norm: The input tensor A must have at least 2 "
                           "dimensions.")
    if ord != "fro":
        raise NotImplementedError(f"minigrad does not implement linalg.matrix_norm(ord={ord!r}) "
                                  f"(yet): only 'fro'")
    return _norm(A, 2, dim, keepdim, dtype)


def norm(A, ord=None, dim=None, keepdim=False, *, dtype=None):
    """PyTorch's ``linalg.norm``: the 2-norm of all elements (ord None), the Frobenius norm
    ('fro'), or the vector ``ord``-norm along ``dim`` (an int, or a 1-D input)."""
    if ord is None:
        return _norm(A, 2, dim, keepdim, dtype)
    if dim is None and A.ndim not in (1, 2):
        raise RuntimeError(f"linalg.norm: If dim is not specified but ord is, the input must be "
                           f"1D or 2D. Got {A.ndim}D.")
    if ord == "fro":
        return matrix_norm(A, "fro", (-2, -1) if dim is None else dim, keepdim, dtype=dtype)
    if isinstance(dim, int) or (dim is None and A.ndim == 1):
        return _norm(A, ord, dim, keepdim, dtype)
    raise NotImplementedError(f"minigrad does not implement linalg.norm(ord={ord!r}) of a "
                              f"matrix (yet): use ord=None, 'fro', or an int dim for vectors")
