"""minigrad train: train an MLP, by default on the bundled UCI digits.

Defaults: the 1,797 digits (80% train, of which 10% validation; 20% test),
standardized, a 64-128-10 ReLU MLP, Adam (lr 1e-3), batch 32, 10 epochs, CPU.
Each epoch shows a progress bar (when stderr is a terminal); --out DIR gets
checkpoint.safetensors (after every epoch), history.csv and curves.png; the
last line is the test accuracy. Ctrl-C stops after the current step and keeps
the last checkpoint; --resume continues it exactly.

examples:
  minigrad train --optimizer sgd --momentum 0.9 --nesterov --lr 0.05
  minigrad train --batchnorm --dropout 0.3 --init kaiming --schedule cosine
  minigrad train --dataset ~/data/fashion-mnist --hidden 256,128 --epochs 5
"""
import argparse
import os

from . import UsageError
from . import _common as C

RUN_OPTIONS = ("epochs", "device", "out", "resume", "progress", "func", "command")


def add_parser(subparsers):
    p = subparsers.add_parser("train", help="train an MLP (default: the bundled digits)",
                              description=__doc__,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    C.add_data_args(p)
    C.add_model_args(p)
    C.add_optim_args(p)
    g = p.add_argument_group("run")
    g.add_argument("--patience", type=int, help="early stopping: stop when the validation loss "
                   "has not improved for this many epochs, and keep the best weights")
    g.add_argument("--out", default="minigrad_run", metavar="DIR",
                   help="where the checkpoint, history.csv and curves.png go (default "
                        "minigrad_run)")
    g.add_argument("--resume", nargs="?", const="", metavar="CHECKPOINT",
                   help="continue the run in CHECKPOINT (default DIR/checkpoint.safetensors) up "
                        "to --epochs, with the options it was started with")
    g.add_argument("--no-progress", dest="progress", action="store_false", default=None,
                   help="no progress bars (they are off anyway when stderr is not a terminal)")
    p.set_defaults(func=run)


def _resume(args):
    """Read the checkpoint to resume and take the run's options from it."""
    from ..training import read_checkpoint
    path = args.resume or os.path.join(args.out, "checkpoint.safetensors")
    if not os.path.isfile(path):
        raise UsageError(f"--resume: no checkpoint at {path}")
    try:
        ckpt = read_checkpoint(path)
    except ValueError as err:
        raise UsageError(str(err)) from None
    if not isinstance(ckpt["extra"], dict) or "hidden" not in ckpt["extra"]:
        raise UsageError(f"--resume: {path} was not written by minigrad train (it has no "
                         "record of the command's options)")
    for key, value in ckpt["extra"].items():
        if key not in RUN_OPTIONS:
            setattr(args, key, value)
    return ckpt


def describe(model, args):
    from .. import nn
    sizes = [m.in_features for m in model.modules() if isinstance(m, nn.Linear)]
    sizes.append(model[-1].out_features)
    extras = [f"init {args.init}"] if args.init != "default" else []
    extras += ["BatchNorm"] if args.batchnorm else []
    extras += [f"dropout {args.dropout}"] if args.dropout else []
    return f"MLP {'-'.join(map(str, sizes))}, {C.activation_class(args.activation).__name__}" \
        + "".join(f", {e}" for e in extras)


def run(args):
    import minigrad as mg
    from .. import nn
    from ..training import PlotUnavailable, evaluate, fit, plot_histories
    from ..utils import EarlyStopping
    if args.epochs < 1:
        raise UsageError(f"--epochs must be >= 1, got {args.epochs}")
    ckpt = _resume(args) if args.resume is not None else None
    mg.manual_seed(args.seed)
    pre, (train, val, test), model, device = C.prepare(
        args, ckpt["preprocessing"] if ckpt else None)
    optimizer = C.build_optimizer(args.optimizer, model.parameters(), args)
    scheduler = C.build_scheduler(optimizer, args)
    stopper = EarlyStopping(patience=args.patience) if args.patience else None
    C.out_dir(args.out)
    checkpoint = os.path.join(args.out, "checkpoint.safetensors")
    config = {k: v for k, v in vars(args).items() if k not in RUN_OPTIONS}
    print(f"{args.dataset}: {len(train.dataset)} train, {len(val.dataset)} validation, "
          f"{len(test.dataset)} test samples, preprocessing {args.preprocess}")
    print(f"{describe(model, args)}; {type(optimizer).__name__} "
          f"(lr {optimizer.param_groups[0]['lr']:g}); {args.epochs} epochs on {device}"
          + (f"; resuming after epoch {ckpt['epoch']}" if ckpt else ""), flush=True)
    loss_fn = nn.CrossEntropyLoss()
    history = fit(model, loss_fn, optimizer, train, val, args.epochs, scheduler=scheduler,
                  early_stopping=stopper, checkpoint=checkpoint, resume=ckpt,
                  preprocessing=pre, extra=config, device=device, progress=args.progress)
    if history.stopped == "interrupted":
        done = len(history)
        kept = f"the checkpoint of epoch {done} is kept in {checkpoint}" if done else \
            "no epoch was complete, so no checkpoint was written"
        print(f"interrupted during epoch {done + 1}: {kept}; continue with "
              f"minigrad train --out {args.out} --resume")
        return 130
    if history.stopped == "early_stopping":
        print(f"early stopping after epoch {len(history)}: best validation loss at epoch "
              f"{stopper.best_epoch + 1}, whose weights the model now holds")
    history.to_csv(os.path.join(args.out, "history.csv"))
    written = [checkpoint, os.path.join(args.out, "history.csv")]
    try:
        written.append(plot_histories(history, os.path.join(args.out, "curves.png"),
                                      title=f"{describe(model, args)} on {args.dataset}"))
    except PlotUnavailable as err:
        print(err)
    if args.progress is not False and len(history) and os.isatty(2):
        print(history.table())
    print("wrote " + ", ".join(written))
    result = evaluate(model, loss_fn, test, device=device)
    print(f"test accuracy: {100 * result['accuracy']:.1f}%")
    return 0
