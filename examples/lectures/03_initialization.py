"""The initialization experiment of COMP541 lecture 4 (from CS231n): layer statistics.

A 10-layer network of 500 units, no biases, is fed 1000 unit-Gaussian inputs
and initialised as on the slides,
    W = 0.01·randn   (tanh)   -> activations shrink to 0 layer after layer
    W = 1.0·randn    (tanh)   -> every unit saturates at ±1
    W = randn/√fan_in        (Xavier, tanh)  -> a slow, healthy decay
    W = randn/√fan_in        (Xavier, ReLU)  -> "it breaks" (halves each layer)
    W = randn/√(fan_in/2)    (He, ReLU)      -> constant statistics
and the table prints each hidden layer's mean and std, as the slides do, next
to the std of the gradients flowing back into each layer, ∂L/∂h, and of each
layer's weight gradient ∂L/∂W (L = Σ h₁₀ ⊙ G for a fixed random G): the
slide's question "what do the gradients look like?". The statistics and
histograms come from ``minigrad.utils.stats.layer_stats``.

    python examples/lectures/03_initialization.py [--quick] [--out DIR]
"""
# %%
import argparse
import math
import os

import matplotlib.pyplot as plt
import numpy as np

import minigrad as mg
from minigrad import nn
from minigrad.utils.stats import layer_stats

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


# %% One forward and one backward pass per scheme: minigrad.utils.stats.layer_stats
def run(nonlinearity, std):
    """layer_stats' records (activations h and ∂L/∂h per layer) and each layer's ∂L/∂W."""
    rng = np.random.default_rng(0)       # NumPy's generator, as the slides' np.random.randn
    layers = []
    for _ in range(LAYERS):
        linear = nn.Linear(WIDTH, WIDTH, bias=False)
        with mg.no_grad():
            linear.weight.copy_(mg.tensor(rng.standard_normal((WIDTH, WIDTH)) * std(WIDTH)))
        layers.append(nn.Sequential(linear, nn.Tanh() if nonlinearity == "tanh" else nn.ReLU()))
    x = mg.tensor(rng.standard_normal((SAMPLES, WIDTH)), dtype=mg.float32)
    upstream = mg.tensor(rng.standard_normal((SAMPLES, WIDTH)), dtype=mg.float32)
    records = layer_stats(layers, x, loss_fn=lambda h: (h * upstream).sum(), bins=60)
    return records, [layer[0].weight.grad.numpy() for layer in layers]


results = {name: run(*scheme) for name, scheme in SCHEMES.items()}

# %% The slides' table, plus the gradients
stats = {}
for name, (records, weight_grads) in results.items():
    stats[name] = dict(mean=[r.act_mean for r in records], std=[r.act_std for r in records],
                       act_grad_std=[r.grad_std for r in records],
                       grad_std=[float(g.std()) for g in weight_grads])
    print(f"\n{name}")
    print(f"{'layer':>7}{'mean':>12}{'std':>12}{'std of ∂L/∂h':>16}{'std of ∂L/∂W':>16}")
    for i in range(LAYERS):
        print(f"{i + 1:>7}{stats[name]['mean'][i]:>12.6f}{stats[name]['std'][i]:>12.6f}"
              f"{stats[name]['act_grad_std'][i]:>16.3e}{stats[name]['grad_std'][i]:>16.3e}")

# %% Histograms: one row per scheme, activations (left) and ∂L/∂h (right), from layer_stats
fig, axes = plt.subplots(len(SCHEMES), 2, figsize=(11, 2.3 * len(SCHEMES)))
colors = plt.cm.viridis(np.linspace(0, 1, LAYERS))


def density(counts, edges, scale=1.0):
    return counts / (counts.sum() * np.diff(edges / scale)), edges / scale


for row, (name, (records, _)) in zip(axes, results.items()):
    for i, r in enumerate(records):
        row[0].stairs(*density(*r.act_hist), color=colors[i], label=f"layer {i + 1}")
        row[1].stairs(*density(*r.grad_hist, scale=np.abs(r.grad_hist[1]).max() or 1.0),
                      color=colors[i])
    row[0].set(yscale="log", xlim=(-1, 1) if SCHEMES[name][0] == "tanh" else (0, 3))
    row[1].set(yscale="log", xlim=(-1, 1))
    row[0].set_ylabel(name, fontsize=9)
    row[0].set_title(f"activations (std layer 1 → 10: {stats[name]['std'][0]:.3g} → "
                     f"{stats[name]['std'][-1]:.3g})", fontsize=8)
    row[1].set_title("∂L/∂h, scaled to max 1 (std layer 1 → 10: "
                     f"{stats[name]['act_grad_std'][0]:.2g} → "
                     f"{stats[name]['act_grad_std'][-1]:.2g})", fontsize=8)
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
