"""In-place ops: version counters guard saved values; the manual SGD update; leaf rules."""
import numpy as np
import pytest

import minigrad as mg
from tests.helpers import DEVICES, leaf, to_numpy


@pytest.mark.parametrize("device", DEVICES)
def test_modifying_a_saved_tensor_in_place_makes_backward_raise(device):
    x = leaf([1.0, 2.0], device)
    y = x * 1.0
    z = y.exp()                       # Exp saves its output
    w = (y * y).sum()                 # Mul saves y
    y.add_(1.0)
    with pytest.raises(RuntimeError, match="modified by an inplace operation") as err:
        w.backward()
    assert "MulBackward" in str(err.value)
    del z


@pytest.mark.parametrize("device", DEVICES)
def test_modifying_a_saved_output_in_place_raises(device):
    x = leaf([1.0, 2.0], device)
    y = x.exp()
    y.mul_(2.0)
    with pytest.raises(RuntimeError, match="inplace operation.*ExpBackward|ExpBackward.*"):
        y.sum().backward()


@pytest.mark.parametrize("device", DEVICES)
def test_in_place_on_an_unsaved_tensor_is_differentiable(device):
    x = leaf([1.0, 2.0], device)
    y = x * 2                         # Mul by a scalar saves x, not y
    y += 1
    y *= 3                            # Mul saves y's value before: a fresh copy
    y.sum().backward()
    assert to_numpy(x.grad).tolist() == [6.0, 6.0]
    assert y._version == 2


@pytest.mark.parametrize("device", DEVICES)
def test_views_share_the_version_counter(device):
    x = leaf([[1.0, 2.0], [3.0, 4.0]], device)
    y = x * 1.0
    v = y.view(4)
    s = (y * y).sum()
    v.mul_(2.0)
    assert y._version == v._version == 1
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        s.backward()


@pytest.mark.parametrize("device", DEVICES)
def test_manual_sgd_update_under_no_grad(device):
    w = leaf([1.0, -2.0], device)
    lr = 0.1
    for _ in range(3):
        loss = (w * w).sum()
        loss.backward()
        with mg.no_grad():
            w -= lr * w.grad
        w.grad = None
    np.testing.assert_allclose(to_numpy(w), np.array([1.0, -2.0]) * 0.8 ** 3)
    assert w.is_leaf and w.requires_grad and w.grad_fn is None


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("op", ["add_", "sub_", "mul_", "div_", "iadd", "setitem", "zero_",
                                "fill_", "clamp_"])
def test_in_place_on_a_leaf_requiring_grad_raises_outside_no_grad(device, op):
    w = leaf([1.0, 2.0], device)
    calls = {"add_": lambda: w.add_(1.0), "sub_": lambda: w.sub_(1.0),
             "mul_": lambda: w.mul_(2.0), "div_": lambda: w.div_(2.0),
             "iadd": lambda: w.__iadd__(1.0), "setitem": lambda: w.__setitem__(0, 5.0),
             "zero_": lambda: w.zero_(), "fill_": lambda: w.fill_(3.0),
             "clamp_": lambda: w.clamp_(0.0, 1.0)}
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
        calls[op]()
    assert to_numpy(w).tolist() == [1.0, 2.0]
    with mg.no_grad():
        calls[op]()
    assert w._version == 1


@pytest.mark.parametrize("device", DEVICES)
def test_setitem_on_non_leaf_flows_gradients_to_both_sides(device):
    x = leaf([1.0, 2.0, 3.0], device)
    v = leaf([10.0], device)
    y = x * 2
    y[1:2] = v * v
    y.sum().backward()
    assert to_numpy(x.grad).tolist() == [2.0, 0.0, 2.0]
    assert to_numpy(v.grad).tolist() == [20.0]


@pytest.mark.parametrize("device", DEVICES)
def test_in_place_dtype_and_shape_rules(device):
    x = mg.zeros(2, 3, dtype=mg.int64, device=device)
    with pytest.raises(RuntimeError, match="can't be cast"):
        x.add_(0.5)
    y = mg.zeros(2, 3, device=device)
    with pytest.raises(RuntimeError, match="doesn't match the broadcast shape"):
        y.add_(mg.ones(4, 2, 3, device=device))
    y.add_(mg.ones(3, device=device))                       # broadcasts into y
    assert y.tolist() == [[1, 1, 1], [1, 1, 1]]
