"""Memory: backward frees what the ops saved; training steps do not accumulate memory."""
import gc
import weakref

import numpy as np
import pytest

import minigrad as mg
from minigrad.autograd.function import Node
from tests.helpers import DEVICES, leaf


def _exp_output_array(x):
    y = x.exp()                         # Exp saves its output array
    return y, weakref.ref(y.array if isinstance(y.array, np.ndarray) else y.array._a)


@pytest.mark.parametrize("device", DEVICES)
def test_backward_frees_saved_arrays(device):
    x = leaf(np.ones(1000), device)
    y, ref = _exp_output_array(x)
    loss = (y * 2).sin().sum()
    del y
    assert ref() is not None             # still saved by ExpBackward (and held by loss's graph)
    loss.backward()
    assert ref() is None, "the array Exp saved is still referenced after backward()"
    del loss


@pytest.mark.parametrize("device", DEVICES)
def test_retain_graph_keeps_saved_arrays_until_the_graph_goes(device):
    x = leaf(np.ones(10), device)
    y, ref = _exp_output_array(x)
    loss = (y * 2).sum()
    del y
    loss.backward(retain_graph=True)
    assert ref() is not None
    del loss
    assert ref() is None                 # no reference cycle keeps the graph alive


@pytest.mark.parametrize("device", DEVICES)
def test_graph_is_freed_when_the_output_is_dropped_without_backward(device):
    x = leaf(np.ones(10), device)
    y, ref = _exp_output_array(x)
    loss = (y.tanh() * y).sum()
    del y, loss
    assert ref() is None


def _live(kind):
    return sum(1 for o in gc.get_objects() if issubclass(type(o), kind))


@pytest.mark.parametrize("device", DEVICES)
def test_memory_flat_over_1000_mlp_training_steps(device):
    import tracemalloc
    rng = np.random.default_rng(0)
    X = mg.tensor(rng.standard_normal((16, 4)), device=device)
    Y = mg.tensor(rng.standard_normal((16, 1)), device=device)
    w1 = mg.tensor(rng.standard_normal((4, 8)) * 0.5, device=device, requires_grad=True)
    b1 = mg.zeros(8, device=device, requires_grad=True)
    w2 = mg.tensor(rng.standard_normal((8, 1)) * 0.5, device=device, requires_grad=True)
    params = [w1, b1, w2]

    def step():
        loss = (((X @ w1 + b1).relu() @ w2 - Y) ** 2).mean()
        loss.backward()
        with mg.no_grad():
            for p in params:
                p -= 0.01 * p.grad
                p.grad = None
        return loss.item()

    for _ in range(50):
        step()
    gc.collect()
    tensors, nodes = _live(mg.Tensor), _live(Node)
    traced = device == "cpu"             # tracemalloc slows every allocation: one device
    if traced:
        tracemalloc.start()
    try:
        for i in range(1000):
            loss = step()
            if i == 99 and traced:
                gc.collect()
                first = tracemalloc.get_traced_memory()[0]
        if traced:
            gc.collect()
            last = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    gc.collect()
    assert _live(mg.Tensor) <= tensors and _live(Node) <= nodes
    if traced:
        assert last - first < 32 * 1024, f"memory grew by {last - first} bytes over 900 steps"
    assert np.isfinite(loss)
