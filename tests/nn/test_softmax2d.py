"""nn.Softmax2d: softmax over the channel dimension, against PyTorch and finite differences."""
import numpy as np
import pytest

import minigrad as mg
import minigrad.nn as nn
from minigrad.autograd import gradcheck


@pytest.mark.parametrize("shape", [(3, 4, 5), (2, 3, 4, 5)])
def test_softmax2d_matches_pytorch(shape):
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).standard_normal(shape) * 5
    g = np.random.default_rng(1).standard_normal(shape)
    ours = mg.tensor(x, requires_grad=True)
    theirs = torch.tensor(x, requires_grad=True)
    y, y_t = nn.Softmax2d()(ours), torch.nn.Softmax2d()(theirs)
    np.testing.assert_allclose(y.detach().numpy(), y_t.detach().numpy(), rtol=1e-12, atol=1e-15)
    y.backward(mg.tensor(g))
    y_t.backward(torch.tensor(g))
    np.testing.assert_allclose(ours.grad.numpy(), theirs.grad.numpy(), rtol=1e-10, atol=1e-14)


def test_softmax2d_sums_to_one_over_channels_and_gradchecks():
    x = mg.tensor(np.random.default_rng(2).standard_normal((2, 3, 2, 2)), requires_grad=True)
    np.testing.assert_allclose(nn.Softmax2d()(x).sum(1).detach().numpy(), np.ones((2, 2, 2)))
    assert gradcheck(nn.Softmax2d(), [x])


@pytest.mark.parametrize("shape", [(4,), (3, 4)])
def test_softmax2d_rejects_other_ranks_naming_the_shape(shape):
    with pytest.raises(ValueError, match=r"Softmax2d.*3-D.*4-D"):
        nn.Softmax2d()(mg.zeros(*shape))
