"""Creation functions: values, dtype, device and requires_grad as in PyTorch."""
import numpy as np
import pytest

import minigrad as mg
from tests.helpers import DEVICES, to_numpy


@pytest.mark.parametrize("device", DEVICES)
def test_tensor_infers_dtype_like_pytorch(device):
    assert mg.tensor([1, 2], device=device).dtype == mg.int64
    assert mg.tensor([1.0, 2], device=device).dtype == mg.float32
    assert mg.tensor([True, False], device=device).dtype == mg.bool
    assert mg.tensor(3.5, device=device).shape == ()
    assert mg.tensor([], device=device).dtype == mg.float32
    assert mg.tensor(np.arange(3, dtype=np.float64), device=device).dtype == mg.float64
    assert mg.tensor(np.arange(3, dtype=np.int32), device=device).dtype == mg.int32
    assert mg.tensor([1, 2], dtype=mg.float64, device=device).dtype == mg.float64
    assert mg.tensor([[1, 2], [3, 4]], device=device).shape == (2, 2)


@pytest.mark.parametrize("device", DEVICES)
def test_tensor_copies_its_input(device):
    a = np.zeros(3)
    t = mg.tensor(a, device=device)
    a[0] = 5
    assert to_numpy(t).tolist() == [0, 0, 0]
    u = mg.tensor(t)
    u.array[1] = 7
    assert to_numpy(t).tolist() == [0, 0, 0]


def test_from_numpy_shares_memory():
    a = np.zeros(3)
    t = mg.from_numpy(a)
    a[0] = 5
    assert t.tolist() == [5, 0, 0] and t.dtype == mg.float64
    with pytest.raises(TypeError):
        mg.from_numpy([1, 2])


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("name,value", [("zeros", 0), ("ones", 1), ("empty", None)])
def test_filled(device, name, value):
    fn = getattr(mg, name)
    for t in (fn(2, 3, device=device), fn((2, 3), device=device), fn([2, 3], device=device)):
        assert t.shape == (2, 3) and t.dtype == mg.float32 and t.device.type == device
        if value is not None:
            assert (to_numpy(t) == value).all()
    t = fn(2, dtype=mg.float64, device=device, requires_grad=True)
    assert t.dtype == mg.float64 and t.requires_grad and t.is_leaf
    assert fn(2, dtype=mg.int64, device=device).dtype == mg.int64
    assert fn((), device=device).shape == ()
    assert fn(0, 3, device=device).shape == (0, 3)


@pytest.mark.parametrize("device", DEVICES)
def test_full_and_likes(device):
    assert mg.full((2,), 1.5, device=device).dtype == mg.float32
    assert mg.full((2,), 7, device=device).dtype == mg.int64
    assert mg.full((2,), True, device=device).dtype == mg.bool
    assert to_numpy(mg.full((2, 2), 3.0, device=device)).tolist() == [[3, 3], [3, 3]]
    x = mg.ones(2, 3, dtype=mg.float64, device=device)
    for fn in (mg.zeros_like, mg.ones_like, mg.rand_like, mg.randn_like, mg.empty_like):
        y = fn(x)
        assert y.shape == (2, 3) and y.dtype == mg.float64 and y.device == x.device
        assert fn(x, dtype=mg.float32).dtype == mg.float32
        assert fn(x, requires_grad=True).requires_grad
    y = mg.full_like(x, 4)
    assert y.dtype == mg.float64 and to_numpy(y).tolist() == [[4] * 3] * 2


@pytest.mark.parametrize("device", DEVICES)
def test_arange_linspace_eye(device):
    assert mg.arange(5, device=device).tolist() == [0, 1, 2, 3, 4]
    assert mg.arange(5, device=device).dtype == mg.int64
    assert mg.arange(1, 2, 0.25, device=device).tolist() == [1.0, 1.25, 1.5, 1.75]
    assert mg.arange(1, 2, 0.25).dtype == mg.float32
    assert mg.arange(3, dtype=mg.float64, device=device).dtype == mg.float64
    t = mg.linspace(0, 1, 5, device=device)
    assert t.dtype == mg.float32 and t.tolist() == [0, 0.25, 0.5, 0.75, 1]
    assert mg.eye(2, device=device).tolist() == [[1, 0], [0, 1]]
    assert mg.eye(2, 3, device=device).shape == (2, 3)


@pytest.mark.parametrize("device", DEVICES)
def test_random_creation_and_manual_seed(device):
    mg.manual_seed(42)
    a = mg.rand(3, 4, device=device)
    b = mg.randn(3, 4, device=device)
    c = mg.randint(0, 10, (5,), device=device)
    mg.manual_seed(42)
    assert mg.rand(3, 4, device=device).tolist() == a.tolist()
    assert mg.randn(3, 4, device=device).tolist() == b.tolist()
    assert mg.randint(0, 10, (5,), device=device).tolist() == c.tolist()
    assert a.dtype == mg.float32 and ((to_numpy(a) >= 0) & (to_numpy(a) < 1)).all()
    assert c.dtype == mg.int64 and ((to_numpy(c) >= 0) & (to_numpy(c) < 10)).all()
    assert mg.randint(5, (3,), device=device).shape == (3,)
    assert mg.randn(2, dtype=mg.float64, device=device, requires_grad=True).requires_grad
    assert mg.rand(2, dtype=mg.float16, device=device).dtype == mg.float16
    assert sorted(mg.randperm(5, device=device).tolist()) == [0, 1, 2, 3, 4]


def test_randn_statistics():
    x = to_numpy(mg.randn(20000, dtype=mg.float64))
    assert abs(x.mean()) < 0.05 and abs(x.std() - 1) < 0.05


def test_is_tensor_numel_as_tensor():
    t = mg.ones(2, 3)
    assert mg.is_tensor(t) and not mg.is_tensor(np.ones(2))
    assert mg.numel(t) == 6 == t.numel()
    assert mg.as_tensor(t) is t
    assert mg.as_tensor([1, 2]).tolist() == [1, 2]
