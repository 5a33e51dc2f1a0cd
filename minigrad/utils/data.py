"""Datasets and mini-batches: ``Dataset``, ``TensorDataset``, ``DataLoader``, ``random_split``.

A dataset is anything with ``__getitem__(i)`` and ``__len__``. A DataLoader
walks it in (optionally shuffled) order, ``batch_size`` indices at a time,
and ``collate_fn`` turns the list of samples into one batch: by default
tensors and numbers are stacked into a tensor with a new leading batch dim,
and tuples/lists/dicts of them are collated field by field.
"""
import math
import numbers

import numpy as np

from .. import backend
from ..creation import tensor
from ..ops.functions import stack
from ..tensor import Tensor


class Dataset:
    """Base class: subclass and define ``__getitem__`` and ``__len__``."""

    def __add__(self, other):
        return ConcatDataset([self, other])


class TensorDataset(Dataset):
    """Samples are ``(t[i] for t in tensors)``; all tensors share their first dimension."""

    def __init__(self, *tensors):
        if not tensors:
            raise ValueError("TensorDataset needs at least one tensor")
        n = tensors[0].shape[0]
        for t in tensors:
            if t.shape[0] != n:
                raise ValueError(f"Size mismatch between tensors: first dimensions "
                                 f"{[t.shape[0] for t in tensors]} must all be equal")
        self.tensors = tensors

    def __getitem__(self, index):
        return tuple(t[index] for t in self.tensors)

    def __len__(self):
        return self.tensors[0].shape[0]


class Subset(Dataset):
    """The samples of ``dataset`` at ``indices``."""

    def __init__(self, dataset, indices):
        self.dataset, self.indices = dataset, list(indices)

    def __getitem__(self, index):
        return self.dataset[self.indices[index]]

    def __len__(self):
        return len(self.indices)


class ConcatDataset(Dataset):
    """Several datasets one after another."""

    def __init__(self, datasets):
        self.datasets = list(datasets)
        self.offsets = np.cumsum([0] + [len(d) for d in self.datasets])

    def __getitem__(self, index):
        if index < 0:
            index += len(self)
        k = int(np.searchsorted(self.offsets, index, side="right")) - 1
        return self.datasets[k][index - int(self.offsets[k])]

    def __len__(self):
        return int(self.offsets[-1])


def _permutation(n, generator):
    """A random order of range(n) from ``generator`` (a NumPy Generator) or minigrad's CPU rng."""
    gen = generator if generator is not None else backend.rng("cpu")
    return [int(i) for i in gen.permutation(n)]


def random_split(dataset, lengths, generator=None):
    """Split ``dataset`` into non-overlapping random Subsets of the given lengths, or of
    fractions summing to 1 (floors, then the remainder dealt one by one, as PyTorch)."""
    n = len(dataset)
    lengths = list(lengths)
    if math.isclose(sum(lengths), 1) and sum(lengths) <= 1 and any(
            isinstance(x, float) for x in lengths):
        counts = [int(math.floor(n * frac)) for frac in lengths]
        for i in range(n - sum(counts)):
            counts[i % len(counts)] += 1
        lengths = counts
    if sum(lengths) != n:
        raise ValueError(f"Sum of input lengths ({sum(lengths)}) does not equal the length of "
                         f"the input dataset ({n})!")
    order = _permutation(n, generator)
    out, start = [], 0
    for length in lengths:
        out.append(Subset(dataset, order[start:start + length]))
        start += length
    return out


def default_collate(batch):
    """Stack a list of samples into a batch, keeping the samples' structure."""
    first = batch[0]
    if isinstance(first, Tensor):
        return stack(batch)
    if isinstance(first, np.ndarray):
        return tensor(np.stack(batch))
    if isinstance(first, bool):
        return tensor(batch)
    if isinstance(first, float):
        return tensor(batch, dtype="float64")
    if isinstance(first, numbers.Integral):
        return tensor(batch)
    if isinstance(first, numbers.Number):
        return tensor([float(x) for x in batch], dtype="float64")
    if isinstance(first, str):
        return list(batch)
    if isinstance(first, dict):
        return {key: default_collate([sample[key] for sample in batch]) for key in first}
    if isinstance(first, (tuple, list)):
        if any(len(sample) != len(first) for sample in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        fields = [default_collate(list(samples)) for samples in zip(*batch)]
        return tuple(fields) if isinstance(first, tuple) else fields
    raise TypeError(f"default_collate: batch must contain tensors, numpy arrays, numbers, "
                    f"dicts or lists; found {type(first).__name__}")


class DataLoader:
    """Iterate over ``dataset`` in batches.

    shuffle: a new random order every epoch (from ``generator``, a NumPy
    ``Generator``, or minigrad's seeded CPU generator); drop_last: skip a last
    batch smaller than ``batch_size``; collate_fn: list of samples -> batch.
    """

    def __init__(self, dataset, batch_size=1, shuffle=False, drop_last=False, generator=None,
                 collate_fn=None):
        if batch_size is not None and (not isinstance(batch_size, int) or batch_size <= 0):
            raise ValueError(f"batch_size should be a positive integer value, but got "
                             f"batch_size={batch_size}")
        self.dataset, self.batch_size, self.shuffle = dataset, batch_size, shuffle
        self.drop_last, self.generator = drop_last, generator
        self.collate_fn = default_collate if collate_fn is None else collate_fn

    def _order(self):
        n = len(self.dataset)
        return _permutation(n, self.generator) if self.shuffle else list(range(n))

    def __iter__(self):
        order = self._order()
        if self.batch_size is None:                 # no batching: one sample at a time
            for i in order:
                yield self.dataset[i]
            return
        for start in range(0, len(order), self.batch_size):
            indices = order[start:start + self.batch_size]
            if self.drop_last and len(indices) < self.batch_size:
                return
            yield self.collate_fn([self.dataset[i] for i in indices])

    def __len__(self):
        n = len(self.dataset)
        if self.batch_size is None:
            return n
        return n // self.batch_size if self.drop_last else math.ceil(n / self.batch_size)
