"""MNIST and Fashion-MNIST from IDX files in a folder the user points at.

Nothing is downloaded: put the four files of either set (as published, ``.gz``
or unpacked) in one folder::

    train-images-idx3-ubyte[.gz]   train-labels-idx1-ubyte[.gz]
    t10k-images-idx3-ubyte[.gz]    t10k-labels-idx1-ubyte[.gz]

The IDX format (LeCun et al.): two zero bytes, a type byte, the number of
dimensions d; then d big-endian uint32 sizes; then the values, big-endian,
row-major. A file that breaks any of this raises :class:`IDXError` naming the
file and what is wrong.
"""
import gzip
import os
import zlib

import numpy as np

from .base import ArrayDataset

TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
FILES = {True: ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
         False: ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")}


class IDXError(ValueError):
    """A malformed or missing IDX file (the message names the file)."""


def _read_bytes(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":                      # gzip magic, whatever the name says
        try:
            return gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as err:
            raise IDXError(f"{path}: not a readable gzip file ({err})") from None
    return data


def read_idx(path):
    """The array stored in the IDX file ``path`` (gzipped or not)."""
    path = os.fspath(path)
    data = _read_bytes(path)
    if len(data) < 4:
        raise IDXError(f"{path}: {len(data)} bytes is too short for an IDX header (4 bytes)")
    if data[:2] != b"\x00\x00":
        raise IDXError(f"{path}: not an IDX file: it starts with bytes {data[:2].hex()}, "
                       "not 0000")
    code, ndim = data[2], data[3]
    if code not in TYPES:
        raise IDXError(f"{path}: unknown IDX type code 0x{code:02x} (known: "
                       + ", ".join(f"0x{c:02x}" for c in TYPES) + ")")
    header = 4 + 4 * ndim
    if len(data) < header:
        raise IDXError(f"{path}: truncated header: {ndim} dimensions need {header} bytes, "
                       f"the file has {len(data)}")
    shape = tuple(int(s) for s in np.frombuffer(data, ">u4", ndim, 4))
    dtype = np.dtype(TYPES[code])
    expected = int(np.prod(shape)) * dtype.itemsize
    if len(data) - header != expected:
        raise IDXError(f"{path}: the header says shape {shape} of {dtype.name} "
                       f"({expected} bytes of values), but {len(data) - header} bytes follow")
    return np.frombuffer(data, dtype, offset=header).reshape(shape).astype(dtype.newbyteorder("="))


def write_idx(path, array):
    """Write ``array`` to ``path`` as an IDX file (gzipped when the name ends in .gz)."""
    array = np.asarray(array)
    codes = {np.dtype(v).newbyteorder("="): k for k, v in TYPES.items()}
    if array.dtype not in codes:
        raise TypeError(f"IDX cannot store dtype {array.dtype} (uint8, int8, int16, int32, "
                        "float32, float64)")
    header = bytes([0, 0, codes[array.dtype], array.ndim]) + \
        np.asarray(array.shape, ">u4").tobytes()
    data = header + array.astype(TYPES[codes[array.dtype]]).tobytes()
    opener = gzip.open if os.fspath(path).endswith(".gz") else open
    with opener(path, "wb") as f:
        f.write(data)


def _find(root, stem):
    """The path of ``stem`` or ``stem.gz`` (also with '.' for the last '-', as some
    mirrors name them) in ``root`` or ``root/raw``."""
    names = [stem, stem[::-1].replace("-", ".", 1)[::-1]]
    for folder in (root, os.path.join(root, "raw")):
        for name in names:
            for candidate in (name, name + ".gz"):
                path = os.path.join(folder, candidate)
                if os.path.isfile(path):
                    return path
    raise IDXError(f"{root}: no file {stem} or {stem}.gz in this folder")


def load_idx_folder(root, train=True, name=None):
    """The MNIST-style set in folder ``root``: ``train=True`` the training files, else the
    t10k (test) files. Features: the images flattened and scaled to [0, 1] (float32)."""
    root = os.fspath(root)
    if not os.path.isdir(root):
        raise IDXError(f"{root}: no such folder")
    image_path, label_path = (_find(root, stem) for stem in FILES[bool(train)])
    images, labels = read_idx(image_path), read_idx(label_path)
    if images.ndim != 3:
        raise IDXError(f"{image_path}: images must have 3 dimensions (n, rows, cols), "
                       f"found shape {images.shape}")
    if labels.ndim != 1:
        raise IDXError(f"{label_path}: labels must have 1 dimension, found shape {labels.shape}")
    if len(images) != len(labels):
        raise IDXError(f"{label_path}: {len(labels)} labels for the {len(images)} images of "
                       f"{image_path}")
    if labels.size and (labels.min() < 0 or labels.max() > 9):
        raise IDXError(f"{label_path}: labels must be 0..9, found {labels.min()}..{labels.max()}")
    data = images.reshape(len(images), -1).astype(np.float32) / 255.0
    return ArrayDataset(data, labels, 10, name or os.path.basename(os.path.normpath(root)))


def MNIST(root, train=True):
    """MNIST from the IDX files in ``root`` (torchvision's ``root`` and ``train``)."""
    return load_idx_folder(root, train, "MNIST")


def FashionMNIST(root, train=True):
    """Fashion-MNIST from the IDX files in ``root`` (same file names as MNIST)."""
    return load_idx_folder(root, train, "FashionMNIST")
