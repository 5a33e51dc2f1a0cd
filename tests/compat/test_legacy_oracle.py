"""x.type(), the legacy constructors (FloatTensor, ...) and autograd.Variable, against PyTorch."""
import numpy as np
import pytest

import minigrad as mg
from minigrad.autograd import Variable

torch = pytest.importorskip("torch")

LEGACY = ["FloatTensor", "DoubleTensor", "HalfTensor", "LongTensor", "IntTensor", "ShortTensor",
          "CharTensor", "ByteTensor", "BoolTensor"]


def same(a, b):
    """Same dtype name, shape and values."""
    assert str(a.dtype).split(".")[-1] == str(b.dtype).split(".")[-1]
    assert tuple(a.shape) == tuple(b.shape)
    np.testing.assert_array_equal(a.detach().numpy(), b.detach().numpy())


@pytest.mark.parametrize("name", LEGACY)
@pytest.mark.parametrize("data", [[1, 2, 3], [[1.7, 2.9], [0.0, 3.0]], [True, False]])
def test_legacy_constructor_copies_data(name, data):
    same(getattr(mg, name)(data), getattr(torch, name)(data))


@pytest.mark.parametrize("name", LEGACY)
@pytest.mark.parametrize("sizes", [(2, 3), (4,), ((2, 5),), ()])
def test_legacy_constructor_from_sizes(name, sizes):
    args = [mg.Size(s) if isinstance(s, tuple) else s for s in sizes]
    targs = [torch.Size(s) if isinstance(s, tuple) else s for s in sizes]
    m, t = getattr(mg, name)(*args), getattr(torch, name)(*targs)
    assert tuple(m.shape) == tuple(t.shape) and m.dtype.name == str(t.dtype).split(".")[-1]


def test_legacy_constructor_from_numpy_and_isinstance():
    same(mg.FloatTensor(np.array([1.0, 2.0])), torch.FloatTensor(np.array([1.0, 2.0])))
    assert isinstance(mg.ones(2), mg.FloatTensor) and not isinstance(mg.ones(2), mg.DoubleTensor)
    assert isinstance(mg.tensor([1]), mg.LongTensor)


def test_legacy_constructor_rejects_a_number():
    with pytest.raises(TypeError, match="not the number 2.5"):
        mg.FloatTensor(2.5)


def test_tensor_constructor_is_the_legacy_float_one():
    same(mg.Tensor([1, 2]), torch.Tensor([1, 2]))
    assert tuple(mg.Tensor(2, 3).shape) == tuple(torch.Tensor(2, 3).shape)


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16", "int64", "int32", "int16",
                                   "int8", "uint8", "bool"])
def test_type_string(dtype):
    m = mg.ones(2, dtype=getattr(mg, dtype))
    t = torch.ones(2, dtype=getattr(torch, dtype))
    assert m.type() == t.type()


@pytest.mark.parametrize("target", ["torch.DoubleTensor", "torch.LongTensor", "torch.BoolTensor",
                                    "float64", "int32", "DoubleTensor", "IntTensor"])
def test_type_casts(target):
    if target in ("float64", "int32"):
        m_to, t_to = getattr(mg, target), getattr(torch, target)
    elif target.startswith("torch."):
        m_to = t_to = target
    else:
        m_to, t_to = getattr(mg, target), getattr(torch, target)
    same(mg.tensor([1.5, -2.0, 0.0]).type(m_to), torch.tensor([1.5, -2.0, 0.0]).type(t_to))


def test_type_to_own_dtype_is_the_tensor_itself():
    x = mg.ones(2)
    assert x.type(mg.float32) is x and x.type("torch.FloatTensor") is x


def test_type_with_a_bad_string_names_it():
    with pytest.raises(ValueError, match="invalid type: 'float'"):
        mg.ones(2).type("float")


def test_type_is_differentiable_like_to():
    x = mg.tensor([1.0, 2.0], requires_grad=True)
    x.type(mg.float64).sum().backward()
    assert x.grad.dtype == mg.float32 and x.grad.tolist() == [1.0, 1.0]


def test_variable_is_a_no_op_wrapper():
    t = mg.ones(2)
    v = Variable(t, requires_grad=True)
    tt = torch.ones(2)
    tv = torch.autograd.Variable(tt, requires_grad=True)
    assert (v is t) == (tv is tt) and v.requires_grad and not t.requires_grad
    assert type(v) is mg.Tensor and isinstance(v, Variable) and isinstance(t, Variable)
    with mg.no_grad():
        v.mul_(3)                             # same storage as t, as in PyTorch
    assert t.tolist() == [3.0, 3.0]
    (v * v).sum().backward()
    assert v.grad.tolist() == [6.0, 6.0]


def test_variable_needs_a_tensor():
    with pytest.raises(TypeError, match="Variable data has to be a tensor, but got list"):
        Variable([1.0])
