"""SAM and the lookahead-SAM variants vs SGD on a loss with a sharp and a flat minimum.

COMP541 lecture 4 closes with "Improving Sharpness-Aware Minimization by
Lookahead" (Yu, Zhang & Kwok, ICML 2024): SAM descends with the gradient taken
at the worst nearby point w + ρg/‖g‖, which steers it towards flat minima;
EG-SAM, OG-SAM and AO-SAM first extrapolate (look ahead) before perturbing.
minigrad's ``optim.EGSAM/OGSAM/AOSAM`` are reconstructions (the paper's
algorithm boxes could not be read; see docs/optimizers.md).

The toy loss has a sharp minimum at w = 0 (width 0.15, the deeper one) and a
flat one at w = 1.5 (width 0.8):
    L(w) = −exp(−w²/(2·0.15²)) − exp(−(w − 1.5)²/(2·0.8²)).
From starts spread over [−0.6, 3], each optimizer runs with the same step size
η = 0.04 (stable in both basins) and ρ = 0.4; the table counts where they end
and the curvature L'' there. What to look for: SGD settles in the sharp minimum
when it starts in its basin; SAM and OG-SAM never end there, but they do not
reach the flat minimum either: they stop on the sharp basin's rim — on the
ridge between the minima (w ≈ 0.4, a local maximum of L) or on the outer
shoulder — where the gradient at the perturbed point w + ρ·sign(L') (almost)
vanishes: no minimum at all, the kind of convergence trouble the lookahead
paper sets out to fix. The reconstructed variants do not fix it in this 1-D
toy; EG-SAM sometimes, and AO-SAM (plain steps when ‖g‖² is small) often,
settle in the sharp minimum like SGD.

    python examples/lectures/12_sam.py [--quick] [--out DIR]
"""
# %%
import argparse
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


def loss_fn(w):
    return (-(-w ** 2 / (2 * 0.15 ** 2)).exp() - (-(w - 1.5) ** 2 / (2 * 0.8 ** 2)).exp()).sum()


LR, RHO = 0.04, 0.4
METHODS = {
    "SGD": lambda p: optim.SGD(p, lr=LR),
    "SAM": lambda p: optim.SAM(p, optim.SGD, rho=RHO, lr=LR),
    "EG-SAM": lambda p: optim.EGSAM(p, optim.SGD, rho=RHO, lr=LR),
    "OG-SAM": lambda p: optim.OGSAM(p, optim.SGD, rho=RHO, lr=LR),
    "AO-SAM": lambda p: optim.AOSAM(p, optim.SGD, rho=RHO, lr=LR),
}
STARTS = np.linspace(-0.6, 3, 5 if args.quick else 19)
STEPS = 120 if args.quick else 400


def run(make, start):
    w = mg.tensor([start], dtype=mg.float64, requires_grad=True)
    opt = make([w])

    def closure():
        opt.zero_grad()
        loss = loss_fn(w)
        loss.backward()
        return loss

    for _ in range(STEPS):
        closure()
        opt.step(closure)
    return float(w.item())


def curvature(w):
    """L''(w) from autograd: the derivative of the gradient (create_graph=True)."""
    x = mg.tensor([w], dtype=mg.float64, requires_grad=True)
    (g,) = mg.autograd.grad(loss_fn(x), [x], create_graph=True)
    return mg.autograd.grad(g.sum(), [x])[0].item()


ends = {name: np.array([run(make, s) for s in STARTS]) for name, make in METHODS.items()}
print(f"{'optimizer':<10}{'ends in the flat minimum':>26}{'in the sharp one':>18}"
      f"{'mean L″ at the end':>20}")
flat_fraction, sharp_count = {}, {}
for name, e in ends.items():
    flat, sharp = np.abs(e - 1.5) < 0.5, np.abs(e) < 0.3
    flat_fraction[name], sharp_count[name] = flat.mean(), int(sharp.sum())
    print(f"{name:<10}{f'{flat.sum()} of {len(e)}':>26}{f'{sharp.sum()} of {len(e)}':>18}"
          f"{np.mean([curvature(w) for w in e]):>20.2f}")
print(f"L″ at the sharp minimum {curvature(0.0):.1f}, at the flat one {curvature(1.5):.2f}")

# %%
grid = np.linspace(-1, 3.5, 450)
with mg.no_grad():
    values = np.array([loss_fn(mg.tensor([w], dtype=mg.float64)).item() for w in grid])
fig, axes = plt.subplots(1, len(METHODS), figsize=(15, 3.4), sharey=True)
for ax, (name, e) in zip(axes, ends.items()):
    ax.plot(grid, values, color="0.5")
    with mg.no_grad():
        ax.plot(STARTS, [loss_fn(mg.tensor([s], dtype=mg.float64)).item() for s in STARTS],
                "o", mfc="none", color="0.6", ms=5, label="starts")
        ax.plot(e, [loss_fn(mg.tensor([w], dtype=mg.float64)).item() for w in e], "C3o", ms=5,
                label="ends")
    ax.set(title=f"{name}: {flat_fraction[name]:.0%} end flat", xlabel="w")
axes[0].legend(fontsize=8)
axes[0].set_ylabel("L(w)")
fig.suptitle(f"Sharp vs flat minimum: SGD and the SAM family (η = {LR}, ρ = {RHO}, "
             f"{STEPS} steps)")
fig.tight_layout()
path = os.path.join(args.out, "sam.png")
fig.savefig(path, dpi=100)
print(f"wrote {path}")
