"""Learning-rate schedules (PyTorch's ``torch.optim.lr_scheduler``), plus the lectures' 1/t decay.

Call ``scheduler.step()`` after ``optimizer.step()``, once per epoch (or per
batch for OneCycleLR/CyclicLR). The schedules themselves live in
:mod:`.lr_base` (multiplicative ones and the cosine), :mod:`.lr_cyclic` and
:mod:`.lr_plateau`; this module adds the two that combine schedulers.
"""
from bisect import bisect_right

from .lr_base import (ConstantLR, CosineAnnealingLR, ExponentialLR, InverseTimeLR, LambdaLR,
                      LinearLR, LRScheduler, MultiplicativeLR, MultiStepLR, PolynomialLR, StepLR)
from .lr_cyclic import CosineAnnealingWarmRestarts, CyclicLR, OneCycleLR
from .lr_plateau import ReduceLROnPlateau

__all__ = ["LRScheduler", "LambdaLR", "MultiplicativeLR", "StepLR", "MultiStepLR", "ConstantLR",
           "LinearLR", "ExponentialLR", "InverseTimeLR", "PolynomialLR", "CosineAnnealingLR",
           "CosineAnnealingWarmRestarts", "OneCycleLR", "CyclicLR", "ReduceLROnPlateau",
           "SequentialLR", "ChainedScheduler"]

for _cls in (LRScheduler, LambdaLR, MultiplicativeLR, StepLR, MultiStepLR, ConstantLR, LinearLR,
             ExponentialLR, InverseTimeLR, PolynomialLR, CosineAnnealingLR,
             CosineAnnealingWarmRestarts, OneCycleLR, CyclicLR, ReduceLROnPlateau):
    _cls.__module__ = __name__   # as PyTorch's, whose schedulers all live in lr_scheduler: d2l
                                 # tells one by `scheduler.__module__ == lr_scheduler.__name__`


def _check_members(cls, optimizer, schedulers):
    if not schedulers:
        raise ValueError(f"{cls.__name__} expects at least one scheduler")
    for i, scheduler in enumerate(schedulers):
        if isinstance(scheduler, ReduceLROnPlateau):
            raise ValueError(f"{cls.__name__} does not support `ReduceLROnPlateau` (index {i}): "
                             f"its step needs the metric")
        if scheduler.optimizer is not optimizer:
            raise ValueError(f"{cls.__name__} expects all schedulers to belong to the same "
                             f"optimizer, but scheduler {i} ({type(scheduler).__name__}) does not")


def _undo_initial_steps(scheduler):
    """Take back the constructor's step of every (nested) member scheduler."""
    if hasattr(scheduler, "_schedulers"):
        for member in scheduler._schedulers:
            _undo_initial_steps(member)
    else:
        scheduler.last_epoch -= 1


class _Combined(LRScheduler):
    def state_dict(self):
        state = {k: v for k, v in self.__dict__.items() if k not in ("optimizer", "_schedulers")}
        state["_schedulers"] = [s.state_dict() for s in self._schedulers]
        return state

    def load_state_dict(self, state_dict):
        state_dict = dict(state_dict)
        saved = state_dict.pop("_schedulers")
        self.__dict__.update(state_dict)
        for scheduler, s in zip(self._schedulers, saved):
            scheduler.load_state_dict(s)


class SequentialLR(_Combined):
    """Run ``schedulers[i]`` between ``milestones[i−1]`` and ``milestones[i]``; at each
    milestone the next one restarts from its epoch 0 (closed form where it has one)."""

    def __init__(self, optimizer, schedulers, milestones, last_epoch=-1):
        _check_members(type(self), optimizer, schedulers)
        if len(milestones) != len(schedulers) - 1:
            raise ValueError(f"Sequential Schedulers expects number of schedulers provided to be "
                             f"one more than the number of milestone points, but got "
                             f"{len(schedulers)} schedulers and {len(milestones)} milestones")
        self._schedulers, self._milestones = list(schedulers), list(milestones)
        self.last_epoch = last_epoch + 1
        self.optimizer = optimizer
        for group in optimizer.param_groups:          # undo what the constructors did
            group["lr"] = group["initial_lr"]
        _undo_initial_steps(self)
        first = self._schedulers[bisect_right(self._milestones, 0)]
        first._initial_step()
        self._last_lr = first.get_last_lr()

    def step(self):
        self.last_epoch += 1
        idx = bisect_right(self._milestones, self.last_epoch)
        scheduler = self._schedulers[idx]
        if idx > 0 and self._milestones[idx - 1] == self.last_epoch:
            scheduler._update_lr(0)
        else:
            scheduler.step()
        self._last_lr = scheduler.get_last_lr()


class ChainedScheduler(_Combined):
    """Step every scheduler in turn at each ``step()``: their factors multiply."""

    def __init__(self, schedulers, optimizer=None):
        optimizer = optimizer or schedulers[0].optimizer
        _check_members(type(self), optimizer, schedulers)
        self._schedulers, self.optimizer = list(schedulers), optimizer
        self._last_lr = [g["lr"] for g in optimizer.param_groups]

    def step(self):
        for scheduler in self._schedulers:
            scheduler.step()
        self._last_lr = [g["lr"] for g in self.optimizer.param_groups]
