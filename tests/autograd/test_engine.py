"""The backward pass: deep graphs, accumulation, retain_graph, create_graph, autograd.grad."""
import random
import time

import numpy as np
import pytest

import minigrad as mg
from tests.helpers import DEVICES, leaf, to_numpy


@pytest.mark.parametrize("device", DEVICES)
def test_100k_op_chain_backpropagates_without_recursion(device):
    x = leaf([1.0], device)
    y = x
    start = time.perf_counter()
    for _ in range(50_000):
        y = y * 1.0
        y = y + 0.0
    y.sum().backward()
    assert to_numpy(x.grad).tolist() == [1.0]
    assert time.perf_counter() - start < 30


@pytest.mark.parametrize("device", DEVICES)
def test_gradients_accumulate_across_backward_calls(device):
    x = leaf([1.0, 2.0], device)
    (x * x).sum().backward()
    (x * 3.0).sum().backward()
    assert to_numpy(x.grad).tolist() == [5.0, 7.0]
    x.grad = None
    (x * 3.0).sum().backward()
    assert to_numpy(x.grad).tolist() == [3.0, 3.0]


@pytest.mark.parametrize("device", DEVICES)
def test_shared_subexpression_gets_summed_gradient(device):
    x = leaf([2.0], device)
    a = x * x
    (a + a * a).sum().backward()           # d/dx (x² + x⁴) = 2x + 4x³
    assert to_numpy(x.grad).tolist() == [4.0 + 32.0]


@pytest.mark.parametrize("device", DEVICES)
def test_second_backward_through_released_graph_raises(device):
    x = leaf([1.0, 2.0], device)
    y = (x.exp() * x).sum()
    y.backward()
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        y.backward()


@pytest.mark.parametrize("device", DEVICES)
def test_retain_graph_allows_a_second_backward(device):
    x = leaf([1.0, 2.0], device)
    y = (x.exp() * x).sum()
    y.backward(retain_graph=True)
    first = to_numpy(x.grad).copy()
    y.backward()
    np.testing.assert_allclose(to_numpy(x.grad), 2 * first)
    with pytest.raises(RuntimeError, match="second time"):
        mg.autograd.grad(y, x)


@pytest.mark.parametrize("device", DEVICES)
def test_autograd_grad_releases_the_graph_too(device):
    x = leaf([1.0], device)
    y = (x.sin() * 2).sum()
    mg.autograd.grad(y, x)
    with pytest.raises(RuntimeError, match="second time"):
        mg.autograd.grad(y, x)


@pytest.mark.parametrize("device", DEVICES)
def test_third_derivative_of_x_cubed(device):
    x = leaf([2.0], device)
    y = (x ** 3).sum()
    (g1,) = mg.autograd.grad(y, x, create_graph=True)           # 3x² = 12
    (g2,) = mg.autograd.grad(g1.sum(), x, create_graph=True)    # 6x = 12
    (g3,) = mg.autograd.grad(g2.sum(), x)                       # 6
    assert [to_numpy(g).item() for g in (g1, g2, g3)] == [12.0, 12.0, 6.0]
    assert g1.requires_grad and g2.requires_grad and not g3.requires_grad


@pytest.mark.parametrize("device", DEVICES)
def test_backward_with_create_graph_then_differentiate_the_grad(device):
    x = leaf([1.0, -2.0], device)
    (x ** 3).sum().backward(create_graph=True)
    assert x.grad.requires_grad
    (g2,) = mg.autograd.grad(x.grad.sum(), x)
    assert to_numpy(g2).tolist() == [6.0, -12.0]


@pytest.mark.parametrize("device", DEVICES)
def test_hessian_vector_product(device):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((3, 3))
    a = a @ a.T
    A = mg.tensor(a, dtype=mg.float64, device=device)
    x = leaf(rng.standard_normal(3), device)
    v = leaf(rng.standard_normal(3), device, requires_grad=False)
    f = 0.5 * (x @ (A @ x)) + x.sin().sum()          # H = A − diag(sin x)
    (g,) = mg.autograd.grad(f, x, create_graph=True)
    (hv,) = mg.autograd.grad((g * v).sum(), x)
    xv, vv = to_numpy(x), to_numpy(v)
    np.testing.assert_allclose(to_numpy(hv), a @ vv - np.sin(xv) * vv, rtol=1e-12)


@pytest.mark.parametrize("device", DEVICES)
def test_gradient_penalty(device):
    """WGAN-GP style: the penalty (‖∇ₓ D(x)‖ − 1)² is differentiated w.r.t. the weights."""
    rng = np.random.default_rng(1)
    w = leaf(rng.standard_normal((3, 1)), device)
    x = leaf(rng.standard_normal((4, 3)), device)
    d = (x @ w).tanh().sum()
    (gx,) = mg.autograd.grad(d, x, create_graph=True)
    penalty = ((gx.norm(dim=1) - 1) ** 2).mean()
    penalty.backward()
    eps = 1e-6
    wn, xn = to_numpy(w), to_numpy(x)

    def pen(wv):
        t = np.tanh(xn @ wv)
        g = (1 - t ** 2) * wv.T
        return ((np.linalg.norm(g, axis=1) - 1) ** 2).mean()
    num = np.zeros_like(wn)
    for i in range(3):
        e = np.zeros_like(wn)
        e[i] = eps
        num[i] = (pen(wn + e) - pen(wn - e)) / (2 * eps)
    np.testing.assert_allclose(to_numpy(w.grad), num, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("device", DEVICES)
def test_without_create_graph_no_graph_is_built_for_grads(device):
    x = leaf([1.0, 2.0], device)
    y = (x.exp() * x).sum()
    y.backward()
    assert not x.grad.requires_grad and x.grad.grad_fn is None
    x2 = leaf([1.0, 2.0], device)
    (g,) = mg.autograd.grad((x2 ** 3).sum(), x2)
    assert not g.requires_grad and g.grad_fn is None


@pytest.mark.parametrize("device", DEVICES)
def test_autograd_grad_options(device):
    x, y, z = leaf([1.0, 2.0], device), leaf([3.0], device), leaf([5.0], device)
    out = (x * y).sum()
    with pytest.raises(RuntimeError, match="allow_unused"):
        mg.autograd.grad(out, [x, z], retain_graph=True)
    gx, gz = mg.autograd.grad(out, [x, z], allow_unused=True, retain_graph=True)
    assert gz is None and to_numpy(gx).tolist() == [3.0, 3.0]
    gx, gy = mg.autograd.grad(out, (x, y))
    assert to_numpy(gy).tolist() == [3.0]
    assert x.grad is None and y.grad is None                 # grad() never touches .grad


@pytest.mark.parametrize("device", DEVICES)
def test_autograd_grad_with_grad_outputs_and_multiple_outputs(device):
    x = leaf([1.0, 2.0, 3.0], device)
    y1, y2 = x * 2, x ** 2
    w1 = mg.tensor([1.0, 0.0, -1.0], dtype=mg.float64, device=device)
    w2 = mg.tensor([0.5, 0.5, 0.5], dtype=mg.float64, device=device)
    (g,) = mg.autograd.grad([y1, y2], x, grad_outputs=[w1, w2])
    assert to_numpy(g).tolist() == [2 + 1.0, 0 + 2.0, -2 + 3.0]
    with pytest.raises(RuntimeError, match="Mismatch in shape"):
        mg.autograd.grad(y1, x, grad_outputs=mg.ones(2, dtype=mg.float64, device=device))


@pytest.mark.parametrize("device", DEVICES)
def test_backward_with_gradient_argument(device):
    x = leaf([1.0, 2.0], device)
    y = x * x
    with pytest.raises(RuntimeError, match="implicitly created only for scalar outputs"):
        y.backward(retain_graph=True)
    y.backward(gradient=mg.tensor([1.0, 10.0], dtype=mg.float64, device=device))
    assert to_numpy(x.grad).tolist() == [2.0, 40.0]


@pytest.mark.parametrize("device", DEVICES)
def test_backward_on_tensor_without_grad_raises(device):
    x = mg.ones(2, device=device)
    with pytest.raises(RuntimeError, match="does not require grad"):
        x.sum().backward()


@pytest.mark.parametrize("device", DEVICES)
def test_multi_output_op_with_one_output_unused(device):
    x = leaf([[1.0, 5.0], [7.0, 2.0]], device)
    values, _ = x.max(dim=1)
    parts = x.split(1, dim=1)
    (values.sum() + parts[0].sum()).backward()
    assert to_numpy(x.grad).tolist() == [[1.0, 1.0], [2.0, 0.0]]


@pytest.mark.parametrize("device", DEVICES)
def test_detach_cuts_the_graph_and_shares_data(device):
    x = leaf([1.0, 2.0], device)
    d = (x * 2).detach()
    assert not d.requires_grad and d.grad_fn is None and d.is_leaf
    y = (x * d).sum()
    y.backward()
    assert to_numpy(x.grad).tolist() == [2.0, 4.0]


@pytest.mark.parametrize("device", DEVICES)
def test_grad_dtype_and_device_follow_the_leaf(device):
    x = mg.tensor([1.0, 2.0], dtype=mg.float32, device=device, requires_grad=True)
    (x.double() * 3).sum().backward()
    assert x.grad.dtype == mg.float32 and x.grad.device == x.device
    y = mg.tensor([1.0], requires_grad=True)
    (y.to(device) * 2).sum().backward()
    assert y.grad.device.type == "cpu" and y.grad.tolist() == [2.0]


@pytest.mark.parametrize("device", DEVICES)
def test_stored_grads_own_their_memory(device):
    a, b = leaf([1.0, 2.0], device), leaf([3.0, 4.0], device)
    (a + b).sum().backward()                 # one gradient array reaches both leaves
    a.grad += 1
    assert to_numpy(b.grad).tolist() == [1.0, 1.0]
    x = leaf([1.0], device)
    x.expand(3).sum().backward()             # the gradient arrives as a broadcast view
    x.grad.mul_(2.0)                         # must be writable
    x.expand(3).sum().backward()
    assert to_numpy(x.grad).tolist() == [9.0]
    x.grad.zero_()
    assert to_numpy(x.grad).tolist() == [0.0]


@pytest.mark.parametrize("device", DEVICES)
def test_backward_inputs_restricts_accumulation(device):
    x, y = leaf([1.0], device), leaf([2.0], device)
    (x * y).sum().backward(inputs=[x])
    assert to_numpy(x.grad).tolist() == [2.0] and y.grad is None


@pytest.mark.parametrize("device", DEVICES)
def test_broadcast_gradients_are_summed_back_to_each_input_shape(device):
    a = leaf(np.ones((3, 1)), device)
    b = leaf(np.ones((4,)), device)
    c = leaf(np.ones(()), device)
    (a * b * c).sum().backward()
    assert a.grad.shape == (3, 1) and to_numpy(a.grad).ravel().tolist() == [4.0] * 3
    assert b.grad.shape == (4,) and to_numpy(b.grad).tolist() == [3.0] * 4
    assert c.grad.shape == () and to_numpy(c.grad).item() == 12.0


@pytest.mark.parametrize("device", DEVICES)
def test_linear_function_has_no_second_derivative_graph(device):
    x = leaf([1.0, 2.0], device)
    (g,) = mg.autograd.grad((x * 2).sum(), x, create_graph=True)
    assert not g.requires_grad                     # as PyTorch: nothing to differentiate
    with pytest.raises(RuntimeError, match="does not require grad"):
        mg.autograd.grad(g.sum(), x)


def test_two_threads_backward_into_one_leaf_lose_nothing():
    """Issue 9 item 4: the None check and the in-place sum into .grad run under a lock.
    The barrier starts each pair of backward passes together; without the lock the first
    pair already loses one gradient (both threads see ``grad is None``) in most runs."""
    import threading
    x = mg.ones(1_000_000, requires_grad=True)
    barrier, reps, errors = threading.Barrier(2), 30, []

    def work():
        try:
            for _ in range(reps):
                y = (x * 1.0).sum()
                barrier.wait()
                y.backward()
        except Exception as err:                 # surfaced below, not lost in the thread
            errors.append(err)
            barrier.abort()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    g = to_numpy(x.grad)
    assert g.min() == g.max() == 2 * reps


def _hook_order(lib, seed):
    """The order backward completes the gradients of a random graph's non-leaf tensors (a
    hook fires when its tensor's gradient is complete). The depth-first engine before the
    ready heap gave a depth-first order that differs from PyTorch's for most seeds."""
    rnd = random.Random(seed)
    x = lib.tensor([0.5, -1.0, 2.0], requires_grad=True)
    ts, seen = [x], []
    for i in range(6):
        k, p, q = rnd.random(), rnd.choice(ts), rnd.choice(ts)
        t = p * q if k < 0.4 else p + q if k < 0.7 else p.tanh()
        t.register_hook(lambda g, i=i: seen.append(i))
        ts.append(t)
    out = ts[-1]
    for t in ts[1:-1]:
        out = out + t
    out.sum().backward()
    return seen, x.grad


def test_nodes_run_newest_first_as_in_pytorch():
    """The engine's ready heap hands out the node with the largest ``seq`` (the newest), as
    PyTorch's ready queue orders by sequence number: hooks fire in PyTorch's order."""
    torch = pytest.importorskip("torch")
    for seed in range(20):
        order, grad = _hook_order(mg, seed)
        torch_order, torch_grad = _hook_order(torch, seed)
        assert order == torch_order, seed
        np.testing.assert_allclose(to_numpy(grad), torch_grad.numpy(), rtol=1e-6)


def test_every_node_is_newer_than_the_nodes_it_sends_to():
    """What the ready heap relies on, for every path that records a node: the fast paths
    (a leaf's AccumulateGrad is made lazily, before its consumer), ``apply``, views, in-place
    ops and multi-output ops."""
    x = mg.randn(3, 4, requires_grad=True)
    w = mg.randn(4, requires_grad=True)
    y = (x * w).tanh() + w                      # fast paths, with lazily made accumulators
    y = y.relu() @ mg.randn(4, 2)               # apply
    v = y.view(-1)
    v.mul_(2)                                   # in-place on a view: the base is rebased
    top, idx = y.max(dim=1)                     # two outputs
    out = top.sum() + y.sum()
    seen, stack = set(), [out.grad_fn]
    while stack:
        node = stack.pop()
        for edge in node.next_edges:
            if edge is not None:
                assert edge[0].seq < node.seq, (node.name(), edge[0].name())
                if edge[0] not in seen:
                    seen.add(edge[0])
                    stack.append(edge[0])
    assert len(seen) > 5
