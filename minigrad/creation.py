"""Making tensors: ``mg.tensor``, ``zeros``, ``arange``, ``randn``, ... with PyTorch's dtype rules."""
import numpy as np

from . import backend, dtypes, random
from . import memory_formats as _layout
from .backends import default_device
from .autograd.function import is_tensor  # noqa: F401  (mg.is_tensor)
from .ops.shapes import new_shape, size_args
from .tensor import Tensor


def _ragged(data, depth=0):
    """Where a nested list stops being rectangular, in PyTorch's words, or None."""
    if not isinstance(data, (list, tuple)) or not data:
        return None

    def length(x):
        return len(x) if isinstance(x, (list, tuple)) else None

    first = length(data[0])
    for x in data[1:]:
        if length(x) != first:
            want = "a number" if first is None else f"sequence of length {first}"
            got = "a number" if length(x) is None else f"a sequence of length {length(x)}"
            return f"ragged nested list: expected {want} at dim {depth + 1} (got {got})"
    for x in data:
        msg = _ragged(x, depth + 1)
        if msg:
            return msg
    return None


def as_array(data, dtype=None, device=None):
    """A fresh backend array from a Tensor, an array, a scalar or a nested list."""
    dtype = dtypes.to_dtype(dtype)
    if isinstance(data, Tensor):
        array = data.array.copy()
    elif isinstance(data, (np.ndarray, np.generic)) or hasattr(data, "__cuda_array_interface__"):
        array = np.array(data) if isinstance(data, np.generic) else data.copy()
        _check_numpy_dtype(array)
    else:
        floats = dtypes.get_default_dtype()      # float tensors in a list may widen it
        if isinstance(data, (list, tuple)) and any(isinstance(x, Tensor) for x in data):
            for x in data:
                if isinstance(x, Tensor) and x.dtype.kind == "f":
                    floats = dtypes.promote_types(floats, x.dtype)
            data = [backend.to_numpy(x.array) if isinstance(x, Tensor) else x for x in data]
        msg = _ragged(data)
        if msg:
            raise ValueError(msg)
        array = np.array(data)           # Python floats are exact here (float64), ints int64
        if array.dtype.kind not in "biuf":
            raise TypeError(f"can't make a tensor from {type(data).__name__} data "
                            f"(got elements of type {array.dtype})")
        if dtype is None:                # round once, straight to the dtype asked for
            dtype = floats if array.dtype.kind == "f" else \
                dtypes.int64 if array.dtype.kind in "iu" else None
    if dtype is not None:
        with np.errstate(over="ignore"):  # 1e300 in float32 is inf, silently, as in PyTorch
            array = array.astype(dtype, copy=False)
    if device is not None:
        array = backend.to_device(array, device)
    return array


def _check_numpy_dtype(array):
    """Refuse a NumPy array of strings, objects, dates ... as PyTorch does (a TypeError)."""
    if array.dtype.kind not in "biufc":
        raise TypeError(f"can't convert np.ndarray of type numpy.{array.dtype.type.__name__}. "
                        "The only supported types are: float64, float32, float16, complex64, "
                        "complex128, int64, int32, int16, int8, uint64, uint32, uint16, uint8, "
                        "and bool.")


def _new(array, requires_grad):
    t = Tensor._make(array)
    if requires_grad:
        t.requires_grad = True
    return t


def tensor(data, dtype=None, device=None, requires_grad=False):
    """A new leaf tensor holding a copy of ``data``."""
    return _new(as_array(data, dtype, default_device(device)), requires_grad)


def as_tensor(data, dtype=None, device=None):
    """``data`` itself when it is a tensor of that dtype and device; a NumPy array of that
    dtype on the CPU shares its memory (``from_numpy``); anything else is copied."""
    device = default_device(device)
    if isinstance(data, Tensor) and (dtype is None or data.dtype == dtype) and \
            (device is None or data.device == device):
        return data
    if isinstance(data, np.ndarray) and (dtype is None or data.dtype == dtypes.to_dtype(dtype)) \
            and backend.Device(device or "cpu").type == "cpu":
        return from_numpy(data)
    return tensor(data, dtype, device)


def from_numpy(array):
    """A tensor sharing ``array``'s memory."""
    if not isinstance(array, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(array).__name__})")
    _check_numpy_dtype(array)
    return Tensor._make(array)


def _filled(fill, size, dtype, device, requires_grad):
    device = default_device(device)
    xp = backend.module_for(device or "cpu")
    dtype = dtypes.to_dtype(dtype) or dtypes.get_default_dtype()
    with backend_device(device):
        array = xp.full(new_shape(size), fill, dtype=dtype)
    return _new(array, requires_grad)


def backend_device(device):
    """A context that makes CuPy allocate on ``device``'s GPU (nothing on the CPU)."""
    import contextlib
    d = backend.Device(device or "cpu")
    if d.type == "cpu" or d.index is None:
        return contextlib.nullcontext()
    return backend.cuda_module().cuda.Device(d.index)


def _sizes(args, size, name):
    """The shape given as ``f(2, 3)``, ``f((2, 3))`` or PyTorch's keyword ``f(size=(2, 3))``;
    ``f()`` is refused as in PyTorch (a 0-d tensor is ``f(())``)."""
    if size is None:
        if not args:
            raise TypeError(f"{name}() missing 1 required positional argument: 'size' "
                            f"(a 0-d tensor is {name}(()))")
        return args
    if args:
        raise TypeError(f"{name}() got multiple values for argument 'size'")
    return (size,)


def zeros(*args, size=None, dtype=None, device=None, requires_grad=False):
    size = _sizes(args, size, "zeros")
    if any(s < 0 for s in size_args(size)):
        raise RuntimeError("zeros: Dimension size must be non-negative.")   # PyTorch's words
    return _filled(0, size, dtype, device, requires_grad)


def ones(*args, size=None, dtype=None, device=None, requires_grad=False):
    return _filled(1, _sizes(args, size, "ones"), dtype, device, requires_grad)


def empty(*args, size=None, dtype=None, device=None, requires_grad=False):
    return _filled(0, _sizes(args, size, "empty"), dtype, device, requires_grad)


def full(size, fill_value, dtype=None, device=None, requires_grad=False):
    if dtype is None:
        dtype = (dtypes.bool if isinstance(fill_value, bool) else
                 dtypes.int64 if isinstance(fill_value, int) else None)
    return _filled(fill_value, (size,), dtype, device, requires_grad)


def _like(fn, input, dtype, device, requires_grad, *args):
    return fn(*args, input.shape, dtype=dtype or input.dtype, device=device or input.device,
              requires_grad=requires_grad)


# The *_like functions accept PyTorch's memory_format= (checked; the result is row-major).
def zeros_like(input, dtype=None, device=None, requires_grad=False, *,
               memory_format=_layout.preserve_format):
    _layout.check(memory_format, input)
    return _like(zeros, input, dtype, device, requires_grad)


def ones_like(input, dtype=None, device=None, requires_grad=False, *,
              memory_format=_layout.preserve_format):
    _layout.check(memory_format, input)
    return _like(ones, input, dtype, device, requires_grad)


def empty_like(input, dtype=None, device=None, requires_grad=False, *,
               memory_format=_layout.preserve_format):
    _layout.check(memory_format, input)
    return _like(empty, input, dtype, device, requires_grad)


def full_like(input, fill_value, dtype=None, device=None, requires_grad=False, *,
              memory_format=_layout.preserve_format):
    _layout.check(memory_format, input)
    return full(input.shape, fill_value, dtype=dtype or input.dtype, device=device or input.device,
                requires_grad=requires_grad)


def rand_like(input, dtype=None, device=None, requires_grad=False, *, generator=None,
              memory_format=_layout.preserve_format):
    _layout.check(memory_format, input)
    return rand(input.shape, generator=generator, dtype=dtype or input.dtype,
                device=device or input.device, requires_grad=requires_grad)


def randn_like(input, dtype=None, device=None, requires_grad=False, *, generator=None,
               memory_format=_layout.preserve_format):
    _layout.check(memory_format, input)
    return randn(input.shape, generator=generator, dtype=dtype or input.dtype,
                 device=device or input.device, requires_grad=requires_grad)


def arange(start=None, end=None, step=1, dtype=None, device=None, requires_grad=False):
    """start, start + step, ... up to (not including) end; the range is checked as PyTorch."""
    if end is None:
        if start is None:
            raise TypeError("arange() missing required argument 'end'")
        start, end = 0, start
    elif start is None:                   # arange(end=4)
        start = 0
    if step == 0 or step != step:
        raise RuntimeError("step must be nonzero")
    if not all(abs(v) < float("inf") for v in (start, end)):    # also refuses NaN
        raise RuntimeError(f"unsupported range: {start} -> {end}")
    if (step > 0 and end < start) or (step < 0 and end > start):
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    if dtype is None:
        is_float = any(isinstance(v, float) for v in (start, end, step))
        dtype = dtypes.get_default_dtype() if is_float else dtypes.int64
    xp = backend.module_for(default_device(device) or "cpu")
    return _new(xp.arange(start, end, step).astype(dtype), requires_grad)


def linspace(start, end, steps, dtype=None, device=None, requires_grad=False):
    xp = backend.module_for(default_device(device) or "cpu")
    dtype = dtypes.to_dtype(dtype) or dtypes.get_default_dtype()
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    return _new(xp.linspace(start, end, steps).astype(dtype), requires_grad)


def eye(n, m=None, dtype=None, device=None, requires_grad=False):
    xp = backend.module_for(default_device(device) or "cpu")
    dtype = dtypes.to_dtype(dtype) or dtypes.get_default_dtype()
    for name, k in (("n", n), ("m", m)):
        if k is not None and k < 0:
            raise RuntimeError(f"{name} must be greater or equal to 0, got {k}")
    return _new(xp.eye(n, m, dtype=dtype), requires_grad)


def _random(draw, size, generator, dtype, device, requires_grad, name):
    """Draw from ``generator`` (or the device's default): PyTorch's numbers on the CPU."""
    dtype = dtypes.to_dtype(dtype) or dtypes.get_default_dtype()
    if dtype.kind != "f":
        raise NotImplementedError(f"{name}() draws floats: dtype {dtype} is not "
                                  "supported (use randint for integers)")
    gen = random.resolve(generator, default_device(device))
    return _new(draw(gen, new_shape(size), dtype).astype(dtype, copy=False), requires_grad)


def rand(*args, size=None, generator=None, dtype=None, device=None, requires_grad=False):
    """Uniform on [0, 1)."""
    return _random(lambda g, s, d: g.random(s, d), _sizes(args, size, "rand"), generator, dtype,
                   device, requires_grad, "rand")


def randn(*args, size=None, generator=None, dtype=None, device=None, requires_grad=False):
    """Standard normal."""
    return _random(lambda g, s, d: g.standard_normal(s, d), _sizes(args, size, "randn"),
                   generator, dtype, device, requires_grad, "randn")


def randint(low=0, high=None, size=None, *, generator=None, dtype=None, device=None,
            requires_grad=False):
    """Integers in [low, high): ``randint(high, size)`` or ``randint(low, high, size)``."""
    if size is None:
        low, high, size = 0, low, high
    gen = random.resolve(generator, default_device(device))
    dtype = dtypes.to_dtype(dtype) or dtypes.int64
    return _new(gen.integers(low, high, new_shape((size,))).astype(dtype), requires_grad)


def randint_like(input, low=0, high=None, *, generator=None, dtype=None, device=None,
                 requires_grad=False):
    """``randint(low, high, input.shape)`` in ``input``'s dtype and device (``randint_like(x,
    high)`` or ``randint_like(x, low, high)``)."""
    if high is None:
        low, high = 0, low
    return randint(low, high, input.shape, generator=generator, dtype=dtype or input.dtype,
                   device=device or input.device, requires_grad=requires_grad)


def randperm(n, *, generator=None, dtype=None, device=None, requires_grad=False):
    """A random order of 0..n−1 (PyTorch's algorithm on the CPU)."""
    new_shape((n,))                                   # n < 0: PyTorch's error
    gen = random.resolve(generator, default_device(device))
    return _new(gen.permutation(n).astype(dtypes.to_dtype(dtype) or dtypes.int64), requires_grad)


def numel(input):
    return input.numel()


def is_floating_point(input):
    return input.is_floating_point()
