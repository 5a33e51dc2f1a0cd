"""The lecture variants added for the lectures' experiments: Adam without bias correction,
AdaGrad / RMSProp with ε inside the root, SGDW, ProximalSGD — each against its formula
written out in NumPy, plus the property the lecture states for it."""
import numpy as np
import pytest

import minigrad as mg
from minigrad import optim
from tests.helpers import DEVICES, to_numpy
from tests.optim.test_formulas import run_formula, run_minigrad, zeros


def adam_no_bias_correction(lr, b1=0.9, b2=0.999, eps=1e-8):
    """CS231n's "incomplete, but close" Adam: x -= lr * m / (sqrt(v) + eps)."""
    def step(w, g, s, t):
        s["m"] = b1 * s["m"] + (1 - b1) * g
        s["v"] = b2 * s["v"] + (1 - b2) * g * g
        return w - lr * s["m"] / (np.sqrt(s["v"]) + eps)
    return step, zeros("m", "v")


def adagrad_inside(lr, eps):
    """CPEN 455: W ← W − η g / √(ε + G),  G ← G + g²."""
    def step(w, g, s, t):
        s["G"] = s["G"] + g * g
        return w - lr * g / np.sqrt(eps + s["G"])
    return step, zeros("G")


def rmsprop_inside(lr, rho, eps, centered=False):
    """CPEN 455 / ST449: G ← ρG + (1 − ρ)g²,  W ← W − η g / √(ε + G)."""
    def step(w, g, s, t):
        s["G"] = rho * s["G"] + (1 - rho) * g * g
        s["gbar"] = rho * s["gbar"] + (1 - rho) * g
        return w - lr * g / np.sqrt(eps + s["G"] - (s["gbar"] ** 2 if centered else 0))
    return step, zeros("G", "gbar")


def sgdw(lr, mu, wd):
    """Loshchilov & Hutter Alg. 1 in PyTorch's lr convention: θ ← θ(1 − ηλ) − η b."""
    def step(w, g, s, t):
        s["b"] = g.copy() if t == 1 else mu * s["b"] + g
        return w * (1 - lr * wd) - lr * s["b"]
    return step, zeros("b")


def proximal_sgd(lr, l1):
    """ISTA: θ ← S_{ηλ}(θ − η∇L),  S_τ(x) = sign(x) max(|x| − τ, 0)."""
    def step(w, g, s, t):
        w = w - lr * g
        return np.sign(w) * np.maximum(np.abs(w) - lr * l1, 0)
    return step, zeros()


CASES = {
    "Adam without bias correction": (
        lambda p: optim.Adam(p, lr=0.1, bias_correction=False), adam_no_bias_correction(0.1)),
    "Adagrad eps inside sqrt": (
        lambda p: optim.Adagrad(p, lr=0.1, eps=1e-2, eps_inside_sqrt=True),
        adagrad_inside(0.1, 1e-2)),
    "RMSprop eps inside sqrt": (
        lambda p: optim.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-2, eps_inside_sqrt=True),
        rmsprop_inside(0.01, 0.9, 1e-2)),
    "RMSprop centered eps inside sqrt": (
        lambda p: optim.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-2, centered=True,
                                eps_inside_sqrt=True),
        rmsprop_inside(0.01, 0.9, 1e-2, centered=True)),
    "SGDW": (lambda p: optim.SGDW(p, lr=0.05, momentum=0.8, weight_decay=0.3),
             sgdw(0.05, 0.8, 0.3)),
    "ProximalSGD": (lambda p: optim.ProximalSGD(p, lr=0.05, l1=2.0), proximal_sgd(0.05, 2.0)),
}


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("name", list(CASES))
def test_matches_the_formula(name, device):
    make, (step, init) = CASES[name]
    for ours, expected in zip(run_minigrad(make, device), run_formula(step, init)):
        for a, b in zip(ours, expected):
            np.testing.assert_allclose(a, b, rtol=1e-11, atol=1e-13)


def first_step(opt_class, **kwargs):
    w = mg.tensor([1.0, -2.0, 3.0], dtype=mg.float64, requires_grad=True)
    opt = opt_class([w], **kwargs)
    w.grad = mg.tensor([0.5, -40.0, 1e-3], dtype=mg.float64)
    opt.step()
    return to_numpy(w) - np.array([1.0, -2.0, 3.0])


def test_adam_first_step_without_bias_correction_is_3_16_lr():
    """(1 − β₁)/√(1 − β₂) = 0.1/√0.001 ≈ 3.162 times η·sign(g), vs exactly η·sign(g)."""
    with_bc = first_step(optim.Adam, lr=0.01, eps=0.0)
    without = first_step(optim.Adam, lr=0.01, eps=0.0, bias_correction=False)
    np.testing.assert_allclose(with_bc, -0.01 * np.sign([0.5, -40.0, 1e-3]), rtol=1e-12)
    np.testing.assert_allclose(without, with_bc * 0.1 / np.sqrt(0.001), rtol=1e-12)


def test_bias_correction_option_is_saved_with_the_param_group():
    w = mg.zeros(2, requires_grad=True)
    opt = optim.Adam([w], bias_correction=False)
    assert opt.state_dict()["param_groups"][0]["bias_correction"] is False


def test_eps_inside_sqrt_makes_the_first_adagrad_step_smaller_for_tiny_gradients():
    """√(G + ε) ≥ √G: with ε inside, a gradient far below √ε takes a step ≈ ηg/√ε, not η."""
    outside = first_step(optim.Adagrad, lr=0.1, eps=1e-4)
    inside = first_step(optim.Adagrad, lr=0.1, eps=1e-4, eps_inside_sqrt=True)
    assert abs(outside[2]) > 0.09 and abs(inside[2]) < 0.011          # the 1e-3 gradient
    np.testing.assert_allclose(inside[1], outside[1], rtol=1e-5)      # large g: the same


def test_sgdw_equals_sgd_l2_without_momentum_but_not_with_it():
    def run(make):
        w = mg.tensor([1.0, -2.0], dtype=mg.float64, requires_grad=True)
        opt = make([w])
        for _ in range(5):
            w.grad = w.detach() * mg.tensor([1.0, 10.0], dtype=mg.float64)
            opt.step()
        return to_numpy(w)
    np.testing.assert_allclose(run(lambda p: optim.SGDW(p, lr=0.05, weight_decay=0.5)),
                               run(lambda p: optim.SGD(p, lr=0.05, weight_decay=0.5)),
                               rtol=1e-14)
    a = run(lambda p: optim.SGDW(p, lr=0.05, momentum=0.9, weight_decay=0.5))
    b = run(lambda p: optim.SGD(p, lr=0.05, momentum=0.9, weight_decay=0.5))
    assert np.abs(a - b).max() > 1e-3


def test_proximal_l1_gives_exact_zeros_and_more_of_them_for_larger_l1():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((100, 20))
    true_w = np.zeros(20)
    true_w[:3] = [2.0, -1.5, 1.0]
    y = x @ true_w + 0.1 * rng.standard_normal(100)
    X, Y = mg.tensor(x), mg.tensor(y)
    zeros_per_l1 = []
    for l1 in (0.0, 0.05, 0.3, 1.0):
        w = mg.zeros(20, dtype=mg.float64, requires_grad=True)
        opt = optim.ProximalSGD([w], lr=0.1, l1=l1)
        for _ in range(200):
            opt.zero_grad()
            ((X @ w - Y) ** 2).mean().mul(0.5).backward()
            opt.step()
        zeros_per_l1.append(int((to_numpy(w) == 0).sum()))
    assert zeros_per_l1[0] == 0
    assert zeros_per_l1 == sorted(zeros_per_l1) and zeros_per_l1[-1] > zeros_per_l1[1] >= 10


def test_proximal_sgd_rejects_negative_l1_and_changes_nothing():
    w = mg.zeros(2, requires_grad=True)
    with pytest.raises(ValueError, match="l1"):
        optim.ProximalSGD([w], lr=0.1, l1=-1.0)
