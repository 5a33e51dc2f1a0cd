"""utils.data: Dataset, TensorDataset, DataLoader, random_split, default collate."""
import numpy as np
import pytest

import minigrad as mg
from minigrad.utils.data import (DataLoader, Dataset, Subset, TensorDataset, default_collate,
                                 random_split)
from tests.helpers import to_numpy


def test_tensor_dataset_and_loader_batches_in_order():
    x, y = mg.arange(10).reshape(10, 1).float(), mg.arange(10)
    ds = TensorDataset(x, y)
    assert len(ds) == 10 and int(ds[3][1]) == 3
    batches = list(DataLoader(ds, batch_size=4))
    assert [tuple(b[0].shape) for b in batches] == [(4, 1), (4, 1), (2, 1)]
    assert isinstance(batches[0], list)        # PyTorch's collate makes a tuple a list
    assert to_numpy(batches[1][1]).tolist() == [4, 5, 6, 7]
    assert len(DataLoader(ds, batch_size=4)) == 3
    assert len(DataLoader(ds, batch_size=4, drop_last=True)) == 2
    assert len(list(DataLoader(ds, batch_size=4, drop_last=True))) == 2


def test_shuffle_is_a_permutation_each_epoch_and_seedable():
    ds = TensorDataset(mg.arange(20))
    loader = DataLoader(ds, batch_size=5, shuffle=True)
    epoch1 = np.concatenate([to_numpy(b[0]) for b in loader])
    epoch2 = np.concatenate([to_numpy(b[0]) for b in loader])
    assert sorted(epoch1) == list(range(20)) and not np.array_equal(epoch1, epoch2)
    a = [to_numpy(b[0]) for b in DataLoader(ds, 5, True, generator=np.random.default_rng(1))]
    b = [to_numpy(b[0]) for b in DataLoader(ds, 5, True, generator=np.random.default_rng(1))]
    assert all(np.array_equal(u, v) for u, v in zip(a, b))


def test_default_collate_structures():
    batch = default_collate([(mg.ones(2), 1, 0.5, "a", {"k": 2}), (mg.zeros(2), 2, 1.5, "b",
                                                                   {"k": 3})])
    t, ints, floats, strs, d = batch
    assert t.shape == (2, 2) and ints.dtype == mg.int64 and floats.dtype == mg.float64
    assert strs == ("a", "b") and to_numpy(d["k"]).tolist() == [2, 3]     # PyTorch's tuple
    assert default_collate([np.ones(3), np.zeros(3)]).shape == (2, 3)
    assert isinstance(default_collate([[1, 2], [3, 4]]), list)
    with pytest.raises(TypeError, match="found object"):
        default_collate([object()])


def test_custom_dataset_and_collate_fn():
    class Squares(Dataset):
        def __len__(self):
            return 5

        def __getitem__(self, i):
            return i * i

    loader = DataLoader(Squares(), batch_size=2, collate_fn=lambda items: sum(items))
    assert list(loader) == [1, 13, 16]


def test_random_split_lengths_and_fractions():
    ds = TensorDataset(mg.arange(10))
    a, b = random_split(ds, [3, 7])
    assert isinstance(a, Subset) and len(a) == 3 and len(b) == 7
    assert sorted(a.indices + b.indices) == list(range(10))
    parts = random_split(ds, [0.33, 0.33, 0.34])
    assert [len(p) for p in parts] == [4, 3, 3]                 # PyTorch's remainder rule
    with pytest.raises(ValueError, match="does not equal the length"):
        random_split(ds, [3, 3])


def test_mismatched_tensor_dataset_and_bad_batch_size():
    with pytest.raises(ValueError, match="Size mismatch"):
        TensorDataset(mg.zeros(3), mg.zeros(4))
    with pytest.raises(ValueError, match="positive integer"):
        DataLoader(TensorDataset(mg.zeros(3)), batch_size=0)


def test_shuffling_an_empty_dataset_fails_as_in_pytorch():
    """PyTorch's RandomSampler refuses an empty dataset when the loader is made (yunjey's
    pytorch-tutorial builds one); without shuffle an empty loader is simply empty."""
    empty = TensorDataset(mg.zeros(0))
    with pytest.raises(ValueError, match=r"num_samples should be a positive integer value, "
                                         r"but got num_samples=0"):
        DataLoader(empty, batch_size=64, shuffle=True)
    assert list(DataLoader(empty, batch_size=64)) == []


def test_default_collate_and_unbatched_loading_give_pytorchs_structures():
    """A tuple sample collates to a list, a namedtuple stays one, NumPy scalars keep their
    dtype; ``batch_size=None`` converts each sample (NumPy -> tensors, tuples -> lists) or
    passes it to ``collate_fn``, as PyTorch's DataLoader does."""
    torch = pytest.importorskip("torch")
    from collections import namedtuple
    Pair = namedtuple("Pair", "x y")

    def describe(value):
        if hasattr(value, "tolist"):
            return str(value.dtype).split(".")[1], value.tolist()
        if isinstance(value, dict):
            return {k: describe(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return type(value).__name__, [describe(v) for v in value]
        return value

    cases = [
        ([(np.float32(1), 2), (np.float32(3), 4)], 2, None),
        ([Pair(1.0, np.int32(2)), Pair(3.0, np.int32(4))], 2, None),
        ([{"a": (np.ones(2, np.float32), "s")}] * 2, 2, None),
        ([(np.ones(2), 1, "a"), (np.zeros(2), 2, "b")], None, None),
        ([{"a": np.ones(2)}], None, None),
        ([1, 2], None, lambda sample: sample * 10),
    ]
    for data, batch_size, collate_fn in cases:
        ours, theirs = (
            [describe(b) for b in lib.utils.data.DataLoader(data, batch_size=batch_size,
                                                              collate_fn=collate_fn)]
            for lib in (mg, torch))
        assert ours == theirs
