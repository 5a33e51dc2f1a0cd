"""minigrad.training: the fit loop, history, early stopping, checkpoints, exact resume, Ctrl-C."""
import importlib
import os
import signal
import warnings

import numpy as np
import pytest

import minigrad as mg
from minigrad import nn, optim
from minigrad.datasets import blobs, curve, stack_samples
from minigrad.optim import lr_scheduler
from minigrad.preprocessing import Standardize
from minigrad.training import (Callback, History, PlotUnavailable, evaluate, fit,
                               plot_histories, read_checkpoint)
from minigrad.utils import EarlyStopping
from minigrad.utils.data import DataLoader


def setup(seed=0, dropout=0.2, generator=None, lr=0.05):
    """A small, fully seeded problem: model, loss, optimizer, scheduler, loaders."""
    mg.manual_seed(seed)
    train, val = blobs(n=96, centers=3, features=4, std=3.0, seed=1).split(0.25, seed=0)
    model = nn.Sequential(nn.Linear(4, 16), nn.Tanh(), nn.Dropout(dropout), nn.Linear(16, 3))
    opt = optim.Adam(model.parameters(), lr=lr)
    sched = lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
    loaders = (DataLoader(train, 8, shuffle=True, generator=generator, collate_fn=stack_samples),
               DataLoader(val, 32, collate_fn=stack_samples))
    return model, nn.CrossEntropyLoss(), opt, sched, loaders


def state(model):
    return {k: v.numpy().copy() for k, v in model.state_dict().items()}


def test_fit_learns_and_records_a_history(tmp_path, capsys):
    model, loss_fn, opt, sched, (train, val) = setup()
    history = fit(model, loss_fn, opt, train, val, epochs=4, scheduler=sched, progress=False)
    assert history.stopped == "completed" and len(history) == 4
    assert history["epoch"] == [1, 2, 3, 4] and history["lr"] == [0.05, 0.05, 0.025, 0.025]
    assert history["train_loss"][-1] < history["train_loss"][0]
    assert history["val_accuracy"][-1] > 0.8
    assert evaluate(model, loss_fn, val)["loss"] == pytest.approx(history["val_loss"][-1])
    out = capsys.readouterr()
    assert out.out.count("epoch ") == 4 and out.err == ""        # no bar, one line per epoch
    history.to_csv(tmp_path / "h.csv")
    back = History.from_csv(tmp_path / "h.csv")
    assert back["train_loss"] == pytest.approx(history["train_loss"], rel=1e-12)
    assert History.from_json(history.to_json()).rows == history.rows
    assert "val_accuracy" in history.table().splitlines()[0] and len(history.table().splitlines()) == 5
    assert history.best("val_loss") in history.rows


def test_fit_warns_nothing(monkeypatch):
    """The loop reads the loss with item() (float() of a tensor that requires grad warns, as in
    PyTorch) and steps the scheduler after the optimizer."""
    monkeypatch.setitem(importlib.import_module("minigrad.tensor")._warned_once, "float", False)
    model, loss_fn, opt, sched, (train, val) = setup()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fit(model, loss_fn, opt, train, val, epochs=2, scheduler=sched, progress=False)


def test_progress_bars_go_to_stderr(capsys):
    model, loss_fn, opt, _, (train, val) = setup()
    fit(model, loss_fn, opt, train, val, epochs=2, progress=True)
    err = capsys.readouterr().err
    assert "epoch 1/2" in err and "epoch 2/2" in err and "loss=" in err


def test_metrics_and_callbacks_see_the_run():
    seen = []

    class Recorder(Callback):
        def on_batch_end(self, loop):
            seen.append((loop.epoch, loop.step))

        def on_epoch_end(self, loop):
            loop.stop_training = loop.epoch == 2

    model, loss_fn, opt, _, (train, val) = setup()

    def top2(out, y):
        return float(np.mean([t in row for row, t in zip(out.numpy().argsort(1)[:, -2:],
                                                          y.numpy())]))
    history = fit(model, loss_fn, opt, train, val, epochs=5, metrics=["accuracy", top2],
                  callbacks=[Recorder()], progress=False, verbose=False)
    assert history.stopped == "callback" and len(history) == 2
    assert seen[-1] == (2, 2 * len(train)) and "val_top2" in history.keys()
    assert all(a >= b for a, b in zip(history["val_top2"], history["val_accuracy"]))
    with pytest.raises(ValueError, match="unknown metric 'f1'"):
        fit(model, loss_fn, opt, train, val, epochs=1, metrics=["f1"])


def test_early_stopping_restores_the_best_weights(tmp_path):
    model, loss_fn, opt, _, (train, val) = setup(dropout=0.0, lr=0.01)
    # descend for three epochs, then ascend: the validation loss gets worse after that
    sched = lr_scheduler.LambdaLR(opt, lambda epoch: 1.0 if epoch < 3 else -1.0)
    snapshots = []

    class Snapshot(Callback):           # the weights at the end of each epoch's steps
        def on_epoch_begin(self, loop):
            snapshots.append(None)

        def on_batch_end(self, loop):
            snapshots[-1] = state(loop.model)
    stopper = EarlyStopping(patience=2)
    history = fit(model, loss_fn, opt, train, val, epochs=10, scheduler=sched,
                  early_stopping=stopper, callbacks=[Snapshot()], progress=False, verbose=False)
    losses = history["val_loss"]
    best = int(np.argmin(losses))
    assert history.stopped == "early_stopping" and len(history) == best + 3 < 10
    assert stopper.best_epoch == best and losses[-1] > losses[best]
    assert all(np.array_equal(v, snapshots[best][k]) for k, v in state(model).items())
    assert not all(np.array_equal(v, snapshots[-1][k]) for k, v in state(model).items())
    assert evaluate(model, loss_fn, val)["loss"] == losses[best]


@pytest.mark.parametrize("own_generator", [False, True])
def test_resume_continues_the_identical_run(tmp_path, own_generator):
    gen = (lambda: np.random.default_rng(7)) if own_generator else (lambda: None)
    pre = Standardize().fit(np.arange(12.0).reshape(3, 4))

    model, loss_fn, opt, sched, (train, val) = setup(generator=gen())
    straight = fit(model, loss_fn, opt, train, val, epochs=5, scheduler=sched,
                   early_stopping=EarlyStopping(patience=9), progress=False, verbose=False)
    expected = state(model)

    path = tmp_path / "ckpt.safetensors"
    model, loss_fn, opt, sched, (train, val) = setup(generator=gen())
    fit(model, loss_fn, opt, train, val, epochs=2, scheduler=sched, checkpoint=path,
        early_stopping=EarlyStopping(patience=9), preprocessing=pre, extra={"note": "x"},
        progress=False, verbose=False)
    mg.manual_seed(999)                     # anything drawn in between must not matter
    other = np.random.default_rng(1) if own_generator else None      # its state is restored
    model, loss_fn, opt, sched, (train, val) = setup(seed=5, generator=other)
    restored_pre = Standardize()
    resumed = fit(model, loss_fn, opt, train, val, epochs=5, scheduler=sched, resume=path,
                  early_stopping=EarlyStopping(patience=9), preprocessing=restored_pre,
                  progress=False, verbose=False)

    assert [r["epoch"] for r in resumed] == [1, 2, 3, 4, 5]
    for key in ("train_loss", "train_accuracy", "val_loss", "lr"):
        assert resumed[key] == straight[key], key          # bit for bit
    assert all(np.array_equal(v, expected[k]) for k, v in state(model).items())
    assert np.array_equal(restored_pre.mean, pre.mean)
    assert read_checkpoint(path)["extra"] == {"note": "x"}


def test_ctrl_c_from_a_callback_keeps_the_last_checkpoint(tmp_path):
    path = tmp_path / "ckpt.safetensors"

    class Interrupt(Callback):
        def on_batch_end(self, loop):
            if loop.epoch == 3 and loop.step == 2 * len(train) + 2:
                self.saved = path.read_bytes()
                raise KeyboardInterrupt
    model, loss_fn, opt, sched, (train, val) = setup()
    cb = Interrupt()
    history = fit(model, loss_fn, opt, train, val, epochs=5, checkpoint=path, callbacks=[cb],
                  progress=False, verbose=False)
    assert history.stopped == "interrupted" and len(history) == 2
    assert path.read_bytes() == cb.saved and read_checkpoint(path)["epoch"] == 2


def test_sigint_stops_after_the_current_step(tmp_path):
    path = tmp_path / "ckpt.safetensors"
    steps = []

    class SendSigint(Callback):
        def on_batch_end(self, loop):
            steps.append(loop.step)
            if loop.epoch == 2 and len(steps) == len(train) + 3:
                os.kill(os.getpid(), signal.SIGINT)
    model, loss_fn, opt, sched, (train, val) = setup()
    before = signal.getsignal(signal.SIGINT)
    history = fit(model, loss_fn, opt, train, val, epochs=5, checkpoint=path,
                  callbacks=[SendSigint()], progress=False, verbose=False)
    assert history.stopped == "interrupted" and len(history) == 1
    assert steps[-1] == len(train) + 3                   # no step after the signal
    assert read_checkpoint(path)["epoch"] == 1
    assert signal.getsignal(signal.SIGINT) is before     # the handler is put back


def test_read_checkpoint_refuses_other_files(tmp_path):
    mg.save({"w": mg.ones(2)}, tmp_path / "weights.safetensors")
    with pytest.raises(ValueError, match="not a training checkpoint"):
        read_checkpoint(tmp_path / "weights.safetensors")
    (tmp_path / "junk").write_bytes(b"nonsense")
    with pytest.raises(ValueError, match="cannot read checkpoint"):
        read_checkpoint(tmp_path / "junk")


def test_plots_need_matplotlib(tmp_path, monkeypatch):
    history = History([{"epoch": 1, "train_loss": 1.0, "train_accuracy": 0.5, "val_loss": 1.2},
                       {"epoch": 2, "train_loss": 0.5, "train_accuracy": 0.8, "val_loss": 0.9}])
    pytest.importorskip("matplotlib")
    path = plot_histories({"a": history, "b": history}, tmp_path / "c.png", title="t")
    assert open(path, "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    monkeypatch.setitem(__import__("sys").modules, "matplotlib", None)
    with pytest.raises(PlotUnavailable, match=r"pip install 'minigrad\[plot\]'"):
        plot_histories(history, tmp_path / "d.png")


def test_regression_without_metrics():
    mg.manual_seed(0)
    train, val = curve(n=120, noise=0.05, seed=0).split(0.25)
    model = nn.Sequential(nn.Linear(1, 32), nn.Tanh(), nn.Linear(32, 1))
    history = fit(model, nn.MSELoss(), optim.Adam(model.parameters(), lr=0.1),
                  DataLoader(train, 8, shuffle=True), DataLoader(val, 64), epochs=30,
                  metrics=(), progress=False, verbose=False)
    assert history.keys() == ["epoch", "train_loss", "val_loss", "lr", "time"]
    assert history["val_loss"][-1] < 0.4 * history["val_loss"][0]
