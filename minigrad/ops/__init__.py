"""The op library: one file per family, each op a Function with its public function below it.

    elementwise.py  + − × ÷ **, where, maximum, minimum     unary.py     exp, log, tanh, clamp, ...
    reduce.py       sum, mean, max, softmax, norm, ...      linalg.py    matmul, dot, diag, ...
    views.py        reshape, permute, x[basic index]        movement.py  expand, cat, pad, flip, ...
    indexing.py     x[advanced index], gather, scatter      logic.py     == < isclose all (no grad)
    sorting.py      sort, topk, median, unique, ...         einsum.py    einsum
    convert.py      dtype and device moves                  nn.py        the fused nn ops (F.linear, ...)

This file only gathers the public names; ``minigrad/__init__.py`` re-exports them as
``mg.add`` ..., and ``tensor.py`` makes them methods.
"""
from .convert import to_dtype
from .einsum import einsum
from .elementwise import (add, div, fmod, lerp, masked_fill, maximum, minimum, mul, pow,
                          remainder, sub, where)
from .indexing import (gather, index_add, index_select, nonzero, scatter, scatter_add,
                       take_along_dim)
from .linalg import bmm, diag, dot, matmul, mm, mv, outer, trace, tril, triu
from .logic import (all, allclose, any, bitwise_and, bitwise_not, bitwise_or, bitwise_xor, eq,
                    equal, ge, greater, greater_equal, gt, isclose, isfinite, isinf, isnan,
                    isneginf, isposinf, le, less, less_equal, logical_and, logical_not,
                    logical_or, logical_xor, lt, ne, not_equal)
from .movement import (broadcast_to, cat, chunk, column_stack, concat, concatenate, dstack,
                       expand, flip, hstack, meshgrid, pad, repeat, row_stack, split, stack,
                       unbind, vstack)
from .reduce import (amax, amin, argmax, argmin, cumsum, log_softmax, logsumexp, max, mean, min,
                     nanmean, nansum, norm, prod, softmax, std, std_mean, sum, var, var_mean)
from .sorting import argsort, kthvalue, median, sort, topk, unique
from .unary import (abs, ceil, clamp, clamp_max, clamp_min, clip, cos, cosh, erf, exp, exp2,
                    expm1, fix, floor, frac, log, log1p, log2, log10, neg, reciprocal, relu, round,
                    rsqrt, sigmoid, sign, sin, sinh, sqrt, square, tanh, trunc)
from .views import flatten, getitem, narrow, permute, reshape, squeeze, t, transpose, unsqueeze
