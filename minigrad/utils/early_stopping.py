"""Early stopping: stop training when a validation metric stops improving.

The standard rule (Goodfellow et al., Algorithm 7.1; Lightning's
``EarlyStopping``): after each validation,

    improved = metric < best − min_delta        (mode="min"; "max": metric > best + min_delta)
    if improved:  best ← metric, remember the weights, wait ← 0
    else:         wait ← wait + 1
    stop when wait ≥ patience, and (restore_best) load the remembered weights.

PyTorch itself has no early-stopping class.
"""
import math


class EarlyStopping:
    """``if stopper.step(val_loss, model): break`` once per epoch."""

    def __init__(self, patience=3, min_delta=0.0, mode="min", restore_best=True):
        if mode not in ("min", "max"):
            raise ValueError(f"mode must be 'min' or 'max', got {mode!r}")
        if patience < 0 or min_delta < 0:
            raise ValueError(f"patience and min_delta must be >= 0 "
                             f"(got {patience}, {min_delta})")
        self.patience, self.min_delta, self.mode = patience, min_delta, mode
        self.restore_best = restore_best
        self.best = math.inf if mode == "min" else -math.inf
        self.best_epoch = None
        self.best_state = None
        self.wait = 0
        self.epoch = -1
        self.stopped_epoch = None

    def improved(self, metric):
        if self.mode == "min":
            return metric < self.best - self.min_delta
        return metric > self.best + self.min_delta

    def step(self, metric, model=None):
        """Record this epoch's ``metric``; True when training should stop (and, with
        ``restore_best``, ``model`` then holds the best epoch's weights)."""
        metric = float(metric)
        self.epoch += 1
        if self.improved(metric):
            self.best, self.best_epoch, self.wait = metric, self.epoch, 0
            if model is not None and self.restore_best:
                self.best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
            return False
        self.wait += 1
        if self.wait < self.patience:
            return False
        self.stopped_epoch = self.epoch
        if model is not None and self.best_state is not None:
            model.load_state_dict(self.best_state)
        return True
