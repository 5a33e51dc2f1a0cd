"""F's small tools against PyTorch."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")
import torch.nn.functional as TF  # noqa: E402

import minigrad as mg  # noqa: E402
import minigrad.nn.functional as F  # noqa: E402


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
