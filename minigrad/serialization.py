"""``mg.save`` / ``mg.load``: state dicts and optimizer states in the safetensors format.

A file is a plain safetensors file: its tensors are the tensors found in the
saved object, named by their dotted path in it (a state dict's own keys, so
``safetensors.torch.load_file(path)`` hands PyTorch a state dict), and its
metadata holds two JSON strings:

- ``"minigrad"``: the object's nested structure, each tensor replaced by a
  reference to its name;
- ``"minigrad.sha256"``: checksums, ``{"header": ..., "tensors": {name: ...}}``:
  SHA-256 of the header (every tensor's name, dtype and shape, then the
  structure) and of each tensor's bytes. ``load`` verifies them and names
  the damaged tensor.

Structure encoding (JSON value -> Python value)::

    {"tensor": "fc.weight", "device": "cpu", "shape": [3, 2]}   a stored tensor
    {"dict": [[key, value], ...]}           a dict (keys may be str, int, ...; order kept)
    {"list": [...]},  {"tuple": [...]}      sequences
    {"float": "inf"}                        a float JSON cannot hold (inf, -inf, nan)
    numbers, strings, booleans, null        themselves

Loading parses JSON and reads bytes: no pickle, nothing is ever executed. It
reads the 8-byte header size first and checks every claim against the file
before reading on, so a malformed file costs bounded time and memory and
raises :class:`CheckpointError`. A safetensors file written by another
program (no ``"minigrad"`` metadata) loads as a dict of its tensors.

Writing is atomic (:func:`minigrad.utils.files.write_atomically`): a crash at
any moment leaves either the old file or the new one, never a mix.
"""
import hashlib
import json
import math
import os
import stat

import numpy as np

from . import backend
from .tensor import Tensor
from .utils.files import write_atomically

FORMAT = "minigrad"               # metadata key of the structure
CHECKSUM = "minigrad.sha256"      # metadata key of the checksums
VERSION = 2                       # 2 has checksums; files of version 1 load unchecked
MAX_HEADER = 100_000_000          # bytes; safetensors' own limit
MAX_DEPTH = 100                   # containers nested in containers
MAX_DIMS = 64                     # NumPy's limit on a shape's length
TORCH_HINT = ("is a pickle (torch.save) file; minigrad loads safetensors — see "
              "docs/nn/checkpoints.md for how to convert")
_DTYPES = {"BOOL": "|b1", "U8": "|u1", "I8": "|i1", "U16": "<u2", "I16": "<i2", "F16": "<f2",
           "U32": "<u4", "I32": "<i4", "F32": "<f4", "U64": "<u8", "I64": "<i8", "F64": "<f8"}
_CODES = {np.dtype(v): k for k, v in _DTYPES.items()}


class CheckpointError(RuntimeError):
    """A file ``mg.load`` cannot read: not a checkpoint, truncated, damaged or malformed."""


class _Malformed(ValueError):
    """Raised inside the structure decoder; ``load`` reports it as a CheckpointError."""


# -- save -------------------------------------------------------------------------------------

def save(obj, f):
    """Save ``obj`` (a state dict, an optimizer state dict, or any nesting of dicts, lists
    and tuples holding tensors, numbers, strings, bools and None) to path ``f``."""
    from safetensors.numpy import save as st_save
    found = []
    structure = _encode(obj, found, "", 0)
    tensors = _name(found)                       # fills in the structure's tensor names
    record = json.dumps({"version": VERSION, "object": structure})
    sums = {"header": _digest({k: (_CODES[a.dtype], list(a.shape)) for k, a in tensors.items()},
                              record),
            "tensors": {k: hashlib.sha256(a).hexdigest() for k, a in tensors.items()}}
    data = st_save(tensors, metadata={FORMAT: record, CHECKSUM: json.dumps(sums)})
    if hasattr(f, "write"):
        f.write(data)
    else:
        write_atomically(os.fspath(f), data)


def _encode(obj, found, path, depth):
    """The JSON-able structure of ``obj``; each tensor is appended to ``found`` as
    ``(dotted path, array, node)``, and :func:`_name` later fills in the node's name."""
    if isinstance(obj, Tensor):
        node = {"tensor": None, "device": str(obj.device), "shape": list(obj.shape)}
        array = np.ascontiguousarray(backend.to_numpy(obj.detach().array))
        if array.dtype not in _CODES:
            raise TypeError(f"mg.save cannot store a tensor of dtype {array.dtype}")
        found.append((path, array, node))
        return node
    if isinstance(obj, bool) or obj is None or isinstance(obj, (int, str)):
        return obj
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else {"float": repr(obj)}
    if isinstance(obj, np.generic):
        return _encode(obj.item(), found, path, depth)
    if depth >= MAX_DEPTH and isinstance(obj, (dict, list, tuple)):
        raise ValueError(f"mg.save cannot store containers nested more than {MAX_DEPTH} deep")
    dot = path + "." if path else ""
    if isinstance(obj, dict):
        return {"dict": [[_encode(k, found, "", depth + 1),
                          _encode(v, found, f"{dot}{k}", depth + 1)] for k, v in obj.items()]}
    if isinstance(obj, (list, tuple)):
        kind = "list" if isinstance(obj, list) else "tuple"
        return {kind: [_encode(v, found, f"{dot}{i}", depth + 1) for i, v in enumerate(obj)]}
    raise TypeError(f"mg.save cannot store an object of type {type(obj).__name__} (it stores "
                    "tensors, dicts, lists, tuples, str, int, float, bool and None)")


def _name(found):
    """Each tensor's name in the file: its dotted path, unless it has none (a tensor at the
    top, or used as a key) or an earlier tensor has it; then ``#k``, with k the first number
    whose ``#k`` is no tensor's path. So a name the user wrote is never taken."""
    paths = {path for path, _, _ in found}
    tensors, k = {}, 0
    for path, array, node in found:
        name = path
        if not path or path == "__metadata__" or path in tensors:
            while f"#{k}" in paths:
                k += 1
            name = f"#{k}"
            paths.add(name)
        node["tensor"], tensors[name] = name, array
    return tensors


def _digest(index, record):
    """SHA-256 of the header's content: each tensor's name, dtype and shape, then the record."""
    listing = json.dumps([[name, *index[name]] for name in sorted(index)])
    return hashlib.sha256((listing + "\n" + record).encode()).hexdigest()


# -- load -------------------------------------------------------------------------------------

def load(f, map_location=None, weights_only=True):
    """Load what :func:`save` stored. ``map_location``: None (the devices saved from),
    a device ("cpu", "cuda", mg.device), or a function ``(tensor, saved_device) -> tensor``.
    A malformed, truncated or damaged file raises :class:`CheckpointError`."""
    if hasattr(f, "read"):
        return _load(f, "the file object", None, map_location)
    with open(f, "rb") as file:
        info = os.fstat(file.fileno())
        size = info.st_size if stat.S_ISREG(info.st_mode) else None
        return _load(file, repr(os.fspath(f)), size, map_location)


def _load(file, name, size, map_location):
    index, meta, body = _read(file, name, size)
    if FORMAT not in meta and CHECKSUM not in meta:        # written by another program
        arrays, used = _arrays(index, body), set()
        return {k: _tensor({"tensor": k}, arrays, map_location, used) for k in arrays}
    if FORMAT not in meta:
        raise CheckpointError(f"{name} is damaged: it has minigrad checksums but no "
                              f"'{FORMAT}' metadata")
    record = _json(meta[FORMAT], name, f"'{FORMAT}' metadata")
    version = record.get("version") if isinstance(record, dict) else None
    if type(version) is not int or version < 1 or "object" not in record:
        raise CheckpointError(f"{name} has malformed '{FORMAT}' metadata (expected a JSON object "
                              f"with an integer 'version' and an 'object'; version is "
                              f"{version!r})")
    if version > VERSION:
        raise CheckpointError(f"{name} was written by a newer minigrad (format version "
                              f"{version} > {VERSION})")
    if version >= 2 or CHECKSUM in meta:
        _verify(name, meta, index, body)
    try:
        return _decode(record["object"], _arrays(index, body), map_location, set(), 0)
    except _Malformed as err:
        raise CheckpointError(f"{name} has a malformed structure: {err}") from None


def _read(file, name, size):
    """The validated tensor index, the metadata and the tensor bytes of a safetensors file,
    reading no further than the header's claims, each checked before it is acted on."""
    start = file.read(9)
    n = int.from_bytes(start[:8], "little")
    if len(start) < 9 or start[8:9] != b"{" or not 2 <= n <= MAX_HEADER:
        if start[:4] == b"PK\x03\x04" or (start[:1] == b"\x80" and start[1:2] in
                                           (b"\x02", b"\x03", b"\x04", b"\x05")):
            raise CheckpointError(f"{name} {TORCH_HINT}")
        if len(start) < 9:
            raise CheckpointError(f"{name} is not a minigrad checkpoint: {len(start)} bytes is "
                                  "too short for a safetensors header (truncated or empty file?)")
        raise CheckpointError(f"{name} is not a safetensors file (minigrad's checkpoint format):"
                              f" it does not start with a header size and a JSON header")
    if size is not None and 8 + n > size:
        raise CheckpointError(f"{name} is truncated or corrupted: its header claims {n} bytes "
                              f"but only {size - 8} follow")
    raw = start[8:] + _read_exactly(file, n - 1, size is not None)
    if len(raw) < n:
        raise CheckpointError(f"{name} is truncated or corrupted: its header claims {n} bytes "
                              f"but only {len(raw)} follow")
    header = _json(raw, name, "header")
    index, meta, total = _index(header, name)
    if size is not None and size != 8 + n + total:
        what = "truncated" if size < 8 + n + total else "corrupted"
        raise CheckpointError(f"{name} is {what}: its header describes {8 + n + total} bytes, "
                              f"the file has {size}")
    body = _read_exactly(file, total, size is not None)
    if len(body) < total:
        raise CheckpointError(f"{name} is truncated: {total} bytes of tensors announced, "
                              f"{len(body)} found")
    if size is None and file.read(1):
        raise CheckpointError(f"{name} is corrupted: it goes on after its last tensor")
    return index, meta, body


def _read_exactly(file, n, checked):
    """Up to ``n`` bytes: into one buffer when ``n`` was ``checked`` against the file's size,
    else (a stream) in chunks, so that memory follows what is really there."""
    if checked and hasattr(file, "readinto"):
        data, got = bytearray(n), 0
        with memoryview(data) as view:
            while got < n:
                count = file.readinto(view[got:])
                if not count:
                    break
                got += count
        return data if got == n else data[:got]
    data = bytearray()
    while len(data) < n:
        chunk = file.read(min(n - len(data), 1 << 26))
        if not chunk:
            break
        data += chunk
    return data


def _json(text, name, what):
    try:
        return json.loads(text.decode("utf-8") if isinstance(text, (bytes, bytearray)) else text)
    except (ValueError, RecursionError) as err:     # UnicodeDecodeError, JSONDecodeError, ...
        reason = "nested too deeply" if isinstance(err, RecursionError) else err
        raise CheckpointError(f"{name} is corrupted or not a minigrad checkpoint: its {what} "
                              f"is not valid JSON ({reason})") from None


def _index(header, name):
    """``{tensor: (dtype, shape, begin, end)}`` in file order, the metadata, and the number of
    tensor bytes; every entry checked, and the byte ranges must tile the data exactly."""
    def bad(msg):
        return CheckpointError(f"{name} is corrupted or not a safetensors file: {msg}")
    if not isinstance(header, dict):
        raise bad(f"its header is a JSON {type(header).__name__}, not an object")
    meta = header.get("__metadata__", {})
    if not isinstance(meta, dict) or not all(isinstance(v, str) for v in meta.values()):
        raise bad("its __metadata__ is not a map of strings to strings")
    index = {}
    for key, entry in header.items():
        if key == "__metadata__":
            continue
        if not isinstance(entry, dict):
            raise bad(f"the entry of tensor {key!r} is not an object")
        dtype, shape, offsets = entry.get("dtype"), entry.get("shape"), entry.get("data_offsets")
        if not (isinstance(dtype, str) and dtype in _DTYPES):
            raise bad(f"tensor {key!r} has dtype {dtype!r}; minigrad reads "
                      f"{', '.join(_DTYPES)} (convert others, e.g. BF16, to F32 first)")
        if not _is_shape(shape):
            raise bad(f"tensor {key!r} has shape {shape!r:.60}, not a list of at most "
                      f"{MAX_DIMS} sizes")
        if not (isinstance(offsets, list) and len(offsets) == 2 and
                all(type(o) is int for o in offsets) and 0 <= offsets[0] <= offsets[1]):
            raise bad(f"tensor {key!r} has data_offsets {offsets!r}, not [begin, end]")
        need = math.prod(shape) * np.dtype(_DTYPES[dtype]).itemsize
        if offsets[1] - offsets[0] != need:
            raise bad(f"tensor {key!r} ({dtype}, shape {shape}) needs {need} bytes, its "
                      f"data_offsets span {offsets[1] - offsets[0]}")
        index[key] = (dtype, shape, *offsets)
    index = dict(sorted(index.items(), key=lambda item: item[1][2:]))
    total = 0
    for key, (_, _, begin, end) in index.items():
        if begin != total:
            raise bad(f"the tensors' byte ranges overlap or leave a gap (at tensor {key!r})")
        total = end
    return index, meta, total


def _is_shape(shape):
    """A list of at most MAX_DIMS sizes below 2^63 (so their product is cheap to compute)."""
    return (isinstance(shape, list) and len(shape) <= MAX_DIMS and
            all(type(s) is int and 0 <= s < 2**63 for s in shape))


def _verify(name, meta, index, body):
    """Check the header's and each tensor's SHA-256 against the stored ones."""
    sums = _json(meta[CHECKSUM], name, f"'{CHECKSUM}' metadata") if CHECKSUM in meta else None
    if not (isinstance(sums, dict) and isinstance(sums.get("header"), str) and
            isinstance(sums.get("tensors"), dict)):
        raise CheckpointError(f"{name} is damaged: its checksums are missing or malformed")
    if sums["header"] != _digest({k: v[:2] for k, v in index.items()}, meta[FORMAT]):
        raise CheckpointError(f"{name} is damaged: its header does not match its checksum "
                              "(tensor names, dtypes, shapes or the saved structure changed)")
    if set(sums["tensors"]) != set(index):
        raise CheckpointError(f"{name} is damaged: its checksums list tensors "
                              f"{sorted(sums['tensors'])}, the file holds {sorted(index)}")
    view = memoryview(body)
    damaged = [k for k, (_, _, begin, end) in index.items()
               if hashlib.sha256(view[begin:end]).hexdigest() != sums["tensors"][k]]
    if damaged:
        raise CheckpointError(f"{name} is damaged: the bytes of tensor"
                              f"{'s' if len(damaged) > 1 else ''} "
                              f"{', '.join(map(repr, damaged))} do not match their checksum")


def _arrays(index, body):
    """Each tensor's NumPy array: a view of its bytes in ``body``, or a copy where they are
    not aligned for its dtype (safetensors' writer aligns them)."""
    arrays = {}
    for k, (dtype, shape, begin, _) in index.items():
        array = np.frombuffer(body, _DTYPES[dtype], math.prod(shape), begin).reshape(shape)
        arrays[k] = array if array.flags.aligned else array.copy()
    return arrays


def _decode(node, arrays, map_location, used, depth):
    """The Python object a structure node stands for; anything unexpected is _Malformed."""
    if node is None or isinstance(node, (bool, int, float, str)):
        return node
    if not isinstance(node, dict) or not node:
        raise _Malformed(f"a bare JSON {type(node).__name__} where a value was expected")
    if "tensor" in node:
        return _tensor(node, arrays, map_location, used)
    if len(node) != 1:
        raise _Malformed(f"unknown node with keys {sorted(node)!r:.60}")
    (kind, value), = node.items()
    if kind in ("list", "tuple", "dict") and isinstance(value, list):
        if depth >= MAX_DEPTH:
            raise _Malformed(f"containers nested more than {MAX_DEPTH} deep")
        if kind != "dict":
            items = [_decode(v, arrays, map_location, used, depth + 1) for v in value]
            return items if kind == "list" else tuple(items)
        out = {}
        for pair in value:
            if not (isinstance(pair, list) and len(pair) == 2):
                raise _Malformed(f"a dict entry is {pair!r:.40}, not a [key, value] pair")
            key = _decode(pair[0], arrays, map_location, used, depth + 1)
            try:
                hash(key)
            except TypeError:
                raise _Malformed(f"a dict key is an unhashable {type(key).__name__}") from None
            out[key] = _decode(pair[1], arrays, map_location, used, depth + 1)
        return out
    if kind == "float" and value in ("inf", "-inf", "nan"):
        return float(value)
    raise _Malformed(f"unknown node {kind!r} holding {value!r:.40}")


def _tensor(node, arrays, map_location, used):
    """A tensor node: the stored array, in its saved shape, on the device asked for."""
    from .creation import from_numpy
    ref = node.get("tensor")
    if not (isinstance(ref, str) and ref in arrays):
        raise _Malformed(f"it refers to a tensor {ref!r:.40} the file does not hold")
    if ref in used:
        raise _Malformed(f"it refers to tensor {ref!r} twice")
    used.add(ref)
    array, shape, saved = arrays[ref], node.get("shape"), node.get("device", "cpu")
    if shape is not None:
        if not (_is_shape(shape) and math.prod(shape) == array.size):
            raise _Malformed(f"tensor {ref!r} has shape {shape!r:.40}, which does not fit "
                             f"its {array.size} elements")
        array = array.reshape(shape)
    try:
        backend.Device(saved)
    except (TypeError, ValueError, RuntimeError):
        raise _Malformed(f"tensor {ref!r} was saved from an unknown device {saved!r:.40}") from None
    t = from_numpy(array)
    device = map_location if map_location is not None else saved
    if callable(device):
        return device(t, saved)
    return t.to(device) if backend.Device(device).type != "cpu" else t
