"""PyTorch's other spellings of the common functions: ``out=`` and NumPy's ``keepdims=``.

``mg.add(a, b, out=c)`` computes ``a + b`` and writes it into ``c`` (cast to
``c``'s dtype, which must be able to hold it; ``c`` is resized, with a
warning, if its shape differs), returning ``c``. As in PyTorch, ``out=``
cannot be differentiated: with grad mode on, an input or ``c`` that
requires grad is an error. ``mg.sum(x, 1, keepdims=True)`` is
``keepdim=True`` (PyTorch accepts the NumPy spelling on its reductions).

The functions here are the op library's own (:mod:`minigrad.ops`) behind a
thin wrapper; ``minigrad/__init__.py`` exports these as ``mg.add``,
``mg.sum``, ...
"""
import functools
import warnings

from .. import dtypes
from ..autograd import grad_mode
from . import (abs, add, amax, amin, argmax, argmin, bmm, cat, clamp, concat, cos, cumsum, div,
               dot, exp, log, logsumexp, matmul, max, maximum, mean, min, minimum, mm, mul, mv,
               neg, outer, pow, prod, sigmoid, sin, sqrt, stack, std, sub, sum, tanh, var, where)
from .logic import all, any

_SCALAR_TYPES = {"float16": "Half", "float32": "Float", "float64": "Double", "int8": "Char",
                 "int16": "Short", "int32": "Int", "int64": "Long", "uint8": "Byte",
                 "bool": "Bool"}


def write_out(result, out, name):
    """Write ``result`` into ``out`` (PyTorch's ``out=`` rules, see the module docstring)."""
    from ..tensor import Tensor
    if not isinstance(out, Tensor):
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
    out._vc[0] += 1
    return out


def spelled(fn, out=True, keepdims=False):
    """``fn`` taking ``out=`` (if ``out``) and ``keepdims=`` for ``keepdim=`` (if ``keepdims``)."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if keepdims and "keepdims" in kwargs:
            if "keepdim" in kwargs:
                raise TypeError(f"{fn.__name__}() got both keepdim and keepdims")
            kwargs["keepdim"] = kwargs.pop("keepdims")
        target = kwargs.pop("out", None) if out else None
        result = fn(*args, **kwargs)
        return result if target is None else write_out(result, target, fn.__name__)
    return wrapper


(abs, add, bmm, cat, clamp, concat, cos, div, dot, exp, log, matmul, maximum, minimum, mm, mul,
 mv, neg, outer, pow, sigmoid, sin, sqrt, stack, sub, tanh, where, cumsum) = (
    spelled(f) for f in (abs, add, bmm, cat, clamp, concat, cos, div, dot, exp, log, matmul,
                         maximum, minimum, mm, mul, mv, neg, outer, pow, sigmoid, sin, sqrt,
                         stack, sub, tanh, where, cumsum))
amax, amin, argmax, argmin, logsumexp, mean, prod, std, sum, var = (
    spelled(f, keepdims=True) for f in (amax, amin, argmax, argmin, logsumexp, mean, prod, std,
                                        sum, var))
all, any, max, min = (spelled(f, out=False, keepdims=True) for f in (all, any, max, min))
