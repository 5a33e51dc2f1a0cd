"""The Linear op (ops.nn.Linear) and nn.Linear's weight: the gradients' exact formulas,
second order, and a weight laid out as PyTorch's (row-major (out, in)) through training,
state_dict, checkpoints and copies."""
import copy

import numpy as np
import pytest

import minigrad as mg
import minigrad.nn as nn
import minigrad.nn.functional as F
from minigrad.autograd import gradcheck, gradgradcheck


def _data(dtype, batch=(6,), n_in=5, n_out=3, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal(batch + (n_in,)).astype(dtype),
            rng.standard_normal((n_out, n_in)).astype(dtype),
            rng.standard_normal(n_out).astype(dtype),
            rng.standard_normal(batch + (n_out,)).astype(dtype))


@pytest.mark.parametrize("batch", [(6,), (2, 3)])
def test_gradients_are_the_formulas_bit_for_bit(batch):
    """∂L/∂x = G W,  ∂L/∂W = Gᵀx,  ∂L/∂b = Σ G over the batch (the batch dims flattened)."""
    x, w, b, g = _data(np.float32, batch)
    xt, wt, bt = (mg.tensor(a, requires_grad=True) for a in (x, w, b))
    y = F.linear(xt, wt, bt)
    np.testing.assert_array_equal(y.detach().numpy(), x @ w.T + b)
    y.backward(mg.tensor(g))
    g2, x2 = g.reshape(-1, 3), x.reshape(-1, 5)
    np.testing.assert_array_equal(xt.grad.numpy(), g @ w)
    np.testing.assert_array_equal(wt.grad.numpy(), g2.T @ x2)
    np.testing.assert_array_equal(bt.grad.numpy(), g2.sum(0))


@pytest.mark.parametrize("batch", [(4,), (2, 2)])
@pytest.mark.parametrize("bias", [True, False])
def test_gradcheck_first_and_second_order(batch, bias):
    x, w, b, _ = _data(np.float64, batch, seed=1)
    inputs = tuple(mg.tensor(a, requires_grad=True) for a in ((x, w, b) if bias else (x, w)))
    assert gradcheck(F.linear, inputs)
    assert gradgradcheck(F.linear, inputs)


def test_shape_error_names_both_shapes_and_in_features():
    with pytest.raises(RuntimeError, match=r"input of shape \[4, 3\] cannot be multiplied with "
                                           r"weight of shape \[2, 5\] \(in_features 5 ≠ 3\)"):
        F.linear(mg.randn(4, 3), mg.randn(2, 5))


def _contiguous(t):
    return t.is_contiguous() and t.detach().numpy().flags.c_contiguous


def test_weight_row_major_through_training_checkpoints_and_copies(tmp_path):
    """PyTorch's nn.Linear weight is contiguous (strides (in, 1)); so is ours at every step a
    user can look at: after an optimizer step, as a gradient, in state_dict, after a checkpoint
    round trip, a deepcopy, .to(dtype) and reset_parameters."""
    model = nn.Sequential(nn.Linear(5, 4), nn.ReLU(), nn.Linear(4, 3))
    layer = model[0]
    opt = mg.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    x, y = mg.randn(8, 5), mg.tensor(np.arange(8) % 3)
    for _ in range(2):
        opt.zero_grad()
        F.cross_entropy(model(x), y).backward()
        opt.step()
    assert layer.weight.stride() == (5, 1) and _contiguous(layer.weight)
    assert _contiguous(layer.weight.grad)
    assert opt.state[layer.weight]["momentum_buffer"].flags.c_contiguous
    layer.weight.view(-1)                                    # a row-major view: allowed
    state = model.state_dict()
    assert _contiguous(state["0.weight"])
    mg.save(state, tmp_path / "w.safetensors")
    fresh = nn.Sequential(nn.Linear(5, 4), nn.ReLU(), nn.Linear(4, 3))
    fresh.load_state_dict(mg.load(tmp_path / "w.safetensors"))
    np.testing.assert_array_equal(fresh[0].weight.detach().numpy(), layer.weight.detach().numpy())
    assert _contiguous(fresh[0].weight)
    twin = copy.deepcopy(model)
    assert _contiguous(twin[0].weight)
    np.testing.assert_array_equal(twin(x).detach().numpy(), model(x).detach().numpy())
    assert _contiguous(nn.Linear(5, 4).to(mg.float64).weight)
    layer.reset_parameters()
    assert _contiguous(layer.weight)


def test_strides_match_pytorch():
    torch = pytest.importorskip("torch")
    ours, theirs = nn.Linear(7, 3), torch.nn.Linear(7, 3)
    assert ours.weight.stride() == theirs.weight.stride()
    assert ours.weight.is_contiguous() == theirs.weight.is_contiguous()
    for lib, layer in ((mg, ours), (torch, theirs)):
        layer(lib.ones(2, 7)).sum().backward()
    assert ours.weight.grad.stride() == theirs.weight.grad.stride()


@pytest.mark.parametrize("batch", [(), (6,), (2, 3)])
@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("needs", [(True, True, True), (False, True, True), (True, False, False),
                                   (False, False, True), (False, False, False)])
def test_fast_path_builds_what_apply_builds(batch, bias, needs):
    """F.linear on float Tensors of one dtype skips Function.apply (ops.nn.linear's fast path):
    the same output, node, edges and gradients, bit for bit, as Linear.apply."""
    from minigrad.ops.nn import Linear
    arrays = _data(np.float32, batch, seed=2)[:3]
    results = []
    for fast in (True, False):
        x, w, b = (mg.tensor(a, requires_grad=r) for a, r in zip(arrays, needs))
        args = (x, w, b if bias else None)
        y = F.linear(*args) if fast else Linear.apply(*args)
        node = y.grad_fn
        shape = None if node is None else [(type(n).__name__, i) if n else None
                                           for n, i in node.next_functions]
        if node is not None:
            assert node.needs_input_grad[:2] == needs[:2]
            y.backward(mg.ones_like(y))
        grads = [None if t.grad is None else t.grad.numpy() for t in args if t is not None]
        results.append((y.detach().numpy(), y.requires_grad, shape, grads))
    (y1, rg1, s1, g1), (y2, rg2, s2, g2) = results
    np.testing.assert_array_equal(y1, y2)
    assert rg1 == rg2 and s1 == s2
    for a, b_ in zip(g1, g2):
        assert (a is None) == (b_ is None)
        if a is not None:
            np.testing.assert_array_equal(a, b_)


def test_fast_path_records_nothing_without_grad_mode_and_sees_in_place_changes():
    x, w, b = (mg.tensor(a, requires_grad=True) for a in _data(np.float32)[:3])
    with mg.no_grad():
        assert F.linear(x, w, b).grad_fn is None
    y = F.linear(x, w, b)
    with mg.no_grad():
        w.add_(1.0)                           # the saved weight changed: backward must refuse
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        y.sum().backward()


def test_mixed_dtypes_raise_as_pytorch_and_change_nothing():
    """PyTorch's linear does not promote: a float32 layer fed float64 data is an error."""
    x64 = mg.tensor(_data(np.float64)[0], requires_grad=True)
    layer = nn.Linear(5, 3)                                   # float32 parameters
    with pytest.raises(RuntimeError, match="same dtype, but got: Double and Float"):
        layer(x64)
    with pytest.raises(RuntimeError, match="bias of dtype Double does not match the weight's Float"):
        F.linear(mg.randn(2, 5), layer.weight, layer.bias.double())
    assert layer.weight.grad is None and x64.grad is None
    assert layer(x64.float()).dtype == mg.float32
