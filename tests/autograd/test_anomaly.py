"""detect_anomaly: names the op and where it was created for a NaN in forward or backward."""
import pytest

import minigrad as mg
from minigrad.autograd import Function
from minigrad.autograd.anomaly import is_anomaly_enabled
from tests.helpers import DEVICES, leaf


@pytest.mark.parametrize("device", DEVICES)
def test_nan_in_forward_names_the_op_and_the_line(device):
    x = leaf([-1.0, 1.0], device)
    with mg.autograd.detect_anomaly():
        with pytest.raises(RuntimeError) as err:
            x.log()                                           # the guilty line
    msg = str(err.value)
    assert "Log" in msg and "nan" in msg and "forward" in msg
    assert "test_anomaly.py" in msg and "x.log()" in msg


@pytest.mark.parametrize("device", DEVICES)
def test_nan_in_backward_names_the_op_and_where_it_was_created(device):
    x = leaf([0.0, 1.0], device)
    with mg.autograd.detect_anomaly():
        y = x.sqrt()                                          # 1/(2·√0) = inf
        z = (y * 0.0).sum()
        with pytest.raises(RuntimeError) as err:
            z.backward()
    msg = str(err.value)
    assert "SqrtBackward" in msg and ("nan" in msg or "inf" in msg)
    assert "test_anomaly.py" in msg and "y = x.sqrt()" in msg


@pytest.mark.parametrize("device", DEVICES)
def test_custom_function_with_nan_backward(device):
    class NaNGrad(Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, grad):
            return grad * float("nan")

    x = leaf([1.0], device)
    with mg.autograd.detect_anomaly():
        out = NaNGrad.apply(x)
        with pytest.raises(RuntimeError, match="NaNGradBackward.*nan"):
            out.sum().backward()


@pytest.mark.parametrize("device", DEVICES)
def test_without_anomaly_mode_nan_passes_silently(device):
    x = leaf([-1.0], device)
    y = x.log()
    assert y.isnan().all().item()
    assert not mg.autograd.anomaly.is_anomaly_enabled()


def test_detect_anomaly_as_decorator_and_restored():
    @mg.autograd.detect_anomaly()
    def f():
        return mg.autograd.anomaly.is_anomaly_enabled()
    assert f() is True
    assert not mg.autograd.anomaly.is_anomaly_enabled()


def test_set_detect_anomaly_is_a_switch_and_a_context_manager():
    """PyTorch's ``set_detect_anomaly(mode)`` switches at once, and restores on ``with`` exit."""
    assert not is_anomaly_enabled()
    mg.autograd.set_detect_anomaly(True)
    try:
        assert is_anomaly_enabled()
    finally:
        mg.autograd.set_detect_anomaly(False)
    assert not is_anomaly_enabled()
    with mg.autograd.set_detect_anomaly(True):
        a = mg.tensor([0.0], requires_grad=True)
        with pytest.raises(RuntimeError, match="'SqrtBackward0' returned nan values"):
            (mg.sqrt(a) * 0).backward()
    assert not is_anomaly_enabled()
    with mg.autograd.set_detect_anomaly(True, check_nan=False):
        assert not is_anomaly_enabled()
    with mg.autograd.set_detect_anomaly(True):
        assert mg.is_anomaly_enabled()                # torch.is_anomaly_enabled()
