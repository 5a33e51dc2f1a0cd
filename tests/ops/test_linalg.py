"""matmul: 1-D, 2-D and batched operands with broadcasting batch axes; dot, mv, bmm, outer,
tril, triu, diag, trace."""
import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

import minigrad as mg
from tests.helpers import DEVICES, SETTINGS, arrays, check, leaf, shapes, to_numpy
from tests.ops import tools

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


# -- dot, mv, bmm, outer, tril, triu, diag, trace ------------------------------------------

FEW = settings(SETTINGS, max_examples=8)


@pytest.mark.parametrize("device", DEVICES)
@FEW
@given(n=st.integers(1, 4), m=st.integers(1, 4), b=st.integers(1, 3), data=st.data())
def test_products_gradcheck(device, n, m, b, data):
    u, v = leaf(data.draw(arrays((n,))), device), leaf(data.draw(arrays((n,))), device)
    w = leaf(data.draw(arrays((m,))), device)
    a = leaf(data.draw(arrays((m, n))), device)
    check(mg.dot, u, v)
    check(mg.outer, u, w)
    check(lambda a, u: a.mv(u), a, u)
    check(mg.bmm, leaf(data.draw(arrays((b, m, n))), device),
          leaf(data.draw(arrays((b, n, 2))), device))
    np.testing.assert_allclose(to_numpy(mg.outer(u, w)), np.outer(to_numpy(u), to_numpy(w)))


@pytest.mark.parametrize("device", DEVICES)
@FEW
@given(shape=shapes(min_dims=2, max_dims=4), k=st.integers(-3, 3), data=st.data())
def test_triangles_gradcheck(device, shape, k, data):
    a = data.draw(arrays(shape))
    check(lambda x: mg.tril(x, k), leaf(a, device))
    check(lambda x: x.triu(diagonal=k), leaf(a, device))
    np.testing.assert_array_equal(to_numpy(mg.tril(leaf(a, device), k)), np.tril(a, k))
    np.testing.assert_array_equal(to_numpy(mg.triu(leaf(a, device), k)), np.triu(a, k))


@pytest.mark.parametrize("device", DEVICES)
@FEW
@given(m=st.integers(1, 4), n=st.integers(1, 4), k=st.integers(-4, 4), data=st.data())
def test_diag_and_trace_gradcheck(device, m, n, k, data):
    a, v = data.draw(arrays((m, n))), data.draw(arrays((n,)))
    check(lambda x: mg.diag(x, k), leaf(a, device))
    check(lambda x: x.diag(k), leaf(v, device))
    check(mg.trace, leaf(a, device))
    np.testing.assert_array_equal(to_numpy(mg.diag(leaf(a, device), k)), np.diag(a, k))
    np.testing.assert_array_equal(to_numpy(mg.diag(leaf(v, device), k)), np.diag(v, k))
    assert mg.trace(leaf(a, device)).item() == pytest.approx(np.trace(a))


@pytest.mark.parametrize("device", DEVICES)
def test_linear_algebra_errors_as_pytorch(device):
    v3, v4, m = leaf(np.ones(3), device), leaf(np.ones(4), device), leaf(np.ones((2, 3)), device)
    with pytest.raises(RuntimeError, match="1D tensors expected, but got 2D and 1D tensors"):
        mg.dot(m, v3)
    with pytest.raises(RuntimeError, match=r"inconsistent tensor size, expected tensor \[3\]"):
        mg.dot(v3, v4)
    with pytest.raises(RuntimeError, match="outer: Expected 1-D argument self, but got 2-D"):
        mg.outer(m, v3)
    with pytest.raises(RuntimeError, match=r"size mismatch, got input \(2\), mat \(2x3\), vec \(4\)"):
        mg.mv(m, v4)
    with pytest.raises(RuntimeError, match="batch1 must be a 3D tensor"):
        mg.bmm(m, leaf(np.ones((2, 3, 2)), device))
    with pytest.raises(RuntimeError, match=r"batch2 tensor to be: \[2, 3\] but got: \[3, 3\]"):
        mg.bmm(leaf(np.ones((2, 2, 3)), device), leaf(np.ones((3, 3, 2)), device))
    with pytest.raises(RuntimeError, match="tril: input tensor must have at least 2 dimensions"):
        mg.tril(v3)
    with pytest.raises(RuntimeError, match="trace: expected a matrix, but got tensor with dim 1"):
        mg.trace(v3)
    with pytest.raises(RuntimeError, match=r"diag\(\): Supports 1D or 2D tensors. Got 3D"):
        mg.diag(leaf(np.ones((2, 2, 2)), device))


@pytest.mark.parametrize("expression", [
    "m.mm(m.ones(3), m.ones(3))", "m.mm(m.ones(2, 2), m.ones(2))", "m.ones(2, 2, 2).mm(m.ones(2, 2))",
    "m.mm(m.ones(2, 3), m.ones(3, 1))", "m.dot(m.ones(2), m.ones(2, dtype=m.float64))",
])
def test_mm_takes_matrices_only_as_pytorch(expression):
    """Issue 9 item 12: mm on 1-D input returned a dot product (it was matmul)."""
    tools.assert_same_outcome(expression)


@pytest.mark.parametrize("expression", [
    "m.ones(2, 3) @ m.ones(3, 2, dtype=m.float64)", "m.ones(2, 3, dtype=m.int64) @ m.ones(3)",
    "m.matmul(m.ones(3), m.ones(3, dtype=m.float64))", "m.mm(m.ones(2, 2), m.ones(2, 2).double())",
    "m.mv(m.ones(2, 2), m.ones(2, dtype=m.float64))", "m.bmm(m.ones(1, 2, 2), m.ones(1, 2, 2).double())",
    "m.dot(m.ones(2), m.ones(2, dtype=m.float64))",
])
def test_matrix_products_of_mixed_dtypes_are_refused_as_in_pytorch(expression):
    """PyTorch does not promote in matrix products (a float32 model fed float64 data fails
    there), so minigrad does not either: a RuntimeError in both."""
    torch = pytest.importorskip("torch")
    for m in (mg, torch):
        with pytest.raises(RuntimeError, match="dtype|type"):
            eval(expression, {"m": m})
    assert (mg.ones(2, 3, dtype=mg.int64) @ mg.ones(3, dtype=mg.int64)).tolist() == [3, 3]
