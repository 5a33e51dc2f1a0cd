"""Dropout against PyTorch with the same mask: the mask is read off PyTorch's output and
given to minigrad, so the formulas (scaling, alpha-dropout's affine map) are compared."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")
import torch.nn.functional as TF  # noqa: E402

import minigrad as mg  # noqa: E402
import minigrad.nn.functional as F  # noqa: E402
from minigrad.nn.functional import regularization as dropout_module  # noqa: E402


def _run_with_mask(monkeypatch, fn, x, mask):
    monkeypatch.setattr(dropout_module, "_keep_mask", lambda input, p: mg.tensor(mask))
    ours = mg.tensor(x, requires_grad=True)
    y = fn(ours)
    y.sum().backward()
    return y.detach().numpy(), ours.grad.numpy()


@pytest.mark.parametrize("p", [0.2, 0.6])
def test_dropout_matches_pytorch_given_the_same_mask(monkeypatch, p):
    x = np.random.rand(50) + 0.5                        # never 0: the mask is visible
    tx = torch.tensor(x, requires_grad=True)
    ty = TF.dropout(tx, p)
    ty.sum().backward()
    mask = (ty.detach().numpy() != 0).astype(np.float64)
    y, g = _run_with_mask(monkeypatch, lambda t: F.dropout(t, p), x, mask)
    np.testing.assert_allclose(y, ty.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(g, tx.grad.numpy(), rtol=1e-12)


@pytest.mark.parametrize("p", [0.2, 0.6])
def test_alpha_dropout_matches_pytorch_given_the_same_mask(monkeypatch, p):
    x = np.random.rand(50) + 0.5
    tx = torch.tensor(x, requires_grad=True)
    ty = TF.alpha_dropout(tx, p, training=True)
    ty.sum().backward()
    dropped_value = np.min(ty.detach().numpy())         # every dropped unit takes this value
    mask = (ty.detach().numpy() != dropped_value).astype(np.float64)
    y, g = _run_with_mask(monkeypatch, lambda t: F.alpha_dropout(t, p, training=True), x, mask)
    np.testing.assert_allclose(y, ty.detach().numpy(), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(g, tx.grad.numpy(), rtol=1e-12)
