"""Layers against PyTorch: the same weights give the same outputs, and state dicts move
between the two libraries in both directions."""
from collections import OrderedDict

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import minigrad as mg  # noqa: E402
import minigrad.nn as nn  # noqa: E402


def _to_torch(sd):
    return OrderedDict((k, torch.from_numpy(np.array(v.numpy()))) for k, v in sd.items())


def _to_minigrad(sd):
    return OrderedDict((k, mg.tensor(v.numpy())) for k, v in sd.items())


def _pair():
    ours = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.GELU(), nn.Dropout(0.2),
                         nn.Linear(8, 8), nn.LayerNorm(8), nn.PReLU(), nn.Linear(8, 3))
    theirs = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.BatchNorm1d(8),
                                 torch.nn.GELU(), torch.nn.Dropout(0.2), torch.nn.Linear(8, 8),
                                 torch.nn.LayerNorm(8), torch.nn.PReLU(), torch.nn.Linear(8, 3))
    return ours.double(), theirs.double()


def test_state_dict_keys_order_and_shapes_match_pytorch():
    ours, theirs = _pair()
    assert list(ours.state_dict()) == list(theirs.state_dict())
    for (k, a), b in zip(ours.state_dict().items(), theirs.state_dict().values()):
        assert tuple(a.shape) == tuple(b.shape), k
        assert str(a.dtype) == str(b.dtype).replace("torch.", "minigrad."), k
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    assert repr(ours) == repr(theirs)


def test_minigrad_weights_into_pytorch_and_back_predict_identically():
    ours, theirs = _pair()
    x = np.random.randn(16, 4)
    ours.train()
    for _ in range(3):                       # move the running statistics
        ours(mg.tensor(np.random.randn(16, 4)))
    ours.eval()
    theirs.load_state_dict(_to_torch(ours.state_dict()))
    theirs.eval()
    expected = theirs(torch.tensor(x)).detach().numpy()
    np.testing.assert_allclose(ours(mg.tensor(x)).detach().numpy(), expected, rtol=1e-10,
                               atol=1e-12)
    fresh, _ = _pair()
    fresh.load_state_dict(_to_minigrad(theirs.state_dict()))
    fresh.eval()
    np.testing.assert_allclose(fresh(mg.tensor(x)).detach().numpy(), expected, rtol=1e-10,
                               atol=1e-12)


def test_linear_and_bilinear_match_pytorch_values_and_gradients():
    tl, tb = torch.nn.Linear(3, 2).double(), torch.nn.Bilinear(3, 4, 2).double()
    ol, ob = nn.Linear(3, 2).double(), nn.Bilinear(3, 4, 2).double()
    ol.load_state_dict(_to_minigrad(tl.state_dict()))
    ob.load_state_dict(_to_minigrad(tb.state_dict()))
    x1, x2 = np.random.randn(5, 3), np.random.randn(5, 4)
    (ol(mg.tensor(x1)).sum() + ob(mg.tensor(x1), mg.tensor(x2)).pow(2).sum()).backward()
    (tl(torch.tensor(x1)).sum() + tb(torch.tensor(x1), torch.tensor(x2)).pow(2).sum()).backward()
    for (name, p), q in zip(list(ol.named_parameters()) + list(ob.named_parameters()),
                            list(tl.parameters()) + list(tb.parameters())):
        np.testing.assert_allclose(p.grad.numpy(), q.grad.numpy(), rtol=1e-10, err_msg=name)
    assert repr(ob) == repr(tb)
