"""Linear, Bilinear, Identity, Flatten, Unflatten: gradients and shapes."""
import math

import numpy as np
import pytest
from hypothesis import given, settings

import minigrad as mg
import minigrad.nn as nn
import minigrad.nn.functional as F
from tests.helpers import DEVICES, SETTINGS, arrays, check, leaf, to_numpy


@pytest.mark.parametrize("device", DEVICES)
@settings(SETTINGS, max_examples=5)
@given(x=arrays((3, 4)), w=arrays((2, 4)), b=arrays((2,)))
def test_linear_gradients(device, x, w, b):
    check(F.linear, leaf(x, device), leaf(w, device), leaf(b, device))


@pytest.mark.parametrize("device", DEVICES)
def test_bilinear_gradients_and_value(device):
    x1, x2 = np.random.randn(3, 2), np.random.randn(3, 4)
    w, b = np.random.randn(5, 2, 4), np.random.randn(5)
    out = F.bilinear(leaf(x1, device), leaf(x2, device), leaf(w, device), leaf(b, device))
    assert np.allclose(to_numpy(out), np.einsum("ni,oij,nj->no", x1, w, x2) + b)
    check(F.bilinear, leaf(x1, device), leaf(x2, device), leaf(w, device), leaf(b, device))


def test_linear_default_init_bounds_and_batch_dims():
    layer = nn.Linear(50, 40)
    bound = 1 / math.sqrt(50)
    w = to_numpy(layer.weight)
    assert np.abs(w).max() <= bound and np.abs(w).max() > 0.9 * bound
    assert abs(w.std() - bound / math.sqrt(3)) < 0.1 * bound
    assert np.abs(to_numpy(layer.bias)).max() <= bound
    assert layer(mg.randn(2, 3, 50)).shape == (2, 3, 40)
    assert nn.Linear(3, 2, bias=False).bias is None
    assert list(nn.Linear(3, 2, bias=False).state_dict()) == ["weight"]


def test_linear_shape_error_names_both_shapes():
    with pytest.raises(RuntimeError, match=r"\[4, 3\].*\[2, 5\]"):
        nn.Linear(5, 2)(mg.randn(4, 3))


def test_flatten_unflatten_identity():
    x = mg.randn(2, 3, 4)
    assert nn.Flatten()(x).shape == (2, 12)
    assert nn.Flatten(0, 1)(x).shape == (6, 4)
    assert nn.Unflatten(1, (3, 4))(nn.Flatten()(x)).shape == (2, 3, 4)
    assert nn.Identity(7, foo=1)(x) is x
    assert repr(nn.Flatten()) == "Flatten(start_dim=1, end_dim=-1)"
