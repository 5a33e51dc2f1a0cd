"""autograd.functional against torch.autograd.functional."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

import minigrad as mg  # noqa: E402
from tests.helpers import DEVICES, to_numpy  # noqa: E402

pytestmark = pytest.mark.oracle

rng = np.random.default_rng(3)
W = rng.standard_normal((3, 4))
X = rng.standard_normal(4)
V_IN, V_OUT = rng.standard_normal(4), rng.standard_normal(3)


def vec_fn(m):
    w = torch.tensor(W) if m is torch else mg.tensor(W, dtype=mg.float64)
    return lambda x: (w.to(x.device) @ x.sin()).softmax(0) * x[:3].exp()


def scalar_fn(x):
    return (x.tanh() ** 2).sum() * x.norm() + x.logsumexp(0)


def _run(m, name, device):
    AF = m.autograd.functional
    x = torch.tensor(X) if m is torch else mg.tensor(X, dtype=mg.float64, device=device)

    def t(a):
        return torch.tensor(a) if m is torch else mg.tensor(a, dtype=mg.float64, device=device)
    if name == "jacobian":
        return [AF.jacobian(vec_fn(m), x)]
    if name == "hessian":
        return [AF.hessian(scalar_fn, x)]
    if name == "vjp":
        return list(AF.vjp(vec_fn(m), x, t(V_OUT)))
    if name == "jvp":
        return list(AF.jvp(vec_fn(m), x, t(V_IN)))
    if name == "hvp":
        return list(AF.hvp(scalar_fn, x, t(V_IN)))
    if name == "vhp":
        return list(AF.vhp(scalar_fn, x, t(V_IN)))


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("name", ["jacobian", "hessian", "vjp", "jvp", "hvp", "vhp"])
def test_functional_matches_pytorch(name, device):
    want = _run(torch, name, device)
    got = _run(mg, name, device)
    assert len(want) == len(got)
    for w, g in zip(want, got):
        np.testing.assert_allclose(to_numpy(g), w.detach().numpy(), rtol=1e-10, atol=1e-12)
