"""API.md's fine print: subgradients at kinks and ties, type promotion, numerical stability."""
import numpy as np
import pytest

import minigrad as mg
from tests.helpers import DEVICES, leaf, to_numpy


def grad_of(fn, x):
    (g,) = mg.autograd.grad(fn(x), x)
    return to_numpy(g).tolist()


# -- subgradients at kinks and ties (the values PyTorch 2.13 gives) ---------------------


@pytest.mark.parametrize("device", DEVICES)
def test_relu_gradient_at_zero_is_zero(device):
    x = leaf([-1.0, 0.0, 2.0], device)
    assert grad_of(lambda x: x.relu().sum(), x) == [0.0, 0.0, 1.0]
    assert grad_of(lambda x: mg.relu(x).sum(), x) == [0.0, 0.0, 1.0]


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
def test_maximum_minimum_ties_give_each_side_half(device):
    a, b = leaf([1.0, 2.0, 3.0], device), leaf([2.0, 2.0, 2.0], device)
    ga, gb = mg.autograd.grad(mg.maximum(a, b).sum(), [a, b])
    assert to_numpy(ga).tolist() == [0.0, 0.5, 1.0] and to_numpy(gb).tolist() == [1.0, 0.5, 0.0]
    ga, gb = mg.autograd.grad(mg.minimum(a, b).sum(), [a, b])
    assert to_numpy(ga).tolist() == [1.0, 0.5, 0.0] and to_numpy(gb).tolist() == [0.0, 0.5, 1.0]


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("p", [2, 1, 3, float("inf")])
def test_norm_at_zero_has_gradient_zero(device, p):
    x = leaf([0.0, 0.0, 0.0], device)
    g = grad_of(lambda x: x.norm(p=p), x)
    assert g == [0.0, 0.0, 0.0]
    g = grad_of(lambda x: mg.norm(x.reshape(1, 3), p=p, dim=1).sum(), x)
    assert g == [0.0, 0.0, 0.0]


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


# -- type promotion ----------------------------------------------------------------------

def t(dtype, shape=(2,), device="cpu"):
    return mg.ones(*shape, dtype=dtype, device=device)


PROMOTION = [  # (expression, expected dtype): PyTorch 2.13's answers
    (lambda d: t(mg.float32, device=d) * 2.0, mg.float32),
    (lambda d: t(mg.float16, device=d) + 2.5, mg.float16),
    (lambda d: 2.0 * t(mg.float32, device=d), mg.float32),
    (lambda d: t(mg.int64, device=d) * 2.5, mg.float32),
    (lambda d: t(mg.int64, device=d) / 2, mg.float32),
    (lambda d: t(mg.int32, device=d) / t(mg.int32, device=d), mg.float32),
    (lambda d: t(mg.int32, device=d) + t(mg.float16, device=d), mg.float16),
    (lambda d: t(mg.int64, device=d) + t(mg.float64, device=d), mg.float64),
    (lambda d: t(mg.float32, device=d) + t(mg.float64, (), d), mg.float32),
    (lambda d: t(mg.int32, device=d) + t(mg.float64, (), d), mg.float64),
    (lambda d: t(mg.int32, device=d) + t(mg.int64, (), d), mg.int32),
    (lambda d: t(mg.int32, (), d) + t(mg.float16, (), d), mg.float16),
    (lambda d: t(mg.float64, (), d) * t(mg.float32, (), d), mg.float64),
    (lambda d: t(mg.bool, device=d) + 1, mg.int64),
    (lambda d: t(mg.bool, device=d) + 1.5, mg.float32),
    (lambda d: t(mg.float16, device=d) + t(mg.float32, device=d), mg.float32),
    (lambda d: t(mg.uint8, device=d) + t(mg.int8, device=d), mg.int16),
    (lambda d: t(mg.int32, device=d) ** 2, mg.int32),
    (lambda d: t(mg.int32, device=d) ** 2.0, mg.float32),
    (lambda d: 2 ** t(mg.int32, device=d), mg.int32),
    (lambda d: 2.0 ** t(mg.int32, device=d), mg.float32),
    (lambda d: t(mg.bool, device=d).sum(), mg.int64),
    (lambda d: t(mg.int32, device=d).sum(), mg.int64),
    (lambda d: mg.where(t(mg.bool, device=d), t(mg.float32, device=d), 2.0), mg.float32),
    (lambda d: mg.where(t(mg.bool, device=d), t(mg.int32, device=d), 2.0), mg.float32),
    (lambda d: mg.cat([t(mg.int32, device=d), t(mg.float16, device=d)]), mg.float16),
    (lambda d: mg.maximum(t(mg.int32, device=d), t(mg.float32, device=d)), mg.float32),
]


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("case", range(len(PROMOTION)))
def test_type_promotion_as_pytorch(device, case):
    expr, expected = PROMOTION[case]
    assert expr(device).dtype == expected


def test_integer_division_gives_float_values():
    assert (mg.tensor([1, 2]) / mg.tensor([2, 2])).tolist() == [0.5, 1.0]
    assert (mg.tensor([3, 4]) // 2).tolist() == [1, 2]


def test_float64_default_dtype_then_scalars_follow_it():
    mg.set_default_dtype(mg.float64)
    try:
        assert (mg.ones(2, dtype=mg.int64) * 2.5).dtype == mg.float64
        assert (mg.ones(2, dtype=mg.float32) * 2.5).dtype == mg.float32
    finally:
        mg.set_default_dtype(mg.float32)


# -- numerical stability --------------------------------------------------------------------

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
