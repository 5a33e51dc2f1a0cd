"""minigrad init-stats: the initialization lecture's experiment.

A deep stack (default 10 layers of 500 units, Linear then the activation) is
fed a batch of standard-normal inputs under each init scheme. For every layer
it prints the mean and std of the activations and of the gradients flowing
back (loss = sum of the last layer's outputs), and saves the per-layer
histograms (DIR/activations.png, DIR/gradients.png: one row per scheme).
With 0.01·randn the activations and gradients shrink to 0; with 1.0·randn
tanh saturates at ±1; Xavier keeps tanh healthy and Kaiming keeps ReLU healthy.

example:
  minigrad init-stats --activation relu --schemes 0.01,xavier,kaiming
"""
import argparse
import os

from . import UsageError
from . import _common as C

SCHEMES = "0.01,1.0,xavier,kaiming"


def add_parser(subparsers):
    p = subparsers.add_parser("init-stats", help="per-layer activation and gradient statistics "
                              "of a deep stack under each init scheme", description=__doc__,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--layers", type=int, default=10, help="default 10")
    p.add_argument("--width", type=int, default=500, help="units per layer (default 500)")
    p.add_argument("--samples", type=int, default=1000, help="batch size (default 1000)")
    p.add_argument("--activation", default="tanh", help="tanh (default), relu, or any "
                   "elementwise activation in minigrad.nn")
    p.add_argument("--schemes", default=SCHEMES, metavar="NAMES",
                   help=f"comma separated, from {', '.join(n for n in C.INITS if n != 'default')}"
                        f" (default {SCHEMES})")
    p.add_argument("--bins", type=int, default=30, help="histogram bins (default 30)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", default="minigrad_init_stats", metavar="DIR",
                   help="where the histogram PNGs go (default minigrad_init_stats)")
    p.set_defaults(func=run)


def _histograms(results, field, path, title):
    from ..training.plot import _pyplot
    plt = _pyplot()
    rows, cols = len(results), len(next(iter(results.values())))
    fig, axes = plt.subplots(rows, cols, figsize=(1.6 * cols, 1.5 * rows), squeeze=False)
    for ax_row, (scheme, records) in zip(axes, results.items()):
        for ax, r in zip(ax_row, records):
            counts, edges = getattr(r, field)
            ax.stairs(counts, edges, fill=True)
            ax.set_yticks([])
            ax.tick_params(labelsize=5)
            ax.xaxis.get_offset_text().set_fontsize(5)
            ax.set_title(f"L{r.name.split()[0]} std {getattr(r, field[:-4] + 'std'):.2g}",
                         fontsize=6)
        ax_row[0].set_ylabel(C.INIT_HELP.get(scheme, scheme), fontsize=7)
    fig.suptitle(title, fontsize=9)
    fig.subplots_adjust(left=0.06, right=0.99, bottom=0.08, top=0.86, hspace=0.6, wspace=0.15)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def run(args):
    import minigrad as mg
    from .. import nn
    from ..training import PlotUnavailable
    from ..utils.stats import format_table, layer_stats
    for option in ("layers", "width", "samples", "bins"):
        if getattr(args, option) < 1:
            raise UsageError(f"--{option} must be >= 1, got {getattr(args, option)}")
    act = C.activation_class(args.activation)
    schemes = [s.strip() for s in args.schemes.split(",") if s.strip()]
    unknown = [s for s in schemes if s not in C.INITS or s == "default"]
    if unknown or not schemes:
        raise UsageError(f"--schemes: unknown {unknown or args.schemes!r} (choose from "
                         + ", ".join(n for n in C.INITS if n != "default") + ")")
    mg.manual_seed(args.seed)
    x = mg.randn(args.samples, args.width)
    results = {}
    for scheme in schemes:
        mg.manual_seed(args.seed + 1)
        layers = [nn.Sequential(nn.Linear(args.width, args.width), act())
                  for _ in range(args.layers)]
        for layer in layers:
            C.initialise(layer, scheme, act.__name__)
        results[scheme] = layer_stats(layers, x, bins=args.bins)
        print(format_table(results[scheme], title=f"\n{act.__name__}, "
                           f"{C.INIT_HELP.get(scheme, scheme)} ({args.layers} layers x "
                           f"{args.width} units, batch {args.samples})"), flush=True)
    C.out_dir(args.out)
    try:
        written = [_histograms(results, field, os.path.join(args.out, f"{name}.png"),
                               f"{name} per layer, {act.__name__}")
                   for field, name in (("act_hist", "activations"), ("grad_hist", "gradients"))]
        print("\nwrote " + ", ".join(written))
    except PlotUnavailable as err:
        print(err)
    return 0
