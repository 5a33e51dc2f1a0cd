"""gradcheck itself: it passes correct ops and its failure report points at the bug."""
import re
import warnings

import numpy as np
import pytest

import minigrad as mg
from minigrad.autograd import Function, GradcheckError, gradcheck, gradgradcheck
from tests.helpers import DEVICES, leaf


class WrongSquare(Function):
    """y = x², with the classic bug: dy/dx written as x instead of 2x."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * x


class ZeroSoftmax(Function):
    """softmax whose backward returns zeros: passes a check on softmax(x).sum() (the sum is
    constant), must fail a real Jacobian check."""

    @staticmethod
    def forward(ctx, x):
        return mg.softmax(x, dim=-1)

    @staticmethod
    def backward(ctx, grad):
        return grad * 0.0


class IgnoresGrad(Function):
    """y = 3x whose backward returns 3 regardless of the incoming gradient."""

    @staticmethod
    def forward(ctx, x):
        return x * 3

    @staticmethod
    def backward(ctx, grad):
        return mg.ones_like(grad) * 3


@pytest.mark.parametrize("device", DEVICES)
def test_passes_on_correct_ops(device):
    x = leaf([[0.1, -0.4, 0.7], [1.2, 0.3, -0.8]], device)
    w = leaf([[0.5], [-1.0], [2.0]], device)
    assert gradcheck(lambda x, w: (x @ w).tanh().softmax(0) * x.exp().sum(), (x, w))
    assert gradgradcheck(lambda x, w: (x @ w).sigmoid().log(), [x, w])


@pytest.mark.parametrize("device", DEVICES)
def test_wrong_backward_report_names_everything(device):
    rng = np.random.default_rng(0)
    x = leaf(rng.uniform(0.5, 1.5, (2, 3)), device)
    z = leaf(rng.uniform(0.5, 1.5, (3,)), device)

    def fn(x, z):
        return x.exp() * 2, WrongSquare.apply(z * x).sum(0) + 1     # output 1 is wrong
    with pytest.raises(GradcheckError) as err:
        gradcheck(fn, (x, z))
    msg = str(err.value)
    assert "output 1 with respect to input 0" in msg
    m = re.search(r"d output1\[(\d+)\] / d input0\[(\d+), (\d+)\]", msg)
    assert m, msg                                   # worst element, in tensor coordinates
    out_i, in_r, in_c = map(int, m.groups())
    assert out_i == in_c                            # output 1 = Σ_r (z·x)²[r, c]: diagonal in c
    ana = float(re.search(r"analytical: (\S+)", msg).group(1))
    num = float(re.search(r"numerical:\s+(\S+)", msg).group(1))
    assert abs(ana * 2 - num) < 1e-5 * max(1, abs(num))    # the bug: half the derivative
    assert "absolute error" in msg and "relative error" in msg
    assert "atol" in msg and "rtol" in msg and "1e-05" in msg and "0.001" in msg
    assert "WrongSquareBackward" in msg                     # the guilty op
    assert "MulBackward" not in msg.split("The op whose backward")[1].split("\n")[0]
    assert "test_gradcheck.py" in msg                       # where it was created


@pytest.mark.parametrize("device", DEVICES)
def test_softmax_with_zero_backward_is_caught(device):
    x = leaf([[0.2, -0.3, 1.0]], device)
    assert gradcheck(lambda x: mg.softmax(x, dim=-1), (x,))
    # the needle-style check on the sum would pass this broken backward:
    assert gradcheck(lambda x: ZeroSoftmax.apply(x).sum(), (x,))
    with pytest.raises(GradcheckError, match="ZeroSoftmaxBackward"):
        gradcheck(ZeroSoftmax.apply, (x,))


@pytest.mark.parametrize("device", DEVICES)
def test_backward_ignoring_its_incoming_gradient_is_caught(device):
    x = leaf([0.5, 1.0], device)
    assert gradcheck(lambda x: IgnoresGrad.apply(x).sum(), (x,))     # upstream = ones: hidden
    with pytest.raises(GradcheckError, match="IgnoresGradBackward"):
        gradcheck(lambda x: IgnoresGrad.apply(x) * 2.0, (x,))
    with pytest.raises(GradcheckError):
        gradcheck(IgnoresGrad.apply, (x,))      # one-hot rows: the off-diagonal 3s show


@pytest.mark.parametrize("device", DEVICES)
def test_raise_exception_false_returns_false(device):
    x = leaf([0.5, 1.0], device)
    assert gradcheck(WrongSquare.apply, (x,), raise_exception=False) is False
    assert gradcheck(mg.exp, (x,), raise_exception=False) is True


@pytest.mark.parametrize("device", DEVICES)
def test_warns_for_non_float64_inputs(device):
    x = mg.tensor([0.5, 1.0], dtype=mg.float32, device=device, requires_grad=True)
    with pytest.warns(UserWarning, match="double precision"):
        gradcheck(lambda x: x * 2, (x,), eps=1e-2, atol=1e-2, rtol=1e-2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gradcheck(lambda x: x * 2, (leaf([0.5], device),))


def test_needs_an_input_requiring_grad():
    with pytest.raises(ValueError, match="requires_grad"):
        gradcheck(mg.exp, (mg.tensor([1.0], dtype=mg.float64),))


@pytest.mark.parametrize("device", DEVICES)
def test_gradgradcheck_catches_a_wrong_double_backward(device):
    class FirstOrderOnly(Function):
        """y = x³ whose backward is right in value but built from a detached x:
        first derivatives pass, second derivatives are 0."""

        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x * x

        @staticmethod
        def backward(ctx, grad):
            (x,) = ctx.saved_tensors
            return grad * 3 * x.detach() ** 2

    x = leaf([0.5, -1.0], device)
    assert gradcheck(FirstOrderOnly.apply, (x,))
    assert gradgradcheck(FirstOrderOnly.apply, (x,), raise_exception=False) is False
