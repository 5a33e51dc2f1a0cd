"""Paths of every minigrad optimizer on a 2-D ravine; writes docs/optimizer_paths.png.

    python examples/optimizer_paths.py [--out PATH]

The ravine f(x, y) = ½(x² + 30 y²) + ¼ sin(x) y² (mildly non-quadratic) has a
steep y-direction and a shallow x-direction (condition number about 30):
plain gradient descent zig-zags across the valley, momentum overshoots along
it, the adaptive methods rescale the two directions. Every path below is
computed by minigrad (float64), from the same start, for the same number of
gradient evaluations per step.
"""
import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import minigrad as mg  # noqa: E402
from minigrad import optim  # noqa: E402

START = [-4.0, 1.2]
STEPS = 60


def ravine(w):
    x, y = w[0], w[1]
    return 0.5 * (x * x + 30 * y * y) + 0.25 * x.sin() * y * y


O = optim
OPTIMIZERS = {
    "SGD (η=0.06)": lambda p: O.SGD(p, lr=0.06),
    "momentum 0.9": lambda p: O.SGD(p, lr=0.01, momentum=0.9),
    "Nesterov (SGD)": lambda p: O.SGD(p, lr=0.01, momentum=0.9, nesterov=True),
    "heavy ball (Polyak)": lambda p: O.HeavyBall(p, lr=0.01, momentum=0.9),
    "Nesterov 1983": lambda p: O.NesterovAGD(p, lr=0.03),
    "AdaGrad": lambda p: O.Adagrad(p, lr=1.0),
    "RMSprop": lambda p: O.RMSprop(p, lr=0.1, alpha=0.9),
    "RMSprop (Graves)": lambda p: O.RMSpropGraves(p, lr=0.05),
    "Adadelta (η=30)": lambda p: O.Adadelta(p, lr=30.0),
    "Adam": lambda p: O.Adam(p, lr=0.3),
    "AdamW": lambda p: O.AdamW(p, lr=0.3, weight_decay=0.1),
    "Adamax": lambda p: O.Adamax(p, lr=0.3),
    "NAdam": lambda p: O.NAdam(p, lr=0.3),
    "RAdam (η=0.06)": lambda p: O.RAdam(p, lr=0.06),
    "ASGD": lambda p: O.ASGD(p, lr=0.06),
    "Rprop": lambda p: O.Rprop(p, lr=0.1),
    "SAM (SGD, η=0.04)": lambda p: O.SAM(p, O.SGD, rho=0.05, lr=0.04),
    "EG-SAM (SGD, η=0.03)": lambda p: O.EGSAM(p, O.SGD, rho=0.05, lr=0.03),
    "OG-SAM (SGD, η=0.02)": lambda p: O.OGSAM(p, O.SGD, rho=0.05, lr=0.02),
    "AO-SAM (SGD, η=0.04)": lambda p: O.AOSAM(p, O.SGD, rho=0.05, lr=0.04),
    "Lookahead (Adam)": lambda p: O.Lookahead(O.Adam(p, lr=0.3), k=5, alpha=0.5),
    "L-BFGS (1 iter/step)": lambda p: O.LBFGS(p, lr=1, max_iter=1),
    "Newton (damped, η=0.3)": lambda p: O.Newton(p, lr=0.3),
}


def path(make):
    w = mg.tensor(START, dtype=mg.float64, requires_grad=True)
    opt = make([w])
    newton = isinstance(opt, O.Newton)

    def closure():
        opt.zero_grad()
        loss = ravine(w)
        if not newton:
            loss.backward()
        return loss

    points = [w.detach().numpy().copy()]
    for _ in range(STEPS):
        closure()
        opt.step(closure)
        points.append(w.detach().numpy().copy())
    return np.array(points)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "docs",
                                                      "optimizer_paths.png"),
                        help="where the figure goes (default: docs/optimizer_paths.png)")
    out = parser.parse_args().out
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    xs, ys = np.meshgrid(np.linspace(-4.5, 1.5, 200), np.linspace(-1.6, 1.6, 200))
    zs = 0.5 * (xs ** 2 + 30 * ys ** 2) + 0.25 * np.sin(xs) * ys ** 2
    cols = 4
    rows = -(-len(OPTIMIZERS) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4 * cols, 2.6 * rows), sharex=True, sharey=True)
    for ax, (name, make) in zip(axes.flat, OPTIMIZERS.items()):
        p = path(make)
        final = float(ravine(mg.tensor(p[-1], dtype=mg.float64)))
        ax.contour(xs, ys, zs, levels=np.geomspace(0.01, 60, 14), colors="0.75", linewidths=0.6)
        ax.plot(p[:, 0], p[:, 1], ".-", color="C3", lw=1, ms=2.5)
        ax.plot(*START, "ko", ms=3)
        ax.plot(0, 0, "k*", ms=6)
        ax.set_title(f"{name}\nf after {STEPS} steps: {final:.1e}", fontsize=8)
        ax.set_xlim(-4.5, 1.5)
        ax.set_ylim(-1.6, 1.6)
        ax.tick_params(labelsize=6)
    for ax in list(axes.flat)[len(OPTIMIZERS):]:
        ax.axis("off")
    fig.suptitle("minigrad optimizers on the ravine ½(x² + 30y²) + ¼ sin(x) y², "
                 f"{STEPS} steps from {tuple(START)}", fontsize=10)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    print(f"wrote {os.path.normpath(out)}")


if __name__ == "__main__":
    main()
