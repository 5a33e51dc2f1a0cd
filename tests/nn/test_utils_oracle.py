"""nn.utils against PyTorch: gradient clipping and parameter vectors."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

import minigrad as mg  # noqa: E402
import minigrad.nn as nn  # noqa: E402


@pytest.mark.parametrize("norm_type", [2.0, 1.0, float("inf"), 3.0])
@pytest.mark.parametrize("max_norm", [0.5, 100.0])
def test_clip_grad_norm_matches_pytorch(norm_type, max_norm):
    grads = [np.random.randn(3, 2), np.random.randn(4)]
    ours = [nn.Parameter(mg.zeros(*g.shape, dtype=mg.float64)) for g in grads]
    theirs = [torch.nn.Parameter(torch.zeros(*g.shape, dtype=torch.float64)) for g in grads]
    for p, q, g in zip(ours, theirs, grads):
        p.grad, q.grad = mg.tensor(g), torch.tensor(g)
    a = nn.utils.clip_grad_norm_(ours, max_norm, norm_type)
    b = torch.nn.utils.clip_grad_norm_(theirs, max_norm, norm_type)
    assert np.isclose(float(a), float(b), rtol=1e-12)
    for p, q in zip(ours, theirs):
        np.testing.assert_allclose(p.grad.numpy(), q.grad.numpy(), rtol=1e-12)


def test_clip_grad_value_and_vectors_match_pytorch():
    g = np.random.randn(5) * 3
    p, q = nn.Parameter(mg.zeros(5, dtype=mg.float64)), torch.nn.Parameter(torch.zeros(5).double())
    p.grad, q.grad = mg.tensor(g), torch.tensor(g)
    nn.utils.clip_grad_value_([p], 1.2)
    torch.nn.utils.clip_grad_value_([q], 1.2)
    np.testing.assert_array_equal(p.grad.numpy(), q.grad.numpy())
    ours, theirs = nn.Linear(3, 2).double(), torch.nn.Linear(3, 2).double()
    ours.load_state_dict({k: mg.tensor(v.numpy()) for k, v in theirs.state_dict().items()})
    np.testing.assert_array_equal(nn.utils.parameters_to_vector(ours.parameters()).detach().numpy(),
                                  torch.nn.utils.parameters_to_vector(theirs.parameters())
                                  .detach().numpy())
