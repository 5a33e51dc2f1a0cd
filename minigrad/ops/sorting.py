"""Sorting: ``sort``, ``argsort``, ``topk``, ``kthvalue``, ``median``, ``unique``.

The order is found on the raw array (no gradient); the values are then
``gather(x, dim, indices)``, so the gradient flows back to the positions
the values came from (gather's backward adds it in there).

Equal values keep their original order in both directions (a stable sort),
which is what PyTorch's ``sort`` gives on the CPU; ``topk`` and ``kthvalue``
take the first equal values in that order, where PyTorch leaves the choice
among ties unspecified (see docs/ops.md).
"""

from .. import backend
from .._printing import return_type
from ..autograd.function import Function
from ..autograd.node_names import rename_node
from .indexing import gather
from .shapes import wrap_dim
from .views import narrow

Sort, TopK, KthValue, Median = (return_type(name, ["values", "indices"])   # print as PyTorch's
                                for name in ("sort", "topk", "kthvalue", "median"))


def _order(a, dim, descending):
    """Indices that sort ``a`` along ``dim``, ties in their original order, NaN counted as
    the largest value (last ascending, first descending), as PyTorch."""
    xp = backend.xp(a)
    if not descending:
        return xp.argsort(a, axis=dim, kind="stable")
    # sort the reversed array ascending (ties then come last-first), and read it backwards
    n = a.shape[dim]
    backwards = xp.argsort(xp.flip(a, dim), axis=dim, kind="stable")
    return n - 1 - xp.flip(backwards, dim)


class Argsort(Function):
    """The indices that sort x along dim (stable). No gradient: sort's values get theirs
    through gather."""
    raw = True
    differentiable = False

    @staticmethod
    def forward(ctx, x, dim, descending):
        if x.ndim == 0:
            return backend.xp(x).zeros((), dtype="int64")
        return _order(x, wrap_dim(dim, x.ndim), descending).astype("int64", copy=False)


def argsort(input, dim=-1, descending=False, stable=False):
    """The indices that sort ``input`` along ``dim`` (always stable here)."""
    return Argsort.apply(input, dim, descending)


def sort(input, dim=-1, descending=False, stable=False):
    """(values, indices): ``input`` sorted along ``dim``; values[p] = input at indices[p].
    The sort is always stable (``stable`` is accepted for PyTorch's signature)."""
    if isinstance(dim, bool):                  # sort(x, True): the old descending flag
        dim, descending = -1, dim
    indices = argsort(input, dim, descending)
    if input.ndim == 0:
        return Sort(rename_node(input * 1, "SortBackward0"), indices)
    return Sort(rename_node(gather(input, dim, indices), "SortBackward0"), indices)


def topk(input, k, dim=-1, largest=True, sorted=True):
    """(values, indices) of the k largest (smallest) entries along ``dim``, in order."""
    d = wrap_dim(dim, input.ndim)
    n = input.shape[d] if input.ndim else 1
    if not 0 <= k <= n:
        raise RuntimeError("selected index k out of range")
    indices = argsort(input, d, descending=largest)
    if input.ndim == 0:
        return TopK(rename_node(input * 1, "TopkBackward0"), indices)
    indices = narrow(indices, d, 0, k)
    return TopK(rename_node(gather(input, d, indices), "TopkBackward0"), indices)


def kthvalue(input, k, dim=-1, keepdim=False):
    """(values, indices) of the k-th smallest entry along ``dim`` (k counts from 1)."""
    d = wrap_dim(dim, input.ndim)
    n = input.shape[d] if input.ndim else 1
    if not 1 <= k <= n:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {d}")
    if input.ndim == 0:
        return KthValue(rename_node(input * 1, "KthvalueBackward0"), argsort(input))
    indices = narrow(argsort(input, d), d, k - 1, 1)
    values = gather(input, d, indices)
    if not keepdim:
        values, indices = values.squeeze(d), indices.squeeze(d)
    return KthValue(rename_node(values, "KthvalueBackward0"), indices)


def median(input, dim=None, keepdim=False):
    """The lower median m (the ⌈n/2⌉-th smallest value, as PyTorch: no averaging of the two
    middle values): of all elements as a 0-d tensor, whose gradient the elements equal to m
    share evenly (as ``max``'s), or (values, indices) along ``dim``, whose gradient goes to
    the index returned."""
    if dim is None:
        flat = input.reshape(-1)
        if flat.shape[0] == 0:
            return flat.sum() * float("nan")           # PyTorch: NaN for an empty input
        m = kthvalue(flat, (flat.shape[0] + 1) // 2).values.detach()
        if not input.requires_grad:
            return m
        ties = flat == m
        median = m + ((flat - m) * ties).sum() / ties.sum()  # = m exactly; ∂/∂x = ties / #ties
        return rename_node(median, "MedianBackward0")
    n = input.shape[wrap_dim(dim, input.ndim)] if input.ndim else 1
    values, indices = kthvalue(input, (n + 1) // 2, dim, keepdim)
    return Median(rename_node(values, "MedianBackward1"), indices)


class Unique(Function):
    """The distinct values of x, sorted (NumPy's unique), with the inverse indices and the
    counts as more int64 outputs. No gradient, as in PyTorch."""
    raw = True
    differentiable = False

    @staticmethod
    def forward(ctx, x, dim):
        xp = backend.xp(x)
        values, inverse, counts = xp.unique(x, return_inverse=True, return_counts=True,
                                            axis=dim)
        shape = x.shape if dim is None else (x.shape[dim],)
        return values, inverse.reshape(shape).astype("int64"), counts.astype("int64")


def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):
    """The distinct values (always sorted here), plus where each input element went
    (``return_inverse``) and how often each value occurs (``return_counts``)."""
    if dim is not None:
        dim = wrap_dim(dim, input.ndim)
    values, inverse, counts = Unique.apply(input, dim)
    extra = [t for t, wanted in ((inverse, return_inverse), (counts, return_counts)) if wanted]
    return (values, *extra) if extra else values
