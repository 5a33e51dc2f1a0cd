"""The added functions against PyTorch 2.13: values and gradients agree to ~1e-10 in float64,
ties and edge cases included (see docs/ops.md for where PyTorch's choice is unspecified)."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

import minigrad as mg  # noqa: E402
from tests.helpers import DEVICES, to_numpy  # noqa: E402
from tests.ops.test_ops_oracle import _np, _run, pos, r, rng, ties  # noqa: E402

pytestmark = pytest.mark.oracle


def halves(*shape):
    return rng.integers(-6, 7, shape) / 2.0            # every value a tie for round


def idx(m, values, like):
    """An int64 index on the device of ``like``."""
    return m.tensor(np.asarray(values, dtype=np.int64), device=like.device)


A = r(3, 4)
G = np.array([[0, 3, 3], [2, 2, 0], [1, 0, 1]])       # a gather index with repeats
CASES = {
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
}


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("name", list(CASES))
def test_forward_and_gradient_match_pytorch(name, device):
    fn, arrays = CASES[name]
    txs, tout = _run(torch, fn, arrays, device)
    mxs, mout = _run(mg, fn, [np.asarray(a) for a in arrays], device)
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
        np.testing.assert_allclose(_np(mgr), _np(tg), rtol=1e-10, atol=1e-12,
                                   err_msg=f"gradient of input {k}")


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("descending", [False, True])
def test_sort_indices_match_pytorch_with_ties_and_nan(device, descending):
    a = np.array([[1.0, 3.0, 3.0, 2.0, 3.0, 1.0], [np.nan, 0.0, np.nan, -1.0, 0.0, 5.0]])
    for stable in (False, True):
        t = torch.sort(torch.tensor(a), descending=descending, stable=stable)
        m = mg.sort(mg.tensor(a, device=device), descending=descending, stable=stable)
        np.testing.assert_array_equal(to_numpy(m.values), t.values.numpy())
        assert m.indices.tolist() == t.indices.tolist()
        assert mg.argsort(mg.tensor(a, device=device), descending=descending).tolist() == \
            torch.argsort(torch.tensor(a), descending=descending, stable=True).tolist()


@pytest.mark.parametrize("device", DEVICES)
def test_topk_and_kthvalue_with_duplicates(device):
    """Values agree; among equal values PyTorch does not specify which index it returns
    (its CPU topk gives [2, 4] here), minigrad returns the first ones ([1, 2])."""
    a = np.array([1.0, 3.0, 3.0, 2.0, 3.0, 1.0])
    for kwargs in ({"k": 2}, {"k": 3, "largest": False}, {"k": 4, "sorted": False}):
        t = torch.topk(torch.tensor(a), **kwargs)
        m = mg.topk(mg.tensor(a, device=device), **kwargs)
        np.testing.assert_array_equal(np.sort(to_numpy(m.values)), np.sort(t.values.numpy()))
        np.testing.assert_array_equal(a[m.indices.tolist()], to_numpy(m.values))
    assert mg.topk(mg.tensor(a, device=device), 2).indices.tolist() == [1, 2]
    t, m = torch.kthvalue(torch.tensor(a), 3), mg.kthvalue(mg.tensor(a, device=device), 3)
    assert m.values.item() == t.values.item() and a[m.indices.item()] == m.values.item()


@pytest.mark.parametrize("device", DEVICES)
def test_logic_functions_match_pytorch(device):
    a = np.array([1.0, np.nan, np.inf, -np.inf, 2.0, 0.0])
    b = np.array([1.0 + 1e-7, np.nan, np.inf, np.inf, 2.1, -0.0])
    ta, tb = torch.tensor(a), torch.tensor(b)
    ma, mb = mg.tensor(a, device=device), mg.tensor(b, device=device)
    for name in ["eq", "ne", "lt", "le", "gt", "ge", "isclose", "logical_and", "logical_or",
                 "logical_xor"]:
        assert getattr(mg, name)(ma, mb).tolist() == getattr(torch, name)(ta, tb).tolist(), name
    for name in ["isnan", "isinf", "isfinite", "isposinf", "isneginf", "logical_not", "all", "any"]:
        assert getattr(mg, name)(ma).tolist() == getattr(torch, name)(ta).tolist(), name
    assert ma.isclose(mb, equal_nan=True).tolist() == ta.isclose(tb, equal_nan=True).tolist()
    assert ma.isclose(mb, rtol=0, atol=0.2).tolist() == ta.isclose(tb, rtol=0, atol=0.2).tolist()
    assert mg.allclose(ma[4:], mb[4:], atol=0.2) == torch.allclose(ta[4:], tb[4:], atol=0.2)
    assert mg.equal(ma[4:], ma[4:]) == torch.equal(ta[4:], ta[4:])
    assert mg.all(ma > 0.5, 0).tolist() == torch.all(ta > 0.5, 0).tolist()


@pytest.mark.parametrize("device", DEVICES)
def test_dtypes_match_pytorch(device):
    ints, bools = np.array([3, 2, -1]), np.array([True, False])
    for fn in [lambda m, x: m.square(x), lambda m, x: m.floor(x), lambda m, x: m.round(x),
               lambda m, x: m.reciprocal(x), lambda m, x: m.log2(x.abs()),
               lambda m, x: m.exp2(x), lambda m, x: m.erf(x), lambda m, x: m.trace(m.outer(x, x)),
               lambda m, x: x.masked_fill(x > 0, 1.5), lambda m, x: m.sort(x).values]:
        t = fn(torch, torch.tensor(ints))
        m = fn(mg, mg.tensor(ints, device=device))
        assert str(m.dtype) == str(t.dtype).replace("torch.", ""), t
        np.testing.assert_allclose(to_numpy(m), t.numpy(), rtol=1e-6)
    assert str(mg.square(mg.tensor(bools)).dtype) == \
        str(torch.square(torch.tensor(bools)).dtype).replace("torch.", "")
