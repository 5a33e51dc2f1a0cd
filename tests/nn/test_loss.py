"""Losses: finite differences on both devices, stability at extreme logits, clear errors."""
import numpy as np
import pytest
from hypothesis import given, settings

import minigrad as mg
import minigrad.nn as nn
import minigrad.nn.functional as F
from tests.helpers import DEVICES, SETTINGS, arrays, check, leaf, to_numpy


def _const(array, device, dtype=None):
    return mg.tensor(np.asarray(array), dtype=dtype, device=device)


SMOOTH = {
    "mse": lambda x, y, d: F.mse_loss(x, y),
    "bce_logits": lambda x, y, d: F.binary_cross_entropy_with_logits(
        x, (y > 0).to(mg.float64), pos_weight=_const([2.0, 0.5, 1.0], d, mg.float64)),
    "soft_margin": lambda x, y, d: F.soft_margin_loss(x, y.sign()),
    "kl_div": lambda x, y, d: F.kl_div(F.log_softmax(x, 1), F.softmax(y, 1), reduction="batchmean"),
    "kl_div_log_target": lambda x, y, d: F.kl_div(F.log_softmax(x, 1), F.log_softmax(y, 1),
                                                  reduction="sum", log_target=True),
    "poisson": lambda x, y, d: F.poisson_nll_loss(x, y.abs() + 1.1, full=True),
    "gaussian": lambda x, y, d: F.gaussian_nll_loss(x, y, x * x + 0.5),
    "cross_entropy": lambda x, y, d: F.cross_entropy(x, _const([0, 2, 1], d), label_smoothing=0.1,
                                                     weight=_const([1.0, 2.0, 0.5], d, mg.float64)),
    "cross_entropy_probs": lambda x, y, d: F.cross_entropy(x, F.softmax(y, 1)),
    "nll": lambda x, y, d: F.nll_loss(F.log_softmax(x, 1), _const([0, 2, 1], d)),
    "cosine_embedding": lambda x, y, d: F.cosine_embedding_loss(x, y, _const([1.0, -1.0, 1.0], d,
                                                                             mg.float64)),
}
PIECEWISE = {
    "l1": lambda x, y, d: F.l1_loss(x, y),
    "huber": lambda x, y, d: F.huber_loss(x, y, delta=0.5),
    "smooth_l1": lambda x, y, d: F.smooth_l1_loss(x, y, beta=0.5),
    "hinge_embedding": lambda x, y, d: F.hinge_embedding_loss(x, y.sign()),
    "multi_margin": lambda x, y, d: F.multi_margin_loss(x, _const([0, 2, 1], d), p=2),
    "bce": lambda x, y, d: F.binary_cross_entropy(x.sigmoid(), y.sigmoid()),
    "margin_ranking": lambda x, y, d: F.margin_ranking_loss(x, y, _const(np.ones((3, 3)), d,
                                                                         mg.float64), 0.3),
}


def _off_kinks(a, b):
    """Nudge x so that no |x − y|, x − y ± δ or margin sits on a kink."""
    d = a - b
    a = np.where(np.abs(a - 1) < 1e-3, a + 0.01, a)          # hinge_embedding's margin 1
    return np.where(np.abs(np.abs(d) - 0.5) < 1e-3, a + 0.01, a)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("name", sorted(SMOOTH) + sorted(PIECEWISE))
@settings(SETTINGS, max_examples=3)
@given(a=arrays((3, 3), -2, 2), b=arrays((3, 3), -2, 2))
def test_loss_gradients(device, name, a, b):
    b = np.where(np.abs(b) < 1e-2, 0.5, b)
    fn = SMOOTH.get(name) or PIECEWISE[name]
    x, y = leaf(_off_kinks(a, b), device), leaf(b, device)
    if name in ("multi_margin", "hinge_embedding"):
        check(lambda x: fn(x, y, device), x, second_order=False)
    else:
        check(lambda x, y: fn(x, y, device), x, y, second_order=name in SMOOTH)


@pytest.mark.parametrize("device", DEVICES)
def test_extreme_logits_give_finite_values_and_gradients(device):
    x = leaf([[-1000.0, 1000.0, 0.0], [1000.0, -1000.0, 999.0]], device)
    y01 = _const([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]], device, mg.float64)
    losses = [F.binary_cross_entropy_with_logits(x, y01),
              F.binary_cross_entropy_with_logits(x, y01, pos_weight=_const([3.0, 1, 1], device,
                                                                          mg.float64)),
              F.soft_margin_loss(x, y01 * 2 - 1),
              F.cross_entropy(x, _const([0, 1], device)),
              F.cross_entropy(x, _const([2, 0], device), label_smoothing=0.1),
              F.cross_entropy(x, F.softmax(x.detach(), 1)),
              F.multi_margin_loss(x, _const([0, 1], device)),
              F.poisson_nll_loss(-x.abs(), y01),
              F.binary_cross_entropy(F.sigmoid(x), y01),
              F.kl_div(F.log_softmax(x, 1), F.softmax(x.detach().flip(1), 1),
                       reduction="batchmean")]
    for i, loss in enumerate(losses):
        x.grad = None
        loss.backward()
        assert np.isfinite(float(loss)), i
        assert np.all(np.isfinite(to_numpy(x.grad))), i
    assert abs(float(F.binary_cross_entropy_with_logits(
        leaf([-1000.0]), mg.tensor([1.0], dtype=mg.float64))) - 1000) < 1e-9


def test_reduction_none_sum_mean_and_invalid():
    x, y = mg.randn(4, 3), mg.randn(4, 3)
    none = F.mse_loss(x, y, reduction="none")
    assert none.shape == (4, 3)
    assert np.isclose(float(F.mse_loss(x, y, reduction="sum")), float(none.sum()))
    assert np.isclose(float(nn.MSELoss()(x, y)), float(none.mean()))
    with pytest.raises(ValueError, match="bogus is not a valid value for reduction"):
        F.l1_loss(x, y, reduction="bogus")


def test_errors_name_the_shapes():
    with pytest.raises(ValueError, match=r"\[3, 4\].*target of shape \[3\].*\[2\]"):
        F.cross_entropy(mg.randn(3, 4), mg.tensor([0, 1]))
    with pytest.raises(ValueError, match=r"Target size \(\[3, 1\]\).*input size \(\[3\]\)"):
        F.binary_cross_entropy_with_logits(mg.randn(3), mg.zeros(3, 1))
    with pytest.raises(ValueError, match=r"\[3\].*\[3, 2\]"):
        F.binary_cross_entropy(mg.rand(3, 2), mg.rand(3))
    with pytest.raises(RuntimeError, match=r"\[4, 3\].*\[2, 5\]"):   # PyTorch's type
        F.mse_loss(mg.randn(4, 3), mg.randn(2, 5))
    with pytest.raises(IndexError, match="Target 7 is out of bounds"):
        F.nll_loss(mg.randn(2, 3), mg.tensor([0, 7]))
    with pytest.raises(RuntimeError, match="between 0 and 1"):
        F.binary_cross_entropy(mg.tensor([1.5]), mg.tensor([1.0]))
    with pytest.raises(ValueError, match="var is of incorrect size"):
        F.gaussian_nll_loss(mg.randn(3, 2), mg.randn(3, 2), mg.ones(2, 3))
    with pytest.warns(UserWarning, match="different to the input size"):
        F.mse_loss(mg.randn(3, 1), mg.randn(3))


def test_ignore_index_and_weighted_mean():
    x = mg.tensor(np.log([[0.5, 0.5], [0.1, 0.9], [0.2, 0.8]]))
    t = mg.tensor([0, 1, -100])
    w = mg.tensor([1.0, 3.0])
    expected = -(1 * np.log(0.5) + 3 * np.log(0.9)) / 4
    assert np.isclose(float(F.nll_loss(x, t, weight=w)), expected)


def test_multi_margin_is_the_cs231n_svm_loss():
    scores = mg.tensor([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]])
    labels = mg.tensor([0, 1, 2])
    # CS231n's example: losses 2.9, 0, 12.9 (summed over classes, here divided by C = 3)
    assert np.isclose(float(F.multi_margin_loss(scores, labels, reduction="sum")) * 3,
                      2.9 + 0 + 12.9, atol=1e-5)
