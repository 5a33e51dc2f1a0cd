"""Counting values: ``histc``, ``histogram``, ``bincount`` (no gradients, as in PyTorch).

A value ``x`` falls in bin ``i`` when ``edgeᵢ ≤ x < edgeᵢ₊₁``; the last bin
also holds ``x = edge_last``. Values outside the edges, and NaNs, are not
counted. Without a range the edges span the data's min and max (widened to
``min − 1, max + 1`` by ``histc`` and ``min − ½, max + ½`` by ``histogram``
when all values are equal, as PyTorch widens them); a NaN or inf in data
without a range is an error. The edges are spaced in float64 and then
rounded to the input's dtype, so a float32 edge can differ from PyTorch's in
its last bit.
"""
import math

import numpy as np

from .. import backend
from .._printing import return_type
from ..autograd.function import Function, is_tensor
from .out import write_out

histogram_result = return_type("histogram", ["hist", "bin_edges"])


class Counted(Function):
    """A count (or bin edges) computed from the input's values: a Tensor with no gradient."""
    raw = True
    differentiable = False

    @staticmethod
    def forward(ctx, array):
        return array


_wrap = Counted.apply


def _float_input(input, name):
    if not is_tensor(input):
        raise TypeError(f"{name}(): input must be a Tensor, not {type(input).__name__}")
    if input.dtype.kind != "f":
        raise RuntimeError(f"{name}(): input must be a floating point tensor, got {input.dtype}")
    return input.detach().array


def _count(values, edges, weight=None):
    """How many ``values`` (or how much ``weight``) fall in each bin between ``edges``."""
    xp = backend.xp(values)
    inside = (values >= edges[0]) & (values <= edges[-1])        # False for NaN
    index = xp.searchsorted(edges, values[inside], side="right") - 1
    index = xp.minimum(index, len(edges) - 2)                       # x = last edge: last bin
    w = None if weight is None else weight[inside]
    return xp.bincount(index, weights=w, minlength=len(edges) - 1).astype(values.dtype)


def _range(values, lo, hi, widen, name):
    """The data's min and max where no range is given, widened if they coincide."""
    if lo == hi:
        lo, hi = (float(values.min()), float(values.max())) if values.size else (0.0, 0.0)
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise RuntimeError(f"{name}(): range of [{lo}, {hi}] is not finite (NaN or inf in the "
                           f"data: give the range)")
    if lo == hi:
        lo, hi = lo - widen, hi + widen
    return lo, hi


def histc(input, bins=100, min=0, max=0, *, out=None):
    """Counts of ``input``'s values in ``bins`` equal bins over [min, max]
    (min = max = 0: over the data's range)."""
    values = _float_input(input, "histc").reshape(-1)
    if bins <= 0:
        raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {bins} for dimension 0")
    if min > max:
        raise RuntimeError("torch.histc: max must be larger than min")
    lo, hi = _range(values, float(min), float(max), 1.0, "histc")
    xp = backend.xp(values)
    edges = xp.linspace(lo, hi, bins + 1).astype(values.dtype)
    return _out(_wrap(_count(values, edges)), out)


def histogram(input, bins=100, *, range=None, weight=None, density=False, out=None):
    """``(hist, bin_edges)``: ``bins`` equal bins (100 by default, as in PyTorch) over ``range``
    (default: the data's), or the
    bins between the given edges (a 1-D tensor). ``density``: hist / (total · bin width)."""
    values = _float_input(input, "histogram").reshape(-1)
    xp = backend.xp(values)
    if is_tensor(bins):
        edges = bins.detach().array.astype(values.dtype)
    else:
        if bins <= 0:
            raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {bins} for "
                               f"dimension 0")
        lo, hi = (0.0, 0.0) if range is None else (float(range[0]), float(range[1]))
        lo, hi = _range(values, lo, hi, 0.5, "histogram")
        edges = xp.linspace(lo, hi, bins + 1).astype(values.dtype)
    w = None if weight is None else weight.detach().array.reshape(-1)
    hist = _count(values, edges, w)
    if density:
        hist = hist / (hist.sum() * xp.diff(edges))
    return histogram_result(_wrap(hist), _wrap(edges))


def bincount(input, weights=None, minlength=0):
    """``out[i]`` = how often ``i`` occurs in ``input`` (1-D, non-negative integers), or the sum
    of the ``weights`` at those places."""
    if not is_tensor(input):
        raise TypeError(f"bincount(): input must be a Tensor, not {type(input).__name__}")
    if input.dtype.kind not in "iub":
        raise RuntimeError(f'"bincount_cpu" not implemented for {input.dtype}')
    values = input.array
    if values.ndim != 1 or (values.size and values.min() < 0):
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if minlength < 0:
        raise RuntimeError("minlength should be >= 0")
    xp = backend.xp(values)
    if weights is None:
        return _wrap(xp.bincount(values, minlength=minlength).astype("int64"))
    w = weights.detach().array
    if w.ndim != 1 or len(w) != len(values):
        raise RuntimeError("weights should be 1-d and have the same length as input")
    dtype = w.dtype if w.dtype.kind == "f" else np.dtype("float64")
    return _wrap(xp.bincount(values, weights=w, minlength=minlength).astype(dtype))


def _out(result, out):
    return result if out is None else write_out(result, out, "histc")
