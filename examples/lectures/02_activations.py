"""The activation zoo of COMP541 lecture 4, each with its derivative from autograd.

For every activation on the slides (sigmoid, tanh, ReLU, Leaky ReLU, PReLU, ELU,
Maxout) the derivative is what loss.backward() returns, compared with the
formula the slide gives; the table also shows the slides' claims: the sigmoid's
gradient is at most 1/4 and vanishes when saturated, ReLU passes no gradient
for x < 0 (a "dead" unit never updates), Leaky ReLU / ELU always do.

    python examples/lectures/02_activations.py [--quick] [--out DIR]
"""
# %%
import argparse
import os

import matplotlib.pyplot as plt
import numpy as np

import minigrad as mg
import minigrad.nn as nn

parser = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--quick", action="store_true", help="a small setting that runs in seconds")
parser.add_argument("--out", default="lecture-figures", help="directory for the figures "
                    "(default: %(default)s)")
args, _ = parser.parse_known_args()
os.makedirs(args.out, exist_ok=True)

# %% The slides' activations and the derivative each slide implies
sig = lambda x: 1 / (1 + np.exp(-x))                                    # noqa: E731
maxout = nn.Maxout(1, 1, pieces=2).double()     # max(w₁x + b₁, w₂x + b₂), one input, one unit
with mg.no_grad():
    maxout.linear.weight.copy_(mg.tensor([[1.0], [-0.5]], dtype=mg.float64))
    maxout.linear.bias.copy_(mg.tensor([0.0, -1.0], dtype=mg.float64))
ZOO = {   # name: (module, formula for f'(x))
    "Sigmoid": (nn.Sigmoid(), lambda x: sig(x) * (1 - sig(x))),
    "Tanh": (nn.Tanh(), lambda x: 1 - np.tanh(x) ** 2),
    "ReLU": (nn.ReLU(), lambda x: (x > 0).astype(float)),
    "LeakyReLU(0.1)": (nn.LeakyReLU(0.1), lambda x: np.where(x > 0, 1.0, 0.1)),
    "PReLU (α=0.25)": (nn.PReLU().double(), lambda x: np.where(x > 0, 1.0, 0.25)),
    "ELU (α=1)": (nn.ELU(), lambda x: np.where(x > 0, 1.0, np.exp(np.minimum(x, 0)))),
    "Maxout (2 pieces)": (maxout, lambda x: np.where(x > -0.5 * x - 1.0, 1.0, -0.5)),
}

# %% f and f' from minigrad on a grid
n = 401 if args.quick else 2001
grid = np.linspace(-6, 6, n)
grid = grid[np.abs(grid) > 1e-9]       # the kink at 0 is a convention (relu'(0) = 0), skip it
curves = {}
for name, (module, _) in ZOO.items():
    x = mg.tensor(grid.reshape(-1, 1) if "Maxout" in name else grid, requires_grad=True)
    y = module(x)
    y.sum().backward()
    curves[name] = (y.detach().numpy().ravel(), x.grad.numpy().ravel())

# %% The table: derivative error against the formula, and the slides' claims
print(f"{'activation':<20}{'max |f′ − formula|':>20}{'max f′':>9}{'f′(−6)':>10}"
      f"{'f′(6)':>9}{'mean f':>9}")
table = {}
for name, (_, formula) in ZOO.items():
    y, dy = curves[name]
    table[name] = dict(error=float(np.abs(dy - formula(grid)).max()), max_grad=float(dy.max()),
                       grad_left=float(dy[0]), grad_right=float(dy[-1]), mean=float(y.mean()))
    row = table[name]
    print(f"{name:<20}{row['error']:>20.1e}{row['max_grad']:>9.3f}{row['grad_left']:>10.2e}"
          f"{row['grad_right']:>9.2e}{row['mean']:>9.3f}")
print("Sigmoid: f′ ≤ 1/4 and ≈ 0 when saturated; not zero-centred (mean f > 0). Tanh: zero-"
      "centred, still saturates. ReLU: f′ = 0 for x < 0 (dead units). Leaky/PReLU/ELU: never 0.")

# %%
fig, axes = plt.subplots(2, 4, figsize=(13, 6))
for ax, (name, (y, dy)) in zip(axes.flat, curves.items()):
    ax.plot(grid, y, label="f(x)")
    ax.plot(grid, dy, "--", label="f′(x) (autograd)")
    ax.axhline(0, color="0.7", lw=0.5)
    ax.axvline(0, color="0.7", lw=0.5)
    ax.set_title(name)
    ax.set_ylim(-2, 4)
axes.flat[0].legend(fontsize=8)
axes.flat[-1].axis("off")
fig.suptitle("The lecture's activations and their derivatives, computed by minigrad")
fig.tight_layout()
path = os.path.join(args.out, "activations.png")
fig.savefig(path, dpi=100)
print(f"wrote {path}")
