"""``fit``: the training loop every lecture writes, once, with the parts a real run needs.

For each epoch::

    model.train()
    for x, y in train_loader:                  one step
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
    evaluate on val_loader                     (model.eval(), no_grad)
    scheduler.step()                           (ReduceLROnPlateau: step(monitored value))
    history row; early stopping; checkpoint; callbacks

A tqdm bar per epoch shows the running loss and accuracy; it is off when
stderr is not a terminal or with ``progress=False`` (then ``verbose`` prints
one line per epoch). Ctrl-C (SIGINT) stops after the current step: the
unfinished epoch is dropped, the last checkpoint (written after the last
complete epoch) is kept, and ``history.stopped == "interrupted"``; a second
Ctrl-C interrupts at once. A ``KeyboardInterrupt`` raised in a callback stops
the run the same way.
"""
import contextlib
import signal
import sys
import threading
import time

from ..autograd.grad_mode import no_grad
from ..optim.lr_plateau import ReduceLROnPlateau
from .checkpoint import load_checkpoint, save_checkpoint
from .history import History


def accuracy(output, target):
    """The fraction of samples classified right: argmax over classes, or for one output
    per sample (binary, logits) ``output > 0``."""
    if output.ndim == 2 and output.shape[1] > 1:
        predicted = output.argmax(1)
    else:
        predicted = (output.reshape(-1) > 0).long()
        target = target.reshape(-1)
    return float((predicted == target.long()).float().mean())


METRICS = {"accuracy": accuracy}


class Callback:
    """Subclass and override what you need; each method gets the running :class:`Loop`.
    Set ``loop.stop_training = True`` to end the run after the current epoch."""

    def on_train_begin(self, loop): pass
    def on_epoch_begin(self, loop): pass
    def on_batch_end(self, loop): pass
    def on_epoch_end(self, loop): pass
    def on_train_end(self, loop): pass


class Loop:
    """What callbacks see: the objects being trained and where the run is.

    epoch: the epoch running (1-based); step: optimizer steps so far in the run;
    batch_loss: the last step's loss; logs: the last history row; history.
    """

    def __init__(self, **parts):
        self.__dict__.update(parts)
        self.epoch = self.step = 0
        self.batch_loss, self.logs, self.stop_training = None, {}, False


def _metric_functions(metrics):
    out = {}
    for m in metrics:
        if callable(m):
            out[getattr(m, "__name__", "metric")] = m
        elif m in METRICS:
            out[m] = METRICS[m]
        else:
            raise ValueError(f"unknown metric {m!r} (known: {sorted(METRICS)}, or pass a "
                             "function (output, target) -> float)")
    return out


def _to(batch, device):
    return batch if device is None else tuple(t.to(device) for t in batch)


def evaluate(model, loss_fn, loader, metrics=("accuracy",), device=None):
    """Mean loss and metrics over ``loader`` (weighted by batch size), in eval mode."""
    fns = _metric_functions(metrics)
    was_training = model.training
    model.eval()
    totals, count = dict.fromkeys(["loss", *fns], 0.0), 0
    with no_grad():
        for x, y in loader:
            x, y = _to((x, y), device)
            out, n = model(x), len(x)
            totals["loss"] += float(loss_fn(out, y)) * n
            for name, fn in fns.items():
                totals[name] += fn(out, y) * n
            count += n
    model.train(was_training)
    return {k: v / max(count, 1) for k, v in totals.items()}


class _Interrupt:
    """SIGINT sets ``requested``; the loop stops after the current step."""
    requested = False

    @contextlib.contextmanager
    def installed(self):
        if threading.current_thread() is not threading.main_thread():
            yield self
            return

        def handler(signum, frame):
            if self.requested:                 # a second Ctrl-C: stop now
                raise KeyboardInterrupt
            self.requested = True

        previous = signal.signal(signal.SIGINT, handler)
        try:
            yield self
        finally:                           # None: a handler not set from Python
            signal.signal(signal.SIGINT, signal.SIG_DFL if previous is None else previous)


def _call(callbacks, name, loop):
    for cb in callbacks:
        getattr(cb, name, lambda loop: None)(loop)


def _describe(row):
    parts = [f"epoch {row['epoch']}"]
    for key, value in row.items():
        if key in ("epoch", "time"):
            continue
        parts.append(f"{key} {100 * value:.2f}%" if "accuracy" in key else f"{key} {value:.4g}")
    return "  ".join(parts) + f"  ({row['time']:.2f}s)"


def _train_epoch(loop, loss_fn, loader, fns, device, bar, callbacks, interrupt):
    """One pass over ``loader``, one optimizer step per batch; returns the mean loss and
    metrics. Raises KeyboardInterrupt after the step during which Ctrl-C came."""
    model, optimizer = loop.model, loop.optimizer
    totals, count = dict.fromkeys(["loss", *fns], 0.0), 0
    for x, y in loader:
        x, y = _to((x, y), device)
        optimizer.zero_grad()
        out = model(x)
        loss = loss_fn(out, y)
        loss.backward()
        optimizer.step()
        n, loop.batch_loss = len(x), loss.item()
        loop.step += 1
        totals["loss"] += loop.batch_loss * n
        for name, fn in fns.items():
            totals[name] += fn(out.detach(), y) * n
        count += n
        bar.update(1)
        bar.set_postfix({k: f"{v / count:.4f}" for k, v in totals.items()}, refresh=False)
        _call(callbacks, "on_batch_end", loop)
        if interrupt.requested:
            raise KeyboardInterrupt
    return {k: v / max(count, 1) for k, v in totals.items()}


def fit(model, loss_fn, optimizer, train_loader, val_loader=None, epochs=10, *,
        metrics=("accuracy",), scheduler=None, callbacks=(), early_stopping=None,
        monitor="val_loss", checkpoint=None, resume=None, preprocessing=None, extra=None,
        device=None, progress=None, verbose=True):
    """Train ``model`` for ``epochs`` epochs; returns the :class:`History`.

    metrics: names (``"accuracy"``) or functions ``(output, target) -> float``.
    scheduler: stepped once per epoch. early_stopping: a
    :class:`~minigrad.utils.EarlyStopping` fed ``monitor`` (``"val_loss"``, or
    ``"train_loss"`` without a validation loader). checkpoint: a path written after
    every epoch (see :mod:`minigrad.training.checkpoint`; ``preprocessing`` and
    ``extra`` are stored in it too). resume: a checkpoint path to continue from.
    device: where batches go (the model is moved there). progress: tqdm bars (None:
    when stderr is a terminal).
    """
    from tqdm.auto import tqdm
    fns = _metric_functions(metrics)
    if device is not None:
        model.to(device)
    history, start = History(), 0
    if resume is not None:
        ckpt = load_checkpoint(resume, model, optimizer, scheduler, preprocessing,
                               early_stopping, (train_loader, val_loader))
        history, start = History(ckpt["history"]), ckpt["epoch"]
    if monitor == "val_loss" and val_loader is None:
        monitor = "train_loss"
    show = sys.stderr.isatty() if progress is None else progress
    loop = Loop(model=model, optimizer=optimizer, scheduler=scheduler, history=history)
    loop.step = start * len(train_loader)
    interrupt = _Interrupt()
    _call(callbacks, "on_train_begin", loop)
    with interrupt.installed():
        for epoch in range(start + 1, epochs + 1):
            loop.epoch, started = epoch, time.perf_counter()
            _call(callbacks, "on_epoch_begin", loop)
            model.train()
            bar = tqdm(total=len(train_loader), desc=f"epoch {epoch}/{epochs}", unit="batch",
                       disable=not show, leave=True, file=sys.stderr)
            try:
                means = _train_epoch(loop, loss_fn, train_loader, fns, device, bar, callbacks,
                                     interrupt)
            except KeyboardInterrupt:
                bar.close()
                history.stopped = "interrupted"
                break
            row = {"epoch": epoch, **{f"train_{k}": v for k, v in means.items()}}
            if val_loader is not None:
                row.update({f"val_{k}": v for k, v in
                            evaluate(model, loss_fn, val_loader, metrics, device).items()})
            row["lr"] = optimizer.param_groups[0]["lr"]
            if isinstance(scheduler, ReduceLROnPlateau):
                scheduler.step(row[monitor])
            elif scheduler is not None:
                scheduler.step()
            row["time"] = time.perf_counter() - started
            history.append(row)
            loop.logs = row
            bar.set_postfix({k.replace("train_", ""): f"{v:.4f}" for k, v in row.items()
                             if k.startswith(("train_", "val_"))})
            bar.close()
            if verbose and not show:
                print(_describe(row), flush=True)
            if early_stopping is not None and early_stopping.step(row[monitor], model):
                history.stopped = "early_stopping"
            _call(callbacks, "on_epoch_end", loop)
            if checkpoint is not None:
                save_checkpoint(checkpoint, epoch, model, optimizer, scheduler, preprocessing,
                                early_stopping, history, (train_loader, val_loader), extra)
            if history.stopped or loop.stop_training or interrupt.requested:
                history.stopped = history.stopped or (
                    "interrupted" if interrupt.requested else "callback")
                break
    history.stopped = history.stopped or "completed"
    _call(callbacks, "on_train_end", loop)
    return history
