"""The added PyTorch functions (rounding, log2, dot, tril, gather, sort, logic, in-place
methods, ...): float64 gradcheck + gradgradcheck over hypothesis shapes on every device,
values against NumPy, and PyTorch's error messages."""
import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

import minigrad as mg
from tests.helpers import DEVICES, SETTINGS, arrays, check, leaf, shapes, to_numpy

FAST = settings(SETTINGS, max_examples=8)


def on_grid(a):
    """Values k/4 + 1/8: never an integer nor a half, never within 1/8 of one another's tie."""
    return np.round(a * 4) / 4 + 0.125


def distinct(a):
    """``a`` with every value made distinct (sort and topk are smooth away from ties)."""
    return a + np.arange(a.size).reshape(a.shape) * 1e-3


def positive(a):
    return np.abs(a) + 0.2


def away_from_zero(a):
    return np.where(a >= 0, a + 0.2, a - 0.2)


def index(values, device="cpu"):
    return mg.tensor(np.asarray(values, dtype=np.int64), device=device)


# name -> (fn, input transform)
UNARY = {
    "square": (mg.square, None),
    "square_method": (lambda x: x.square(), None),
    "reciprocal": (lambda x: x.reciprocal(), away_from_zero),
    "log2": (mg.log2, positive),
    "log10": (lambda x: x.log10(), positive),
    "exp2": (mg.exp2, None),
    "erf": (lambda x: x.erf(), None),
    "floor": (mg.floor, on_grid),
    "ceil": (lambda x: x.ceil(), on_grid),
    "round": (mg.round, on_grid),
    "round_decimals": (lambda x: x.round(decimals=1), lambda a: on_grid(a) + 0.01),
    "trunc": (lambda x: x.trunc(), on_grid),
    "frac": (mg.frac, on_grid),
    "clamp_min": (lambda x: x.clamp_min(0.0), on_grid),
    "clamp_max": (lambda x: mg.clamp_max(x, 0.5), on_grid),
    "relu_": (lambda x: (x * 1).relu_(), on_grid),
    "sigmoid_": (lambda x: (x * 1).sigmoid_(), None),
    "tanh_": (lambda x: (x * 1).tanh_(), None),
    "exp_": (lambda x: (x * 1).exp_(), None),
    "log_": (lambda x: (x * 1).log_(), positive),
    "abs_": (lambda x: (x * 1).abs_(), away_from_zero),
    "neg_": (lambda x: (x * 1).neg_(), None),
    "sqrt_": (lambda x: (x * 1).sqrt_(), positive),
    "square_": (lambda x: (x * 1).square_(), None),
    "clamp_min_": (lambda x: (x * 1).clamp_min_(-0.5), on_grid),
}


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("name", list(UNARY))
@FAST
@given(data=st.data())
def test_unary_gradcheck(name, device, data):
    fn, transform = UNARY[name]
    a = data.draw(arrays(data.draw(shapes(min_dims=0, max_dims=3, min_side=0, max_side=3))))
    check(fn, leaf(a if transform is None else transform(a), device))


@pytest.mark.parametrize("device", DEVICES)
def test_unary_values_match_numpy(device):
    a = np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 2.7, -2.7])
    x = leaf(a, device, requires_grad=False)
    for fn, expected in [(mg.floor, np.floor), (mg.ceil, np.ceil), (mg.round, np.round),
                         (mg.trunc, np.trunc), (mg.square, np.square), (mg.exp2, np.exp2),
                         (lambda t: t.frac(), lambda v: v - np.trunc(v))]:
        np.testing.assert_allclose(to_numpy(fn(x)), expected(a), rtol=1e-15)
    assert to_numpy(mg.round(x)).tolist()[:6] == [-2.0, -2.0, -0.0, 0.0, 2.0, 2.0]   # half to even
    ints = mg.tensor([3, 2], device=device)
    assert mg.floor(ints).dtype == mg.int64 and mg.square(ints).tolist() == [9, 4]
    assert mg.reciprocal(ints).dtype == mg.float32 and mg.log2(ints).dtype == mg.float32


@pytest.mark.parametrize("device", DEVICES)
@FAST
@given(data=st.data())
def test_lerp_gradcheck(device, data):
    shape = data.draw(shapes(min_dims=0, max_dims=2))
    a, b, w = (data.draw(arrays(shape)) for _ in range(3))
    check(mg.lerp, leaf(a, device), leaf(b, device), leaf(w, device))
    check(lambda a, b: a.lerp(b, 0.25), leaf(a, device), leaf(b, device))


# -- linear algebra --------------------------------------------------------------------

@pytest.mark.parametrize("device", DEVICES)
@FAST
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
@FAST
@given(shape=shapes(min_dims=2, max_dims=4), k=st.integers(-3, 3), data=st.data())
def test_triangles_gradcheck(device, shape, k, data):
    a = data.draw(arrays(shape))
    check(lambda x: mg.tril(x, k), leaf(a, device))
    check(lambda x: x.triu(diagonal=k), leaf(a, device))
    np.testing.assert_array_equal(to_numpy(mg.tril(leaf(a, device), k)), np.tril(a, k))
    np.testing.assert_array_equal(to_numpy(mg.triu(leaf(a, device), k)), np.triu(a, k))


@pytest.mark.parametrize("device", DEVICES)
@FAST
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


# equation -> operand shapes: products, traces and diagonals, labels summed away, broadcasting
EINSUM = {
    "ij,jk->ik": [(2, 3), (3, 4)],
    "bij,bjk->bik": [(2, 2, 3), (2, 3, 2)],
    "ii->": [(3, 3)],
    "ii->i": [(3, 3)],
    "iji->j": [(2, 3, 2)],
    "ij->j": [(2, 3)],
    "i,j->ij": [(2,), (3,)],
    "ij,ik": [(2, 3), (2, 4)],
    "ijk->kji": [(2, 3, 4)],
    "...ij,...jk": [(2, 1, 2, 3), (3, 3, 2)],
    "a...,a->...": [(2, 3, 4), (2,)],
    "ij, ij -> ij": [(2, 1), (2, 3)],
}


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("equation", list(EINSUM))
def test_einsum_gradcheck_and_values(device, equation):
    arrays = [np.random.default_rng(3).standard_normal(s) for s in EINSUM[equation]]
    check(lambda *xs: mg.einsum(equation, *xs), *(leaf(a, device) for a in arrays))
    np.testing.assert_allclose(to_numpy(mg.einsum(equation, [leaf(a, device) for a in arrays])),
                               np.einsum(equation, *arrays), rtol=1e-12)


@pytest.mark.parametrize("device", DEVICES)
def test_einsum_errors(device):
    a = leaf(np.ones((2, 3)), device)
    with pytest.raises(RuntimeError, match=r"subscripts in the equation \(3\) does not match the "
                                           r"number of dimensions \(2\) for operand 0"):
        mg.einsum("ijk->i", a)
    with pytest.raises(ValueError, match="2 operands in the equation"):
        mg.einsum("ij,jk->ik", a)


# -- comparison and logic -------------------------------------------------------------------

@pytest.mark.parametrize("device", DEVICES)
def test_comparison_and_logic_functions(device):
    a = np.array([1.0, np.nan, np.inf, -np.inf, 2.0])
    b = np.array([1.0 + 1e-9, np.nan, np.inf, 0.0, 3.0])
    x, y = leaf(a, device, False), leaf(b, device, False)
    for name in ["eq", "ne", "lt", "le", "gt", "ge"]:
        np.testing.assert_array_equal(to_numpy(getattr(mg, name)(x, y)),
                                      to_numpy(getattr(x, name)(y)))
    np.testing.assert_array_equal(to_numpy(mg.gt(x, 1.5)), a > 1.5)
    np.testing.assert_array_equal(to_numpy(mg.isclose(x, y)), np.isclose(a, b))
    np.testing.assert_array_equal(to_numpy(x.isclose(y, equal_nan=True)),
                                  np.isclose(a, b, equal_nan=True))
    assert mg.allclose(x[:1], y[:1]) is True and x.allclose(y) is False
    assert mg.equal(x[:1], x[:1]) is True and mg.equal(x, y) is False
    np.testing.assert_array_equal(to_numpy(mg.isinf(x)), np.isinf(a))
    np.testing.assert_array_equal(to_numpy(x.isinf()), np.isinf(a))
    np.testing.assert_array_equal(to_numpy(mg.isnan(x)), np.isnan(a))
    np.testing.assert_array_equal(to_numpy(mg.isfinite(x)), np.isfinite(a))
    np.testing.assert_array_equal(to_numpy(mg.isposinf(x)), np.isposinf(a))
    p, q = x > 1, y > 1
    np.testing.assert_array_equal(to_numpy(mg.logical_and(p, q)), (a > 1) & (b > 1))
    np.testing.assert_array_equal(to_numpy(p.logical_or(q)), (a > 1) | (b > 1))
    np.testing.assert_array_equal(to_numpy(mg.logical_xor(p, q)), (a > 1) ^ (b > 1))
    np.testing.assert_array_equal(to_numpy(mg.logical_not(p)), ~(a > 1))
    assert mg.all(p).item() is False and mg.any(p).item() is True
    np.testing.assert_array_equal(to_numpy(mg.any(leaf(np.eye(2), device), 1)), [True, True])
    assert mg.isinf(x).dtype == mg.bool and mg.isclose(x, y).requires_grad is False
    with pytest.raises(RuntimeError, match="Float did not match Double"):
        mg.allclose(x.float(), x)


# -- indexing along a dimension -----------------------------------------------------------

def _index_case(data, shape):
    """A dim, and an int64 index no larger than ``shape`` apart from that dim."""
    dim = data.draw(st.integers(-len(shape), len(shape) - 1))
    d = dim % len(shape)
    ishape = tuple(data.draw(st.integers(1, 4)) if k == d else data.draw(st.integers(1, s))
                   for k, s in enumerate(shape))
    idx = data.draw(st.lists(st.integers(0, shape[d] - 1), min_size=int(np.prod(ishape)),
                             max_size=int(np.prod(ishape))))
    return dim, np.array(idx, dtype=np.int64).reshape(ishape)


@pytest.mark.parametrize("device", DEVICES)
@FAST
@given(shape=shapes(min_dims=1, max_dims=3), data=st.data())
def test_gather_and_scatter_add_gradcheck(device, shape, data):
    a = data.draw(arrays(shape))
    dim, idx = _index_case(data, shape)
    i = index(idx, device)
    check(lambda x: mg.gather(x, dim, i), leaf(a, device))
    out = mg.gather(leaf(a, device), dim, i)
    np.testing.assert_array_equal(to_numpy(out), np.take_along_axis(
        a[tuple(slice(0, s) if k != dim % a.ndim else slice(None)
                for k, s in enumerate(idx.shape))], idx, dim))
    src = leaf(data.draw(arrays(idx.shape)), device)
    check(lambda x, s: x.scatter_add(dim, i, s), leaf(a, device), src)


@pytest.mark.parametrize("device", DEVICES)
@FAST
@given(shape=shapes(min_dims=1, max_dims=3), data=st.data())
def test_scatter_gradcheck_with_distinct_indices(device, shape, data):
    a = data.draw(arrays(shape))
    dim = data.draw(st.integers(0, len(shape) - 1))
    perm = np.argsort(data.draw(arrays(shape)) + np.arange(a.size).reshape(shape) * 1e-3,
                      axis=dim, kind="stable")             # a permutation along dim: no repeats
    i = index(perm, device)
    check(lambda x, s: mg.scatter(x, dim, i, s), leaf(a, device), leaf(a * 2, device))
    check(lambda x: x.scatter(dim, i, value=1.5), leaf(a, device))


@pytest.mark.parametrize("device", DEVICES)
def test_scatter_add_repeats_accumulate_and_in_place(device):
    x = leaf(np.zeros((2, 3)), device, requires_grad=False)
    i = index([[0, 0, 2], [1, 1, 1]], device)
    src = leaf(np.arange(6.0).reshape(2, 3), device)
    out = x.scatter_add(1, i, src)
    assert to_numpy(out).tolist() == [[1.0, 0.0, 2.0], [0.0, 12.0, 0.0]]
    y = x * 1
    y.scatter_add_(1, i, src)
    assert to_numpy(y).tolist() == to_numpy(out).tolist()
    y.sum().backward()
    assert to_numpy(src.grad).tolist() == [[1.0] * 3] * 2
    z = x.clone()
    assert z.scatter_(1, i[:, :1], 7.0) is z and to_numpy(z)[:, :2].tolist() == [[7, 0], [0, 7]]


@pytest.mark.parametrize("device", DEVICES)
@FAST
@given(shape=shapes(min_dims=1, max_dims=3), data=st.data())
def test_index_select_masked_fill_take_along_dim_gradcheck(device, shape, data):
    a = data.draw(arrays(shape))
    dim = data.draw(st.integers(0, len(shape) - 1))
    picks = data.draw(st.lists(st.integers(0, shape[dim] - 1), min_size=0, max_size=4))
    i = index(picks, device)
    check(lambda x: mg.index_select(x, dim, i), leaf(a, device))
    np.testing.assert_array_equal(to_numpy(leaf(a, device).index_select(dim, i)),
                                  np.take(a, picks, axis=dim))
    mask = mg.tensor(a > 0, device=device)
    check(lambda x: x.masked_fill(mask, -1.0), leaf(a, device))
    check(lambda x, v: mg.masked_fill(x, mask, v), leaf(a, device), leaf(0.5, device))
    idx = np.argsort(a, axis=dim)
    check(lambda x: mg.take_along_dim(x, index(idx, device), dim), leaf(a, device))
    check(lambda x: x.take_along_dim(index(idx.reshape(-1)[:2], device)), leaf(a, device))


@pytest.mark.parametrize("device", DEVICES)
def test_take_along_dim_broadcasts_and_masked_fill_in_place(device):
    x = leaf(np.arange(6.0).reshape(2, 3), device)
    out = mg.take_along_dim(x, index([[2, 0]], device), 1)        # index (1, 2) broadcasts over rows
    assert to_numpy(out).tolist() == [[2.0, 0.0], [5.0, 3.0]]
    y = x * 1
    y.masked_fill_(y > 3, 0.0)
    assert to_numpy(y).tolist() == [[0.0, 1.0, 2.0], [3.0, 0.0, 0.0]]
    ints = mg.tensor([1, 2, 3], device=device)
    assert ints.masked_fill(ints > 1, 0.5).tolist() == [1, 0, 0]          # keeps int64


@pytest.mark.parametrize("device", DEVICES)
def test_indexing_errors_as_pytorch(device):
    x = leaf(np.ones((3, 3)), device)
    with pytest.raises(RuntimeError, match=r"gather\(\): Expected dtype int64 for index"):
        mg.gather(x, 1, mg.tensor([[0]], dtype=mg.int32, device=device))
    with pytest.raises(RuntimeError, match="same number of dimensions as input"):
        mg.gather(x, 1, index([0], device))
    with pytest.raises(RuntimeError, match=r"Size does not match at dimension 0 expected index "
                                           r"\[4, 2\] to be no larger than self \[3, 3\] apart "
                                           r"from dimension 1"):
        mg.gather(x, 1, index(np.zeros((4, 2)), device))
    with pytest.raises(RuntimeError, match="index 5 is out of bounds for dimension 1 with size 3"):
        mg.gather(x, 1, index([[5]], device))
    with pytest.raises(RuntimeError, match="index -1 is out of bounds"):
        x.scatter_add(0, index([[-1]], device), x)
    with pytest.raises(RuntimeError, match="Expected self.dtype to be equal to src.dtype"):
        x.scatter_add(0, index([[0]], device), x.float())
    with pytest.raises(TypeError, match="argument 'src' must be Tensor, not float"):
        x.scatter_add(0, index([[0]], device), 1.0)
    with pytest.raises(IndexError, match="Index is supposed to be a vector"):
        mg.index_select(x, 0, index([[0]], device))
    with pytest.raises(RuntimeError, match="Expected dtype int32 or int64 for index"):
        mg.index_select(x, 0, leaf([0.0], device, False))
    with pytest.raises(RuntimeError, match="masked_fill_ only supports boolean masks"):
        x.masked_fill(index([1, 0, 1], device), 0.0)


# -- sorting --------------------------------------------------------------------------------

@pytest.mark.parametrize("device", DEVICES)
@FAST
@given(shape=shapes(min_dims=1, max_dims=3), descending=st.booleans(), data=st.data())
def test_sort_topk_kthvalue_gradcheck(device, shape, descending, data):
    a = distinct(data.draw(arrays(shape)))
    dim = data.draw(st.integers(-len(shape), len(shape) - 1))
    n = shape[dim]
    k = data.draw(st.integers(1, n))
    check(lambda x: mg.sort(x, dim, descending).values, leaf(a, device))
    check(lambda x: x.topk(k, dim, largest=descending).values, leaf(a, device))
    check(lambda x: x.kthvalue(k, dim, keepdim=descending)[0], leaf(a, device))
    values, indices = leaf(a, device).sort(dim=dim, descending=descending)
    expected = np.sort(a, axis=dim)
    expected = np.flip(expected, dim) if descending else expected
    np.testing.assert_array_equal(to_numpy(values), expected)
    np.testing.assert_array_equal(to_numpy(indices), to_numpy(mg.argsort(leaf(a, device), dim,
                                                                        descending)))
    assert indices.dtype == mg.int64


@pytest.mark.parametrize("device", DEVICES)
def test_sort_is_stable_both_ways_and_gradient_reaches_original_positions(device):
    x = leaf([1.0, 3.0, 3.0, 2.0, 3.0, 1.0], device)
    values, indices = mg.sort(x, descending=True)
    assert indices.tolist() == [1, 2, 4, 3, 0, 5]
    assert mg.sort(x).indices.tolist() == [0, 5, 3, 1, 2, 4]
    (values * mg.arange(6.0, device=device)).sum().backward()
    assert to_numpy(x.grad).tolist() == [4.0, 0.0, 1.0, 3.0, 2.0, 5.0]
    nan_first = mg.sort(leaf([1.0, np.nan, 0.0], device, False), descending=True)
    assert nan_first.indices.tolist() == [1, 0, 2]
    assert mg.sort(leaf([1.0, np.nan, 0.0], device, False)).indices.tolist() == [2, 0, 1]


@pytest.mark.parametrize("device", DEVICES)
def test_sorting_errors_and_scalars(device):
    x = leaf(np.ones(3), device)
    with pytest.raises(RuntimeError, match="selected index k out of range"):
        mg.topk(x, 4)
    with pytest.raises(RuntimeError, match="selected number k out of range for dimension 0"):
        x.kthvalue(0)
    s = leaf(2.0, device)
    assert mg.sort(s).values.item() == 2.0 and mg.topk(s, 1).indices.item() == 0
