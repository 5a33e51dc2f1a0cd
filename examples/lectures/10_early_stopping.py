"""Early stopping: stop when the validation loss stops improving, keep the best weights.

COMP541 and CPEN 455 lecture 4: "check the validation error and if it is keep
increasing within a time window, then we stop the training! If you worry that
it will go down again, run until the maximum number of iterations and pick the
model with the least validation error." ``minigrad.utils.EarlyStopping`` is that
rule (patience = the time window, restore_best = pick the best model).
A wide network fits 16 noisy points of sin(3x); the validation loss falls, then
rises as it overfits.

    python examples/lectures/10_early_stopping.py [--quick] [--out DIR]
"""
# %%
import argparse
import os

import matplotlib.pyplot as plt

import minigrad as mg
from minigrad import nn, optim
from minigrad.utils import EarlyStopping

parser = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--quick", action="store_true", help="a small setting that runs in seconds")
parser.add_argument("--out", default="lecture-figures", help="directory for the figures "
                    "(default: %(default)s)")
args, _ = parser.parse_known_args()
os.makedirs(args.out, exist_ok=True)

# %% The rule on a made-up validation curve (patience 2)
stopper = EarlyStopping(patience=2)
curve = [1.0, 0.8, 0.81, 0.79, 0.80, 0.82, 0.83]
for epoch, value in enumerate(curve):
    if stopper.step(value):
        break
reference = {"stopped_epoch": stopper.stopped_epoch, "best_epoch": stopper.best_epoch}
print(f"validation losses {curve}: stop after epoch {stopper.stopped_epoch}, "
      f"best epoch {stopper.best_epoch} ({stopper.best})")

# %% Overfitting a small regression
mg.manual_seed(0)
x_train = mg.rand(16, 1) * 2 - 1
y_train = (3 * x_train).sin() + 0.3 * mg.randn(16, 1)
x_val = mg.rand(200, 1) * 2 - 1
y_val = (3 * x_val).sin() + 0.3 * mg.randn(200, 1)
EPOCHS = 400 if args.quick else 1500


def fresh_model():
    mg.manual_seed(1)
    return nn.Sequential(nn.Linear(1, 128), nn.Tanh(), nn.Linear(128, 128), nn.Tanh(),
                         nn.Linear(128, 1))


def mse(model, x, y):
    with mg.no_grad():
        return ((model(x) - y) ** 2).mean().item()


def train(model, stopper=None):
    opt = optim.Adam(model.parameters(), lr=0.01)
    train_curve, val_curve = [], []
    for _ in range(EPOCHS):
        opt.zero_grad()
        loss = ((model(x_train) - y_train) ** 2).mean()
        loss.backward()
        opt.step()
        train_curve.append(loss.item())
        val_curve.append(mse(model, x_val, y_val))
        if stopper is not None and stopper.step(val_curve[-1], model):
            break
    return train_curve, val_curve


full_model = fresh_model()
full_train, full_val = train(full_model)
stopped_model = fresh_model()
stopper = EarlyStopping(patience=50)
train(stopped_model, stopper)
best_val = mse(stopped_model, x_val, y_val)
print(f"\n{'':<30}{'epochs':>8}{'train MSE':>11}{'validation MSE':>16}")
print(f"{'trained to the end':<30}{EPOCHS:>8}{full_train[-1]:>11.4f}{full_val[-1]:>16.4f}")
print(f"{'early stopping (patience 50)':<30}{stopper.stopped_epoch + 1:>8}"
      f"{mse(stopped_model, x_train, y_train):>11.4f}{best_val:>16.4f}"
      f"   (best epoch {stopper.best_epoch}, weights restored)")

# %%
fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4))
left.semilogy(full_train, label="training")
left.semilogy(full_val, label="validation")
left.axvline(stopper.best_epoch, color="k", ls="--", lw=0.8, label="best epoch (kept)")
left.axvline(stopper.stopped_epoch, color="k", ls=":", lw=0.8, label="stopped (patience 50)")
left.set(xlabel="epoch", ylabel="MSE", title="Overfitting, and where early stopping stops")
left.legend(fontsize=8)
grid = mg.linspace(-1, 1, 200).reshape(-1, 1)
with mg.no_grad():
    right.plot(grid.numpy(), full_model(grid).numpy(), label="trained to the end")
    right.plot(grid.numpy(), stopped_model(grid).numpy(), label="early stopping")
right.plot(grid.numpy(), (3 * grid).sin().numpy(), "k:", label="sin(3x)")
right.plot(x_train.numpy(), y_train.numpy(), "ko", ms=4, label="training data")
right.legend(fontsize=8)
right.set(xlabel="x", title="The two fits")
fig.tight_layout()
path = os.path.join(args.out, "early_stopping.png")
fig.savefig(path, dpi=100)
print(f"wrote {path}")
