"""minigrad.datasets: the bundled digits, the generated sets, the IDX reader."""
import gzip

import numpy as np
import pytest

import minigrad as mg
from minigrad import datasets
from minigrad.datasets import IDXError, read_idx, write_idx
from minigrad.utils.data import DataLoader

SYNTHETIC = [(datasets.spiral, {}, 300, 2, 3), (datasets.moons, {}, 200, 2, 2),
             (datasets.circles, {}, 200, 2, 2), (datasets.blobs, {"features": 5}, 300, 5, 3)]


def test_digits_are_the_uci_set():
    ds = datasets.load_digits()
    assert len(ds) == 1797 and ds.data.shape == (1797, 64) and ds.num_classes == 10
    assert ds.data.dtype == np.float32 and ds.targets.dtype == np.int64
    assert ds.data.min() == 0 and ds.data.max() == 16
    assert np.array_equal(np.bincount(ds.targets), [178, 182, 177, 183, 181, 182, 181, 179,
                                                     174, 180])
    # the first image is a zero (its top row as in the UCI file)
    assert ds.targets[0] == 0 and ds.data[0, :8].tolist() == [0, 0, 5, 13, 9, 1, 0, 0]
    x, y = ds[5]
    assert isinstance(x, mg.Tensor) and x.shape == (64,) and y.dtype == mg.int64


def test_split_is_seeded_and_disjoint():
    ds = datasets.load_digits()
    train, test = ds.split(0.2, seed=0)
    again, _ = ds.split(0.2, seed=0)
    other, _ = ds.split(0.2, seed=1)
    assert (len(train), len(test)) == (1438, 359)
    assert np.array_equal(train.data, again.data)
    assert not np.array_equal(train.data, other.data)
    rows = {r.tobytes() for r in train.data}
    assert sum(r.tobytes() in rows for r in test.data) < 5     # a few duplicate images exist
    with pytest.raises(ValueError, match="test_fraction"):
        ds.split(1.5)


@pytest.mark.parametrize("make, kw, n, d, classes", SYNTHETIC)
def test_synthetic_shapes_dtypes_and_seeds(make, kw, n, d, classes):
    ds = make(seed=3, **kw)
    assert ds.data.shape == (n, d) and ds.data.dtype == np.float32
    assert set(np.unique(ds.targets)) == set(range(classes)) and ds.num_classes == classes
    mg.manual_seed(123)                               # the global seed does not matter
    assert np.array_equal(make(seed=3, **kw).data, ds.data)
    assert not np.array_equal(make(seed=4, **kw).data, ds.data)


def test_spiral_is_cs231n_and_circles_have_their_radii():
    ds = datasets.spiral(n_per_class=50, classes=2, noise=0.0)
    radius = np.linalg.norm(ds.data, axis=1)
    assert np.allclose(radius[:50], np.linspace(0, 1, 50), atol=1e-6)
    c = datasets.circles(n=100, noise=0.0, factor=0.3)
    r = np.linalg.norm(c.data, axis=1)
    assert np.allclose(r[c.targets == 0], 1, atol=1e-6)
    assert np.allclose(r[c.targets == 1], 0.3, atol=1e-6)


def test_curve_is_a_regression_set():
    ds = datasets.curve(n=50, noise=0.0)
    assert ds.data.shape == ds.targets.shape == (50, 1) and ds.num_classes is None
    assert np.allclose(ds.targets, np.sin(2 * np.pi * ds.data), atol=1e-6)


def test_dataloader_batches_an_array_dataset():
    ds = datasets.moons(n=10)
    for collate in (None, datasets.stack_samples):
        x, y = next(iter(DataLoader(ds, batch_size=4, collate_fn=collate)))
        assert x.shape == (4, 2) and y.shape == (4,) and y.dtype == mg.int64
        assert np.array_equal(x.numpy(), ds.data[:4])


@pytest.mark.parametrize("suffix", ["", ".gz"])
@pytest.mark.parametrize("dtype", [np.uint8, np.int16, np.int32, np.float32, np.float64])
def test_idx_round_trip(tmp_path, suffix, dtype):
    array = (np.arange(2 * 3 * 4) - 5).reshape(2, 3, 4).astype(dtype)
    if dtype == np.uint8:
        array = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    write_idx(tmp_path / f"a{suffix}", array)
    back = read_idx(tmp_path / f"a{suffix}")
    assert back.dtype == array.dtype and np.array_equal(back, array)


def test_idx_bytes_are_big_endian_as_specified(tmp_path):
    write_idx(tmp_path / "a", np.array([1, 258], dtype=np.int16))
    assert (tmp_path / "a").read_bytes() == bytes([0, 0, 0x0B, 1, 0, 0, 0, 2, 0, 1, 1, 2])


def _mnist_folder(folder, n_train=6, n_test=4, gz=True):
    rng = np.random.default_rng(0)
    suffix = ".gz" if gz else ""
    for prefix, n in (("train", n_train), ("t10k", n_test)):
        write_idx(folder / f"{prefix}-images-idx3-ubyte{suffix}",
                  rng.integers(0, 256, (n, 28, 28)).astype(np.uint8))
        write_idx(folder / f"{prefix}-labels-idx1-ubyte{suffix}", np.arange(n, dtype=np.uint8) % 10)
    return folder


@pytest.mark.parametrize("gz", [True, False])
def test_mnist_folder(tmp_path, gz):
    _mnist_folder(tmp_path, gz=gz)
    train, test = datasets.MNIST(tmp_path), datasets.FashionMNIST(tmp_path, train=False)
    assert train.data.shape == (6, 784) and len(test) == 4 and train.num_classes == 10
    assert 0 <= train.data.min() and train.data.max() <= 1
    raw = read_idx(tmp_path / ("train-images-idx3-ubyte" + (".gz" if gz else "")))
    assert np.allclose(train.data[2], raw[2].reshape(-1) / 255)


def _expect(path, match):
    with pytest.raises(IDXError, match=match) as info:
        read_idx(path)
    assert str(path) in str(info.value)


def test_malformed_idx_files_name_the_file_and_the_fault(tmp_path):
    bad = tmp_path / "bad"
    bad.write_bytes(b"\x00\x00")
    _expect(bad, "too short")
    bad.write_bytes(b"PK\x03\x04rest")
    _expect(bad, "not an IDX file")
    bad.write_bytes(bytes([0, 0, 0x07, 1, 0, 0, 0, 1, 0]))
    _expect(bad, "unknown IDX type code 0x07")
    bad.write_bytes(bytes([0, 0, 0x08, 3, 0, 0, 0, 2]))
    _expect(bad, "truncated header")
    bad.write_bytes(bytes([0, 0, 0x08, 1, 0, 0, 0, 5, 1, 2, 3]))
    _expect(bad, r"shape \(5,\).*but 3 bytes follow")
    gz = tmp_path / "bad.gz"
    gz.write_bytes(gzip.compress(b"\x00" * 64)[:20])
    _expect(gz, "not a readable gzip file")


def test_malformed_mnist_folders(tmp_path):
    with pytest.raises(IDXError, match="no such folder"):
        datasets.MNIST(tmp_path / "missing")
    with pytest.raises(IDXError, match="no file train-images-idx3-ubyte"):
        datasets.MNIST(tmp_path)
    _mnist_folder(tmp_path, gz=False)
    write_idx(tmp_path / "train-labels-idx1-ubyte", np.zeros(5, np.uint8))
    with pytest.raises(IDXError, match="5 labels for the 6 images"):
        datasets.MNIST(tmp_path)
    write_idx(tmp_path / "train-labels-idx1-ubyte", np.full(6, 11, np.uint8))
    with pytest.raises(IDXError, match="labels must be 0..9"):
        datasets.MNIST(tmp_path)
    write_idx(tmp_path / "train-images-idx3-ubyte", np.zeros((6, 784), np.uint8))
    with pytest.raises(IDXError, match="3 dimensions"):
        datasets.MNIST(tmp_path)
