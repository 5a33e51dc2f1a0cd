"""Learning-rate schedules: step, exponential, 1/t and cosine decay.

COMP541 lecture 4: "learning rate decay over time!" — step decay ("decay the
learning rate by half every few epochs"), exponential decay α = α₀e^(−kt),
1/t decay α = α₀/(1 + kt), plus cosine annealing. Each is a scheduler of
``minigrad.optim.lr_scheduler`` (PyTorch's, and ``InverseTimeLR`` for 1/t);
the table compares its values with the slide's formula. Part 2 runs SGD on a
noisy quadratic with each schedule: the noise floor a constant rate stalls at
shrinks with the rate.

    python examples/lectures/09_lr_schedules.py [--quick] [--out DIR]
"""
# %%
import argparse
import math
import os

import matplotlib.pyplot as plt
import numpy as np

import minigrad as mg
from minigrad import optim
from minigrad.optim import lr_scheduler

parser = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--quick", action="store_true", help="a small setting that runs in seconds")
parser.add_argument("--out", default="lecture-figures", help="directory for the figures "
                    "(default: %(default)s)")
args, _ = parser.parse_known_args()
os.makedirs(args.out, exist_ok=True)

EPOCHS, LR0, K = 100, 0.1, 0.05
SCHEDULES = {   # name: (scheduler, the slide's formula for the lr at epoch t)
    "constant": (lambda o: lr_scheduler.LambdaLR(o, lambda t: 1.0), lambda t: LR0),
    "step (halve every 20)": (lambda o: lr_scheduler.StepLR(o, step_size=20, gamma=0.5),
                              lambda t: LR0 * 0.5 ** (t // 20)),
    "exponential α₀e^(−kt)": (lambda o: lr_scheduler.ExponentialLR(o, gamma=math.exp(-K)),
                              lambda t: LR0 * math.exp(-K * t)),
    "1/t: α₀/(1 + kt)": (lambda o: lr_scheduler.InverseTimeLR(o, decay_rate=K),
                         lambda t: LR0 / (1 + K * t)),
    "cosine": (lambda o: lr_scheduler.CosineAnnealingLR(o, T_max=EPOCHS),
               lambda t: LR0 * (1 + math.cos(math.pi * t / EPOCHS)) / 2),
}


# %% Part 1: the schedules' values against the formulas
def lrs(make):
    opt = optim.SGD([mg.zeros(1, requires_grad=True)], lr=LR0)
    scheduler = make(opt)
    values = []
    for _ in range(EPOCHS + 1):
        values.append(scheduler.get_last_lr()[0])
        opt.step()
        scheduler.step()
    return np.array(values)


values = {name: lrs(make) for name, (make, _) in SCHEDULES.items()}
formula_error = {name: float(np.abs(values[name] - [f(t) for t in range(EPOCHS + 1)]).max())
                 for name, (_, f) in SCHEDULES.items()}
print(f"{'schedule':<24}" + "".join(f"{'t=' + str(t):>9}" for t in (0, 10, 20, 50, 100)) +
      f"{'max |sched − formula|':>23}")
for name, v in values.items():
    print(f"{name:<24}" + "".join(f"{v[t]:>9.4f}" for t in (0, 10, 20, 50, 100)) +
          f"{formula_error[name]:>23.1e}")

# %% Part 2: SGD on a noisy quadratic, f(w) = ½‖w‖², gradient w + noise
STEPS_PER_EPOCH = 5 if args.quick else 20


def noisy_run(make, seed=0):
    rng = np.random.default_rng(seed)
    w = mg.tensor(np.full(10, 3.0), requires_grad=True)
    opt = optim.SGD([w], lr=LR0)
    scheduler = make(opt)
    curve = []
    for _ in range(EPOCHS):
        for _ in range(STEPS_PER_EPOCH):
            opt.zero_grad()
            (0.5 * (w * w).sum() + (w * mg.tensor(rng.standard_normal(10))).sum()).backward()
            opt.step()
        scheduler.step()
        curve.append(0.5 * float((w.detach().numpy() ** 2).sum()))
    return np.array(curve)


final = {name: noisy_run(make) for name, (make, _) in SCHEDULES.items()}
print(f"\n{'schedule':<24}{'f after 10 epochs':>18}{'mean f, last 10 epochs':>24}")
for name, curve in final.items():
    print(f"{name:<24}{curve[9]:>18.4f}{curve[-10:].mean():>24.4f}")

# %%
fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4))
for name, v in values.items():
    left.plot(v, label=name)
    right.semilogy(final[name], label=name, lw=1)
left.set(xlabel="epoch", ylabel="learning rate", title="The schedules (α₀ = 0.1, k = 0.05)")
right.set(xlabel="epoch", ylabel="½‖w‖²", title="SGD on a noisy quadratic")
left.legend(fontsize=8)
fig.tight_layout()
path = os.path.join(args.out, "lr_schedules.png")
fig.savefig(path, dpi=100)
print(f"wrote {path}")
