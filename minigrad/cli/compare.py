"""minigrad compare: race optimizers on one model, one data set, one init, one seed.

Every optimizer starts from the same initial weights and sees the batches in
the same order; each uses a typical learning rate for it (or --lr for all).
Prints a table (final train loss, validation and test accuracy, time) and saves
one plot of all the curves (DIR/compare.png) and the table (DIR/compare.csv).

example:
  minigrad compare --optimizers sgd,momentum,nesterov,adagrad,rmsprop,adam,adamw
"""
import argparse
import csv
import os
import time

from . import UsageError
from . import _common as C

DEFAULT = "sgd,momentum,nesterov,adagrad,rmsprop,adam,adamw"


def add_parser(subparsers):
    p = subparsers.add_parser("compare", help="race optimizers on the same model and data",
                              description=__doc__,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--optimizers", default=DEFAULT, metavar="NAMES",
                   help=f"comma separated (default {DEFAULT})")
    C.add_data_args(p)
    C.add_model_args(p)
    C.add_optim_args(p, several=True)
    p.add_argument("--out", default="minigrad_compare", metavar="DIR",
                   help="where compare.png and compare.csv go (default minigrad_compare)")
    p.set_defaults(func=run)


def run(args):
    import minigrad as mg
    from .. import nn
    from ..training import PlotUnavailable, evaluate, fit, plot_histories
    names = [n.strip() for n in args.optimizers.split(",") if n.strip()]
    if not names:
        raise UsageError("--optimizers: give at least one name")
    if args.epochs < 1:
        raise UsageError(f"--epochs must be >= 1, got {args.epochs}")
    for name in names:                              # fail before any work
        C.build_optimizer(name, [mg.zeros(1, requires_grad=True)], args, strict=False)
    mg.manual_seed(args.seed)
    _, (train, val, test), model, device = C.prepare(args)
    initial = {k: v.detach().clone() for k, v in model.state_dict().items()}
    loss_fn = nn.CrossEntropyLoss()
    print(f"{args.dataset}: {len(train.dataset)} train, {len(test.dataset)} test samples; "
          f"{args.epochs} epochs, batch {args.batch_size}, seed {args.seed}, on {device}")
    header = f"{'optimizer':<12} {'lr':>8} {'train loss':>11} {'val acc':>8} {'test acc':>9} " \
             f"{'time':>7}"
    print(header + "\n" + "-" * len(header), flush=True)
    histories, rows = {}, []
    for name in names:
        mg.manual_seed(args.seed)                 # the same shuffles and dropout masks
        model.load_state_dict(initial)
        optimizer = C.build_optimizer(name, model.parameters(), args, strict=False)
        scheduler = C.build_scheduler(optimizer, args)
        started = time.perf_counter()
        history = fit(model, loss_fn, optimizer, train, val, args.epochs, scheduler=scheduler,
                      device=device, progress=False, verbose=False)
        seconds = time.perf_counter() - started
        result = evaluate(model, loss_fn, test, device=device)
        row = {"optimizer": name, "lr": optimizer.defaults["lr"],
               "train_loss": history["train_loss"][-1],
               "val_accuracy": history["val_accuracy"][-1],
               "test_accuracy": result["accuracy"], "time": seconds}
        rows.append(row)
        histories[name] = history
        print(f"{name:<12} {row['lr']:>8.3g} {row['train_loss']:>11.4f} "
              f"{100 * row['val_accuracy']:>7.1f}% {100 * row['test_accuracy']:>8.1f}% "
              f"{seconds:>6.1f}s", flush=True)
    C.out_dir(args.out)
    table = os.path.join(args.out, "compare.csv")
    with open(table, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    written = [table]
    try:
        written.append(plot_histories(histories, os.path.join(args.out, "compare.png"),
                                      title=f"optimizers on {args.dataset}"))
    except PlotUnavailable as err:
        print(err)
    print("wrote " + ", ".join(written))
    return 0
