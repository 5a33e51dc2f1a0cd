"""minigrad.viz: the DOT text of a graph, its gradients, collapsing, rendering, missing Graphviz."""
import shutil
import sys

import numpy as np
import pytest

import minigrad as mg
import minigrad.nn as nn
from minigrad import viz
from tests.helpers import DEVICES, leaf

try:
    import graphviz  # noqa: F401
    HAVE_GRAPHVIZ = shutil.which("dot") is not None
except ImportError:
    HAVE_GRAPHVIZ = False
needs_dot = pytest.mark.skipif(not HAVE_GRAPHVIZ, reason="needs the graphviz package and `dot` "
                               "(.ci/run installs them)")


def _micrograd():
    a, b, c, f = (leaf(v) for v in (2.0, -3.0, 10.0, -2.0))
    e = a * b
    d = e + c
    L = d * f
    return L, dict(a=a, b=b, c=c, f=f, e=e, d=d, L=L)


def _edges(source):
    return [line for line in source.splitlines() if "->" in line]


def test_boxes_for_leaves_and_ops_with_shapes_values_and_names():
    L, names = _micrograd()
    source = viz.draw_graph(L, names=names).source
    assert source.startswith("digraph minigrad {") and source.rstrip().endswith("}")
    for text in ('label="a\\n() float64\\n= 2"', 'label="Mul\\ne: () float64\\n= -6"',
                 'label="Add\\nd: () float64\\n= 4"', "peripheries=2", 'tooltip="z = a · b;'):
        assert text in source, text
    assert len(_edges(source)) == 6 and "\\ngrad" not in source and 'label="grad' not in source


def test_edges_carry_the_gradients_from_a_trace():
    L, names = _micrograd()
    with mg.autograd.trace(names=names) as t:
        L.backward()
    source = viz.draw_graph(L, names=names, trace=t).source
    ids = {name: line.split()[0] for line in source.splitlines() if "label=" in line
           for name in names if f'label="{name}\\n' in line or f"\\n{name}: " in line}
    expected = {("a", "e"): 6, ("b", "e"): -4, ("e", "d"): -2, ("c", "d"): -2, ("d", "L"): -2,
                ("f", "L"): 4}
    for (src, dst), grad in expected.items():
        assert f'{ids[src]} -> {ids[dst]} [label="grad {grad}"' in source, (src, dst)
    assert "grad 6" in source.split(ids["a"] + " [", 1)[1].split("\n")[0]   # a's own .grad


def test_without_a_trace_backward_is_rerun_on_a_retained_graph_only():
    x = leaf(np.arange(6.0).reshape(2, 3) / 10)
    w = leaf(np.ones((3, 2)))
    loss = (x @ w).tanh().sum()
    loss.backward(retain_graph=True)
    grad_before = w.grad.numpy().copy()
    retained = viz.draw_graph(loss, names={"w": w, "x": x}).source
    assert sum('label="grad ' in e for e in _edges(retained)) == 4
    np.testing.assert_array_equal(w.grad.numpy(), grad_before)        # .grad untouched
    loss.backward()                                                    # frees the graph
    freed = viz.draw_graph(loss).source
    assert not any('label="grad' in e for e in _edges(freed)) and "retain_graph=True" in freed


def test_hooks_in_the_graph_are_not_run_again():
    x = leaf([1.0, 2.0])
    calls = []
    y = x * 3
    y.register_hook(lambda g: calls.append(1))
    loss = y.sum()
    loss.backward(retain_graph=True)
    source = viz.draw_graph(loss).source
    assert calls == [1] and "hooks in the graph would run again" in source


def test_show_values_and_parameter_names_from_a_module():
    model = nn.Linear(20, 2)
    out = model(mg.ones(1, 20)).sum()
    auto = viz.draw_graph(out, names=model).source
    assert 'label="weight\\n(2, 20) float32"' in auto
    assert 'label="bias\\n(2,) float32\\n= [' in auto
    everything = viz.draw_graph(out, names=model, show_values=True).source
    assert everything.count("= [") == 2                               # weight's 40 values too
    nothing = viz.draw_graph(out, names=model, show_values=False).source
    assert "\\n= " not in nothing


def test_collapse_modules_recorded_during_forward():
    model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
    x = mg.randn(5, 3)
    with viz.record_modules(model):
        out = model(x)
    loss = out.pow(2).mean()
    full = viz.draw_graph(loss, names=model)
    children = viz.draw_graph(loss, names=model, collapse=True)
    whole = viz.draw_graph(loss, collapse=model)
    assert full.n_boxes == 9 and children.n_boxes == 5 and whole.n_boxes == 3
    assert 'label="0: Linear\\n1 op, 2 parameters\\n(5, 4) float32"' in children.source
    assert len(_edges(children.source)) == 4
    assert not model._forward_hooks and not model[0]._forward_pre_hooks   # hooks removed
    unrecorded = nn.Linear(3, 1)
    with pytest.raises(ValueError, match="record_modules"):
        viz.draw_graph(unrecorded(x).sum(), collapse=unrecorded)
    with pytest.raises(ValueError, match="names=model"):
        viz.draw_graph(loss, collapse=True)


def test_large_graphs_are_capped_with_a_clear_message():
    h = leaf(np.ones(2))
    for _ in range(300):
        h = h * 1.0001
    graph = viz.draw_graph(h.sum(), max_nodes=100)
    assert graph.n_boxes == 302 and graph.source.count("->") == 301
    with pytest.raises(ValueError, match="302 boxes, more than max_nodes=100.*record_modules"):
        graph.render("never.svg")
    with pytest.warns(UserWarning, match="max_nodes"):
        assert graph._repr_svg_() is None


def test_frames_mark_where_backward_is():
    L, names = _micrograd()
    with mg.autograd.trace(names=names) as t:
        L.backward()
    graphs = viz.draw_frames(L, t, names=names)
    assert len(graphs) == len(t) == 7
    first, last = graphs[0].source, graphs[-1].source
    assert 'label="step 1: MulBackward0 (L)' in first
    assert first.count('fillcolor="gold"') == 1 and 'label="grad 4"' in first
    assert 'label="grad 6"' not in first and 'label="grad 6"' in last


@pytest.mark.parametrize("device", DEVICES)
def test_gradients_on_the_device_are_drawn(device):
    w = leaf(np.arange(12.0).reshape(3, 4) / 10, device)
    b = leaf(np.ones(4), device)
    loss = (mg.ones(2, 3, dtype=mg.float64, device=device) @ w + b).tanh().sum()
    loss.backward(retain_graph=True)
    source = viz.draw_graph(loss, names={"w": w, "b": b}).source
    norm = np.linalg.norm(w.grad.cpu().numpy())
    assert f"grad (3, 4) ‖·‖={norm:.4g}" in source and "= [1, 1, 1, 1]" in source


def test_a_tensor_without_graph_is_one_box():
    assert "requires_grad=False" in viz.draw_graph(mg.ones(2)).source
    g = viz.draw_graph(leaf([1.0]), names=None)
    assert g.n_boxes == 1 and "->" not in g.source


def test_labels_are_escaped():
    x = leaf(1.0)
    source = viz.draw_graph((x * 2).sum(), names={'say "hi"\\': x}).source
    assert 'say \\"hi\\"\\\\' in source


@needs_dot
@pytest.mark.parametrize("fmt, magic", [("svg", b"<?xml"), ("png", b"\x89PNG")])
def test_render_svg_and_png(tmp_path, fmt, magic):
    L, names = _micrograd()
    L.backward(retain_graph=True)
    graph = viz.draw_graph(L, names=names)
    path = graph.render(tmp_path / "graph", format=fmt)
    assert path.endswith("graph." + fmt)
    assert open(path, "rb").read().startswith(magic)
    assert "<svg" in graph._repr_svg_()
    with pytest.raises(ValueError, match="format must be"):
        graph.render(tmp_path / "graph.gif")


def test_missing_dot_says_how_to_install_and_keeps_the_source(monkeypatch, tmp_path):
    pytest.importorskip("graphviz")
    monkeypatch.setenv("PATH", str(tmp_path))                   # no `dot` on the path
    graph = viz.draw_graph(_micrograd()[0])
    assert graph.source.startswith("digraph")
    with pytest.raises(viz.GraphvizMissing, match="apt-get install graphviz.*brew install "):
        graph.render(tmp_path / "g.svg")
    with pytest.warns(UserWarning, match="pip install graphviz"):
        assert graph._repr_svg_() is None


def test_missing_package_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "graphviz", None)          # import graphviz fails
    graph = viz.draw_graph(_micrograd()[0])
    with pytest.raises(viz.GraphvizMissing, match="pip install graphviz"):
        graph.pipe("svg")
    assert "Mul" in graph.source


def test_bad_arguments_are_clear_errors():
    L, _ = _micrograd()
    with pytest.raises(ValueError, match='show_values must be "auto", True or False'):
        viz.draw_graph(L, show_values="all")
    with pytest.raises(TypeError, match="draw_graph needs a Tensor, not ndarray"):
        viz.draw_graph(np.ones(2))
    with pytest.raises(TypeError, match="names must be a Module or a dict"):
        viz.draw_graph(L, names=[L])


def test_show_grads_false_draws_no_gradient():
    L, names = _micrograd()
    L.backward(retain_graph=True)
    source = viz.draw_graph(L, names=names, show_grads=False).source
    assert "grad " not in source.replace("digraph minigrad", "")
