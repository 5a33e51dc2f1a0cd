"""Module hooks: forward pre-hooks, forward hooks, full backward (pre-)hooks, against PyTorch."""
import numpy as np
import pytest

import minigrad as mg
import minigrad.nn as nn
from tests.helpers import to_numpy

torch = pytest.importorskip("torch")
pytestmark = pytest.mark.oracle


def _pair(seed=0):
    """The same 3-4-2 network in minigrad and in torch (float64)."""
    rng = np.random.default_rng(seed)
    w1, b1 = rng.standard_normal((4, 3)), rng.standard_normal(4)
    w2, b2 = rng.standard_normal((2, 4)), rng.standard_normal(2)
    ours = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2)).double()
    theirs = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(),
                                 torch.nn.Linear(4, 2)).double()
    for (_, p), (_, q), v in zip(ours.named_parameters(), theirs.named_parameters(),
                                 (w1, b1, w2, b2)):
        with mg.no_grad():
            p.copy_(mg.tensor(v))
        with torch.no_grad():
            q.copy_(torch.tensor(v))
    x = rng.standard_normal((5, 3))
    return ours, theirs, x


def _np(value):
    """Hook arguments as nested lists of arrays (None kept), from either library."""
    if value is None:
        return None
    if isinstance(value, (tuple, list)):
        return [_np(v) for v in value]
    if isinstance(value, torch.Tensor):
        return value.detach().numpy()
    return to_numpy(value)


def _same(a, b):
    if a is None or b is None:
        assert a is None and b is None
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b)
        for u, v in zip(a, b):
            _same(u, v)
    else:
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


def _run(lib, model, x, register, x_requires_grad=True):
    """Register hooks (``register(model, log)``), run forward and backward; return what the
    hooks saw, the output, and the gradients."""
    log = []
    handles = register(model, log)
    xt = lib.tensor(x, dtype=lib.float64, requires_grad=x_requires_grad)
    out = model(xt)
    (out * out).sum().backward()
    for h in handles:
        h.remove()
    grads = [p.grad for p in model.parameters()] + [xt.grad]
    return [_np(e) for e in log], _np(out), _np(grads)


def _compare(register, x_requires_grad=True):
    ours, theirs, x = _pair()
    mine, out_m, grads_m = _run(mg, ours, x, register, x_requires_grad)
    ref, out_t, grads_t = _run(torch, theirs, x, register, x_requires_grad)
    assert len(mine) == len(ref) > 0
    _same(mine, ref)
    _same(out_m, out_t)
    _same(grads_m, grads_t)


def test_forward_hooks_see_and_replace_like_pytorch():
    def register(model, log):
        def pre(m, args):
            log.append(list(args))
            return args[0] * 2                       # a non-tuple is wrapped
        def post(m, args, out):
            log.append([args[0], out])
            return out + 1
        return [model[0].register_forward_pre_hook(pre), model[2].register_forward_hook(post)]
    _compare(register)


def test_full_backward_hooks_see_and_replace_like_pytorch():
    def register(model, log):
        def hook(m, grad_input, grad_output):
            log.append([list(grad_input), list(grad_output)])
            return (grad_input[0] * 3,)
        def pre(m, grad_output):
            log.append(list(grad_output))
            return (grad_output[0] * 0.5,)
        return [model[1].register_full_backward_hook(hook),
                model[2].register_full_backward_pre_hook(pre),
                model[0].register_full_backward_hook(lambda m, gi, go: log.append(
                    [list(gi), list(go)]))]
    _compare(register)


@pytest.mark.filterwarnings("ignore:Full backward hook is firing")
def test_backward_hook_on_input_that_needs_no_grad_gets_none_like_pytorch():
    def register(model, log):
        return [model[0].register_full_backward_hook(
            lambda m, gi, go: log.append([list(gi), list(go)]))]
    _compare(register, x_requires_grad=False)


def test_prepend_and_with_kwargs_like_pytorch():
    class Scale(nn.Module):
        def forward(self, x, factor=1.0):
            return x * factor

    class TorchScale(torch.nn.Module):
        def forward(self, x, factor=1.0):
            return x * factor

    results = []
    for lib, cls in ((mg, Scale), (torch, TorchScale)):
        m, order = cls(), []
        m.register_forward_hook(lambda mod, a, o: order.append("second"))
        m.register_forward_hook(lambda mod, a, o: order.append("first"), prepend=True)
        m.register_forward_pre_hook(lambda mod, a, kw: (a, {"factor": kw["factor"] * 10}),
                                    with_kwargs=True)
        m.register_forward_hook(lambda mod, a, kw, o: order.append(kw["factor"]),
                                with_kwargs=True)
        out = m(lib.tensor([1.0, 2.0], dtype=lib.float64), factor=2.0)
        results.append((order, out.tolist()))
    assert results[0] == results[1] == (["first", "second", 20.0], [20.0, 40.0])


def test_hooks_registered_after_forward_are_not_called_like_pytorch():
    for lib in (mg, torch):
        lin, seen = (nn if lib is mg else torch.nn).Linear(2, 2), []
        lin.register_full_backward_hook(lambda m, gi, go: seen.append("early"))
        out = lin(lib.ones(1, 2, requires_grad=True))
        lin.register_full_backward_hook(lambda m, gi, go: seen.append("late"))
        out.sum().backward()
        assert seen == ["early"], lib.__name__


@pytest.mark.parametrize("lib", [mg, torch], ids=["minigrad", "torch"])
def test_wrong_number_of_gradients_is_the_same_error(lib):
    lin = (nn if lib is mg else torch.nn).Linear(2, 2)
    lin.register_full_backward_hook(lambda m, gi, go: (gi[0], gi[0]))
    with pytest.raises(RuntimeError, match="^Backward hook returned an invalid number of "
                                           "grad_input, got 2, but expected 1"):
        lin(lib.ones(1, 2, requires_grad=True)).sum().backward()
    lin = (nn if lib is mg else torch.nn).Linear(2, 2)
    lin.register_full_backward_pre_hook(lambda m, go: (go[0], go[0]))
    with pytest.raises(RuntimeError, match="^Backward pre hook returned an invalid number of "
                                           "grad_output, got 2, but expected 1"):
        lin(lib.ones(1, 2, requires_grad=True)).sum().backward()


def test_removed_hooks_leave_the_fast_path():
    lin = nn.Linear(2, 2)
    with lin.register_full_backward_hook(lambda m, gi, go: None):
        hooked = lin(mg.ones(1, 2, requires_grad=True))
    plain = lin(mg.ones(1, 2, requires_grad=True))
    assert hooked.grad_fn.name().startswith("BackwardHookFunctionBackward")
    assert not plain.grad_fn.name().startswith("BackwardHookFunctionBackward")
    assert not lin._backward_hooks and not lin._forward_hooks


def test_no_grad_forward_adds_no_hook_nodes():
    lin = nn.Linear(2, 2)
    lin.register_full_backward_hook(lambda m, gi, go: None)
    with mg.no_grad():
        out = lin(mg.ones(1, 2, requires_grad=True))
    assert out.grad_fn is None


def test_hooks_on_a_container_and_its_children_like_pytorch():
    order = {mg: [], torch: []}

    def register(model, log):
        lib = mg if isinstance(model, nn.Module) else torch
        def record(tag):
            def hook(m, gi, go):
                order[lib].append(tag)
                log.append([list(gi), list(go)])
            return hook
        def pre(m, args):
            order[lib].append("forward pre")
            log.append(list(args))
        def backward_pre(m, go):
            order[lib].append("backward pre 0")
            log.append(list(go))
        return [model.register_full_backward_hook(record("backward all")),
                model[2].register_full_backward_hook(record("backward 2")),
                model.register_forward_pre_hook(pre),
                model[0].register_full_backward_pre_hook(backward_pre)]
    _compare(register)
    assert order[mg] == order[torch] == ["forward pre", "backward 2", "backward pre 0",
                                         "backward all"]
