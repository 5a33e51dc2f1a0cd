"""minigrad: a small autograd engine and deep-learning library that speaks PyTorch."""
from . import autograd, backend, cuda
from .autograd.grad_mode import enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from .backend import Device as device
from .creation import (arange, as_tensor, empty, empty_like, eye, from_numpy, full, full_like,
                       is_tensor, linspace, manual_seed, numel, ones, ones_like, rand, rand_like,
                       randint, randn, randn_like, randperm, tensor, zeros, zeros_like)
from .dtypes import (bool, double, float, float16, float32, float64, get_default_dtype, half,
                     int, int8, int16, int32, int64, long, set_default_dtype, short, uint8)
from .ops.functions import (abs, add, amax, amin, argmax, argmin, bmm, broadcast_to, cat, ceil,
                            chunk, clamp, clamp_max, clamp_min, clip, concat, cos, cumsum, diag,
                            div, dot, erf, exp, exp2, expm1, fix, flatten, flip, floor, frac,
                            gather, index_select, lerp, log, log1p, log2, log10, log_softmax,
                            logsumexp, masked_fill, matmul, max, maximum, mean, min, minimum, mul,
                            mv, narrow, neg, nonzero, norm, outer, pad, permute, pow, prod,
                            reciprocal, relu, repeat, reshape, round, rsqrt, scatter, scatter_add,
                            sigmoid, sign, sin, softmax, split, sqrt, square, squeeze, stack, std,
                            sub, sum, t, take_along_dim, tanh, trace, transpose, tril, triu, trunc,
                            unsqueeze, var, where)
from .ops.einsum import einsum
from .ops.logic import (all, allclose, any, eq, equal, ge, greater, greater_equal, gt, isclose,
                        isfinite, isinf, isnan, isneginf, isposinf, le, less, less_equal,
                        logical_and, logical_not, logical_or, logical_xor, lt, ne, not_equal)
from .ops.sorting import argsort, kthvalue, sort, topk
from .ops.functions import div as divide, mul as multiply, sub as subtract, matmul as mm
from .tensor import Tensor

__version__ = "0.1.0"
from .serialization import load, save
from . import nn, optim, utils
