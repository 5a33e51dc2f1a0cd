"""The engine's speed-ups change no number: a first-order pass on arrays gives the bits a
create_graph pass (on Tensors) gives, the elementwise fast path records what Function.apply
records, and the garbage collector is restored after every pass (docs/engine.md §10)."""
import gc
import threading

import numpy as np
import pytest

import minigrad as mg
import minigrad.nn.functional as F
from minigrad.autograd import engine
from minigrad.autograd.function import same_floats
from minigrad.ops.elementwise import Mul
from tests.helpers import DEVICES, leaf, to_numpy

RNG = np.random.default_rng(12)

# each case: inputs' shapes, then a function of the leaves built from array_backward ops
CASES = {
    "mul add sub tanh relu": ([(3, 4), (3, 4)], lambda a, b: ((a * b - a).tanh() + b.relu()) * a),
    "broadcast": ([(3, 4), (4,)], lambda a, b: (a * b + b).tanh()),
    "0-d": ([(), ()], lambda a, b: (a * b + a).tanh() * b - a),
    "sum mean": ([(3, 4), (3, 4)], lambda a, b: (a * b).sum(dim=0) * b.mean(dim=0)),
    "log_softmax nll": ([(5, 3), (5, 3)],
                        lambda a, b: F.nll_loss(F.log_softmax(a * b, dim=1),
                                                mg.tensor([0, 2, 1, 1, 0], device=a.device))),
    "linear": ([(5, 3), (2, 3)], lambda a, b: F.linear(a, b, b[0, :2]).relu()),
    "cross_entropy": ([(5, 3), (5, 3)],
                      lambda a, b: F.cross_entropy(a * b, mg.tensor([0, 2, 1, 1, 0],
                                                                     device=a.device))),
    "mixed dtypes": ([(3,), (3,)], lambda a, b: (a * b.to(mg.float32)).tanh()),
}


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("name", CASES)
def test_first_order_pass_on_arrays_gives_the_bits_of_a_tensor_pass(name, device):
    shapes, fn = CASES[name]
    arrays = [RNG.standard_normal(s) for s in shapes]
    weight = None
    results = {}
    for create_graph in (False, True):               # False: arrays; True: Tensors
        xs = [leaf(a, device) for a in arrays]
        y = fn(*xs)
        if weight is None:
            weight = RNG.standard_normal(y.shape)
        y.backward(mg.tensor(weight, device=device, dtype=y.dtype), create_graph=create_graph)
        results[create_graph] = [to_numpy(x.grad.detach()) for x in xs]
        for x in xs:
            assert type(x.grad.array) is type(x.array)     # a backend array, never a scalar
    for first, second in zip(results[False], results[True]):
        assert first.dtype == second.dtype
        assert first.tobytes() == second.tobytes()


@pytest.mark.parametrize("op", ["mul", "add", "sub"])
def test_fast_path_records_what_apply_records(op):
    a, b = leaf(RNG.standard_normal(4)), leaf(RNG.standard_normal(4))
    assert same_floats(a, b)
    node = getattr(mg, op)(a, b).grad_fn
    assert node.name() == {"mul": "MulBackward0", "add": "AddBackward0",
                           "sub": "SubBackward0"}[op]
    assert [e[0] for e in node.next_edges] == [a._grad_node(), b._grad_node()]
    assert node.needs_input_grad == (True, True)


def test_saved_tensors_are_tensors_after_a_first_order_pass():
    a, b = leaf(RNG.standard_normal(3)), leaf(RNG.standard_normal(3))
    y = a * b
    y.sum().backward(retain_graph=True)
    saved = y.grad_fn.saved_tensors
    assert all(isinstance(s, mg.Tensor) for s in saved)


def test_fast_path_keeps_version_checks():
    a, b = leaf(RNG.standard_normal(4)), leaf(RNG.standard_normal(4))
    h = a * 1.0
    y = (h * b).sum()
    with mg.no_grad():
        h.add_(1.0)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.backward()
    t = (a * 1.0).tanh()
    z = t.sum()
    with mg.no_grad():
        t.mul_(2.0)                     # tanh saved its output
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        z.backward()


def test_fast_path_and_apply_give_the_same_bits():
    a, b = leaf(RNG.standard_normal(8)), leaf(RNG.standard_normal(8))
    fast = a * b                                    # same_floats: the fast path
    slow = Mul.apply(a, b)                          # the generic path
    assert fast.array.tobytes() == slow.array.tobytes()
    (fast + slow).sum().backward()
    assert a.grad.array.tobytes() == (b.array + b.array).tobytes()


@pytest.mark.parametrize("fails", [False, True])
def test_garbage_collector_is_restored_after_a_pass(fails):
    x = leaf([1.0, 2.0])

    def hook(g):
        assert not gc.isenabled()                  # paused while the pass runs
        if fails:
            raise ValueError("hook failed")
        return g

    x.register_hook(hook)
    assert gc.isenabled()
    if fails:
        with pytest.raises(ValueError, match="hook failed"):
            (x * x).sum().backward()
    else:
        (x * x).sum().backward()
    assert gc.isenabled()
    gc.disable()                                    # a caller who turned it off keeps it off
    try:
        (leaf([1.0]) * 3.0).sum().backward()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_grad_mode_is_on_in_a_new_thread_and_off_stays_in_its_thread():
    seen = []
    with mg.no_grad():
        thread = threading.Thread(target=lambda: seen.append(mg.is_grad_enabled()))
        thread.start()
        thread.join()
        assert not mg.is_grad_enabled()
    assert seen == [True]


def test_a_traced_pass_runs_on_tensors():
    x = leaf([1.0, 2.0])
    with mg.autograd.trace() as t:
        (x * x).tanh().sum().backward()
    assert engine.tracer is None
    assert len(t) == 4
    assert to_numpy(x.grad).tolist() == pytest.approx(
        (2 * np.array([1.0, 2.0]) * (1 - np.tanh([1.0, 4.0]) ** 2)).tolist())


@pytest.mark.parametrize("dtype", [mg.float16, mg.float32, mg.float64])
def test_implicit_root_gradient_is_a_fresh_one_of_the_loss_dtype(dtype):
    """backward() on a 0-d loss starts from a copy of a cached 0-d one (backend.ones_like):
    the loss's dtype, and a leaf that stores it may change it without touching the next one."""
    x = mg.tensor(3.0, dtype=dtype, requires_grad=True)
    x.backward()
    assert x.grad.dtype == dtype and x.grad.item() == 1.0
    x.grad.array += 5                                  # the stored gradient is its own array
    y = mg.tensor(2.0, dtype=dtype, requires_grad=True)
    y.backward()
    assert y.grad.item() == 1.0 and x.grad.item() == 6.0
