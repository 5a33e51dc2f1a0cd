"""The activation functions of ``F`` (``minigrad.nn.functional``).

Each docstring gives f(x) and f'(x). Most are compositions of Tensor ops
whose gradients already follow PyTorch's conventions at the kinks; two use
their own op because stability or an exact value needs it: ``Erf``
(``minigrad/ops/unary.py``, for exact GELU) and ``LogSigmoid`` (``minigrad/ops/nn.py``,
finite at ±1000); the kink of ``hardtanh`` is written with ``where`` so its edges pass
no gradient.

Where the two branches of a ``where`` could overflow, the branch not taken
is fed a clamped input, so its (discarded) gradient stays finite: a
``0 · inf`` would otherwise turn the gradient into NaN.
"""
import functools
import math

from ... import backend
from ...autograd.node_names import rename_node
from ...ops import log_softmax as _log_softmax, softmax as _softmax, where
from ...ops.unary import Erf

SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def _named(node_name):
    """The function's result prints PyTorch's node name (``grad_fn=<GeluBackward0>``), not
    the name of the last op it is built from."""
    def decorate(fn):
        @functools.wraps(fn)
        def named(*args, **kwargs):
            return rename_node(fn(*args, **kwargs), node_name)
        return named
    return decorate


def erf(input):
    """erf x;   erf'(x) = (2/√π) e^(−x²)"""
    return Erf.apply(input)


# -- the ReLU family: piecewise linear -------------------------------------------------
def relu(input, inplace=False):
    """relu(x) = max(x, 0);   relu'(x) = [x > 0]  (0 at x = 0)"""
    return input.relu()


def relu_(input):
    """relu in place (PyTorch's ``F.relu_``/``torch.relu_``): ``input`` itself, changed."""
    return input.relu_()


@_named("LeakyReluBackward0")
def leaky_relu(input, negative_slope=0.01, inplace=False):
    """x if x > 0 else s·x;   f'(x) = 1 if x > 0 else s  (s at x = 0)"""
    return where(input > 0, input, input * negative_slope)


@_named("HardtanhBackward0")
def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    """clamp(x, min_val, max_val);   f'(x) = [min_val < x < max_val]  (0 at both edges)"""
    inside = (input > min_val) & (input < max_val)
    return where(inside, input, input.detach().clamp(min_val, max_val))


def relu6(input, inplace=False):
    """min(max(x, 0), 6) = hardtanh(x, 0, 6);   f'(x) = [0 < x < 6]"""
    return hardtanh(input, 0.0, 6.0)


@_named("ThresholdBackward0")
def threshold(input, threshold, value, inplace=False):
    """x if x > threshold else value;   f'(x) = [x > threshold]"""
    return where(input > threshold, input, float(value))


@_named("HardshrinkBackward0")
def hardshrink(input, lambd=0.5):
    """x if |x| > λ else 0;   f'(x) = [|x| > λ]"""
    return where((input > lambd) | (input < -lambd), input, 0.0)


@_named("SoftshrinkBackward0")
def softshrink(input, lambd=0.5):
    """x − λ if x > λ, x + λ if x < −λ, else 0;   f'(x) = [|x| > λ]"""
    return where(input > lambd, input - lambd, where(input < -lambd, input + lambd, 0.0))


@_named("PreluKernelBackward0")
def prelu(input, weight):
    """x if x > 0 else a·x, a learnable (one per channel, channel = dim 1);
    ∂f/∂x = 1 if x > 0 else a,   ∂f/∂a = 0 if x > 0 else x"""
    if weight.numel() != 1:
        if input.ndim < 2 or input.shape[1] != weight.numel():
            raise ValueError(f"prelu: weight of {weight.numel()} slopes needs input with "
                             f"{weight.numel()} channels in dim 1, got shape {list(input.shape)}")
        weight = weight.reshape((-1,) + (1,) * (input.ndim - 2))
    return where(input > 0, input, weight * input)


@_named("RreluWithNoiseBackward0")
def rrelu(input, lower=1.0 / 8, upper=1.0 / 3, training=False, inplace=False):
    """Randomized leaky ReLU: x if x > 0 else a·x with a ~ U(lower, upper) per element in
    training, a = (lower + upper)/2 in evaluation;   f'(x) = 1 if x > 0 else a  (a at 0)"""
    if not training:
        return leaky_relu(input, (lower + upper) / 2)
    dtype = input.dtype
    lower, upper = float(dtype.type(lower)), float(dtype.type(upper))
    negative = input.array <= 0            # PyTorch draws a slope for these only, in order
    u = backend.rng(input.device).random((int(negative.sum()),), "float64")
    slopes = backend.xp(input.array).ones(input.shape, dtype=dtype)
    slopes[negative] = (u * (upper - lower) + lower).astype(dtype)
    return input * slopes                  # a constant array: the gradient is slopes


# -- the exponential family ------------------------------------------------------------
def _elu(input, alpha, scale, input_scale):
    """scale·x if x > 0 else scale·α·(e^(input_scale·x) − 1)   (PyTorch's common ELU kernel);
    f'(x) = scale if x > 0 else scale·α·input_scale·e^(input_scale·x)  (the left value at 0)"""
    negative = input.clamp(max=0.0) * input_scale          # finite even where x = +1000
    return where(input > 0, input * scale, negative.expm1() * (scale * alpha))


@_named("EluBackward0")
def elu(input, alpha=1.0, inplace=False):
    """x if x > 0 else α(eˣ − 1);   f'(x) = 1 if x > 0 else α·eˣ  (α at 0)"""
    return _elu(input, alpha, 1.0, 1.0)


@_named("EluBackward0")
def selu(input, inplace=False):
    """λ·elu(x, α) with α ≈ 1.6733, λ ≈ 1.0507 (self-normalizing);
    f'(x) = λ if x > 0 else λα·eˣ"""
    return _elu(input, SELU_ALPHA, SELU_SCALE, 1.0)


@_named("CeluBackward0")
def celu(input, alpha=1.0, inplace=False):
    """max(0, x) + min(0, α(e^(x/α) − 1));   f'(x) = 1 if x > 0 else e^(x/α)"""
    return _elu(input, alpha, 1.0, 1.0 / alpha)


@_named("SoftplusBackward0")
def softplus(input, beta=1.0, threshold=20.0):
    """(1/β) log(1 + e^(βx)), and x itself where βx > threshold;
    f'(x) = σ(βx)  (1 where βx > threshold)"""
    bx = input * beta
    smooth = bx.clamp(max=threshold).exp().log1p() / beta
    return where(bx > threshold, input, smooth)


@_named("GeluBackward0")
def gelu(input, approximate="none"):
    """x·Φ(x), Φ(x) = ½(1 + erf(x/√2));   f'(x) = Φ(x) + x·φ(x),  φ(x) = e^(−x²/2)/√(2π).
    approximate='tanh':  ½x(1 + tanh(√(2/π)(x + 0.044715x³)))"""
    if approximate == "tanh":
        inner = (input + 0.044715 * input * input * input) * SQRT_2_OVER_PI
        return 0.5 * input * (1 + inner.tanh())
    if approximate != "none":
        raise ValueError(f"approximate argument must be either none or tanh, got {approximate!r}")
    return 0.5 * input * (1 + erf(input * (1 / math.sqrt(2))))


@_named("SiluBackward0")
def silu(input, inplace=False):
    """x·σ(x) (swish);   f'(x) = σ(x)(1 + x(1 − σ(x)))"""
    return input * input.sigmoid()


@_named("MishBackward0")
def mish(input, inplace=False):
    """x·tanh(softplus(x));   f'(x) = tanh(sp(x)) + x·σ(x)·(1 − tanh²(sp(x)))"""
    return input * softplus(input).tanh()


@_named("HardsigmoidBackward0")
def hardsigmoid(input, inplace=False):
    """relu6(x + 3)/6;   f'(x) = 1/6 if −3 < x < 3 else 0"""
    return hardtanh(input, -3.0, 3.0) / 6 + 0.5


@_named("HardswishBackward0")
def hardswish(input, inplace=False):
    """x·relu6(x + 3)/6;   f'(x) = 0 if x ≤ −3, x/3 + ½ if −3 < x < 3, 1 if x ≥ 3
    (PyTorch's one-sided values at the kinks: 0 at −3 and 1 at 3). The middle piece is
    computed on x clamped to [−3, 3], so where it is not used its gradient is 0, not 0·∞ = NaN
    at x = ±∞."""
    inside = input.clamp(-3.0, 3.0)
    return where(input <= -3, 0.0, where(input < 3, inside * (inside + 3) / 6, input))


# -- squashing ------------------------------------------------------------------------------
def sigmoid(input):
    """σ(x) = 1/(1 + e⁻ˣ);   σ'(x) = σ(x)(1 − σ(x))"""
    return input.sigmoid()


def tanh(input):
    """tanh x;   f'(x) = 1 − tanh²x"""
    return input.tanh()


def softsign(input):
    """x/(1 + |x|);   f'(x) = 1/(1 + |x|)²"""
    return input / (1 + input.abs())


def tanhshrink(input):
    """x − tanh x;   f'(x) = tanh²x"""
    return input - input.tanh()


@_named("GluBackward0")
def glu(input, dim=-1):
    """a ⊗ σ(b), where a, b are the two halves of x along dim;
    ∂/∂a = σ(b),  ∂/∂b = a·σ(b)(1 − σ(b))"""
    if input.ndim == 0 or input.shape[dim] % 2:
        raise RuntimeError(f"Halving dimension must be even, but dimension {dim} of input of "
                           f"shape {list(input.shape)} is not")
    a, b = input.chunk(2, dim)
    return a * b.sigmoid()


# -- over a dimension -----------------------------------------------------------------------
def softmax(input, dim=None, _stacklevel=3, dtype=None):
    """softmax(x)ᵢ = e^(xᵢ) / Σⱼ e^(xⱼ);   ∂L/∂x = y ⊙ (g − Σⱼ gⱼyⱼ)"""
    return _softmax(input, dim, dtype)


def softmin(input, dim=None, _stacklevel=3, dtype=None):
    """softmax(−x);   ∂L/∂x = −y ⊙ (g − Σⱼ gⱼyⱼ)"""
    return _softmax(-input, dim, dtype)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    """xᵢ − log Σⱼ e^(xⱼ);   ∂L/∂x = g − softmax(x)·Σⱼ gⱼ"""
    return _log_softmax(input, dim, dtype)


def maxout(input, weight, bias, pieces):
    """Maxout (Goodfellow et al., 2013): yⱼ = maxₖ (W x + b)ⱼₖ over ``pieces`` linear pieces;
    ∂y/∂(Wx+b)ⱼₖ = 1 for the winning piece (ties share it evenly, as ``amax``)."""
    z = input @ weight.t() + bias if bias is not None else input @ weight.t()
    return z.reshape(tuple(z.shape[:-1]) + (-1, pieces)).amax(dim=-1)
