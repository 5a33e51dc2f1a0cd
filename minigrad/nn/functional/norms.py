"""Normalization functions: batch, layer, group and instance norm.

Batch norm's training-mode backward is the lecture's fused formula (the op
``BatchNormTrain`` in ``minigrad/ops/nn.py``); the others are compositions of Tensor ops
(mean, var, sqrt), whose gradients autograd derives.
"""
from ...autograd.grad_mode import no_grad
from ...autograd.node_names import rename_node
from ...ops.nn import BatchNormTrain, _stat_shape


def _update_running(running, value, momentum):
    """running ← (1 − momentum)·running + momentum·value, in place (no graph)."""
    with no_grad():
        running.copy_((1 - momentum) * running.array + momentum * value.astype(running.dtype))


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False,
               momentum=0.1, eps=1e-5):
    """Normalize each channel (dim 1) of (N, C) or (N, C, *) input.

    training: batch statistics (biased variance to normalize); the running
    statistics, if given, are updated with momentum and the *unbiased*
    variance, as PyTorch does. Otherwise the running statistics normalize.
    """
    if input.ndim < 2:
        raise ValueError(f"batch_norm: expected input with at least 2 dimensions (N, C, ...), "
                         f"got shape {list(input.shape)}")
    channels = input.shape[1]
    for name, t in (("weight", weight), ("bias", bias), ("running_mean", running_mean),
                    ("running_var", running_var)):
        if t is not None and tuple(t.shape) != (channels,):
            raise RuntimeError(f"batch_norm: {name} should have shape [{channels}] for input "
                               f"of shape {list(input.shape)}, got {list(t.shape)}")
    if training:
        n = input.numel() // channels
        if n <= 1:
            raise ValueError(f"Expected more than 1 value per channel when training, got input "
                             f"size {list(input.shape)}")
        if running_mean is not None or running_var is not None:
            axes = (0,) + tuple(range(2, input.ndim))
            data = input.array
            if running_mean is not None:
                _update_running(running_mean, data.mean(axis=axes), momentum)
            if running_var is not None:
                _update_running(running_var, data.var(axis=axes) * n / (n - 1), momentum)
        return BatchNormTrain.apply(input, weight, bias, eps)
    shape = _stat_shape(input)
    out = (input - running_mean.reshape(shape)) * (running_var.reshape(shape) + eps).rsqrt()
    if weight is not None:
        out = out * weight.reshape(shape)
    if bias is not None:
        out = out + bias.reshape(shape)
    return out


def _normalize(x, axes, eps):
    """(x − mean)/√(var + ε) over ``axes``, biased variance."""
    mean = x.mean(dim=axes, keepdim=True)
    centered = x - mean
    return centered * ((centered * centered).mean(dim=axes, keepdim=True) + eps).rsqrt()


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Normalize over the last ``len(normalized_shape)`` dims of each sample, then γ x̂ + β."""
    normalized_shape = (normalized_shape,) if isinstance(normalized_shape, int) \
        else tuple(normalized_shape)
    k = len(normalized_shape)
    if tuple(input.shape[input.ndim - k:]) != normalized_shape or input.ndim < k:
        raise RuntimeError(f"Given normalized_shape={list(normalized_shape)}, expected input "
                           f"with shape [*, {', '.join(map(str, normalized_shape))}], but got "
                           f"input of size {list(input.shape)}")
    out = _normalize(input, tuple(range(input.ndim - k, input.ndim)), eps)
    if weight is not None:
        out = out * weight
    if bias is not None:
        out = out + bias
    return rename_node(out, "NativeLayerNormBackward0")    # one node in PyTorch


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    """Split the C channels into ``num_groups`` groups; normalize each group of each sample."""
    n, c = input.shape[0], input.shape[1]
    if c % num_groups:
        raise RuntimeError(f"Expected number of channels in input ({c}) to be divisible by "
                           f"num_groups ({num_groups}), input shape {list(input.shape)}")
    grouped = input.reshape(n, num_groups, -1)
    out = _normalize(grouped, (2,), eps).reshape(input.shape)
    shape = _stat_shape(input)
    if weight is not None:
        out = out * weight.reshape(shape)
    if bias is not None:
        out = out + bias.reshape(shape)
    return rename_node(out, "NativeGroupNormBackward0")


def instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None,
                  use_input_stats=True, momentum=0.1, eps=1e-5):
    """Normalize each channel of each sample over its spatial dims (N, C, L...).

    With running statistics and ``use_input_stats``, they are updated with
    the batch average of the per-instance mean and unbiased variance.
    """
    if input.ndim < 3:
        raise ValueError(f"instance_norm: expected input (N, C, L, ...), got shape "
                         f"{list(input.shape)}")
    axes = tuple(range(2, input.ndim))
    shape = _stat_shape(input)
    if use_input_stats:
        data = input.array
        n = input.numel() // (input.shape[0] * input.shape[1])
        if running_mean is not None:
            _update_running(running_mean, data.mean(axis=axes).mean(axis=0), momentum)
        if running_var is not None:
            unbiased = data.var(axis=axes) * n / max(n - 1, 1)
            _update_running(running_var, unbiased.mean(axis=0), momentum)
        out = _normalize(input, axes, eps)
    else:
        out = (input - running_mean.reshape(shape)) * (running_var.reshape(shape) + eps).rsqrt()
    if weight is not None:
        out = out * weight.reshape(shape)
    if bias is not None:
        out = out + bias.reshape(shape)
    return out
