"""``out=``: write an op's result into a tensor the caller gave, with PyTorch's rules.

The result is cast to ``out``'s dtype, which must be able to hold it; ``out``
is resized, with a warning, if its shape differs. As in PyTorch, ``out=``
cannot be differentiated: with grad mode on, an input or ``out`` that requires
grad is an error.
"""
import warnings

from .. import dtypes
from ..autograd import grad_mode
from ..autograd.function import is_tensor

_SCALAR_TYPES = {"float16": "Half", "float32": "Float", "float64": "Double", "int8": "Char",
                 "int16": "Short", "int32": "Int", "int64": "Long", "uint8": "Byte",
                 "bool": "Bool"}


def write_out(result, out, name):
    """Write ``result`` into ``out`` (PyTorch's ``out=`` rules, see the module docstring)."""
    if not is_tensor(out):
        raise TypeError(f"{name}(): argument 'out' must be Tensor, not {type(out).__name__}")
    if grad_mode.is_grad_enabled() and (result.requires_grad or out.requires_grad):
        raise RuntimeError(f"{name}(): functions with out=... arguments don't support automatic "
                           f"differentiation, but one of the arguments requires grad.")
    if out.device != result.device:
        raise RuntimeError(f"{name}(): the result is on {result.device} but out= is on "
                           f"{out.device}")
    if dtypes._category(result.dtype) > dtypes._category(out.dtype):
        raise RuntimeError(f"result type {_SCALAR_TYPES[result.dtype.name]} can't be cast to the "
                           f"desired output type {_SCALAR_TYPES[out.dtype.name]}")
    array = result.array.astype(out.dtype, copy=False)
    if out.shape == result.shape:
        out.array[...] = array
    else:
        if out.numel():
            warnings.warn(f"An output with one or more elements was resized since it had shape "
                          f"{list(out.shape)}, which does not match the required output shape "
                          f"{list(result.shape)}.", UserWarning, stacklevel=3)
        out.array = array.copy() if array is result.array else array
    out._bump_version()
    return out
