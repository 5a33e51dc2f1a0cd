"""W1 and W2 on the GPU: minigrad on CuPy beside PyTorch CUDA, in one process.

    python examples/benchmarks/gpu_bench.py [--device cuda] [--rounds 7]

The workloads are bench.py's W1 (MLP 784-256-256-10, batch 128, float32,
cross-entropy; SGD with momentum, and Adam) and W2 (MLP 2-64-64-1, batch 32,
MSE, SGD), built on ``--device``. Each timed repetition ends with a device
synchronize, so the time includes the kernels, not only their launch. Rounds
alternate minigrad and PyTorch; each figure is the median. ``--device cpu``
runs the same code on the CPU (a smoke test of this script).
"""
import argparse
import os
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))
import minigrad as mg  # noqa: E402

WORKLOADS = {                      # name: (sizes, batch, loss, optimizer, repetitions)
    "W1 MLP 784-256-256-10 b128, SGD momentum": ((784, 256, 256, 10), 128, "ce", "momentum", 50),
    "W1 MLP 784-256-256-10 b128, Adam": ((784, 256, 256, 10), 128, "ce", "adam", 50),
    "W2 MLP 2-64-64-1 b32, SGD": ((2, 64, 64, 1), 32, "mse", "sgd", 200),
}


def synchronizer(lib, device):
    """A function that waits for ``device``'s queued kernels."""
    if device == "cpu":
        return lambda: None
    if lib is mg:
        runtime = mg.backend.cuda_module().cuda.runtime
        return runtime.deviceSynchronize
    return lib.cuda.synchronize


def mlp_step(lib, device, sizes, batch, loss, optimizer):
    """One training step (zero_grad, forward, backward, step) of an MLP on ``device``."""
    rng = np.random.default_rng(0)
    layers = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(lib.nn.Linear(a, b))
        if i < len(sizes) - 2:
            layers.append(lib.nn.ReLU())
    model = lib.nn.Sequential(*layers).to(device)
    x = lib.tensor(rng.standard_normal((batch, sizes[0]), dtype=np.float32), device=device)
    if loss == "ce":
        y = lib.tensor(rng.integers(0, sizes[-1], batch), device=device)
        criterion = lib.nn.CrossEntropyLoss()
    else:
        y = lib.tensor(rng.standard_normal((batch, sizes[-1]), dtype=np.float32), device=device)
        criterion = lib.nn.MSELoss()
    if optimizer == "adam":
        opt = lib.optim.Adam(model.parameters(), lr=1e-3)
    else:
        opt = lib.optim.SGD(model.parameters(), lr=0.01,
                            momentum=0.9 if optimizer == "momentum" else 0)

    def step():
        opt.zero_grad()
        criterion(model(x), y).backward()
        opt.step()
    return step


def timed(step, sync, reps):
    sync()
    started = time.perf_counter()
    for _ in range(reps):
        step()
    sync()
    return (time.perf_counter() - started) / reps


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--reps-scale", type=float, default=1.0, help="scale repetitions")
    parser.add_argument("--only", default="", help="run the workloads whose name contains this")
    parser.add_argument("--no-torch", action="store_true", help="minigrad alone")
    args = parser.parse_args(argv)
    libs = {"minigrad": mg}
    try:
        if not args.no_torch:
            import torch
            if args.device == "cpu" or torch.cuda.is_available():
                libs["torch"] = torch
    except ImportError:
        pass
    print(f"device {args.device}; libraries: {', '.join(libs)}")
    print(f"{'workload':44s} {'minigrad':>10s} {'torch':>10s} {'ratio':>7s}")
    results = {}
    for name, (sizes, batch, loss, optimizer, reps) in WORKLOADS.items():
        if args.only not in name:
            continue
        reps = max(1, int(reps * args.reps_scale))
        steps = {k: mlp_step(lib, args.device, sizes, batch, loss, optimizer)
                 for k, lib in libs.items()}
        syncs = {k: synchronizer(lib, args.device) for k, lib in libs.items()}
        for k in libs:                          # warm up (CuPy compiles its kernels here)
            timed(steps[k], syncs[k], 3)
        samples = {k: [] for k in libs}
        for _ in range(args.rounds):
            for k in libs:
                samples[k].append(timed(steps[k], syncs[k], reps))
        medians = {k: statistics.median(v) * 1e3 for k, v in samples.items()}
        results[name] = medians
        line = f"{name:44s} {medians['minigrad']:8.3f}ms"
        if "torch" in medians:
            line += f" {medians['torch']:8.3f}ms {medians['minigrad'] / medians['torch']:6.2f}x"
        print(line, flush=True)
    return results


if __name__ == "__main__":
    main()
