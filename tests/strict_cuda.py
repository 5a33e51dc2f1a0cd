"""A stand-in for CuPy that is as strict as CuPy about leaving the device.

CI has no GPU, yet code that would break on one must break in CI. So the
test suite runs device "cuda" on this module: NumPy underneath, but its
arrays (``StrictArray``) refuse what ``cupy.ndarray`` refuses:

- implicit conversion to NumPy (``np.asarray(x)``, ``np.array(x)``);
- mixing with ``numpy.ndarray`` operands in one operation.

Everything CuPy offers that minigrad uses works through the module object
``strict`` (``strict.exp``, ``strict.random.default_rng``, ``strict.asnumpy``,
``strict.cuda.runtime.getDeviceCount`` ...).
"""
import contextlib
import types

import numpy as np
from numpy.lib.mixins import NDArrayOperatorsMixin

REFUSED = ("Implicit conversion to a NumPy array is not allowed. Please use `.get()` to "
           "construct a NumPy array explicitly.")


class _Device:
    id = 0

    def __eq__(self, other):
        return isinstance(other, _Device)

    __hash__ = object.__hash__


class StrictArray(NDArrayOperatorsMixin):
    """A device array: NumPy inside, no implicit way out."""
    __slots__ = ("_a",)
    device = _Device()

    def __init__(self, array):
        self._a = array

    def __array__(self, *args, **kwargs):
        raise TypeError(REFUSED)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        out = kwargs.get("out")
        if out is not None:
            kwargs["out"] = tuple(_unwrap(o) for o in out)
        result = getattr(ufunc, method)(*(_unwrap(x) for x in inputs), **kwargs)
        if out is not None and len(out) == 1:
            return out[0]
        return _wrap(result)

    def __array_function__(self, func, types_, args, kwargs):
        return _wrap(func(*_unwrap(args), **_unwrap(kwargs)))

    def __getattr__(self, name):
        attr = getattr(self._a, name)
        if callable(attr):
            return lambda *a, **k: _wrap(attr(*_unwrap(a), **_unwrap(k)))
        return _wrap(attr)

    def __getitem__(self, index):
        return _wrap(self._a[_unwrap_index(index)])

    def __setitem__(self, index, value):
        self._a[_unwrap_index(index)] = _unwrap(value)

    def __len__(self):
        return len(self._a)

    def __iter__(self):
        return (_wrap(x) for x in self._a)

    def __bool__(self):
        return bool(self._a)

    def __float__(self):
        return float(self._a)

    def __int__(self):
        return int(self._a)

    def __index__(self):
        return self._a.__index__()

    def __repr__(self):
        return "strict_" + repr(self._a)

    def get(self):
        return self._a.copy()


def _unwrap(x):
    if isinstance(x, StrictArray):
        return x._a
    if isinstance(x, np.ndarray):
        raise TypeError(f"Unsupported type {type(x)}: a NumPy array (host memory) cannot be "
                        "mixed with a device array")
    if isinstance(x, (list, tuple)):
        return type(x)(_unwrap(v) for v in x)
    if isinstance(x, dict):
        return {k: _unwrap(v) for k, v in x.items()}
    return x


def _unwrap_index(index):
    parts = index if isinstance(index, tuple) else (index,)
    parts = tuple(_unwrap(p) if isinstance(p, (StrictArray, np.ndarray)) else p for p in parts)
    return parts if isinstance(index, tuple) else parts[0]


def _wrap(x):
    if isinstance(x, np.ndarray):
        return StrictArray(x)
    if isinstance(x, np.generic):              # CuPy reductions give 0-d arrays, not scalars
        return StrictArray(np.asarray(x))
    if isinstance(x, np.random.Generator):
        return _Namespace(x)
    if isinstance(x, (list, tuple)) and any(isinstance(v, np.ndarray) for v in x):
        return type(x)(_wrap(v) for v in x)
    return x


class _Namespace:
    """A NumPy module or object whose functions take and give device arrays."""

    def __init__(self, target):
        self._target = target

    def __getattr__(self, name):
        attr = getattr(self._target, name)
        if isinstance(attr, types.ModuleType):
            return _Namespace(attr)
        if isinstance(attr, type) or not callable(attr):
            return attr
        return lambda *a, **k: _wrap(attr(*_unwrap(a), **_unwrap(k)))


class StrictModule(_Namespace):
    """The module object installed as minigrad's "cuda" backend in tests."""
    ndarray = StrictArray

    def __init__(self):
        super().__init__(np)
        self.cuda = types.SimpleNamespace(
            runtime=types.SimpleNamespace(getDeviceCount=lambda: 1),
            Device=lambda index=0: contextlib.nullcontext())

    def asarray(self, x, dtype=None):
        """Host → device (as ``cupy.asarray`` accepts NumPy arrays)."""
        if isinstance(x, StrictArray):
            x = x._a
        return StrictArray(np.array(x, dtype=dtype, copy=True) if isinstance(x, np.ndarray)
                           else np.asarray(x, dtype=dtype))

    array = asarray

    def asnumpy(self, x):
        return x._a.copy() if isinstance(x, StrictArray) else np.asarray(x)

    def scatter_add(self, out, index, values):
        np.add.at(out._a, _unwrap_index(index), _unwrap(values))

    def fuse(self, *args, **kwargs):
        """``cupy.fuse``: here the function just runs as written."""
        if args and callable(args[0]):
            return args[0]
        return lambda fn: fn

    def seed(self, value):
        pass


strict = StrictModule()
