"""Dropout: vanilla vs inverted, and dropout as an ensemble (MC average vs weight scaling).

COMP541 lecture 4 and ST449 lecture 3. Convention warning: on the slides p is
the probability of *keeping* a unit; in PyTorch (and minigrad) ``nn.Dropout(p)``
takes the probability of *dropping* it. Keep probability 0.8 is ``nn.Dropout(0.2)``.

* Vanilla dropout (``nn.Dropout(p, scale_at="test")``): drop in training, multiply
  by the keep probability at test time. Inverted dropout (PyTorch's, the
  default): divide by the keep probability in training, test time unchanged.
  Either way "output at test time = expected output at training time"; the
  slide's example a = w₀x + w₁y with keep probability ½ gives E[a] = ½(w₀x + w₁y).
* "Dropout is training a large ensemble of models": the Monte-Carlo average over
  dropout masks (``nn.utils.mc_dropout_predict``) vs the single weight-scaled
  pass ("can in fact do this with a single forward pass! (approximately)").

    python examples/lectures/07_dropout.py [--quick] [--out DIR]
"""
# %%
import argparse
import os

import matplotlib.pyplot as plt

import minigrad as mg
from minigrad import nn, optim

parser = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--quick", action="store_true", help="a small setting that runs in seconds")
parser.add_argument("--out", default="lecture-figures", help="directory for the figures "
                    "(default: %(default)s)")
args, _ = parser.parse_known_args()
os.makedirs(args.out, exist_ok=True)
mg.manual_seed(0)

# %% The slide's example: a = w₀x + w₁y, keep probability ½ (PyTorch p = 0.5)
w, inputs = mg.tensor([2.0, -1.0]), mg.tensor([3.0, 5.0])        # w₀x + w₁y = 6 − 5 = 1
samples = 200000                      # one batch of independent masks
print(f"{'dropout':<12}{'E[a] in training (MC)':>24}{'a at test time':>16}")
expected = {}
for scale_at in ("test", "train"):
    drop = nn.Dropout(0.5, scale_at=scale_at)
    train_mean = (w * drop(inputs.expand(samples, 2))).sum(dim=1).mean().item()
    test = (w * drop.eval()(inputs)).sum().item()
    expected[scale_at] = (train_mean, test)
    print(f"{'vanilla' if scale_at == 'test' else 'inverted':<12}{train_mean:>24.3f}{test:>16.3f}")

# %% Dropout as an ensemble: a small regression network, trained with dropout
x_train = mg.linspace(-1, 1, 40).reshape(-1, 1)
y_train = (3 * x_train).sin() + 0.1 * mg.randn(40, 1)
x_test = mg.linspace(-1.5, 1.5, 121).reshape(-1, 1)
y_test = (3 * x_test).sin()
STEPS = 300 if args.quick else 2000


def trained(scale_at):
    mg.manual_seed(1)
    model = nn.Sequential(nn.Linear(1, 64), nn.ReLU(), nn.Dropout(0.2, scale_at=scale_at),
                          nn.Linear(64, 64), nn.ReLU(), nn.Dropout(0.2, scale_at=scale_at),
                          nn.Linear(64, 1))
    opt = optim.Adam(model.parameters(), lr=0.01)
    for _ in range(STEPS):
        opt.zero_grad()
        ((model(x_train) - y_train) ** 2).mean().backward()
        opt.step()
    return model.eval()


def mse(prediction):
    return ((prediction - y_test) ** 2).mean().item()


COUNTS = [2, 10, 100] if args.quick else [2, 10, 100, 1000]
ensemble = {}
print(f"\n{'dropout':<10}{'weight scaling MSE':>20}" +
      "".join(f"{'MC ' + str(n) + ' MSE':>12}" for n in COUNTS) + f"{'|MC − scaled|':>15}")
for scale_at in ("test", "train"):
    model = trained(scale_at)
    with mg.no_grad():
        scaled = model(x_test)
    mc = {n: nn.utils.mc_dropout_predict(model, x_test, samples=n) for n in COUNTS}
    gap = {n: (m - scaled).abs().mean().item() for n, (m, _) in mc.items()}
    ensemble[scale_at] = dict(scaled=mse(scaled), mc={n: mse(m) for n, (m, _) in mc.items()},
                              gap=gap, curves=(scaled, *mc[COUNTS[-1]]))
    print(f"{'vanilla' if scale_at == 'test' else 'inverted':<10}{mse(scaled):>20.4f}" +
          "".join(f"{mse(m):>12.4f}" for m, _ in mc.values()) + f"{gap[COUNTS[-1]]:>15.4f}")

# %%
fig, axes = plt.subplots(1, 2, figsize=(12, 4), sharey=True)
for ax, scale_at in zip(axes, ("test", "train")):
    scaled, mean, std = (t.numpy().ravel() for t in ensemble[scale_at]["curves"])
    xs = x_test.numpy().ravel()
    ax.fill_between(xs, mean - 2 * std, mean + 2 * std, color="C0", alpha=0.2,
                    label="MC dropout ± 2 std")
    ax.plot(xs, mean, "C0", label=f"MC average ({COUNTS[-1]} masks)")
    ax.plot(xs, scaled, "C3--", label="weight scaling (one pass)")
    ax.plot(xs, y_test.numpy().ravel(), "k:", lw=1, label="sin(3x)")
    ax.plot(x_train.numpy(), y_train.numpy(), "k.", ms=4, label="training data")
    name = "vanilla (scale at test)" if scale_at == "test" else "inverted (scale in training)"
    ax.set(title=f"{name}: Dropout(p = 0.2) = keep 0.8", xlabel="x")
axes[0].legend(fontsize=7)
fig.suptitle("Dropout as an ensemble: Monte-Carlo average vs weight scaling")
fig.tight_layout()
path = os.path.join(args.out, "dropout.png")
fig.savefig(path, dpi=100)
print(f"wrote {path}")
