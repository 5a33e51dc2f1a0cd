"""The Optimizer base: groups, state, zero_grad, step, state_dict, devices."""
import copy

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

import minigrad as mg
from minigrad import optim
from minigrad.backend import module_for
from tests.helpers import DEVICES, to_numpy


def _params(device="cpu"):
    return [mg.tensor([1.0, -2.0], device=device, requires_grad=True),
            mg.tensor([[0.5]], device=device, requires_grad=True)]


def test_param_groups_get_defaults_and_keep_overrides():
    a, b = _params()
    opt = optim.SGD([{"params": [a]}, {"params": b, "lr": 0.5}], lr=0.1, momentum=0.9)
    assert [g["lr"] for g in opt.param_groups] == [0.1, 0.5]
    assert all(g["momentum"] == 0.9 and g["nesterov"] is False for g in opt.param_groups)
    assert opt.param_groups[1]["params"] == [b]


def test_the_callers_group_dict_is_the_group_as_in_pytorch():
    a, _ = _params()
    group = {"params": [a], "lr": 0.5}
    opt = optim.SGD([group], lr=0.1)
    assert opt.param_groups[0] is group and group["momentum"] == 0
    group["lr"] = 0.25
    a.grad = mg.ones(2)
    opt.step()
    assert to_numpy(a).tolist() == [0.75, -2.25]


def test_add_param_group_and_errors():
    a, b = _params()
    opt = optim.Adam([a], lr=0.1)
    opt.add_param_group({"params": [b], "betas": (0.5, 0.9)})
    assert opt.param_groups[1]["betas"] == (0.5, 0.9) and opt.param_groups[1]["lr"] == 0.1
    with pytest.raises(ValueError, match="more than one"):
        opt.add_param_group({"params": [a]})
    with pytest.raises(TypeError, match="ordered"):
        optim.SGD([{"params": {a, b}}])
    with pytest.raises(ValueError, match="empty"):
        optim.SGD([])
    with pytest.raises(ValueError, match="non-leaf"):
        optim.SGD([a * 2])
    with pytest.raises(ValueError, match="required"):
        optim.HeavyBall([a], momentum=0.9)


def test_zero_grad_to_none_or_zeros():
    a, b = _params()
    opt = optim.SGD([a, b], lr=0.1)
    (a.sum() + b.sum()).backward()
    opt.zero_grad(set_to_none=False)
    assert np.all(to_numpy(a.grad) == 0) and np.all(to_numpy(b.grad) == 0)
    opt.zero_grad()
    assert a.grad is None and b.grad is None


def test_parameters_without_grad_are_skipped_and_get_no_state():
    a, b = _params()
    opt = optim.Adam([a, b], lr=0.1)
    a.grad = mg.ones(2)
    opt.step()
    assert to_numpy(b).tolist() == [[0.5]]
    assert b not in opt.state or not opt.state[b]
    assert list(opt.state_dict()["state"]) == [0]


def test_step_returns_the_closure_loss_and_builds_no_graph():
    a, _ = _params()
    opt = optim.SGD([a], lr=0.1)

    def closure():
        opt.zero_grad()
        loss = (a * a).sum()
        loss.backward()
        return loss

    with mg.no_grad():                      # the closure still records its graph
        loss = opt.step(closure)
    assert loss.item() == 5.0
    assert a.grad_fn is None and a.is_leaf


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("name", ["SGD", "Adam", "RMSprop", "Adagrad", "Rprop", "ASGD", "NAdam"])
def test_state_lives_on_the_parameters_device(name, device):
    a, _ = _params(device)
    opt = getattr(optim, name)([a], **({"momentum": 0.9} if name in ("SGD", "RMSprop") else {}))
    a.grad = mg.ones(2, device=device)
    opt.step()
    arrays = [v for v in opt.state[a].values() if hasattr(v, "shape")]
    assert arrays and all(isinstance(v, module_for(device).ndarray) for v in arrays)


def test_state_dict_format_and_load_errors():
    a, b = _params()
    opt = optim.SGD([{"params": [a]}, {"params": [b], "lr": 0.5}], lr=0.1, momentum=0.9)
    (a.sum() + b.sum()).backward()
    opt.step()
    sd = opt.state_dict()
    assert [g["params"] for g in sd["param_groups"]] == [[0], [1]]
    assert set(sd["state"]) == {0, 1} and set(sd["state"][0]) == {"momentum_buffer"}
    assert isinstance(sd["state"][0]["momentum_buffer"], mg.Tensor)
    with pytest.raises(ValueError, match="number of parameter groups"):
        optim.SGD([a, b], lr=0.1).load_state_dict(sd)
    with pytest.raises(ValueError, match="doesn't match the size"):
        optim.SGD([{"params": [a, b]}, {"params": [mg.zeros(1, requires_grad=True)]}],
                  lr=0.1).load_state_dict(sd)


@pytest.mark.parametrize("device", DEVICES)
def test_load_state_dict_moves_state_to_the_parameters_device_and_dtype(device):
    a = mg.tensor([1.0, -2.0], requires_grad=True)                 # float32 on cpu
    opt = optim.Adam([a], lr=0.1)
    a.grad = mg.ones(2)
    opt.step()
    sd = copy.deepcopy(opt.state_dict())
    b = mg.tensor([1.0, -2.0], dtype=mg.float64, device=device, requires_grad=True)
    opt2 = optim.Adam([b], lr=0.5)
    opt2.load_state_dict(sd)
    state = opt2.state[b]
    assert state["step"] == 1
    assert isinstance(state["exp_avg"], module_for(device).ndarray)
    assert state["exp_avg"].dtype == np.float64
    assert opt2.param_groups[0]["lr"] == 0.1 and opt2.param_groups[0]["params"] == [b]


def test_lookahead_state_dict_resumes_identically():
    def make(w):
        return optim.Lookahead(optim.SGD([w], lr=0.1, momentum=0.5), k=3, alpha=0.5)

    def advance(w, opt, n):
        for _ in range(n):
            opt.zero_grad()
            (w * w * mg.tensor([1.0, 10.0], dtype=mg.float64)).sum().backward()
            opt.step()

    w = mg.tensor([1.0, -2.0], dtype=mg.float64, requires_grad=True)
    opt = make(w)
    advance(w, opt, 4)
    saved, w_saved = copy.deepcopy(opt.state_dict()), to_numpy(w).copy()
    advance(w, opt, 5)
    w2 = mg.tensor(w_saved, requires_grad=True)
    opt2 = make(w2)
    opt2.load_state_dict(saved)
    advance(w2, opt2, 5)
    np.testing.assert_array_equal(to_numpy(w2), to_numpy(w))


def test_sam_schedules_and_saves_through_the_base_optimizer():
    w = mg.tensor([1.0, -2.0], dtype=mg.float64, requires_grad=True)
    opt = optim.SAM([w], optim.SGD, rho=0.05, lr=0.1, momentum=0.9)
    assert opt.param_groups is opt.base_optimizer.param_groups
    sched = optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.5)
    sched.step()
    assert opt.base_optimizer.param_groups[0]["lr"] == 0.05
    sd = opt.state_dict()
    assert sd["param_groups"][0]["rho"] == 0.05
    with pytest.raises(ValueError, match="closure"):
        opt.step()


@pytest.mark.parametrize("device", DEVICES)
def test_newton_exact_and_cg_agree_on_a_non_quadratic(device):
    starts = [np.array([0.3, -0.2]), np.array([[0.1, 0.4]])]

    def run(method):
        ps = [mg.tensor(a, device=device, requires_grad=True) for a in starts]
        opt = optim.Newton(ps, method=method, damping=0.1)

        def closure():
            x, y = ps
            return (x ** 4).sum() + (x * x).sum() + ((y - 1) ** 2).sum() + (x.sum() * y).sum() ** 2
        for _ in range(5):
            loss = opt.step(closure)
        return [to_numpy(p) for p in ps], float(loss)

    (exact, loss_exact), (cg, loss_cg) = run("exact"), run("cg")
    for a, b in zip(exact, cg):
        np.testing.assert_allclose(a, b, rtol=1e-8, atol=1e-10)
    assert loss_exact < 0.5


def test_sutskever_nesterov_leaves_unused_parameters_alone():
    w, unused = mg.tensor([1.0], requires_grad=True), mg.tensor([2.0], requires_grad=True)
    opt = optim.SutskeverNesterov([w, unused], lr=0.1, momentum=0.9)
    opt.state[unused]["velocity"] = np.ones(1, dtype=np.float32)

    def closure():
        opt.zero_grad()
        loss = (w * w).sum()
        loss.backward()
        return loss

    opt.step(closure)
    assert unused.item() == 2.0


@pytest.mark.parametrize("name", ["SAM", "EGSAM", "OGSAM", "AOSAM"])
def test_sam_family_resumes_identically(name):
    def make(w):
        return getattr(optim, name)([w], optim.SGD, rho=0.05, lr=0.02, momentum=0.5)

    def advance(w, opt, n):
        scale = mg.tensor([1.0, 10.0], dtype=mg.float64)

        def closure():
            opt.zero_grad()
            loss = (w * w * scale).sum() + (w ** 4).sum()
            loss.backward()
            return loss
        for _ in range(n):
            closure()
            opt.step(closure)

    w = mg.tensor([1.0, -2.0], dtype=mg.float64, requires_grad=True)
    opt = make(w)
    advance(w, opt, 3)
    saved, w_saved = copy.deepcopy(opt.state_dict()), to_numpy(w).copy()
    advance(w, opt, 4)
    w2 = mg.tensor(w_saved, requires_grad=True)
    opt2 = make(w2)
    opt2.load_state_dict(saved)
    advance(w2, opt2, 4)
    np.testing.assert_array_equal(to_numpy(w2), to_numpy(w))


def test_lookahead_add_param_group_starts_slow_weights_at_the_values():
    a, b = _params()
    opt = optim.Lookahead(optim.SGD([a], lr=0.1), k=2)
    opt.add_param_group({"params": [b], "lr": 0.5})
    assert opt.base_optimizer.param_groups[1]["lr"] == 0.5
    np.testing.assert_array_equal(opt.state[b]["slow_param"], to_numpy(b))


@pytest.mark.parametrize("make", [lambda ps: optim.Adam(ps, lr=0.1, amsgrad=True),
                                  lambda ps: optim.Lookahead(optim.SGD(ps, lr=0.1, momentum=0.9),
                                                             k=2),
                                  lambda ps: optim.LBFGS(ps, history_size=3, max_iter=2)],
                         ids=["Adam", "Lookahead", "LBFGS"])
def test_checkpoint_through_mg_save_resumes_identically(make, tmp_path):
    def advance(ps, opt, n):
        def closure():
            opt.zero_grad()
            loss = sum(((p - 1) ** 2 + 0.1 * p ** 4).sum() for p in ps)
            loss.backward()
            return loss
        for _ in range(n):
            closure()
            opt.step(closure)

    ps = _params()
    opt = make(ps)
    advance(ps, opt, 3)
    mg.save(opt.state_dict(), tmp_path / "opt.safetensors")
    copies = [mg.tensor(to_numpy(p), requires_grad=True) for p in ps]
    advance(ps, opt, 3)
    resumed = make(copies)
    resumed.load_state_dict(mg.load(tmp_path / "opt.safetensors"))
    advance(copies, resumed, 3)
    for p, q in zip(ps, copies):
        np.testing.assert_array_equal(to_numpy(p), to_numpy(q))


@pytest.mark.parametrize("make", [lambda ps: optim.SGD(ps, lr=0.1),
                                  lambda ps: optim.SAM(ps, optim.SGD, lr=0.1)],
                         ids=["SGD", "SAM"])
def test_a_step_is_an_in_place_change_as_in_pytorch(make):
    """Backward through a graph built before the step raises (PyTorch: "modified by an
    inplace operation") instead of silently using the new weights."""
    a, _ = _params()
    opt = make([a])
    loss = (a * a).sum()
    loss.backward(retain_graph=True)
    if isinstance(opt, optim.SAM):
        opt.first_step()
    else:
        opt.step()
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        loss.backward()


class PyTorchStyleMomentum(optim.Optimizer):
    """A custom optimizer written as in PyTorch tutorials: its own step, Tensors in state."""

    def __init__(self, params, lr=0.1, momentum=0.9):
        super().__init__(params, dict(lr=lr, momentum=momentum))

    @mg.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if "buf" not in state:
                    state["buf"] = mg.zeros_like(p)
                state["buf"].mul_(group["momentum"]).add_(p.grad)
                p.add_(state["buf"], alpha=-group["lr"])


def test_a_pytorch_style_subclass_saves_and_resumes_with_tensor_state():
    def advance(w, opt, n):
        for _ in range(n):
            opt.zero_grad()
            (w * w).sum().backward()
            opt.step()

    w = mg.tensor([1.0, -2.0], dtype=mg.float64, requires_grad=True)
    opt = PyTorchStyleMomentum([w])
    advance(w, opt, 2)
    saved, w_saved = copy.deepcopy(opt.state_dict()), to_numpy(w).copy()
    assert isinstance(saved["state"][0]["buf"], mg.Tensor)
    advance(w, opt, 3)
    w2 = mg.tensor(w_saved, requires_grad=True)
    opt2 = PyTorchStyleMomentum([w2])
    opt2.load_state_dict(saved)
    assert isinstance(opt2.state[w2]["buf"], mg.Tensor)
    advance(w2, opt2, 3)
    np.testing.assert_array_equal(to_numpy(w2), to_numpy(w))


# -- bad hyperparameters: PyTorch's ValueError at construction (issue 9 item 12) ---------------
_NAN = float("nan")
_BAD = [("lr", _NAN), ("lr", -1.0), ("weight_decay", _NAN), ("weight_decay", -0.1),
        ("eps", _NAN), ("eps", -1e-8), ("momentum", _NAN), ("momentum", -0.5),
        ("betas", (0.9,)), ("betas", (_NAN, 0.999)), ("betas", (0.9, 1.0)), ("rho", _NAN),
        ("rho", 1.5), ("alpha", -0.1), ("alpha", _NAN), ("lr_decay", -1.0),
        ("initial_accumulator_value", -1.0), ("momentum_decay", _NAN), ("etas", (1.5, 2.0)),
        ("etas", (0.5,))]


def _has_nan(value):
    return any(v != v for v in (value if isinstance(value, tuple) else (value,)))


@pytest.mark.parametrize("name", ["SGD", "Adam", "AdamW", "Adagrad", "Adadelta", "Adamax",
                                  "ASGD", "NAdam", "RAdam", "RMSprop", "Rprop", "LBFGS"])
def test_invalid_hyperparameters_raise_pytorchs_error_at_construction(name):
    """Where PyTorch raises a ValueError, the same message; where it fails with an
    IndexError (a one-element betas), a ValueError saying so; where it accepts NaN (SGD),
    minigrad refuses it (docs/reliability.md)."""
    torch = pytest.importorskip("torch")
    import inspect
    from minigrad.optim.optimizer import CHECKS
    ours, theirs = getattr(optim, name), getattr(torch.optim, name)
    for arg, value in _BAD:
        if arg not in inspect.signature(ours).parameters:
            continue
        try:
            theirs([torch.zeros(2, requires_grad=True)], **{arg: value})
            expected = None
        except (ValueError, IndexError) as err:
            expected = err
        if expected is None and not (arg in CHECKS and _has_nan(value)):
            ours(_params(), **{arg: value})                    # accepted by both
            continue
        with pytest.raises(ValueError) as info:
            ours(_params(), **{arg: value})
        if isinstance(expected, ValueError):
            assert str(info.value) == str(expected), (arg, value)
        else:
            assert str(info.value).startswith(f"{arg} must be a pair" if expected else
                                              f"Invalid {'learning rate' if arg == 'lr' else arg}")


@pytest.mark.parametrize("make", [
    lambda ps, **kw: optim.HeavyBall(ps, **{"lr": 0.1, "momentum": 0.9, **kw}),
    lambda ps, **kw: optim.NesterovAGD(ps, **{"lr": 0.1, **kw}),
    lambda ps, **kw: optim.RMSpropGraves(ps, **kw),
    lambda ps, **kw: optim.Newton(ps, **kw),
    lambda ps, **kw: optim.SAM(ps, optim.SGD, **{"lr": 0.1, **kw}),
    lambda ps, **kw: optim.OGSAM(ps, optim.Adam, **kw),
    lambda ps, **kw: optim.Lookahead(optim.SGD(ps, **{"lr": 0.1, **kw})),
], ids=["HeavyBall", "NesterovAGD", "RMSpropGraves", "Newton", "SAM", "OGSAM", "Lookahead"])
def test_lecture_optimizers_refuse_nan_and_negative_rates_too(make):
    make(_params())
    for value, shown in ((_NAN, "nan"), (-0.5, "-0.5"), (float("-inf"), "-inf")):
        with pytest.raises(ValueError, match=f"^Invalid learning rate: {shown}$"):
            make(_params(), lr=value)
    with pytest.raises(TypeError, match="lr must be a number, got str '0.1'"):
        make(_params(), lr="0.1")


def test_parameter_groups_are_checked_too():
    a, b = _params()
    with pytest.raises(ValueError, match="Invalid learning rate: nan"):
        optim.SGD([{"params": [a]}, {"params": [b], "lr": _NAN}], lr=0.1)
    opt = optim.Adam([a], lr=0.1)
    with pytest.raises(ValueError, match="Invalid beta parameter at index 1: 1.5"):
        opt.add_param_group({"params": [b], "betas": (0.9, 1.5)})
    with pytest.raises(ValueError, match=r"betas must be a pair of numbers, got \(0.9,\)"):
        opt.add_param_group({"params": [b], "betas": (0.9,)})
    assert len(opt.param_groups) == 1


# -- a failed load_state_dict changes nothing (issue 9 items 7, 8) -----------------------------

def _bits(opt):
    """Every group's values and every state value, arrays as (dtype, shape, bytes)."""
    def freeze(v):
        if isinstance(v, (list, tuple)):
            return tuple(freeze(x) for x in v)
        if isinstance(v, mg.Tensor) or hasattr(v, "dtype"):
            a = mg.backend.to_numpy(v.array if isinstance(v, mg.Tensor) else v)
            return (str(a.dtype), a.shape, a.tobytes())
        return repr(v)
    groups = [{k: ([id(p) for p in v] if k == "params" else freeze(v)) for k, v in g.items()}
              for g in opt.param_groups]
    return groups, {id(p): {k: freeze(v) for k, v in s.items()} for p, s in opt.state.items()}


def _stepped(make, lr):
    a, b = _params()
    opt = make([{"params": [a]}, {"params": [b], "lr": lr}], lr)
    for _ in range(2):
        (a.sum() + (b * b).sum()).backward()
        opt.step()
    return opt


def _set(path, value):
    def change(sd):
        *head, last = path
        for key in head:
            sd = sd[key]
        sd[last] = value
    return change


def _drop(path):
    def change(sd):
        *head, last = path
        for key in head:
            sd = sd[key]
        del sd[last]
    return change


_BREAKS = {
    "no state": _drop(["state"]),
    "no param_groups": _drop(["param_groups"]),
    "state a list": lambda sd: sd.update(state=list(sd["state"].values())),
    "groups a dict": lambda sd: sd.update(param_groups=dict(enumerate(sd["param_groups"]))),
    "unknown index": lambda sd: sd["state"].update({7: dict(sd["state"][0])}),
    "state not a dict": _set(["state", 1], 5),
    "state an object": lambda sd: sd["state"][1].update(
        {k: object() for k in list(sd["state"][1])[-1:]}),
    "state strings": lambda sd: sd["state"][1].update(
        {k: np.full(np.shape(mg.backend.to_numpy(v.array)), "x") for k, v in sd["state"][1].items()
         if isinstance(v, mg.Tensor) and v.ndim}),
    "one group": lambda sd: sd.update(param_groups=sd["param_groups"][:1]),
    "group too small": _set(["param_groups", 1, "params"], []),
    "group without params": _drop(["param_groups", 1, "params"]),
    "lr nan": _set(["param_groups", 1, "lr"], _NAN),
    "negative eps": _set(["param_groups", 0, "eps"], -1.0),
}
_MAKERS = {"Adam": lambda g, lr: optim.Adam(g, lr=lr, amsgrad=True),
           "SGD": lambda g, lr: optim.SGD(g, lr=lr, momentum=0.9),
           "Adagrad": lambda g, lr: optim.Adagrad(g, lr=lr)}


@pytest.mark.parametrize("name", list(_MAKERS))
@settings(max_examples=40, deadline=None, derandomize=True, database=None)
@given(breaks=st.lists(st.sampled_from(sorted(_BREAKS)), min_size=1, max_size=3, unique=True))
def test_every_failed_load_leaves_the_optimizer_bit_identical(name, breaks):
    """A state dict broken in one to three ways (the last value unconvertible, after valid
    ones, included): the load raises a clear error and opt.state and opt.param_groups are
    bit for bit what they were."""
    target = _stepped(_MAKERS[name], 0.05)
    sd = copy.deepcopy(_stepped(_MAKERS[name], 0.2).state_dict())
    for key in breaks:
        try:
            _BREAKS[key](sd)
        except (KeyError, TypeError, IndexError, AttributeError):
            pass                                 # an earlier break removed what this one edits
    before = _bits(target)
    with pytest.raises((ValueError, TypeError)) as info:
        target.load_state_dict(sd)
    assert "KeyError" not in type(info.value).__name__ and str(info.value)
    assert _bits(target) == before


@pytest.mark.parametrize("case,match", [
    ("no state", "has no 'state' entry"), ("state a list", "'state' must be a dict"),
    ("unknown index", "state for parameter 7, but its param_groups list only"),
    ("state an object", r"state\[1\]\['\w+'\] is object"),
])
def test_load_errors_say_what_is_wrong(case, match):
    target = _stepped(_MAKERS["Adam"], 0.05)
    sd = copy.deepcopy(target.state_dict())
    _BREAKS[case](sd)
    with pytest.raises((ValueError, TypeError), match=match):
        target.load_state_dict(sd)


@pytest.mark.parametrize("wrap", ["Lookahead", "OGSAM"])
def test_wrapped_optimizers_load_atomically_too(wrap):
    def make(lr):
        w = mg.tensor([1.0, -2.0], dtype=mg.float64, requires_grad=True)
        opt = (optim.Lookahead(optim.SGD([w], lr=lr, momentum=0.5), k=2) if wrap == "Lookahead"
               else optim.OGSAM([w], optim.SGD, lr=lr, momentum=0.5))

        def closure():
            opt.zero_grad()
            loss = (w ** 4).sum()
            loss.backward()
            return loss
        for _ in range(3):
            closure()
            opt.step(closure) if wrap == "OGSAM" else opt.step()
        return opt
    target, sd = make(0.01), copy.deepcopy(make(0.02).state_dict())
    if wrap == "Lookahead":
        sd["slow_params"] = {0: sd["slow_params"][0], 1: sd["slow_params"][0]}
    else:
        sd["prev_grad"] = {0: object()}
    before = _bits(target)
    with pytest.raises((ValueError, TypeError)):
        target.load_state_dict(sd)
    assert _bits(target) == before
