"""The initialization experiment of COMP541 lecture 4 (from CS231n): layer statistics.

A 10-layer network of 500 units, no biases, is fed 1000 unit-Gaussian inputs
and initialised as on the slides,
    W = 0.01·randn   (tanh)   -> activations shrink to 0 layer after layer
    W = 1.0·randn    (tanh)   -> every unit saturates at ±1
    W = randn/√fan_in        (Xavier, tanh)  -> a slow, healthy decay
    W = randn/√fan_in        (Xavier, ReLU)  -> "it breaks" (halves each layer)
    W = randn/√(fan_in/2)    (He, ReLU)      -> constant statistics
and the table prints each hidden layer's mean and std, as the slides do, next
to the std of each layer's weight gradient ∂L/∂W (L = Σ h₁₀ ⊙ G for a fixed
random G): the slide's question "what do the gradients look like?". The
figures show the histograms of both, layer by layer.

    python examples/lectures/03_initialization.py [--quick] [--out DIR]
"""
# %%
import argparse
import math
import os

import matplotlib.pyplot as plt
import numpy as np

import minigrad as mg

parser = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--quick", action="store_true", help="a small setting that runs in seconds")
parser.add_argument("--out", default="lecture-figures", help="directory for the figures "
                    "(default: %(default)s)")
args, _ = parser.parse_known_args()
os.makedirs(args.out, exist_ok=True)

LAYERS, WIDTH = 10, 500
SAMPLES = 100 if args.quick else 1000
SCHEMES = {   # name: (nonlinearity, weight std as a function of fan_in)
    "0.01·randn, tanh": ("tanh", lambda fan_in: 0.01),
    "1.0·randn, tanh": ("tanh", lambda fan_in: 1.0),
    "Xavier, tanh": ("tanh", lambda fan_in: 1 / math.sqrt(fan_in)),
    "Xavier, ReLU": ("relu", lambda fan_in: 1 / math.sqrt(fan_in)),
    "He, ReLU": ("relu", lambda fan_in: 1 / math.sqrt(fan_in / 2)),
}


# %% One forward and one backward pass per scheme, keeping every hidden layer
def run(nonlinearity, std):
    """Each hidden layer's activations h and weight gradients ∂L/∂W, as NumPy arrays."""
    rng = np.random.default_rng(0)       # NumPy's generator, as the slides' np.random.randn
    x = mg.tensor(rng.standard_normal((SAMPLES, WIDTH)), dtype=mg.float32)
    hs, ws = [], []
    for _ in range(LAYERS):
        w = rng.standard_normal((WIDTH, WIDTH)) * std(WIDTH)
        ws.append(mg.tensor(w, dtype=mg.float32, requires_grad=True))
        x = x @ ws[-1]
        x = x.tanh() if nonlinearity == "tanh" else x.relu()
        hs.append(x)
    (hs[-1] * mg.tensor(rng.standard_normal(hs[-1].shape), dtype=mg.float32)).sum().backward()
    return [h.detach().numpy() for h in hs], [w.grad.numpy() for w in ws]


results = {name: run(*scheme) for name, scheme in SCHEMES.items()}

# %% The slides' table, plus the gradients
stats = {}
for name, (acts, grads) in results.items():
    stats[name] = dict(mean=[float(a.mean()) for a in acts], std=[float(a.std()) for a in acts],
                       saturated=[float((np.abs(a) > 0.99).mean()) for a in acts],
                       grad_std=[float(g.std()) for g in grads])
    print(f"\n{name}")
    print(f"{'layer':>7}{'mean':>12}{'std':>12}{'|h| > 0.99':>12}{'std of ∂L/∂W':>16}")
    for i in range(LAYERS):
        print(f"{i + 1:>7}{stats[name]['mean'][i]:>12.6f}{stats[name]['std'][i]:>12.6f}"
              f"{stats[name]['saturated'][i]:>12.1%}{stats[name]['grad_std'][i]:>16.3e}")

# %% Histograms: one row per scheme, activations (left) and gradients (right)
fig, axes = plt.subplots(len(SCHEMES), 2, figsize=(11, 2.3 * len(SCHEMES)))
colors = plt.cm.viridis(np.linspace(0, 1, LAYERS))
for row, (name, (acts, grads)) in zip(axes, results.items()):
    lo = -1 if SCHEMES[name][0] == "tanh" else 0
    for i in range(LAYERS):
        row[0].stairs(*np.histogram(acts[i], bins=60, range=(lo, 1 if lo else 3), density=True),
                      color=colors[i], label=f"layer {i + 1}")
        g = grads[i] / (np.abs(grads[i]).max() or 1)
        row[1].stairs(*np.histogram(g, bins=60, range=(-1, 1), density=True), color=colors[i])
    row[0].set_yscale("log")
    row[1].set_yscale("log")
    row[0].set_ylabel(name, fontsize=9)
    row[0].set_title(f"activations (std layer 1 → 10: {stats[name]['std'][0]:.3g} → "
                     f"{stats[name]['std'][-1]:.3g})", fontsize=8)
    row[1].set_title("∂L/∂W, scaled to max 1 (std layer 1 → 10: "
                     f"{stats[name]['grad_std'][0]:.2g} → {stats[name]['grad_std'][-1]:.2g})",
                     fontsize=8)
axes[0, 0].legend(fontsize=6, ncol=2)
fig.suptitle("Initialization: histograms of each hidden layer (10 layers × 500 units)")
fig.tight_layout()
path = os.path.join(args.out, "init_histograms.png")
fig.savefig(path, dpi=90)
print(f"wrote {path}")

# %% The standard deviations layer by layer, activations and gradients
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8))
for name in SCHEMES:
    left.semilogy(range(1, LAYERS + 1), stats[name]["std"], "o-", label=name)
    right.semilogy(range(1, LAYERS + 1), stats[name]["grad_std"], "o-", label=name)
left.set(xlabel="layer", title="std of the activations")
right.set(xlabel="layer", title="std of the weight gradient ∂L/∂W")
left.legend(fontsize=8)
fig.tight_layout()
path = os.path.join(args.out, "init_stds.png")
fig.savefig(path, dpi=100)
print(f"wrote {path}")
