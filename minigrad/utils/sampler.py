"""Samplers: the order in which a DataLoader visits a dataset (PyTorch's
``torch.utils.data`` samplers: the same classes, arguments, checks and random draws).

A sampler is an iterable of dataset indices; a ``BatchSampler`` groups one into
lists of indices. ``DataLoader(shuffle=True)`` is ``RandomSampler`` inside a
``BatchSampler``, as in PyTorch, so a seeded script shuffles identically in both.
A ``generator`` is a ``minigrad.Generator`` (PyTorch's numbers) or, as a minigrad
extension, a NumPy ``Generator``; None means the default generator.
"""
import itertools

import numpy as np

from .. import random


def _permutation(n, generator):
    """A random order of range(n): PyTorch's ``randperm(n, generator=generator)``."""
    if isinstance(generator, np.random.Generator):
        return [int(i) for i in generator.permutation(n)]
    return random.resolve(generator, "cpu").permutation(n).tolist()


def _integers(high, size, generator):
    """``size`` uniform draws from range(high): PyTorch's ``randint(high, (size,), generator=)``."""
    if isinstance(generator, np.random.Generator):
        return [int(i) for i in generator.integers(0, high, size)]
    return random.resolve(generator, "cpu").integers(0, high, (size,)).tolist()


def _draw_seed(generator):
    """An int64 seed drawn as PyTorch's ``torch.empty((), dtype=torch.int64).random_()``."""
    if isinstance(generator, np.random.Generator):
        return int(generator.integers(0, 2 ** 63))
    return int(random.resolve(generator, "cpu").integers(0, 2 ** 63, ()))


class Sampler:
    """Base class: define ``__iter__`` (the indices) and, where known, ``__len__``."""

    def __init__(self, data_source=None):
        pass

    def __iter__(self):
        raise NotImplementedError


class SequentialSampler(Sampler):
    """0, 1, …, len(data_source) − 1."""

    def __init__(self, data_source):
        self.data_source = data_source

    def __iter__(self):
        return iter(range(len(self.data_source)))

    def __len__(self):
        return len(self.data_source)


class RandomSampler(Sampler):
    """A random permutation of the indices each pass (``num_samples`` beyond ``len``: more
    permutations, the last one cut); with ``replacement``, ``num_samples`` uniform draws.
    Without a ``generator`` each pass seeds a fresh one from the default generator."""

    def __init__(self, data_source, replacement=False, num_samples=None, generator=None):
        self.data_source, self.replacement = data_source, replacement
        self._num_samples, self.generator = num_samples, generator
        if not isinstance(replacement, bool):
            raise TypeError(f"replacement should be a boolean value, but got "
                            f"replacement={replacement}")
        if not isinstance(self.num_samples, int) or self.num_samples <= 0:
            raise ValueError(f"num_samples should be a positive integer value, but got "
                             f"num_samples={self.num_samples}")

    @property
    def num_samples(self):
        return len(self.data_source) if self._num_samples is None else self._num_samples

    def __iter__(self):
        n, generator = len(self.data_source), self.generator
        if generator is None:
            generator = random.Generator().manual_seed(_draw_seed(None))
        if self.replacement:                    # in blocks of 32, as PyTorch draws them
            for size in [32] * (self.num_samples // 32) + [self.num_samples % 32]:
                yield from _integers(n, size, generator)
        else:                                   # the last permutation is drawn even if cut to 0
            for _ in range(self.num_samples // n):
                yield from _permutation(n, generator)
            yield from _permutation(n, generator)[:self.num_samples % n]

    def __len__(self):
        return self.num_samples


class SubsetRandomSampler(Sampler):
    """The given ``indices`` in a random order (a new one each pass)."""

    def __init__(self, indices, generator=None):
        self.indices, self.generator = indices, generator

    def __iter__(self):
        for i in _permutation(len(self.indices), self.generator):
            yield self.indices[i]

    def __len__(self):
        return len(self.indices)


class WeightedRandomSampler(Sampler):
    """``num_samples`` indices drawn with probabilities ∝ ``weights`` (``multinomial``)."""

    def __init__(self, weights, num_samples, replacement=True, generator=None):
        from ..creation import as_tensor
        if not isinstance(num_samples, int) or isinstance(num_samples, bool) or num_samples <= 0:
            raise ValueError(f"num_samples should be a positive integer value, but got "
                             f"num_samples={num_samples}")
        if not isinstance(replacement, bool):
            raise ValueError(f"replacement should be a boolean value, but got "
                             f"replacement={replacement}")
        weights = as_tensor(weights, dtype="float64")
        if weights.ndim != 1:
            raise ValueError(f"weights should be a 1d sequence but given weights have shape "
                             f"{tuple(weights.shape)}")
        self.weights, self.num_samples = weights, num_samples
        self.replacement, self.generator = replacement, generator

    def __iter__(self):
        from ..sampling import multinomial
        yield from multinomial(self.weights, self.num_samples, self.replacement,
                               generator=self.generator).tolist()

    def __len__(self):
        return self.num_samples


class BatchSampler(Sampler):
    """Lists of ``batch_size`` indices from ``sampler``; ``drop_last`` drops a short last one."""

    def __init__(self, sampler, batch_size, drop_last):
        if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size <= 0:
            raise ValueError(f"batch_size should be a positive integer value, but got "
                             f"batch_size={batch_size}")
        if not isinstance(drop_last, bool):
            raise ValueError(f"drop_last should be a boolean value, but got "
                             f"drop_last={drop_last}")
        self.sampler, self.batch_size, self.drop_last = sampler, batch_size, drop_last

    def __iter__(self):
        indices = iter(self.sampler)
        batch = list(itertools.islice(indices, self.batch_size))
        while batch and (len(batch) == self.batch_size or not self.drop_last):
            yield batch
            batch = list(itertools.islice(indices, self.batch_size))
        # the sampler has run out (a RandomSampler has made its last draw), as in PyTorch

    def __len__(self):
        n = len(self.sampler)
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)
