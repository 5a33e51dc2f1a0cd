"""Normalization against PyTorch: outputs, gradients, running statistics, weight norm."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

import minigrad as mg  # noqa: E402
import minigrad.nn as nn  # noqa: E402


def _copy(ours, theirs):
    ours.load_state_dict({k: mg.tensor(v.detach().numpy()) for k, v in
                          theirs.state_dict().items()})


def _compare(ours, theirs, shape, steps=3):
    for step in range(steps):
        x = np.random.randn(*shape) * (1 + step) + step
        mx, tx = mg.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
        y, ty = ours(mx), theirs(tx)
        up = np.random.randn(*ty.shape)
        (y * mg.tensor(up)).sum().backward()
        (ty * torch.tensor(up)).sum().backward()
        np.testing.assert_allclose(y.detach().numpy(), ty.detach().numpy(), rtol=1e-9,
                                   atol=1e-10)
        np.testing.assert_allclose(mx.grad.numpy(), tx.grad.numpy(), rtol=1e-8, atol=1e-10)
    for (name, a), b in zip(ours.state_dict().items(), theirs.state_dict().values()):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-10, atol=1e-12, err_msg=name)
    for (name, p), q in zip(ours.named_parameters(), theirs.parameters()):
        np.testing.assert_allclose(p.grad.numpy(), q.grad.numpy(), rtol=1e-8, atol=1e-10,
                                   err_msg=name)


@pytest.mark.parametrize("cls,shape", [("BatchNorm1d", (6, 3)), ("BatchNorm1d", (4, 3, 5)),
                                       ("BatchNorm2d", (3, 3, 2, 2))])
@pytest.mark.parametrize("kwargs", [{}, {"momentum": None}, {"momentum": 0.5, "eps": 1e-3},
                                    {"affine": False}, {"track_running_stats": False},
                                    {"bias": False}])
@pytest.mark.parametrize("training", [True, False])
def test_batch_norm_matches_pytorch(cls, shape, kwargs, training):
    theirs = getattr(torch.nn, cls)(3, **kwargs).double()
    ours = getattr(nn, cls)(3, **kwargs).double()
    if theirs.weight is not None:
        with torch.no_grad():
            theirs.weight.uniform_(0.5, 1.5)
    if theirs.running_mean is not None:
        theirs(torch.randn(*shape, dtype=torch.float64))      # non-trivial running stats
    _copy(ours, theirs)
    ours.train(training)
    theirs.train(training)
    _compare(ours, theirs, shape)
    assert repr(ours) == repr(theirs)


@pytest.mark.parametrize("make,shape", [
    (lambda lib: lib.LayerNorm(4), (3, 4)),
    (lambda lib: lib.LayerNorm((2, 3), eps=1e-3), (2, 2, 3)),
    (lambda lib: lib.LayerNorm(4, bias=False), (3, 4)),
    (lambda lib: lib.GroupNorm(2, 4), (3, 4, 2)),
    (lambda lib: lib.GroupNorm(1, 4, affine=False), (3, 4)),
    (lambda lib: lib.InstanceNorm1d(3), (2, 3, 5)),
    (lambda lib: lib.InstanceNorm1d(3, affine=True, track_running_stats=True), (2, 3, 5)),
])
@pytest.mark.parametrize("training", [True, False])
def test_other_norms_match_pytorch(make, shape, training):
    theirs, ours = make(torch.nn).double(), make(nn).double()
    if getattr(theirs, "weight", None) is not None:
        with torch.no_grad():
            theirs.weight.uniform_(0.5, 1.5)
            if theirs.bias is not None:
                theirs.bias.uniform_(-1, 1)
    _copy(ours, theirs)
    ours.train(training)
    theirs.train(training)
    if not list(theirs.parameters()):
        x = np.random.randn(*shape)
        np.testing.assert_allclose(ours(mg.tensor(x)).numpy(), theirs(torch.tensor(x)).numpy(),
                                   rtol=1e-9, atol=1e-10)
        return
    _compare(ours, theirs, shape)
    assert repr(ours) == repr(theirs)


@pytest.mark.filterwarnings("ignore::FutureWarning")
def test_weight_norm_matches_pytorch():
    theirs = torch.nn.utils.weight_norm(torch.nn.Linear(3, 4).double())
    ours = nn.utils.weight_norm(nn.Linear(3, 4).double())
    assert list(ours.state_dict()) == list(theirs.state_dict())
    _copy(ours, theirs)
    _compare(ours, theirs, (5, 3), steps=1)
