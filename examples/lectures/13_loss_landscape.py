"""A loss-landscape picture: 1-D interpolation and a 2-D slice with filter normalization.

COMP541 lecture 4 opens with a loss-landscape rendering ("mode connectivity",
losslandscape.com) and shows loss surfaces throughout. The standard way to draw
one (Li, Xu, Taylor, Studer & Goldstein, "Visualizing the Loss Landscape of
Neural Nets", NeurIPS 2018):
* 1-D linear interpolation (Goodfellow et al., 2015): L((1 − α)θ₀ + αθ*) from
  the initial weights θ₀ (α = 0) to the trained θ* (α = 1);
* a 2-D slice L(θ* + a·δ + b·η) along two random directions, each
  *filter-normalized*: every row of a weight matrix (one unit's incoming
  weights, a "filter") of δ is rescaled to the norm of the same row of θ*, and
  biases are not perturbed, so that distances mean the same in every layer.
The network is a small tanh MLP trained on a 3-arm spiral.

    python examples/lectures/13_loss_landscape.py [--quick] [--out DIR]
"""
# %%
import argparse
import os

import matplotlib.pyplot as plt
import numpy as np

import minigrad as mg
import minigrad.nn.functional as F
from minigrad import nn, optim

parser = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--quick", action="store_true", help="a small setting that runs in seconds")
parser.add_argument("--out", default="lecture-figures", help="directory for the figures "
                    "(default: %(default)s)")
args, _ = parser.parse_known_args()
os.makedirs(args.out, exist_ok=True)

# %% Data and a trained network
rng = np.random.default_rng(0)
radius = np.tile(np.linspace(0.05, 1, 100), 3)
angle = np.repeat(np.arange(3) * 2 * np.pi / 3, 100) + 4 * radius + 0.2 * rng.standard_normal(300)
X = mg.tensor(np.stack([radius * np.cos(angle), radius * np.sin(angle)], 1), dtype=mg.float32)
Y = mg.tensor(np.repeat(np.arange(3), 100))
mg.manual_seed(0)
model = nn.Sequential(nn.Linear(2, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh(), nn.Linear(64, 3))
initial = [p.detach().clone() for p in model.parameters()]
opt = optim.Adam(model.parameters(), lr=0.01)
for _ in range(200 if args.quick else 1000):
    opt.zero_grad()
    F.cross_entropy(model(X), Y).backward()
    opt.step()
trained = [p.detach().clone() for p in model.parameters()]


def loss_at(weights):
    with mg.no_grad():
        for p, w in zip(model.parameters(), weights):
            p.copy_(w)
        return F.cross_entropy(model(X), Y).item()


# %% 1-D: from θ₀ to θ* and beyond
alphas = np.linspace(-0.5, 1.5, 21 if args.quick else 81)
line = np.array([loss_at([(1 - a) * w0 + a * w1 for w0, w1 in zip(initial, trained)])
                 for a in alphas])


# %% 2-D: two filter-normalized random directions around θ*
def filter_normalized_direction(seed):
    mg.manual_seed(seed)
    direction = []
    for w in trained:
        if w.ndim < 2:                                  # biases: not perturbed
            direction.append(mg.zeros_like(w))
            continue
        d = mg.randn(*w.shape)
        d = d * (w.norm(dim=1, keepdim=True) / d.norm(dim=1, keepdim=True))  # per filter (row)
        direction.append(d)
    return direction


delta, eta = filter_normalized_direction(1), filter_normalized_direction(2)
coords = np.linspace(-1, 1, 11 if args.quick else 41)
surface = np.array([[loss_at([w + a * d + b * e for w, d, e in zip(trained, delta, eta)])
                     for a in coords] for b in coords])
loss_at(trained)                                        # leave the model trained

# %%
center = surface[len(coords) // 2, len(coords) // 2]
print(f"{'α':>6}{'L((1 − α)θ₀ + αθ*)':>22}")
for a, v in list(zip(alphas, line))[::max(1, len(alphas) // 10)]:
    print(f"{a:>6.2f}{v:>22.4f}")
print(f"\n2-D slice, {len(coords)}×{len(coords)} points: L(θ*) = {center:.4f}, min over the slice "
      f"{surface.min():.4f}, max {surface.max():.2f}; at the four corners (a, b = ±1): "
      + ", ".join(f"{surface[i, j]:.2f}" for i in (0, -1) for j in (0, -1)))

# %%
fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.5))
left.plot(alphas, line, "C0")
left.axvline(0, color="0.6", ls=":")
left.axvline(1, color="0.6", ls=":")
left.set(xlabel="α   (0: initial weights θ₀, 1: trained θ*)", ylabel="training loss",
         yscale="log", title="1-D linear interpolation")
a_grid, b_grid = np.meshgrid(coords, coords)
levels = np.geomspace(max(surface.min(), 1e-3), surface.max(), 25)
contours = right.contourf(a_grid, b_grid, surface, levels=levels, cmap="viridis",
                          norm=plt.matplotlib.colors.LogNorm())
right.contour(a_grid, b_grid, surface, levels=levels, colors="w", linewidths=0.3)
right.plot(0, 0, "r*", ms=10)
fig.colorbar(contours, ax=right, label="training loss")
right.set(xlabel="a (filter-normalized direction δ)", ylabel="b (direction η)",
          title="2-D slice around θ* (Li et al., 2018)")
fig.tight_layout()
path = os.path.join(args.out, "loss_landscape.png")
fig.savefig(path, dpi=100)
print(f"wrote {path}")
