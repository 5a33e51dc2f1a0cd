"""PyTorch's CPU random numbers, bit for bit, in NumPy.

The stream.  PyTorch's CPU generator is the 32-bit Mersenne Twister MT19937
(Matsumoto & Nishimura, 1998).  ``manual_seed(s)`` runs the reference
``init_genrand`` on the low 32 bits of ``s``:

    x₀ = s mod 2³²,   xⱼ = 1812433253 · (xⱼ₋₁ ⊕ (xⱼ₋₁ >> 30)) + j  (mod 2³²),  j = 1..623

and every draw takes words from the tempered MT19937 output.  NumPy's
``MT19937`` bit generator runs the same recurrence, so :class:`MT19937Stream`
loads those 624 words into it and reads the words with ``random_raw``.
``random()`` is one word u; ``random64()`` is two words, the first one high:
(u₁ << 32) | u₂.

The transforms (aten's CPU distribution templates, PyTorch 2.13, x86-64 with AVX2):

- uniform on [a, b): float32 x = (u & (2²⁴ − 1)) · 2⁻²⁴ from one word, float64
  x = (u₆₄ & (2⁵³ − 1)) · 2⁻⁵³ from two; the value is fma(x, b − a, a) in the
  tensor's dtype (the compiler fuses x·(b − a) + a into one rounding).
- normal, ≥ 16 contiguous elements: fill with U[0,1) first; then each block of 16
  is Box–Muller on pairs (j, j + 8):  r = √(−2 log(1 − uⱼ)),  θ = 2π uⱼ₊₈,
  outⱼ = fma(r cos θ, σ, μ),  outⱼ₊₈ = fma(r sin θ, σ, μ).  A tail that is not a
  multiple of 16 redraws 16 fresh uniforms and recomputes the last 16 values.
  float32 uses the AVX2 kernel's log and sincos (Cephes polynomials of
  ``avx_mathfun.h``, with the FMAs the compiler forms), reproduced in
  :func:`_log256`/:func:`_sincos256`; float64 uses the C library's log/cos/sin.
- normal, < 16 elements or a strided tensor: the scalar Box–Muller in double: u₁, u₂
  from two random64, r = √(−2 log1p(−u₂)), θ = 2π u₁; returns r cos θ and keeps r sin θ
  for the next scalar draw (the generator's cached normal).
- integers in [low, high): (u mod (high − low)) + low, u one word, or random64
  when high − low ≥ 2³².
- randperm(n): swap i with i + (u mod (n − i)) for i = 0..n−2 (n < 2³²/20),
  else the inside-out Fisher–Yates shuffle with random64.
- bernoulli(p): u < p with the float64 uniform (scalar p, or float64 p);
  float32 p uses the float32 uniform.
- exponential(λ): −(1/λ) · log1p(−u), u the float64 uniform.
- multinomial: without replacement (or one sample), argmax/topk of p / E with
  E ~ Exp(1) (the exponential trick); with replacement, a binary search of the
  float64 uniform in the normalized cumulative sum.
"""
import functools
import math

import numpy as np

_M24 = np.uint32((1 << 24) - 1)
_M53 = np.uint64((1 << 53) - 1)
_CHUNK = 1 << 17


@functools.lru_cache(maxsize=64)               # tests reseed with the same few seeds often
def init_genrand(seed):
    """The 624 state words MT19937 starts from for ``seed`` (its low 32 bits), read-only."""
    key = np.empty(624, dtype=np.uint32)
    x = seed & 0xFFFFFFFF
    key[0] = x
    for j in range(1, 624):
        x = (1812433253 * (x ^ (x >> 30)) + j) & 0xFFFFFFFF
        key[j] = x
    key.flags.writeable = False
    return key


class MT19937Stream:
    """The raw MT19937 words of PyTorch's CPU generator (NumPy's MT19937 underneath)."""

    def __init__(self):
        self.bits = np.random.MT19937()

    def seed(self, seed):
        self.set_key(init_genrand(seed & 0xFFFFFFFF), 624)

    def set_key(self, key, pos):
        self.bits.state = {"bit_generator": "MT19937",
                           "state": {"key": np.asarray(key, dtype=np.uint32), "pos": int(pos)}}

    def key(self):
        state = self.bits.state["state"]
        return state["key"].astype(np.uint32), int(state["pos"])

    def u32(self, n):
        return self.bits.random_raw(n).astype(np.uint32)

    def u64(self, n):
        words = self.bits.random_raw(2 * n).reshape(n, 2)
        return (words[:, 0] << np.uint64(32)) | words[:, 1]


# -- exact fused multiply-add: round(a·b + c) once, as the compiled kernels do ---------------
def _two_sum(a, b):
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


def _nudge(s, err):
    """Where the rounded sum s is not exact (err ≠ 0), step s one ulp toward the true sum."""
    return np.where(err != 0, np.nextafter(s, np.where(err > 0, np.inf, -np.inf)), s)


def _split(a):
    t = a * 134217729.0                     # 2²⁷ + 1 (Dekker's split)
    hi = t - (t - a)
    return hi, a - hi


def fma(a, b, c, dtype):
    """a·b + c with one rounding to ``dtype`` (float32 or float64), elementwise."""
    a, b, c = (np.asarray(v, dtype).astype(np.float64) for v in (a, b, c))
    p = a * b
    if np.dtype(dtype) == np.float32:
        # a·b is exact in float64, so s = RN(a·b + c) goes wrong in float32 only when s lands
        # exactly on a float32 midpoint (low 29 bits 1000...0) without being exact: fix those
        s = p + c
        tie = (s.view(np.int64) & 0x1FFFFFFF) == 0x10000000
        if tie.any():
            p, c = np.broadcast_to(p, s.shape)[tie], np.broadcast_to(c, s.shape)[tie]
            s[tie] = _nudge(*_two_sum(p, c))
        return s.astype(np.float32)
    (ah, al), (bh, bl) = _split(a), _split(b)   # Boldo & Melquiond's emulated FMA:
    e = ((ah * bh - p) + ah * bl + al * bh) + al * bl       # a·b = p + e exactly
    th, tl = _two_sum(c, p)
    odd_sum, err = _two_sum(tl, e)               # tl + e rounded to odd, then th + that
    odd_sum = np.where((odd_sum.view(np.int64) & 1) == 0, _nudge(odd_sum, err), odd_sum)
    return th + odd_sum


# -- uniform ---------------------------------------------------------------------------------
def uniform01(stream, n, dtype):
    """n values of U[0, 1) as PyTorch draws them for ``dtype``."""
    if np.dtype(dtype) == np.float32:
        return (stream.u32(n) & _M24).astype(np.float32) * np.float32(2.0 ** -24)
    return (stream.u64(n) & _M53).astype(np.float64) * 2.0 ** -53


def uniform(stream, low, high, n, dtype):
    dtype = work_dtype(dtype)
    x = uniform01(stream, n, dtype)
    low, high = dtype.type(low), dtype.type(high)
    return x if (low, high) == (0, 1) else fma(x, high - low, low, dtype)


def work_dtype(dtype):
    """float32 and float64 have PyTorch's exact streams; float16 draws as float32."""
    return np.dtype(np.float64 if np.dtype(dtype) == np.float64 else np.float32)


# -- normal ----------------------------------------------------------------------------------
def normal(gen, mean, std, n, dtype, contiguous=True):
    """n normal values as ``Tensor.normal_`` on a tensor of ``dtype`` (in memory order)."""
    dtype = work_dtype(dtype)
    if n < 16 or not contiguous:
        return _normal_scalar(gen, mean, std, n).astype(dtype)
    u = uniform01(gen.stream, n, dtype)
    out = np.empty(n, dtype=dtype)
    full = n // 16 * 16
    for start in range(0, full, _CHUNK):         # in chunks that stay in cache: 4x faster
        end = min(start + _CHUNK, full)
        out[start:end] = _box_muller_16(u[start:end], mean, std, dtype)
    if n % 16:
        out[n - 16:] = _box_muller_16(uniform01(gen.stream, 16, dtype), mean, std, dtype)
    return out


def _box_muller_16(u, mean, std, dtype):
    """Box–Muller on each block of 16 uniforms: pairs (j, j + 8), j < 8."""
    u = u.reshape(-1, 16)
    u1, u2 = 1 - u[:, :8], u[:, 8:]
    if dtype == np.float32:
        r = np.sqrt(np.float32(-2) * _log256(u1))
        sin, cos = _sincos256(np.float32(2.0 * math.pi) * u2)
    else:
        r = np.sqrt(-2 * np.log(u1))
        theta = 2.0 * math.pi * u2
        sin, cos = np.sin(theta), np.cos(theta)
    out = np.concatenate([r * cos, r * sin], axis=1).ravel()
    return out if (mean, std) == (0, 1) else fma(out, std, mean, dtype)


def _normal_scalar(gen, mean, std, n):
    """The scalar path: double Box–Muller, one value kept in ``gen.next_double_normal``."""
    values = np.empty(n)
    first = 0
    if n and gen.next_double_normal is not None:
        values[0], gen.next_double_normal, first = gen.next_double_normal, None, 1
    pairs = (n - first + 1) // 2
    u = uniform01(gen.stream, 2 * pairs, np.float64).reshape(pairs, 2)
    r = np.sqrt(-2.0 * np.log1p(-u[:, 1]))
    theta = 2.0 * math.pi * u[:, 0]
    both = np.stack([r * np.cos(theta), r * np.sin(theta)], axis=1).ravel()
    values[first:] = both[:n - first]
    if (n - first) % 2:
        gen.next_double_normal = float(both[-1])
    return fma(values, std, mean, np.float64)


_F = np.float32
_LOG_P = [_F(v) for v in (7.0376836292E-2, -1.1514610310E-1, 1.1676998740E-1, -1.2420140846E-1,
                          1.4249322787E-1, -1.6668057665E-1, 2.0000714765E-1, -2.4999993993E-1,
                          3.3333331174E-1)]


def _fma32(a, b, c):
    return fma(a, b, c, np.float32)


def _log256(x):
    """float32 log of ``avx_mathfun.h`` (Cephes): x = m·2ᵉ, m ∈ [√½, √2), log = e·ln2 + P(m − 1)."""
    bits = x.view(np.int32)
    e = ((bits >> 23) - 127).astype(_F) + _F(1)
    x = ((bits & ~0x7F800000) | 0x3F000000).view(_F)           # the mantissa in [0.5, 1)
    small = x < _F(0.707106781186547524)
    e = e - small.astype(_F)
    x = (x - _F(1)) + np.where(small, x, _F(0))
    z = x * x
    y = _fma32(_LOG_P[0], x, _LOG_P[1])
    for p in _LOG_P[2:]:
        y = _fma32(y, x, p)
    y = _fma32(y * x, z, e * _F(-2.12194440e-4))
    y = y - z * _F(0.5)
    return _fma32(e, _F(0.693359375), x + y)


def _sincos256(x):
    """float32 sin and cos of ``avx_mathfun.h`` (Cephes): reduce by π/4, two polynomials."""
    negative = np.signbit(x)
    x = np.abs(x)
    j = (x * _F(1.27323954473516)).astype(np.int32)
    j = (j + 1) & ~1
    y = j.astype(_F)
    for dp in (-0.78515625, -2.4187564849853515625e-4, -3.77489497744594108e-8):
        x = _fma32(y, _F(dp), x)
    z = x * x
    c = _fma32(_F(2.443315711809948E-005), z, _F(-1.388731625493765E-003))
    c = _fma32(c, z, _F(4.166664568298827E-002)) * z
    c = _fma32(c, z, -(z * _F(0.5))) + _F(1)
    s = _fma32(_F(-1.9515295891E-4), z, _F(8.3321608736E-3))
    s = _fma32(s, z, _F(-1.6666654611E-1)) * z
    s = _fma32(s, x, x)
    first = (j & 2) == 0
    sin, cos = np.where(first, s, c), np.where(first, c, s)
    sin = np.where(negative ^ ((j & 4) != 0), -sin, sin)
    cos = np.where((~(j - 2) & 4) != 0, -cos, cos)
    return sin, cos


# -- integers, permutations, Bernoulli, exponential, multinomial ------------------------------
def integers(stream, low, high, n):
    span = high - low
    if span <= 0:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} "
                           f">= to={high}")
    words = stream.u64(n) if span >= 1 << 32 else stream.u32(n).astype(np.uint64)
    return (words % np.uint64(span)).astype(np.int64) + low


def randperm(stream, n):
    out = list(range(n))                             # the swaps are sequential: a list is fastest
    if n < (2 ** 32 - 1) // 20:
        picks = (stream.u32(max(n - 1, 0)).astype(np.int64) % (n - np.arange(n - 1))).tolist()
        for i, z in enumerate(picks):
            out[i], out[i + z] = out[i + z], out[i]
    else:
        picks = (stream.u64(n) % (np.arange(n, dtype=np.uint64) + 1)).astype(np.int64).tolist()
        for i, z in enumerate(picks):
            out[i], out[z] = out[z], i
    return np.array(out, dtype=np.int64)


def bernoulli(stream, p, n):
    """n draws of u < p (a 0/1 bool array); ``p`` a Python float or an array of n values."""
    if isinstance(p, np.ndarray) and p.dtype != np.float64:
        return uniform01(stream, n, np.float32) < p.astype(np.float32).ravel()
    return uniform01(stream, n, np.float64) < (p.ravel() if isinstance(p, np.ndarray) else p)


def exponential(stream, lambd, n):
    return (-1.0 / lambd) * np.log1p(-uniform01(stream, n, np.float64))


def multinomial(stream, probs, num_samples, replacement):
    """Category indices, one row of ``num_samples`` per row of the 2-D ``probs``."""
    if not replacement or num_samples == 1:
        q = exponential(stream, 1.0, probs.size).astype(probs.dtype).reshape(probs.shape)
        keys = probs / q
        if num_samples == 1:
            return np.argmax(keys, axis=1)[:, None]
        return np.argsort(-keys, axis=1, kind="stable")[:, :num_samples]
    out = np.empty((probs.shape[0], num_samples), dtype=np.int64)
    for i, row in enumerate(probs):
        cum = np.cumsum(row, dtype=row.dtype)
        cum = cum / cum[-1]
        cum[-1] = 1
        out[i] = np.searchsorted(cum, uniform01(stream, num_samples, np.float64), side="left")
    return out
