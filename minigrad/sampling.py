"""Sampling functions: ``mg.normal``, ``mg.bernoulli``, ``mg.multinomial``, and the in-place
fills behind ``Tensor.normal_``, ``uniform_``, ``bernoulli_``, ``random_``, ``exponential_``.

Each draws from ``generator`` (a :class:`minigrad.Generator`) or the device's
default one, and composes the draws as PyTorch does, so on the CPU the
numbers are PyTorch's (see minigrad/random.py).  The samples are constants:
no gradient flows through them (PyTorch's ``normal`` with tensor mean/std does
not differentiate either).
"""
import numbers

import numpy as np

from . import backend, dtypes, random
from .backends import default_device
from .ops.shapes import size_args
from .tensor import Tensor


def _to_device(array, device):
    return backend.to_device(array, device)


def _memory_order(array):
    """The dims of ``array`` from outermost to innermost in memory (row-major when contiguous)."""
    return sorted(range(array.ndim), key=lambda d: -abs(array.strides[d]))


def _fill(tensor, draw):
    """tensor ← ``draw(n)`` in place, the k-th value going to the k-th element in memory, as
    PyTorch's kernels walk a strided tensor (no gradient through the draw)."""
    from .ops.convert import Overwrite
    order = _memory_order(tensor.array)
    flat = draw(tensor.numel())
    values = flat.reshape([tensor.shape[d] for d in order]).transpose(
        [order.index(d) for d in range(len(order))])
    return tensor._inplace(Overwrite.apply, _to_device(values, tensor.device))


def _check_std(std):
    if std < 0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std}")


def _check_floating(tensor, name):
    if tensor.dtype.kind != "f":
        raise NotImplementedError(f"{name} draws floats: a {tensor.dtype} tensor cannot hold "
                                  "them (PyTorch refuses it too)")


def normal_(tensor, mean=0.0, std=1.0, generator=None):
    """tensor ~ N(mean, std²), in place."""
    _check_floating(tensor, "normal_")
    _check_std(std)
    gen = random.resolve(generator, tensor.device)
    dense = tensor.array.flags.c_contiguous            # a strided view: the scalar path
    return _fill(tensor, lambda n: gen.normal(mean, std, (n,), tensor.dtype, dense))


def uniform_(tensor, a=0.0, b=1.0, generator=None):
    """tensor ~ U[a, b), in place."""
    _check_floating(tensor, "uniform_")
    if a > b:
        raise RuntimeError(f"uniform_ expects to return a [from, to) range, but found "
                           f"from={a} > to={b}")
    gen = random.resolve(generator, tensor.device)
    return _fill(tensor, lambda n: gen.uniform(a, b, (n,), tensor.dtype))


def bernoulli_(tensor, p=0.5, generator=None):
    """tensor ← 1 with probability p (a float or a Tensor broadcast to tensor's shape), else 0."""
    gen = random.resolve(generator, tensor.device)
    if isinstance(p, Tensor):
        probs = p.to(tensor.device).array
        probs = backend.xp(probs).broadcast_to(probs, tensor.shape)
        _check_probs(probs)
        probs = probs.transpose(_memory_order(tensor.array)).ravel()
        return _fill(tensor, lambda n: gen.bernoulli(probs, (n,)).astype(tensor.dtype))
    if not 0 <= p <= 1:
        raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={p}")
    return _fill(tensor, lambda n: gen.bernoulli(float(p), (n,)).astype(tensor.dtype))


def _check_probs(probs):
    if not bool(((probs >= 0) & (probs <= 1)).all()):
        raise RuntimeError("Expected p_in >= 0 && p_in <= 1 to be true, but got false.")


def random_(tensor, from_=0, to=None, generator=None):
    """Integers uniform in [from_, to) (``random_(to)`` means [0, to)); with no bounds,
    [0, 2^mantissa] for floats and [0, max] for integers, as PyTorch."""
    if to is None and from_ != 0:
        from_, to = 0, from_
    if to is None:
        if tensor.dtype.kind == "f":
            to = 2 ** {2: 11, 4: 24, 8: 53}[tensor.dtype.itemsize] + 1
        elif tensor.dtype == dtypes.bool:
            to = 2
        else:
            to = int(np.iinfo(tensor.dtype).max) + 1
    gen = random.resolve(generator, tensor.device)
    return _fill(tensor, lambda n: gen.integers(from_, to, (n,)).astype(tensor.dtype))


def exponential_(tensor, lambd=1.0, generator=None):
    """tensor ~ Exp(λ), in place: −log(1 − u)/λ."""
    if not lambd > 0:
        raise RuntimeError(f"exponential_ expects lambda > 0.0, but found lambda={lambd}")
    gen = random.resolve(generator, tensor.device)
    return _fill(tensor, lambda n: gen.exponential(lambd, (n,)).astype(tensor.dtype))


def normal(mean=0.0, std=1.0, size=None, *, generator=None, dtype=None, device=None,
           requires_grad=False, out=None):
    """Samples of N(mean, std²).  PyTorch's overloads:
    ``normal(mean, std, size)`` with float mean and std; ``normal(mean_tensor, std=1.0)``;
    ``normal(mean, std_tensor)``; ``normal(mean_tensor, std_tensor)`` (broadcast).
    With a tensor, the result is z·std + mean from standard normals z (z·std with a
    float std drawn as N(0, std²)), as PyTorch computes it."""
    mean_t, std_t = isinstance(mean, Tensor), isinstance(std, Tensor)
    if not (mean_t or std_t):
        if size is None:
            raise TypeError("normal() with float mean and std needs size=")
        _check_std(std)
        dtype = dtypes.to_dtype(dtype) or dtypes.get_default_dtype()
        device = default_device(device)
        gen = random.resolve(generator, device)
        result = Tensor._make(_to_device(gen.normal(mean, std, size_args((size,)), dtype),
                                         device or "cpu"))
    else:
        ref = mean if mean_t else std
        arrays = [x.array for x in (mean, std) if isinstance(x, Tensor)]
        shape = np.broadcast_shapes(*(a.shape for a in arrays))
        dtype = np.result_type(*arrays)
        if std_t and not bool((std.array >= 0).all()):
            raise RuntimeError("normal expects all elements of std >= 0.0")
        gen = random.resolve(generator, ref.device)
        if std_t:
            z = gen.normal(0.0, 1.0, shape, dtype) * std.array.astype(dtype, copy=False)
        else:
            _check_std(std)
            z = gen.normal(0.0, std, shape, dtype)
        values = z + (mean.array if mean_t else dtype.type(mean))
        result = Tensor._make(values.astype(dtype, copy=False))
    if out is not None:
        return out.copy_(result)
    if requires_grad:
        result.requires_grad_()
    return result


def bernoulli(input, p=None, *, generator=None, out=None):
    """0/1 samples: 1 with probability ``input`` (elementwise), or with probability ``p``
    (a float) in ``input``'s shape; the result has ``input``'s dtype."""
    result = Tensor._make(backend.xp(input.array).empty(input.shape, dtype=input.dtype))
    bernoulli_(result, input if p is None else p, generator)
    return out.copy_(result) if out is not None else result


def multinomial(input, num_samples, replacement=False, *, generator=None, out=None):
    """Indices drawn from the categories of each row of ``input`` (unnormalized
    probabilities, 1-D or 2-D), as PyTorch: without replacement the exponential trick
    argtop-k(p / E), E ~ Exp(1); with replacement, inverse-CDF search."""
    if input.ndim not in (1, 2):
        raise RuntimeError(f"prob_dist must be 1 or 2 dim, got {input.ndim}")
    if input.dtype.kind != "f":
        raise RuntimeError(f"multinomial only supports floating-point dtypes for input, "
                           f"got: {input.dtype}")
    if not isinstance(num_samples, numbers.Integral) or num_samples <= 0:
        raise RuntimeError("cannot sample n_sample <= 0 samples")
    probs = backend.to_numpy(input.array)
    rows = probs.reshape(-1, probs.shape[-1])
    if not replacement and num_samples > rows.shape[1]:
        raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without "
                           "replacement")
    if not np.isfinite(rows).all() or (rows < 0).any():
        raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
    if (rows.sum(axis=1) == 0).any():
        raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    gen = random.resolve(generator, "cpu")
    picks = gen.multinomial(rows, num_samples, replacement)
    result = Tensor._make(_to_device(picks.reshape(probs.shape[:-1] + (num_samples,)),
                                     input.device))
    return out.copy_(result) if out is not None else result
