"""Train one small network with each of the lectures' optimizers and compare the loss curves.

    python examples/compare_optimizers.py

A 2-16-3 tanh network on a synthetic three-spiral data set (full batch, so the
curves show the optimizers, not the sampling noise). Every run starts from
the same initial weights. Learning rates are typical values for each method.
"""
import argparse
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import minigrad as mg  # noqa: E402
import minigrad.nn as nn  # noqa: E402
from minigrad import optim  # noqa: E402

OPTIMIZERS = {
    "SGD": lambda p: optim.SGD(p, lr=0.5),
    "momentum": lambda p: optim.SGD(p, lr=0.1, momentum=0.9),
    "Nesterov": lambda p: optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True),
    "AdaGrad": lambda p: optim.Adagrad(p, lr=0.1),
    "RMSProp": lambda p: optim.RMSprop(p, lr=0.01),
    "Adadelta": lambda p: optim.Adadelta(p, lr=1.0),
    "Adam": lambda p: optim.Adam(p, lr=0.01),
    "AdamW": lambda p: optim.AdamW(p, lr=0.01, weight_decay=0.01),
}
EPOCHS = 300
REPORT = [0, 10, 30, 100, 200, 299]


def spirals(n=100, classes=3, seed=0):
    """CS231n's spiral data: ``classes`` arms of ``n`` noisy points each."""
    rng = np.random.default_rng(seed)
    x, y = [], []
    for c in range(classes):
        r = np.linspace(0.0, 1, n)
        angle = np.linspace(c * 4, (c + 1) * 4, n) + rng.standard_normal(n) * 0.2
        x.append(np.c_[r * np.sin(angle), r * np.cos(angle)])
        y.append(np.full(n, c))
    return mg.tensor(np.concatenate(x), dtype=mg.float32), mg.tensor(np.concatenate(y))


def train(make_optimizer, x, y, initial_state):
    model = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 3))
    model.load_state_dict(initial_state)
    opt = make_optimizer(model.parameters())
    loss_fn = nn.CrossEntropyLoss()
    losses = []
    for _ in range(EPOCHS):
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    accuracy = (model(x).argmax(1) == y).float().mean().item()
    return losses, accuracy


def main():
    argparse.ArgumentParser(description=__doc__,
                            formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    mg.manual_seed(0)
    x, y = spirals()
    initial = {k: v.clone() for k, v in
               nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 3)).state_dict().items()}
    header = f"{'optimizer':<10}" + "".join(f"{'epoch ' + str(e):>11}" for e in REPORT) + \
        f"{'accuracy':>10}"
    print(f"training loss (cross-entropy, chance = {math.log(3):.3f}) on 300 spiral points")
    print(header)
    print("-" * len(header))
    for name, make in OPTIMIZERS.items():
        losses, accuracy = train(make, x, y, initial)
        print(f"{name:<10}" + "".join(f"{losses[e]:>11.4f}" for e in REPORT) + f"{accuracy:>10.2f}")


if __name__ == "__main__":
    main()
