"""``mg.save`` / ``mg.load``: state dicts and optimizer states in the safetensors format.

A file is a plain safetensors file: its tensors are the tensors found in the
saved object, named by their dotted path in it (a state dict's own keys, so
``safetensors.torch.load_file(path)`` hands PyTorch a state dict), and its
metadata holds, under the key
``"minigrad"``, the object's nested structure as JSON, with each tensor
replaced by a reference to its name. Loading parses JSON and copies bytes:
no pickle, nothing is ever executed.

Structure encoding (JSON value -> Python value)::

    {"tensor": "fc.weight", "device": "cpu", "shape": [3, 2]}   a stored tensor
                                            (the shape, since safetensors stores 0-d as [1])
    {"dict": [[key, value], ...]}           a dict (keys may be str, int, ...; order kept)
    {"list": [...]},  {"tuple": [...]}      sequences
    {"float": "inf"}                        a float JSON cannot hold (inf, -inf, nan)
    numbers, strings, booleans, null        themselves

Writing is atomic: the bytes go to a temporary file in the same folder, which
is flushed, fsync'ed and then renamed over the target with ``os.replace``; a
crash at any moment leaves either the old file or the new one, never a mix.
"""
import json
import math
import os
import tempfile

import numpy as np

from . import backend
from .tensor import Tensor

FORMAT = "minigrad"
VERSION = 1


def _encode(obj, tensors, path=""):
    """The JSON-able structure of ``obj``; its tensors are added to ``tensors`` under their
    dotted path in ``obj`` (``"fc.weight"``, ``"state.0.exp_avg"``), so the file read with
    plain safetensors is a state dict with the usual keys."""
    if isinstance(obj, Tensor):
        name = path if path and path not in tensors else f"#{len(tensors)}"
        tensors[name] = np.ascontiguousarray(backend.to_numpy(obj.detach().array))
        return {"tensor": name, "device": str(obj.device), "shape": list(obj.shape)}
    if isinstance(obj, bool) or obj is None or isinstance(obj, (int, str)):
        return obj
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else {"float": repr(obj)}
    dot = path + "." if path else ""
    if isinstance(obj, dict):
        return {"dict": [[_encode(k, tensors), _encode(v, tensors, f"{dot}{k}")]
                         for k, v in obj.items()]}
    if isinstance(obj, (list, tuple)):
        kind = "list" if isinstance(obj, list) else "tuple"
        return {kind: [_encode(v, tensors, f"{dot}{i}") for i, v in enumerate(obj)]}
    if isinstance(obj, np.generic):
        return obj.item()
    raise TypeError(f"mg.save cannot store an object of type {type(obj).__name__} (it stores "
                    "tensors, dicts, lists, tuples, str, int, float, bool and None)")


def _decode(node, tensors, map_location):
    from .creation import from_numpy
    if isinstance(node, list):           # only inside the containers below
        raise ValueError("malformed structure: a bare JSON list")
    if not isinstance(node, dict):
        return node
    if "tensor" in node:
        array = tensors[node["tensor"]].reshape(node.get("shape", tensors[node["tensor"]].shape))
        t = from_numpy(array if array.flags.writeable else array.copy())
        device = map_location if map_location is not None else node.get("device", "cpu")
        if callable(device):
            return device(t, node.get("device", "cpu"))
        return t.to(device) if backend.Device(device).type != "cpu" else t
    if "dict" in node:
        return {_hashable(_decode(k, tensors, map_location)): _decode(v, tensors, map_location)
                for k, v in node["dict"]}
    if "list" in node:
        return [_decode(v, tensors, map_location) for v in node["list"]]
    if "tuple" in node:
        return tuple(_decode(v, tensors, map_location) for v in node["tuple"])
    if "float" in node:
        return float(node["float"])
    raise ValueError(f"malformed structure: unknown node {sorted(node)}")


def _hashable(key):
    return tuple(key) if isinstance(key, list) else key


def _write_bytes(file, data):
    """Write ``data`` to the open binary ``file`` and force it to disk."""
    file.write(data)
    file.flush()
    os.fsync(file.fileno())


def save(obj, f):
    """Save ``obj`` (a state dict, an optimizer state dict, or any nesting of dicts, lists
    and tuples holding tensors, numbers, strings, bools and None) to path ``f``."""
    from safetensors.numpy import save as st_save
    tensors = {}
    structure = _encode(obj, tensors)
    metadata = {FORMAT: json.dumps({"version": VERSION, "object": structure})}
    data = st_save(tensors, metadata=metadata)
    if hasattr(f, "write"):
        f.write(data)
        return
    path = os.fspath(f)
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=os.path.basename(path) + ".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as file:
            _write_bytes(file, data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    try:                                   # make the rename itself durable
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def _header(data, name):
    """The safetensors JSON header of ``data``, or a clear error."""
    if len(data) < 8:
        raise RuntimeError(f"{name} is not a minigrad checkpoint: {len(data)} bytes is too short "
                           "for a safetensors header (truncated or empty file?)")
    size = int.from_bytes(data[:8], "little")
    if size > len(data) - 8:
        raise RuntimeError(f"{name} is truncated or corrupted: its header claims {size} bytes "
                           f"but only {len(data) - 8} follow")
    try:
        return json.loads(data[8:8 + size].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise RuntimeError(f"{name} is not a minigrad checkpoint (no readable safetensors "
                           "header): corrupted, or a different format such as a pickle") from None


def load(f, map_location=None, weights_only=True):
    """Load what :func:`save` stored. ``map_location``: None (the devices saved from),
    a device ("cpu", "cuda", mg.device), or a function ``(tensor, saved_device) -> tensor``."""
    from safetensors import SafetensorError
    from safetensors.numpy import load as st_load
    if hasattr(f, "read"):
        data, name = f.read(), "the file object"
    else:
        name = repr(os.fspath(f))
        with open(f, "rb") as file:
            data = file.read()
    header = _header(data, name)
    meta = header.get("__metadata__") if isinstance(header, dict) else None
    if not meta or FORMAT not in meta:
        raise RuntimeError(f"{name} is a safetensors file but not a minigrad checkpoint (no "
                           f"'{FORMAT}' metadata); read it with safetensors.numpy.load_file")
    try:
        record = json.loads(meta[FORMAT])
        tensors = st_load(data)
    except (json.JSONDecodeError, SafetensorError, ValueError) as err:
        raise RuntimeError(f"{name} is corrupted: {err}") from None
    if record.get("version", 0) > VERSION:
        raise RuntimeError(f"{name} was written by a newer minigrad (format version "
                           f"{record['version']} > {VERSION})")
    try:
        return _decode(record["object"], tensors, map_location)
    except (KeyError, ValueError, TypeError) as err:
        raise RuntimeError(f"{name} is corrupted: bad structure ({err!r})") from None
