"""Run one bench.py workload N times, for counting its instructions under valgrind.

Wall time on a shared VM drifts by 2x between runs; the number of instructions a
workload executes does not. Count them with callgrind, once with N steps and once
with none, and divide the difference by the steps (and, for W3, by its 600 ops):

    valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        python examples/benchmarks/instructions.py W3 20
    valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        python examples/benchmarks/instructions.py W3 0

W4 counts its forward (``prepare``) too. ``W1s`` is W1's step (cross-entropy, SGD with
momentum) with 8-8-8-4 layers and batch 4: what W1 costs besides its matrix products. ``--package DIR`` runs another copy of the
minigrad package instead (as bench.py's ``--baseline``), for before/after a change.
"""
import argparse
import os
import sys

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workload", choices=["W1", "W1s", "W2", "W3", "W4"])
    parser.add_argument("steps", type=int)
    parser.add_argument("--package", metavar="DIR",
                        help="another copy of the minigrad package, e.g. /tmp/base/minigrad")
    args = parser.parse_args()
    if args.package:                             # its parent goes first on the import path
        sys.path.insert(0, os.path.dirname(os.path.abspath(args.package)))
    import minigrad as mg
    from bench import WORKLOADS, mlp_step        # (bench.py sits beside this file)
    if args.workload == "W1s":
        step = mlp_step(mg, (8, 8, 8, 4), 4, "ce", "momentum")
    else:
        step = next(make for name, (make, *_) in WORKLOADS.items()
                    if name.startswith(args.workload))(mg)
    prepare = getattr(step, "prepare", None)
    for _ in range(args.steps):
        if prepare:
            prepare()
        step()


if __name__ == "__main__":
    main()
