"""Dropout: keep rate and scaling (statistics), fixed-mask gradients, vanilla and MC dropout."""
import numpy as np
import pytest

import minigrad as mg
import minigrad.nn as nn
import minigrad.nn.functional as F
from tests.helpers import DEVICES, check, leaf, to_numpy


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("p", [0.2, 0.5, 0.8])
def test_inverted_dropout_keep_rate_and_scale(device, p):
    x = mg.ones(20000, dtype=mg.float64, device=device)
    y = to_numpy(F.dropout(x, p))
    kept = y != 0
    assert abs(kept.mean() - (1 - p)) < 0.02
    assert np.allclose(y[kept], 1 / (1 - p))
    assert abs(y.mean() - 1) < 0.05                       # E[y] = x
    assert F.dropout(x, p, training=False) is x


@pytest.mark.parametrize("device", DEVICES)
def test_vanilla_dropout_scales_at_test_time(device):
    layer = nn.Dropout(0.25, scale_at="test").to(device)
    x = mg.ones(20000, dtype=mg.float64, device=device)
    y = to_numpy(layer(x))
    assert set(np.unique(y)) == {0.0, 1.0} and abs(y.mean() - 0.75) < 0.02
    layer.eval()
    assert np.allclose(to_numpy(layer(x)), 0.75)
    assert "scale_at='test'" in repr(layer)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("fn", [lambda x: F.dropout(x, 0.4),
                                lambda x: F.dropout(x, 0.4, scale_at="test"),
                                lambda x: F.alpha_dropout(x, 0.3, training=True)])
def test_dropout_gradient_with_a_fixed_mask(device, fn):
    x = leaf(np.random.randn(4, 5), device)
    check(lambda x: (mg.manual_seed(7), fn(x))[1], x)


def test_edge_probabilities_and_errors():
    x = mg.randn(10)
    assert float(F.dropout(x, 1.0).abs().sum()) == 0
    assert F.dropout(x, 0.0) is x
    with pytest.raises(ValueError, match="between 0 and 1, but got 1.5"):
        nn.Dropout(1.5)
    with pytest.raises(ValueError, match="scale_at"):
        nn.Dropout(0.5, scale_at="never")


def test_alpha_dropout_keeps_mean_and_variance_of_selu_activations():
    x = mg.randn(200000, dtype=mg.float64)
    y = to_numpy(F.alpha_dropout(x, 0.2, training=True))
    assert abs(y.mean()) < 0.02 and abs(y.var() - 1) < 0.02
    assert nn.AlphaDropout(0.2).eval()(x) is x


def test_mc_dropout_predict_keeps_dropout_on_and_batch_norm_off():
    mg.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Dropout(0.5),
                          nn.Linear(16, 1)).double()
    model.train()
    x = mg.randn(8, 3, dtype=mg.float64)
    running = to_numpy(model[1].running_mean).copy()
    mean, std = nn.utils.mc_dropout_predict(model, x, samples=50)
    assert mean.shape == (8, 1) and std.shape == (8, 1)
    assert float(std.min()) > 0                          # masks differ between samples
    assert np.array_equal(running, to_numpy(model[1].running_mean))   # eval-mode batch norm
    assert all(m.training for m in model.modules())     # modes restored
    model.eval()
    deterministic = to_numpy(model(x))
    assert np.allclose(to_numpy(mean), deterministic, atol=4 * float(std.max()))
