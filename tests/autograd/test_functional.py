"""autograd.functional: jacobian, hessian, hvp, vjp, jvp against analytic results."""
import numpy as np
import pytest

import minigrad as mg
from minigrad.autograd import functional as AF
from tests.helpers import DEVICES, leaf, to_numpy

rng = np.random.default_rng(0)
A = rng.standard_normal((3, 3))
X0 = np.array([0.3, -0.7, 1.1])
V0 = np.array([1.0, 2.0, -0.5])


def const(a, device):
    return mg.tensor(a, dtype=mg.float64, device=device)


def f_vec(device):
    """f(x) = A tanh(x): J = A diag(1 − tanh²x)."""
    a = const(A, device)
    return lambda x: a @ x.tanh()


def f_scalar(x):
    """f(x) = Σ x³ + x₀x₁: ∇f = 3x² + (x₁, x₀, 0), H = diag(6x) + offdiag."""
    return (x ** 3).sum() + x[0] * x[1]


def hess(x):
    h = np.diag(6 * x)
    h[0, 1] = h[1, 0] = 1.0
    return h


@pytest.mark.parametrize("device", DEVICES)
def test_jacobian(device):
    J = AF.jacobian(f_vec(device), leaf(X0, device, requires_grad=False))
    np.testing.assert_allclose(to_numpy(J), A * (1 - np.tanh(X0) ** 2), rtol=1e-12)
    assert not J.requires_grad


@pytest.mark.parametrize("device", DEVICES)
def test_jacobian_of_several_inputs_and_outputs(device):
    x, y = leaf([1.0, 2.0], device), leaf([3.0], device)
    (jxa, jya), (jxb, jyb) = AF.jacobian(lambda x, y: (x * y, x.sum() + y ** 2), (x, y))
    assert to_numpy(jxa).tolist() == [[3.0, 0.0], [0.0, 3.0]]
    assert to_numpy(jya).tolist() == [[1.0], [2.0]]
    assert to_numpy(jxb).tolist() == [[1.0, 1.0]] and jxb.shape == (1, 2)   # out (1,), x (2,)
    assert to_numpy(jyb).tolist() == [[6.0]]


@pytest.mark.parametrize("device", DEVICES)
def test_hessian(device):
    H = AF.hessian(f_scalar, leaf(X0, device))
    np.testing.assert_allclose(to_numpy(H), hess(X0), rtol=1e-12)


@pytest.mark.parametrize("device", DEVICES)
def test_hvp(device):
    out, hv = AF.hvp(f_scalar, leaf(X0, device), const(V0, device))
    np.testing.assert_allclose(to_numpy(out), (X0 ** 3).sum() + X0[0] * X0[1])
    np.testing.assert_allclose(to_numpy(hv), hess(X0) @ V0, rtol=1e-12)


@pytest.mark.parametrize("device", DEVICES)
def test_vjp(device):
    u = np.array([0.5, -1.0, 2.0])
    out, g = AF.vjp(f_vec(device), leaf(X0, device), const(u, device))
    np.testing.assert_allclose(to_numpy(out), A @ np.tanh(X0))
    np.testing.assert_allclose(to_numpy(g), u @ (A * (1 - np.tanh(X0) ** 2)), rtol=1e-12)


@pytest.mark.parametrize("device", DEVICES)
def test_jvp(device):
    out, jv = AF.jvp(f_vec(device), leaf(X0, device), const(V0, device))
    np.testing.assert_allclose(to_numpy(jv), (A * (1 - np.tanh(X0) ** 2)) @ V0, rtol=1e-12)


@pytest.mark.parametrize("device", DEVICES)
def test_create_graph_keeps_results_differentiable(device):
    x = leaf(X0, device)
    _, hv = AF.hvp(f_scalar, x, const(V0, device), create_graph=True)
    assert hv.requires_grad
    (g,) = mg.autograd.grad(hv.sum(), x)                 # d/dx Σ (H v) = 6 v
    np.testing.assert_allclose(to_numpy(g), 6 * V0, rtol=1e-12)
