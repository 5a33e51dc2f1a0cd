"""PyTorch's ``torch.optim.swa_utils``: ``SWALR`` here; ``AveragedModel``, ``update_bn`` and
the averaging functions live beside the modules they average (``minigrad/nn/utils/averaging.py``)
and are re-exported so that the PyTorch import path works. This file is the only one in
``optim/`` that imports from ``nn/``: the optimizers themselves work on parameters.
"""
import math

from ..nn.utils.averaging import (AveragedModel, get_ema_avg_fn, get_ema_multi_avg_fn,
                                  get_swa_avg_fn, get_swa_multi_avg_fn, update_bn)
from .lr_base import LRScheduler, per_group

__all__ = ["AveragedModel", "SWALR", "get_ema_avg_fn", "get_ema_multi_avg_fn", "get_swa_avg_fn",
           "get_swa_multi_avg_fn", "update_bn"]


class SWALR(LRScheduler):
    r"""Anneal each group's lr to ``swa_lr`` in ``anneal_epochs`` steps, then hold it (SWA).

    With α_t = t/T ("linear") or (1 − cos(πt/T))/2 ("cos"), t = min(step, T):
    η_t = α_t·swa_lr + (1 − α_t)·η_start, where η_start is recovered from the
    current lr (chainable, as PyTorch).
    """

    def __init__(self, optimizer, swa_lr, anneal_epochs=10, anneal_strategy="cos",
                 last_epoch=-1):
        for lr, group in zip(per_group("swa_lr", optimizer, swa_lr), optimizer.param_groups):
            group["swa_lr"] = lr
        if anneal_strategy not in ("cos", "linear"):
            raise ValueError(f"anneal_strategy must be one of 'cos' or 'linear', "
                             f"instead got {anneal_strategy}")
        if not isinstance(anneal_epochs, int) or anneal_epochs < 0:
            raise ValueError(f"anneal_epochs must be equal or greater than 0, "
                             f"got {anneal_epochs}")
        self.anneal_strategy, self.anneal_epochs = anneal_strategy, anneal_epochs
        super().__init__(optimizer, last_epoch)

    def anneal(self, t):
        return t if self.anneal_strategy == "linear" else (1 - math.cos(math.pi * t)) / 2

    def get_lr(self):
        step = self._step_count - 1
        if self.anneal_epochs == 0:
            step = max(1, step)
        span = max(1, self.anneal_epochs)
        prev_alpha = self.anneal(max(0, min(1, (step - 1) / span)))
        alpha = self.anneal(max(0, min(1, step / span)))
        lrs = []
        for group in self.optimizer.param_groups:
            start = group["swa_lr"] if prev_alpha == 1 else \
                (group["lr"] - prev_alpha * group["swa_lr"]) / (1 - prev_alpha)
            lrs.append(group["swa_lr"] * alpha + start * (1 - alpha))
        return lrs
