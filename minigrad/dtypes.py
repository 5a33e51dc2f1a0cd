"""dtypes (PyTorch's names, printed as ``minigrad.float32``) and PyTorch's type promotion."""
import builtins

import numpy as np


class dtype:
    """A tensor's element type, as ``torch.dtype``: ``minigrad.float32`` when printed.

    It wraps a NumPy dtype, ``.dtype``, through which NumPy and CuPy take it wherever
    they take a dtype (``astype(mg.float32)``, ``np.zeros(2, dtype=mg.int64)``); it equals
    and hashes as that NumPy dtype, so ``mg.float32 == np.float32`` both ways.
    """
    __slots__ = ("dtype", "name", "kind", "char", "type", "itemsize",
                 "is_floating_point", "is_complex", "is_signed")

    def __init__(self, name):
        d = np.dtype(name)
        self.dtype, self.name, self.kind, self.char, self.type, self.itemsize = \
            d, d.name, d.kind, d.char, d.type, d.itemsize
        self.is_floating_point, self.is_complex, self.is_signed = \
            d.kind == "f", d.kind == "c", d.kind in "fic"

    def __repr__(self):
        return f"minigrad.{self.name}"

    __str__ = __repr__

    def __eq__(self, other):
        return self.dtype == other

    def __hash__(self):
        return hash(self.dtype)

    def __reduce__(self):                  # pickles and copies as the one object of its type
        return _wrap, (self.dtype.str,)


class _Wrappers(dict):
    """NumPy dtype -> its minigrad dtype, made on first use for dtypes without a name here."""

    def __missing__(self, numpy_dtype):
        self[numpy_dtype] = wrapped = dtype(numpy_dtype)
        return wrapped


float16 = half = dtype("float16")
float32 = float = dtype("float32")
float64 = double = dtype("float64")
int8 = dtype("int8")
int16 = short = dtype("int16")
int32 = int = dtype("int32")
int64 = long = dtype("int64")
uint8 = dtype("uint8")
bool = dtype("bool")

WRAPPERS = _Wrappers({d.dtype: d for d in (float16, float32, float64, int8, int16, int32,
                                           int64, uint8, bool)})


def _wrap(numpy_dtype):
    return WRAPPERS[np.dtype(numpy_dtype)]


_default = {"dtype": float32}


def set_default_dtype(dtype):
    """Set the dtype of new float tensors (float32 unless changed)."""
    dtype = to_dtype(dtype)
    if dtype.kind != "f":
        raise TypeError(f"only floating-point types are supported as the default type, got {dtype}")
    _default["dtype"] = dtype


def get_default_dtype():
    return _default["dtype"]


def to_dtype(dtype):
    """A dtype from a minigrad/NumPy dtype, a type or a name; None stays None."""
    if dtype is None:
        return None
    try:
        return _wrap(dtype)
    except TypeError:
        raise TypeError(f"{dtype!r} is not a dtype (try mg.float32, mg.int64, ...)") from None


def is_floating_point(dtype):
    return dtype.kind == "f"


def _category(dtype):
    return "bif".index("i" if dtype.kind == "u" else dtype.kind)


def promote_types(a, b):
    """PyTorch's table: within a kind NumPy's rule, across kinds the higher kind wins."""
    if a is None or b is None:
        return a if b is None else b
    ca, cb = _category(a), _category(b)
    if ca == cb:
        return np.promote_types(a, b)
    return a if ca > cb else b


def _combine(higher, lower):
    if higher is not None and higher.kind == "f":
        return higher
    if higher is None or higher.kind == "b" or (lower is not None and lower.kind == "f"):
        return promote_types(higher, lower)
    return higher


def result_type(*operands):
    """The dtype of an op on ``operands`` (arrays and Python scalars), as PyTorch.

    Arrays with dimensions outrank 0-d arrays, which outrank Python scalars, as
    long as they are of the same kind (bool < int < float): so
    ``float32_tensor * 2.0`` stays float32 and ``int_tensor * 2.5`` is float32.
    """
    dims = zero = wrapped = None
    for x in operands:
        dtype = getattr(x, "dtype", None)
        if dtype is None:
            scalar = (bool if isinstance(x, builtins.bool) else
                      int64 if isinstance(x, builtins.int) else _default["dtype"])
            wrapped = promote_types(wrapped, scalar)
        elif x.ndim:
            dims = promote_types(dims, dtype)
        else:
            zero = promote_types(zero, dtype)
    return _combine(dims, _combine(zero, wrapped))
