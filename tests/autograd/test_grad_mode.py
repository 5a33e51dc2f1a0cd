"""no_grad, enable_grad, set_grad_enabled: context managers, decorators, nesting."""
import pytest

import minigrad as mg
from tests.helpers import DEVICES, leaf


@pytest.mark.parametrize("device", DEVICES)
def test_no_grad_context_builds_no_graph(device):
    x = leaf([1.0], device)
    with mg.no_grad():
        assert not mg.is_grad_enabled()
        y = x * 2
    assert mg.is_grad_enabled()
    assert not y.requires_grad and y.grad_fn is None
    assert (x * 2).requires_grad


@pytest.mark.parametrize("device", DEVICES)
def test_enable_grad_inside_no_grad(device):
    x = leaf([1.0], device)
    with mg.no_grad():
        with mg.enable_grad():
            assert mg.is_grad_enabled()
            y = x * 2
        z = x * 2
        assert not mg.is_grad_enabled()
    assert y.requires_grad and not z.requires_grad


def test_set_grad_enabled_as_context_and_call():
    with mg.set_grad_enabled(False):
        assert not mg.is_grad_enabled()
        with mg.set_grad_enabled(True):
            assert mg.is_grad_enabled()
        assert not mg.is_grad_enabled()
    assert mg.is_grad_enabled()
    mg.set_grad_enabled(False)
    try:
        assert not mg.is_grad_enabled()
    finally:
        mg.set_grad_enabled(True)
    assert mg.is_grad_enabled()


@pytest.mark.parametrize("device", DEVICES)
def test_no_grad_as_decorator(device):
    @mg.no_grad()
    def step(x):
        assert not mg.is_grad_enabled()
        return x * 2

    x = leaf([1.0], device)
    y = step(x)
    assert not y.requires_grad and mg.is_grad_enabled()
    assert step.__name__ == "step"

    @mg.enable_grad()
    def inner(x):
        return x * 2
    with mg.no_grad():
        assert inner(x).requires_grad


def test_grad_mode_restored_after_exception():
    with pytest.raises(ValueError):
        with mg.no_grad():
            raise ValueError
    assert mg.is_grad_enabled()


def test_set_grad_enabled_as_decorator():
    @mg.set_grad_enabled(False)
    def f():
        return mg.is_grad_enabled()
    assert mg.is_grad_enabled()
    assert f() is False
    assert mg.is_grad_enabled()


def test_bare_decorators_and_inference_mode_as_pytorch():
    """``@torch.no_grad`` without parentheses and ``torch.inference_mode`` (PyTorch 2)."""
    torch = pytest.importorskip("torch")
    seen = []
    for m in (mg, torch):
        x = m.ones(1, requires_grad=True)

        @m.no_grad
        def no(x):
            return (x * 2).requires_grad

        @m.inference_mode
        def inference(x):
            return (x * 2).requires_grad

        @m.inference_mode(False)
        def not_inference(x):
            return (x * 2).requires_grad

        @m.enable_grad
        def enabled(x):
            return (x * 2).requires_grad

        with m.inference_mode():
            inside = [(x * 2).requires_grad, m.is_grad_enabled()]
        with m.inference_mode(False):
            inside.append((x * 2).requires_grad)
        with m.no_grad():
            inside.append(enabled(x))
        seen.append([no(x), inference(x), not_inference(x), no.__name__] + inside
                    + [m.is_grad_enabled()])
    assert seen[0] == seen[1] == [False, False, True, "no", False, False, True, True, True]
