"""W3 (per-op overhead) against the NumPy autograd libraries the issue names, in one process.

    pip install autograd mygrad dezero    # whichever you want compared (not dependencies)
    python examples/benchmarks/numpy_libs.py

A chain of 600 elementwise ops (mul, add, tanh on 16 floats), forward and
backward, reported per op; A B C ... rounds, medians, one BLAS thread.
"""
import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import argparse     # noqa: E402
import statistics   # noqa: E402
import time         # noqa: E402

import numpy as np  # noqa: E402

N_OPS = 600
rng = np.random.default_rng(0)
A, B, X0 = (rng.standard_normal(16) * s for s in (0.5, 0.5, 1.0))


def chain(h, a, b, tanh):
    for i in range(N_OPS):
        k = i % 3
        h = h * a if k == 0 else h + b if k == 1 else tanh(h)
    return h


def minigrad_step():
    import minigrad as mg
    a, b = (mg.tensor(v, dtype=mg.float32, requires_grad=True) for v in (A, B))
    x = mg.tensor(X0, dtype=mg.float32)

    def step():
        a.grad = b.grad = None
        chain(x, a, b, mg.tanh).sum().backward()
    return step


def torch_step():
    import torch
    torch.set_num_threads(1)
    a, b = (torch.tensor(v, dtype=torch.float32, requires_grad=True) for v in (A, B))
    x = torch.tensor(X0, dtype=torch.float32)

    def step():
        a.grad = b.grad = None
        chain(x, a, b, torch.tanh).sum().backward()
    return step


def hips_autograd_step():
    import autograd
    import autograd.numpy as anp
    a, b, x = (v.astype(np.float32) for v in (A, B, X0))
    gradient = autograd.grad(lambda p: anp.sum(chain(x, p[0], p[1], anp.tanh)))
    return lambda: gradient([a, b])


def mygrad_step():
    import mygrad
    a, b = (mygrad.tensor(v.astype(np.float32)) for v in (A, B))
    x = X0.astype(np.float32)

    def step():
        chain(x, a, b, mygrad.tanh).sum().backward()
    return step


def dezero_step():
    np.int = int                           # DeZero predates NumPy 2
    import dezero
    import dezero.functions as F
    a, b = (dezero.Variable(v.astype(np.float32)) for v in (A, B))
    x = dezero.Variable(X0.astype(np.float32))

    def step():
        a.cleargrad()
        b.cleargrad()
        F.sum(chain(x, a, b, F.tanh)).backward()
    return step


LIBRARIES = {"minigrad": minigrad_step, "torch": torch_step, "HIPS autograd": hips_autograd_step,
             "MyGrad": mygrad_step, "DeZero": dezero_step}


def main(rounds=7, reps=10):
    steps = {}
    for name, make in LIBRARIES.items():
        try:
            steps[name] = make()
            steps[name]()
        except ImportError:
            print(f"{name}: not installed, skipped")
    samples = {name: [] for name in steps}
    for _ in range(rounds):
        for name, step in steps.items():
            t0 = time.perf_counter()
            for _ in range(reps):
                step()
            samples[name].append((time.perf_counter() - t0) / reps / N_OPS * 1e6)
    base = statistics.median(samples["minigrad"])
    for name, s in samples.items():
        print(f"{name:14s} {statistics.median(s):7.2f} us/op   ({statistics.median(s) / base:.2f}x minigrad)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=7, help="A B C ... rounds (default 7)")
    parser.add_argument("--reps", type=int, default=10, help="repetitions per round (default 10)")
    options = parser.parse_args()
    main(options.rounds, options.reps)
