"""Shared by the op tests: input transforms that keep values off kinks and ties, and
``grad_of``."""
import numpy as np

import minigrad as mg
from tests.helpers import to_numpy


def on_grid(a):
    """Values k/4 + 1/8: never an integer nor a half, never within 1/8 of one another's tie."""
    return np.round(a * 4) / 4 + 0.125


def distinct(a):
    """``a`` with every value made distinct (sort and topk are smooth away from ties)."""
    return a + np.arange(a.size).reshape(a.shape) * 1e-3


def positive(a):
    return np.abs(a) + 0.2


def away_from_zero(a):
    return np.where(a >= 0, a + 0.2, a - 0.2)


def index(values, device="cpu"):
    return mg.tensor(np.asarray(values, dtype=np.int64), device=device)


def grad_of(fn, x):
    (g,) = mg.autograd.grad(fn(x), x)
    return to_numpy(g).tolist()
