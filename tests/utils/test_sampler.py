"""Samplers (minigrad/utils/sampler.py) give PyTorch's indices from the same seed, leave the
random streams where PyTorch leaves them, and refuse PyTorch's bad arguments."""
import numpy as np
import pytest

import minigrad as mg
from minigrad.utils.data import (BatchSampler, DataLoader, RandomSampler, SequentialSampler,
                                 SubsetRandomSampler, TensorDataset, WeightedRandomSampler)

DRAWS = {  # name -> the indices drawn from library m (then one more draw from the default)
    "sequential": lambda m, d: list(d.SequentialSampler(range(7))),
    "random": lambda m, d: list(d.RandomSampler(range(10))),
    "random, two passes": lambda m, d: (lambda s: [list(s), list(s)])(d.RandomSampler(range(5))),
    "random, more samples than items": lambda m, d: list(d.RandomSampler(range(10),
                                                                         num_samples=25)),
    "random, with replacement (blocks of 32)": lambda m, d: list(d.RandomSampler(
        range(6), replacement=True, num_samples=70)),
    "random, own generator": lambda m, d: (lambda g: [list(d.RandomSampler(range(8), generator=g)),
                                                      m.randperm(4, generator=g).tolist()])(
        m.Generator().manual_seed(7)),
    "subset random (the default generator)": lambda m, d: list(d.SubsetRandomSampler(
        [10, 20, 30, 40, 50])),
    "weighted, with replacement": lambda m, d: list(d.WeightedRandomSampler(
        [0.1, 0.9, 0.4, 0.7, 3.0, 0.6], 12)),
    "weighted, without replacement": lambda m, d: list(d.WeightedRandomSampler(
        [0.9, 0.4, 0.05, 0.2, 0.3, 0.1], 5, replacement=False)),
    "batches": lambda m, d: [list(d.BatchSampler(d.SequentialSampler(range(10)), 3, drop_last))
                             for drop_last in (False, True)],
    "loader over a random sampler, two epochs": lambda m, d: (lambda dl: [
        [b[0].tolist() for b in dl] for _ in range(2)])(d.DataLoader(
            d.TensorDataset(m.arange(9)), batch_size=4, sampler=d.RandomSampler(range(9)))),
    "loader over a subset sampler": lambda m, d: [b[0].tolist() for b in d.DataLoader(
        d.TensorDataset(m.arange(9)), batch_size=2, sampler=d.SubsetRandomSampler([1, 4, 6]))],
    "loader, shuffled by a generator, two epochs": lambda m, d: (lambda dl: [
        [b[0].tolist() for b in dl] for _ in range(2)])(d.DataLoader(
            d.TensorDataset(m.arange(9)), batch_size=4, shuffle=True,
            generator=m.Generator().manual_seed(3))),
    # the trailing randperm is drawn as the last batch is formed: draws between batches agree
    "loader, its generator drawn from between batches": lambda m, d: (lambda g: [
        (b[0].tolist(), m.randint(0, 99, (1,), generator=g).item())
        for k, drop in ((4, False), (3, True), (3, False)) for _ in range(2)
        for b in d.DataLoader(d.TensorDataset(m.arange(6)), batch_size=k, shuffle=True,
                              generator=g, drop_last=drop)
    ])(m.Generator().manual_seed(5)),
}


@pytest.mark.parametrize("name", list(DRAWS))
def test_sampler_draws_are_pytorchs(name):
    torch = pytest.importorskip("torch")
    import torch.utils.data
    outcomes = []
    for m, d in ((mg, __import__("minigrad.utils.data").utils.data), (torch, torch.utils.data)):
        m.manual_seed(0)
        outcomes.append((DRAWS[name](m, d), m.randint(0, 1000, (3,)).tolist()))
    assert outcomes[0] == outcomes[1]


def test_lengths_and_the_loaders_samplers():
    assert len(RandomSampler(range(4), num_samples=9)) == 9 == len(WeightedRandomSampler([1], 9))
    assert len(BatchSampler(range(10), 3, False)) == 4 and len(BatchSampler(range(10), 3, True)) == 3
    assert len(SubsetRandomSampler([3, 5])) == 2 == len(SequentialSampler("ab"))
    ds = TensorDataset(mg.arange(5))
    shuffled = DataLoader(ds, batch_size=2, shuffle=True)
    assert isinstance(shuffled.sampler, RandomSampler) and len(shuffled) == 3
    assert isinstance(shuffled.batch_sampler, BatchSampler)
    assert isinstance(DataLoader(ds).sampler, SequentialSampler)
    assert DataLoader(ds, batch_size=None).batch_sampler is None
    # a NumPy Generator shuffles too (minigrad's extension)
    order = list(RandomSampler(range(6), generator=np.random.default_rng(0)))
    assert sorted(order) == list(range(6))


BAD = [
    "d.RandomSampler(range(3), replacement=1)", "d.RandomSampler(range(3), num_samples=0)",
    "d.RandomSampler([])", "d.BatchSampler(range(3), 0, False)",
    "d.BatchSampler(range(3), True, False)", "d.BatchSampler(range(3), 2, 'no')",
    "d.WeightedRandomSampler([1.0, 2.0], 0)", "d.WeightedRandomSampler([1.0], True)",
    "d.WeightedRandomSampler([1.0], 2, replacement=None)",
    "d.WeightedRandomSampler([[1.0, 2.0]], 2)", "d.DataLoader(range(3), batch_size=0)",
    "d.DataLoader(range(3), shuffle=True, sampler=d.SequentialSampler(range(3)))",
]


@pytest.mark.parametrize("expression", BAD)
def test_bad_arguments_raise_pytorchs_errors(expression):
    torch = pytest.importorskip("torch")
    import torch.utils.data
    errors = []
    for d in (__import__("minigrad.utils.data").utils.data, torch.utils.data):
        with pytest.raises((TypeError, ValueError)) as info:
            eval(expression, {"d": d})
        errors.append((info.type, str(info.value)))
    assert errors[0] == errors[1]
