"""Every scheduler against PyTorch's, value for value (lr and cycled momentum)."""
import copy
import math
import warnings

import pytest

torch = pytest.importorskip("torch")

import minigrad as mg  # noqa: E402
from minigrad import optim  # noqa: E402
from minigrad.optim import lr_scheduler  # noqa: E402

TL = torch.optim.lr_scheduler
STEPS = 40


def _optimizers(opt_name="SGD", groups=2, **kwargs):
    kwargs = kwargs or dict(lr=0.1, momentum=0.9)
    ours = [mg.zeros(2, requires_grad=True) for _ in range(groups)]
    theirs = [torch.zeros(2, requires_grad=True) for _ in range(groups)]
    lr = kwargs.pop("lr")
    make = [{"params": [p], "lr": lr * (i + 1)} for i, p in enumerate(ours)]
    tmake = [{"params": [p], "lr": lr * (i + 1)} for i, p in enumerate(theirs)]
    return getattr(optim, opt_name)(make, **kwargs), getattr(torch.optim, opt_name)(tmake, **kwargs)


def _build(spec, opt, module):
    """spec: (name, kwargs) or ("Sequential"/"Chained", [specs], extra)."""
    name, args = spec[0], spec[1]
    if name == "SequentialLR":
        members = [_build(s, opt, module) for s in args]
        return module.SequentialLR(opt, members, milestones=spec[2])
    if name == "ChainedScheduler":
        return module.ChainedScheduler([_build(s, opt, module) for s in args])
    if name == "pair":                    # two schedulers stepping the same optimizer
        return [_build(s, opt, module) for s in args]
    return getattr(module, name)(opt, **args)


SPECS = [
    ("LambdaLR", dict(lr_lambda=lambda t: 1 / (1 + 0.1 * t))),
    ("MultiplicativeLR", dict(lr_lambda=lambda t: 0.95)),
    ("StepLR", dict(step_size=3, gamma=0.5)),
    ("MultiStepLR", dict(milestones=[2, 5, 5, 11], gamma=0.3)),
    ("ConstantLR", dict()),
    ("ConstantLR", dict(factor=0.5, total_iters=7)),
    ("LinearLR", dict()),
    ("LinearLR", dict(start_factor=0.2, end_factor=0.9, total_iters=9)),
    ("ExponentialLR", dict(gamma=math.exp(-0.1))),
    ("PolynomialLR", dict()),
    ("PolynomialLR", dict(total_iters=12, power=2.5)),
    ("CosineAnnealingLR", dict(T_max=10)),
    ("CosineAnnealingLR", dict(T_max=7, eta_min=0.01)),
    ("CosineAnnealingWarmRestarts", dict(T_0=2)),
    ("CosineAnnealingWarmRestarts", dict(T_0=3, T_mult=2, eta_min=0.001)),
    ("OneCycleLR", dict(max_lr=1.0, total_steps=STEPS + 1)),
    ("OneCycleLR", dict(max_lr=[1.0, 0.5], total_steps=STEPS + 2, pct_start=0.25,
                        anneal_strategy="linear", three_phase=True, div_factor=10.0,
                        final_div_factor=100.0, base_momentum=0.8, max_momentum=0.9)),
    ("OneCycleLR", dict(max_lr=1.0, epochs=4, steps_per_epoch=11, cycle_momentum=False)),
    ("CyclicLR", dict(base_lr=0.01, max_lr=0.1, step_size_up=4)),
    ("CyclicLR", dict(base_lr=[0.01, 0.02], max_lr=0.1, step_size_up=3, step_size_down=5,
                      mode="triangular2")),
    ("CyclicLR", dict(base_lr=0.01, max_lr=0.1, step_size_up=4, mode="exp_range", gamma=0.97)),
    ("CyclicLR", dict(base_lr=0.01, max_lr=0.1, step_size_up=4, scale_fn=lambda x: 0.5 ** x,
                      scale_mode="iterations", cycle_momentum=False)),
    ("SequentialLR", [("LinearLR", dict(start_factor=0.1, total_iters=4)),
                      ("CosineAnnealingLR", dict(T_max=10))], [5]),
    ("SequentialLR", [("ConstantLR", dict(factor=0.5, total_iters=3)),
                      ("ExponentialLR", dict(gamma=0.9)), ("StepLR", dict(step_size=4))], [4, 9]),
    ("ChainedScheduler", [("ConstantLR", dict(factor=0.5, total_iters=3)),
                          ("ExponentialLR", dict(gamma=0.9))]),
    # chaining by hand: the recursive CosineAnnealingLR is *not* the closed form here
    ("pair", [("CosineAnnealingLR", dict(T_max=10)), ("ExponentialLR", dict(gamma=0.9))]),
    ("pair", [("StepLR", dict(step_size=3)), ("MultiplicativeLR", dict(lr_lambda=lambda t: 0.9))]),
]


def _values(opt):
    return [(g["lr"], g.get("momentum"), g.get("betas")) for g in opt.param_groups]


def _step(scheds):
    for s in scheds if isinstance(scheds, list) else [scheds]:
        s.step()


def _assert_close(ours, theirs):
    for (lr, m, b), (tlr, tm, tb) in zip(ours, theirs):
        assert lr == pytest.approx(float(tlr), rel=1e-12, abs=1e-15)
        if tm is not None:
            assert m == pytest.approx(float(tm), rel=1e-12, abs=1e-15)
        if tb is not None:
            assert b[0] == pytest.approx(float(tb[0]), rel=1e-12)


@pytest.mark.parametrize("spec", SPECS, ids=[f"{s[0]}-{i}" for i, s in enumerate(SPECS)])
def test_schedule_matches_pytorch(spec):
    opt, topt = _optimizers()
    ours, theirs = _build(spec, opt, lr_scheduler), _build(spec, topt, TL)
    _assert_close(_values(opt), _values(topt))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(STEPS):
            opt.step()
            topt.step()
            _step(ours)
            _step(theirs)
            _assert_close(_values(opt), _values(topt))
            if not isinstance(ours, list):
                assert ours.get_last_lr() == pytest.approx(theirs.get_last_lr(), rel=1e-12)


@pytest.mark.parametrize("opt_name,kwargs", [("Adam", dict(lr=0.1)),
                                             ("SGD", dict(lr=0.1, momentum=0.5))])
@pytest.mark.filterwarnings("ignore::UserWarning")
def test_momentum_cycling_on_betas_and_momentum(opt_name, kwargs):
    opt, topt = _optimizers(opt_name, **kwargs)
    for make in [lambda o, m: m.OneCycleLR(o, max_lr=0.3, total_steps=30),
                 lambda o, m: m.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=5)]:
        ours, theirs = make(opt, lr_scheduler), make(topt, TL)
        for _ in range(25):
            ours.step()
            theirs.step()
            _assert_close(_values(opt), _values(topt))


@pytest.mark.parametrize("kwargs", [dict(), dict(mode="max", factor=0.5, patience=2, cooldown=2),
                                    dict(threshold_mode="abs", threshold=0.05, patience=1,
                                         min_lr=[0.03, 0.001]),
                                    dict(mode="max", threshold_mode="abs", patience=0, eps=0.05)])
def test_reduce_lr_on_plateau_matches_pytorch(kwargs):
    opt, topt = _optimizers()
    ours = lr_scheduler.ReduceLROnPlateau(opt, **kwargs)
    theirs = TL.ReduceLROnPlateau(topt, **kwargs)
    metrics = [1.0, 0.9, 0.95, 0.9, 0.91, 0.92, 0.89, 0.9, 0.9, 0.9, 0.95, 1.1, 1.2, 0.5] * 3
    for m in metrics:
        ours.step(m)
        theirs.step(m)
        _assert_close(_values(opt), _values(topt))
        assert ours.get_last_lr() == pytest.approx(theirs.get_last_lr())
        assert ours.num_bad_epochs == theirs.num_bad_epochs


@pytest.mark.parametrize("spec", [SPECS[i] for i in (2, 11, 14, 15, 19, 22, 24)],
                         ids=lambda s: s[0])
def test_state_dict_resume(spec):
    opt, _ = _optimizers()
    sched = _build(spec, opt, lr_scheduler)
    for _ in range(7):
        sched.step()
    saved_sched, saved_opt = copy.deepcopy(sched.state_dict()), copy.deepcopy(opt.state_dict())
    expected = []
    for _ in range(10):
        sched.step()
        expected.append(_values(opt))
    opt2, _ = _optimizers()
    sched2 = _build(spec, opt2, lr_scheduler)
    opt2.load_state_dict(saved_opt)
    sched2.load_state_dict(saved_sched)
    for values in expected:
        sched2.step()
        assert _values(opt2) == values


def test_inverse_time_decay():
    """η_t = η₀/(1 + k t): the lectures' 1/t decay (reference §12: 0.1, 0.0909..., 0.0833...)."""
    w = mg.zeros(1, requires_grad=True)
    opt = optim.SGD([w], lr=0.1)
    sched = lr_scheduler.InverseTimeLR(opt, decay_rate=0.1)
    lrs = [opt.param_groups[0]["lr"]]
    for _ in range(30):
        sched.step()
        lrs.append(opt.param_groups[0]["lr"])
    assert lrs == pytest.approx([0.1 / (1 + 0.1 * t) for t in range(31)], rel=1e-12)
    assert lrs[1:3] == pytest.approx([0.09090909091, 0.08333333333])


def test_every_scheduler_class_lives_in_lr_scheduler_as_in_pytorch():
    """d2l tells a PyTorch scheduler from its own by ``s.__module__ == lr_scheduler.__name__``."""
    names = [n for n in dir(TL) if isinstance(getattr(TL, n), type)
             and getattr(TL, n).__module__ == TL.__name__ and not n.startswith("_")]
    assert "MultiStepLR" in names and "LRScheduler" in names
    for name in names:
        assert getattr(lr_scheduler, name).__module__ == lr_scheduler.__name__, name
    opt = optim.SGD([mg.zeros(1, requires_grad=True)], lr=0.5)
    assert lr_scheduler.MultiStepLR(opt, [15, 30]).__module__ == lr_scheduler.__name__
    assert repr(lr_scheduler.StepLR).replace("minigrad.", "") == \
        repr(TL.StepLR).replace("torch.", "")


def _order_warnings(lib, module, spec, scheduler_first):
    opt = _optimizers()[0 if lib is mg else 1]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sched = _build(spec, opt, module)
        for _ in range(3):
            if not scheduler_first:
                opt.step()
            _step(sched)
            if scheduler_first:
                opt.step()
    return [str(w.message) for w in caught]


@pytest.mark.parametrize("spec", SPECS, ids=[f"{s[0]}-{i}" for i, s in enumerate(SPECS)])
def test_scheduler_step_before_optimizer_step_warns_as_pytorch(spec):
    """PyTorch warns once when the first scheduler.step() comes before any optimizer.step()."""
    for scheduler_first in (False, True):
        ours = _order_warnings(mg, lr_scheduler, spec, scheduler_first)
        assert ours == _order_warnings(torch, TL, spec, scheduler_first)
        assert bool(ours) == scheduler_first or spec[0] == "CosineAnnealingWarmRestarts"
