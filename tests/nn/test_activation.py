"""Every activation: finite differences agree with backward (twice), on both devices."""
import math

import numpy as np
import pytest
from hypothesis import given, settings

import minigrad as mg
import minigrad.nn as nn
import minigrad.nn.functional as F
from tests.helpers import DEVICES, SETTINGS, arrays, check, leaf, to_numpy

# name -> (function, smooth enough for gradgradcheck)
ACTIVATIONS = {
    "relu": (F.relu, False), "relu6": (F.relu6, False), "elu": (F.elu, False),
    "selu": (F.selu, False), "celu": (lambda x: F.celu(x, 0.7), False),
    "leaky_relu": (lambda x: F.leaky_relu(x, 0.1), False), "hardtanh": (F.hardtanh, False),
    "hardshrink": (F.hardshrink, False), "softshrink": (F.softshrink, False),
    "hardsigmoid": (F.hardsigmoid, False), "hardswish": (F.hardswish, False),
    "threshold": (lambda x: F.threshold(x, 0.1, 2.0), False),
    "rrelu_eval": (F.rrelu, False), "logsigmoid": (F.logsigmoid, True),
    "sigmoid": (F.sigmoid, True), "tanh": (F.tanh, True), "silu": (F.silu, True),
    "mish": (F.mish, True), "softplus": (lambda x: F.softplus(x, 2.0, 5.0), False),
    "softsign": (F.softsign, False), "tanhshrink": (F.tanhshrink, True),
    "gelu": (F.gelu, True), "gelu_tanh": (lambda x: F.gelu(x, approximate="tanh"), True),
    "glu": (lambda x: F.glu(x, -1), True), "softmax": (lambda x: F.softmax(x, -1), True),
    "softmin": (lambda x: F.softmin(x, -1), True),
    "log_softmax": (lambda x: F.log_softmax(x, -1), True),
}


def _away_from_kinks(a):
    """Move values off the kinks (0, ±0.1, ±0.5, ±1, ±3, 2.5, 6): finite differences need it."""
    kinks = np.array([0.0, 0.1, -0.1, 0.5, -0.5, 1.0, -1.0, 3.0, -3.0, 2.5, 6.0])
    near = np.abs(a[..., None] - kinks).min(axis=-1) < 1e-3
    return np.where(near, a + 0.01, a)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
@settings(SETTINGS, max_examples=3)
@given(a=arrays((2, 4), -4, 4))
def test_activation_gradients(device, name, a):
    fn, smooth = ACTIVATIONS[name]
    check(fn, leaf(_away_from_kinks(a), device), second_order=smooth)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_finite_at_extremes(device, name):
    fn, _ = ACTIVATIONS[name]
    x = leaf([[-1000.0, -50.0, 50.0, 1000.0]], device)
    y = fn(x)
    y.sum().backward()
    assert np.all(np.isfinite(to_numpy(y)))
    assert np.all(np.isfinite(to_numpy(x.grad)))


@pytest.mark.parametrize("device", DEVICES)
def test_prelu_gradients_for_input_and_slopes(device):
    x = leaf(np.array([[1.5, -0.7, 0.3], [-2.0, 0.4, -0.2]])[..., None], device)
    w = leaf([0.25, 0.1, -0.3], device)
    check(F.prelu, x, w)


@pytest.mark.parametrize("device", DEVICES)
def test_maxout_takes_the_best_piece(device):
    mg.manual_seed(0)
    layer = nn.Maxout(3, 2, pieces=4).double().to(device)
    x = leaf(np.random.randn(5, 3), device)
    z = to_numpy(x) @ to_numpy(layer.linear.weight).T + to_numpy(layer.linear.bias)
    assert np.allclose(to_numpy(layer(x)), z.reshape(5, 2, 4).max(-1))
    check(lambda x, w, b: F.maxout(x, w, b, 4), x, layer.linear.weight, layer.linear.bias,
          second_order=False)


@pytest.mark.parametrize("device", DEVICES)
def test_rrelu_training_uses_one_random_slope_per_element(device):
    layer = nn.RReLU(0.1, 0.3)
    x = leaf(-np.ones((200,)), device)
    y = to_numpy(layer(x))
    assert np.all((y <= -0.1) & (y >= -0.3)) and np.unique(y).size > 100
    layer.eval()
    assert np.allclose(to_numpy(layer(x)), -0.2)
    mg.manual_seed(3)
    layer.train()
    check(lambda x: (mg.manual_seed(3), layer(x))[1], leaf([-1.0, 2.0, -0.5], device))


def test_every_module_has_its_functional_and_a_repr():
    modules = [nn.ELU(), nn.Hardshrink(), nn.Hardsigmoid(), nn.Hardtanh(), nn.Hardswish(),
               nn.LeakyReLU(), nn.LogSigmoid(), nn.PReLU(), nn.ReLU(), nn.ReLU6(), nn.RReLU(),
               nn.SELU(), nn.CELU(), nn.GELU(), nn.Sigmoid(), nn.SiLU(), nn.Mish(),
               nn.Softplus(), nn.Softshrink(), nn.Softsign(), nn.Tanh(), nn.Tanhshrink(),
               nn.Threshold(0.1, 20), nn.GLU(), nn.Softmin(1), nn.Softmax(1), nn.LogSoftmax(1)]
    x = mg.randn(3, 4)
    for m in modules:
        assert m(x).shape[0] == 3
        assert repr(m).startswith(type(m).__name__ + "(")
    assert repr(nn.LeakyReLU(0.2)) == "LeakyReLU(negative_slope=0.2)"
    assert repr(nn.GELU("tanh")) == "GELU(approximate='tanh')"
    assert repr(nn.Hardtanh()) == "Hardtanh(min_val=-1.0, max_val=1.0)"


def test_docstrings_give_formula_and_derivative():
    for name in ["relu", "elu", "selu", "celu", "hardtanh", "hardswish", "softplus", "gelu",
                 "mish", "silu", "softsign", "logsigmoid", "glu"]:
        doc = getattr(F, name).__doc__
        assert doc and ("'" in doc or "∂" in doc or "dy/dx" in doc), name


def test_erf_matches_math_erf():
    xs = np.linspace(-7, 7, 2001)
    got = to_numpy(F.erf(mg.tensor(xs)))
    assert np.allclose(got, [math.erf(v) for v in xs], rtol=0, atol=2e-15)


def test_glu_odd_dimension_is_an_error_naming_the_shape():
    with pytest.raises(RuntimeError, match=r"\[2, 3\]"):
        F.glu(mg.randn(2, 3))
