"""matmul: 1-D, 2-D and batched operands with broadcasting batch axes."""
import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

import minigrad as mg
from tests.helpers import DEVICES, SETTINGS, arrays, check, leaf, to_numpy

FAST = settings(SETTINGS, max_examples=15)


@st.composite
def matmul_shapes(draw):
    n, k, m = (draw(st.integers(0, 3)) for _ in range(3))
    k = max(k, draw(st.integers(0, 1)))
    kind = draw(st.sampled_from(["vv", "mv", "vm", "mm", "batched"]))
    if kind == "vv":
        return (k,), (k,)
    if kind == "mv":
        return (n, k), (k,)
    if kind == "vm":
        return (k,), (k, m)
    if kind == "mm":
        return (n, k), (k, m)
    batch = draw(st.lists(st.integers(1, 2), min_size=1, max_size=2))
    ba = tuple(draw(st.sampled_from([b, 1])) for b in batch)
    bb = tuple(draw(st.sampled_from([b, 1])) for b in batch)[draw(st.integers(0, len(batch))):]
    a = ba + (n, k) if draw(st.booleans()) else (k,)
    return a, bb + (k, m)


@pytest.mark.parametrize("device", DEVICES)
@FAST
@given(data=st.data())
def test_matmul_gradcheck(device, data):
    sa, sb = data.draw(matmul_shapes())
    a, b = data.draw(arrays(sa)), data.draw(arrays(sb))
    x, y = leaf(a, device), leaf(b, device)
    np.testing.assert_allclose(to_numpy(x @ y), np.matmul(a, b), rtol=1e-12, atol=1e-12)
    check(lambda x, y: x @ y, x, y)
    check(mg.matmul, x, y, second_order=False)


@pytest.mark.parametrize("device", DEVICES)
def test_matmul_methods_and_reflected(device):
    a = leaf(np.arange(6.0).reshape(2, 3), device)
    b = leaf(np.ones((3, 2)), device)
    for out in (a @ b, a.matmul(b), a.mm(b), mg.mm(a, b), b.__rmatmul__(a)):
        assert to_numpy(out).tolist() == [[3.0, 3.0], [12.0, 12.0]]
