"""``ArrayDataset``: a data set held as two NumPy arrays, features and targets.

It follows PyTorch's ``Dataset`` protocol (``len(ds)``, ``ds[i] -> (x, y)``), so
``DataLoader`` batches it; ``.data`` and ``.targets`` are the arrays themselves
(torchvision's attribute names), for preprocessing and plotting.

``DataLoader(ds, batch_size, collate_fn=stack_samples)`` batches tensor samples
with one NumPy stack per field instead of the default collate's per-sample
tensor ops: the same batch, several times faster for small samples.
"""
import numpy as np

from .. import backend
from ..creation import tensor
from ..utils.data import Dataset


def stack_samples(samples):
    """Collate a list of ``(x, y, ...)`` tensor samples into a tuple of batched tensors."""
    return tuple(tensor(np.stack([backend.to_numpy(t.array) for t in field]))
                 for field in zip(*samples))


class ArrayDataset(Dataset):
    """Samples ``(tensor(data[i]), tensor(targets[i]))``.

    data: (n, ...) features, stored as float32. targets: (n,) class indices
    (stored as int64) or (n, k) regression targets (float32). ``num_classes``:
    the number of classes, or None for a regression set.
    """

    def __init__(self, data, targets, num_classes=None, name="data"):
        data, targets = np.asarray(data), np.asarray(targets)
        if len(data) != len(targets):
            raise ValueError(f"{name}: {len(data)} samples but {len(targets)} targets")
        self.data = data.astype(np.float32, copy=False)
        self.targets = targets.astype(np.int64 if num_classes else np.float32, copy=False)
        self.num_classes, self.name = num_classes, name

    def __getitem__(self, index):
        return tensor(self.data[index]), tensor(self.targets[index])

    def __len__(self):
        return len(self.data)

    def __repr__(self):
        kind = f"{self.num_classes} classes" if self.num_classes else "regression"
        return f"ArrayDataset({self.name}: {len(self)} samples of shape " \
               f"{tuple(self.data.shape[1:])}, {kind})"

    def tensors(self, device=None):
        """The whole set as two tensors ``(x, y)`` (on ``device``)."""
        return tensor(self.data, device=device), tensor(self.targets, device=device)

    def transform(self, fn):
        """A new data set whose features are ``fn(data)`` (e.g. a fitted preprocessor)."""
        return ArrayDataset(fn(self.data), self.targets, self.num_classes, self.name)

    def split(self, test_fraction=0.2, seed=0):
        """Two data sets ``(train, test)`` from one random permutation of the samples:
        the test set has ``round(test_fraction * n)`` of them. Seeded, so the same
        split every time."""
        if not 0 < test_fraction < 1:
            raise ValueError(f"test_fraction must be between 0 and 1, got {test_fraction}")
        order = np.random.default_rng(seed).permutation(len(self))
        n_test = int(round(test_fraction * len(self)))
        test, train = order[:n_test], order[n_test:]
        return (ArrayDataset(self.data[train], self.targets[train], self.num_classes, self.name),
                ArrayDataset(self.data[test], self.targets[test], self.num_classes, self.name))
