"""Custom ops with mg.autograd.Function: ctx.save_for_backward, saved_tensors,
needs_input_grad, several inputs and outputs, non-tensor arguments."""
import numpy as np
import pytest

import minigrad as mg
from minigrad.autograd import Function
from tests.helpers import DEVICES, check, leaf, to_numpy


class Cube(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x * x * x

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * 3 * x * x


class MulAdd(Function):
    """(a·b + c, a − b): two outputs, three inputs, a Python float argument."""

    @staticmethod
    def forward(ctx, a, b, c, scale):
        ctx.save_for_backward(a, b)
        ctx.scale = scale
        ctx.seen_needs = ctx.needs_input_grad
        return (a * b + c) * scale, a - b

    @staticmethod
    def backward(ctx, g1, g2):
        a, b = ctx.saved_tensors
        ga = g1 * b * ctx.scale + g2 if ctx.needs_input_grad[0] else None
        gb = g1 * a * ctx.scale - g2 if ctx.needs_input_grad[1] else None
        gc = g1 * ctx.scale if ctx.needs_input_grad[2] else None
        return ga, gb, gc, None


@pytest.mark.parametrize("device", DEVICES)
def test_custom_function_forward_backward_and_gradcheck(device):
    x = leaf([1.0, -2.0, 0.5], device)
    y = Cube.apply(x)
    assert y.grad_fn is not None and "Cube" in y.grad_fn.name()
    np.testing.assert_allclose(to_numpy(y), [1.0, -8.0, 0.125])
    y.sum().backward()
    np.testing.assert_allclose(to_numpy(x.grad), [3.0, 12.0, 0.75])
    check(Cube.apply, leaf([1.0, -2.0, 0.5], device))         # backward uses Tensor ops: 2nd order


@pytest.mark.parametrize("device", DEVICES)
def test_forward_sees_tensors_without_a_graph(device):
    seen = {}

    class Probe(Function):
        @staticmethod
        def forward(ctx, x):
            seen["type"] = type(x)
            seen["grad_enabled"] = mg.is_grad_enabled()
            return x * 2

        @staticmethod
        def backward(ctx, grad):
            return grad * 2
    out = Probe.apply(leaf([1.0], device))
    assert seen == {"type": mg.Tensor, "grad_enabled": False}
    assert out.requires_grad


@pytest.mark.parametrize("device", DEVICES)
def test_multiple_outputs_and_needs_input_grad(device):
    a, b = leaf([1.0, 2.0], device), leaf([3.0, 4.0], device)
    c = leaf([0.5, 0.5], device, requires_grad=False)
    s, d = MulAdd.apply(a, b, c, 2.0)
    assert s.grad_fn is d.grad_fn
    assert s.grad_fn.seen_needs == (True, True, False, False)
    (s.sum() + 10 * d.sum()).backward()
    assert to_numpy(a.grad).tolist() == [3 * 2 + 10, 4 * 2 + 10]
    assert to_numpy(b.grad).tolist() == [1 * 2 - 10, 2 * 2 - 10]
    assert c.grad is None
    check(lambda a, b, c: MulAdd.apply(a, b, c, 2.0), leaf([1.0, 2.0], device),
          leaf([3.0, 4.0], device), leaf([0.5, 0.5], device))


@pytest.mark.parametrize("device", DEVICES)
def test_only_one_output_used(device):
    a, b = leaf([1.0, 2.0], device), leaf([3.0, 4.0], device)
    s, d = MulAdd.apply(a, b, b, 1.0)
    d.sum().backward()                                        # g1 arrives as zeros
    assert to_numpy(a.grad).tolist() == [1.0, 1.0]
    assert to_numpy(b.grad).tolist() == [-1.0, -1.0]


@pytest.mark.parametrize("device", DEVICES)
def test_wrong_number_of_gradients_is_reported(device):
    class Bad(Function):
        @staticmethod
        def forward(ctx, x, y):
            return x + y

        @staticmethod
        def backward(ctx, grad):
            return grad

    out = Bad.apply(leaf([1.0], device), leaf([2.0], device))
    with pytest.raises(RuntimeError, match="Bad.*incorrect number of gradients"):
        out.sum().backward()


@pytest.mark.parametrize("device", DEVICES)
def test_no_grad_inputs_build_no_node(device):
    y = Cube.apply(mg.tensor([2.0], device=device))
    assert y.grad_fn is None and not y.requires_grad
    with mg.no_grad():
        z = Cube.apply(leaf([2.0], device))
    assert z.grad_fn is None


@pytest.mark.parametrize("device", DEVICES)
def test_saved_tensors_are_checked_against_in_place_changes(device):
    x = leaf([1.0, 2.0], device)
    h = x * 1.0
    y = Cube.apply(h)
    h.mul_(2.0)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()


@pytest.mark.parametrize("device", DEVICES)
def test_saved_tensors_after_release_raise(device):
    x = leaf([1.0], device)
    y = Cube.apply(x)
    y.sum().backward()
    with pytest.raises(RuntimeError, match="second time"):
        y.grad_fn.saved_tensors
