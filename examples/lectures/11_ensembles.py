"""Model ensembles, and checkpoint averaging with a running (EMA) average of the weights.

COMP541 lecture 4: "Train several different models separately, then have all of
the models vote on the output for test examples", and "we can also get a small
boost from averaging multiple model checkpoints of a single model: keep track
of (and use at test time) a running average parameter vector",
``x_test = 0.995*x_test + 0.005*x``. Here: five small networks from five seeds
fit noisy sin(3x); their averaged prediction is compared with each member.
Then one network is trained with a large, noisy SGD step, and the lecture's
EMA (PyTorch's ``AveragedModel`` with ``get_ema_multi_avg_fn(0.995)``, checked
against the slide's formula) and the plain Polyak (SWA) average are evaluated
next to the raw weights.

    python examples/lectures/11_ensembles.py [--quick] [--out DIR]
"""
# %%
import argparse
import os

import matplotlib.pyplot as plt
import numpy as np

import minigrad as mg
from minigrad import nn, optim
from minigrad.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn

parser = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--quick", action="store_true", help="a small setting that runs in seconds")
parser.add_argument("--out", default="lecture-figures", help="directory for the figures "
                    "(default: %(default)s)")
args, _ = parser.parse_known_args()
os.makedirs(args.out, exist_ok=True)

mg.manual_seed(0)
x_train = mg.rand(40, 1) * 2 - 1
y_train = (3 * x_train).sin() + 0.3 * mg.randn(40, 1)
x_test = mg.linspace(-1, 1, 200).reshape(-1, 1)
y_test = (3 * x_test).sin()
STEPS = 200 if args.quick else 1500


def model_from(seed):
    mg.manual_seed(seed)
    return nn.Sequential(nn.Linear(1, 64), nn.Tanh(), nn.Linear(64, 64), nn.Tanh(),
                         nn.Linear(64, 1))


def test_mse(model):
    with mg.no_grad():
        return ((model(x_test) - y_test) ** 2).mean().item()


# %% Part 1: an ensemble of five independently trained networks
members = []
for seed in range(5):
    model = model_from(seed)
    opt = optim.Adam(model.parameters(), lr=0.01)
    for _ in range(STEPS):
        opt.zero_grad()
        ((model(x_train) - y_train) ** 2).mean().backward()
        opt.step()
    members.append(model)
with mg.no_grad():
    ensemble_prediction = mg.stack([m(x_test) for m in members]).mean(dim=0)
member_mse = [test_mse(m) for m in members]
ensemble_mse = ((ensemble_prediction - y_test) ** 2).mean().item()
print("test MSE of each member: " + ", ".join(f"{v:.4f}" for v in member_mse))
print(f"mean of the members {np.mean(member_mse):.4f}; the ensemble's average prediction "
      f"{ensemble_mse:.4f}")

# %% Part 2: one network, noisy SGD; raw weights vs EMA vs Polyak averaging
model = model_from(10)
ema = AveragedModel(model, multi_avg_fn=get_ema_multi_avg_fn(0.995))
ema.update_parameters(model)     # the first call copies: start the average at w₀, as x_test
polyak = AveragedModel(model)                    # the equal-weight running mean (SWA)
x_ema = [p.detach().clone() for p in model.parameters()]    # the slide's x_test, by hand
opt = optim.SGD(model.parameters(), lr=0.1)
rng = np.random.default_rng(0)
curves = {"raw weights": [], "EMA 0.995": [], "Polyak average": []}
for step in range(2 * STEPS):
    idx = mg.tensor(rng.choice(40, 2, replace=False))         # batches of 2: noisy steps
    opt.zero_grad()
    ((model(x_train[idx]) - y_train[idx]) ** 2).mean().backward()
    opt.step()
    ema.update_parameters(model)
    if step >= STEPS:                            # average the second half only (SWA style)
        polyak.update_parameters(model)
    with mg.no_grad():
        for avg, p in zip(x_ema, model.parameters()):
            avg.copy_(0.995 * avg + 0.005 * p)
    curves["raw weights"].append(test_mse(model))
    curves["EMA 0.995"].append(test_mse(ema))
    curves["Polyak average"].append(test_mse(polyak) if step >= STEPS else np.nan)
ema_vs_slide = max(float((a - b).abs().max()) for a, b in
                   zip(x_ema, ema.module.parameters()))
final = {name: float(np.mean(c[-50:])) for name, c in curves.items()}
print(f"\n{'weights used at test time':<28}{'test MSE (mean of the last 50 steps)':>38}")
for name, value in final.items():
    print(f"{name:<28}{value:>38.4f}")
print(f"AveragedModel(get_ema_multi_avg_fn(0.995)) vs the slide's x_test formula: "
      f"max difference {ema_vs_slide:.1e} (float32 rounding)")

# %%
fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4))
with mg.no_grad():
    for i, m in enumerate(members):
        left.plot(x_test.numpy(), m(x_test).numpy(), color="0.6", lw=0.8,
                  label="members" if i == 0 else None)
left.plot(x_test.numpy(), ensemble_prediction.numpy(), "C3", label=f"ensemble "
          f"(MSE {ensemble_mse:.3f} vs members' mean {np.mean(member_mse):.3f})")
left.plot(x_test.numpy(), y_test.numpy(), "k:", label="sin(3x)")
left.plot(x_train.numpy(), y_train.numpy(), "k.", ms=4)
left.legend(fontsize=8)
left.set(title="Five networks and their average", xlabel="x")
for name, c in curves.items():
    right.semilogy(c, label=f"{name} ({final[name]:.3f})", lw=1)
right.set(title="Noisy SGD: raw vs averaged weights", xlabel="step", ylabel="test MSE")
right.legend(fontsize=8)
fig.tight_layout()
path = os.path.join(args.out, "ensembles.png")
fig.savefig(path, dpi=100)
print(f"wrote {path}")
