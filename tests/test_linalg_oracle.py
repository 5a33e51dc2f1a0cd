"""minigrad.linalg (torch.linalg's inv, solve, det and norms; torch.inverse, torch.det) against
PyTorch in float64, their gradients (gradcheck and gradgradcheck) and errors."""
import numpy as np
import pytest

import minigrad as mg
from tests.helpers import check, leaf

torch = pytest.importorskip("torch")

RNG = np.random.default_rng(0)
A = RNG.normal(size=(3, 3)) + 3 * np.eye(3)
AB = RNG.normal(size=(2, 3, 3)) + 3 * np.eye(3)
B = RNG.normal(size=(3, 2))
b = RNG.normal(size=3)

CASES = {
    "inv": lambda T, L: L.inv(T.tensor(A)),
    "inv batch": lambda T, L: L.inv(T.tensor(AB)),
    "inverse": lambda T, L: T.inverse(T.tensor(A)),
    "solve": lambda T, L: L.solve(T.tensor(A), T.tensor(B)),
    "solve vector": lambda T, L: L.solve(T.tensor(A), T.tensor(b)),
    "solve left=False": lambda T, L: L.solve(T.tensor(A), T.tensor(B.T), left=False),
    "solve broadcast": lambda T, L: L.solve(T.tensor(AB), T.tensor(B)),
    "det": lambda T, L: L.det(T.tensor(A)),
    "det batch": lambda T, L: T.det(T.tensor(AB)),
    "methods": lambda T, L: T.tensor(A).inverse() * T.tensor(A).det(),
    "norm": lambda T, L: L.norm(T.tensor(AB)),
    "norm fro": lambda T, L: L.norm(T.tensor(A), "fro"),
    "norm ord dim": lambda T, L: L.norm(T.tensor(A), ord=3, dim=1, keepdim=True),
    "vector_norm": lambda T, L: L.vector_norm(T.tensor(b), ord=1),
    "matrix_norm": lambda T, L: L.matrix_norm(T.tensor(AB)),
}


@pytest.mark.parametrize("name", CASES)
def test_values_match_pytorch(name):
    ours, theirs = CASES[name](mg, mg.linalg), CASES[name](torch, torch.linalg)
    assert tuple(ours.shape) == tuple(theirs.shape)
    np.testing.assert_allclose(ours.numpy(), theirs.numpy(), rtol=1e-10, atol=1e-12)


def test_gradients():
    check(mg.linalg.inv, leaf(A))
    check(mg.linalg.solve, leaf(AB), leaf(B))
    check(mg.linalg.solve, leaf(A), leaf(b))
    check(mg.linalg.det, leaf(AB))


def test_gradients_match_pytorch():
    grads = []
    for T in (mg, torch):
        a, bb = T.tensor(A, requires_grad=True), T.tensor(B, requires_grad=True)
        loss = (T.linalg.solve(a, bb).sum() + T.linalg.det(a) + T.linalg.inv(a).pow(2).sum()
                + T.linalg.norm(a))
        loss.backward()
        grads.append((a.grad.numpy(), bb.grad.numpy()))
    for ours, theirs in zip(*grads):
        np.testing.assert_allclose(ours, theirs, rtol=1e-10)


def test_least_squares_closed_form():
    X = mg.tensor(np.c_[np.ones(20), np.linspace(0, 1, 20)])
    y = 2 + 3 * X[:, 1]
    w = mg.linalg.solve(X.T @ X, X.T @ y)
    np.testing.assert_allclose(w.numpy(), [2.0, 3.0], rtol=1e-10)
    np.testing.assert_allclose(mg.linalg.inv(X.T @ X) @ X.T @ y, w.numpy(), rtol=1e-8)


@pytest.mark.parametrize("call, error, message", [
    (lambda L, T: L.inv(T.ones(2, 2)), RuntimeError, "singular"),
    (lambda L, T: L.inv(T.ones(2, 3)), RuntimeError, "A must be batches of square matrices, "
                                                     "but they are 2 by 3 matrices"),
    (lambda L, T: L.det(T.ones(2, 2, dtype=T.int64)), RuntimeError,
     "Expected a floating point or complex tensor as input. Got Long"),
    (lambda L, T: L.solve(T.eye(2), T.ones(2, dtype=T.float64)), RuntimeError,
     "Expected A and B to have the same dtype"),
    (lambda L, T: L.norm(T.ones(2, 2, 2), 1), RuntimeError,
     "If dim is not specified but ord is, the input must be 1D or 2D. Got 3D."),
])
def test_errors_as_pytorch(call, error, message):
    for L, T in ((mg.linalg, mg), (torch.linalg, torch)):
        with pytest.raises(error, match=message):
            call(L, T)
