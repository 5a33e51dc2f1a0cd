"""Tensor hooks (leaf and non-leaf), handle.remove, retain_grad."""
import pytest

import minigrad as mg
from tests.helpers import DEVICES, leaf, to_numpy


@pytest.mark.parametrize("device", DEVICES)
def test_leaf_hook_sees_and_can_replace_the_gradient(device):
    x = leaf([1.0, 2.0], device)
    seen = []
    x.register_hook(lambda g: seen.append(to_numpy(g).tolist()))
    x.register_hook(lambda g: g * 10)
    (x * 3).sum().backward()
    assert seen == [[3.0, 3.0]]
    assert to_numpy(x.grad).tolist() == [30.0, 30.0]


@pytest.mark.parametrize("device", DEVICES)
def test_non_leaf_hook_modifies_what_flows_further_back(device):
    x = leaf([1.0, 2.0], device)
    y = x * 2
    seen = []

    def hook(g):
        seen.append(to_numpy(g).tolist())
        return g * 0.5
    y.register_hook(hook)
    (y * y).sum().backward()
    assert seen == [[4.0, 8.0]]                        # d(y²)/dy = 2y
    assert to_numpy(x.grad).tolist() == [4.0, 8.0]      # halved, then times dy/dx = 2
    assert y.grad is None                               # non-leaf: not retained


@pytest.mark.parametrize("device", DEVICES)
def test_handle_remove_unregisters_the_hook(device):
    x = leaf([1.0], device)
    calls = []
    handle = x.register_hook(lambda g: calls.append(1))
    y = x * 2
    handle2 = y.register_hook(lambda g: calls.append(2))
    handle.remove()
    handle2.remove()
    y.sum().backward()
    assert calls == []
    assert to_numpy(x.grad).tolist() == [2.0]


@pytest.mark.parametrize("device", DEVICES)
def test_hook_on_tensor_without_grad_raises(device):
    with pytest.raises(RuntimeError, match="doesn't require gradient"):
        mg.ones(2, device=device).register_hook(lambda g: g)


@pytest.mark.parametrize("device", DEVICES)
def test_retain_grad_keeps_a_non_leaf_gradient(device):
    x = leaf([1.0, 2.0], device)
    y = x * x
    y.retain_grad()
    assert y.retains_grad
    z = (y * 3).sum()
    z.backward(retain_graph=True)
    assert to_numpy(y.grad).tolist() == [3.0, 3.0]
    z.backward()
    assert to_numpy(y.grad).tolist() == [6.0, 6.0]          # accumulates like a leaf's
    assert not y.grad.requires_grad


@pytest.mark.parametrize("device", DEVICES)
def test_retain_grad_sees_the_hooked_gradient(device):
    x = leaf([1.0], device)
    y = x * 2
    y.register_hook(lambda g: g + 1)
    y.retain_grad()
    y.sum().backward()
    assert to_numpy(y.grad).tolist() == [2.0]
    assert to_numpy(x.grad).tolist() == [4.0]


@pytest.mark.parametrize("device", DEVICES)
def test_retain_grad_on_leaf_is_a_no_op(device):
    x = leaf([1.0], device)
    x.retain_grad()
    (x * 2).sum().backward()
    assert to_numpy(x.grad).tolist() == [2.0]
