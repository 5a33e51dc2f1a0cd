"""The lecture experiment on weight initialisation: activation std, layer by layer.

A 10-layer MLP of 500 units is fed 1000 standard-normal inputs. With weights
0.01·randn the activations shrink towards 0 layer after layer (and so do the
gradients); with 1.0·randn tanh saturates at ±1; Xavier keeps tanh healthy
and He (Kaiming) keeps ReLU healthy.

    python examples/init_experiment.py

The lecture's full experiment (the slides' tables, histograms, gradients) is
examples/lectures/03_initialization.py.
"""
import argparse
import math

import minigrad as mg
import minigrad.nn as nn
from minigrad.nn import init

LAYERS, WIDTH, SAMPLES = 10, 500, 1000

SCHEMES = [
    ("tanh, 0.01·randn", nn.Tanh, lambda w: init.normal_(w, 0.0, 0.01)),
    ("tanh, 1.0·randn", nn.Tanh, lambda w: init.normal_(w, 0.0, 1.0)),
    ("tanh, Xavier", nn.Tanh, lambda w: init.xavier_normal_(w)),
    ("relu, 0.01·randn", nn.ReLU, lambda w: init.normal_(w, 0.0, 0.01)),
    ("relu, Xavier", nn.ReLU, lambda w: init.xavier_normal_(w)),
    ("relu, He", nn.ReLU, lambda w: init.kaiming_normal_(w, nonlinearity="relu")),
]


def layer_stds(activation, initialise, x):
    """The std of each hidden layer's output, and the fraction of last-layer units with
    |h| > 0.99 (saturated, for tanh)."""
    stds, saturated = [], 0.0
    with mg.no_grad():
        for _ in range(LAYERS):
            linear = nn.Linear(WIDTH, WIDTH, bias=False)
            initialise(linear.weight)
            x = activation()(linear(x))
            stds.append(float(x.std()))
        saturated = float((x.abs() > 0.99).float().mean())
    return stds, saturated


def main():
    argparse.ArgumentParser(description=__doc__,
                            formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    mg.manual_seed(0)
    x = mg.randn(SAMPLES, WIDTH)
    header = f"{'init':<18}" + "".join(f"{'L' + str(i + 1):>9}" for i in range(LAYERS))
    print(header + f"{'saturated':>11}")
    print("-" * (len(header) + 11))
    for name, activation, initialise in SCHEMES:
        stds, saturated = layer_stds(activation, initialise, x)
        sat = f"{saturated:11.0%}" if activation is nn.Tanh else f"{'-':>11}"
        print(f"{name:<18}" + "".join(f"{s:9.3g}" for s in stds) + sat)
    print(f"\nXavier std = √(2/(fan_in+fan_out)) = {math.sqrt(2 / (2 * WIDTH)):.4f}; "
          f"He std = √(2/fan_in) = {math.sqrt(2 / WIDTH):.4f}")


if __name__ == "__main__":
    main()
