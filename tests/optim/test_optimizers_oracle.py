"""Every PyTorch-named optimizer against PyTorch itself, step for step in float64."""
import copy

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import minigrad as mg  # noqa: E402
from minigrad import optim  # noqa: E402
from tests.helpers import DEVICES, to_numpy  # noqa: E402

SHAPES = [(3,), (2, 2)]
RNG = np.random.default_rng(0)
START = [RNG.standard_normal(s) for s in SHAPES]
SCALE = [np.array([1.0, 10.0, 0.5]), np.array([[2.0, 0.1], [4.0, 1.0]])]


def gradient(arrays):
    """∇ of Σ ½ s w² + 0.1 w⁴/4 + sin(w): a non-quadratic, anisotropic problem."""
    return [s * w + 0.1 * w ** 3 + np.cos(w) for s, w in zip(SCALE, arrays)]


CASES = [
    ("SGD", dict(lr=0.1)),
    ("SGD", dict(lr=0.05, momentum=0.9)),
    ("SGD", dict(lr=0.05, momentum=0.9, dampening=0.3, weight_decay=0.1)),
    ("SGD", dict(lr=0.05, momentum=0.8, nesterov=True, maximize=True)),
    ("SGD", dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01)),
    ("Adagrad", dict(lr=0.1)),
    ("Adagrad", dict(lr=0.1, lr_decay=0.1, initial_accumulator_value=0.1, weight_decay=0.05,
                     eps=1e-6, maximize=True)),
    ("RMSprop", dict(lr=0.01)),
    ("RMSprop", dict(lr=0.01, alpha=0.9, weight_decay=0.1, momentum=0.5)),
    ("RMSprop", dict(lr=0.01, centered=True)),
    ("RMSprop", dict(lr=0.01, centered=True, momentum=0.9, eps=1e-4, maximize=True)),
    ("Adadelta", dict()),
    ("Adadelta", dict(lr=0.5, rho=0.95, eps=1e-5, weight_decay=0.1, maximize=True)),
    ("Adam", dict(lr=0.1)),
    ("Adam", dict(lr=0.1, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1, amsgrad=True)),
    ("Adam", dict(lr=0.1, weight_decay=0.1, decoupled_weight_decay=True, maximize=True)),
    ("AdamW", dict(lr=0.1)),
    ("AdamW", dict(lr=0.1, weight_decay=0.5, amsgrad=True)),
    ("Adamax", dict(lr=0.1)),
    ("Adamax", dict(lr=0.1, betas=(0.8, 0.9), weight_decay=0.1, maximize=True)),
    ("NAdam", dict(lr=0.1)),
    ("NAdam", dict(lr=0.1, momentum_decay=0.01, weight_decay=0.1)),
    ("NAdam", dict(lr=0.1, weight_decay=0.1, decoupled_weight_decay=True, maximize=True)),
    ("RAdam", dict(lr=0.1)),
    ("RAdam", dict(lr=0.1, betas=(0.9, 0.9), weight_decay=0.1)),
    ("RAdam", dict(lr=0.1, betas=(0.9, 0.9), weight_decay=0.1, decoupled_weight_decay=True)),
    ("ASGD", dict(lr=0.1)),
    ("ASGD", dict(lr=0.1, lambd=0.1, alpha=0.5, t0=3, weight_decay=0.1, maximize=True)),
    ("Rprop", dict(lr=0.1)),
    ("Rprop", dict(lr=0.1, etas=(0.3, 1.5), step_sizes=(0.05, 0.4), maximize=True)),
]
STEPS = 12


@pytest.fixture(autouse=True)
def _float64_torch():
    old = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)      # PyTorch keeps some scalar state in this dtype
    yield
    torch.set_default_dtype(old)


def _pair(name, kwargs, device="cpu"):
    ours = [mg.tensor(a, dtype=mg.float64, device=device, requires_grad=True) for a in START]
    theirs = [torch.tensor(a, requires_grad=True) for a in START]
    return (ours, getattr(optim, name)(ours, **kwargs),
            theirs, getattr(torch.optim, name)(theirs, **kwargs))


def _step_both(ours, opt, theirs, topt):
    for p, g in zip(ours, gradient([to_numpy(p) for p in ours])):
        p.grad = mg.tensor(g, device=p.device)
    for p, g in zip(theirs, gradient([p.detach().numpy() for p in theirs])):
        p.grad = torch.tensor(g)
    opt.step()
    topt.step()


def _assert_same(ours, theirs):
    for p, q in zip(ours, theirs):
        np.testing.assert_allclose(to_numpy(p), q.detach().numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("name,kwargs", CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_trajectory_matches_pytorch(name, kwargs, device):
    ours, opt, theirs, topt = _pair(name, kwargs, device)
    for _ in range(STEPS):
        _step_both(ours, opt, theirs, topt)
        _assert_same(ours, theirs)


@pytest.mark.parametrize("name,kwargs", CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_state_dict_keys_and_resume(name, kwargs):
    ours, opt, theirs, topt = _pair(name, kwargs)
    for _ in range(3):
        _step_both(ours, opt, theirs, topt)
    sd, tsd = opt.state_dict(), topt.state_dict()
    assert sd["state"].keys() == tsd["state"].keys()
    for i in sd["state"]:
        assert list(sd["state"][i]) == list(tsd["state"][i])
    for group, tgroup in zip(sd["param_groups"], tsd["param_groups"]):
        assert group["params"] == tgroup["params"]
        assert {k: v for k, v in group.items() if k in tgroup} == \
            {k: v for k, v in tgroup.items() if k in group}
    # resume: a fresh optimizer on copies of the parameters continues identically
    saved = copy.deepcopy(sd)
    copies = [mg.tensor(to_numpy(p), requires_grad=True) for p in ours]
    resumed = getattr(optim, name)(copies, **kwargs)
    resumed.load_state_dict(saved)
    for _ in range(4):
        _step_both(ours, opt, theirs, topt)
        _step_both(copies, resumed, [t.detach().clone().requires_grad_() for t in theirs],
                   getattr(torch.optim, name)([torch.zeros(1, requires_grad=True)], lr=0.1))
        for p, q in zip(ours, copies):
            np.testing.assert_array_equal(to_numpy(p), to_numpy(q))
    _assert_same(ours, theirs)


def _objective(x):
    """Smooth and convex, so roundoff is not amplified over many L-BFGS iterations."""
    return 0.5 * (x[0] ** 2 + 5 * x[1] ** 2) + 0.25 * (x[0] - x[1] + 1) ** 4 + (x[2:] ** 4).sum()


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("kwargs", [dict(), dict(lr=0.5, max_iter=5, history_size=3),
                                    dict(line_search_fn="strong_wolfe"),
                                    dict(line_search_fn="strong_wolfe", history_size=2,
                                         max_iter=7, tolerance_change=1e-12)])
def test_lbfgs_matches_pytorch(kwargs, device):
    start = np.array([-1.2, 1.0, 0.5, -0.3])
    x = mg.tensor(start, device=device, requires_grad=True)
    tx = torch.tensor(start, requires_grad=True)
    opt, topt = optim.LBFGS([x], **kwargs), torch.optim.LBFGS([tx], **kwargs)

    def closure():
        opt.zero_grad()
        loss = _objective(x)
        loss.backward()
        return loss

    def tclosure():
        topt.zero_grad()
        loss = _objective(tx)
        loss.backward()
        return loss

    for _ in range(4):
        loss, tloss = opt.step(closure), topt.step(tclosure)
        assert float(loss) == pytest.approx(float(tloss.detach()), rel=1e-9, abs=1e-12)
        np.testing.assert_allclose(to_numpy(x), tx.detach().numpy(), rtol=1e-9, atol=1e-12)
    assert opt.state[x]["func_evals"] == topt.state[tx]["func_evals"]
    assert set(opt.state_dict()["state"][0]) == set(topt.state_dict()["state"][0])


def _to_mg(value):
    if isinstance(value, torch.Tensor):
        return mg.tensor(value.detach().numpy())
    if isinstance(value, dict):
        return {k: _to_mg(v) for k, v in value.items()}
    return value


def _to_torch(value):
    if isinstance(value, mg.Tensor):
        return torch.tensor(to_numpy(value))
    if isinstance(value, dict):
        return {k: _to_torch(v) for k, v in value.items()}
    return value


INTEROP = [("Adam", dict(lr=0.1, amsgrad=True)), ("SGD", dict(lr=0.05, momentum=0.9)),
           ("RMSprop", dict(lr=0.01, centered=True, momentum=0.5)), ("ASGD", dict(lr=0.1, t0=2)),
           ("NAdam", dict(lr=0.1)), ("Rprop", dict(lr=0.1)), ("Adagrad", dict(lr=0.1))]


@pytest.mark.parametrize("name,kwargs", INTEROP, ids=[n for n, _ in INTEROP])
def test_state_dicts_move_between_pytorch_and_minigrad(name, kwargs):
    """A PyTorch checkpoint (tensors converted) resumes in minigrad, and back, identically."""
    ours, opt, theirs, topt = _pair(name, kwargs)
    for _ in range(3):
        _step_both(ours, opt, theirs, topt)
    # PyTorch -> minigrad: a fresh minigrad optimizer continues PyTorch's run
    fresh = [mg.tensor(t.detach().numpy(), requires_grad=True) for t in theirs]
    from_torch = getattr(optim, name)(fresh, **kwargs)
    from_torch.load_state_dict({"state": _to_mg(topt.state_dict()["state"]),
                                "param_groups": topt.state_dict()["param_groups"]})
    # minigrad -> PyTorch: a fresh PyTorch optimizer continues minigrad's run
    tfresh = [torch.tensor(to_numpy(p), requires_grad=True) for p in ours]
    from_ours = getattr(torch.optim, name)(tfresh, **kwargs)
    sd = opt.state_dict()
    # PyTorch's groups also carry foreach/fused/...: keep those, take everything we saved
    groups = [dict(tgroup, **group) for tgroup, group in zip(topt.param_groups, sd["param_groups"])]
    from_ours.load_state_dict({"state": _to_torch(sd["state"]), "param_groups": groups})
    for _ in range(4):
        _step_both(ours, opt, theirs, topt)
        _step_both(fresh, from_torch, tfresh, from_ours)
    _assert_same(fresh, theirs)
    _assert_same(ours, tfresh)


@pytest.mark.parametrize("name", ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta",
                                  "Adamax", "NAdam", "RAdam", "ASGD", "Rprop"])
def test_pytorchs_implementation_switches_are_accepted(name):
    """``AdamW(groups, lr, fused=True)`` (nanoGPT), ``foreach=False``: accepted and without
    effect (one implementation here, docs/optimizers.md); a misspelt keyword is still a
    TypeError, and the switches that change what a step is are refused."""
    for lib in (mg, torch):
        params = [lib.nn.Parameter(lib.ones(2))]
        getattr(lib.optim, name)(params, lr=0.1, foreach=False, differentiable=False)
        with pytest.raises(TypeError):
            getattr(lib.optim, name)(params, lr=0.1, foreach_=False)
    opt = getattr(mg.optim, name)([mg.nn.Parameter(mg.ones(2))], lr=0.1, foreach=True)
    assert "foreach" not in opt.param_groups[0]
    with pytest.raises(NotImplementedError, match="differentiable"):
        getattr(mg.optim, name)([mg.nn.Parameter(mg.ones(2))], lr=0.1, differentiable=True)
