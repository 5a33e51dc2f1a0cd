"""Schedules on the reference problem (references/optimizers.md §12) and scheduler basics."""
import math

import numpy as np
import pytest

from minigrad import optim
from minigrad.optim import lr_scheduler
from tests.optim.problems import f, start
from tests.helpers import to_numpy


def _sgd_with(make_scheduler, steps=3):
    w = start()
    opt = optim.SGD([w], lr=0.1)
    sched = make_scheduler(opt)
    lrs, out = [], []
    for _ in range(steps):
        lrs.append(opt.param_groups[0]["lr"])
        opt.zero_grad()
        f(w).backward()
        opt.step()
        sched.step()
        out.append(to_numpy(w).copy())
    return lrs, np.array(out)


@pytest.mark.parametrize("make,lrs,expected", [
    (lambda o: lr_scheduler.StepLR(o, step_size=2, gamma=0.1), [0.1, 0.1, 0.01],
     [[0.9, 0], [0.81, 0], [0.8019, 0]]),
    (lambda o: lr_scheduler.ExponentialLR(o, gamma=math.exp(-0.1)),
     [0.1, 0.0904837418, 0.08187307531], [[0.9, 0], [0.8185646324, 0], [0.7515462286, 0]]),
    (lambda o: lr_scheduler.LambdaLR(o, lambda t: 1 / (1 + 0.1 * t)),
     [0.1, 0.09090909091, 0.08333333333], [[0.9, 0], [0.8181818182, 0], [0.75, 0]]),
    (lambda o: lr_scheduler.InverseTimeLR(o, decay_rate=0.1),
     [0.1, 0.09090909091, 0.08333333333], [[0.9, 0], [0.8181818182, 0], [0.75, 0]]),
    (lambda o: lr_scheduler.CosineAnnealingWarmRestarts(o, T_0=2), [0.1, 0.05, 0.1],
     [[0.9, 0], [0.855, 0], [0.7695, 0]])])
def test_reference_schedules(make, lrs, expected):
    got_lrs, got = _sgd_with(make)
    assert got_lrs == pytest.approx(lrs, rel=1e-9)
    np.testing.assert_allclose(got, expected, rtol=2e-9, atol=1e-13)


def test_constructor_step_and_base_lrs():
    w = start()
    opt = optim.SGD([{"params": [w], "lr": 0.2}], lr=0.1)
    sched = lr_scheduler.LinearLR(opt, start_factor=0.5, total_iters=2)
    assert sched.last_epoch == 0 and sched.base_lrs == [0.2]
    assert sched.get_last_lr() == [0.1] and opt.param_groups[0]["initial_lr"] == 0.2
    with pytest.raises(TypeError, match="not an Optimizer"):
        lr_scheduler.StepLR(object(), 2)
    with pytest.raises(KeyError, match="initial_lr"):
        lr_scheduler.StepLR(optim.SGD([start()], lr=0.1), 2, last_epoch=3)


def test_cosine_alone_equals_the_closed_form():
    w = start()
    opt = optim.SGD([w], lr=0.1)
    sched = lr_scheduler.CosineAnnealingLR(opt, T_max=10, eta_min=0.001)
    for t in range(1, 25):
        sched.step()
        closed = 0.001 + (0.1 - 0.001) * (1 + math.cos(math.pi * t / 10)) / 2
        assert opt.param_groups[0]["lr"] == pytest.approx(closed, rel=1e-9, abs=1e-15)
