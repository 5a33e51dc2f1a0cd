"""The one place that knows NumPy from CuPy.

Every array minigrad holds is either a ``numpy.ndarray`` (device ``"cpu"``) or
an array of the CUDA module (device ``"cuda:N"``), which is CuPy unless a test
installs a stand-in with :func:`use_cuda_module`. Ops never import either
library: they ask :func:`xp` for the module that owns their inputs.
"""
import numpy as np

_cuda = None            # the CUDA array module, imported on first use
_CUDA_HELP = ("CUDA needs CuPy and an NVIDIA GPU. Install the CuPy build for "
              "your CUDA version, e.g. pip install 'minigrad[cuda12]' "
              "(cupy-cuda12x) or 'minigrad[cuda13]' (cupy-cuda13x).")


class Device:
    """A device: ``Device("cpu")``, ``Device("cuda")``, ``Device("cuda:1")``."""
    __slots__ = ("type", "index")

    def __init__(self, spec="cpu", index=None):
        if isinstance(spec, Device):
            spec, index = spec.type, spec.index
        if not isinstance(spec, str):
            raise TypeError(f"device must be a string like 'cpu' or 'cuda:0', got {spec!r}")
        kind, _, num = spec.partition(":")
        if kind not in ("cpu", "cuda") or (num and not num.isdigit()):
            raise RuntimeError(f"Expected one of cpu, cuda device type at start of device string: {spec}")
        if num:
            index = int(num)
        self.type = kind
        self.index = None if kind == "cpu" else index

    def __eq__(self, other):
        if isinstance(other, str):
            other = Device(other)
        return isinstance(other, Device) and (self.type, self.index or 0) == (other.type, other.index or 0)

    __hash__ = object.__hash__

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __repr__(self):
        return f"device(type='{self.type}'" + ("" if self.index is None else f", index={self.index}") + ")"


CPU = Device("cpu")


def cuda_module():
    """The CUDA array module (CuPy), or a clear error saying how to get it."""
    global _cuda
    if _cuda is None:
        try:
            import cupy
            if cupy.cuda.runtime.getDeviceCount() == 0:
                raise RuntimeError("no GPU found")
        except Exception as err:  # ImportError, or CuPy without a driver/GPU
            raise RuntimeError(f"{_CUDA_HELP} ({type(err).__name__}: {err})") from None
        _cuda = cupy
    return _cuda


def use_cuda_module(module):
    """Run device "cuda" on ``module`` (CuPy's interface); None forgets it.

    The test suite installs a strict NumPy wrapper here so that code which
    would break on a GPU (implicit NumPy conversion) breaks on the CPU too.
    """
    global _cuda
    _cuda = module


def cuda_is_available():
    try:
        cuda_module()
        return True
    except RuntimeError:
        return False


def cuda_device_count():
    if not cuda_is_available():
        return 0
    return _cuda.cuda.runtime.getDeviceCount()


def xp(array):
    """The array module (numpy or the CUDA module) that owns ``array``."""
    return np if isinstance(array, (np.ndarray, np.generic)) else _cuda


# 0 and 1 as 0-d NumPy arrays of each float dtype: NumPy converts a Python 0 or 1 anew on every
# call, which costs more than a small subtraction or comparison itself (the same bits either way)
ZEROS = {np.dtype(t): np.zeros((), t) for t in (np.float16, np.float32, np.float64)}
ONES = {np.dtype(t): np.ones((), t) for t in (np.float16, np.float32, np.float64)}


def ones_like(array):
    """``xp(array).ones_like(array)``; a 0-d NumPy float one as a copy of the constant above
    (NumPy's ``ones_like`` costs five times as much: ``backward()`` makes one every time)."""
    one = ONES.get(array.dtype) if type(array) is np.ndarray and not array.ndim else None
    return one.copy() if one is not None else xp(array).ones_like(array)


def device_of(array):
    if isinstance(array, (np.ndarray, np.generic)):
        return CPU
    return Device("cuda", array.device.id)


def to_device(array, device):
    """Copy ``array`` (NumPy or CUDA) to ``device``; no copy if already there."""
    device = Device(device)
    if device.type == "cpu":
        return array if isinstance(array, np.ndarray) else _cuda.asnumpy(array)
    cp = cuda_module()
    index = device.index or 0
    if index >= cp.cuda.runtime.getDeviceCount():
        raise RuntimeError(f"CUDA error: invalid device ordinal {index} "
                           f"({cp.cuda.runtime.getDeviceCount()} device(s) found)")
    if not isinstance(array, np.ndarray) and array.device.id == index:
        return array
    with cp.cuda.Device(index):
        return cp.asarray(array)


def module_for(device):
    """The array module of ``device``."""
    return np if Device(device).type == "cpu" else cuda_module()


def to_numpy(array):
    return array if isinstance(array, np.ndarray) else _cuda.asnumpy(array)


_seed = None
_cuda_rng = None    # the CUDA default Generator, made on first use


def seed(value):
    """Seed the CUDA default generator (the CPU's is ``minigrad.random.default_generator``)."""
    global _seed, _cuda_rng
    _seed, _cuda_rng = value, None


def rng(device):
    """The default ``minigrad.Generator`` of ``device``: PyTorch's MT19937 stream on the
    CPU, CuPy's generator on CUDA (methods ``random``, ``uniform``, ``normal``,
    ``integers``, ``permutation``, ``bernoulli``, ...; see minigrad/random.py)."""
    global _cuda_rng
    from . import random
    if Device(device).type == "cpu":
        return random.default_generator
    if _cuda_rng is None:
        _cuda_rng = random.Generator("cuda")
        if _seed is not None:
            _cuda_rng.manual_seed(_seed)
    return _cuda_rng


def index_add(out, index, values):
    """out[index] += values, with repeated indices adding up (NumPy's add.at)."""
    if isinstance(out, np.ndarray):
        np.add.at(out, index, values)
    elif hasattr(_cuda, "scatter_add"):         # a stand-in module that offers it
        _cuda.scatter_add(out, index, values)
    else:
        import cupyx
        cupyx.scatter_add(out, index, values)


def fuse(fn):
    """``fn`` (elementwise arithmetic on arrays and scalars) as one CUDA kernel on the GPU.

    On the CPU ``fn`` runs as written: write it with in-place NumPy operations where it
    updates its arguments (``m += ...``, ``p -= ...``). On the GPU the first call compiles
    ``cupy.fuse(fn)``: one kernel launch, no temporaries. Keyword arguments are options
    fixed while the kernel is built (``amsgrad=True``): an ``if amsgrad:`` in ``fn`` picks
    the code, and each combination of options gets its own kernel. So one function is
    both the NumPy update and the fused CUDA kernel. The first argument (the parameter the
    update changes) says where it runs.
    """
    compiled = {}

    def run(*args, **options):
        if _cuda is None or type(args[0]) is np.ndarray:
            return fn(*args, **options)
        key = tuple(sorted(options.items()))
        if key not in compiled:
            compiled[key] = _cuda.fuse()(_with_options(fn, options))
        return compiled[key](*args)

    run.__doc__, run.__name__ = fn.__doc__, fn.__name__
    return run


def _with_options(fn, options):
    """``fn`` with its keyword options bound (Python constants while cupy.fuse traces it)."""
    if not options:
        return fn

    def kernel(*args):
        return fn(*args, **options)

    kernel.__name__ = fn.__name__
    return kernel
