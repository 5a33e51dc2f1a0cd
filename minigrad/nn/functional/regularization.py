"""Dropout functions: each unit kept with probability q = 1 − p, by a fresh random mask.

The mask is a constant of the forward pass, so y = x ⊙ m·c and
∂y/∂x = m·c: the gradient flows only through the units that were kept.
"""
from ... import backend
from ...tensor import Tensor

ALPHA_PRIME = 1.7580993408473766      # −λα of SELU: the value a dropped SELU unit takes


def _check_p(p):
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")


def _keep_mask(input, p):
    """A 0/1 tensor of input's shape and dtype, 1 with probability 1 − p (PyTorch's
    ``empty_like(input).bernoulli_(1 − p)``, so on the CPU the masks are PyTorch's)."""
    keep = backend.rng(input.device).bernoulli(1 - p, input.shape)
    return Tensor._make(keep.astype(input.dtype))


def dropout(input, p=0.5, training=True, inplace=False, scale_at="train"):
    """Inverted dropout (``scale_at="train"``, PyTorch's):
        training:  y = x ⊙ m / (1 − p),  m ~ Bernoulli(1 − p);   evaluation: y = x.
    The lectures' vanilla dropout (``scale_at="test"``):
        training:  y = x ⊙ m;   evaluation: y = (1 − p) · x.
    Both give E[y_train] = y_eval."""
    _check_p(p)
    if scale_at not in ("train", "test"):
        raise ValueError(f"scale_at must be 'train' or 'test', got {scale_at!r}")
    if not training:
        return input * (1 - p) if scale_at == "test" and p > 0 else input
    if p == 0:
        return input
    if p == 1:
        return input * 0.0
    mask = _keep_mask(input, p)
    return input * (mask / (1 - p)) if scale_at == "train" else input * mask


def alpha_dropout(input, p=0.5, training=False, inplace=False):
    """Alpha dropout (Klambauer et al., 2017), for SELU networks: a dropped unit is set to
    α' = −λα ≈ −1.7581, then an affine map a·(·) + b restores zero mean and unit variance:
        y = a·(x ⊙ m + α'(1 − m)) + b,   a = ((1 − p)(1 + p α'²))^(−1/2),   b = −a α' p
    (written as PyTorch does: y = x·(a m) + a α'(p − 1 + m));  ∂y/∂x = a·m."""
    _check_p(p)
    if not training or p == 0:
        return input
    if p == 1:
        return input * 0.0
    a = 1.0 / ((ALPHA_PRIME ** 2 * p + 1) * (1 - p)) ** 0.5
    mask = _keep_mask(input, p)
    shift = (mask - 1) * (ALPHA_PRIME * a) + ALPHA_PRIME * a * p
    return input * (mask * a) + shift
