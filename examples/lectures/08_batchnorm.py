"""BatchNorm's effect on training and on the sensitivity to initialization.

COMP541 lecture 4: batch normalization "improves gradient flow through the
network, allows higher learning rates, reduces the strong dependence on
initialization". A 6-layer tanh network classifies a 3-arm spiral; it is
trained with the same SGD + momentum from three weight scales (0.01·randn, the
Xavier scale randn/√fan_in, and 1.0·randn), with and without ``nn.BatchNorm1d``
after each hidden linear layer (before the nonlinearity, as the slides place it).

    python examples/lectures/08_batchnorm.py [--quick] [--out DIR]
"""
# %%
import argparse
import math
import os

import matplotlib.pyplot as plt
import numpy as np

import minigrad as mg
import minigrad.nn.functional as F
from minigrad import nn, optim
from minigrad.nn import init

parser = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--quick", action="store_true", help="a small setting that runs in seconds")
parser.add_argument("--out", default="lecture-figures", help="directory for the figures "
                    "(default: %(default)s)")
args, _ = parser.parse_known_args()
os.makedirs(args.out, exist_ok=True)

# %% The data: a 3-arm spiral, 100 points per arm
rng = np.random.default_rng(0)
radius = np.tile(np.linspace(0.05, 1, 100), 3)
angle = np.repeat(np.arange(3) * 2 * np.pi / 3, 100) + 4 * radius + 0.2 * rng.standard_normal(300)
X = mg.tensor(np.stack([radius * np.cos(angle), radius * np.sin(angle)], 1), dtype=mg.float32)
Y = mg.tensor(np.repeat(np.arange(3), 100))
DEPTH, WIDTH = 6, 32 if args.quick else 64
STEPS = 60 if args.quick else 600
SCALES = {"0.01·randn": lambda fan_in: 0.01, "Xavier": lambda fan_in: 1 / math.sqrt(fan_in),
          "1.0·randn": lambda fan_in: 1.0}


def network(batchnorm, std):
    mg.manual_seed(0)
    layers, fan_in = [], 2
    for _ in range(DEPTH - 1):
        linear = nn.Linear(fan_in, WIDTH)
        init.normal_(linear.weight, 0.0, std(fan_in))
        init.zeros_(linear.bias)
        layers += [linear] + ([nn.BatchNorm1d(WIDTH)] if batchnorm else []) + [nn.Tanh()]
        fan_in = WIDTH
    return nn.Sequential(*layers, nn.Linear(WIDTH, 3))


def train(model, lr=0.05):
    opt = optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    losses = []
    for _ in range(STEPS):
        opt.zero_grad()
        logits = model(X)           # full batch: BatchNorm's batch statistics are the data's
        loss = F.cross_entropy(logits, Y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    accuracy = (logits.argmax(dim=1) == Y).float().mean().item()      # at the last step
    return np.array(losses), accuracy


runs = {(bn, scale): train(network(bn, std)) for bn in (False, True)
        for scale, std in SCALES.items()}
print(f"{'initialization':<14}{'plain: final loss':>19}{'accuracy':>10}"
      f"{'BatchNorm: final loss':>23}{'accuracy':>10}")
for scale in SCALES:
    (plain, acc_plain), (normed, acc_bn) = runs[False, scale], runs[True, scale]
    print(f"{scale:<14}{plain[-1]:>19.3f}{acc_plain:>10.1%}{normed[-1]:>23.3f}{acc_bn:>10.1%}")
spread = {bn: np.ptp([runs[bn, s][0][-1] for s in SCALES]) for bn in (False, True)}
print(f"spread of the final loss over the three inits: plain {spread[False]:.3f}, "
      f"BatchNorm {spread[True]:.3f} (ln 3 = {math.log(3):.3f} is chance)")

# %%
fig, axes = plt.subplots(1, 2, figsize=(11, 3.8), sharey=True)
for ax, bn in zip(axes, (False, True)):
    for scale in SCALES:
        ax.plot(runs[bn, scale][0], label=f"{scale} (accuracy {runs[bn, scale][1]:.0%})")
    ax.axhline(math.log(3), color="k", ls=":", lw=0.8)
    ax.set(title="with BatchNorm1d" if bn else "without normalization", xlabel="step",
           yscale="log")
    ax.legend(fontsize=8)
axes[0].set_ylabel("training loss (dotted: ln 3, chance)")
fig.suptitle(f"{DEPTH}-layer tanh network on a spiral, SGD + momentum, three initializations")
fig.tight_layout()
path = os.path.join(args.out, "batchnorm.png")
fig.savefig(path, dpi=100)
print(f"wrote {path}")
