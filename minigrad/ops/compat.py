"""PyTorch's other spellings of the common functions: ``out=`` and NumPy's ``keepdims=``.

``mg.add(a, b, out=c)`` computes ``a + b`` and writes it into ``c`` with
PyTorch's rules (:mod:`minigrad.ops.out`), returning ``c``. ``mg.sum(x, 1, keepdims=True)`` is
``keepdim=True`` (PyTorch accepts the NumPy spelling on its reductions).

The functions here are the op library's own (:mod:`minigrad.ops`) behind a
thin wrapper; ``minigrad/__init__.py`` exports these as ``mg.add``,
``mg.sum``, ...
"""
import functools

from . import (abs, add, amax, amin, argmax, argmin, bmm, cat, clamp, concat, cos, cumsum, div,
               dot, exp, log, logsumexp, matmul, max, maximum, mean, min, minimum, mm, mul, mv,
               neg, outer, pow, prod, sigmoid, sin, sqrt, stack, std, sub, sum, tanh, var, where)
from .logic import all, any
from .out import write_out


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
