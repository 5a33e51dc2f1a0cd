"""The ``minigrad`` command: one entry point, one subcommand per job.

    minigrad train        train an MLP on bundled or local data
    minigrad compare      race optimizers on one model and data set
    minigrad init-stats   the initialization lecture's experiment
    minigrad run          run a PyTorch script on minigrad
    minigrad exercises    the fill-in-the-backward exercises and their checker

Each subcommand is a module of this package with ``add_parser(subparsers)``:
it registers its arguments and sets ``func(args) -> exit status``. A
subcommand raises :class:`UsageError` for bad arguments or data; ``main``
prints it as one line and exits with status 2, never with a traceback.
"""
import argparse
import importlib
import os
import sys

SUBCOMMANDS = ("train", "compare", "init_stats", "run", "exercises")   # modules, in --help order


class UsageError(Exception):
    """Bad arguments or data, said in the user's terms (printed as one line, exit status 2)."""


def build_parser():
    parser = argparse.ArgumentParser(prog="minigrad", description="minigrad's command line.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in SUBCOMMANDS:
        importlib.import_module(f"{__name__}.{name}").add_parser(commands)
    return parser


def main(argv=None):
    """Parse ``argv`` (default: ``sys.argv[1:]``), run the subcommand, return its exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args) or 0
    except UsageError as err:
        print(f"minigrad {args.command}: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"minigrad {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:                   # `minigrad ... | head` closed the pipe: not an error
        sys.stdout = open(os.devnull, "w")    # nothing more to write; silence the exit flush
        return 0
