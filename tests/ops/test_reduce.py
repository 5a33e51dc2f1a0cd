"""Reductions and the softmax family: gradcheck over shapes, dims and keepdim, on every device."""
import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

import minigrad as mg
from tests.helpers import DEVICES, SETTINGS, arrays, check, leaf, shapes, to_numpy
from tests.ops.tools import INPLACE_WHERE, assert_inplace_like_torch, grad_of

FAST = settings(SETTINGS, max_examples=10)


def distinct(a):
    """Values with no ties (max/min/norm-inf are smooth only away from ties)."""
    flat = np.argsort(np.argsort(a.ravel())).reshape(a.shape).astype(np.float64)
    return flat * 0.37 - 1.0 + 0.01 * np.tanh(a)


@st.composite
def shape_and_dim(draw, min_side=1, allow_none=True, allow_tuple=False):
    shape = draw(shapes(min_dims=0, max_dims=3, min_side=min_side, max_side=3))
    ndim = len(shape)
    options = [st.integers(-max(ndim, 1), max(ndim, 1) - 1)]
    if allow_none:
        options.append(st.none())
    if allow_tuple and ndim:
        options.append(st.lists(st.integers(0, ndim - 1), min_size=1, max_size=ndim,
                                unique=True).map(tuple))
    return shape, draw(st.one_of(*options)), draw(st.booleans())


REDUCTIONS = {  # name -> (fn(x, dim, keepdim), transform, allows empty reduced dims)
    "sum": (lambda x, d, k: x.sum() if d is None else mg.sum(x, d, keepdim=k), None, True),
    "mean": (lambda x, d, k: x.mean(dim=d, keepdim=k), None, False),
    "nansum": (lambda x, d, k: x.nansum() if d is None else mg.nansum(x, d, keepdim=k), None,
               True),
    "nanmean": (lambda x, d, k: x.nanmean(dim=d, keepdim=k), None, False),
    "var": (lambda x, d, k: x.var(dim=d, keepdim=k), None, False),
    "var_biased": (lambda x, d, k: mg.var(x, d, keepdim=k, correction=0), None, False),
    "std": (lambda x, d, k: x.std(dim=d, keepdim=k), distinct, False),
    "std_unbiased_false": (lambda x, d, k: mg.std(x, d, unbiased=False, keepdim=k), distinct,
                           False),
    # tiny |x| would underflow the product to 0 (y/x = 0, as in PyTorch): make them exact zeros
    "prod": (lambda x, d, k: x.prod() if d is None else mg.prod(x, d, keepdim=k),
             lambda a: np.where(np.abs(a) < 1e-3, 0.0, a), True),
    "amax": (lambda x, d, k: x.amax(dim=() if d is None else d, keepdim=k), distinct, False),
    "amin": (lambda x, d, k: mg.amin(x, dim=() if d is None else d, keepdim=k), distinct, False),
    "max": (lambda x, d, k: x.max() if d is None else x.max(dim=d, keepdim=k).values,
            distinct, False),
    "min": (lambda x, d, k: mg.min(x) if d is None else mg.min(x, d, keepdim=k)[0],
            distinct, False),
    "logsumexp": (lambda x, d, k: x.logsumexp(dim=() if d is None else d, keepdim=k), None,
                  True),
    "norm": (lambda x, d, k: x.norm(dim=d, keepdim=k), lambda a: np.abs(a) + 0.1, True),
    "norm_p1": (lambda x, d, k: x.norm(p=1, dim=d, keepdim=k), lambda a: np.abs(a) + 0.1, True),
    "norm_p3": (lambda x, d, k: mg.norm(x, p=3, dim=d, keepdim=k), lambda a: np.abs(a) + 0.1,
                True),
    "norm_inf": (lambda x, d, k: x.norm(p=float("inf"), dim=d, keepdim=k),
                 lambda a: np.abs(distinct(a)) + 0.1, False),
}


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("name", list(REDUCTIONS))
@FAST
@given(data=st.data())
def test_reduction_gradcheck(name, device, data):
    fn, transform, _ = REDUCTIONS[name]
    shape, dim, keepdim = data.draw(shape_and_dim(allow_tuple=name in ("sum", "mean", "amax",
                                                                        "logsumexp")))
    a = data.draw(arrays(shape))
    if transform is not None:
        a = transform(a)
    n = a.size if dim is None or a.ndim == 0 else np.prod([shape[d] for d in np.atleast_1d(dim)])
    if name in ("var", "std") and n < 2:
        return  # N − 1 = 0 gives nan as in PyTorch: test_var_of_one_element
    check(lambda x: fn(x, dim, keepdim), leaf(a, device))


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("name", ["sum", "prod", "logsumexp", "norm", "mean"])
def test_reductions_of_empty_tensors(name, device):
    x = leaf(np.zeros((0, 3)), device)
    fn = REDUCTIONS[name][0]
    out = fn(x, 0, False)
    assert out.shape == (3,)
    expected = {"sum": 0.0, "prod": 1.0, "logsumexp": -np.inf, "norm": 0.0, "mean": np.nan}[name]
    np.testing.assert_array_equal(to_numpy(out), np.full(3, expected))
    out.sum().backward()
    assert x.grad.shape == (0, 3)


@pytest.mark.parametrize("device", DEVICES)
def test_var_of_one_element_is_nan_like_pytorch(device):
    x = leaf([2.0], device)
    assert np.isnan(x.var().item()) or np.isinf(x.var().item())
    assert x.var(correction=0).item() == 0.0
    # std's gradient where std = 0 is 0 (PyTorch), not 0·∞ = NaN
    (g,) = mg.autograd.grad(x.std(correction=0), x)
    assert to_numpy(g).tolist() == [0.0]
    y = leaf([2.0, 2.0, 2.0], device)
    (g,) = mg.autograd.grad(y.std(), y)
    assert to_numpy(g).tolist() == [0.0, 0.0, 0.0]


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
@FAST
@given(data=st.data())
def test_softmax_family_gradcheck(name, device, data):
    shape, dim, _ = data.draw(shape_and_dim(allow_none=False))
    a = data.draw(arrays(shape))
    fn = getattr(mg, name)
    # gradcheck weights the output with one-hot upstream gradients, so a backward
    # returning zeros cannot pass as it would on softmax(x).sum()
    check(lambda x: fn(x, dim=dim), leaf(a, device))
    check(lambda x: getattr(x, name)(dim), leaf(a, device), second_order=False)


@pytest.mark.parametrize("device", DEVICES)
@FAST
@given(data=st.data())
def test_cumsum_gradcheck(device, data):
    shape, dim, _ = data.draw(shape_and_dim(min_side=0, allow_none=False))
    a = data.draw(arrays(shape))
    check(lambda x: x.cumsum(dim), leaf(a, device))
    check(lambda x: mg.cumsum(x, dim=dim), leaf(a, device), second_order=False)


@pytest.mark.parametrize("device", DEVICES)
@FAST
@given(data=st.data())
def test_prod_with_zeros_gradcheck(device, data):
    shape, dim, keepdim = data.draw(shape_and_dim())
    a = data.draw(arrays(shape))
    a.ravel()[:: 2] = 0.0
    fn = (lambda x: x.prod()) if dim is None else (lambda x: x.prod(dim, keepdim))
    check(fn, leaf(a, device))


@pytest.mark.parametrize("device", DEVICES)
@FAST
@given(data=st.data())
def test_argmax_argmin_match_numpy(device, data):
    shape, dim, keepdim = data.draw(shape_and_dim())
    a = data.draw(arrays(shape))
    x = leaf(a, device)
    for name in ("argmax", "argmin"):
        got = getattr(x, name)(dim=dim, keepdim=keepdim)
        assert got.dtype == mg.int64 and not got.requires_grad
        ref = getattr(np, name)(a.ravel() if dim is None else a,
                                axis=None if dim is None or a.ndim == 0 else dim)
        if keepdim and dim is not None and a.ndim:
            ref = np.expand_dims(ref, dim)
        elif keepdim and dim is None:
            ref = np.reshape(ref, (1,) * a.ndim)
        np.testing.assert_array_equal(to_numpy(got), ref)


@pytest.mark.parametrize("device", DEVICES)
def test_max_dim_returns_values_and_indices(device):
    x = leaf([[1.0, 5.0, 5.0], [7.0, 2.0, 7.0]], device)
    values, indices = x.max(dim=1)
    assert to_numpy(values).tolist() == [5.0, 7.0]
    assert to_numpy(indices).tolist() == [1, 0] and indices.dtype == mg.int64
    out = mg.min(x, 0, keepdim=True)
    assert out.values.shape == (1, 3) and to_numpy(out.indices).tolist() == [[0, 1, 0]]


# -- ties and zeros, as PyTorch 2.13 (API.md fine print) -----------------------------------

@pytest.mark.parametrize("device", DEVICES)
def test_max_and_amax_ties_share_the_gradient_evenly(device):
    x = leaf([1.0, 3.0, 3.0], device)
    assert grad_of(lambda x: x.max(), x) == [0.0, 0.5, 0.5]
    assert grad_of(lambda x: x.amax(), x) == [0.0, 0.5, 0.5]
    assert grad_of(lambda x: x.min(), leaf([2.0, 2.0, 2.0, 5.0], device)) == [1 / 3] * 3 + [0.0]
    m = leaf([[1.0, 4.0, 4.0, 4.0], [2.0, 2.0, 0.0, 1.0]], device)
    assert grad_of(lambda x: x.amax(dim=1).sum(), m) == [[0, 1 / 3, 1 / 3, 1 / 3], [0.5, 0.5, 0, 0]]


@pytest.mark.parametrize("device", DEVICES)
def test_max_with_dim_sends_the_gradient_to_the_returned_index(device):
    x = leaf([[1.0, 3.0, 3.0], [5.0, 5.0, 0.0]], device)
    values, indices = x.max(dim=1)
    assert to_numpy(indices).tolist() == [1, 0]
    assert grad_of(lambda x: x.max(dim=1).values.sum(), x) == [[0, 1, 0], [1, 0, 0]]
    assert grad_of(lambda x: x.min(dim=0, keepdim=True)[0].sum(), x) == [[1, 1, 0], [0, 0, 1]]


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("p", [2, 1, 3, float("inf")])
def test_norm_at_zero_has_gradient_zero(device, p):
    x = leaf([0.0, 0.0, 0.0], device)
    g = grad_of(lambda x: x.norm(p=p), x)
    assert g == [0.0, 0.0, 0.0]
    g = grad_of(lambda x: mg.norm(x.reshape(1, 3), p=p, dim=1).sum(), x)
    assert g == [0.0, 0.0, 0.0]


# -- numerical stability at ±1000 ----------------------------------------------------------

STABLE = {
    "softmax": lambda x: mg.softmax(x, dim=-1),
    "log_softmax": lambda x: mg.log_softmax(x, dim=-1),
    "logsumexp": lambda x: mg.logsumexp(x, dim=-1),
    "sigmoid": lambda x: x.sigmoid(),
}


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
@pytest.mark.parametrize("name", list(STABLE))
def test_stable_at_plus_minus_1000(name, dtype, device):
    values = np.array([[1000.0, -1000.0, 0.0], [1000.0, 1000.0, 999.0],
                       [-1000.0, -1000.0, -999.0]])
    x = mg.tensor(values, dtype=getattr(mg, dtype), device=device, requires_grad=True)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        y = STABLE[name](x)
    out = to_numpy(y)
    assert out.dtype == np.dtype(dtype)
    assert np.isfinite(out).all(), out
    weights = mg.tensor(np.linspace(0.5, 1.5, y.numel()).reshape(y.shape), dtype=y.dtype,
                        device=device)
    (g,) = mg.autograd.grad((y * weights).sum(), x)
    assert g.dtype == x.dtype and np.isfinite(to_numpy(g)).all()
    ref = {
        "softmax": lambda v: np.exp(v - v.max(-1, keepdims=True)) /
        np.exp(v - v.max(-1, keepdims=True)).sum(-1, keepdims=True),
        "log_softmax": lambda v: v - v.max(-1, keepdims=True) - np.log(
            np.exp(v - v.max(-1, keepdims=True)).sum(-1, keepdims=True)),
        "logsumexp": lambda v: v.max(-1) + np.log(np.exp(v - v.max(-1, keepdims=True)).sum(-1)),
        "sigmoid": lambda v: 0.5 * (1 + np.tanh(v / 2)),
    }[name](values)
    tol = {"float16": 2e-3, "float32": 1e-6, "float64": 1e-12}[dtype]
    np.testing.assert_allclose(out.astype(np.float64), ref, rtol=tol, atol=tol)


# -- issue 9 ---------------------------------------------------------------------------------

_rng = np.random.default_rng(9)
_X = _rng.standard_normal((3, 4))
INPLACE = {name: (fn, [_X]) for name, fn in [
    ("sum", lambda m, a: a.sum(0)), ("mean", lambda m, a: a.mean()),
    ("var", lambda m, a: a.var(0)), ("std", lambda m, a: a.std(0)),
    ("std()", lambda m, a: a.std()), ("prod", lambda m, a: a.prod(0)),
    ("amax", lambda m, a: a.amax(0)), ("amin keepdim", lambda m, a: a.amin(1, keepdim=True)),
    ("max()", lambda m, a: a.max()), ("max(dim)", lambda m, a: a.max(0)[0]),
    ("logsumexp", lambda m, a: a.logsumexp(0)), ("softmax", lambda m, a: a.softmax(0)),
    ("log_softmax", lambda m, a: a.log_softmax(1)), ("cumsum", lambda m, a: a.cumsum(0)),
    ("norm", lambda m, a: a.norm()), ("norm p=3", lambda m, a: a.norm(p=3, dim=0))]}


@pytest.mark.parametrize("where", INPLACE_WHERE)
@pytest.mark.parametrize("name", INPLACE)
def test_inplace_before_backward_refused_exactly_where_pytorch_refuses(name, where):
    """amax/amin (PyTorch saves the result) used to keep a reshaped alias of their output
    unchecked: ``y += 1`` silently changed the gradient."""
    assert_inplace_like_torch(*INPLACE[name], where)


EDGES = [[1e30, -1e30], [3e38, -3e38], [2e19, -2e19], [1e20, 1e20], [1e-30, -1e-30],
         [1e38, 1e38, 1e38], [1e-45, 0.0], [3e38, 1e30, -5e37]]


@pytest.mark.parametrize("values", EDGES)
@pytest.mark.parametrize("name", ["var", "std"])
def test_float32_var_and_std_at_the_edges_as_pytorch(name, values):
    """Accumulated in float64: no overflow on the way to a representable σ, no underflow of
    the gradient at ±1e-30 (PyTorch's values, gradients too)."""
    torch = pytest.importorskip("torch")
    ours, theirs = mg.tensor(values, requires_grad=True), torch.tensor(values, requires_grad=True)
    a, b = getattr(ours, name)(), getattr(theirs, name)()
    assert a.dtype == mg.float32
    np.testing.assert_allclose(a.item(), b.item(), rtol=1e-6)
    a.backward(), b.backward()
    np.testing.assert_allclose(to_numpy(ours.grad), theirs.grad.numpy(), rtol=1e-6)


def test_float32_var_of_equal_huge_values_is_zero():
    """A deliberate difference: PyTorch's full reduction gives inf here (its dim= form 0)."""
    assert mg.tensor([3e38, 3e38]).var().item() == 0.0
    assert mg.tensor([[3e38, 3e38]]).var(1).tolist() == [0.0]


@pytest.mark.parametrize("device", DEVICES)
def test_var_std_gradcheck_saving_the_input(device):
    x = leaf(_X, device)
    check(lambda t: t.var(1, correction=0), x)
    check(lambda t: t.std(0, keepdim=True), x)
    with pytest.raises(RuntimeError, match="only support floating point"):
        mg.tensor([1, 2, 3]).var()


@pytest.mark.parametrize("device", DEVICES)
def test_sum_with_dtype_accumulates_in_that_dtype_as_pytorch(device):
    """sum(x, dtype=float64) casts first and sums in float64 (it summed in float32 and cast
    the result: 1e8 + 1 - 1e8 + 1 came out 1). The gradient reaches x in x's dtype."""
    torch = pytest.importorskip("torch")
    values = [1e8, 1.0, -1e8, 1.0]
    x = mg.tensor(values, device=device, requires_grad=True)
    total = x.sum(dtype=mg.float64)
    assert torch.tensor(values).sum(dtype=torch.float64).item() == 2.0
    assert total.dtype == mg.float64 and total.item() == 2.0
    total.backward()
    assert x.grad.dtype == mg.float32 and to_numpy(x.grad).tolist() == [1.0] * 4
    assert mg.tensor([1, 2], device=device).sum(dtype=mg.float32).tolist() == 3.0
    check(lambda t: mg.sum(t, 0, dtype=mg.float64), leaf(_X, device))


NAN = float("nan")


@pytest.mark.parametrize("expression", [
    "x.nansum()", "x.nansum(1)", "m.nansum(x, 0, keepdim=True)", "x.nansum(dtype=m.float64)",
    "x.nanmean()", "x.nanmean(0)", "m.nanmean(x, dim=1, keepdim=True)"])
def test_nansum_nanmean_values_gradients_and_nodes_as_pytorch(expression):
    """NaNs count as 0 (nansum) or are left out (nanmean); their gradient is 0, and NaN
    where an all-NaN column's mean is 0/0 (as PyTorch: inf · 0)."""
    torch = pytest.importorskip("torch")
    results = []
    for m in (mg, torch):
        x = m.tensor([[1.0, NAN, 2.0], [NAN, NAN, 4.0]], dtype=m.float64, requires_grad=True)
        y = eval(expression, {"m": m, "x": x})
        (y * m.arange(1.0, y.numel() + 1, dtype=y.dtype).reshape(y.shape)).sum().backward()
        results.append((y.grad_fn.name(), str(y.dtype).split(".")[1],
                        np.nan_to_num(np.array(y.tolist()), nan=-7).tolist(),
                        np.nan_to_num(np.array(x.grad.tolist()), nan=-7).tolist()))
    assert results[0] == results[1]


def test_nansum_of_integers_and_nanmean_refusing_them_as_pytorch():
    torch = pytest.importorskip("torch")
    for m in (mg, torch):
        assert m.tensor([1, 2]).nansum().item() == 3
        assert str(m.tensor([True, True]).nansum().dtype).endswith("int64")
        with pytest.raises(RuntimeError, match="nanmean.*floating point.*Long"):
            m.tensor([1, 2]).nanmean()
