"""L1 vs L2, and L2 regularization vs decoupled weight decay (SGDW, AdamW).

COMP541 lecture 4: "l1-regularization → sparse weights; λ↑ → more weights become
0". The slide's update θ ← θ − ηλ·sign(θ) − η∇L (a subgradient step) never lands
on exactly 0: it jumps over zero and back. The proximal step (soft-thresholding,
optim.ProximalSGD) does: every weight within ηλ of zero becomes exactly 0, and
a larger λ zeroes more of them. Part 1 shows the three regularization paths
on a sparse linear regression (5 of 30 features matter).

Part 2, "L2 regularization vs weight decay": equivalent for SGD, not for
adaptive methods (COMP541, CPEN 455). On f(w) = ½Σ cᵢ(wᵢ − 1)² with curvatures
c = (10, 1, 0) and λ = 0.5 (the third weight has no data gradient at all):
* SGD + L2 and SGDW take identical steps;
* with momentum μ they differ step by step, and SGDW reaches the L2 solution
  cᵢ/(cᵢ + λ) only with λ scaled by 1/(1 − μ);
* Adam + L2 also ends at the L2 solution, but AdamW does not: its decay is not
  divided by √v̂, so it is the same for every weight, whatever its gradient.

    python examples/lectures/06_regularization.py [--quick] [--out DIR]
"""
# %%
import argparse
import os

import matplotlib.pyplot as plt
import numpy as np

import minigrad as mg
from minigrad import nn, optim

parser = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--quick", action="store_true", help="a small setting that runs in seconds")
parser.add_argument("--out", default="lecture-figures", help="directory for the figures "
                    "(default: %(default)s)")
args, _ = parser.parse_known_args()
os.makedirs(args.out, exist_ok=True)

# %% Part 1: sparse linear regression, 30 features, 5 of them matter
rng = np.random.default_rng(0)
N, D = 60, 30
true_w = np.zeros(D)
true_w[:5] = [3.0, -2.0, 1.5, -1.0, 0.5]
x = rng.standard_normal((N, D))
X, Y = mg.tensor(x), mg.tensor(x @ true_w + 0.5 * rng.standard_normal(N))
LAMBDAS = [0.0, 0.03, 0.1, 0.3, 1.0] if args.quick else list(np.geomspace(0.01, 3, 12))
STEPS = 200 if args.quick else 1000


def fit(kind, lam, lr=0.05):
    """Full-batch gradient descent on ½ mean squared error + the penalty."""
    w = mg.zeros(D, dtype=mg.float64, requires_grad=True)
    if kind == "L1, proximal step":
        opt = optim.ProximalSGD([w], lr=lr, l1=lam)
    else:
        opt = optim.SGD([w], lr=lr, weight_decay=lam if kind == "L2 (weight_decay)" else 0)
    for _ in range(STEPS):
        opt.zero_grad()
        loss = 0.5 * ((X @ w - Y) ** 2).mean()
        if kind == "L1, subgradient step":
            loss = loss + lam * nn.utils.l1_penalty([w])
        loss.backward()
        opt.step()
    return w.detach().numpy()


KINDS = ["L2 (weight_decay)", "L1, subgradient step", "L1, proximal step"]
weights = {kind: np.array([fit(kind, lam) for lam in LAMBDAS]) for kind in KINDS}
exact_zeros = {kind: [int((w == 0).sum()) for w in ws] for kind, ws in weights.items()}
print(f"{'λ':>8}" + "".join(f"{kind:>24}" for kind in KINDS) + "      (exact zeros of 30)")
for i, lam in enumerate(LAMBDAS):
    print(f"{lam:>8.3g}" + "".join(f"{exact_zeros[kind][i]:>24}" for kind in KINDS))
near_zero = [int((np.abs(w) < 1e-3).sum()) for w in weights["L1, subgradient step"]]
print(f"subgradient step, weights with |w| < 1e-3 (hovering, not zero): {near_zero}")

# %%
fig, axes = plt.subplots(1, 3, figsize=(13, 3.8), sharey=True)
for ax, kind in zip(axes, KINDS):
    ax.plot(LAMBDAS, weights[kind][:, 5:], color="0.7", lw=0.8)
    ax.plot(LAMBDAS, weights[kind][:, :5], lw=1.5)
    ax.set(xscale="symlog", xlabel="λ", title=f"{kind}\nexact zeros: {exact_zeros[kind]}")
    ax.title.set_fontsize(9)
axes[0].set_ylabel("weights (colour: the 5 true features)")
fig.suptitle("Regularization paths: L2 shrinks, L1 with a proximal step gives exact zeros")
fig.tight_layout()
path = os.path.join(args.out, "l1_vs_l2.png")
fig.savefig(path, dpi=100)
print(f"wrote {path}")

# %% Part 2: L2 vs decoupled weight decay on f(w) = ½Σ cᵢ(wᵢ − 1)²
C, LAM, MU = np.array([10.0, 1.0, 0.0]), 0.5, 0.9
DECAY_STEPS = 300 if args.quick else 2000
PAIRS = {
    "SGD + L2": lambda p: optim.SGD(p, lr=0.1, weight_decay=LAM),
    "SGDW": lambda p: optim.SGDW(p, lr=0.1, weight_decay=LAM),
    "SGD momentum + L2": lambda p: optim.SGD(p, lr=0.01, momentum=MU, weight_decay=LAM),
    "SGDW momentum, λ/(1 − μ)": lambda p: optim.SGDW(p, lr=0.01, momentum=MU,
                                                     weight_decay=LAM / (1 - MU)),
    "Adam + L2": lambda p: optim.Adam(p, lr=0.02, weight_decay=LAM),
    "AdamW": lambda p: optim.AdamW(p, lr=0.02, weight_decay=LAM),
}


def decay_run(make):
    w = mg.ones(3, dtype=mg.float64, requires_grad=True)
    opt = make([w])
    out = [w.detach().numpy().copy()]
    for _ in range(DECAY_STEPS):
        opt.zero_grad()
        (0.5 * (mg.tensor(C) * (w - 1) ** 2).sum()).backward()
        opt.step()
        out.append(w.detach().numpy().copy())
    return np.array(out)


decay = {name: decay_run(make) for name, make in PAIRS.items()}
l2_solution = C / (C + LAM)
print(f"\nL2 solution cᵢ/(cᵢ + λ) = {np.round(l2_solution, 4)}")
print(f"{'optimizer':<28}{'final w':>30}{'distance to L2 solution':>26}")
for name, ws in decay.items():
    print(f"{name:<28}{str(np.round(ws[-1], 4)):>30}{np.abs(ws[-1] - l2_solution).max():>26.2e}")
sgd_same = float(np.abs(decay["SGD + L2"] - decay["SGDW"]).max())
momentum_differs = float(np.abs(decay["SGD momentum + L2"][:50]
                                - decay["SGDW momentum, λ/(1 − μ)"][:50]).max())
print(f"SGD + L2 vs SGDW: max difference over the run {sgd_same:.1e}; with momentum, "
      f"over the first 50 steps: {momentum_differs:.2e}")

# %%
fig, axes = plt.subplots(1, 3, figsize=(13, 3.6), sharey=True)
for ax, i in zip(axes, range(3)):
    for name, ws in decay.items():
        ax.plot(ws[:, i], label=name, lw=1.2, ls="--" if "L2" in name else "-")
    ax.axhline(l2_solution[i], color="k", lw=0.6)
    ax.set(title=f"weight {i + 1}: curvature c = {C[i]:g}", xlabel="step", xscale="symlog")
axes[0].set_ylabel("w (black: L2 solution)")
axes[0].legend(fontsize=7)
fig.suptitle(f"L2 regularization vs decoupled weight decay, λ = {LAM}")
fig.tight_layout()
path = os.path.join(args.out, "weight_decay.png")
fig.savefig(path, dpi=100)
print(f"wrote {path}")
