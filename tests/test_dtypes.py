"""dtypes: PyTorch's names and aliases, the default dtype."""
import copy
import pickle

import numpy as np
import pytest

import minigrad as mg
from tests.helpers import DEVICES


def test_aliases():
    assert mg.float is mg.float32 or mg.float == mg.float32
    assert mg.double == mg.float64 and mg.half == mg.float16
    assert mg.long == mg.int64 and mg.int == mg.int32
    assert mg.bool == np.dtype(bool)
    for name in ("float16", "float32", "float64", "int32", "int64", "bool"):
        assert getattr(mg, name) == np.dtype(name)


def test_a_dtype_is_one_object_through_pickle_copy_and_tensors():
    for dtype in (mg.float32, mg.int64, mg.bool, mg.uint8):
        assert pickle.loads(pickle.dumps(dtype)) is dtype and copy.deepcopy(dtype) is dtype
        assert mg.zeros(1, dtype=dtype).dtype is dtype and mg.zeros(1).to(dtype).dtype is dtype
    with pytest.raises(TypeError, match="is not a dtype"):
        mg.zeros(1, dtype="floot32")


def test_default_dtype_switching():
    assert mg.get_default_dtype() == mg.float32
    mg.set_default_dtype(mg.float64)
    try:
        assert mg.get_default_dtype() == mg.float64
        assert mg.tensor([1.0]).dtype == mg.float64
        assert mg.zeros(2).dtype == mg.float64 and mg.randn(2).dtype == mg.float64
        assert mg.arange(0.0, 1.0, 0.5).dtype == mg.float64
        assert mg.tensor([1]).dtype == mg.int64                 # ints are not affected
        assert (mg.tensor([1, 2]) / 2).dtype == mg.float64
    finally:
        mg.set_default_dtype(mg.float32)
    assert mg.tensor([1.0]).dtype == mg.float32


@pytest.mark.parametrize("device", DEVICES)
def test_dtype_conversions(device):
    x = mg.tensor([1.7, -2.2], device=device)
    assert x.double().dtype == mg.float64 and x.half().dtype == mg.float16
    assert x.long().tolist() == [1, -2] and x.int().dtype == mg.int32
    assert x.bool().tolist() == [True, True] and x.float() is x
    assert x.to(mg.float64).dtype == mg.float64 and x.to(dtype=mg.int64).dtype == mg.int64
    assert x.type_as(mg.ones(1, dtype=mg.float64)).dtype == mg.float64
    assert x.is_floating_point() and not x.long().is_floating_point()
    assert x.element_size() == 4 and x.double().element_size() == 8


@pytest.mark.parametrize("device", DEVICES)
def test_cast_is_differentiable(device):
    x = mg.tensor([1.0, 2.0], device=device, requires_grad=True)
    y = (x.double() * 3).sum()
    y.backward()
    assert x.grad.dtype == mg.float32 and x.grad.tolist() == [3.0, 3.0]


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_ops_keep_float_dtype(device, dtype):
    x = mg.ones(3, dtype=getattr(mg, dtype), device=device, requires_grad=True)
    for y in (x * 2.0, x.exp(), x.sum(), x.mean(), x.softmax(0), x / 3, x ** 2, x.sigmoid(),
              x.tanh(), x.norm(), x.var(), x @ x, x.relu(), x.clamp(0, 1)):
        assert y.dtype == x.dtype
    x.sum().backward()
    assert x.grad.dtype == x.dtype
