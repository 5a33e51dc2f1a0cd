"""Errors are raised where the mistake is made and say what went wrong, with shapes and names."""
import sys

import numpy as np
import pytest

import minigrad as mg
import minigrad.backend
from tests.helpers import DEVICES


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("case", ["add", "sub", "mul", "div", "maximum", "where"])
def test_broadcast_mismatch_names_the_op_and_both_shapes(device, case):
    a, b = mg.ones(2, 3, device=device), mg.ones(4, 3, device=device)
    fn = {"add": lambda: a + b, "sub": lambda: a - b, "mul": lambda: a * b,
          "div": lambda: a / b, "maximum": lambda: mg.maximum(a, b),
          "where": lambda: mg.where(a > 0, a, b)}[case]
    with pytest.raises(RuntimeError) as err:
        fn()
    msg = str(err.value)
    assert msg.startswith(case) and "[2, 3]" in msg and "[4, 3]" in msg
    assert "must match the size" in msg                      # PyTorch's wording


@pytest.mark.parametrize("device", DEVICES)
def test_matmul_shape_errors(device):
    with pytest.raises(RuntimeError, match=r"matmul.*\(2x3 and 2x3\)"):
        mg.ones(2, 3, device=device) @ mg.ones(2, 3, device=device)
    with pytest.raises(RuntimeError, match=r"matmul.*\[2, 3, 4\] and \[5, 4, 2\]"):
        mg.ones(2, 3, 4, device=device) @ mg.ones(5, 4, 2, device=device)
    with pytest.raises(RuntimeError, match="matmul.*at least 1 dimension"):
        mg.matmul(mg.ones((), device=device), mg.ones(3, device=device))


@pytest.mark.parametrize("device", DEVICES)
def test_shape_op_errors_name_the_op_and_shapes(device):
    x = mg.ones(2, 3, device=device)
    with pytest.raises(RuntimeError, match=r"cat.*\[2, 3\].*\[2, 4\]"):
        mg.cat([x, mg.ones(2, 4, device=device)])
    with pytest.raises(RuntimeError, match=r"stack.*\[2, 3\].*\[3, 2\]"):
        mg.stack([x, mg.ones(3, 2, device=device)])
    with pytest.raises(RuntimeError, match=r"reshape.*\[4, 2\].*size 6.*\[2, 3\]"):
        x.reshape(4, 2)
    with pytest.raises(RuntimeError, match=r"view.*\[-1, 4\].*\[2, 3\]"):
        x.view(-1, 4)
    with pytest.raises(RuntimeError,
                       match=r"expand.*Target sizes: \[4, 3\].*Tensor sizes: \[2, 3\]"):
        x.expand(4, 3)
    with pytest.raises(RuntimeError, match="permute"):
        x.permute(0, 0)
    with pytest.raises(RuntimeError, match="split_with_sizes"):
        x.split([1, 1], 1)


@pytest.mark.parametrize("device", DEVICES)
def test_out_of_range_dims(device):
    x = mg.ones(2, 3, device=device)
    with pytest.raises(IndexError, match=r"range of \[-3, 2\], but got 4"):
        x.unsqueeze(4)                                  # unsqueeze may add a dim at the end
    for fn in (lambda: x.sum(dim=2), lambda: x.softmax(dim=-3),
               lambda: x.transpose(0, 2), lambda: x.max(dim=5), lambda: x.cumsum(2),
               lambda: mg.cat([x, x], dim=2), lambda: x.flip(3), lambda: x.size(2)):
        with pytest.raises(IndexError, match=r"Dimension out of range \(expected to be in range "
                                             r"of \[-2, 1\]"):
            fn()


def test_backward_on_non_scalar_without_gradient():
    x = mg.ones(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="grad can be implicitly created only for scalar "
                                           "outputs.*shape \\[3\\].*gradient="):
        (x * 2).backward()


def test_ragged_nested_lists():
    with pytest.raises(ValueError, match="ragged.*expected sequence of length 2 at dim 1"):
        mg.tensor([[1, 2], [3]])
    with pytest.raises(ValueError, match="ragged.*dim 2"):
        mg.tensor([[[1, 2], [3, 4]], [[1, 2], [3]]])
    with pytest.raises(ValueError, match="ragged.*expected a number"):
        mg.tensor([1, [2, 3]])
    with pytest.raises(TypeError):
        mg.tensor(["a", "b"])


@pytest.mark.parametrize("device", DEVICES)
def test_bad_index_tensors(device):
    x = mg.ones(3, 2, device=device)
    with pytest.raises(IndexError, match="long, int, byte or bool tensors.*float32"):
        x[mg.tensor([0.0, 1.0], device=device)]
    with pytest.raises(IndexError, match="float64"):
        x[mg.tensor([1.0], dtype=mg.float64, device=device), 0]
    with pytest.raises(IndexError, match=r"shape \[3, 2\]"):
        x[3]


def test_mixing_devices_names_both_devices():
    a, b = mg.ones(2), mg.ones(2, device="cuda")
    for fn in (lambda: a + b, lambda: b * a, lambda: mg.cat([a, b]), lambda: a @ b,
               lambda: mg.where(a > 0, a, b)):
        with pytest.raises(RuntimeError, match=r"cpu.*cuda|cuda.*cpu") as err:
            fn()
        assert "same device" in str(err.value)
    with pytest.raises(RuntimeError, match="cpu.*cuda:0|cuda:0.*cpu"):
        a == b


def test_requires_grad_only_for_floats():
    with pytest.raises(RuntimeError, match="floating point"):
        mg.tensor([1, 2], requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf variables"):
        (mg.ones(2, requires_grad=True) * 2).requires_grad_(False)


def test_bad_devices_and_dtypes():
    with pytest.raises(RuntimeError, match="Expected one of cpu, cuda"):
        mg.device("tpu")
    with pytest.raises(TypeError, match="not a dtype"):
        mg.ones(2, dtype="float77")
    with pytest.raises(TypeError, match="floating-point"):
        mg.set_default_dtype(mg.int64)


@pytest.fixture
def no_cupy(monkeypatch):
    """A machine without CuPy: the backend has no CUDA module and ``import cupy`` fails."""
    monkeypatch.setattr(minigrad.backend, "_cuda", None)
    monkeypatch.setitem(sys.modules, "cupy", None)


@pytest.mark.usefixtures("no_cupy")
def test_without_cupy_cuda_says_how_to_install_it():
    for fn in (lambda: mg.zeros(2, device="cuda"), lambda: mg.ones(2).to("cuda"),
               lambda: mg.ones(2).cuda(), lambda: mg.tensor([1.0], device="cuda:0"),
               lambda: mg.randn(2, device="cuda")):
        with pytest.raises(RuntimeError, match="pip install") as err:
            fn()
        assert "CuPy" in str(err.value) and "cupy-cuda12x" in str(err.value)
    assert mg.cuda.is_available() is False
    assert mg.cuda.device_count() == 0


@pytest.mark.usefixtures("no_cupy")
def test_without_cupy_nothing_else_breaks():
    x = mg.tensor(np.arange(3.0), requires_grad=True)
    (x * x).sum().backward()
    assert x.grad.tolist() == [0.0, 2.0, 4.0]
    assert x.device == mg.device("cpu") and x.to("cpu") is x
