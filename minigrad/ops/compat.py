"""PyTorch's other spellings of the common functions: ``out=`` and NumPy's ``keepdims=``
and ``axis=``.

``mg.add(a, b, out=c)`` computes ``a + b`` and writes it into ``c`` with
PyTorch's rules (:mod:`minigrad.ops.out`), returning ``c``. ``mg.sum(x, 1, keepdims=True)`` is
``keepdim=True``, and ``x.argmax(axis=1)`` is ``dim=1`` (PyTorch accepts the NumPy spellings on
its reductions, ``cumsum`` and ``cat``/``stack``; the d2l book writes them).

The functions here are the op library's own (:mod:`minigrad.ops`) behind a
thin wrapper; ``minigrad/__init__.py`` exports these as ``mg.add``,
``mg.sum``, ...
"""
import functools

from . import (abs, add, amax, amin, argmax, argmin, bmm, cat, clamp, concat, cos, cumsum, div,
               dot, exp, log, logsumexp, matmul, max, maximum, mean, min, minimum, mm, mul, mv,
               neg, outer, pow, prod, sigmoid, sin, sqrt, stack, std, sub, sum, tanh, var, where)
from ..autograd.function import is_tensor
from .logic import all, any
from .out import write_out


def spelled(fn, out=True, keepdims=False, axis=False, tensor_input=True):
    """``fn`` taking ``out=`` (if ``out``), ``keepdims=`` for ``keepdim=`` (if ``keepdims``)
    and ``axis=`` for ``dim=`` (if ``axis``); ``tensor_input``: a first argument that is not
    a Tensor raises PyTorch's TypeError (``mg.sum([1, 2])``, ``mg.all(t.grad == dt)`` with no
    grad), not an error from deep inside the op."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        first = args[0] if args else kwargs.get("input")
        if tensor_input and first is not None and not is_tensor(first):
            raise TypeError(f"{fn.__name__}(): argument 'input' (position 1) must be Tensor, "
                            f"not {type(first).__name__}")
        if keepdims and "keepdims" in kwargs:
            if "keepdim" in kwargs:
                raise TypeError(f"{fn.__name__}() got both keepdim and keepdims")
            kwargs["keepdim"] = kwargs.pop("keepdims")
        if axis and "axis" in kwargs:
            if "dim" in kwargs:
                raise TypeError(f"{fn.__name__}() got both dim and axis")
            kwargs["dim"] = kwargs.pop("axis")
        target = kwargs.pop("out", None) if out else None
        result = fn(*args, **kwargs)
        return result if target is None else write_out(result, target, fn.__name__)
    return wrapper


(abs, bmm, clamp, cos, dot, exp, log, matmul, maximum, minimum, mm, mv, neg, outer, sigmoid,
 sin, sqrt, tanh) = (
    spelled(f) for f in (abs, bmm, clamp, cos, dot, exp, log, matmul, maximum, minimum, mm, mv,
                         neg, outer, sigmoid, sin, sqrt, tanh))
add, div, mul, pow, sub, where = (spelled(f, tensor_input=False)     # mg.add(2, t) is allowed
                                  for f in (add, div, mul, pow, sub, where))
cumsum = spelled(cumsum, axis=True)
cat, concat, stack = (spelled(f, axis=True, tensor_input=False) for f in (cat, concat, stack))
amax, amin, argmax, argmin, logsumexp, mean, prod, std, sum, var = (
    spelled(f, keepdims=True, axis=True) for f in (amax, amin, argmax, argmin, logsumexp, mean,
                                                   prod, std, sum, var))
all, any, max, min = (spelled(f, out=False, keepdims=True, axis=True) for f in (all, any, max, min))
