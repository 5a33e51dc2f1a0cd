"""dtypes (NumPy dtype objects under PyTorch's names) and PyTorch's type promotion."""
import builtins

import numpy as np

float16 = half = np.dtype("float16")
float32 = float = np.dtype("float32")
float64 = double = np.dtype("float64")
int8 = np.dtype("int8")
int16 = short = np.dtype("int16")
int32 = int = np.dtype("int32")
int64 = long = np.dtype("int64")
uint8 = np.dtype("uint8")
bool = np.dtype("bool")

_default = {"dtype": float32}


def set_default_dtype(dtype):
    """Set the dtype of new float tensors (float32 unless changed)."""
    dtype = np.dtype(dtype)
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
        return np.dtype(dtype)
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
