"""Every op against PyTorch 2.13: forward values and gradients agree to ~1e-10 in float64.

Each case is one lambda ``f(m, *tensors)`` run with ``m = minigrad`` and with
``m = torch``: the two speak the same dialect, so one expression serves both.
"""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

import minigrad as mg  # noqa: E402
from tests.helpers import DEVICES, to_numpy  # noqa: E402

pytestmark = pytest.mark.oracle

rng = np.random.default_rng(1234)


def r(*shape):
    return rng.standard_normal(shape)


def pos(*shape):
    return np.abs(rng.standard_normal(shape)) + 0.3


def ties(*shape):
    return rng.integers(-2, 3, shape).astype(np.float64)


A, B, C = r(3, 4), r(4), r(2, 1, 4)
CASES = {
    # arithmetic, with broadcasting and reflected forms
    "add": (lambda m, a, b: a + b, [A, B]),
    "add_alpha": (lambda m, a, b: m.add(a, b, alpha=0.5), [A, B]),
    "sub": (lambda m, a, b: a - b, [A, C]),
    "mul": (lambda m, a, b: a * b, [C, A]),
    "div": (lambda m, a, b: a / b, [A, pos(4)]),
    "pow": (lambda m, a, b: a ** b, [pos(3, 4), r(3, 1)]),
    "pow_scalar": (lambda m, a: a ** 3, [A]),
    "pow_frac": (lambda m, a: m.pow(a, 0.7), [pos(5)]),
    "rpow": (lambda m, a: 1.5 ** a, [A]),
    "radd": (lambda m, a: 2 + a, [A]),
    "rsub": (lambda m, a: 2.5 - a, [A]),
    "rmul": (lambda m, a: 0.5 * a, [A]),
    "rdiv": (lambda m, a: 1.0 / a, [pos(3, 4)]),
    "matmul_mm": (lambda m, a, b: a @ b, [r(3, 4), r(4, 2)]),
    "matmul_mv": (lambda m, a, b: m.matmul(a, b), [r(3, 4), r(4)]),
    "matmul_vm": (lambda m, a, b: a @ b, [r(4), r(4, 2)]),
    "matmul_vv": (lambda m, a, b: a @ b, [r(4), r(4)]),
    "matmul_batched": (lambda m, a, b: a @ b, [r(2, 1, 3, 4), r(3, 4, 2)]),
    # unary
    "neg": (lambda m, a: -a, [A]),
    "abs": (lambda m, a: a.abs(), [ties(3, 4)]),
    "sign": (lambda m, a: m.sign(a), [ties(3, 4)]),
    "exp": (lambda m, a: m.exp(a), [A]),
    "log": (lambda m, a: a.log(), [pos(3, 4)]),
    "log1p": (lambda m, a: m.log1p(a), [pos(3, 4)]),
    "expm1": (lambda m, a: a.expm1(), [A]),
    "sqrt": (lambda m, a: m.sqrt(a), [pos(3, 4)]),
    "rsqrt": (lambda m, a: a.rsqrt(), [pos(3, 4)]),
    "sin": (lambda m, a: m.sin(a), [A]),
    "cos": (lambda m, a: a.cos(), [A]),
    "sinh": (lambda m, a: m.sinh(a), [A]),
    "cosh": (lambda m, a: a.cosh(), [A]),
    "tanh": (lambda m, a: m.tanh(a), [A]),
    "sigmoid": (lambda m, a: a.sigmoid(), [A * 5]),
    "relu": (lambda m, a: m.relu(a), [ties(3, 4)]),
    "clamp": (lambda m, a: a.clamp(-1.0, 1.0), [ties(3, 4)]),
    "clamp_min": (lambda m, a: m.clamp(a, min=0.0), [ties(3, 4)]),
    "clip_max": (lambda m, a: a.clip(max=1.0), [ties(3, 4)]),
    "clamp_tensors": (lambda m, a, lo, hi: m.clamp(a, lo, hi), [ties(3, 4), ties(4), ties(3, 1)]),
    "maximum": (lambda m, a, b: m.maximum(a, b), [ties(3, 4), ties(4)]),
    "minimum": (lambda m, a, b: m.minimum(a, b), [ties(3, 4), ties(3, 1)]),
    "where": (lambda m, a, b: m.where(a > 0, a, b), [A, B]),
    # reductions
    "sum": (lambda m, a: a.sum(), [A]),
    "sum_dim": (lambda m, a: m.sum(a, dim=1, keepdim=True), [A]),
    "sum_dims": (lambda m, a: a.sum(dim=(0, 2)), [r(2, 3, 4)]),
    "mean": (lambda m, a: a.mean(), [A]),
    "mean_dim": (lambda m, a: m.mean(a, dim=-1), [A]),
    "var": (lambda m, a: a.var(), [A]),
    "var_dim": (lambda m, a: m.var(a, dim=0, keepdim=True), [A]),
    "var_biased": (lambda m, a: a.var(dim=1, unbiased=False), [A]),
    "var_correction": (lambda m, a: m.var(a, 1, correction=2), [A]),
    "std": (lambda m, a: a.std(), [A]),
    "std_dim": (lambda m, a: m.std(a, dim=1, keepdim=True), [A]),
    "std_constant": (lambda m, a: a.std(dim=1), [np.ones((2, 3))]),
    "prod": (lambda m, a: a.prod(), [r(2, 3)]),
    "prod_dim": (lambda m, a: m.prod(a, 1), [r(3, 4)]),
    "prod_zero": (lambda m, a: a.prod(dim=0), [np.array([[0.0, 2.0], [3.0, 0.0], [0.0, 0.0]])]),
    "prod_one_zero": (lambda m, a: a.prod(), [np.array([1.5, 0.0, -2.0])]),
    "max": (lambda m, a: a.max(), [ties(3, 4)]),
    "min": (lambda m, a: m.min(a), [ties(3, 4)]),
    "max_dim": (lambda m, a: a.max(dim=1).values, [r(3, 4)]),
    "min_dim": (lambda m, a: m.min(a, 0, keepdim=True)[0], [r(3, 4)]),
    "amax": (lambda m, a: a.amax(dim=1), [ties(3, 4)]),
    "amin": (lambda m, a: m.amin(a, dim=(0, 1)), [ties(3, 4)]),
    "logsumexp": (lambda m, a: m.logsumexp(a, dim=1), [A * 10]),
    "logsumexp_keep": (lambda m, a: a.logsumexp(0, keepdim=True), [A]),
    "softmax": (lambda m, a: m.softmax(a, dim=1), [A * 10]),
    "softmax0": (lambda m, a: a.softmax(0), [A]),
    "log_softmax": (lambda m, a: m.log_softmax(a, dim=-1), [A * 10]),
    "cumsum": (lambda m, a: m.cumsum(a, dim=1), [A]),
    "cumsum0": (lambda m, a: a.cumsum(0), [A]),
    "norm": (lambda m, a: a.norm(), [A]),
    "norm_dim": (lambda m, a: m.norm(a, dim=1, keepdim=True), [A]),
    "norm_p1": (lambda m, a: a.norm(p=1, dim=0), [A]),
    "norm_p3": (lambda m, a: a.norm(p=3), [A]),
    "norm_inf": (lambda m, a: a.norm(p=float("inf"), dim=1), [A]),
    "norm_zero": (lambda m, a: a.norm(dim=1), [np.zeros((2, 3))]),
    # shapes
    "reshape": (lambda m, a: a.reshape(2, 6), [A]),
    "view": (lambda m, a: a.view(-1, 2), [A]),
    "flatten": (lambda m, a: m.flatten(a, 1), [r(2, 3, 4)]),
    "squeeze": (lambda m, a: a.squeeze(1), [r(3, 1, 2)]),
    "squeeze_all": (lambda m, a: m.squeeze(a), [r(3, 1, 2, 1)]),
    "unsqueeze": (lambda m, a: a.unsqueeze(-1), [A]),
    "transpose": (lambda m, a: m.transpose(a, 0, 2), [r(2, 3, 4)]),
    "permute": (lambda m, a: a.permute(2, 0, 1), [r(2, 3, 4)]),
    "T": (lambda m, a: a.T, [A]),
    "t": (lambda m, a: m.t(a), [A]),
    "expand": (lambda m, a: a.expand(2, 3, 4), [r(3, 1)]),
    "expand_minus1": (lambda m, a: a.expand(5, -1), [B]),
    "broadcast_to": (lambda m, a: m.broadcast_to(a, (2, 3, 4)), [B]),
    "repeat": (lambda m, a: a.repeat(2, 1, 3), [A]),
    "cat": (lambda m, a, b: m.cat([a, b], dim=0), [A, r(2, 4)]),
    "cat_dim1": (lambda m, a, b: m.cat((a, b), 1), [A, r(3, 2)]),
    "stack": (lambda m, a, b: m.stack([a, b], dim=1), [A, r(3, 4)]),
    "split": (lambda m, a: m.cat([p * (i + 1) for i, p in enumerate(a.split(3, dim=1))], 1),
              [r(2, 7)]),
    "split_sizes": (lambda m, a: a.split([1, 2], 0)[1], [A]),
    "chunk": (lambda m, a: a.chunk(3, dim=1)[-1], [r(2, 7)]),
    "pad": (lambda m, a: m.nn.functional.pad(a, (1, 2)) if m is torch else m.pad(a, (1, 2)),
            [A]),
    "pad_value": (lambda m, a: (m.nn.functional.pad if m is torch else m.pad)(
        a, (1, 0, 2, 1), value=2.5), [A]),
    "pad_negative": (lambda m, a: (m.nn.functional.pad if m is torch else m.pad)(
        a, (-1, 2, 1, -2), value=0.5), [A]),
    "flip": (lambda m, a: a.flip(0), [A]),
    "flip_dims": (lambda m, a: m.flip(a, (0, 1)), [A]),
    # indexing
    "index_int": (lambda m, a: a[1], [A]),
    "index_slice": (lambda m, a: a[::2, 1:-1], [A]),
    "index_none_ellipsis": (lambda m, a: a[None, ..., 0], [r(2, 3, 4)]),
    "index_negative_step": (lambda m, a: a[:, -1], [A]),
    "index_bool": (lambda m, a: a[a > 0], [A]),
    "index_bool_rows": (lambda m, a: a[m.tensor([True, False, True])], [A]),
    "index_int_array_repeats": (lambda m, a: a[m.tensor([0, 2, 0, 0])], [A]),
    "index_int_arrays_2d": (lambda m, a: a[m.tensor([0, 1, 1]), m.tensor([3, 3, 0])], [A]),
    "index_mixed": (lambda m, a: a[1:, m.tensor([2, 2])], [A]),
    "index_list": (lambda m, a: a[[2, 0, 2]], [A]),
    # an int among index arrays selects first in PyTorch (NumPy would move the dims)
    "index_int_slice_array": (lambda m, a: a[1, :, m.tensor([2, 0, 2])], [r(3, 2, 4)]),
    "index_int_ellipsis_bool": (lambda m, a: a[0, ..., m.tensor([True, False, True, True])],
                                [r(2, 3, 4)]),
    "index_array_none_int": (lambda m, a: a[m.tensor([1, 0]), None, -1], [r(2, 3, 4)]),
}


def _run(m, fn, arrays, device):
    if m is torch:
        xs = [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in arrays]
    else:
        xs = [mg.tensor(a, dtype=mg.float64, device=device, requires_grad=True) for a in arrays]
    out = fn(m, *xs)
    return xs, out


def _np(t):
    return t.detach().numpy() if isinstance(t, torch.Tensor) else to_numpy(t)


def _match_pytorch(fn, arrays, device):
    """fn's value and its gradients (weighted by a random upstream) agree with PyTorch's in
    float64; returns minigrad's output."""
    txs, tout = _run(torch, fn, arrays, device)
    mxs, mout = _run(mg, fn, arrays, device)
    assert tuple(mout.shape) == tuple(tout.shape)
    np.testing.assert_allclose(_np(mout), _np(tout), rtol=1e-10, atol=1e-12)
    upstream = np.random.default_rng(0).standard_normal(tuple(tout.shape))
    tgrads = torch.autograd.grad(tout, txs, torch.tensor(upstream), allow_unused=True)
    mgrads = mg.autograd.grad(mout, mxs, mg.tensor(upstream, dtype=mg.float64, device=device),
                              allow_unused=True)
    for k, (tg, mgr) in enumerate(zip(tgrads, mgrads)):
        if tg is None:
            assert mgr is None or not np.any(_np(mgr)), k
            continue
        assert mgr is not None, f"input {k}: PyTorch has a gradient, minigrad None"
        np.testing.assert_allclose(_np(mgr), _np(tg), rtol=1e-10, atol=1e-12,
                                   err_msg=f"gradient of input {k}")
    return mout


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("name", list(CASES))
def test_forward_and_gradient_match_pytorch(name, device):
    fn, arrays = CASES[name]
    assert _match_pytorch(fn, arrays, device).dtype == mg.float64


# the ops with a non-zero second derivative (for linear ones both libraries rightly raise:
# the gradient does not depend on the input)
SECOND_ORDER = ["mul", "div", "pow", "exp", "log", "sqrt", "tanh", "sigmoid", "sin", "cos",
                "matmul_mm", "var_dim", "std_dim", "prod_dim", "prod_zero", "prod_one_zero",
                "logsumexp", "softmax", "log_softmax", "norm_dim", "norm_p3", "rsqrt", "expm1",
                "log1p", "rpow", "pow_frac", "rdiv", "var_correction", "sinh", "cosh"]


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("name", SECOND_ORDER)
def test_second_derivatives_match_pytorch(name, device):
    """Hessian-vector products through create_graph=True."""
    fn, arrays = CASES[name]
    results = []
    for m in (torch, mg):
        xs, out = _run(m, fn, arrays, device)
        weights = np.random.default_rng(1).standard_normal(tuple(out.shape))
        w = torch.tensor(weights) if m is torch else mg.tensor(weights, dtype=mg.float64,
                                                               device=device)
        loss = (out * w).sum()
        grads = m.autograd.grad(loss, xs, create_graph=True)
        vs = [np.random.default_rng(2 + k).standard_normal(x.shape) for k, x in enumerate(xs)]
        dot = sum((g * (torch.tensor(v) if m is torch else mg.tensor(v, dtype=mg.float64,
                                                                     device=device))).sum()
                  for g, v in zip(grads, vs))
        hv = m.autograd.grad(dot, xs, allow_unused=True)
        results.append([None if h is None else _np(h) for h in hv])
    for k, (th, mh) in enumerate(zip(*results)):
        if th is None or mh is None:
            assert (th is None or not np.any(th)) and (mh is None or not np.any(mh)), k
            continue
        np.testing.assert_allclose(mh, th, rtol=1e-10, atol=1e-12, err_msg=f"input {k}")


@pytest.mark.parametrize("name", ["argmax", "argmin"])
def test_argmax_argmin_match_pytorch(name):
    a = ties(4, 5)
    for kwargs in ({}, {"dim": 1}, {"dim": 0, "keepdim": True}):
        got = getattr(mg.tensor(a), name)(**kwargs)
        want = getattr(torch.tensor(a), name)(**kwargs)
        assert got.tolist() == want.tolist()


@pytest.mark.parametrize("op", ["__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"])
def test_comparisons_match_pytorch(op):
    a, b = ties(3, 4), ties(4)
    got = getattr(mg.tensor(a), op)(mg.tensor(b))
    want = getattr(torch.tensor(a), op)(torch.tensor(b))
    assert got.tolist() == want.tolist() and got.dtype == mg.bool


# -- reductions over hypothesis shapes, dims and keepdim, against PyTorch --------------------

import hypothesis.strategies as st  # noqa: E402
from hypothesis import given, settings  # noqa: E402

from tests.helpers import SETTINGS, arrays, shapes  # noqa: E402

REDUCE_ORACLE = {
    "sum": lambda m, x, d, k: x.sum(dim=d, keepdim=k),
    "mean": lambda m, x, d, k: x.mean(dim=d, keepdim=k),
    "var": lambda m, x, d, k: x.var(dim=d, keepdim=k),
    "std_biased": lambda m, x, d, k: x.std(dim=d, keepdim=k, correction=0),
    "prod": lambda m, x, d, k: x.prod(dim=d[0], keepdim=k),
    "amax": lambda m, x, d, k: x.amax(dim=d, keepdim=k),
    "amin": lambda m, x, d, k: m.amin(x, dim=d, keepdim=k),
    "max_dim": lambda m, x, d, k: x.max(dim=d[0], keepdim=k)[0],
    "logsumexp": lambda m, x, d, k: m.logsumexp(x, dim=d, keepdim=k),
    "norm2": lambda m, x, d, k: x.norm(dim=d, keepdim=k),
    "norm1": lambda m, x, d, k: x.norm(p=1, dim=d, keepdim=k),
    "norm3": lambda m, x, d, k: m.norm(x, p=3, dim=d, keepdim=k),
    "norm_inf": lambda m, x, d, k: x.norm(p=float("inf"), dim=d, keepdim=k),
    "softmax": lambda m, x, d, k: x.softmax(d[0]),
    "log_softmax": lambda m, x, d, k: m.log_softmax(x, dim=d[0]),
    "cumsum": lambda m, x, d, k: x.cumsum(d[0]),
}


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("name", list(REDUCE_ORACLE))
@settings(SETTINGS, max_examples=8)
@given(data=st.data())
def test_reductions_over_dims_match_pytorch(name, device, data):
    shape = data.draw(shapes(min_dims=1, max_dims=3, min_side=1, max_side=3))
    dims = data.draw(st.lists(st.integers(-len(shape), len(shape) - 1), min_size=1,
                              max_size=len(shape), unique_by=lambda d: d % len(shape)))
    if name == "norm2":
        dims = dims[:2]                        # torch.norm's 'fro' accepts at most 2 dims
    keepdim = data.draw(st.booleans())
    a = data.draw(arrays(shape))
    a = np.where(np.abs(a) < 1e-6, 0.0, a)     # |x|³ of a tiny x underflows: 0/0 in PyTorch
    if name.startswith(("amax", "amin", "max", "norm_inf")):
        a = a + np.arange(a.size).reshape(shape) * 1e-3       # no ties: one subgradient
    n = int(np.prod([shape[d] for d in dims]))
    if name == "var" and n < 2:
        return
    fn = REDUCE_ORACLE[name]
    dim = tuple(dims)
    tx = torch.tensor(a, requires_grad=True)
    mx = mg.tensor(a, dtype=mg.float64, device=device, requires_grad=True)
    tout, mout = fn(torch, tx, dim, keepdim), fn(mg, mx, dim, keepdim)
    assert tuple(mout.shape) == tuple(tout.shape)
    np.testing.assert_allclose(_np(mout), _np(tout), rtol=1e-10, atol=1e-12)
    up = np.random.default_rng(0).standard_normal(tuple(tout.shape))
    (tg,) = torch.autograd.grad(tout, tx, torch.tensor(up))
    (mgr,) = mg.autograd.grad(mout, mx, mg.tensor(up, dtype=mg.float64, device=device))
    np.testing.assert_allclose(_np(mgr), _np(tg), rtol=1e-10, atol=1e-12)


# -- the added functions: values, gradients and dtypes against PyTorch ----------------------

def halves(*shape):
    return rng.integers(-6, 7, shape) / 2.0            # every value a tie for round


def idx(m, values, like):
    """An int64 index on the device of ``like``."""
    return m.tensor(np.asarray(values, dtype=np.int64), device=like.device)


A = r(3, 4)


G = np.array([[0, 3, 3], [2, 2, 0], [1, 0, 1]])       # a gather index with repeats


ADDED = {  # the functions added later (rounding, log2, dot, tril, gather, ...)
    "square": (lambda m, a: m.square(a), [A]),
    "reciprocal": (lambda m, a: a.reciprocal(), [pos(3, 4)]),
    "log2": (lambda m, a: m.log2(a), [pos(3, 4)]),
    "log10": (lambda m, a: a.log10(), [pos(3, 4)]),
    "exp2": (lambda m, a: m.exp2(a), [A]),
    "erf": (lambda m, a: m.erf(a * 2), [A]),
    "floor": (lambda m, a: m.floor(a), [halves(3, 4)]),
    "ceil": (lambda m, a: a.ceil(), [halves(3, 4)]),
    "round": (lambda m, a: m.round(a), [halves(3, 4)]),
    "round_decimals": (lambda m, a: a.round(decimals=2), [A * 10]),
    "trunc": (lambda m, a: a.trunc(), [halves(3, 4)]),
    "frac": (lambda m, a: m.frac(a * 3), [A]),
    "clamp_min": (lambda m, a: m.clamp_min(a, 0.0), [ties(3, 4)]),
    "clamp_max": (lambda m, a: a.clamp_max(1.0), [ties(3, 4)]),
    "lerp": (lambda m, a, b, w: m.lerp(a, b, w), [A, r(4), r(3, 1)]),
    "lerp_scalar": (lambda m, a, b: a.lerp(b, 0.7), [A, r(3, 4)]),
    "dot": (lambda m, a, b: m.dot(a, b), [r(5), r(5)]),
    "outer": (lambda m, a, b: m.outer(a, b), [r(3), r(4)]),
    "mv": (lambda m, a, b: a.mv(b), [A, r(4)]),
    "bmm": (lambda m, a, b: m.bmm(a, b), [r(2, 3, 4), r(2, 4, 5)]),
    "einsum_mm": (lambda m, a, b: m.einsum("ij,jk->ik", a, b), [A, r(4, 2)]),
    "einsum_batch_ellipsis": (lambda m, a, b: m.einsum("...ij,...jk", a, b),
                              [r(2, 1, 3, 4), r(3, 4, 2)]),
    "einsum_trace": (lambda m, a: m.einsum("ii", a), [r(3, 3)]),
    "einsum_diagonal": (lambda m, a: m.einsum("iji->ij", a), [r(3, 2, 3)]),
    "einsum_implicit": (lambda m, a, b: m.einsum("ba,bc", a, b), [A, r(3, 2)]),
    "einsum_sum_away": (lambda m, a, b, c: m.einsum("i,jk,k->j", a, b, c), [r(2), A, r(4)]),
    "tril": (lambda m, a: m.tril(a), [r(2, 3, 4)]),
    "tril_k": (lambda m, a: a.tril(-1), [A]),
    "triu_k": (lambda m, a: m.triu(a, diagonal=2), [A]),
    "diag_embed": (lambda m, a: m.diag(a, -1), [r(3)]),
    "diag_extract": (lambda m, a: a.diag(1), [A]),
    "diag_extract_tall": (lambda m, a: m.diag(a, -2), [r(5, 3)]),
    "trace": (lambda m, a: m.trace(a), [A]),
    "gather": (lambda m, a: m.gather(a, 1, idx(m, G, a)), [A]),
    "gather_dim0": (lambda m, a: a.gather(0, idx(m, [[2, 0], [2, 2]], a)), [A]),
    # src as large as index: with a larger src PyTorch 2.13's own backward fails (a [3, 3]
    # gradient "expected shape compatible with [3, 4]"); minigrad pads it with zeros
    "scatter_add": (lambda m, a, s: a.scatter_add(1, idx(m, G, a), s), [A, r(3, 3)]),
    "scatter": (lambda m, a, s: m.scatter(a, 0, idx(m, [[2, 0, 1, 1]], a), s), [A, r(1, 4)]),
    "scatter_value": (lambda m, a: a.scatter(1, idx(m, [[3], [0], [1]], a), 2.5), [A]),
    "index_select": (lambda m, a: m.index_select(a, 1, idx(m, [3, 0, 3], a)), [A]),
    "masked_fill": (lambda m, a: a.masked_fill(a > 0, -1.0), [A]),
    "masked_fill_tensor": (lambda m, a, v: m.masked_fill(a, a < 0, v), [A, np.array(0.5)]),
    "take_along_dim": (lambda m, a: m.take_along_dim(a, idx(m, [[1, 0]], a), 1), [A]),
    "take_along_dim_flat": (lambda m, a: a.take_along_dim(idx(m, [11, 0, 5], a)), [A]),
    "sort": (lambda m, a: m.sort(a, dim=1).values, [A]),
    "sort_ties_desc": (lambda m, a: a.sort(0, descending=True)[0], [ties(5, 3)]),
    "topk": (lambda m, a: m.topk(a, 2).values, [A]),
    "topk_smallest_dim0": (lambda m, a: a.topk(2, dim=0, largest=False).values, [A]),
    "kthvalue": (lambda m, a: m.kthvalue(a, 2, 1).values, [A]),
    "relu_": (lambda m, a: (a * 1).relu_(), [ties(3, 4)]),
    "sigmoid_": (lambda m, a: (a * 1).sigmoid_(), [A]),
    "tanh_": (lambda m, a: (a * 1).tanh_(), [A]),
    "exp_": (lambda m, a: (a * 1).exp_(), [A]),
    "log_": (lambda m, a: (a * 1).log_(), [pos(3, 4)]),
    "abs_": (lambda m, a: (a * 1).abs_(), [ties(3, 4)]),
    "neg_": (lambda m, a: (a * 1).neg_(), [A]),
    "sqrt_": (lambda m, a: (a * 1).sqrt_(), [pos(3, 4)]),
    "square_": (lambda m, a: (a * 1).square_(), [A]),
    "clamp_min_": (lambda m, a: (a * 1).clamp_min_(0.0), [ties(3, 4)]),
    "scatter_add_": (lambda m, a, s: (a * 1).scatter_add_(0, idx(m, [[1, 1, 0, 2]], a), s),
                     [A, r(1, 4)]),
    "masked_fill_": (lambda m, a: (a * 1).masked_fill_(a > 0.5, 0.0), [A]),
    "var_mean": (lambda m, a: m.stack(m.var_mean(a, 1, keepdim=True)), [A]),
    "std_mean": (lambda m, a: m.stack(m.std_mean(a, correction=0)), [A]),
    "std_mean_unbiased": (lambda m, a: m.stack(m.std_mean(a, (0, 1), False)), [A]),
}


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("name", list(ADDED))
def test_added_functions_match_pytorch(name, device):
    _match_pytorch(*ADDED[name], device)


@pytest.mark.parametrize("device", DEVICES)
def test_dtypes_match_pytorch(device):
    ints, bools = np.array([3, 2, -1]), np.array([True, False])
    for fn in [lambda m, x: m.square(x), lambda m, x: m.floor(x), lambda m, x: m.round(x),
               lambda m, x: m.reciprocal(x), lambda m, x: m.log2(x.abs()),
               lambda m, x: m.exp2(x), lambda m, x: m.erf(x), lambda m, x: m.trace(m.outer(x, x)),
               lambda m, x: x.masked_fill(x > 0, 1.5), lambda m, x: m.sort(x).values]:
        t = fn(torch, torch.tensor(ints))
        m = fn(mg, mg.tensor(ints, device=device))
        assert str(m.dtype) == str(t.dtype).replace("torch.", "minigrad."), t
        np.testing.assert_allclose(to_numpy(m), t.numpy(), rtol=1e-6)
    assert str(mg.square(mg.tensor(bools)).dtype) == \
        str(torch.square(torch.tensor(bools)).dtype).replace("torch.", "minigrad.")


@pytest.mark.parametrize("call", ["x.max()", "x.min()", "x.amax()", "x.argmax()", "x.argmin()",
                                  "x.max(0)", "x.amax(0)", "x.argmax(0)", "x.amin((0, 1))"])
def test_reductions_over_nothing_raise_pytorchs_exception_types(call):
    """max()/amax() of an empty tensor: RuntimeError; along an empty dim, or argmax: IndexError."""
    kinds = []
    for m in (mg, torch):
        with pytest.raises((RuntimeError, IndexError)) as info:
            eval(call, {"x": m.zeros(0, 3)})
        kinds.append(info.type)
    assert kinds[0] is kinds[1]


@pytest.mark.parametrize("call", ["x.softmax(0)", "x.log_softmax(0)", "x.norm()", "b.softmax(0)",
                                  "m.nn.functional.softmax(x, dim=0)"])
def test_softmax_and_norm_refuse_integer_tensors_as_pytorch(call):
    """NotImplementedError / RuntimeError in both; with ``dtype=`` or after ``.float()`` fine."""
    kinds = []
    for m in (mg, torch):
        with pytest.raises(RuntimeError) as info:      # NotImplementedError is a RuntimeError
            eval(call, {"m": m, "x": m.tensor([1, 2]), "b": m.tensor([True, False])})
        kinds.append(info.type)
        assert m.tensor([1, 2]).softmax(0, dtype=m.float64).tolist() == pytest.approx(
            [0.2689414213699951, 0.7310585786300049])
    assert kinds[0] is kinds[1]
