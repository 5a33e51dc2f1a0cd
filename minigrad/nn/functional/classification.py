"""Multi-class losses with class-index targets: ``nll_loss``, ``cross_entropy``,
``multi_margin_loss``.

Inputs are (C,), (N, C) or (N, C, d₁, ...) with the classes in dim 1;
class-index targets are int64 of shape (), (N,) or (N, d₁, ...). The score
of each sample's target class is picked out with integer indexing, whose
backward scatters the gradient back to that one entry.
"""
import numpy as np

from ... import backend
from ...autograd.function import floats, record_first
from ...autograd.node_names import rename_node
from ...ops import log_softmax
from ...ops.logic import _torch_name
from ...ops.nn import NLL, CrossEntropy
from ...tensor import Tensor
from .losses import legacy_reduction, reduce_loss


_TARGET_DTYPES = (np.dtype(np.int64), np.dtype(np.uint8))
_UNSIGNED = {np.dtype(np.int64): np.dtype(np.uint64), np.dtype(np.uint8): np.dtype(np.uint8)}


def _flatten_classes(input, target, name):
    """input -> (M, C) with classes last; target -> (M,) raw array; checked against each other."""
    shape = input.array.shape                   # plain tuples: this runs every training step
    if not shape:
        raise ValueError(f"{name}: input must have at least 1 dimension (the classes)")
    expected = () if len(shape) == 1 else (shape[0],) + shape[2:]
    if target.array.shape != expected:
        raise ValueError(f"{name}: input of shape {list(shape)} expects a target of shape "
                         f"{list(expected)} (the input's shape without the class dim 1), got "
                         f"target of shape {list(target.shape)}")
    if target.array.dtype.kind not in "iu":
        raise RuntimeError(f"{name}: expected class-index target of integer dtype, got "
                           f"{target.dtype}")
    if target.array.dtype not in _TARGET_DTYPES:            # PyTorch's kernels take these two
        raise RuntimeError(f"{name}: expected target dtype to be Long or Byte, but got "
                           f"{_torch_name(target.array.dtype)} (convert it with .long())")
    c = shape[0] if len(shape) == 1 else shape[1]
    if input.ndim > 2:
        input = input.permute(0, *range(2, input.ndim), 1)
    return (input if input.ndim == 2 else input.reshape(-1, c)), target.array.reshape(-1)


def _checked_targets(c, target, ignore_index, name):
    """The ignore mask (None if no target can be ignored) and the targets made safe to index
    with (ignored -> 0), all in range (``ignore_index=None``: no target is ignored)."""
    if ignore_index is None or not 0 <= ignore_index < c:      # the common case: one max
        # (read as unsigned, a negative target is above 2⁶³: t < c alone says 0 ≤ t < c)
        if target.size and target.view(_UNSIGNED[target.dtype]).max() < c:
            return None, target
    xp = backend.xp(target)
    ignored = target == ignore_index if ignore_index is not None else xp.zeros(target.shape, bool)
    safe = xp.where(ignored, 0, target)
    bad = ((safe < 0) | (safe >= c)) & ~ignored
    if bool(bad.any()):
        raise IndexError(f"{name}: Target {int(target[bad][0])} is out of bounds for "
                         f"{c} classes.")
    return ignored, safe


def _pick(scores, target, ignore_index, name):
    """scores[m, target[m]] for every row m, the ignore mask, and the safe targets."""
    ignored, safe = _checked_targets(scores.shape[1], target, ignore_index, name)
    rows = backend.xp(safe).arange(scores.shape[0])
    return scores[Tensor._make(rows), Tensor._make(safe)], ignored, safe


def _check_weight(weight, c, prefix=""):
    """A class-weight vector must have one entry per class (PyTorch's message)."""
    if weight is not None and tuple(weight.shape) != (c,):
        raise RuntimeError(f"{prefix}weight tensor should be defined either for all {c} classes "
                           f"or no classes but got weight tensor of shape: {list(weight.shape)}")


def _class_weights(weight, safe, ignored, dtype):
    """w[target] per row (0 where ignored), as a constant array; None when every row's is 1."""
    if weight is None and ignored is None:
        return None
    xp = backend.xp(safe)
    w = xp.ones(safe.shape, dtype=dtype) if weight is None else weight.array[safe].astype(dtype)
    return w if ignored is None else w * ~ignored


def _weighted_mean(total, weight_sum):
    """total / Σw; when every sample is ignored (Σw = 0) the value is NaN and the gradient
    zero, as PyTorch's kernel (which never divides the zero gradients by Σw)."""
    if float(weight_sum) == 0:
        return total * 0.0 + float("nan")
    return total / Tensor._make(weight_sum)


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
             reduction="mean"):
    """ℓₙ = −w_{yₙ} · x[n, yₙ]  (x: log-probabilities), 0 where yₙ = ignore_index;
    'mean' = Σ ℓₙ / Σ w_{yₙ} over the samples not ignored (PyTorch's weighted mean)."""
    reduction = legacy_reduction(size_average, reduce, reduction)
    scores, t = _flatten_classes(input, target, "nll_loss")
    loss = NLL.apply(scores, *_nll_args(scores, t, weight, ignore_index, reduction), reduction)
    if reduction == "none":
        return rename_node(loss.reshape(target.shape), "NllLossBackward0")   # one node in PyTorch
    return loss


def _nll_args(scores, t, weight, ignore_index, reduction, name="nll_loss"):
    """nll_loss's checks on scores (M, C) and targets t (M,) (errors name the caller), and
    NLL's arguments: the index (rows, targets) and the weight of each row."""
    if reduction not in ("none", "sum", "mean"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    m, c = scores.array.shape
    _check_weight(weight, c)
    ignored, safe = _checked_targets(c, t, ignore_index, name)
    w = _class_weights(weight, safe, ignored, scores.array.dtype)
    return (backend.xp(safe).arange(m), safe), w


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
                  reduction="mean", label_smoothing=0.0):
    """Softmax cross-entropy on raw scores (logits) x, with log p = log_softmax(x) over dim 1.

    Class indices yₙ:        ℓₙ = (1 − ε)·(−w_{yₙ} log p[n, yₙ]) + (ε/C)·(−Σ_c w_c log p[n, c])
    Class probabilities yₙ:  ℓₙ = −Σ_c w_c · ỹ[n, c] · log p[n, c],   ỹ = (1 − ε)y + ε/C
    with ε = label_smoothing. 'mean' divides by Σ w_{yₙ} (indices, as nll_loss)
    or by the number of samples (probabilities), as PyTorch does.
    ∂ℓ/∂x = softmax(x) − target (unweighted, ε = 0): bounded, so stable at any logits.
    """
    reduction = legacy_reduction(size_average, reduce, reduction)
    if not 0.0 <= label_smoothing <= 1.0:
        raise ValueError(f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing}")
    probabilities = target.array.shape == input.array.shape   # else class indices, as PyTorch
    if probabilities and target.array.dtype.kind != "f":
        raise RuntimeError(f"Expected floating point type for target with class probabilities, "
                           f"got {_torch_name(target.array.dtype)}")
    if (label_smoothing == 0 and input.ndim in (1, 2) and input.dtype.kind == "f"
            and not probabilities):             # the common case: one node, the same numbers
        scores, t = _flatten_classes(input, target, "cross_entropy")
        args = _nll_args(scores, t, weight, ignore_index, reduction, "cross_entropy")
        if floats(scores):                      # every training step's loss: a lean record
            loss, _ = record_first(CrossEntropy, scores, *args, reduction)
        else:
            loss, _ = CrossEntropy.apply(scores, *args, reduction)
        if reduction == "none":                 # (CrossEntropy's node is NllLossBackward0)
            return rename_node(loss.reshape(target.shape), "NllLossBackward0")
        return loss
    class_dim = 0 if input.ndim == 1 else 1
    logp = log_softmax(input, class_dim)
    c = input.shape[class_dim]
    w_shape = (c,) + (1,) * (input.ndim - class_dim - 1)
    _check_weight(weight, c, "cross_entropy: " if probabilities else "")
    if probabilities:
        if label_smoothing > 0:
            target = target * (1 - label_smoothing) + label_smoothing / c
        if weight is not None:
            logp = logp * weight.reshape(w_shape)
        loss = -(logp * target)
        if reduction == "mean":
            return loss.sum() / (input.numel() // c) if input.numel() else loss.sum() * float("nan")
        return loss.sum() if reduction == "sum" else reduce_loss(loss.sum(dim=class_dim), reduction)
    nll = nll_loss(logp, target, weight, ignore_index=ignore_index, reduction=reduction)
    if label_smoothing == 0:
        return nll
    smooth = -(logp if weight is None else logp * weight.reshape(w_shape)).sum(dim=class_dim)
    kept = Tensor._make((target.array != ignore_index).astype(smooth.dtype))
    smooth = smooth * kept
    if reduction == "mean":
        xp = backend.xp(target.array)
        t = target.array.reshape(-1)
        ignored = t == ignore_index
        denom = _class_weights(weight, xp.where(ignored, 0, t), ignored, input.dtype).sum()
        smooth = _weighted_mean(smooth.sum(), denom)
    else:
        smooth = reduce_loss(smooth, reduction)
    return (1 - label_smoothing) * nll + smooth * (label_smoothing / c)


def multi_margin_loss(input, target, p=1, margin=1.0, weight=None, size_average=None,
                      reduce=None, reduction="mean"):
    """The multi-class SVM (hinge) loss of CS231n, for scores x and target class y:
    ℓₙ = (1/C) Σ_{i ≠ y} w_y · max(0, margin − x[y] + x[i])ᵖ,   p ∈ {1, 2}
    (a margin of exactly 0 passes no gradient, as PyTorch)."""
    reduction = legacy_reduction(size_average, reduce, reduction)
    if p not in (1, 2):
        raise ValueError("only p == 1 and p == 2 supported")
    if input.ndim > 2:
        raise ValueError(f"multi_margin_loss: expected input of shape (C,) or (N, C), got "
                         f"{list(input.shape)}")
    scores, t = _flatten_classes(input, target, "multi_margin_loss")
    correct, _, safe = _pick(scores, t, None, "multi_margin_loss")
    xp = backend.xp(safe)
    c = scores.shape[1]
    if weight is not None and tuple(weight.shape) != (c,):
        raise RuntimeError(f"inconsistent weight size, expected {c} but got "
                           f"{list(weight.shape)}")
    others = Tensor._make((xp.arange(c) != safe[:, None]).astype(input.dtype))
    z = (margin - correct.unsqueeze(1) + scores).relu()
    z = z if p == 1 else z * z
    if weight is not None:
        z = z * Tensor._make(weight.array[safe].astype(input.dtype)[:, None])
    loss = (z * others).sum(dim=1) / c
    return reduce_loss(loss.reshape(target.shape), reduction)
