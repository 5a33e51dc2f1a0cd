"""EarlyStopping: the reference example (references/optimizers.md §13) and the options."""
import numpy as np
import pytest

import minigrad as mg
import minigrad.nn as nn
from minigrad.utils import EarlyStopping


def _model_at(model, value):
    with mg.no_grad():
        for p in model.parameters():
            p.fill_(value)


def test_reference_example_stops_at_epoch_5_and_restores_epoch_3():
    model = nn.Linear(2, 1)
    stopper = EarlyStopping(patience=2, min_delta=0.0)
    val = [1.0, 0.8, 0.81, 0.79, 0.80, 0.82, 0.83]
    stopped = None
    for epoch, v in enumerate(val):
        _model_at(model, float(epoch))          # weights that say which epoch they are from
        if stopper.step(v, model):
            stopped = epoch
            break
    assert stopped == 5 and stopper.stopped_epoch == 5
    assert stopper.best_epoch == 3 and stopper.best == 0.79
    assert all(np.all(p.detach().numpy() == 3.0) for p in model.parameters())


def test_min_delta_and_max_mode():
    stopper = EarlyStopping(patience=1, min_delta=0.1, mode="max")
    assert not stopper.step(0.5)
    assert stopper.step(0.55)                   # not better by more than min_delta
    assert stopper.best == 0.5


def test_restore_best_false_leaves_the_weights():
    model = nn.Linear(1, 1)
    stopper = EarlyStopping(patience=1, restore_best=False)
    _model_at(model, 1.0)
    stopper.step(1.0, model)
    _model_at(model, 2.0)
    assert stopper.step(2.0, model)
    assert all(np.all(p.detach().numpy() == 2.0) for p in model.parameters())


def test_invalid_mode():
    with pytest.raises(ValueError, match="mode"):
        EarlyStopping(mode="lowest")
