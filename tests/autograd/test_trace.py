"""autograd.trace(): what backward visited, in order, with the gradients, as a table."""
import numpy as np
import pytest

import minigrad as mg
import minigrad.nn as nn
from minigrad.autograd import engine
from tests.helpers import DEVICES, leaf, to_numpy


def _micrograd_graph():
    """Karpathy's micrograd example: L = (a·b + c)·f."""
    a, b, c, f = (leaf(v) for v in (2.0, -3.0, 10.0, -2.0))
    e = a * b
    d = e + c
    return dict(a=a, b=b, c=c, f=f, e=e, d=d, L=d * f)


def _step(t, label):
    return next(s for s in t if s.label == label)


def test_scalar_graph_rows_hold_the_numbers_in_backward_order():
    v = _micrograd_graph()
    with mg.autograd.trace(names=v) as t:
        v["L"].backward()
    labels = [s.label for s in t]
    assert labels[0] == "MulBackward0 (L)"
    assert labels.index("AddBackward0 (d)") < labels.index("MulBackward0 (e)") < labels.index("a")
    root = t[0]
    assert root.upstream[0].values == 1.0 and root.arrivals == [[]]
    assert [float(g.values) for g in root.sent] == [-2.0, 4.0]       # dL/dd = f, dL/df = d
    mul_e = _step(t, "MulBackward0 (e)")
    assert float(mul_e.upstream[0].values) == -2.0
    assert [float(g.values) for g in mul_e.sent] == [6.0, -4.0]       # dL/da = -2·b, dL/db = -2·a
    assert "∂z/∂a = b" in mul_e.rule
    assert float(_step(t, "a").upstream[0].values) == to_numpy(v["a"].grad) == 6.0
    text = str(t)
    assert "7 steps" in text
    for line in ("→ a: 6", "→ b: -4", "→ f: 4", "a (leaf)", "a.grad += g", "(start)"):
        assert line in text, line


def test_where_two_paths_meet_the_table_shows_the_sum():
    x = leaf(3.0)
    y = x * x + x.tanh()
    with mg.autograd.trace(names={"x": x}) as t:
        y.backward()
    x_step = _step(t, "x")
    terms = [float(info.values) for _, info in x_step.arrivals[0]]
    assert len(terms) == 3                                   # x, x (the product), tanh
    assert sorted(terms)[1:] == [3.0, 3.0]
    assert np.isclose(sum(terms), float(x_step.upstream[0].values))
    assert np.isclose(sum(terms), 6 + 1 - np.tanh(3.0) ** 2)
    text = str(t)
    assert "3 paths meet, sum:" in text and f"= {sum(terms):.4g}" in text


@pytest.mark.parametrize("device", DEVICES)
def test_tensors_are_shown_by_shape_and_norm(device):
    x = mg.randn(8, 3, dtype=mg.float64, device=device)
    w = leaf(np.random.default_rng(0).standard_normal((3, 4)), device)
    b = leaf(np.zeros(4), device)
    loss = ((x @ w + b).tanh() - 1).pow(2).mean()
    with mg.autograd.trace(names={"w": w, "b": b}) as t:
        loss.backward()
    w_info = _step(t, "w").upstream[0]
    assert w_info.values is None and w_info.shape == (3, 4)
    assert np.isclose(w_info.norm, np.linalg.norm(to_numpy(w.grad)))
    tanh = next(s for s in t if s.label.startswith("Tanh"))
    assert tanh.input_shapes == [(8, 4)] and "1 − y²" in tanh.rule
    mm = next(s for s in t if s.label.startswith("Mm"))
    assert mm.input_shapes == [None, (3, 4)]                 # x needs no gradient
    assert f"(3, 4) ‖·‖={w_info.norm:.4g}" in str(t)
    assert "[" in str(_step(t, "b").upstream[0])              # 4 values are listed


def test_create_graph_records_both_passes():
    x = leaf(2.0)
    y = x ** 3
    with mg.autograd.trace() as t:
        (g,) = mg.autograd.grad(y, x, create_graph=True)
        g.backward()
    assert {s.pass_number for s in t} == {1, 2}
    first = [s for s in t if s.pass_number == 1]
    assert float(first[0].sent[0].values) == 12.0            # dy/dx = 3x²
    assert to_numpy(x.grad) == 12.0                          # d²y/dx² = 6x
    assert float(_step(t, "leaf").upstream[0].values) == 12.0
    assert "in 2 backward passes" in str(t) and "(pass 2)" in str(t)


def test_tensor_hooks_run_before_the_node_is_recorded():
    x = leaf(1.5)
    h = x * 2
    h.register_hook(lambda g: g * 10)
    with mg.autograd.trace(names={"x": x, "h": h}) as t:
        (h * h).backward()
    mul_h = _step(t, "MulBackward0 (h)")
    assert mul_h.hooked and float(mul_h.upstream[0].values) == 60.0   # 2h·10
    assert [float(a.values) for _, a in mul_h.arrivals[0]] == [3.0, 3.0]   # before the hook
    assert "after hooks: 60" in str(t) and "= 60" not in str(t)
    assert to_numpy(x.grad) == 120.0


def test_module_backward_hooks_appear_as_their_identity_nodes():
    lin = nn.Linear(2, 1).double()
    seen = []
    lin.register_full_backward_hook(lambda m, gi, go: seen.append(go))
    with mg.autograd.trace(names=lin) as t:
        lin(leaf([[1.0, 2.0]])).sum().backward()
    names = [s.label for s in t]
    assert sum(n.startswith("BackwardHookFunction") for n in names) == 2
    assert "weight" in names and "bias" in names and len(seen) == 1
    assert "identity" in _step(t, names[1]).rule or any("identity" in s.rule for s in t)


def test_no_state_leaks_after_the_block():
    x = leaf(2.0)
    assert engine.tracer is None
    with mg.autograd.trace() as outer:
        with mg.autograd.trace() as inner:
            (x * x).backward()
        assert engine.tracer is outer
    assert engine.tracer is None and len(inner) == 2 and len(outer) == 0
    with pytest.raises(ValueError):
        with mg.autograd.trace() as t:
            raise ValueError("inside")
    assert engine.tracer is None
    (x * x).backward()                                       # after the block: not recorded
    assert len(inner) == 2 and len(t) == 0 and t._pending == {}


def test_frames_replay_the_pass():
    v = _micrograd_graph()
    with mg.autograd.trace(names=v) as t:
        v["L"].backward()
    frames = t.frames()
    assert len(frames) == len(t) == 7
    assert frames[0].current is v["L"].grad_fn and len(frames[0].sent) == 2
    assert all(len(a.visited) < len(b.visited) for a, b in zip(frames, frames[1:]))
    assert float(frames[-1].sent[(v["e"].grad_fn, 0)].values) == 6.0


def test_bad_names_are_a_clear_error():
    with pytest.raises(TypeError, match="names must be a Module or a dict"):
        mg.autograd.trace(names=["w"])
    with pytest.raises(TypeError, match=r"names\['w'\] is a int, not a Tensor"):
        mg.autograd.trace(names={"w": 3})


def test_an_empty_trace_says_so():
    with mg.autograd.trace() as t:
        pass
    assert "no node visited" in str(t) and repr(t) == "<autograd.trace: 0 steps>"
