"""minigrad: a small autograd engine and deep-learning library that speaks PyTorch."""
from . import autograd, backend, cuda
from .autograd.grad_mode import enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from .backend import Device as device
from .creation import (arange, as_tensor, empty, empty_like, eye, from_numpy, full, full_like,
                       is_tensor, linspace, manual_seed, numel, ones, ones_like, rand, rand_like,
                       randint, randn, randn_like, randperm, tensor, zeros, zeros_like)
from .dtypes import (bool, double, float, float16, float32, float64, get_default_dtype, half,
                     int, int8, int16, int32, int64, long, set_default_dtype, short, uint8)
from .ops.functions import (abs, add, amax, amin, argmax, argmin, broadcast_to, cat, chunk, clamp,
                            clip, concat, cos, cumsum, div, exp, expm1, flatten, flip, log, log1p,
                            log_softmax, logsumexp, matmul, max, maximum, mean, min, minimum, mul,
                            narrow, neg, nonzero, norm, pad, permute, pow, prod, relu, repeat,
                            reshape, rsqrt, sigmoid, sign, sin, softmax, split, sqrt, squeeze,
                            stack, std, sub, sum, t, tanh, transpose, unsqueeze, var, where)
from .ops.functions import div as divide, mul as multiply, sub as subtract, matmul as mm
from .tensor import Tensor

__version__ = "0.1.0"
from .serialization import load, save
from . import nn, optim, utils
