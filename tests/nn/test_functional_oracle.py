"""F's small tools against PyTorch."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")
import torch.nn.functional as TF  # noqa: E402

import minigrad as mg  # noqa: E402
import minigrad.nn.functional as F  # noqa: E402
from tests.ops.tools import INPLACE_WHERE, assert_inplace_like_torch  # noqa: E402


@pytest.mark.parametrize("name,kwargs", [("normalize", {}), ("normalize", {"p": 1.0, "dim": 0}),
                                         ("pad", {"pad": (1, 2, 0, 1), "value": 0.5})])
def test_unary_tools_match_pytorch(name, kwargs):
    x = np.random.randn(3, 4)
    ours, theirs = mg.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    y, ty = getattr(F, name)(ours, **kwargs), getattr(TF, name)(theirs, **kwargs)
    np.testing.assert_allclose(y.detach().numpy(), ty.detach().numpy(), rtol=1e-10)
    up = np.random.randn(*ty.shape)
    (y * mg.tensor(up)).sum().backward()
    (ty * torch.tensor(up)).sum().backward()
    np.testing.assert_allclose(ours.grad.numpy(), theirs.grad.numpy(), rtol=1e-10)


@pytest.mark.filterwarnings("ignore:invalid value")       # the norm of a zero vector
@pytest.mark.parametrize("name", ["cosine_similarity", "pairwise_distance"])
def test_binary_tools_match_pytorch(name):
    a, b = np.random.randn(5, 3), np.random.randn(5, 3)
    a[0] = 0.0                                   # a zero vector: the eps clamp
    oa, ob = mg.tensor(a, requires_grad=True), mg.tensor(b, requires_grad=True)
    ta, tb = torch.tensor(a, requires_grad=True), torch.tensor(b, requires_grad=True)
    y, ty = getattr(F, name)(oa, ob), getattr(TF, name)(ta, tb)
    np.testing.assert_allclose(y.detach().numpy(), ty.detach().numpy(), rtol=1e-10, atol=1e-14)
    y.sum().backward()
    ty.sum().backward()
    np.testing.assert_allclose(oa.grad.numpy(), ta.grad.numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ob.grad.numpy(), tb.grad.numpy(), rtol=1e-9, atol=1e-12)


def test_one_hot_matches_pytorch():
    t = np.array([[0, 3], [2, 1]])
    np.testing.assert_array_equal(F.one_hot(mg.tensor(t)).numpy(),
                                  TF.one_hot(torch.tensor(t)).numpy())


# -- issue 9: an in-place update between forward and backward --------------------------------

def _f(m):
    return F if m is mg else TF


_rng = np.random.default_rng(9)
_X, _W, _T = _rng.standard_normal((3, 4)), _rng.standard_normal((2, 4)), _rng.standard_normal(4)
INPLACE = {name: (fn, arrays) for name, fn, arrays in [
    ("linear", lambda m, x, w: _f(m).linear(x, w), [_X, _W]),
    ("logsigmoid", lambda m, x: _f(m).logsigmoid(x), [_X]),
    ("silu", lambda m, x: _f(m).silu(x), [_X]),
    ("elu", lambda m, x: _f(m).elu(x), [_X]),
    ("softsign", lambda m, x: _f(m).softsign(x), [_X]),
    ("bce", lambda m, x, t: _f(m).binary_cross_entropy(x.sigmoid(), t.sigmoid().expand(3, 4)),
     [_X, _T]),
    ("cross_entropy", lambda m, x: _f(m).cross_entropy(x, m.tensor([0, 1, 3])), [_X]),
    ("batch_norm", lambda m, x: _f(m).batch_norm(x, None, None, training=True), [_X]),
    ("mse_loss", lambda m, x, t: _f(m).mse_loss(x, t.expand(3, 4)), [_X, _T]),
    # composites here, one node saving its input in PyTorch: an update of the input is
    # allowed, with the gradient of the input as it was (docs/reliability.md)
    ("gelu", lambda m, x: _f(m).gelu(x), [_X]),
    ("leaky_relu", lambda m, x: _f(m).leaky_relu(x), [_X]),
    ("softplus", lambda m, x: _f(m).softplus(x), [_X]),
    ("hardtanh", lambda m, x: _f(m).hardtanh(x), [_X]),
    ("huber_loss", lambda m, x, t: _f(m).huber_loss(x, t.expand(3, 4)), [_X, _T]),
    ("layer_norm", lambda m, x: _f(m).layer_norm(x, (4,)), [_X]),
]}
PERMISSIVE = {"gelu", "leaky_relu", "softplus", "hardtanh", "huber_loss", "layer_norm"}


@pytest.mark.parametrize("where", INPLACE_WHERE)
@pytest.mark.parametrize("name", INPLACE)
def test_inplace_before_backward_refused_where_pytorch_refuses(name, where):
    assert_inplace_like_torch(*INPLACE[name], where, permissive=name in PERMISSIVE)


def test_distance_modules_and_relu_in_place_as_pytorch():
    """nn.CosineSimilarity / nn.PairwiseDistance call F's functions with PyTorch's defaults;
    torch.relu_ / F.relu_ change their argument and return it."""
    results = []
    for m in (mg, torch):
        a = m.tensor([[1.0, 2.0, -1.0], [0.5, 0.0, 3.0]], dtype=m.float64)
        b = m.tensor([[2.0, 1.0, 0.0], [1.0, -1.0, 2.0]], dtype=m.float64)
        out = [m.nn.CosineSimilarity()(a, b), m.nn.CosineSimilarity(dim=0, eps=1e-3)(a, b),
               m.nn.PairwiseDistance()(a, b), m.nn.PairwiseDistance(p=1.0, keepdim=True)(a, b)]
        x, y = a.clone(), a.clone()
        same = m.relu_(x) is x and m.nn.functional.relu_(y) is y
        results.append(([t.tolist() for t in out], x.tolist(), y.tolist(), same,
                        repr(m.nn.CosineSimilarity()), repr(m.nn.PairwiseDistance())))
    np.testing.assert_allclose(np.concatenate([np.ravel(v) for v in results[0][0]]),
                               np.concatenate([np.ravel(v) for v in results[1][0]]), rtol=1e-12)
    assert results[0][1:] == results[1][1:]
