"""Loss functions (``F.mse_loss``, ``F.cross_entropy``, ...), PyTorch's formulas and options.

Every loss computes a per-element (or per-sample) loss ℓ and then reduces
it: ``reduction='mean'`` (the default), ``'sum'`` or ``'none'``. Each
docstring gives ℓ; its gradient is what autograd derives from the Tensor
ops, except for ``binary_cross_entropy`` whose backward is PyTorch's own.
"""
import math
import warnings

import numpy as np

from ...autograd.node_names import rename_node
from ...ops import where
from ...ops.logic import _torch_name
from ...ops.nn import BCE_EPS, BinaryCrossEntropy, MseLoss, logsigmoid
from ...tensor import Tensor



def legacy_reduction(size_average, reduce, reduction):
    """Map PyTorch's deprecated ``size_average``/``reduce`` to ``reduction``."""
    if size_average is None and reduce is None:
        return reduction
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    reduction = "none" if not reduce else "mean" if size_average else "sum"
    warnings.warn(f"size_average and reduce args will be deprecated, please use "
                  f"reduction='{reduction}' instead.", stacklevel=3)
    return reduction


def reduce_loss(loss, reduction, node_name=None):
    """Reduce ``loss``; ``node_name``: PyTorch's name for the node of the whole loss
    (``MseLossBackward0``), which the result's grad_fn then prints."""
    if reduction == "mean":
        out = loss.mean()
    elif reduction == "sum":
        out = loss.sum()
    elif reduction == "none":
        out = loss
    else:
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return out if node_name is None else rename_node(out, node_name)


def _same_shape(name, input, target):
    """PyTorch warns and broadcasts when the shapes differ; broadcasting failure is an error."""
    if tuple(input.shape) == tuple(target.shape):
        return
    try:
        np.broadcast_shapes(tuple(input.shape), tuple(target.shape))
    except ValueError:                  # PyTorch's broadcasting error is a RuntimeError
        raise RuntimeError(f"{name}: input of shape {list(input.shape)} and target of shape "
                           f"{list(target.shape)} cannot be broadcast together") from None
    warnings.warn(f"{name}: Using a target size ({list(target.shape)}) that is different to the "
                  f"input size ({list(input.shape)}). This will likely lead to incorrect "
                  "results due to broadcasting. Please ensure they have the same size.",
                  stacklevel=3)


# -- regression -------------------------------------------------------------------------
def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """ℓ = (x − y)²: one node, :class:`~minigrad.ops.nn.MseLoss`, when x and y are floats of one
    dtype and no weight is given (else composed, the dtypes promoted as ``x − y`` does)."""
    _same_shape("mse_loss", input, target)
    reduction = legacy_reduction(size_average, reduce, reduction)
    if (weight is None and reduction in ("mean", "sum", "none") and isinstance(target, Tensor)
            and input.dtype == target.dtype and input.dtype.is_floating_point):
        return MseLoss.apply(input, target, reduction)
    diff = input - target
    loss = diff * diff if weight is None else weight * diff * diff
    return reduce_loss(loss, reduction, "MseLossBackward0")


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """ℓ = |x − y|   (gradient sign(x − y), 0 where x = y)"""
    _same_shape("l1_loss", input, target)
    loss = (input - target).abs()
    loss = loss if weight is None else weight * loss
    return reduce_loss(loss, legacy_reduction(size_average, reduce, reduction))


def huber_loss(input, target, reduction="mean", delta=1.0, weight=None):
    """ℓ = ½(x − y)² if |x − y| < δ, else δ(|x − y| − ½δ)   (the square of the difference
    clamped to ±δ: the unused piece passes gradient 0, not 0·∞ = NaN, at x − y = ±∞)"""
    _same_shape("huber_loss", input, target)
    diff = input - target
    z, near = diff.abs(), diff.clamp(-delta, delta)
    loss = where(z < delta, 0.5 * near * near, delta * (z - 0.5 * delta))
    loss = loss if weight is None else weight * loss
    return reduce_loss(loss, reduction, "HuberLossBackward0")


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    """ℓ = ½(x − y)²/β if |x − y| < β, else |x − y| − ½β   (β = 0: the L1 loss)"""
    _same_shape("smooth_l1_loss", input, target)
    reduction = legacy_reduction(size_average, reduce, reduction)
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    if beta == 0:
        return l1_loss(input, target, reduction=reduction)
    diff = input - target
    z, near = diff.abs(), diff.clamp(-beta, beta)          # finite gradients at ±∞ (huber_loss)
    loss = where(z < beta, 0.5 * near * near / beta, z - 0.5 * beta)
    return reduce_loss(loss, reduction, "SmoothL1LossBackward0")


def gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction="mean"):
    """ℓ = ½(log max(σ², ε) + (x − y)²/max(σ², ε)) [+ ½ log 2π if full]

    As in PyTorch the clamp max(σ², ε) is not differentiated: ∂ℓ/∂σ² uses
    the clamped value but passes through the clamp as if it were not there.
    """
    if not isinstance(var, Tensor):
        var = input.detach() * 0 + float(var)
    if tuple(var.shape) != tuple(input.shape):
        if tuple(input.shape[:-1]) == tuple(var.shape):
            var = var.unsqueeze(-1)
        elif not (tuple(input.shape[:-1]) == tuple(var.shape[:-1]) and var.shape[-1] == 1):
            raise ValueError(f"var is of incorrect size: got {list(var.shape)} for input of "
                             f"shape {list(input.shape)}")
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(reduction + " is not valid")
    if bool((var.array < 0).any()):
        raise ValueError("var has negative entry/entries")
    var = var + (var.detach().clamp(min=eps) - var.detach())
    loss = 0.5 * (var.log() + (input - target) ** 2 / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return reduce_loss(loss, reduction)


def poisson_nll_loss(input, target, log_input=True, full=False, size_average=None, eps=1e-8,
                     reduce=None, reduction="mean"):
    """log_input:  ℓ = eˣ − y·x;   else  ℓ = x − y·log(x + ε);
    full adds Stirling's y·log y − y + ½ log(2πy) where y > 1."""
    reduction = legacy_reduction(size_average, reduce, reduction)
    if log_input:
        loss = input.exp() - target * input
    else:
        loss = input - target * (input + eps).log()
    if full:
        safe = where(target > 1, target, 1.0)
        stirling = safe * safe.log() - safe + 0.5 * (2 * math.pi * safe).log()
        loss = loss + where(target > 1, stirling, 0.0)
    return reduce_loss(loss, reduction)


# -- binary classification ------------------------------------------------------------------
def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None,
                         reduction="mean"):
    """ℓ = −w·(y log x + (1 − y) log(1 − x)), logs clamped at −100; x must lie in [0, 1]"""
    reduction = legacy_reduction(size_average, reduce, reduction)
    if tuple(target.shape) != tuple(input.shape):
        raise ValueError(f"Using a target size ({list(target.shape)}) that is different to the "
                         f"input size ({list(input.shape)}) is deprecated. Please ensure they "
                         "have the same size.")
    if target.dtype != input.dtype:        # PyTorch: no promotion here (labels must be floats)
        raise RuntimeError(f"binary_cross_entropy: Found dtype {_torch_name(target.dtype)} but "
                           f"expected {_torch_name(input.dtype)} (convert the target: "
                           f"target.to(input.dtype))")
    for name, data in (("input", input.array), ("target", target.array)):
        if not bool(((data >= 0) & (data <= 1)).all()):      # NaN is refused too, as PyTorch
            raise RuntimeError(f"all elements of {name} should be between 0 and 1")
    loss = BinaryCrossEntropy.apply(input, target)
    if weight is not None:
        loss = loss * weight
    return reduce_loss(loss, reduction, "BinaryCrossEntropyBackward0")


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None,
                                     reduction="mean", pos_weight=None):
    """ℓ = −w·(p·y·log σ(x) + (1 − y)·log(1 − σ(x)))  with p = pos_weight, computed stably as
    ℓ = w·((1 − y)·x − (1 + (p − 1)y)·log σ(x));   ∂ℓ/∂x = w·((1 + (p − 1)y)σ(x) − p·y)"""
    reduction = legacy_reduction(size_average, reduce, reduction)
    if tuple(target.shape) != tuple(input.shape):
        raise ValueError(f"Target size ({list(target.shape)}) must be the same as input size "
                         f"({list(input.shape)})")
    if target.dtype.kind != "f":            # PyTorch refuses integer labels here too
        raise RuntimeError(f"binary_cross_entropy_with_logits: result type "
                           f"{_torch_name(input.dtype)} can't be cast to the desired output type "
                           f"{_torch_name(target.dtype)} (convert the target: target.float())")
    log_weight = 1.0 if pos_weight is None else (pos_weight - 1) * target + 1
    loss = (1 - target) * input - log_weight * logsigmoid(input)
    if weight is not None:
        loss = loss * weight
    return reduce_loss(loss, reduction, "BinaryCrossEntropyWithLogitsBackward0")


def soft_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """ℓ = log(1 + e^(−y·x)), y ∈ {−1, 1}   (computed as −log σ(y·x): finite at ±1000)"""
    _same_shape("soft_margin_loss", input, target)
    loss = -logsigmoid(input * target)
    return reduce_loss(loss, legacy_reduction(size_average, reduce, reduction),
                       "SoftMarginLossBackward0")


def hinge_embedding_loss(input, target, margin=1.0, size_average=None, reduce=None,
                         reduction="mean"):
    """ℓ = x if y = 1,   max(0, margin − x) if y = −1"""
    hinge = (margin - input).clamp(min=0)
    loss = where(target != 1, hinge, 0.0) + where(target != -1, input, 0.0)
    return reduce_loss(loss, legacy_reduction(size_average, reduce, reduction))


def cosine_embedding_loss(input1, input2, target, margin=0.0, size_average=None, reduce=None,
                          reduction="mean"):
    """ℓ = 1 − cos(x₁, x₂) if y = 1,   max(0, cos(x₁, x₂) − margin) if y = −1
    (cos = x₁·x₂ / √((‖x₁‖² + ε)(‖x₂‖² + ε)), ε = 1e−12, as PyTorch)"""
    if tuple(input1.shape) != tuple(input2.shape):
        raise RuntimeError(f"cosine_embedding_loss: input1 of shape {list(input1.shape)} and "
                           f"input2 of shape {list(input2.shape)} must have the same shape")
    dim = input1.ndim - 1
    dot = (input1 * input2).sum(dim=dim)
    mag1 = (input1 * input1).sum(dim=dim) + BCE_EPS
    mag2 = (input2 * input2).sum(dim=dim) + BCE_EPS
    cos = dot / (mag1 * mag2).sqrt()
    loss = where(target == 1, 1 - cos, 0.0) + where(target == -1, (cos - margin).clamp(min=0),
                                                    0.0)
    return reduce_loss(loss, legacy_reduction(size_average, reduce, reduction))


def margin_ranking_loss(input1, input2, target, margin=0.0, size_average=None, reduce=None,
                        reduction="mean"):
    """ℓ = max(0, −y·(x₁ − x₂) + margin)"""
    loss = (-target * (input1 - input2) + margin).clamp(min=0)
    return reduce_loss(loss, legacy_reduction(size_average, reduce, reduction))


def kl_div(input, target, size_average=None, reduce=None, reduction="mean", log_target=False):
    """ℓ = y·(log y − x)  (0 where y = 0), x = log q the input's log-probabilities;
    log_target:  ℓ = e^y·(y − x).  reduction='batchmean' divides the sum by the batch size
    (the true KL divergence); 'mean' divides by the number of elements."""
    reduction = legacy_reduction(size_average, reduce, reduction)
    if log_target:
        loss = target.exp() * (target - input)
    else:
        safe = where(target > 0, target, 1.0)
        loss = target * safe.log() - target * input
    if reduction == "batchmean":
        total = loss.sum()
        return total / input.shape[0] if input.ndim else total
    if reduction == "mean":
        warnings.warn("reduction: 'mean' divides the total loss by both the batch size and the "
                      "support size.'batchmean' divides only by the batch size, and aligns with "
                      "the KL div math definition.", stacklevel=2)
    return reduce_loss(loss, reduction)
