"""Datasets and mini-batches: ``Dataset``, ``TensorDataset``, ``DataLoader``, ``random_split``.

A dataset is anything with ``__getitem__(i)`` and ``__len__``. A DataLoader
walks it in the order of a sampler (sequential, or shuffled; see sampler.py),
``batch_size`` indices at a time, and ``collate_fn`` turns the list of samples
into one batch: by default tensors and numbers are stacked into a tensor with a
new leading batch dim, and tuples/lists/dicts of them are collated field by field.
"""
import math
import numbers
import sys

import numpy as np

from .. import backend
from ..creation import tensor
from ..ops import stack
from ..tensor import Tensor
from .sampler import (BatchSampler, RandomSampler, Sampler, SequentialSampler,  # noqa: F401
                      SubsetRandomSampler, WeightedRandomSampler, _draw_seed, _permutation)


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
    if isinstance(first, np.generic):          # NumPy scalars keep their dtype (np.float32 ...)
        return tensor(np.array(batch))
    if isinstance(first, bool):
        return tensor(batch)
    if isinstance(first, float):
        return tensor(batch, dtype="float64")
    if isinstance(first, numbers.Integral):
        return tensor(batch)
    if isinstance(first, numbers.Number):
        return tensor([float(x) for x in batch], dtype="float64")
    if isinstance(first, str):
        return batch
    if isinstance(first, dict):
        return {key: default_collate([sample[key] for sample in batch]) for key in first}
    if isinstance(first, (tuple, list)):
        if any(len(sample) != len(first) for sample in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        fields = [default_collate(samples) for samples in zip(*batch)]
        # a namedtuple stays one; a plain tuple of fields becomes a list, as in PyTorch
        return type(first)(*fields) if hasattr(first, "_fields") else fields
    raise TypeError(f"default_collate: batch must contain tensors, numpy arrays, numbers, "
                    f"dicts or lists; found {type(first).__name__}")


def default_convert(sample):
    """One sample without batching (``batch_size=None``): NumPy arrays and scalars become
    tensors, inside tuples (which become lists), lists and dicts, as PyTorch converts them."""
    if isinstance(sample, (np.ndarray, np.generic)) and sample.dtype.kind in "biuf":
        return tensor(sample)
    if isinstance(sample, dict):
        return {key: default_convert(value) for key, value in sample.items()}
    if isinstance(sample, tuple) and hasattr(sample, "_fields"):
        return type(sample)(*(default_convert(x) for x in sample))
    if isinstance(sample, (tuple, list)):
        return [default_convert(x) for x in sample]
    return sample


class DataLoader:
    """Iterate over ``dataset`` in batches (PyTorch's arguments, in PyTorch's order).

    shuffle: a new random order every epoch, PyTorch's (from ``generator``, a
    ``minigrad.Generator``, or the default generator; a NumPy ``Generator``
    works too); sampler: any iterable
    of indices instead (not with shuffle); batch_sampler: an iterable of index
    lists, each one batch (not with batch_size, shuffle, sampler, drop_last);
    drop_last: skip a last batch smaller than ``batch_size``; collate_fn: list
    of samples -> batch.

    Loading always happens in this process: ``num_workers > 0`` is accepted
    (with a one-time note on stderr) and loads the same batches in the same
    order, without worker processes; ``worker_init_fn`` is therefore never
    called. ``pin_memory``, ``timeout``, ``prefetch_factor``,
    ``persistent_workers``, ``multiprocessing_context``, ``pin_memory_device``
    and ``in_order`` are checked as PyTorch checks them and otherwise change
    nothing.
    """

    def __init__(self, dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None,
                 num_workers=0, collate_fn=None, pin_memory=False, drop_last=False, timeout=0,
                 worker_init_fn=None, multiprocessing_context=None, generator=None, *,
                 prefetch_factor=None, persistent_workers=False, pin_memory_device="",
                 in_order=True):
        _check_worker_options(num_workers, timeout, prefetch_factor, persistent_workers)
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None and (batch_size != 1 or shuffle or sampler is not None
                                          or drop_last):
            raise ValueError("batch_sampler option is mutually exclusive with batch_size, "
                             "shuffle, sampler, and drop_last")
        if batch_size is None and drop_last:
            raise ValueError("batch_size=None option disables auto-batching and is mutually "
                             "exclusive with drop_last")
        if batch_sampler is not None:
            batch_size = None
        if sampler is None:             # as PyTorch: the draws of its RandomSampler
            sampler = (RandomSampler(dataset, generator=generator) if shuffle
                       else SequentialSampler(dataset))
        if batch_size is not None and batch_sampler is None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)
        self.dataset, self.batch_size, self.shuffle = dataset, batch_size, bool(shuffle)
        self.sampler, self.batch_sampler = sampler, batch_sampler
        self.drop_last, self.generator = drop_last, generator
        self.num_workers, self.pin_memory, self.timeout = num_workers, pin_memory, timeout
        self.worker_init_fn, self.prefetch_factor = worker_init_fn, prefetch_factor
        self.persistent_workers = persistent_workers
        if collate_fn is None:
            collate_fn = default_collate if batch_sampler is not None else default_convert
        self.collate_fn = collate_fn
        if num_workers > 0:
            _note_in_process(num_workers)

    def __iter__(self):
        _draw_seed(self.generator)      # PyTorch draws its workers' base seed at every epoch
        return self._iterate()

    def _iterate(self):
        if self.batch_sampler is None:                  # batch_size=None: one sample at a time
            for index in self.sampler:
                yield self.collate_fn(self.dataset[index])
        else:
            for indices in self.batch_sampler:
                yield self.collate_fn([self.dataset[i] for i in indices])

    def __len__(self):
        return len(self.batch_sampler if self.batch_sampler is not None else self.sampler)


def _check_worker_options(num_workers, timeout, prefetch_factor, persistent_workers):
    """PyTorch's checks of the multiprocessing options (they change nothing here)."""
    if num_workers < 0:
        raise ValueError("num_workers option should be non-negative; use num_workers=0 to "
                         "disable multiprocessing.")
    if timeout < 0:
        raise ValueError("timeout option should be non-negative")
    if num_workers == 0 and prefetch_factor is not None:
        raise ValueError("prefetch_factor option could only be specified in multiprocessing. "
                         "Let num_workers > 0 to enable multiprocessing, otherwise set "
                         "prefetch_factor to None.")
    if prefetch_factor is not None and prefetch_factor < 0:
        raise ValueError("prefetch_factor option should be non-negative")
    if persistent_workers and num_workers == 0:
        raise ValueError("persistent_workers option needs num_workers > 0")


_noted = []


def _note_in_process(num_workers):
    if not _noted:
        _noted.append(num_workers)
        print(f"minigrad: DataLoader(num_workers={num_workers}) loads in the main process "
              f"(same batches, same order; no worker processes)", file=sys.stderr)
