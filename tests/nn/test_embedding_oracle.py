"""nn.Embedding / F.embedding against PyTorch: the default init draws PyTorch's numbers, the
repr is PyTorch's, and forward, gradient (padding_idx, scale_grad_by_freq) and the in-place
max_norm renormalisation agree in float64."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

import minigrad as mg  # noqa: E402
import minigrad.nn as nn  # noqa: E402


def test_default_init_draws_pytorchs_numbers_and_repr():
    mg.manual_seed(3)
    torch.manual_seed(3)
    ours, theirs = nn.Embedding(6, 4, padding_idx=1), torch.nn.Embedding(6, 4, padding_idx=1)
    np.testing.assert_array_equal(ours.weight.detach().numpy(), theirs.weight.detach().numpy())
    for kw in [{}, {"padding_idx": 1, "max_norm": 1.5, "norm_type": 1.0,
                    "scale_grad_by_freq": True}]:
        assert repr(nn.Embedding(6, 4, **kw)) == repr(torch.nn.Embedding(6, 4, **kw))


@pytest.mark.parametrize("kwargs", [{}, {"padding_idx": 0}, {"scale_grad_by_freq": True},
                                    {"max_norm": 1.0}, {"max_norm": 0.5, "norm_type": 1.0},
                                    {"max_norm": 2.0, "padding_idx": 2,
                                     "scale_grad_by_freq": True}])
def test_forward_backward_and_renorm_match(kwargs):
    table = np.random.default_rng(1).normal(size=(5, 3))
    idx = [[0, 2, 2, 3], [4, 0, 2, 2]]
    g = np.random.default_rng(2).normal(size=(2, 4, 3))
    results = []
    for T in (mg, torch):
        w = T.tensor(table.copy(), requires_grad=True)
        out = T.nn.functional.embedding(T.tensor(idx), w, **kwargs)
        out.backward(T.tensor(g))
        results.append((out.detach().numpy(), w.detach().numpy(), w.grad.numpy()))
    for ours, theirs in zip(*results):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-15)
