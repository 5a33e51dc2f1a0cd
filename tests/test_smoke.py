import numpy as np
import pytest

import minigrad as mg
from tests.helpers import DEVICES, check, leaf


@pytest.mark.parametrize("device", DEVICES)
def test_mlp_backward_matches_gradcheck(device):
    rng = np.random.default_rng(0)
    x = leaf(rng.standard_normal((4, 3)), device, requires_grad=False)
    w = leaf(rng.standard_normal((3, 5)), device)
    b = leaf(rng.standard_normal(5), device)
    check(lambda w, b: (x @ w + b).tanh().sum(), w, b)
