"""The worked 3-step numbers of references/optimizers.md, for every optimizer that has them.

Each row was computed there from the published equations (and, for PyTorch's
classes, cross-checked with torch 2.13), independently of this code.
"""
import numpy as np
import pytest

from minigrad import optim
from tests.helpers import DEVICES
from tests.optim.problems import iterates

O = optim
ROWS = {
    # §1–3: gradient descent, momentum, Nesterov
    "GD": (lambda p: O.SGD(p, lr=0.1), [[0.9, 0], [0.81, 0], [0.729, 0]]),
    "momentum": (lambda p: O.SGD(p, lr=0.1, momentum=0.9),
                 [[0.9, 0], [0.72, 1.8], [0.486, 1.62]]),
    "heavy ball": (lambda p: O.HeavyBall(p, lr=0.1, momentum=0.9),
                   [[0.9, 0], [0.72, 1.8], [0.486, 1.62]]),
    "dampened": (lambda p: O.SGD(p, lr=0.1, momentum=0.9, dampening=0.9),
                 [[0.9, 0], [0.801, 1.8], [0.70389, 3.24]]),
    "Sutskever": (lambda p: O.SutskeverNesterov(p, lr=0.1, momentum=0.9),
                  [[0.9, 0], [0.729, 0], [0.51759, 0]]),
    "SGD nesterov": (lambda p: O.SGD(p, lr=0.1, momentum=0.9, nesterov=True),
                     [[0.81, 1.8], [0.5751, 0], [0.327321, 0]]),
    "CS231n nesterov": (lambda p: O.HeavyBall(p, lr=0.1, momentum=0.9, nesterov=True),
                        [[0.81, 1.8], [0.5751, 0], [0.327321, 0]]),
    "Nesterov 1983": (lambda p: O.NesterovAGD(p, lr=0.1),
                      [[0.9, 0], [0.7846421827, 0], [0.6611147592, 0]]),
    # §5 AdaGrad
    "Adagrad": (lambda p: O.Adagrad(p, lr=0.1),
                [[0.9, -1.9], [0.8331035269, -1.831125054], [0.7804561814, -1.775821515]]),
    "Adagrad eps 1e-7": (lambda p: O.Adagrad(p, lr=0.1, eps=1e-7),
                         [[0.90000001, -1.9], [0.8331035414, -1.831125055],
                          [0.7804561988, -1.775821516]]),
    "Adagrad decay": (lambda p: O.Adagrad(p, lr=0.1, lr_decay=0.1, initial_accumulator_value=0.1),
                      [[0.9046537411, -1.900012498], [0.8452764613, -1.837402807],
                       [0.8018653289, -1.791209223]]),
    # §6–7 RMSProp
    "RMSprop 0.9": (lambda p: O.RMSprop(p, lr=0.1, alpha=0.9),
                    [[0.683772244, -1.683772234], [0.4988706201, -1.473875314],
                     [0.3691805674, -1.308717868]]),
    "RMSprop": (lambda p: O.RMSprop(p, lr=0.1),
                [[9.99999904e-08, -1.000000005], [-5.037713765e-10, -0.5509867502],
                 [5.088548363e-12, -0.3096873702]]),
    "RMSprop centered": (lambda p: O.RMSprop(p, lr=0.1, alpha=0.95, eps=1e-4, momentum=0.9,
                                             centered=True),
                         [[0.541378962, -1.541179058], [-0.09885490319, -0.836551019],
                          [-0.6330051499, -0.04600985301]]),
    "Graves": (lambda p: O.RMSpropGraves(p, lr=0.1),
               [[0.5416507515, -1.54116974], [-0.09832202398, -0.8365294125],
                [-0.6324854004, -0.04597788065]]),
    "Graves eps 0": (lambda p: O.RMSpropGraves(p, lr=0.1, eps=0.0),
                     [[0.5411685323, -1.541168532], [-0.09928162521, -0.836526738],
                      [-0.6334260516, -0.04597402464]]),
    "PyTorch centered eps 0": (lambda p: O.RMSprop(p, lr=0.1, alpha=0.95, eps=0.0, momentum=0.9,
                                                   centered=True),
                               [[0.5411685323, -1.541168532], [-0.09928162521, -0.836526738],
                                [-0.6334260516, -0.04597402464]]),
    # §8 Adadelta
    "Zeiler": (lambda p: O.Adadelta(p, lr=1.0, rho=0.95),
               [[0.9955279088, -1.995527864], [0.9910087481, -1.991003698],
                [0.9864645649, -1.986447739]]),
    "Adadelta lr 0.1": (lambda p: O.Adadelta(p, lr=0.1),
                        [[0.9996837738, -1.999683772], [0.9993593812, -1.999359354],
                         [0.9990294188, -1.999029331]]),
    "Adadelta": (lambda p: O.Adadelta(p),
                 [[0.9968377382, -1.996837722], [0.9935981984, -1.993595727],
                  [0.9903090828, -1.990300749]]),
    # §9–10b Adam family
    "Adam": (lambda p: O.Adam(p, lr=0.1),
             [[0.900000001, -1.9], [0.8004122297, -1.800166486], [0.7015862745, -1.700623391]]),
    "Adam + L2": (lambda p: O.Adam(p, lr=0.1, weight_decay=0.01),
                  [[0.900000001, -1.9], [0.8004122297, -1.800166486],
                   [0.7015862745, -1.700623391]]),
    "AdamW": (lambda p: O.AdamW(p, lr=0.1),
              [[0.899000001, -1.898], [0.7985190282, -1.796272588],
               [0.6989111847, -1.694944514]]),
    "NAdam": (lambda p: O.NAdam(p, lr=0.1),
              [[0.8943548232, -1.894354822], [0.8199730715, -1.81789753],
               [0.7527292676, -1.747508501]]),
    # §11 weight decay
    "SGD + L2": (lambda p: O.SGD(p, lr=0.1, weight_decay=0.01),
                 [[0.899, 0.002], [0.808201, -2e-06], [0.726572699, 2e-09]]),
    "momentum + L2": (lambda p: O.SGD(p, lr=0.1, momentum=0.9, weight_decay=0.01),
                      [[0.899, 0.002], [0.717301, 1.801798], [0.481324499, 1.618016402]]),
    # §16 SAM / ASAM, §18 lookahead SAM (reconstructions)
    "SAM": (lambda p: O.SAM(p, O.SGD, rho=0.05, lr=0.1),
            [[0.8997503119, 0.04993761694], [0.8054034941, -0.02426413255],
             [0.7200756856, 0.01442302409]]),
    "ASAM": (lambda p: O.SAM(p, O.SGD, rho=0.05, adaptive=True, lr=0.1),
             [[0.899875039, 0.09996876464], [0.8054220384, -0.0006122321529],
              [0.7208527244, 1.768770101e-10]]),
    "ASAM rho 2": (lambda p: O.SAM(p, O.SGD, rho=2.0, adaptive=True, lr=0.1),
                   [[0.8950015618, 3.998750586], [0.8046047053, -7.997400822],
                    [0.7239813503, 15.99479345]]),
    "EG-SAM": (lambda p: O.EGSAM(p, O.SGD, rho=0.05, lr=0.1),
               [[0.9097503119, -1.950062383], [0.8276397754, -1.900116705],
                [0.7529346154, -1.850164069]]),
    "OG-SAM": (lambda p: O.OGSAM(p, O.SGD, rho=0.05, lr=0.1),
               [[0.8997503119, 0.04993761694], [0.8154284629, -2.074201749],
                [0.7421213888, 2.174100774]]),
    "AO-SAM": (lambda p: O.AOSAM(p, O.SGD, rho=0.05, delta=0.9, lr=0.1),
               [[0.8997503119, 0.04993761694], [0.8097752807, 0], [0.7287977527, 0]]),
}


def assert_iterates(actual, expected):
    # the reference prints 10 significant digits
    np.testing.assert_allclose(actual, np.array(expected, dtype=float), rtol=2e-9, atol=1e-13)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("name", list(ROWS))
def test_reference_iterates(name, device):
    make, expected = ROWS[name]
    assert_iterates(iterates(make, device=device), expected)


@pytest.mark.parametrize("device", DEVICES)
def test_sgd_with_l1_penalty_in_the_loss(device):
    """§11: L1 goes into the loss (λ‖w‖₁, subgradient sign(w)), not into the optimizer."""
    from tests.optim.problems import f

    from minigrad.nn.utils import l1_penalty

    def loss(w):
        return f(w) + 0.01 * l1_penalty([w])
    assert_iterates(iterates(lambda p: O.SGD(p, lr=0.1), device=device, loss=loss),
                    [[0.899, 0.001], [0.8081, -0.001], [0.72629, 0.001]])


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("k,expected", [
    (5, [[0.9, 0], [0.81, 0], [0.729, 0], [0.6561, 0], [0.795245, -1], [0.7157205, 0]]),
    (2, [[0.9, 0], [0.905, -1], [0.8145, 0]])])
def test_lookahead_iterates(k, expected, device):
    got = iterates(lambda p: O.Lookahead(O.SGD(p, lr=0.1), k=k, alpha=0.5),
                   steps=len(expected), device=device)
    assert_iterates(got, expected)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("method", ["exact", "cg"])
@pytest.mark.parametrize("lr,expected", [(1.0, [[0, 0]] * 3),
                                         (0.1, [[0.9, -1.8], [0.81, -1.62], [0.729, -1.458]])])
def test_newton_iterates(method, lr, expected, device):
    got = iterates(lambda p: O.Newton(p, lr=lr, method=method), device=device,
                   backward_in_closure=False)
    assert_iterates(got, expected)
