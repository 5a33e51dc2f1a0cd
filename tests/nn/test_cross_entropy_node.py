"""F.cross_entropy with class indices on (N, C) or (C,) logits runs as one node
(ops.nn.CrossEntropy): the same bits as log_softmax followed by nll_loss, first and
second order, and PyTorch's numbers."""
import numpy as np
import pytest

import minigrad as mg
import minigrad.nn.functional as F
from minigrad.autograd import gradcheck, gradgradcheck

CASES = [
    dict(),
    dict(reduction="sum"),
    dict(reduction="none"),
    dict(ignore_index=2),
    dict(weight=[0.5, 2.0, 1.0, 0.25, 3.0]),
    dict(weight=[0.5, 2.0, 1.0, 0.25, 3.0], reduction="sum", ignore_index=0),
]


def _inputs(dtype, n=6, c=5, seed=0, ignored=()):
    rng = np.random.default_rng(seed)
    x = (rng.standard_normal((n, c)) * 3).astype(dtype)
    t = rng.integers(0, c, n)
    t[list(ignored)] = -100
    return x, t


def _kwargs(case, dtype):
    return {k: mg.tensor(np.array(v, dtype)) if k == "weight" else v for k, v in case.items()}


def _value_and_grad(fn, x, t, **kw):
    xt = mg.tensor(x, requires_grad=True)
    out = fn(xt, mg.tensor(t), **kw)
    (out.sum() if out.ndim else out).backward()
    return out.detach().numpy(), xt.grad.numpy()


def _composed(x, t, **kw):
    return F.nll_loss(F.log_softmax(x, -1), t, **kw)


@pytest.mark.parametrize("case, ignored", [(case, ignored) for case in CASES
                                           for ignored in [(), (1, 4)]
                                           if not (ignored and "ignore_index" in case)])
def test_same_bits_as_log_softmax_then_nll_loss(case, ignored):
    for dtype in (np.float32, np.float64):
        x, t = _inputs(dtype, ignored=ignored)
        kw = _kwargs(case, dtype)
        fused_value, fused_grad = _value_and_grad(F.cross_entropy, x, t, **kw)
        value, grad = _value_and_grad(_composed, x, t, **kw)
        assert fused_value.dtype == value.dtype == dtype
        np.testing.assert_array_equal(fused_value, value)
        np.testing.assert_array_equal(fused_grad, grad)
        assert fused_grad.tobytes() == grad.tobytes()           # signs of zeros too


def test_one_node_named_as_pytorch():
    x, t = _inputs(np.float32)
    xt = mg.tensor(x, requires_grad=True)
    for reduction in ("mean", "sum", "none"):
        loss = F.cross_entropy(xt, mg.tensor(t), reduction=reduction)
        assert loss.grad_fn.name() == "NllLossBackward0"
    loss = F.cross_entropy(xt, mg.tensor(t))
    assert loss.grad_fn.next_functions[0][0].name() == "AccumulateGrad"


def test_single_sample_and_all_ignored():
    x, _ = _inputs(np.float64, n=1)
    value, grad = _value_and_grad(F.cross_entropy, x[0], np.array(3))
    ref_value, ref_grad = _value_and_grad(_composed, x[0], np.array(3))
    assert value.shape == ()
    np.testing.assert_array_equal(value, ref_value)
    np.testing.assert_array_equal(grad, ref_grad)
    x, t = _inputs(np.float32, n=3, ignored=(0, 1, 2))
    value, grad = _value_and_grad(F.cross_entropy, x, t)
    assert np.isnan(value) and not grad.any()


@pytest.mark.parametrize("case", CASES)
def test_gradcheck_first_and_second_order(case):
    x, t = _inputs(np.float64, n=4, seed=1)
    kw = _kwargs(case, np.float64)
    target = mg.tensor(t)
    xt = mg.tensor(x, requires_grad=True)
    assert gradcheck(lambda z: F.cross_entropy(z, target, **kw), (xt,))
    assert gradgradcheck(lambda z: F.cross_entropy(z, target, **kw), (xt,))


def test_create_graph_against_composed():
    """∂/∂x of (∂L/∂x · v): a Hessian-vector product through the fused backward."""
    x, t = _inputs(np.float64, seed=2)
    v = np.random.default_rng(3).standard_normal(x.shape)
    results = []
    for fn in (F.cross_entropy, _composed):
        xt = mg.tensor(x, requires_grad=True)
        (g,) = mg.autograd.grad(fn(xt, mg.tensor(t)), xt, create_graph=True)
        (hv,) = mg.autograd.grad((g * mg.tensor(v)).sum(), xt)
        results.append(hv.numpy())
    np.testing.assert_allclose(results[0], results[1], rtol=1e-12, atol=1e-15)
    assert np.abs(results[0]).max() > 1e-3


@pytest.mark.parametrize("case", CASES[:2] + CASES[4:5])
def test_lean_record_matches_apply(case):
    """cross_entropy builds its node with record_first (no apply): the same value, gradient,
    Hessian-vector product and graph as CrossEntropy.apply, bit for bit; none under no_grad."""
    from minigrad.nn.functional.classification import _nll_args
    from minigrad.ops.nn import CrossEntropy
    x, t = _inputs(np.float64, seed=6)
    v = mg.tensor(np.random.default_rng(7).standard_normal(x.shape))
    kw = _kwargs(case, np.float64)
    results = []
    for lean in (True, False):
        xt = mg.tensor(x, requires_grad=True)
        if lean:
            loss = F.cross_entropy(xt, mg.tensor(t), **kw)
        else:
            args = _nll_args(xt, t, kw.get("weight"), -100, kw.get("reduction", "mean"))
            loss = CrossEntropy.apply(xt, *args, kw.get("reduction", "mean"))[0]
        node = loss.grad_fn
        assert (node.fn, node.n_outputs, node.name()) == (CrossEntropy, 2, "NllLossBackward0")
        assert node.next_functions[0][0].variable is xt
        (g,) = mg.autograd.grad(loss, xt, create_graph=True)
        (hv,) = mg.autograd.grad((g * v).sum(), xt)
        results.append([a.detach().numpy() for a in (loss, g, hv)])
    for lean, applied in zip(*results):
        np.testing.assert_array_equal(lean, applied)
    with mg.no_grad():
        loss = F.cross_entropy(mg.tensor(x, requires_grad=True), mg.tensor(t), **kw)
    assert loss.grad_fn is None and not loss.requires_grad
    assert loss.item() == results[0][0]


def test_against_torch_first_and_second_order():
    torch = pytest.importorskip("torch")
    x, t = _inputs(np.float32, n=16, c=10, seed=4)
    w = np.linspace(0.5, 2.0, 10).astype(np.float32)
    v = np.random.default_rng(5).standard_normal(x.shape).astype(np.float32)
    out = {}
    for lib in (mg, torch):
        xt = lib.tensor(x, requires_grad=True)
        loss = lib.nn.functional.cross_entropy(xt, lib.tensor(t), weight=lib.tensor(w))
        (g,) = lib.autograd.grad(loss, xt, create_graph=True)
        (hv,) = lib.autograd.grad((g * lib.tensor(v)).sum(), xt)
        out[lib.__name__] = [np.asarray(a.detach().numpy()) for a in (loss, g, hv)]
    for ours, theirs in zip(out["minigrad"], out["torch"]):
        np.testing.assert_allclose(ours, theirs, rtol=2e-5, atol=1e-6)


def test_bad_targets_raise_and_change_nothing():
    x, t = _inputs(np.float32)
    xt = mg.tensor(x, requires_grad=True)
    t[2] = 5
    with pytest.raises(IndexError, match="^cross_entropy: Target 5 is out of bounds for 5 "):
        F.cross_entropy(xt, mg.tensor(t))
    with pytest.raises(ValueError, match="^cross_entropy: input of shape .* expects a target"):
        F.cross_entropy(xt, mg.tensor(t[:3]))
    with pytest.raises(ValueError, match="not a valid value for reduction"):
        F.cross_entropy(xt, mg.tensor(np.zeros(6, np.int64)), reduction="avg")
    assert xt.grad is None
