"""minigrad: a small autograd engine and deep-learning library that speaks PyTorch."""
from . import autograd, backend, cuda
from .autograd.grad_mode import (enable_grad, inference_mode, is_grad_enabled, no_grad,
                                  set_grad_enabled)
from .backend import Device as device
from .creation import (arange, as_tensor, empty, empty_like, eye, from_numpy, full, full_like,
                       is_floating_point, is_tensor, linspace, numel, ones, ones_like, rand,
                       rand_like, randint, randint_like, randn, randn_like, randperm, tensor,
                       zeros, zeros_like)
from .random import (Generator, default_generator, get_rng_state, initial_seed,
                     manual_seed, seed, set_rng_state)
from .sampling import bernoulli, multinomial, normal
from .dtypes import (bool, double, dtype, float, float16, float32, float64, get_default_dtype,
                     half, int, int8, int16, int32, int64, long, set_default_dtype, short,
                     uint8)
from math import e, inf, nan, pi                   # torch.inf, torch.pi, ...
from .ops import (abs, add, all, allclose, amax, amin, any, argmax, argmin, argsort, bmm,
                  broadcast_to, cat, ceil, chunk, clamp, clamp_max, clamp_min, clip, concat, cos,
                  cosh,
                  cumsum, diag, div, dot, einsum, eq, equal, erf, exp, exp2, expm1, fix, flatten,
                  flip, floor, fmod, frac, gather, ge, greater, greater_equal, gt, index_add,
                  index_select,
                  isclose, isfinite, isinf, isnan, isneginf, isposinf, kthvalue, le, lerp, less,
                  less_equal, log, log1p, log2, log10, log_softmax, logical_and, logical_not,
                  logical_or, logical_xor, logsumexp, lt, masked_fill, matmul, max, maximum, mean,
                  median, min, minimum, mm, mul, mv, nanmean, nansum, narrow, ne, neg, nonzero,
                  norm, not_equal,
                  outer, pad, permute, pow, prod, reciprocal, relu, remainder, repeat, reshape,
                  round, rsqrt, scatter, scatter_add, sigmoid, sign, sin, sinh, softmax, sort,
                  split,
                  sqrt, square,
                  squeeze, stack, std, std_mean, sub, sum, t, take_along_dim, tanh, topk, trace,
                  transpose, tril, triu, trunc, unique, unsqueeze, var, var_mean, where)
from .ops.compat import (abs, add, all, amax, amin, any, argmax, argmin, bmm, cat, clamp, concat,
                         cos, cumsum, div, dot, exp, log, logsumexp, matmul, max, maximum, mean,
                         min, minimum, mm, mul, mv, neg, outer, pow, prod, sigmoid, sin, sqrt,
                         stack, std, sub, sum, tanh, var, where)   # + out= and keepdims=
from .ops.compat import div as divide, mul as multiply, sub as subtract
from .ops.counting import bincount, histc, histogram
from .ops.movement import column_stack, dstack, hstack, meshgrid, row_stack, unbind, vstack
from .tensor import Tensor
from ._printing import get_printoptions, printoptions, set_printoptions
from .size import Size
from .legacy import (BoolTensor, ByteTensor, CharTensor, DoubleTensor, FloatTensor, HalfTensor,
                     IntTensor, LongTensor, ShortTensor)
from .torch_shim import as_torch
from . import accelerator, backends
from .backends import get_default_device, set_default_device

__version__ = "0.1.0"
from .serialization import load, save
from .memory_formats import (channels_last, channels_last_3d, contiguous_format, memory_format,
                             preserve_format)
from . import nn, optim, utils, viz
from . import linalg
from .autograd.anomaly import is_anomaly_enabled   # torch.is_anomaly_enabled
from .linalg import det, inv as inverse
from .nn.functional import relu_                      # torch.relu_
