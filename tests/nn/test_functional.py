"""F's small tools (pad, one_hot, normalize, cosine_similarity, pairwise_distance) and
the completeness of the F namespace."""
import numpy as np
import pytest
from hypothesis import given, settings

import minigrad as mg
import minigrad.nn.functional as F
from tests.helpers import DEVICES, SETTINGS, arrays, check, leaf, to_numpy

REQUIRED = """relu relu6 elu selu celu leaky_relu prelu rrelu glu gelu logsigmoid hardshrink
tanhshrink softsign softplus softmin softmax softshrink log_softmax tanh sigmoid hardsigmoid
silu mish hardswish hardtanh threshold linear bilinear dropout alpha_dropout batch_norm
layer_norm group_norm instance_norm pad one_hot normalize cosine_similarity pairwise_distance
mse_loss l1_loss huber_loss smooth_l1_loss binary_cross_entropy
binary_cross_entropy_with_logits cross_entropy nll_loss kl_div multi_margin_loss
hinge_embedding_loss soft_margin_loss cosine_embedding_loss gaussian_nll_loss poisson_nll_loss
margin_ranking_loss""".split()


def test_every_required_function_is_in_F():
    missing = [name for name in REQUIRED if not callable(getattr(F, name, None))]
    assert missing == []


@pytest.mark.parametrize("device", DEVICES)
@settings(SETTINGS, max_examples=3)
@given(a=arrays((3, 4), 0.2, 2), b=arrays((3, 4), -2, 2))
def test_vector_tools_gradients(device, a, b):
    x1, x2 = leaf(a, device), leaf(b + 0.1, device)
    check(lambda x: F.normalize(x, dim=1), x1)
    check(lambda x: F.normalize(x, p=3.0, dim=0), x1)
    check(F.cosine_similarity, x1, x2)
    check(lambda u, v: F.pairwise_distance(u, v), x1, x2)
    check(lambda x: F.pad(x, (1, 2), value=0.5), x1)


@pytest.mark.parametrize("device", DEVICES)
def test_one_hot(device):
    out = F.one_hot(mg.tensor([[0, 2], [1, 0]], device=device), 3)
    assert out.dtype == mg.int64 and out.shape == (2, 2, 3)
    assert to_numpy(out)[0, 1].tolist() == [0, 0, 1]
    assert F.one_hot(mg.tensor([0, 4])).shape == (2, 5)
    with pytest.raises(RuntimeError, match="smaller than num_classes"):
        F.one_hot(mg.tensor([3]), 2)


@pytest.mark.filterwarnings("ignore:invalid value")
def test_normalize_zero_vector_is_finite():
    x = mg.zeros(2, 3, requires_grad=True)
    y = F.normalize(x)
    y.sum().backward()
    assert np.all(np.isfinite(to_numpy(x.grad))) and float(y.abs().sum()) == 0
