"""``minigrad.datasets``: data that needs no network.

- :func:`load_digits`: the UCI handwritten digits, 1,797 images of 8×8
  pixels (values 0..16), shipped inside the package (``digits.npz``; source
  and CC BY 4.0 licence in ``DIGITS_LICENSE.txt`` beside it).
- Generated sets for teaching, each seeded: :func:`spiral`, :func:`moons`,
  :func:`circles`, :func:`blobs`, :func:`curve` (1-D regression).
- :func:`MNIST` / :func:`FashionMNIST`: read the IDX files from a folder you
  downloaded them to (:func:`read_idx`, :func:`write_idx` for single files).

Each returns an :class:`ArrayDataset` (``ds[i] -> (x, y)``, ``ds.data``,
``ds.targets``, ``ds.split(test_fraction, seed)``), which ``DataLoader`` takes
(``collate_fn=stack_samples`` batches it faster).
"""
import os

import numpy as np

from .base import ArrayDataset, stack_samples
from .idx import IDXError, FashionMNIST, MNIST, load_idx_folder, read_idx, write_idx
from .synthetic import blobs, circles, curve, moons, spiral

DIGITS = os.path.join(os.path.dirname(__file__), "digits.npz")


def load_digits():
    """The 1,797 UCI digits as an ArrayDataset: features (1797, 64) float32 with values
    0..16 (the 8×8 image row by row), targets 0..9."""
    with np.load(DIGITS) as f:
        images, targets = f["images"], f["targets"]
    return ArrayDataset(images.reshape(len(images), 64), targets, 10, "digits")


__all__ = ["ArrayDataset", "stack_samples", "load_digits", "spiral", "moons", "circles", "blobs", "curve",
           "MNIST", "FashionMNIST", "load_idx_folder", "read_idx", "write_idx", "IDXError"]
