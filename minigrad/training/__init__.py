"""``minigrad.training``: a fit loop with progress bars, history, checkpoints and plots.

    history = fit(model, loss_fn, optimizer, train_loader, val_loader, epochs=10,
                  scheduler=..., early_stopping=EarlyStopping(patience=3),
                  checkpoint="run/checkpoint.safetensors")
    history.to_csv("run/history.csv"); plot_histories(history, "run/curves.png")

See docs/cli.md for a walk through it.
"""
from .checkpoint import get_rng_state, load_checkpoint, read_checkpoint, save_checkpoint, \
    set_rng_state
from .history import History
from .loop import METRICS, Callback, Loop, accuracy, evaluate, fit
from .plot import PlotUnavailable, plot_histories

__all__ = ["fit", "evaluate", "accuracy", "METRICS", "Callback", "Loop", "History",
           "save_checkpoint", "load_checkpoint", "read_checkpoint", "get_rng_state",
           "set_rng_state", "plot_histories", "PlotUnavailable"]
