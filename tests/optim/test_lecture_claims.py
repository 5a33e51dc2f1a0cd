"""The lectures' claims about optimizers, as executable checks."""
import math

import numpy as np
import pytest

import minigrad as mg
from minigrad import optim
from tests.helpers import DEVICES, to_numpy


def _quadratic(eigenvalues, device="cpu"):
    h = mg.tensor(np.asarray(eigenvalues, dtype=np.float64), device=device)
    return lambda w: 0.5 * (h * w * w).sum()


def _run(make, loss, w0, steps, device="cpu", schedule=None):
    w = mg.tensor(np.asarray(w0, dtype=np.float64), device=device, requires_grad=True)
    opt = make([w])
    path = [to_numpy(w).copy()]
    for k in range(steps):
        if schedule is not None:
            opt.param_groups[0]["lr"] = schedule(k)
        opt.zero_grad()
        loss(w).backward()
        opt.step()
        path.append(to_numpy(w).copy())
    return np.array(path)


def _rate(path):
    """Average contraction per step of ‖w_k‖ (the minimiser is 0), after a burn-in."""
    norms = np.linalg.norm(path[len(path) // 3:], axis=1)
    return (norms[-1] / norms[0]) ** (1 / (len(norms) - 1))


@pytest.mark.parametrize("device", DEVICES)
def test_heavy_ball_rate_is_one_minus_one_over_sqrt_kappa(device):
    """κ = 100: GD (η = 1/L) contracts like 1 − 1/κ = 0.99 per step; heavy ball with the
    optimal η = 4/(√L + √μ)², γ = ((√κ − 1)/(√κ + 1))² like (√κ − 1)/(√κ + 1) ≈ 1 − 2/√κ."""
    mu, L = 1.0, 100.0
    kappa = L / mu
    loss = _quadratic([mu, L], device)
    w0 = [1.0, 1.0]
    gd = _rate(_run(lambda p: optim.SGD(p, lr=1 / L), loss, w0, 300, device))
    lr = 4 / (math.sqrt(L) + math.sqrt(mu)) ** 2
    gamma = ((math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1)) ** 2
    hb = _rate(_run(lambda p: optim.HeavyBall(p, lr=lr, momentum=gamma), loss, w0, 300, device))
    assert gd == pytest.approx(1 - 1 / kappa, abs=1e-3)
    assert hb < 1 - 1 / math.sqrt(kappa)                   # at least as fast as 1 − 1/√κ
    assert hb == pytest.approx(math.sqrt(gamma), abs=0.02)  # and about (√κ−1)/(√κ+1)
    assert math.log(hb) / math.log(gd) > 15                 # ~ 2√κ / 1 times fewer steps


@pytest.mark.parametrize("device", DEVICES)
def test_nesterov_agd_beats_gradient_descent_on_smooth_convex(device):
    """O(1/t²) vs O(1/t): on an ill-conditioned convex quadratic (L = 1), after 100 steps."""
    eig = np.logspace(-4, 0, 20)
    loss = _quadratic(eig, device)
    w0 = np.ones(20)
    gd = _run(lambda p: optim.SGD(p, lr=1.0), loss, w0, 100, device)[-1]
    agd = _run(lambda p: optim.NesterovAGD(p, lr=1.0), loss, w0, 100, device)[-1]
    f = lambda w: 0.5 * np.sum(eig * w * w)  # noqa: E731
    assert f(agd) < 0.2 * f(gd)
    assert f(agd) <= 2 * 1.0 * np.sum(w0 ** 2) / 100 ** 2 * 1.01 + 1e-12   # Bubeck's bound


def test_heavy_ball_and_sgd_momentum_differ_once_the_lr_changes():
    """Polyak's v ← γv − ηg only scales the new gradient by a new η; SGD's buffer is
    rescaled as a whole. Identical under a constant lr, different after a change."""
    from tests.optim.problems import f
    constant = lambda k: 0.1  # noqa: E731
    halved = lambda k: 0.1 if k < 2 else 0.05  # noqa: E731
    for schedule, same in [(constant, True), (halved, False)]:
        sgd = _run(lambda p: optim.SGD(p, lr=0.1, momentum=0.9), f, [1.0, -2.0], 4,
                   schedule=schedule)
        hb = _run(lambda p: optim.HeavyBall(p, lr=0.1, momentum=0.9), f, [1.0, -2.0], 4,
                  schedule=schedule)
        assert np.allclose(sgd, hb, rtol=1e-12, atol=1e-12) == same
    # the Polyak form, written out independently
    w, v = np.array([1.0, -2.0]), np.zeros(2)
    for k in range(4):
        v = 0.9 * v - halved(k) * np.array([1.0, 10.0]) * w
        w = w + v
    np.testing.assert_allclose(hb[-1], w, rtol=1e-12)


@pytest.mark.parametrize("device", DEVICES)
def test_adagrad_effective_step_shrinks_monotonically(device):
    rng = np.random.default_rng(1)
    w = mg.tensor(rng.standard_normal(5), device=device, requires_grad=True)
    opt = optim.Adagrad([w], lr=0.5)
    steps = []
    for _ in range(30):
        w.grad = mg.tensor(rng.standard_normal(5) * rng.uniform(0.1, 10), device=device)
        opt.step()
        G = mg.backend.to_numpy(opt.state[w]["sum"])
        steps.append(0.5 / (np.sqrt(G) + 1e-10))
    steps = np.array(steps)
    assert np.all(np.diff(steps, axis=0) <= 0)
    assert np.all(steps[-1] < steps[0])


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("scale", [1e-4, 1.0, 1e4])
def test_adam_bias_correction_makes_the_first_step_lr_sized(scale, device):
    """m̂₁ = g, v̂₁ = g²: the first step is η·sign(g) whatever the gradient's size.
    Without the correction it would be η(1 − β₁)/√(1 − β₂) ≈ 3.16η."""
    g = np.array([1.0, -3.0, 0.5]) * scale
    w = mg.tensor(np.zeros(3), device=device, requires_grad=True)
    opt = optim.Adam([w], lr=0.01)
    w.grad = mg.tensor(g, device=device)
    opt.step()
    np.testing.assert_allclose(to_numpy(w), -0.01 * np.sign(g), rtol=1e-6 / scale + 1e-12)


def test_adamw_decay_differs_from_adam_l2_as_the_lecture_says():
    """L2 in Adam goes through g and is divided by √v̂: where the loss gradient is zero,
    Adam + L2 takes a full η·sign(θ) step, AdamW shrinks θ by exactly (1 − ηλ) per step.
    On the reference quadratic Adam + L2 is almost plain Adam (normalisation cancels λ)."""
    from tests.optim.problems import iterates
    plain = iterates(lambda p: optim.Adam(p, lr=0.1))
    l2 = iterates(lambda p: optim.Adam(p, lr=0.1, weight_decay=0.01))
    decoupled = iterates(lambda p: optim.AdamW(p, lr=0.1, weight_decay=0.01))
    np.testing.assert_allclose(l2, plain, rtol=1e-9)
    assert np.all(np.abs(decoupled - plain) > 1e-4)
    for make, expected, tol in [
            (lambda p: optim.Adam(p, lr=0.1, weight_decay=0.01), 3.0 - 0.1 * 3, 1e-3),
            (lambda p: optim.AdamW(p, lr=0.1, weight_decay=0.01), 3.0 * (1 - 0.1 * 0.01) ** 3,
             1e-12)]:
        w = mg.tensor([3.0], dtype=mg.float64, requires_grad=True)
        opt = make([w])
        for _ in range(3):
            w.grad = mg.zeros(1, dtype=mg.float64)          # no loss gradient at all
            opt.step()
        assert w.item() == pytest.approx(expected, rel=tol)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("adaptive", [False, True])
def test_sam_perturbation_has_norm_rho_and_update_uses_perturbed_gradient(adaptive, device):
    rng = np.random.default_rng(2)
    starts = [rng.standard_normal(3), rng.standard_normal((2, 2))]
    params = [mg.tensor(a, device=device, requires_grad=True) for a in starts]

    def loss():
        return sum(((p ** 2) * (p + 2)).sum() for p in params)

    def grads_at(arrays):
        return [3 * a ** 2 + 4 * a for a in arrays]

    opt = optim.SAM(params, optim.SGD, rho=0.1, adaptive=adaptive, lr=0.05)
    loss().backward()
    opt.first_step(zero_grad=True)
    moved = [to_numpy(p) - a for p, a in zip(params, starts)]
    scaled = [m / np.abs(a) if adaptive else m for m, a in zip(moved, starts)]
    assert math.sqrt(sum(np.sum(s ** 2) for s in scaled)) == pytest.approx(0.1, rel=1e-9)
    perturbed = [to_numpy(p).copy() for p in params]
    loss().backward()
    opt.second_step(zero_grad=True)
    for p, a, g in zip(params, starts, grads_at(perturbed)):
        np.testing.assert_allclose(to_numpy(p), a - 0.05 * g, rtol=1e-12)
