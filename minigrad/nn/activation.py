"""The activation zoo as modules: each calls its ``F`` function (formula and derivative
are in that function's docstring, :mod:`minigrad.nn.functional.activations`).

``inplace=True`` is accepted for PyTorch compatibility and computes out of place
(the same values; see docs/nn/activations.md).
"""
from ..creation import full
from . import functional as F
from . import init
from .linear import Linear
from .module import Module
from .parameter import Parameter


class _Inplace(Module):
    """An activation whose only argument is ``inplace``; forward = ``fn``."""
    fn = None

    def __init__(self, inplace=False):
        super().__init__()
        self.inplace = inplace

    def forward(self, input):
        return type(self).fn(input)

    def extra_repr(self):
        return "inplace=True" if self.inplace else ""


class ReLU(_Inplace):
    """max(x, 0);   f' = [x > 0]  (0 at x = 0)"""
    fn = staticmethod(F.relu)


class ReLU6(_Inplace):
    """min(max(x, 0), 6);   f' = [0 < x < 6]"""
    fn = staticmethod(F.relu6)


class SELU(_Inplace):
    """λ·elu(x, α), α ≈ 1.6733, λ ≈ 1.0507;   f' = λ if x > 0 else λα eˣ"""
    fn = staticmethod(F.selu)


class SiLU(_Inplace):
    """x·σ(x);   f' = σ(x)(1 + x(1 − σ(x)))"""
    fn = staticmethod(F.silu)


class Mish(_Inplace):
    """x·tanh(softplus(x));   f' = tanh(sp) + x σ(x)(1 − tanh²(sp))"""
    fn = staticmethod(F.mish)


class Hardsigmoid(_Inplace):
    """relu6(x + 3)/6;   f' = 1/6 on (−3, 3), else 0"""
    fn = staticmethod(F.hardsigmoid)


class Hardswish(_Inplace):
    """x·relu6(x + 3)/6;   f' = 0 (x ≤ −3), x/3 + ½ (−3 < x < 3), 1 (x ≥ 3)"""
    fn = staticmethod(F.hardswish)


class _NoArgs(Module):
    fn = None

    def forward(self, input):
        return type(self).fn(input)


class Sigmoid(_NoArgs):
    """σ(x) = 1/(1 + e⁻ˣ);   σ' = σ(1 − σ)"""
    fn = staticmethod(F.sigmoid)


class Tanh(_NoArgs):
    """tanh x;   tanh' = 1 − tanh²"""
    fn = staticmethod(F.tanh)


class LogSigmoid(_NoArgs):
    """log σ(x);   (log σ)' = σ(−x)"""
    fn = staticmethod(F.logsigmoid)


class Softsign(_NoArgs):
    """x/(1 + |x|);   f' = 1/(1 + |x|)²"""
    fn = staticmethod(F.softsign)


class Tanhshrink(_NoArgs):
    """x − tanh x;   f' = tanh² x"""
    fn = staticmethod(F.tanhshrink)


class ELU(Module):
    """x if x > 0 else α(eˣ − 1);   f' = 1 if x > 0 else α eˣ"""

    def __init__(self, alpha=1.0, inplace=False):
        super().__init__()
        self.alpha, self.inplace = alpha, inplace

    def forward(self, input):
        return F.elu(input, self.alpha)

    def extra_repr(self):
        return f"alpha={self.alpha}" + (", inplace=True" if self.inplace else "")


class CELU(ELU):
    """max(0, x) + min(0, α(e^(x/α) − 1));   f' = 1 if x > 0 else e^(x/α)"""

    def forward(self, input):
        return F.celu(input, self.alpha)


class LeakyReLU(Module):
    """x if x > 0 else s·x;   f' = 1 if x > 0 else s"""

    def __init__(self, negative_slope=0.01, inplace=False):
        super().__init__()
        self.negative_slope, self.inplace = negative_slope, inplace

    def forward(self, input):
        return F.leaky_relu(input, self.negative_slope)

    def extra_repr(self):
        return f"negative_slope={self.negative_slope}" + (", inplace=True" if self.inplace else "")


class PReLU(Module):
    """x if x > 0 else a·x with a learnable slope ``weight`` (one, or one per channel),
    initialised to ``init``;   ∂/∂x = 1 or a,   ∂/∂a = 0 or x"""

    def __init__(self, num_parameters=1, init=0.25, device=None, dtype=None):
        super().__init__()
        self.num_parameters, self.init = num_parameters, init
        self.weight = Parameter(full((num_parameters,), float(init), device=device, dtype=dtype))

    def reset_parameters(self):
        init.constant_(self.weight, self.init)

    def forward(self, input):
        return F.prelu(input, self.weight)

    def extra_repr(self):
        return f"num_parameters={self.num_parameters}"


class RReLU(Module):
    """Randomized leaky ReLU: slope a ~ U(lower, upper) per element in training,
    (lower + upper)/2 in evaluation."""

    def __init__(self, lower=1.0 / 8, upper=1.0 / 3, inplace=False):
        super().__init__()
        self.lower, self.upper, self.inplace = lower, upper, inplace

    def forward(self, input):
        return F.rrelu(input, self.lower, self.upper, self.training)

    def extra_repr(self):
        return f"lower={self.lower}, upper={self.upper}" + (", inplace=True" if self.inplace
                                                            else "")


class Hardtanh(Module):
    """clamp(x, min_val, max_val);   f' = [min_val < x < max_val]"""

    def __init__(self, min_val=-1.0, max_val=1.0, inplace=False):
        super().__init__()
        if max_val <= min_val:
            raise ValueError(f"max_val ({max_val}) must be greater than min_val ({min_val})")
        self.min_val, self.max_val, self.inplace = min_val, max_val, inplace

    def forward(self, input):
        return F.hardtanh(input, self.min_val, self.max_val)

    def extra_repr(self):
        return f"min_val={self.min_val}, max_val={self.max_val}" + (
            ", inplace=True" if self.inplace else "")


class Threshold(Module):
    """x if x > threshold else value;   f' = [x > threshold]"""

    def __init__(self, threshold, value, inplace=False):
        super().__init__()
        self.threshold, self.value, self.inplace = threshold, value, inplace

    def forward(self, input):
        return F.threshold(input, self.threshold, self.value)

    def extra_repr(self):
        return f"threshold={self.threshold}, value={self.value}" + (
            ", inplace=True" if self.inplace else "")


class _Shrink(Module):
    def __init__(self, lambd=0.5):
        super().__init__()
        self.lambd = lambd

    def extra_repr(self):
        return f"{self.lambd}"


class Hardshrink(_Shrink):
    """x if |x| > λ else 0;   f' = [|x| > λ]"""

    def forward(self, input):
        return F.hardshrink(input, self.lambd)


class Softshrink(_Shrink):
    """x ∓ λ outside [−λ, λ], 0 inside;   f' = [|x| > λ]"""

    def forward(self, input):
        return F.softshrink(input, self.lambd)


class Softplus(Module):
    """(1/β) log(1 + e^(βx)) (x itself where βx > threshold);   f' = σ(βx)"""

    def __init__(self, beta=1.0, threshold=20.0):
        super().__init__()
        self.beta, self.threshold = beta, threshold

    def forward(self, input):
        return F.softplus(input, self.beta, self.threshold)

    def extra_repr(self):
        return f"beta={self.beta}, threshold={self.threshold}"


class GELU(Module):
    """x·Φ(x) (approximate='none') or its tanh approximation (approximate='tanh')."""

    def __init__(self, approximate="none"):
        super().__init__()
        self.approximate = approximate

    def forward(self, input):
        return F.gelu(input, approximate=self.approximate)

    def extra_repr(self):
        return f"approximate={self.approximate!r}"


class GLU(Module):
    """a ⊗ σ(b), a and b the halves of the input along ``dim``."""

    def __init__(self, dim=-1):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return F.glu(input, self.dim)

    def extra_repr(self):
        return f"dim={self.dim}"


class _OverDim(Module):
    fn = None

    def __init__(self, dim=None):
        super().__init__()
        self.dim = dim

    def forward(self, input):
        return type(self).fn(input, self.dim)

    def extra_repr(self):
        return f"dim={self.dim}"


class Softmax(_OverDim):
    """eˣⁱ / Σⱼ eˣʲ along ``dim``"""
    fn = staticmethod(F.softmax)


class Softmax2d(Module):
    """Softmax over the channels at every location: softmax along dim −3 of a (C, H, W)
    or (N, C, H, W) input (PyTorch's ``nn.Softmax2d``)."""

    def forward(self, input):
        if input.ndim not in (3, 4):
            raise ValueError(f"Softmax2d: expected a 3-D (C, H, W) or 4-D (N, C, H, W) input, "
                             f"got {input.ndim}-D of shape {tuple(input.shape)}")
        return F.softmax(input, -3)


class Softmin(_OverDim):
    """softmax(−x) along ``dim``"""
    fn = staticmethod(F.softmin)


class LogSoftmax(_OverDim):
    """log softmax(x) along ``dim``"""
    fn = staticmethod(F.log_softmax)


class Maxout(Module):
    """Maxout layer (Goodfellow et al., 2013), not in PyTorch: ``pieces`` affine maps of the
    input, and each of the ``out_features`` outputs is the largest of its pieces:
        yⱼ = maxₖ (W x + b)ⱼₖ,   W of shape (out_features·pieces, in_features).
    The linear part (``self.linear``) is initialised as nn.Linear."""

    def __init__(self, in_features, out_features, pieces=2, bias=True, device=None, dtype=None):
        super().__init__()
        self.in_features, self.out_features, self.pieces = in_features, out_features, pieces
        self.linear = Linear(in_features, out_features * pieces, bias, device, dtype)

    def forward(self, input):
        return F.maxout(input, self.linear.weight, self.linear.bias, self.pieces)

    def extra_repr(self):
        return (f"in_features={self.in_features}, out_features={self.out_features}, "
                f"pieces={self.pieces}")
