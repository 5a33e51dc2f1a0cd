"""Plot every activation of minigrad.nn and its derivative, both computed by minigrad.

The derivative is what autograd returns (x.grad after y.sum().backward()), so
the plot also shows the subgradients chosen at the kinks.

    python examples/plot_activations.py [--out PATH]     # default: docs/nn/activations.png
Needs matplotlib (pip install 'minigrad[plot]').
"""
import argparse
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import minigrad as mg  # noqa: E402
import minigrad.nn as nn  # noqa: E402

ACTIVATIONS = [nn.ReLU(), nn.ReLU6(), nn.LeakyReLU(0.1), nn.PReLU(), nn.RReLU().eval(),
               nn.ELU(), nn.SELU(), nn.CELU(0.5), nn.GELU(), nn.GELU("tanh"), nn.SiLU(),
               nn.Mish(), nn.Softplus(), nn.Sigmoid(), nn.Tanh(), nn.LogSigmoid(),
               nn.Hardsigmoid(), nn.Hardswish(), nn.Hardtanh(), nn.Softsign(), nn.Tanhshrink(),
               nn.Hardshrink(), nn.Softshrink(), nn.Threshold(1.0, -0.5)]


def curves(module, x):
    """y = f(x) and f'(x), both from minigrad."""
    x = x.detach().requires_grad_()
    y = module(x)
    y.sum().backward()
    return y.detach().numpy(), x.grad.numpy()


def main(path):
    x = mg.linspace(-7, 7, 1401, dtype=mg.float64)
    cols = 6
    rows = (len(ACTIVATIONS) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 2.6 * rows))
    for ax, module in zip(axes.flat, ACTIVATIONS):
        y, dy = curves(module, x)
        ax.plot(x.numpy(), y, label="f(x)", color="tab:blue")
        ax.plot(x.numpy(), dy, label="f'(x)", color="tab:orange", linestyle="--")
        ax.axhline(0, color="gray", linewidth=0.5)
        ax.axvline(0, color="gray", linewidth=0.5)
        ax.set_title(repr(module), fontsize=9)
        ax.set_ylim(-2.5, 7)
    for ax in list(axes.flat)[len(ACTIVATIONS):]:
        ax.axis("off")
    axes.flat[0].legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    print(f"wrote {path}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                      "..", "docs", "nn", "activations.png"),
                        help="where the figure goes (default: docs/nn/activations.png)")
    main(parser.parse_args().out)
