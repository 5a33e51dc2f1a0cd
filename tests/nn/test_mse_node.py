"""F.mse_loss as one node (ops/nn.py's MseLoss): PyTorch's graph, gradients and their bits."""
import numpy as np
import pytest
from hypothesis import given, settings

import minigrad as mg
import minigrad.nn as nn
import minigrad.nn.functional as F
from tests.helpers import DEVICES, SETTINGS, arrays, check, leaf

REDUCTIONS = ["mean", "sum", "none"]


def test_the_loss_node_leads_to_the_layer():
    """The 60-minute blitz's walk: loss.grad_fn is MseLossBackward0 and its first
    next function is the last layer's node (three nodes deep when it was composed)."""
    model = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
    loss = nn.MSELoss()(model(mg.randn(5, 4)), mg.randn(5, 2))
    assert loss.grad_fn.name() == "MseLossBackward0"
    assert loss.grad_fn.next_functions[0][0].name() == "AddmmBackward0"
    assert loss.grad_fn.next_functions[1] == (None, 0)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("reduction", REDUCTIONS)
@settings(SETTINGS, max_examples=4)
@given(a=arrays((3, 4), -2, 2), b=arrays((4,), -2, 2))
def test_gradients_of_input_and_broadcast_target(device, reduction, a, b):
    x, y = leaf(a, device), leaf(b, device)
    with pytest.warns(UserWarning, match="different to the input size"):
        check(lambda x, y: F.mse_loss(x, y, reduction=reduction), x, y)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_same_bits_as_sub_mul_mean_composed(reduction):
    """For g = 1 the node's (s·d)·g and the composed 2·((1/N)·d) round alike (float32)."""
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal((2, 37, 3), dtype=np.float32)
    grads = []
    for fused in (True, False):
        x, y = mg.tensor(a, requires_grad=True), mg.tensor(b, requires_grad=True)
        if fused:
            loss = F.mse_loss(x, y, reduction=reduction)
        else:
            d = x - y
            loss = {"mean": lambda t: t.mean(), "sum": lambda t: t.sum(),
                    "none": lambda t: t}[reduction](d * d)
        loss.backward(None if reduction != "none" else mg.ones_like(loss))
        grads.append((loss.detach().numpy(), x.grad.numpy(), y.grad.numpy()))
    for fused, composed in zip(*grads):
        np.testing.assert_array_equal(fused, composed)


def test_other_dtypes_and_weights_are_composed_with_the_same_name():
    x = mg.tensor([1.0, 2.0], requires_grad=True)
    loss = F.mse_loss(x, mg.tensor([1, 4]))                     # float32 and int64
    assert loss.dtype == mg.float32 and loss.item() == 2.0
    assert loss.grad_fn.name() == "MseLossBackward0"
    loss.backward()
    np.testing.assert_array_equal(x.grad.numpy(), [0.0, -2.0])
    with pytest.raises(ValueError, match="bogus is not a valid value for reduction"):
        F.mse_loss(x, x.detach(), reduction="bogus")


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_gradient_bits_match_pytorch(dtype, reduction):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(2)
    a, b, g = (rng.standard_normal((16, 5)).astype(dtype) for _ in range(3))
    results = []
    for lib in (mg, torch):
        x, y = lib.tensor(a, requires_grad=True), lib.tensor(b, requires_grad=True)
        functional = F if lib is mg else torch.nn.functional
        loss = functional.mse_loss(x, y, reduction=reduction)
        loss.backward(lib.tensor(g) if reduction == "none" else None)
        results.append((loss.grad_fn.name(), x.grad.numpy(), y.grad.numpy()))
    (name, gx, gy), (torch_name, tx, ty) = results
    assert name == torch_name
    np.testing.assert_array_equal(gx, tx)
    np.testing.assert_array_equal(gy, ty)
