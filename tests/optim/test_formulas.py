"""Each optimizer against its update rule written out here in NumPy, independently of the
library code (options included), on a non-quadratic problem with two parameters.

Formulas follow the algorithm boxes (and PyTorch's documentation for PyTorch's
classes); these tests need no PyTorch.
"""
import math

import numpy as np
import pytest

import minigrad as mg
from minigrad import optim
from tests.helpers import DEVICES, to_numpy

RNG = np.random.default_rng(3)
STARTS = [RNG.standard_normal(4), RNG.standard_normal((2, 3))]
STEPS = 6


def grad(w):
    """∇ of Σ (w²/2 + w⁴/4 + 0.3 w) per element."""
    return w + w ** 3 + 0.3


def run_minigrad(make, device):
    ps = [mg.tensor(a, device=device, requires_grad=True) for a in STARTS]
    opt = make(ps)
    out = []
    for _ in range(STEPS):
        for p in ps:
            p.grad = mg.tensor(grad(to_numpy(p)), device=device)
        opt.step()
        out.append([to_numpy(p).copy() for p in ps])
    return out


def run_formula(step, init):
    """``step(w, g, s, t)`` returns the new w, updating the state dict s in place."""
    ws = [a.copy() for a in STARTS]
    states = [init(w) for w in ws]
    out = []
    for t in range(1, STEPS + 1):
        ws = [step(w, grad(w), s, t) for w, s in zip(ws, states)]
        out.append([w.copy() for w in ws])
    return out


def zeros(*names):
    return lambda w: {n: np.zeros_like(w) for n in names}


def sgd(lr, mu=0.0, tau=0.0, wd=0.0, nesterov=False, maximize=False):
    def step(w, g, s, t):
        g = (-g if maximize else g) + wd * w
        if mu:
            s["b"] = g.copy() if t == 1 else mu * s["b"] + (1 - tau) * g
            g = g + mu * s["b"] if nesterov else s["b"]
        return w - lr * g
    return step, zeros()


def heavy_ball(lr, gamma, nesterov=False):
    def step(w, g, s, t):
        v_prev = s["v"]
        s["v"] = gamma * s["v"] - lr * g
        return w - gamma * v_prev + (1 + gamma) * s["v"] if nesterov else w + s["v"]
    return step, zeros("v")


def adagrad(lr, lr_decay=0.0, g0=0.0, eps=1e-10, wd=0.0):
    def step(w, g, s, t):
        g = g + wd * w
        s["G"] = s["G"] + g * g
        return w - lr / (1 + (t - 1) * lr_decay) * g / (np.sqrt(s["G"]) + eps)
    return step, lambda w: {"G": np.full_like(w, g0)}


def rmsprop(lr, alpha=0.99, eps=1e-8, wd=0.0, mu=0.0, centered=False):
    def step(w, g, s, t):
        g = g + wd * w
        s["v"] = alpha * s["v"] + (1 - alpha) * g * g
        s["gbar"] = alpha * s["gbar"] + (1 - alpha) * g
        denom = np.sqrt(s["v"] - s["gbar"] ** 2 if centered else s["v"]) + eps
        if mu:
            s["b"] = mu * s["b"] + g / denom
            return w - lr * s["b"]
        return w - lr * g / denom
    return step, zeros("v", "gbar", "b")


def graves(lr, alpha=0.95, mu=0.9, eps=1e-4):
    def step(w, g, s, t):
        s["n"] = alpha * s["n"] + (1 - alpha) * g * g
        s["gbar"] = alpha * s["gbar"] + (1 - alpha) * g
        s["d"] = mu * s["d"] - lr * g / np.sqrt(s["n"] - s["gbar"] ** 2 + eps)
        return w + s["d"]
    return step, zeros("n", "gbar", "d")


def adadelta(lr=1.0, rho=0.9, eps=1e-6, wd=0.0):
    def step(w, g, s, t):
        g = g + wd * w
        s["Eg"] = rho * s["Eg"] + (1 - rho) * g * g
        delta = np.sqrt(s["Ed"] + eps) / np.sqrt(s["Eg"] + eps) * g
        s["Ed"] = rho * s["Ed"] + (1 - rho) * delta * delta
        return w - lr * delta
    return step, zeros("Eg", "Ed")


def adam(lr, b1=0.9, b2=0.999, eps=1e-8, wd=0.0, decoupled=False, amsgrad=False, inside=False):
    def step(w, g, s, t):
        if decoupled:
            w = w * (1 - lr * wd)
        else:
            g = g + wd * w
        s["m"] = b1 * s["m"] + (1 - b1) * g
        s["v"] = b2 * s["v"] + (1 - b2) * g * g
        s["vmax"] = np.maximum(s["vmax"], s["v"]) if amsgrad else s["v"]
        m_hat, v_hat = s["m"] / (1 - b1 ** t), s["vmax"] / (1 - b2 ** t)
        return w - lr * m_hat / (np.sqrt(v_hat + eps) if inside else np.sqrt(v_hat) + eps)
    return step, zeros("m", "v", "vmax")


def adamax(lr, b1=0.9, b2=0.999, eps=1e-8, wd=0.0):
    def step(w, g, s, t):
        g = g + wd * w
        s["m"] = b1 * s["m"] + (1 - b1) * g
        s["u"] = np.maximum(b2 * s["u"], np.abs(g) + eps)
        return w - lr / (1 - b1 ** t) * s["m"] / s["u"]
    return step, zeros("m", "u")


def nadam(lr, b1=0.9, b2=0.999, eps=1e-8, psi=4e-3, wd=0.0, decoupled=False):
    def mu(t):
        return b1 * (1 - 0.5 * 0.96 ** (t * psi))

    def step(w, g, s, t):
        if decoupled:
            w = w * (1 - lr * wd)
        else:
            g = g + wd * w
        prod = math.prod(mu(i) for i in range(1, t + 1))
        s["m"] = b1 * s["m"] + (1 - b1) * g
        s["v"] = b2 * s["v"] + (1 - b2) * g * g
        m_hat = mu(t + 1) * s["m"] / (1 - prod * mu(t + 1)) + (1 - mu(t)) * g / (1 - prod)
        return w - lr * m_hat / (np.sqrt(s["v"] / (1 - b2 ** t)) + eps)
    return step, zeros("m", "v")


def radam(lr, b1=0.9, b2=0.999, eps=1e-8, wd=0.0, decoupled=False):
    rho_inf = 2 / (1 - b2) - 1

    def step(w, g, s, t):
        if decoupled:
            w = w * (1 - lr * wd)
        else:
            g = g + wd * w
        s["m"] = b1 * s["m"] + (1 - b1) * g
        s["v"] = b2 * s["v"] + (1 - b2) * g * g
        m_hat = s["m"] / (1 - b1 ** t)
        rho = rho_inf - 2 * t * b2 ** t / (1 - b2 ** t)
        if rho <= 5:
            return w - lr * m_hat
        r = math.sqrt((rho - 4) * (rho - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho))
        return w - lr * m_hat * r * math.sqrt(1 - b2 ** t) / (np.sqrt(s["v"]) + eps)
    return step, zeros("m", "v")


def asgd(lr, lambd=1e-4, alpha=0.75, t0=1e6, wd=0.0):
    def step(w, g, s, t):
        g = g + wd * w
        eta = lr / (1 + lambd * lr * (t - 1)) ** alpha        # η_t (η₁ = lr)
        return w * (1 - lambd * eta) - eta * g
    return step, zeros()


def rprop(lr, etas=(0.5, 1.2), sizes=(1e-6, 50)):
    def step(w, g, s, t):
        sign = np.sign(g * s["prev"])
        s["size"] = np.clip(s["size"] * np.where(sign > 0, etas[1], np.where(sign < 0, etas[0], 1)),
                            *sizes)
        g = np.where(sign < 0, 0, g)
        s["prev"] = g
        return w - np.sign(g) * s["size"]
    return step, lambda w: {"prev": np.zeros_like(w), "size": np.full_like(w, lr)}


def nesterov_1983(lr):
    def step(x, g, s, t):
        lam_next = (1 + math.sqrt(1 + 4 * s["lam"] ** 2)) / 2
        gamma = (1 - s["lam"]) / lam_next
        y_new = x - lr * g
        x = (1 - gamma) * y_new + gamma * s["y"]
        s["y"], s["lam"] = y_new, lam_next
        return x
    return step, lambda w: {"y": w.copy(), "lam": 1.0}


O = optim
CASES = {
    "SGD": (lambda p: O.SGD(p, lr=0.05), sgd(0.05)),
    "SGD momentum dampening L2": (lambda p: O.SGD(p, lr=0.05, momentum=0.8, dampening=0.3,
                                                   weight_decay=0.1), sgd(0.05, 0.8, 0.3, 0.1)),
    "SGD nesterov maximize": (lambda p: O.SGD(p, lr=0.01, momentum=0.9, nesterov=True,
                                              maximize=True),
                              sgd(0.01, 0.9, nesterov=True, maximize=True)),
    "HeavyBall": (lambda p: O.HeavyBall(p, lr=0.05, momentum=0.7), heavy_ball(0.05, 0.7)),
    "HeavyBall nesterov": (lambda p: O.HeavyBall(p, lr=0.05, momentum=0.7, nesterov=True),
                           heavy_ball(0.05, 0.7, nesterov=True)),
    "NesterovAGD": (lambda p: O.NesterovAGD(p, lr=0.05), nesterov_1983(0.05)),
    "Adagrad": (lambda p: O.Adagrad(p, lr=0.1), adagrad(0.1)),
    "Adagrad options": (lambda p: O.Adagrad(p, lr=0.1, lr_decay=0.2, initial_accumulator_value=0.5,
                                            eps=1e-3, weight_decay=0.1),
                        adagrad(0.1, 0.2, 0.5, 1e-3, 0.1)),
    "RMSprop": (lambda p: O.RMSprop(p, lr=0.01), rmsprop(0.01)),
    "RMSprop centered momentum L2": (lambda p: O.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-3,
                                                         weight_decay=0.1, momentum=0.5,
                                                         centered=True),
                                     rmsprop(0.01, 0.9, 1e-3, 0.1, 0.5, True)),
    "RMSpropGraves": (lambda p: O.RMSpropGraves(p, lr=0.01), graves(0.01)),
    "Adadelta": (lambda p: O.Adadelta(p), adadelta()),
    "Adadelta options": (lambda p: O.Adadelta(p, lr=0.5, rho=0.95, eps=1e-4, weight_decay=0.1),
                         adadelta(0.5, 0.95, 1e-4, 0.1)),
    "Adam": (lambda p: O.Adam(p, lr=0.1), adam(0.1)),
    "Adam amsgrad L2": (lambda p: O.Adam(p, lr=0.1, betas=(0.8, 0.99), weight_decay=0.1,
                                         amsgrad=True), adam(0.1, 0.8, 0.99, wd=0.1, amsgrad=True)),
    "Adam eps inside sqrt": (lambda p: O.Adam(p, lr=0.1, eps=1e-3, eps_inside_sqrt=True),
                             adam(0.1, eps=1e-3, inside=True)),
    "AdamW": (lambda p: O.AdamW(p, lr=0.1, weight_decay=0.3),
              adam(0.1, wd=0.3, decoupled=True)),
    "AdamW amsgrad inside": (lambda p: O.AdamW(p, lr=0.1, eps=1e-3, amsgrad=True,
                                               eps_inside_sqrt=True),
                             adam(0.1, eps=1e-3, wd=0.01, decoupled=True, amsgrad=True,
                                  inside=True)),
    "Adamax": (lambda p: O.Adamax(p, lr=0.1, weight_decay=0.1), adamax(0.1, wd=0.1)),
    "NAdam": (lambda p: O.NAdam(p, lr=0.1, momentum_decay=0.05), nadam(0.1, psi=0.05)),
    "NAdam decoupled": (lambda p: O.NAdam(p, lr=0.1, weight_decay=0.2,
                                          decoupled_weight_decay=True),
                        nadam(0.1, wd=0.2, decoupled=True)),
    "RAdam": (lambda p: O.RAdam(p, lr=0.1, betas=(0.9, 0.9)), radam(0.1, b2=0.9)),
    "RAdam decoupled": (lambda p: O.RAdam(p, lr=0.1, betas=(0.9, 0.9), weight_decay=0.2,
                                          decoupled_weight_decay=True),
                        radam(0.1, b2=0.9, wd=0.2, decoupled=True)),
    "ASGD": (lambda p: O.ASGD(p, lr=0.05, lambd=0.1, alpha=0.5, weight_decay=0.1),
             asgd(0.05, 0.1, 0.5, wd=0.1)),
    "Rprop": (lambda p: O.Rprop(p, lr=0.05, etas=(0.4, 1.5), step_sizes=(1e-3, 0.2)),
              rprop(0.05, (0.4, 1.5), (1e-3, 0.2))),
}


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("name", list(CASES))
def test_matches_the_formula(name, device):
    make, (step, init) = CASES[name]
    for ours, expected in zip(run_minigrad(make, device), run_formula(step, init)):
        for a, b in zip(ours, expected):
            np.testing.assert_allclose(a, b, rtol=1e-11, atol=1e-13)


def test_asgd_average_is_the_running_mean_after_t0():
    """θ̄ is the plain average of the iterates from step t₀ + 2 on (μ_{t+1} = 1/max(1, t − t₀))."""
    w = mg.tensor(STARTS[0], requires_grad=True)
    opt = optim.ASGD([w], lr=0.05, t0=2)
    iterates = []
    for _ in range(8):
        w.grad = mg.tensor(grad(to_numpy(w)))
        opt.step()
        iterates.append(to_numpy(w).copy())
    np.testing.assert_allclose(mg.backend.to_numpy(opt.state[w]["ax"]),
                               np.mean(iterates[3:], axis=0), rtol=1e-12)
