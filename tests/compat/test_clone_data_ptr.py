"""Tensor.clone (a CloneBackward0 node, bit-exact, layout kept) and Tensor.data_ptr (views
share the address, copies do not): idioms of the autograd and tensor-basics tutorials."""
import numpy as np
import pytest

import minigrad as mg
from tests.helpers import DEVICES, check, leaf


@pytest.mark.parametrize("device", DEVICES)
def test_clone_gradients(device):
    check(lambda x: x.clone() * x, leaf(np.random.default_rng(0).normal(size=(2, 3)), device))


def test_clone_is_an_exact_copy_with_its_own_node():
    x = mg.tensor([-0.0, 1.5, float("nan")], requires_grad=True)
    c = x.clone()
    assert c.grad_fn.name() == "CloneBackward0"
    assert np.array_equal(np.signbit(c.detach().numpy()), [True, False, False])
    c.sum().backward()
    assert x.grad.tolist() == [1.0, 1.0, 1.0]
    assert mg.tensor([3, 4]).clone().tolist() == [3, 4]
    t = mg.randn(2, 3).t()
    assert t.clone().stride() == t.stride() and not t.clone().is_contiguous()


def test_data_ptr_tells_views_from_copies():
    x = mg.arange(6.0)
    assert x.view(2, 3).data_ptr() == x.data_ptr() == x.detach().data_ptr()
    assert x[2:].data_ptr() == x.data_ptr() + 2 * x.element_size()
    assert x.clone().data_ptr() != x.data_ptr()
    assert x.reshape(3, 2).t().contiguous().data_ptr() != x.data_ptr()


def test_same_as_pytorch():
    torch = pytest.importorskip("torch")
    for T in (mg, torch):
        x = T.arange(6.0).view(2, 3)
        y = x.t()
        got = (y.clone().stride(), y.clone().is_contiguous(), str(x.clone().grad_fn),
               y.data_ptr() == x.data_ptr(), x[1].data_ptr() - x.data_ptr(),
               x.clone().data_ptr() == x.data_ptr())
        if T is mg:
            ours = got
    assert ours == got
    z = torch.tensor([-0.0], requires_grad=True).clone()
    assert str(z.grad_fn).startswith("<CloneBackward0")
