"""Devices: strings, mg.device, moves with .to/.cpu/.cuda, gradients across devices."""
import numpy as np
import pytest

import minigrad as mg
from tests.helpers import DEVICES


def test_device_objects():
    assert str(mg.device("cpu")) == "cpu"
    assert str(mg.device("cuda:1")) == "cuda:1" and mg.device("cuda:1").index == 1
    assert mg.device("cuda") == "cuda:0" and mg.device("cuda").type == "cuda"
    assert mg.device("cpu") == mg.device("cpu") and mg.device("cpu") != mg.device("cuda")
    assert repr(mg.device("cuda:0")) == "device(type='cuda', index=0)"
    assert mg.device(mg.device("cpu")) == "cpu"


def test_cuda_queries():
    assert mg.cuda.is_available() is True               # CuPy, or the strict stand-in
    assert mg.cuda.device_count() >= 1


def test_moves_between_devices():
    x = mg.tensor([1.0, 2.0])
    y = x.to("cuda")
    assert y.device == mg.device("cuda") and y.is_cuda and not x.is_cuda
    assert not isinstance(y.array, np.ndarray)
    assert x.cuda().device.type == "cuda" and x.cuda(0).device == "cuda:0"
    z = y.cpu()
    assert isinstance(z.array, np.ndarray) and z.tolist() == [1.0, 2.0]
    assert y.to("cuda") is y and x.to("cpu") is x
    w = x.to("cuda", mg.float64)
    assert w.dtype == mg.float64 and w.device.type == "cuda"
    v = x.to(w)
    assert v.dtype == mg.float64 and v.device == w.device
    assert x.to(mg.device("cuda")).device.type == "cuda"
    c = x.to("cpu", copy=True)
    assert c is not x and c.tolist() == x.tolist()


def test_gradient_flows_back_across_a_device_move():
    x = mg.tensor([1.0, 2.0], requires_grad=True)
    y = x.to("cuda") * 3
    z = y.cpu().sum()
    z.backward()
    assert isinstance(x.grad.array, np.ndarray) and x.grad.tolist() == [3.0, 3.0]


@pytest.mark.parametrize("device", DEVICES)
def test_creation_on_device_and_results_stay_there(device):
    x = mg.randn(3, 2, device=device, requires_grad=True)
    y = (x.exp() @ mg.ones(2, 4, device=device)).softmax(1).sum()
    assert y.device.type == device
    y.backward()
    assert x.grad.device.type == device
    for idx in (0, slice(1, None), mg.tensor([0, 2], device=device), x.detach() > 0):
        assert x[idx].device.type == device


def test_numpy_only_on_cpu():
    y = mg.ones(2, device="cuda")
    with pytest.raises(TypeError, match="cpu"):
        y.numpy()
    assert y.cpu().numpy().tolist() == [1.0, 1.0]
    assert y.tolist() == [1.0, 1.0] and y.sum().item() == 2.0
    assert "device='cuda:0'" in repr(y)
