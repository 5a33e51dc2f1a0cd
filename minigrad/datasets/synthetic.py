"""Small generated data sets for teaching. Each is seeded: the same ``seed``
gives the same points, whatever else has drawn random numbers.

    spiral   CS231n's spiral: ``classes`` arms,  r = t/n,  θ = 4c + 4t/n + 0.2·ε
    moons    two interleaved half circles
    circles  a small circle inside a large one (radius ratio ``factor``)
    blobs    isotropic Gaussian clusters around random centres in [-10, 10]^d
    curve    1-D regression:  y = sin(2πx) + noise·ε,  x ~ U(0, 1)

ε is standard normal noise. Classification sets have int64 targets, ``curve``
has float32 targets of shape (n, 1).
"""
import math

import numpy as np

from .base import ArrayDataset


def spiral(n_per_class=100, classes=3, noise=0.2, seed=0):
    """CS231n's spiral data: ``classes`` arms of ``n_per_class`` points in 2-D."""
    rng = np.random.default_rng(seed)
    x, y = [], []
    for c in range(classes):
        r = np.linspace(0.0, 1.0, n_per_class)
        theta = np.linspace(c * 4, (c + 1) * 4, n_per_class) + noise * rng.standard_normal(
            n_per_class)
        x.append(np.c_[r * np.sin(theta), r * np.cos(theta)])
        y.append(np.full(n_per_class, c))
    return ArrayDataset(np.concatenate(x), np.concatenate(y), classes, "spiral")


def moons(n=200, noise=0.1, seed=0):
    """Two interleaved half circles (n // 2 points each, the first half circle gets the
    odd one), plus ``noise``·ε."""
    rng = np.random.default_rng(seed)
    n_out = n - n // 2
    t_out, t_in = np.linspace(0, math.pi, n_out), np.linspace(0, math.pi, n // 2)
    x = np.concatenate([np.c_[np.cos(t_out), np.sin(t_out)],
                        np.c_[1 - np.cos(t_in), 0.5 - np.sin(t_in)]])
    y = np.r_[np.zeros(n_out), np.ones(n // 2)]
    return ArrayDataset(x + noise * rng.standard_normal(x.shape), y, 2, "moons")


def circles(n=200, noise=0.05, factor=0.5, seed=0):
    """A circle of radius ``factor`` (class 1) inside one of radius 1 (class 0)."""
    if not 0 < factor < 1:
        raise ValueError(f"factor must be between 0 and 1, got {factor}")
    rng = np.random.default_rng(seed)
    n_out = n - n // 2
    t_out = np.linspace(0, 2 * math.pi, n_out, endpoint=False)
    t_in = np.linspace(0, 2 * math.pi, n // 2, endpoint=False)
    x = np.concatenate([np.c_[np.cos(t_out), np.sin(t_out)],
                        factor * np.c_[np.cos(t_in), np.sin(t_in)]])
    y = np.r_[np.zeros(n_out), np.ones(n // 2)]
    return ArrayDataset(x + noise * rng.standard_normal(x.shape), y, 2, "circles")


def blobs(n=300, centers=3, features=2, std=1.0, seed=0):
    """``centers`` Gaussian clusters (std ``std``) in ``features`` dimensions; the n points
    are dealt to the clusters in turn."""
    rng = np.random.default_rng(seed)
    means = rng.uniform(-10, 10, (centers, features))
    y = np.arange(n) % centers
    return ArrayDataset(means[y] + std * rng.standard_normal((n, features)), y, centers, "blobs")


def curve(n=200, noise=0.1, seed=0):
    """A 1-D regression set: y = sin(2πx) + ``noise``·ε on x ~ U(0, 1); shapes (n, 1)."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 1, (n, 1))
    return ArrayDataset(x, np.sin(2 * math.pi * x) + noise * rng.standard_normal((n, 1)),
                        None, "curve")
