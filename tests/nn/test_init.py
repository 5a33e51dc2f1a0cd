"""nn.init: statistics of every scheme (std and bounds within tolerance), in place, no graph."""
import math

import numpy as np
import pytest

import minigrad as mg
import minigrad.nn as nn
from minigrad.nn import init
from tests.helpers import DEVICES, to_numpy

SHAPE = (200, 300)            # fan_out = 200, fan_in = 300


def _param(device, shape=SHAPE):
    return nn.Parameter(mg.empty(*shape, dtype=mg.float64, device=device))


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("fn,std,bound", [
    (lambda w: init.uniform_(w, -0.3, 0.3), 0.3 / math.sqrt(3), 0.3),
    (lambda w: init.normal_(w, 0, 0.2), 0.2, None),
    (lambda w: init.xavier_uniform_(w), math.sqrt(2 / 500), math.sqrt(6 / 500)),
    (lambda w: init.xavier_normal_(w, gain=2.0), 2 * math.sqrt(2 / 500), None),
    (lambda w: init.kaiming_uniform_(w), math.sqrt(2 / (1 + 0)) / math.sqrt(300),
     math.sqrt(6 / 300)),
    (lambda w: init.kaiming_uniform_(w, a=math.sqrt(5)), 1 / math.sqrt(3 * 300),
     1 / math.sqrt(300)),
    (lambda w: init.kaiming_normal_(w, mode="fan_out", nonlinearity="relu"),
     math.sqrt(2 / 200), None),
    (lambda w: init.lecun_normal_(w), 1 / math.sqrt(300), None),
    (lambda w: init.lecun_uniform_(w), 1 / math.sqrt(300), math.sqrt(3 / 300)),
    (lambda w: init.trunc_normal_(w, 0, 1, -2, 2), 0.8796, 2.0),
])
def test_init_statistics(device, fn, std, bound):
    w = _param(device)
    assert fn(w) is w and w.grad_fn is None and w.requires_grad
    values = to_numpy(w)
    assert abs(values.mean()) < 0.02 * std * 10
    assert abs(values.std() - std) < 0.03 * std
    if bound is not None:
        assert np.abs(values).max() <= bound and np.abs(values).max() > 0.95 * bound


@pytest.mark.parametrize("device", DEVICES)
def test_orthogonal_constant_eye_dirac_sparse(device):
    for shape in [(4, 6), (6, 4), (3, 2, 2)]:
        w = init.orthogonal_(_param(device, shape), gain=2.0)
        flat = to_numpy(w).reshape(shape[0], -1)
        gram = flat @ flat.T if shape[0] <= flat.shape[1] else flat.T @ flat
        assert np.allclose(gram, 4 * np.eye(gram.shape[0]))
    assert np.all(to_numpy(init.constant_(_param(device, (2, 2)), 0.3)) == 0.3)
    assert np.all(to_numpy(init.ones_(_param(device, (2,)))) == 1)
    assert np.all(to_numpy(init.zeros_(_param(device, (2,)))) == 0)
    assert np.array_equal(to_numpy(init.eye_(_param(device, (2, 3)))), np.eye(2, 3))
    d = to_numpy(init.dirac_(_param(device, (2, 2, 3))))
    assert d[0, 0, 1] == 1 and d[1, 1, 1] == 1 and d.sum() == 2
    s = to_numpy(init.sparse_(_param(device, (10, 5)), 0.3))
    assert np.all((s == 0).sum(axis=0) >= 3)


def test_gains_and_fans():
    assert init.calculate_gain("tanh") == 5 / 3
    assert init.calculate_gain("relu") == math.sqrt(2)
    assert init.calculate_gain("leaky_relu", 0.2) == math.sqrt(2 / 1.04)
    assert init.calculate_gain("selu") == 0.75
    assert init._calculate_fan_in_and_fan_out(mg.empty(8, 3, 5, 5)) == (75, 200)
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        init.xavier_uniform_(mg.empty(3))
    with pytest.raises(ValueError, match="Unsupported nonlinearity"):
        init.calculate_gain("swishy")
    with pytest.warns(UserWarning, match="zero-element"):
        init.kaiming_uniform_(mg.empty(0, 3))


def test_lsuv_gives_unit_output_variance_per_layer():
    mg.manual_seed(0)
    model = nn.Sequential(nn.Linear(20, 50), nn.Tanh(), nn.Linear(50, 50), nn.ReLU(),
                          nn.Linear(50, 10))
    batch = mg.randn(256, 20) * 3
    assert init.lsuv_(model, batch, tol=0.05, max_iters=20) is model
    with mg.no_grad():
        h = batch
        for layer in model:
            h = layer(h)
            if isinstance(layer, nn.Linear):
                assert abs(float(h.var()) - 1) < 0.05
