"""The reference problem of references/optimizers.md: f(w) = ½(w₁² + 10 w₂²), w₀ = [1, −2]."""
import numpy as np

import minigrad as mg
from tests.helpers import to_numpy

W0 = [1.0, -2.0]


def f(w):
    scale = mg.tensor([1.0, 10.0], dtype=mg.float64, device=w.device)
    return 0.5 * (scale * w * w).sum()


def start(device="cpu"):
    return mg.tensor(W0, dtype=mg.float64, device=device, requires_grad=True)


def iterates(make, steps=3, device="cpu", loss=f, backward_in_closure=True):
    """Run ``make([w])`` for ``steps`` steps; the parameters after each step.

    Gradients are computed before ``step`` (as usual) and the closure recomputes
    them, so optimizers that need a closure (SAM, LBFGS, ...) run the same way.
    """
    w = start(device)
    opt = make([w])

    def closure():
        opt.zero_grad()
        value = loss(w)
        if backward_in_closure:
            value.backward()
        return value

    out = []
    for _ in range(steps):
        closure()
        opt.step(closure)
        out.append(to_numpy(w).copy())
    return np.array(out)
