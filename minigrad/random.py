"""Random number generators: ``mg.Generator``, ``mg.manual_seed``, ``mg.get_rng_state``, ...

A CPU :class:`Generator` draws PyTorch's own numbers: the same MT19937 stream
seeded the same way and the same transforms (see :mod:`minigrad._torch_random`),
so ``mg.manual_seed(42); nn.Linear(3, 4).weight`` equals PyTorch's bit for bit.
``Generator(algorithm="numpy")`` draws from NumPy's PCG64 instead (not
PyTorch's numbers); CUDA generators are CuPy's.

Every random function takes ``generator=``; without it, it draws from the
device's default generator (``mg.default_generator`` on the CPU).
"""
import json
import os

import numpy as np

from . import _torch_random as tr
from . import backend

_STATE = np.dtype([("seed", "<u8"), ("left", "<i4"), ("seeded", "<i4"), ("next", "<u8"),
                   ("key", "<u8", 624), ("normal_x", "<f8"), ("normal_y", "<f8"),
                   ("normal_rho", "<f8"), ("normal_valid", "<i4"), ("pad", "<i4"),
                   ("next_float", "<f4"), ("float_valid", "u1"), ("pad2", "u1", 3)])
ALGORITHMS = ("mt19937", "numpy")


def _check_seed(seed):
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise RuntimeError(f"manual_seed expected a long, but got {type(seed).__name__}")
    seed = int(seed)
    if not -2 ** 63 <= seed < 2 ** 64:
        raise ValueError("Overflow when unpacking long long")
    return seed % 2 ** 64                   # as PyTorch: -1 is the seed 2⁶⁴ − 1


class Generator:
    """A random number generator: ``Generator(device="cpu", algorithm="mt19937")``.

    ``"mt19937"`` (CPU only) gives PyTorch's numbers; ``"numpy"`` gives NumPy's
    PCG64 (CPU) or CuPy's generator (CUDA, always).  ``manual_seed`` returns the
    generator, so ``g = mg.Generator().manual_seed(2147483647)`` works as in PyTorch.
    """

    def __init__(self, device="cpu", *, algorithm="mt19937"):
        self.device = backend.Device(device)
        if algorithm not in ALGORITHMS:
            raise ValueError(f"algorithm must be one of {ALGORITHMS}, got {algorithm!r}")
        self.algorithm = "numpy" if self.device.type == "cuda" else algorithm
        self.seed()

    def __repr__(self):
        return f"<minigrad.Generator device={self.device} algorithm={self.algorithm}>"

    # -- seeding and state -----------------------------------------------------------------
    def manual_seed(self, seed):
        """Restart the stream from ``seed`` (an int in [−2⁶³, 2⁶⁴)); returns the generator."""
        self._initial_seed = _check_seed(seed)
        self.next_double_normal = self._next_float_normal = None
        self._next_word = 0
        if self.algorithm == "mt19937":
            self.stream = getattr(self, "stream", None) or tr.MT19937Stream()
            self.stream.seed(self._initial_seed)
        else:
            self.stream = backend.module_for(self.device).random.default_rng(self._initial_seed)
        return self

    def seed(self):
        """Seed from the operating system's entropy; returns the new seed."""
        value = int.from_bytes(os.urandom(8), "little")
        self.manual_seed(value)
        return value

    def initial_seed(self):
        return self._initial_seed

    def get_state(self):
        """The state as a uint8 Tensor (for ``"mt19937"``: PyTorch's 5056-byte layout, so
        ``torch.set_rng_state`` accepts it)."""
        from .tensor import Tensor
        if self.algorithm == "numpy":
            self._need_cpu("get_state")
            state = self.stream.bit_generator.state
            text = json.dumps({"seed": self._initial_seed, "state": state})
            return Tensor._make(np.frombuffer(text.encode(), dtype=np.uint8).copy())
        key, pos = self.stream.key()
        state = np.zeros((), dtype=_STATE)
        state["seed"], state["left"], state["seeded"] = self._initial_seed, 625 - pos, 1
        state["next"] = pos if self._next_word is None else self._next_word
        state["key"] = key
        if self.next_double_normal is not None:
            state["normal_valid"], state["normal_y"] = 1, self.next_double_normal
        if self._next_float_normal is not None:
            state["float_valid"], state["next_float"] = 1, self._next_float_normal
        return Tensor._make(np.frombuffer(state.tobytes(), dtype=np.uint8).copy())

    def set_state(self, new_state):
        """Restore a state from :meth:`get_state`; returns the generator."""
        from .tensor import Tensor
        if not isinstance(new_state, Tensor) or new_state.dtype != np.uint8:
            raise TypeError("RNG state must be a ByteTensor (a uint8 Tensor from get_state())")
        raw = backend.to_numpy(new_state.array).ravel().tobytes()
        if self.algorithm == "numpy":
            self._need_cpu("set_state")
            try:
                saved = json.loads(raw.decode())
                probe = np.random.default_rng()
                probe.bit_generator.state = saved["state"]      # validates before we change
            except (ValueError, KeyError, TypeError):
                raise RuntimeError("Invalid state for a Generator(algorithm='numpy'): pass "
                                   "what its get_state() returned") from None
            self.stream.bit_generator.state = saved["state"]
            self._initial_seed = saved["seed"]
            return self
        if len(raw) != _STATE.itemsize:
            raise RuntimeError(f"Expected a CPUGeneratorImplState of size {_STATE.itemsize} but "
                               f"found the input RNG state size to be {len(raw)}")
        state = np.frombuffer(raw, dtype=_STATE)[0]
        if state["seeded"] != 1 or not 1 <= state["left"] <= 624 or state["next"] > 624:
            raise RuntimeError("Invalid mt19937 state")
        self.stream.set_key(state["key"].astype(np.uint32), 625 - int(state["left"]))
        self._initial_seed, self._next_word = int(state["seed"]), int(state["next"])
        self.next_double_normal = float(state["normal_y"]) if state["normal_valid"] else None
        self._next_float_normal = float(state["next_float"]) if state["float_valid"] else None
        return self

    def _need_cpu(self, what):
        if self.device.type != "cpu":
            raise RuntimeError(f"Generator.{what} is not supported for CUDA generators in minigrad")

    # -- draws on backend arrays (NumPy's names; ``dtype`` picks PyTorch's stream) -----------
    def _torch(self):
        """True when drawing PyTorch's stream (and from now on, get_state's word index
        follows the stream's position)."""
        self._next_word = None
        return self.algorithm == "mt19937"

    def random(self, size, dtype=np.float64):
        """U[0, 1) of shape ``size``."""
        return self.uniform(0.0, 1.0, size, dtype)

    def uniform(self, low, high, size, dtype=np.float64):
        if self._torch():
            return tr.uniform(self.stream, low, high, _numel(size), dtype).reshape(size)
        x = self.stream.random(size, dtype=tr.work_dtype(dtype))
        return x if (low, high) == (0, 1) else x * (high - low) + low

    def normal(self, mean, std, size, dtype=np.float64, contiguous=True):
        """N(mean, std²); ``contiguous=False`` takes PyTorch's path for strided tensors."""
        if self._torch():
            return tr.normal(self, mean, std, _numel(size), dtype, contiguous).reshape(size)
        return self.stream.standard_normal(size, dtype=tr.work_dtype(dtype)) * std + mean

    def standard_normal(self, size, dtype=np.float64):
        return self.normal(0.0, 1.0, size, dtype)

    def integers(self, low, high, size):
        """Integers in [low, high) (int64)."""
        if self._torch():
            return tr.integers(self.stream, int(low), int(high), _numel(size)).reshape(size)
        return self.stream.integers(low, high, size, dtype=np.int64)

    def permutation(self, n):
        """A random order of range(n) (int64), as ``randperm``."""
        if self._torch():
            return tr.randperm(self.stream, int(n))
        if not hasattr(self.stream, "permutation"):       # CuPy's Generator has none
            return self.stream.random(int(n)).argsort().astype(np.int64)
        return self.stream.permutation(int(n)).astype(np.int64)

    def bernoulli(self, p, size):
        """A bool array: True with probability ``p`` (a float, or an array of ``size``)."""
        if self._torch():
            return tr.bernoulli(self.stream, p, _numel(size)).reshape(size)
        return self.stream.random(size) < p

    def exponential(self, lambd, size):
        """Exp(λ) samples (float64)."""
        if self._torch():
            return tr.exponential(self.stream, lambd, _numel(size)).reshape(size)
        return self.stream.exponential(1.0 / lambd, size)

    def multinomial(self, probs, num_samples, replacement=False):
        """Category indices for each row of the 2-D array ``probs`` (int64)."""
        if self._torch():
            return tr.multinomial(self.stream, probs, num_samples, replacement)
        xp = backend.xp(probs)
        rows = [self.stream.choice(probs.shape[1], num_samples, replace=replacement,
                                   p=row / row.sum()) for row in probs.astype(np.float64)]
        return xp.stack(rows).astype(np.int64)


def _numel(size):
    return int(np.prod(size, dtype=np.int64))


def resolve(generator, device):
    """The generator to draw from for ``device``: ``generator`` if given, else the default."""
    device = backend.Device(device or "cpu")
    if generator is None:
        return backend.rng(device)
    if not isinstance(generator, Generator):
        raise TypeError(f"generator must be a minigrad.Generator, got {type(generator).__name__}")
    if generator.device.type != device.type:
        raise RuntimeError(f"Expected a '{device.type}' device type for generator but found "
                           f"'{generator.device.type}'")
    return generator


default_generator = Generator()


def manual_seed(seed):
    """Seed the CPU default generator and CuPy's (when in use); returns ``default_generator``.
    As ``torch.manual_seed``, takes anything ``int()`` takes (``Generator.manual_seed``
    does not)."""
    generator = default_generator.manual_seed(int(seed))
    backend.seed(generator.initial_seed())
    return generator


def seed():
    """Seed the default generator from the operating system's entropy; returns the seed."""
    value = default_generator.seed()
    backend.seed(value)
    return value


def initial_seed():
    return default_generator.initial_seed()


def get_rng_state():
    return default_generator.get_state()


def set_rng_state(new_state):
    default_generator.set_state(new_state)
