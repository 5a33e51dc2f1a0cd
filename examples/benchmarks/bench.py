"""minigrad vs PyTorch, side by side in one process (python examples/benchmarks/bench.py).

Workloads (issue 2):
  W1  train step of an MLP 784-256-256-10, batch 128, float32, ReLU, softmax
      cross-entropy, SGD with momentum (and Adam)
  W2  train step of an MLP 2-64-64-1, batch 32 (MSE, SGD)
  W3  forward+backward of a chain of 600 small elementwise ops (mul, add, tanh on
      16 floats), per op
  W4  backward of a 20,000-op chain

Rounds alternate A B A B; each figure is the median over rounds of the mean
time per repetition. One BLAS thread, so a busy neighbour core distorts less.
Each row ends with the target of issue 12 (the ratio to PyTorch; W1 also to
the NumPy floor; a replay of minigrad's own NumPy calls shows how much of the
distance to the floor is the kernels and how much minigrad's Python). ``--baseline DIR`` times a second copy of minigrad in the
same rounds: before and after a change, in one process.
"""
import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import argparse              # noqa: E402
import importlib.util        # noqa: E402
import platform              # noqa: E402
import sys                   # noqa: E402
import statistics            # noqa: E402
import time                  # noqa: E402

import numpy as np           # noqa: E402

import minigrad as mg        # noqa: E402

try:
    import torch
    torch.set_num_threads(1)
except ImportError:
    torch = None


# -- workloads: each returns a zero-argument callable that runs one repetition ----------------

def mlp_step(lib, sizes, batch, loss, optimizer, seed=0):
    """One training step of an MLP built from lib's nn and optim (minigrad or torch)."""
    rng = np.random.default_rng(seed)
    layers = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(lib.nn.Linear(a, b))
        if i < len(sizes) - 2:
            layers.append(lib.nn.ReLU())
    model = lib.nn.Sequential(*layers)
    x = lib.tensor(rng.standard_normal((batch, sizes[0]), dtype=np.float32))
    if loss == "ce":
        y = lib.tensor(rng.integers(0, sizes[-1], batch))
        criterion = lib.nn.CrossEntropyLoss()
    else:
        y = lib.tensor(rng.standard_normal((batch, sizes[-1]), dtype=np.float32))
        criterion = lib.nn.MSELoss()
    if optimizer == "adam":
        opt = lib.optim.Adam(model.parameters(), lr=1e-3)
    else:
        opt = lib.optim.SGD(model.parameters(), lr=0.01, momentum=0.9 if optimizer == "momentum" else 0)

    def step():
        opt.zero_grad()
        criterion(model(x), y).backward()
        opt.step()
    return step


def chain(lib, n_ops, backward_only=False):
    """mul, add, tanh repeated on 16 floats; leaves a and b enter every mul and add."""
    rng = np.random.default_rng(0)
    a = lib.tensor(rng.standard_normal(16) * 0.5, dtype=lib.float32, requires_grad=True)
    b = lib.tensor(rng.standard_normal(16) * 0.5, dtype=lib.float32, requires_grad=True)
    x0 = lib.tensor(rng.standard_normal(16), dtype=lib.float32)

    def forward():
        h = x0
        for i in range(n_ops):
            k = i % 3
            h = h * a if k == 0 else h + b if k == 1 else h.tanh()
        return h.sum()

    if not backward_only:
        def step():
            a.grad = b.grad = None
            forward().backward()
        return step
    graphs = []

    def prepare():
        graphs.append(forward())

    def step():
        graphs.pop().backward()
    step.prepare = prepare
    return step


def _w1_arrays(out_first):
    """W1's weights, (out, in) as nn.Linear keeps them if ``out_first`` else (in, out), zero
    biases, zero momentum buffers and one batch (x, y), from one seed."""
    rng = np.random.default_rng(0)
    sizes = (784, 256, 256, 10)
    ws = [rng.standard_normal((b, a) if out_first else (a, b), dtype=np.float32) * 0.05
          for a, b in zip(sizes, sizes[1:])]
    bs = [np.zeros(b, np.float32) for b in sizes[1:]]
    x = rng.standard_normal((128, 784), dtype=np.float32)
    return ws, bs, [np.zeros_like(p) for p in ws + bs], x, rng.integers(0, 10, 128)


def numpy_floor_w1():
    """W1's math (SGD with momentum) written by hand in NumPy, no graph: the floor for any
    NumPy-backed framework."""
    ws, bs, bufs, x, y = _w1_arrays(out_first=False)

    def step():
        h1 = np.maximum(x @ ws[0] + bs[0], 0)
        h2 = np.maximum(h1 @ ws[1] + bs[1], 0)
        z = h2 @ ws[2] + bs[2]
        e = np.exp(z - z.max(1, keepdims=True))
        g = e / e.sum(1, keepdims=True)
        g[np.arange(128), y] -= 1
        g /= 128
        gw2, gb2 = h2.T @ g, g.sum(0)
        g = (g @ ws[2].T) * (h2 > 0)
        gw1, gb1 = h1.T @ g, g.sum(0)
        g = (g @ ws[1].T) * (h1 > 0)
        gw0, gb0 = x.T @ g, g.sum(0)
        for p, buf, grad in zip(ws + bs, bufs, (gw0, gw1, gw2, gb0, gb1, gb2)):
            buf *= 0.9
            buf += grad
            p -= 0.01 * buf
    return step


def numpy_replay_w1():
    """The NumPy calls minigrad makes for one W1 step (SGD with momentum), written out in order,
    with no graph, Tensors or modules: what is left of minigrad's time without its Python.
    (Kept in step with ops/nn.py's Linear and CrossEntropy and optim/sgd.py by hand.)"""
    ws, bs, bufs, x, y = _w1_arrays(out_first=True)
    zero, one = np.zeros((), np.float32), np.ones((), np.float32)     # backend.ZEROS, ONES

    def step():
        y.view(np.uint64).max()                                  # targets checked
        index = (np.arange(128), y)
        h = x @ ws[0].T                                          # Linear, ReLU, ...
        h += bs[0]
        h1 = np.maximum(h, zero)
        h = h1 @ ws[1].T
        h += bs[1]
        h2 = np.maximum(h, zero)
        z = h2 @ ws[2].T
        z += bs[2]
        shifted = z - z.max(axis=1, keepdims=True)               # CrossEntropy: log_softmax
        log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        picked = log_p[index]                                    # ... and NLL (no weights)
        neg_w, total = np.full(128, -1.0, np.float32), np.float32(128)
        losses = neg_w * picked
        float(total)
        np.asarray(losses.sum() / total)
        scale = neg_w / total
        g = one.copy() * scale                                   # backward from dL/dL = 1
        p = np.exp(log_p)
        out = np.zeros((128, 10), np.float32)
        np.add.at(out, index, g)
        g = out - p * g.reshape(-1, 1)
        gw2, gb2, g = g.T @ h2, g.sum(0), g @ ws[2]              # Linear's three gradients
        g = g * (h2 > zero)                                      # ReLU's
        gw1, gb1, g = g.T @ h1, g.sum(0), g @ ws[1]
        g = g * (h1 > zero)
        gw0, gb0 = g.T @ x, g.sum(0)
        for param, buf, grad in zip(ws + bs, bufs, (gw0, gw1, gw2, gb0, gb1, gb2)):
            buf *= 0.9                                           # SGD with momentum
            buf += grad
            param -= 0.01 * buf
    step.params, step.batch = ws + bs, (x, y)        # (its test checks it against minigrad)
    return step


NUMPY_W1 = {"floor": numpy_floor_w1, "replay": numpy_replay_w1}

WORKLOADS = {     # name: (make, repetitions per round, unit, target ratio to PyTorch)
    "W1 MLP 784-256-256-10 b128, SGD momentum": (
        lambda lib: mlp_step(lib, (784, 256, 256, 10), 128, "ce", "momentum"), 20, "ms", 1.0),
    "W1 MLP 784-256-256-10 b128, Adam": (
        lambda lib: mlp_step(lib, (784, 256, 256, 10), 128, "ce", "adam"), 20, "ms", 1.0),
    "W2 MLP 2-64-64-1 b32, SGD": (
        lambda lib: mlp_step(lib, (2, 64, 64, 1), 32, "mse", "sgd"), 200, "ms", 0.85),
    "W3 600-op chain fwd+bwd, per op": (lambda lib: chain(lib, 600), 20, "us/op", 0.9),
    "W4 20,000-op chain backward": (
        lambda lib: chain(lib, 20000, backward_only=True), 3, "ms", 0.75),
}
FLOOR_TARGET = 1.15      # W1 (SGD momentum): at most this many times the plain-NumPy floor


def load_baseline(path):
    """Import another copy of the minigrad package (a directory, e.g. the last commit's:
    ``git archive HEAD minigrad | tar -x -C /tmp/base`` gives /tmp/base/minigrad) under the
    name ``minigrad_baseline``, to time before and after in the same process."""
    spec = importlib.util.spec_from_file_location(
        "minigrad_baseline", os.path.join(path, "__init__.py"), submodule_search_locations=[path])
    module = importlib.util.module_from_spec(spec)
    sys.modules["minigrad_baseline"] = module
    spec.loader.exec_module(module)
    return module


clock = time.perf_counter     # --cpu: time.process_time (steadier on a busy shared machine)


def time_once(step, reps):
    prepare = getattr(step, "prepare", None)
    total = 0.0
    for _ in range(reps):
        if prepare:
            prepare()
        t0 = clock()
        step()
        total += clock() - t0
    return total / reps


def measure(make, reps, rounds, libs):
    steps = {name: make(lib) for name, lib in libs.items()}
    for step in steps.values():          # warm up
        time_once(step, 2)
    samples = {name: [] for name in libs}
    for _ in range(rounds):              # A B A B ...
        for name, step in steps.items():
            samples[name].append(time_once(step, reps))
    return {name: statistics.median(s) for name, s in samples.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--only", help="run the workloads whose name contains this")
    parser.add_argument("--baseline", metavar="DIR",
                        help="another copy of the minigrad package, timed in the same rounds "
                             "(before/after a change)")
    parser.add_argument("--cpu", action="store_true",
                        help="measure process CPU time instead of wall time (for a busy machine)")
    args = parser.parse_args()
    global clock
    clock = time.process_time if args.cpu else time.perf_counter
    libs = {"minigrad": mg}
    if args.baseline:
        libs["baseline"] = load_baseline(args.baseline)
    if torch is not None:
        libs["torch"] = torch
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, NumPy {np.__version__}"
          + (f", PyTorch {torch.__version__}" if torch else ", PyTorch not installed"))
    print(f"rounds: {args.rounds} (A B A B ..., medians), "
          f"{'process CPU time' if args.cpu else 'wall time'}")
    header = f"{'workload':44s} {'minigrad':>12s}"
    if args.baseline:
        header += f" {'baseline':>12s} {'after/before':>12s}"
    print(header + f" {'torch':>12s} {'ratio':>7s} {'target':>8s}")
    for name, (make, reps, unit, target) in WORKLOADS.items():
        if args.only and args.only not in name:
            continue
        runs = dict(libs, floor="floor", replay="replay") if "SGD momentum" in name else libs
        result = measure(lambda lib: NUMPY_W1[lib]() if isinstance(lib, str) else make(lib), reps,
                         args.rounds, runs)
        scale = {"ms": 1e3, "us/op": 1e6 / 600}[unit]
        mine = result["minigrad"] * scale
        line = f"{name:44s} {mine:9.3f} {unit:>2s}"
        if "baseline" in result:
            before = result["baseline"] * scale
            line += f" {before:9.3f} {unit:>2s} {mine / before:11.2f}x"
        theirs = result.get("torch")
        if theirs is not None:
            ratio = mine / (theirs * scale)
            line += (f" {theirs * scale:9.3f} {unit:>2s} {ratio:6.2f}x "
                     f"≤{target:.2f}x {'met' if ratio <= target else 'NOT met'}")
        print(line, flush=True)
        if "floor" in result:
            floor = mine / (result["floor"] * scale)
            print(f"{'   the same math in plain NumPy, no graph':44s} "
                  f"{result['floor'] * scale:9.3f} ms  minigrad / floor {floor:.2f}x "
                  f"≤{FLOOR_TARGET:.2f}x {'met' if floor <= FLOOR_TARGET else 'NOT met'}")
            print(f"{'   minigrad NumPy calls replayed, no graph':44s} "
                  f"{result['replay'] * scale:9.3f} ms  replay / floor {result['replay'] / result['floor']:.2f}x")


if __name__ == "__main__":
    main()
