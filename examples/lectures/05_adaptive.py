"""AdaGrad, RMSProp (Hinton's and Graves'), Adam with and without bias correction, AdamW.

All on one problem: logistic regression on features whose scales differ by 100×
(COMP541: "much different covariances → gradient update harder"), trained
with mini-batches. Each method is run in the lectures' forms where they differ
from PyTorch's: AdaGrad and RMSProp with ε inside the root (CPEN 455:
η/√(ε + G)), Adam without bias correction (CS231n's "incomplete, but close"
Adam). The script also checks the lectures' claims:

* CPEN 455: with β₁ = 0, Adam is RMSProp "besides the correction term":
  Adam(β₁=0, no bias correction) and RMSProp take identical steps;
* ST449: Adam's steps are bounded, ‖Δ‖∞ ≤ η(1 − β₁)/√(1 − β₂) when
  1 − β₁ ≥ √(1 − β₂), else η; with bias correction the first step is exactly η;
* ST449: Adam is scale invariant (f → c·f leaves the steps unchanged, ε → 0);
* AdaGrad's effective step η/√G only shrinks.

    python examples/lectures/05_adaptive.py [--quick] [--out DIR]
"""
# %%
import argparse
import os

import matplotlib.pyplot as plt
import numpy as np

import minigrad as mg
import minigrad.nn.functional as F
from minigrad import optim

parser = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--quick", action="store_true", help="a small setting that runs in seconds")
parser.add_argument("--out", default="lecture-figures", help="directory for the figures "
                    "(default: %(default)s)")
args, _ = parser.parse_known_args()
os.makedirs(args.out, exist_ok=True)

# %% The problem: 20 features with scales from 0.1 to 10, labels from a sparse rule
rng = np.random.default_rng(0)
N, D, BATCH = 500, 20, 50
EPOCHS = 15 if args.quick else 60
scales = np.geomspace(0.1, 10, D)
x = rng.standard_normal((N, D)) * scales
y = (x @ (rng.standard_normal(D) / scales) + 0.3 * rng.standard_normal(N) > 0).astype(float)
X, Y = mg.tensor(x), mg.tensor(y)

METHODS = {
    "AdaGrad (PyTorch: ε outside)": lambda p: optim.Adagrad(p, lr=0.3),
    "AdaGrad (lecture: ε inside √)": lambda p: optim.Adagrad(p, lr=0.3, eps=1e-7,
                                                             eps_inside_sqrt=True),
    "RMSProp (Hinton, α = 0.9)": lambda p: optim.RMSprop(p, lr=0.01, alpha=0.9),
    "RMSProp (lecture: ε inside √)": lambda p: optim.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-7,
                                                             eps_inside_sqrt=True),
    "RMSProp (Graves)": lambda p: optim.RMSpropGraves(p, lr=0.002),
    "Adam": lambda p: optim.Adam(p, lr=0.03),
    "Adam without bias correction": lambda p: optim.Adam(p, lr=0.03, bias_correction=False),
    "AdamW (λ = 0.01)": lambda p: optim.AdamW(p, lr=0.03, weight_decay=0.01),
}


def loss_fn(w, b, idx=slice(None)):
    return F.binary_cross_entropy_with_logits(X[idx] @ w + b, Y[idx])


def train(make):
    """Per-epoch full-data loss and the per-step sup-norm of the update Δ."""
    gen = np.random.default_rng(1)
    w = mg.zeros(D, dtype=mg.float64, requires_grad=True)
    b = mg.zeros(1, dtype=mg.float64, requires_grad=True)
    opt = make([w, b])
    curve, steps = [loss_fn(w, b).item()], []
    for _ in range(EPOCHS):
        for idx in gen.permutation(N).reshape(-1, BATCH):
            before = w.detach().numpy().copy()
            opt.zero_grad()
            loss_fn(w, b, mg.tensor(idx)).backward()
            opt.step()
            steps.append(np.abs(w.detach().numpy() - before).max())
        curve.append(loss_fn(w, b).item())
    return np.array(curve), np.array(steps)


results = {name: train(make) for name, make in METHODS.items()}
print(f"{'optimizer':<34}{'loss after 1 epoch':>20}{'final loss':>12}{'max ‖Δ‖∞/η':>13}")
lrs = {name: make([mg.zeros(1, requires_grad=True)]).param_groups[0]["lr"]
       for name, make in METHODS.items()}
for name, (curve, steps) in results.items():
    print(f"{name:<34}{curve[1]:>20.4f}{curve[-1]:>12.4f}{steps.max() / lrs[name]:>13.3f}")

# %% Claim: Adam with β₁ = 0 and no bias correction is RMSProp
def trajectory(make, scale=1.0, steps=30, seed=2):
    w = mg.tensor(np.random.default_rng(seed).standard_normal(D), requires_grad=True)
    opt = make([w])
    out = []
    for i in range(steps):
        opt.zero_grad()
        (scale * loss_fn(w, 0.0, mg.tensor(np.arange(i % 10 * BATCH, (i % 10 + 1) * BATCH)))
         ).backward()
        opt.step()
        out.append(w.detach().numpy().copy())
    return np.array(out)


adam_b0 = trajectory(lambda p: optim.Adam(p, lr=0.01, betas=(0.0, 0.9), eps=1e-8,
                                          bias_correction=False, eps_inside_sqrt=True))
rmsprop = trajectory(lambda p: optim.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-8,
                                             eps_inside_sqrt=True))
adam_is_rmsprop = float(np.abs(adam_b0 - rmsprop).max())
print(f"\nAdam(β₁ = 0, no bias correction) vs RMSProp: max difference {adam_is_rmsprop:.1e}")

# %% Claim: scale invariance of Adam (f and 1000·f give the same steps when ε → 0)
plain = trajectory(lambda p: optim.Adam(p, lr=0.01, eps=1e-12))
scaled = trajectory(lambda p: optim.Adam(p, lr=0.01, eps=1e-12), scale=1000.0)
scale_invariance = float(np.abs(plain - scaled).max())
print(f"Adam on f vs on 1000·f: max difference {scale_invariance:.1e}")

# %% Claim: the first Adam step is η per coordinate with bias correction, ≈ 3.16η without
first_step = {name: results[name][1][0] / lrs[name]
              for name in ("Adam", "Adam without bias correction")}
bound = (1 - 0.9) / np.sqrt(1 - 0.999)
print(f"first step / η: with bias correction {first_step['Adam']:.4f}, without "
      f"{first_step['Adam without bias correction']:.4f}; ST449 bound (1 − β₁)/√(1 − β₂) = "
      f"{bound:.4f} holds for Adam (max {results['Adam'][1].max() / lrs['Adam']:.3f}), "
      f"not without the correction (max "
      f"{results['Adam without bias correction'][1].max() / lrs['Adam']:.3f})")

# %%
fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.2))
for name, (curve, steps) in results.items():
    left.plot(curve, label=name, lw=1.2)
    right.semilogy(steps[:40] / lrs[name], label=name, lw=1)
left.set(xlabel="epoch", ylabel="training loss (BCE)", yscale="log",
         title="Adaptive methods on badly scaled logistic regression")
right.axhline(bound, color="k", ls="--", lw=0.8, label="ST449 bound (1 − β₁)/√(1 − β₂)")
right.set(xlabel="step", ylabel="‖Δ‖∞ / η", title="Step sizes: the first 40 steps")
left.legend(fontsize=7)
right.legend(fontsize=6)
fig.tight_layout()
path = os.path.join(args.out, "adaptive.png")
fig.savefig(path, dpi=100)
print(f"wrote {path}")
