"""The gradient-check exercise: write an op as an autograd.Function, check it, read the report.

    python examples/gradcheck_exercise.py

`BuggySigmoid.backward` uses y(1 + y) instead of y(1 − y). gradcheck finds the
worst element, both values, the tolerances, and names the op whose backward is
wrong; `Sigmoid` (fixed) passes. Then detect_anomaly stops at the first NaN/Inf.
"""
import argparse

import minigrad as mg
from minigrad.autograd import Function, GradcheckError, detect_anomaly, gradcheck


class Sigmoid(Function):
    """y = 1 / (1 + e⁻ˣ);   dy/dx = y (1 − y)"""

    @staticmethod
    def forward(ctx, x):
        y = 1 / (1 + (-x).exp())
        ctx.save_for_backward(y)
        return y

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return grad * y * (1 - y)


class BuggySigmoid(Sigmoid):
    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return grad * y * (1 + y)        # the bug


def main():
    argparse.ArgumentParser(description=__doc__,
                            formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    mg.manual_seed(0)
    x = mg.randn(2, 3, dtype=mg.float64, requires_grad=True)   # float64: finite differences need it
    print("Sigmoid passes:", gradcheck(lambda x: Sigmoid.apply(x * 2).sum(dim=0), [x]))
    try:
        gradcheck(lambda x: BuggySigmoid.apply(x * 2).sum(dim=0), [x])
    except GradcheckError as report:
        print("\nBuggySigmoid fails:\n" + str(report))
    with detect_anomaly():
        z = mg.tensor([0.0, 1.0], requires_grad=True)
        try:
            (z.log() * 0).sum().backward()
        except RuntimeError as err:
            print("\ndetect_anomaly:", err)


if __name__ == "__main__":
    main()
