"""Shared test tools: the devices, float64 leaves, hypothesis strategies, a gradient check."""
import hypothesis.extra.numpy as hnp
import hypothesis.strategies as st
import numpy as np
from hypothesis import settings

import minigrad as mg
from minigrad.autograd import gradcheck, gradgradcheck


def _real_gpu():
    try:
        import cupy
        return cupy.cuda.runtime.getDeviceCount() > 0
    except Exception:
        return False


REAL_GPU = _real_gpu()
DEVICES = ["cpu", "cuda"]          # "cuda" is CuPy on a GPU, else the strict stand-in

# bounded and deterministic, so the suite is fast and the same every run
SETTINGS = settings(max_examples=25, deadline=None, derandomize=True, database=None)


def leaf(array, device="cpu", requires_grad=True):
    """A float64 leaf tensor on ``device`` from a NumPy array (or list)."""
    return mg.tensor(np.asarray(array, dtype=np.float64), device=device,
                     requires_grad=requires_grad)


def floats(min_value=-3.0, max_value=3.0):
    return st.floats(min_value, max_value, allow_nan=False, allow_infinity=False, width=64)


def arrays(shape, min_value=-3.0, max_value=3.0):
    """float64 arrays of ``shape`` with moderate values."""
    return hnp.arrays(np.float64, shape, elements=floats(min_value, max_value))


def shapes(min_dims=0, max_dims=3, min_side=1, max_side=4):
    return hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=min_side,
                            max_side=max_side)


def check(fn, *tensors, second_order=True, **tolerances):
    """gradcheck (and gradgradcheck) ``fn`` at ``tensors``; raises with the report."""
    assert gradcheck(fn, tensors, **tolerances)
    if second_order:
        assert gradgradcheck(fn, tensors, **tolerances)


def to_numpy(t):
    return mg.backend.to_numpy(t.detach().array)
