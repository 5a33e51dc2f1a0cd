"""SGD vs momentum vs Nesterov on a ravine, and the quadratic convergence rates.

CPEN 455 and COMP541 lecture 4: "SGD has trouble navigating ravines"; momentum
builds up velocity along the valley; Nesterov evaluates the gradient at the
look-ahead point. ST449 lecture 3 writes momentum in two forms, Polyak's heavy
ball and Sutskever's Nesterov (minigrad: HeavyBall, SutskeverNesterov; PyTorch's
SGD(nesterov=True) is CS231n's change of variables x = θ + μv of the same
method), and Nesterov's 1983 method (NesterovAGD).

Part 2 is ST449's quadratic example f(w) = ½wᵀHw: gradient descent with
η = 1/λ_max converges linearly at rate 1 − 1/κ, Nesterov's momentum with
γ = (1 − √(1/κ))/(1 + √(1/κ)) at rate 1 − √(1/κ), κ = λ_max/λ_min. The slide's
numerical example is H = 0.05, w⁰ = 1 (with η = 1: κ = 20, rates 0.95 and 0.776).

    python examples/lectures/04_momentum.py [--quick] [--out DIR]
"""
# %%
import argparse
import math
import os

import matplotlib.pyplot as plt
import numpy as np

import minigrad as mg
from minigrad import optim

parser = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--quick", action="store_true", help="a small setting that runs in seconds")
parser.add_argument("--out", default="lecture-figures", help="directory for the figures "
                    "(default: %(default)s)")
args, _ = parser.parse_known_args()
os.makedirs(args.out, exist_ok=True)

# %% Part 1: the ravine f(x, y) = ½(x² + 50y²), steep across, shallow along
CURVATURE = np.array([1.0, 50.0])
START = [-4.0, 1.0]
STEPS = 60 if args.quick else 100
LR, MU = 0.015, 0.9
METHODS = {
    "SGD (η = 0.035)": lambda p: optim.SGD(p, lr=0.035),
    "momentum, form A (SGD, μ = 0.9)": lambda p: optim.SGD(p, lr=LR, momentum=MU),
    "heavy ball, form B (Polyak)": lambda p: optim.HeavyBall(p, lr=LR, momentum=MU),
    "Nesterov (Sutskever: θ)": lambda p: optim.SutskeverNesterov(p, lr=LR, momentum=MU),
    "Nesterov (CS231n / PyTorch: θ + μv)": lambda p: optim.SGD(p, lr=LR, momentum=MU,
                                                                nesterov=True),
    "Nesterov 1983 (η = 1/L)": lambda p: optim.NesterovAGD(p, lr=1 / CURVATURE.max()),
}


def ravine(w):
    return 0.5 * (mg.tensor(CURVATURE) * w * w).sum()


def path(make, start, loss_fn, steps):
    w = mg.tensor(start, dtype=mg.float64, requires_grad=True)
    opt = make([w])

    def closure():
        opt.zero_grad()
        loss = loss_fn(w)
        loss.backward()
        return loss

    points = [w.detach().numpy().copy()]
    for _ in range(steps):
        opt.step(closure)
        points.append(w.detach().numpy().copy())
    return np.array(points)


paths = {name: path(make, START, ravine, STEPS) for name, make in METHODS.items()}
losses = {name: 0.5 * (CURVATURE * p * p).sum(axis=1) for name, p in paths.items()}


def settled(values, tol=1e-2):
    """The first step from which f stays below tol (None if it never does)."""
    above = np.nonzero(values >= tol)[0]
    return None if above.size and above[-1] == len(values) - 1 else \
        (int(above[-1]) + 1 if above.size else 0)


print(f"{'method':<38}{'f after ' + str(STEPS) + ' steps':>18}{'stays below 1e-2 from':>24}")
for name, values in losses.items():
    reached = settled(values)
    print(f"{name:<38}{values[-1]:>18.2e}{reached if reached is not None else '-':>24}")

# %%
xs, ys = np.meshgrid(np.linspace(-4.5, 1.5, 200), np.linspace(-1.3, 1.3, 200))
fig, axes = plt.subplots(2, 3, figsize=(13, 5.5), sharex=True, sharey=True)
for ax, (name, p) in zip(axes.flat, paths.items()):
    ax.contour(xs, ys, 0.5 * (xs ** 2 + 50 * ys ** 2), levels=np.geomspace(0.01, 40, 12),
               colors="0.75", linewidths=0.6)
    ax.plot(p[:, 0], p[:, 1], ".-", color="C3", lw=1, ms=3)
    ax.plot(0, 0, "k*")
    ax.set_title(f"{name}\nf after {STEPS} steps: {losses[name][-1]:.1e}", fontsize=9)
fig.suptitle("SGD, momentum and Nesterov on the ravine ½(x² + 50y²), from (−4, 1)")
fig.tight_layout()
path_png = os.path.join(args.out, "momentum_ravine.png")
fig.savefig(path_png, dpi=100)
print(f"wrote {path_png}")

# %% Part 2: measured linear rates on f(w) = ½wᵀHw, H = diag(λ_min, λ_max)


def measured_rate(make, h, steps):
    """The slope of log‖w_t‖ over the second half of the run, as a rate per step."""
    p = path(make, [1.0] * len(h), lambda w: 0.5 * (mg.tensor(h) * w * w).sum(), steps)
    norms = np.linalg.norm(p, axis=1)
    t = np.arange(steps // 2, steps + 1)
    return math.exp(np.polyfit(t, np.log(norms[t]), 1)[0])


CASES = {   # κ: (H, step η = 1/λ_max)
    20: (np.array([0.05]), 1.0),                  # the slide's example: H = 0.05, w⁰ = 1
    100: (np.array([1.0, 100.0]), 1 / 100),
    1000: (np.array([1.0, 1000.0]), 1 / 1000),
}
rates = {}
print(f"\n{'κ':>6}{'GD: 1 − 1/κ':>14}{'measured':>10}{'Nesterov: 1 − 1/√κ':>22}{'measured':>10}")
for kappa, (h, lr) in CASES.items():
    gamma = (1 - math.sqrt(1 / kappa)) / (1 + math.sqrt(1 / kappa))
    steps = int(40 * math.sqrt(kappa)) if args.quick else int(80 * math.sqrt(kappa))
    gd = measured_rate(lambda p: optim.SGD(p, lr=lr), h, min(steps, 4 * kappa))
    nag = measured_rate(lambda p: optim.SGD(p, lr=lr, momentum=gamma, nesterov=True), h, steps)
    rates[kappa] = dict(gd=gd, gd_theory=1 - 1 / kappa, nesterov=nag,
                        nesterov_theory=1 - math.sqrt(1 / kappa))
    print(f"{kappa:>6}{1 - 1 / kappa:>14.4f}{gd:>10.4f}{1 - math.sqrt(1 / kappa):>22.4f}"
          f"{nag:>10.4f}")

# %%
h, lr = CASES[20]
gamma = (1 - math.sqrt(0.05)) / (1 + math.sqrt(0.05))
fig, ax = plt.subplots(figsize=(6, 3.8))
for label, make in {"gradient descent": lambda p: optim.SGD(p, lr=lr),
                    "Nesterov momentum": lambda p: optim.SGD(p, lr=lr, momentum=gamma,
                                                             nesterov=True)}.items():
    ws = path(make, [1.0], lambda w: 0.5 * (mg.tensor(h) * w * w).sum(), 60)
    ax.semilogy(np.abs(ws[:, 0]), "o-", ms=3, label=label)
t = np.arange(61)
ax.semilogy(t, 0.95 ** t, "k--", lw=0.8, label="(1 − 1/κ)ᵗ = 0.95ᵗ")
ax.semilogy(t, (1 - math.sqrt(0.05)) ** t * (1 + t), "k:", lw=0.8,
            label="(1 − 1/√κ)ᵗ(1 + t) (double root)")
ax.set(xlabel="step t", ylabel="|wᵗ|", title="The slide's example: H = 0.05, w⁰ = 1")
ax.legend(fontsize=8)
fig.tight_layout()
path_png = os.path.join(args.out, "momentum_rates.png")
fig.savefig(path_png, dpi=100)
print(f"wrote {path_png}")
