"""Normalization: gradients (the fused batch-norm backward, twice), running statistics."""
import numpy as np
import pytest
from hypothesis import given, settings

import minigrad as mg
import minigrad.nn as nn
import minigrad.nn.functional as F
from minigrad.ops.nn import BatchNormTrain
from tests.helpers import DEVICES, SETTINGS, arrays, check, leaf, to_numpy


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("shape", [(4, 3), (3, 2, 2), (2, 2, 2, 2)])
@settings(SETTINGS, max_examples=3)
@given(data=arrays((4, 3, 2, 2)))
def test_fused_batch_norm_backward_gradcheck_and_gradgradcheck(device, shape, data):
    x = data.reshape(-1)[:int(np.prod(shape))].reshape(shape) + np.arange(np.prod(shape)).reshape(
        shape) * 0.1                                   # never constant along a channel
    c = shape[1]
    w, b = leaf(np.linspace(0.5, 1.5, c), device), leaf(np.linspace(-1, 1, c), device)
    check(lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True), leaf(x, device), w, b)


@pytest.mark.parametrize("device", DEVICES)
def test_fused_backward_is_one_function_and_handles_no_affine(device):
    x = leaf(np.random.randn(5, 3), device)
    y = F.batch_norm(x, None, None, training=True)
    assert y.grad_fn.fn is BatchNormTrain
    check(lambda x: F.batch_norm(x, None, None, training=True), x)


@pytest.mark.parametrize("device", DEVICES)
def test_batch_norm_module_train_and_eval_gradients(device):
    bn = nn.BatchNorm1d(3).double().to(device)
    x = leaf(np.random.randn(6, 3), device)
    check(lambda x: F.batch_norm(x, None, None, bn.weight, bn.bias, True), x)
    bn(x)
    bn.eval()
    check(lambda x, w, b: bn(x), x, bn.weight, bn.bias)


def test_running_statistics_follow_momentum_and_unbiased_variance():
    bn = nn.BatchNorm1d(2, momentum=0.3).double()
    x = np.random.randn(5, 2)
    bn(mg.tensor(x))
    assert np.allclose(to_numpy(bn.running_mean), 0.3 * x.mean(0))
    assert np.allclose(to_numpy(bn.running_var), 0.7 + 0.3 * x.var(0, ddof=1))
    assert int(bn.num_batches_tracked) == 1
    bn.eval()
    out = to_numpy(bn(mg.tensor(x)))
    expected = (x - to_numpy(bn.running_mean)) / np.sqrt(to_numpy(bn.running_var) + 1e-5)
    assert np.allclose(out, expected)
    assert int(bn.num_batches_tracked) == 1


def test_momentum_none_is_a_cumulative_average():
    bn = nn.BatchNorm1d(2, momentum=None).double()
    batches = [np.random.randn(4, 2) + i for i in range(3)]
    for b in batches:
        bn(mg.tensor(b))
    assert np.allclose(to_numpy(bn.running_mean), np.mean([b.mean(0) for b in batches], 0))


def test_no_running_stats_uses_batch_statistics_in_eval():
    bn = nn.BatchNorm1d(2, track_running_stats=False, affine=False).eval()
    assert bn.running_mean is None and list(bn.state_dict()) == []
    out = to_numpy(bn(mg.randn(8, 2)))
    assert np.allclose(out.mean(0), 0, atol=1e-6)


def test_batch_norm_errors_name_the_shape():
    with pytest.raises(ValueError, match=r"expected 2D or 3D input \(got 4D"):
        nn.BatchNorm1d(3)(mg.randn(2, 3, 4, 4))
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        nn.BatchNorm1d(3)(mg.randn(1, 3))
    with pytest.raises(RuntimeError, match=r"weight should have shape \[4\]"):
        nn.BatchNorm2d(3)(mg.randn(2, 4, 2, 2))


@pytest.mark.parametrize("device", DEVICES)
def test_layer_group_instance_norm_gradients(device):
    x = leaf(np.random.randn(2, 4, 3), device)
    w3, b3 = leaf(np.random.randn(3), device), leaf(np.random.randn(3), device)
    w4, b4 = leaf(np.random.randn(4), device), leaf(np.random.randn(4), device)
    check(lambda x, w, b: F.layer_norm(x, (3,), w, b), x, w3, b3)
    check(lambda x, w, b: F.group_norm(x, 2, w, b), x, w4, b4)
    check(lambda x, w, b: F.instance_norm(x, weight=w, bias=b), x, w4, b4)


def test_layer_norm_shape_error():
    with pytest.raises(RuntimeError, match=r"normalized_shape=\[4\].*\[2, 3\]"):
        nn.LayerNorm(4)(mg.randn(2, 3))


def test_instance_norm_unbatched_and_running_stats():
    inorm = nn.InstanceNorm1d(3, track_running_stats=True).double()
    x = np.random.randn(2, 3, 5)
    inorm(mg.tensor(x))
    assert np.allclose(to_numpy(inorm.running_mean), 0.1 * x.mean(2).mean(0))
    assert np.allclose(to_numpy(inorm.running_var), 0.9 + 0.1 * x.var(2, ddof=1).mean(0))
    assert nn.InstanceNorm1d(3)(mg.randn(3, 5)).shape == (3, 5)


@pytest.mark.parametrize("device", DEVICES)
def test_weight_norm_reparametrizes_and_keeps_gradients(device):
    layer = nn.utils.weight_norm(nn.Linear(3, 2).double()).to(device)
    assert [n for n, _ in layer.named_parameters()] == ["bias", "weight_g", "weight_v"]
    x = leaf(np.random.randn(4, 3), device)
    w = to_numpy(layer.weight_v)
    w = to_numpy(layer.weight_g) * w / np.linalg.norm(w, axis=1, keepdims=True)
    out = layer(x)
    assert np.allclose(to_numpy(out), to_numpy(x) @ w.T + to_numpy(layer.bias))
    check(lambda x, g, v: layer(x), x, layer.weight_g, layer.weight_v)
    nn.utils.remove_weight_norm(layer)
    assert [n for n, _ in layer.named_parameters()] == ["bias", "weight"]
    assert np.allclose(to_numpy(layer(x)), to_numpy(out))
