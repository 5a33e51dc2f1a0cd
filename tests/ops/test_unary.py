"""Unary elementwise ops (ops/unary.py) beyond the basic ones in test_elementwise.py (rounding,
log2/log10/exp2, square, reciprocal, erf, sinh/cosh, clamp_min/max, in-place forms), lerp, and the
subgradients at kinks: float64 gradcheck + gradgradcheck over hypothesis shapes on every
device, values against NumPy."""
import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

import minigrad as mg
from tests.helpers import DEVICES, SETTINGS, arrays, check, leaf, shapes, to_numpy
from tests.ops.tools import (INPLACE_WHERE, assert_inplace_like_torch, away_from_zero, grad_of,
                            on_grid, positive)

FAST = settings(SETTINGS, max_examples=8)


# name -> (fn, input transform)
UNARY = {
    "square": (mg.square, None),
    "square_method": (lambda x: x.square(), None),
    "reciprocal": (lambda x: x.reciprocal(), away_from_zero),
    "log2": (mg.log2, positive),
    "log10": (lambda x: x.log10(), positive),
    "exp2": (mg.exp2, None),
    "erf": (lambda x: x.erf(), None),
    "sinh": (mg.sinh, None),
    "cosh": (lambda x: x.cosh(), None),
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


# -- subgradients at kinks, as PyTorch 2.13 (API.md fine print) ----------------------------

@pytest.mark.parametrize("device", DEVICES)
def test_relu_gradient_at_zero_is_zero(device):
    x = leaf([-1.0, 0.0, 2.0], device)
    assert grad_of(lambda x: x.relu().sum(), x) == [0.0, 0.0, 1.0]
    assert grad_of(lambda x: mg.relu(x).sum(), x) == [0.0, 0.0, 1.0]


@pytest.mark.parametrize("device", DEVICES)
def test_clamp_edges_pass_the_gradient_like_pytorch(device):
    # PyTorch 2.13: d clamp(x, 0, 1)/dx = 1 on the closed interval [0, 1] (edges included);
    # hardtanh (nn, not core) passes nothing at its edges
    x = leaf([-1.0, 0.0, 0.5, 1.0, 2.0], device)
    assert grad_of(lambda x: x.clamp(0.0, 1.0).sum(), x) == [0, 1, 1, 1, 0]
    assert grad_of(lambda x: x.clamp(min=0.0).sum(), x) == [0, 1, 1, 1, 1]
    assert grad_of(lambda x: x.clip(max=1.0).sum(), x) == [1, 1, 1, 1, 0]
    assert grad_of(lambda x: x.clamp(1.0, 0.0).sum(), x) == [0, 0, 0, 0, 0]   # min > max


@pytest.mark.parametrize("device", DEVICES)
def test_clamp_with_tensor_bounds_like_pytorch(device):
    x = leaf([-1.0, 0.0, 0.5, 1.0, 2.0], device)
    lo, hi = leaf(np.zeros(5), device), leaf(np.ones(5), device)
    gx, glo, ghi = mg.autograd.grad(mg.clamp(x, lo, hi).sum(), [x, lo, hi])
    assert to_numpy(gx).tolist() == [0, 1, 1, 1, 0]
    assert to_numpy(glo).tolist() == [1, 0, 0, 0, 0]
    assert to_numpy(ghi).tolist() == [0, 0, 0, 0, 1]
    gx, glo, ghi = mg.autograd.grad(mg.clamp(x, hi, lo).sum(), [x, lo, hi])   # min > max
    assert to_numpy(gx).tolist() == [0] * 5
    assert to_numpy(glo).tolist() == [1] * 5 and to_numpy(ghi).tolist() == [0] * 5
    assert to_numpy(mg.clamp(x, hi, lo)).tolist() == [0] * 5


@pytest.mark.parametrize("device", DEVICES)
def test_abs_sign_and_sqrt_at_zero(device):
    x = leaf([0.0, -2.0], device)
    assert grad_of(lambda x: x.abs().sum(), x) == [0.0, -1.0]
    assert grad_of(lambda x: x.sign().sum(), x) == [0.0, 0.0]
    assert grad_of(lambda x: x.sqrt()[0], leaf([0.0], device)) == [np.inf]


# issue 9: an in-place update of the input or the output before backward is refused exactly
# where PyTorch refuses it: exp, expm1, exp2, sqrt, rsqrt, tanh, sigmoid, relu, reciprocal
# save their result (so updating it is refused), the others their input
_rng = np.random.default_rng(9)
_X, _P = _rng.standard_normal((3, 4)), _rng.uniform(0.5, 2.0, (3, 4))
INPLACE = {name: (fn, [x]) for name, fn, x in [
    ("neg", lambda m, a: -a, _X), ("abs", lambda m, a: a.abs(), _X),
    ("exp", lambda m, a: a.exp(), _X), ("exp2", lambda m, a: m.exp2(a), _X),
    ("expm1", lambda m, a: a.expm1(), _X), ("log", lambda m, a: a.log(), _P),
    ("log1p", lambda m, a: a.log1p(), _P), ("log2", lambda m, a: m.log2(a), _P),
    ("log10", lambda m, a: m.log10(a), _P), ("sqrt", lambda m, a: a.sqrt(), _P),
    ("rsqrt", lambda m, a: a.rsqrt(), _P), ("sin", lambda m, a: a.sin(), _X),
    ("cos", lambda m, a: a.cos(), _X), ("tanh", lambda m, a: a.tanh(), _X),
    ("sigmoid", lambda m, a: a.sigmoid(), _X), ("relu", lambda m, a: a.relu(), _X),
    ("clamp", lambda m, a: a.clamp(-0.5, 0.5), _X), ("erf", lambda m, a: m.erf(a), _X),
    ("square", lambda m, a: m.square(a), _X), ("reciprocal", lambda m, a: a.reciprocal(), _P),
    ("floor", lambda m, a: a.floor(), _X)]}


@pytest.mark.parametrize("where", INPLACE_WHERE)
@pytest.mark.parametrize("name", INPLACE)
def test_inplace_before_backward_refused_exactly_where_pytorch_refuses(name, where):
    assert_inplace_like_torch(*INPLACE[name], where)


# PyTorch's tanh backward computes g·(1 − y²) with 1 − y² rounded once (a fused multiply-add),
# so the lecture's hand-written (1 - h**2) * dh is not bit-equal to autograd's gradient
# (makemore part 4 prints "hpreact | exact: False"); minigrad rounds the same way
_T = np.random.default_rng(4).standard_normal(4099) * 2


@pytest.mark.parametrize("dtype", ["float32", "float16"])
@pytest.mark.parametrize("device", DEVICES)
def test_tanh_backward_rounds_one_minus_y_squared_once(device, dtype):
    x = mg.tensor(_T, dtype=getattr(mg, dtype), device=device, requires_grad=True)
    g = mg.tensor(_T[::-1].copy(), dtype=getattr(mg, dtype), device=device)
    y = x.tanh()
    (first,) = mg.autograd.grad(y, x, g, retain_graph=True)
    (graphed,) = mg.autograd.grad(y, x, g, create_graph=True)
    yy, gg = to_numpy(y).astype(np.float64), to_numpy(g)
    once = (gg * (1 - yy * yy).astype(np.float32)).astype(dtype)
    naive = gg * (1 - to_numpy(y) ** 2)
    assert np.array_equal(to_numpy(first), once) and np.array_equal(to_numpy(graphed), once)
    assert first.dtype == getattr(mg, dtype) and not np.array_equal(once, naive)


@pytest.mark.parametrize("dtype", ["float32", "float16", "float64"])
def test_tanh_gradient_bits_match_pytorch(dtype):
    torch = pytest.importorskip("torch")
    if torch.backends.cpu.get_cpu_capability() == "DEFAULT":
        pytest.skip("PyTorch's scalar (non-vectorized) kernel rounds 1 − y² twice")
    x = mg.tensor(_T, dtype=getattr(mg, dtype), requires_grad=True)
    y, g = x.tanh(), mg.tensor(_T[::-1].copy(), dtype=getattr(mg, dtype))
    y.backward(g)                           # the forward's tanh may differ in the last bit:
    theirs = torch.ops.aten.tanh_backward(  # PyTorch's backward kernel on minigrad's y
        torch.from_numpy(g.numpy()), torch.from_numpy(y.detach().numpy())).numpy()
    if dtype == "float64":      # no wider float holds 1 − y² exactly: the last bit may differ
        np.testing.assert_allclose(x.grad.numpy(), theirs, rtol=1e-14, atol=1e-14)
    else:
        np.testing.assert_array_equal(x.grad.numpy(), theirs)


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_tanh_backward_of_a_0d_tensor(dtype):
    """Scalar graphs (micrograd style): NumPy gives a 0-d float32 input's float64 square
    back as a scalar, which the once-rounded 1 − y² must take too."""
    x = mg.tensor(0.5, dtype=getattr(mg, dtype), requires_grad=True)
    x.tanh().backward()
    assert x.grad.shape == () and x.grad.dtype == getattr(mg, dtype)
    assert abs(x.grad.item() - (1 - np.tanh(0.5) ** 2)) < 2e-3
