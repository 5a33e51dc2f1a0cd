"""``minigrad run script.py [args ...]``: run a PyTorch script on minigrad.

The script runs as ``python script.py args ...`` would run it (``__name__ ==
"__main__"``, ``sys.argv == ["script.py", *args]``, the script's folder first
on ``sys.path``), except that ``import torch`` and every ``torch.*`` import
give minigrad (:func:`minigrad.as_torch`). The exit status is the script's:
``sys.exit(n)`` gives n, an uncaught exception 1, after its traceback (the
script's own frames, as Python would print them).
"""
import os
import runpy
import sys
import traceback

from .. import torch_shim
from . import UsageError


def add_parser(subparsers):
    p = subparsers.add_parser(
        "run", help="run a PyTorch script on minigrad",
        description="Run a PyTorch script with `import torch` served by minigrad "
                    "(see docs/pytorch-compat.md).")
    p.add_argument("script", help="the Python file to run")
    p.add_argument("args", nargs="...", help="arguments passed to the script (its sys.argv[1:])")
    p.set_defaults(func=run)


def run(args):
    path = args.script
    if not os.path.isfile(path):
        raise UsageError(f"no such script: {path}")
    torch_shim.as_torch()
    sys.argv = [path, *args.args]
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    try:
        runpy.run_path(path, run_name="__main__")
    except SystemExit:
        raise
    except Exception as err:                    # noqa: BLE001 - the script's error, shown as Python would
        _print_script_traceback(err, os.path.abspath(path))
        return 1
    return 0


def _print_script_traceback(err, path):
    """The traceback from the script's first frame on: runpy's frames and the import hook's
    (``minigrad does not implement torch.X``) are left out."""
    tb = err.__traceback__
    while tb is not None and os.path.abspath(tb.tb_frame.f_code.co_filename) != path:
        tb = tb.tb_next
    report = traceback.TracebackException(type(err), err, tb or err.__traceback__)
    report.stack = traceback.StackSummary.from_list(
        [frame for frame in report.stack if frame.filename != torch_shim.__file__])
    print("".join(report.format()), end="", file=sys.stderr)
