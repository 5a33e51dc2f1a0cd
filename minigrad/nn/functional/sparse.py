"""``F.embedding``: a lookup table, the rows of ``weight`` picked by integer indices.

``F.embedding(i, W)`` is ``W[i]``, which is also ``one_hot(i) @ W`` (makemore's
``C[X]``). Its gradient adds each position's gradient into the row it read,
except for ``padding_idx`` (a row that never learns), optionally divided by how
often the row was read in the batch (``scale_grad_by_freq``).
"""
from ... import backend
from ...autograd import grad_mode
from ...autograd.function import Function
from ...ops.indexing import IndexAdd
from ...tensor import Tensor

RENORM_EPS = 1e-7            # PyTorch's embedding_renorm_: scale = max_norm / (norm + 1e-7)


class Embedding(Function):
    """y[p] = W[i_p];   ∂L/∂W[r] = Σ_{p: i_p = r} s_p ∂L/∂y[p]

    with s_p = 0 where i_p is the padding index, 1/count(i_p) with
    ``scale_grad_by_freq``, else 1."""
    raw = True

    @staticmethod
    def forward(ctx, weight, indices, padding_idx, scale_grad_by_freq):
        ctx.indices, ctx.shape = indices, weight.shape
        ctx.scale = _grad_scale(indices, padding_idx, scale_grad_by_freq, weight.dtype)
        return weight[indices]

    @staticmethod
    def backward(ctx, grad):
        if ctx.scale is not None:
            grad = grad * Tensor._make(ctx.scale)
        return IndexAdd.apply(grad, ctx.indices, ctx.shape), None, None, None


def _grad_scale(indices, padding_idx, scale_grad_by_freq, dtype):
    """s_p of each position, shaped (*indices.shape, 1); None when every s_p is 1."""
    if padding_idx is None and not scale_grad_by_freq:
        return None
    xp = backend.xp(indices)
    scale = xp.ones(indices.shape, dtype=dtype)
    if scale_grad_by_freq:
        _, inverse, counts = xp.unique(indices, return_inverse=True, return_counts=True)
        scale = scale / counts[inverse.reshape(indices.shape)]
    if padding_idx is not None:
        scale[indices == padding_idx] = 0
    return scale[..., None]


def padding_index(padding_idx, num_embeddings):
    """``padding_idx`` as a row number (a negative one counts from the end), checked."""
    if padding_idx is None:
        return None
    if not -num_embeddings <= padding_idx < num_embeddings:
        raise AssertionError("Padding_idx must be within num_embeddings")
    return padding_idx % num_embeddings


def check_sparse(sparse):
    if sparse:
        raise NotImplementedError("minigrad does not implement sparse gradients (sparse=True): "
                                  "use sparse=False, the default, for a dense weight.grad")


def _renorm_(weight, indices, max_norm, norm_type):
    """Rescale, in place, each row ``indices`` read whose ``norm_type``-norm exceeds
    ``max_norm`` to norm max_norm (PyTorch's ``embedding_renorm_``; not recorded)."""
    xp = backend.xp(weight.array)
    rows = xp.unique(indices)
    w = weight.array
    norms = xp.linalg.norm(w[rows].astype("float64"), ord=norm_type, axis=1)
    scale = xp.where(norms > max_norm, max_norm / (norms + RENORM_EPS), 1.0)
    w[rows] *= scale[:, None].astype(w.dtype)
    weight._bump_version()


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0,
              scale_grad_by_freq=False, sparse=False):
    """``weight[input]``: one row of the (num_embeddings, embedding_dim) table per index.

    padding_idx: that row gets no gradient; max_norm: rows read whose norm exceeds it are
    first rescaled in place to that norm; scale_grad_by_freq: each row's gradient is divided
    by the number of times the batch reads it.
    """
    if input.dtype.kind not in "iu" or input.dtype.itemsize < 4:
        raise RuntimeError(f"Expected tensor for argument #1 'indices' to have one of the "
                           f"following scalar types: Long, Int; but got {input.type()} instead "
                           f"(while checking arguments for embedding)")
    if weight.ndim != 2:
        raise RuntimeError(f"'weight' must be 2-D, got a tensor of shape {list(weight.shape)}")
    check_sparse(sparse)
    n = weight.shape[0]
    padding_idx = padding_index(padding_idx, n)
    indices = input.array
    if indices.size and (int(indices.min()) < 0 or int(indices.max()) >= n):
        bad = int(indices.min()) if int(indices.min()) < 0 else int(indices.max())
        raise IndexError(f"index out of range in self: embedding index {bad} is not a row of a "
                         f"table of {n} rows (valid: 0 to {n - 1})")
    if max_norm is not None:
        with grad_mode.no_grad():
            _renorm_(weight, indices, max_norm, norm_type)
    return Embedding.apply(weight, indices, padding_idx, scale_grad_by_freq)
