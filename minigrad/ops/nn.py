"""The fused ops of ``minigrad.nn.functional``: a whole layer or loss as one Function with its
own backward, where composing Tensor ops would cost more graph nodes, precision or stability.

    Linear           y = x Wᵀ + b, one node per layer (F.linear, nn.Linear)
    BatchNormTrain   batch norm with batch statistics, the lecture's fused backward
    NLL              the weighted pick −w·x[m, yₘ] of nll_loss
    CrossEntropy     log_softmax and NLL as one node (cross_entropy on (N, C) logits)
    MseLoss          (x − y)² and its reduction as one node (mse_loss), PyTorch's backward
    BinaryCrossEntropy  with PyTorch's clamped logs (finite at 0 and 1)
    LogSigmoid       log σ(x), finite at ±1000

The functions users call (``F.linear``, ``F.batch_norm``, ...) are in
``minigrad/nn/functional/``; ``linear`` and ``logsigmoid`` stand here under their op.
"""
import numpy as np

from .. import backend
from ..autograd.function import _UNRECORDED, Function, is_tensor, record, run, same_floats
from .linalg import _same_dtype
from .logic import _torch_name
from .indexing import IndexAdd
from .reduce import LogSoftmax, Mean, Sum
from .unary import Exp

BCE_EPS = float(np.float32(1e-12))     # PyTorch's kernels use a float32 1e-12


class Linear(Function):
    """y = x Wᵀ + b   for x of shape (*, in), W (out, in), b (out,);
    ∂L/∂x = G W,   ∂L/∂W = Gᵀ x,   ∂L/∂b = Σ G over the batch   (G = ∂L/∂y)

    One op instead of transpose, matmul and add: a layer costs one graph node.
    """
    raw = True
    array_backward = True

    @staticmethod
    def forward(ctx, x, w, b):
        ctx.save_for_backward(x, w)
        y = x @ w.T
        if b is not None:
            y += b
        return y

    @staticmethod
    def backward(ctx, grad):
        x, w = ctx.saved_tensors
        need_x, need_w, need_b = ctx.needs_input_grad
        if grad.ndim == 2:                               # (N, out) and (N, in) already
            g, x2 = grad, x
        else:                                            # flatten the batch dims
            g, x2 = grad.reshape(-1, grad.shape[-1]), x.reshape(-1, x.shape[-1])
        gx = grad @ w if need_x else None
        gw = g.T @ x2 if need_w else None
        gb = g.sum(0) if need_b else None
        return gx, gw, gb


def linear(input, weight, bias=None):
    """y = x Wᵀ + b (see :class:`Linear` for the gradients)."""
    x_shape, w_shape = input.array.shape, weight.array.shape    # tuples: cheaper than Sizes
    if x_shape[-1:] != w_shape[-1:]:
        raise RuntimeError(f"linear: input of shape {list(x_shape)} cannot be multiplied "
                           f"with weight of shape {list(w_shape)} (in_features "
                           f"{w_shape[-1]} ≠ {x_shape[-1] if x_shape else 0})")
    if len(w_shape) == 1:                                # a single output feature, squeezed
        out = input @ weight
        return out if bias is None else out + bias
    if same_floats(input, weight) and (bias is None or same_floats(weight, bias)):
        out = Linear.forward(_UNRECORDED, input.array, weight.array,   # fast path: the same
                             None if bias is None else bias.array)     # numbers, less bookkeeping
        return record(Linear, out, (input, weight, bias), (input, weight))
    _same_dtype(input, weight)                           # PyTorch does not promote here either
    if bias is not None and bias.dtype != weight.dtype:
        raise RuntimeError(f"linear: bias of dtype {_torch_name(bias.dtype)} does not match the "
                           f"weight's {_torch_name(weight.dtype)} (convert one with .to(dtype))")
    return Linear.apply(input, weight, bias)


class LogSigmoid(Function):
    """y = log σ(x) = min(x, 0) − log(1 + e^(−|x|));   dy/dx = 1 − σ(x) = σ(−x)

    Written this way it never overflows: y(−1000) = −1000, y'(−1000) = 1.
    """
    raw = True

    @staticmethod
    def forward(ctx, x):
        xp = backend.xp(x)
        ctx.save_for_backward(x)
        return xp.minimum(x, 0) - xp.log1p(xp.exp(-abs(x)))

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * (-x).sigmoid()


def logsigmoid(input):
    """log σ(x) = −softplus(−x);   f'(x) = σ(−x)   (finite at ±1000)"""
    return LogSigmoid.apply(input)


def _stat_shape(x):
    """Shape that broadcasts a per-channel vector against x = (N, C, ...)."""
    return (1, x.shape[1]) + (1,) * (x.ndim - 2)


class BatchNormTrain(Function):
    r"""Batch normalization with batch statistics, per channel c over the N·L values:

        μ = (1/N) Σ x,   σ² = (1/N) Σ (x − μ)²,   x̂ = (x − μ)/√(σ² + ε),   y = γ x̂ + β

    Backward, in one step (the lecture derivation; N counts the values per channel)::

        ∂L/∂γ = Σ dy·x̂,    ∂L/∂β = Σ dy,
        ∂L/∂x = (1/N) · γ/σ · (N·dy − Σ dy − x̂ · Σ(dy·x̂))

    The backward recomputes μ, σ and x̂ from x with Tensor ops, so under
    ``create_graph=True`` it is differentiable again (x̂ depends on x).
    """
    raw = True

    @staticmethod
    def forward(ctx, x, weight, bias, eps):
        xp = backend.xp(x)
        axes = (0,) + tuple(range(2, x.ndim))
        shape = _stat_shape(x)
        mean = x.mean(axis=axes, keepdims=True)
        var = ((x - mean) ** 2).mean(axis=axes, keepdims=True)
        y = (x - mean) / xp.sqrt(var + eps)
        if weight is not None:
            y = y * weight.reshape(shape)
        if bias is not None:
            y = y + bias.reshape(shape)
        ctx.eps, ctx.axes = eps, axes
        ctx.save_for_backward(x, weight)
        return y.astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, dy):
        x, weight = ctx.saved_tensors
        axes, shape = ctx.axes, _stat_shape(x)
        n = x.numel() // x.shape[1]
        mean = x.mean(dim=axes, keepdim=True)
        inv_std = ((x - mean) ** 2).mean(dim=axes, keepdim=True).add(ctx.eps).rsqrt()
        x_hat = (x - mean) * inv_std
        need_x, need_w, need_b = ctx.needs_input_grad[:3]
        dx = dw = db = None
        if need_x:
            scale = inv_std if weight is None else inv_std * weight.reshape(shape)
            sum_dy = dy.sum(dim=axes, keepdim=True)
            sum_dy_xhat = (dy * x_hat).sum(dim=axes, keepdim=True)
            dx = scale / n * (dy * n - sum_dy - x_hat * sum_dy_xhat)
        if need_w:
            dw = (dy * x_hat).sum(dim=axes)
        if need_b:
            db = dy.sum(dim=axes)
        return dx, dw, db, None


class NLL(Function):
    """ℓₘ = −wₘ · x[m, yₘ] for log-probabilities x (M, C), with wₘ = w_{yₘ} (0 if ignored);
    'sum' = Σ ℓₘ,  'mean' = Σ ℓₘ / Σ wₘ  (PyTorch's weighted mean),  'none' = ℓ.
    ∂L/∂x[m, c] = −wₘ [c = yₘ] · g  (÷ Σ wₘ for 'mean'): only the target entry gets gradient.
    """
    raw = True
    array_backward = True

    @staticmethod
    def forward(ctx, x, index, w, reduction):
        ctx.index, ctx.shape = index, x.shape
        value, scale = _nll(x, index, w, reduction)
        ctx.save_for_backward(scale)
        return value

    @staticmethod
    def backward(ctx, grad):
        (scale,) = ctx.saved_tensors
        return _onto_targets(grad * scale, ctx.index, ctx.shape), None, None, None


def _onto_targets(g, index, shape):
    """zeros(shape) with gₘ added at [m, yₘ]: IndexAdd, recorded on a create_graph pass's
    Tensors; on a first-order pass's arrays its forward without the general index handling,
    which the (rows, targets) index arrays never need (a saving on every training step)."""
    if is_tensor(g):
        return IndexAdd.apply(g, index, shape)
    out = backend.xp(g).zeros(shape, dtype=g.dtype)
    backend.index_add(out, index, g)
    return out


def _nll(x, index, w, reduction):
    """NLL's loss and the scale sₘ with ∂L/∂x[m, yₘ] = sₘ·g (backend arrays).

    w is None when every wₘ is 1 (no class weights, no target ignored): the common case,
    where Σ wₘ is just M (the same number: a sum of ones is exact) and no vector of ones
    is made, negated and summed on every training step."""
    xp, picked = backend.xp(x), x[index]
    if w is None:
        neg_w, total = xp.full(picked.shape, -1.0, x.dtype), x.dtype.type(picked.size)
    else:
        neg_w, total = -w, w.sum()
    losses = neg_w * picked
    if reduction == "none":
        return losses, neg_w
    if reduction == "sum":
        return xp.asarray(losses.sum()), neg_w      # a 0-d array, not a NumPy scalar
    if float(total) == 0:                   # every target ignored: NaN, zero gradient
        return xp.asarray(losses.sum() * float("nan")), w * 0
    return xp.asarray(losses.sum() / total), neg_w / total


class CrossEntropy(Function):
    """log p = log_softmax(x) over the classes of logits x (M, C), then NLL's ℓₘ = −wₘ log p[m, yₘ]:
    F.cross_entropy with class indices, as one node.

    The backward is NLL's followed by LogSoftmax's, ∂L/∂x = G − softmax(x)·Σ_c G[:, c] with G
    zero but for sₘg at [m, yₘ]; one target per row makes that row sum sₘg itself, so
    ∂L/∂x = G − softmax(x)·sₘg: the two nodes' numbers, bit for bit, without the sum.

    log p is a second output, saved as PyTorch's log_softmax saves its result: under
    ``create_graph`` the gradient's graph reaches x through it, and a gradient that comes
    back to log p (only a higher-order pass sends one) takes LogSoftmax's backward.
    """
    raw = True
    array_backward = True

    @staticmethod
    def forward(ctx, x, index, w, reduction):
        log_p = run(LogSoftmax, x, 1)
        ctx.index, ctx.shape = index, x.shape
        ctx.materialize_grads = False          # no zeros for the output nobody used
        value, scale = _nll(log_p, index, w, reduction)
        ctx.save_for_backward(log_p, scale)
        return value, log_p

    @staticmethod
    def backward(ctx, grad, grad_log_p):
        log_p, scale = ctx.saved_tensors
        p, gx = run(Exp, log_p), None
        if grad is not None:
            g = grad * scale                                 # sₘg, NLL's gradient at [m, yₘ]
            gx = _onto_targets(g, ctx.index, ctx.shape) - p * g.reshape(-1, 1)
        if grad_log_p is not None:                           # LogSoftmax's backward
            g_log_p = grad_log_p - p * run(Sum, grad_log_p, 1, True)
            gx = g_log_p if gx is None else gx + g_log_p
        return gx, None, None, None


class MseLoss(Function):
    """ℓ = (x − y)², then its mean (÷ N), sum or none of the two ('reduction');
    ∂L/∂x = (s·(x − y))·g,   ∂L/∂y = −∂L/∂x,   s = 2/N for 'mean', else 2

    One node, PyTorch's MseLossBackward0, whose kernel computes the gradient in this order.
    For g = 1 that is also what sub, mul and mean composed would give, bit for bit: scaling
    by 2 is exact, so (2/N)·d and 2·((1/N)·d) round alike.
    """
    raw = True
    array_backward = True

    @staticmethod
    def forward(ctx, x, y, reduction):
        diff = x - y
        ctx.save_for_backward(x, y)
        ctx.scale = 2.0 / diff.size if reduction == "mean" and diff.size else 2.0
        loss = diff * diff
        if reduction == "none":
            return loss
        return run(Mean if reduction == "mean" else Sum, loss, None, False)

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved_tensors
        gx = (x - y) * ctx.scale * grad
        return gx, (-gx if ctx.needs_input_grad[1] else None), None


class BinaryCrossEntropy(Function):
    """ℓ = −(y·max(log x, −100) + (1 − y)·max(log(1 − x), −100))   (PyTorch clamps the logs)

    ∂ℓ/∂x = (x − y) / max(x(1 − x), 1e−12)          (PyTorch's formula: finite at 0 and 1)
    ∂ℓ/∂y = max(log(1 − x), −100) − max(log x, −100)
    """
    raw = True

    @staticmethod
    def forward(ctx, x, y):
        xp = backend.xp(x)
        ctx.save_for_backward(x, y)
        with np.errstate(divide="ignore"):             # log 0 = −inf, then clamped
            log_x = xp.maximum(xp.log(x), -100)
            log_1mx = xp.maximum(xp.log1p(-x), -100)
        return -(y * log_x + (1 - y) * log_1mx)

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved_tensors
        gx = gy = None
        if ctx.needs_input_grad[0]:
            gx = grad * (x - y) / (x * (1 - x)).clamp(min=BCE_EPS)
        if ctx.needs_input_grad[1]:
            gy = grad * ((-x).log1p().clamp(min=-100) - x.log().clamp(min=-100))
        return gx, gy
