"""Weight initialisation (``minigrad.nn.init``), PyTorch's conventions.

Every function fills its tensor in place, without recording a graph, and
returns it. Fans for a weight of shape (out, in, *kernel)::

    fan_in = in · Πkernel,    fan_out = out · Πkernel

and the gain of each nonlinearity is :func:`calculate_gain`'s. The scale
rules, with n = fan and g = gain:

    Xavier/Glorot:  Var W = g² · 2/(fan_in + fan_out)     keeps variance both ways (tanh)
    Kaiming/He:     Var W = g² / fan                      g = √2 for ReLU
    LeCun:          Var W = 1 / fan_in                    (SELU networks)

A uniform U(−b, b) has variance b²/3, so its bound is b = √3 · std.
"""
import math
import warnings

import numpy as np

from .. import backend, random
from ..autograd import grad_mode

_GAINS = {"linear": 1, "conv1d": 1, "conv2d": 1, "conv3d": 1,     # ints, as PyTorch returns
          "conv_transpose1d": 1, "conv_transpose2d": 1, "conv_transpose3d": 1,
          "sigmoid": 1, "tanh": 5.0 / 3, "relu": math.sqrt(2.0), "selu": 3.0 / 4}


def calculate_gain(nonlinearity, param=None):
    """The recommended gain g for a nonlinearity (PyTorch's table):
    linear/conv/sigmoid 1, tanh 5/3, relu √2, leaky_relu √(2/(1 + slope²)), selu 3/4."""
    if nonlinearity in _GAINS:
        return _GAINS[nonlinearity]
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif not isinstance(param, bool) and isinstance(param, (int, float)):
            slope = param
        else:
            raise ValueError(f"negative_slope {param} not a valid number")
        return math.sqrt(2.0 / (1 + slope ** 2))
    raise ValueError(f"Unsupported nonlinearity {nonlinearity}")


def _calculate_fan_in_and_fan_out(tensor):
    if tensor.ndim < 2:
        raise ValueError("Fan in and fan out can not be computed for tensor with fewer than 2 "
                         f"dimensions (got shape {list(tensor.shape)})")
    receptive = 1
    for s in tensor.shape[2:]:
        receptive *= s
    return tensor.shape[1] * receptive, tensor.shape[0] * receptive


def _fan(tensor, mode):
    mode = mode.lower()
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"Mode {mode} not supported, please use one of fan_in, fan_out")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def _store(tensor, array):
    """tensor ← array, in place, no graph (the version counter records the change)."""
    with grad_mode.no_grad():
        return tensor.copy_(array)


def _rng(tensor, generator):
    """``generator``, or the default generator of the tensor's device (PyTorch's stream)."""
    return random.resolve(generator, tensor.device)


def uniform_(tensor, a=0.0, b=1.0, generator=None):
    """W ~ U(a, b)"""
    return _store(tensor, _rng(tensor, generator).uniform(a, b, tensor.shape, tensor.dtype))


def normal_(tensor, mean=0.0, std=1.0, generator=None):
    """W ~ N(mean, std²)"""
    return _store(tensor, _rng(tensor, generator).normal(mean, std, tensor.shape, tensor.dtype))


def trunc_normal_(tensor, mean=0.0, std=1.0, a=-2.0, b=2.0, generator=None):
    """W ~ N(mean, std²) conditioned on a ≤ W ≤ b, by PyTorch's rejection schemes: when
    the mass p of [a, b] exceeds 0.3, redraw the whole tensor from N(mean, std²) and keep
    fresh values where the old ones fall outside; else propose W ~ U(a, b) and accept
    with probability exp(−½((W − mean)/std)²) / (that density's peak on [a, b])."""
    if mean < a - 2 * std or mean > b + 2 * std:
        warnings.warn("mean is more than 2 std from [a, b] in nn.init.trunc_normal_. "
                      "The distribution of values may be incorrect.", stacklevel=2)
    gen, xp, shape, dtype = _rng(tensor, generator), backend.xp(tensor.array), tensor.shape, tensor.dtype
    cdf = lambda x: (1.0 + math.erf(x / math.sqrt(2.0))) / 2.0    # noqa: E731
    if cdf((b - mean) / std) - cdf((a - mean) / std) > 0.3:
        lo, hi = dtype.type(a), dtype.type(b)
        values = gen.normal(mean, std, shape, dtype)
        while True:
            outside = (values < lo) | (values > hi)
            if not bool(outside.any()):
                return _store(tensor, values)
            values = xp.where(outside, gen.normal(mean, std, shape, dtype), values)
    mode = max(a, min(mean, b))
    log_peak = -0.5 * ((mode - mean) / std) ** 2

    def rejected(w):
        log_pdf = ((w - dtype.type(mean)) / dtype.type(std)) ** 2 * dtype.type(-0.5) - log_peak
        return xp.log(gen.uniform(0.0, 1.0, shape, dtype)) > log_pdf.astype(dtype)

    values = gen.uniform(a, b, shape, dtype)
    pending = rejected(values)
    while bool(pending.any()):
        fresh = gen.uniform(a, b, shape, dtype)
        values = xp.where(pending, fresh, values)
        pending = pending & rejected(fresh)
    return _store(tensor, values)


def constant_(tensor, val):
    return _store(tensor, backend.xp(tensor.array).full(tensor.shape, val))


def ones_(tensor):
    return constant_(tensor, 1.0)


def zeros_(tensor):
    return constant_(tensor, 0.0)


def eye_(tensor):
    """The identity matrix (2-D tensors only); keeps the input of a Linear layer."""
    if tensor.ndim != 2:
        raise ValueError(f"Only tensors with 2 dimensions are supported, got shape "
                         f"{list(tensor.shape)}")
    return _store(tensor, backend.xp(tensor.array).eye(*tensor.shape))


def dirac_(tensor, groups=1):
    """The Dirac delta for 3-5-D conv weights: a convolution that keeps its input channels."""
    if tensor.ndim not in (3, 4, 5):
        raise ValueError("Only tensors with 3, 4, or 5 dimensions are supported")
    out_per_group = tensor.shape[0] // groups
    if tensor.shape[0] % groups:
        raise ValueError("dim 0 must be divisible by groups")
    xp = backend.xp(tensor.array)
    values = xp.zeros(tensor.shape)
    centre = tuple(s // 2 for s in tensor.shape[2:])
    for g in range(groups):
        for d in range(min(out_per_group, tensor.shape[1])):
            values[(g * out_per_group + d, d) + centre] = 1
    return _store(tensor, values)


def xavier_uniform_(tensor, gain=1.0, generator=None):
    """W ~ U(−b, b),  b = g·√(6/(fan_in + fan_out))   (Glorot & Bengio, 2010)"""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    bound = math.sqrt(3.0) * (gain * math.sqrt(2.0 / float(fan_in + fan_out)))
    return uniform_(tensor, -bound, bound, generator)


def xavier_normal_(tensor, gain=1.0, generator=None):
    """W ~ N(0, σ²),  σ = g·√(2/(fan_in + fan_out))"""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return normal_(tensor, 0.0, gain * math.sqrt(2.0 / float(fan_in + fan_out)), generator)


def _empty_warning(tensor):
    if tensor.numel() == 0:
        warnings.warn("Initializing zero-element tensors is a no-op", stacklevel=3)
        return True
    return False


def kaiming_uniform_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    """W ~ U(−b, b),  b = g·√(3/fan),  g = calculate_gain(nonlinearity, a)   (He et al., 2015)"""
    if _empty_warning(tensor):
        return tensor
    bound = math.sqrt(3.0) * (calculate_gain(nonlinearity, a) / math.sqrt(_fan(tensor, mode)))
    return uniform_(tensor, -bound, bound, generator)


def kaiming_normal_(tensor, a=0, mode="fan_in", nonlinearity="leaky_relu", generator=None):
    """W ~ N(0, σ²),  σ = g/√fan"""
    if _empty_warning(tensor):
        return tensor
    std = calculate_gain(nonlinearity, a) / math.sqrt(_fan(tensor, mode))
    return normal_(tensor, 0.0, std, generator)


def lecun_uniform_(tensor, generator=None):
    """W ~ U(−b, b),  b = √(3/fan_in)   (Var W = 1/fan_in, LeCun et al., 1998)"""
    bound = math.sqrt(3.0 / _fan(tensor, "fan_in"))
    return uniform_(tensor, -bound, bound, generator)


def lecun_normal_(tensor, generator=None):
    """W ~ N(0, 1/fan_in)   (the initialisation SELU's self-normalisation assumes)"""
    return normal_(tensor, 0.0, 1.0 / math.sqrt(_fan(tensor, "fan_in")), generator)


def orthogonal_(tensor, gain=1.0, generator=None):
    """A (semi-)orthogonal matrix times ``gain`` (Saxe et al., 2013): Q of the QR
    factorisation of a Gaussian matrix, with signs fixed by diag(R) so Q is uniform."""
    if tensor.ndim < 2:
        raise ValueError("Only tensors with 2 or more dimensions are supported")
    if tensor.numel() == 0:
        return tensor
    rows = tensor.shape[0]
    cols = tensor.numel() // rows
    flat = backend.to_numpy(_rng(tensor, generator).normal(0.0, 1.0, (rows, cols), tensor.dtype))
    if rows < cols:
        flat = flat.T
    q, r = np.linalg.qr(flat)                 # a one-off factorisation: done on the host
    q = q * np.sign(np.diagonal(r))
    if rows < cols:
        q = q.T
    return _store(tensor, backend.to_device((q * gain).reshape(tensor.shape), tensor.device))


def sparse_(tensor, sparsity, std=0.01, generator=None):
    """N(0, std²) with a fraction ``sparsity`` of each column set to zero (Martens, 2010)."""
    if tensor.ndim != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    rows, cols = tensor.shape
    zeros = int(math.ceil(sparsity * rows))
    values = _rng(tensor, generator).normal(0.0, std, (rows, cols), tensor.dtype)
    default = _rng(tensor, None)         # PyTorch 2.13 draws the zero rows from the default
    for c in range(cols):
        values[default.permutation(rows)[:zeros], c] = 0
    return _store(tensor, values)


def lsuv_(model, batch, tol=0.1, max_iters=10):
    """Layer-sequential unit-variance init (Mishkin & Matas, 2016, "All you need is a good init").

    1. Every weight of dimension ≥ 2 gets an orthonormal init; biases become 0.
    2. Layer by layer, in order: run ``model(batch)``, measure the variance v of
       that layer's output, divide its weight by √v; repeat until |v − 1| < tol
       or ``max_iters`` passes.
    Returns the model.
    """
    layers = [m for m in model.modules()
              if getattr(m, "weight", None) is not None and m.weight.ndim >= 2]
    for layer in layers:
        orthogonal_(layer.weight)
        if getattr(layer, "bias", None) is not None:
            zeros_(layer.bias)
    with grad_mode.no_grad():
        for layer in layers:
            seen = {}
            handle = layer.register_forward_hook(lambda m, args, out: seen.update(out=out))
            try:
                for _ in range(max_iters):
                    model(batch)
                    var = float(seen["out"].var())
                    if abs(var - 1.0) < tol or var == 0:
                        break
                    _store(layer.weight, layer.weight.array / math.sqrt(var))
            finally:
                handle.remove()
    return model
