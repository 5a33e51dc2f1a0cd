"""nn.init conventions against PyTorch: gains, fans, and the std/bounds each scheme targets."""
import math

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import minigrad as mg  # noqa: E402
from minigrad.nn import init  # noqa: E402


@pytest.mark.parametrize("name,param", [("linear", None), ("conv2d", None), ("sigmoid", None),
                                        ("tanh", None), ("relu", None), ("leaky_relu", None),
                                        ("leaky_relu", 0.2), ("leaky_relu", math.sqrt(5)),
                                        ("selu", None)])
def test_calculate_gain_matches_pytorch(name, param):
    ours, theirs = init.calculate_gain(name, param), torch.nn.init.calculate_gain(name, param)
    assert ours == theirs and repr(ours) == repr(theirs)        # 1, not 1.0, as PyTorch prints


@pytest.mark.parametrize("shape", [(5, 3), (8, 3, 5), (8, 3, 5, 5), (2, 4, 1, 2, 3)])
def test_fans_match_pytorch(shape):
    ours = init._calculate_fan_in_and_fan_out(mg.empty(*shape))
    theirs = torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(*shape))
    assert ours == theirs


@pytest.mark.parametrize("scheme,kwargs", [
    ("xavier_uniform_", {}), ("xavier_uniform_", {"gain": 3.0}), ("xavier_normal_", {}),
    ("kaiming_uniform_", {}), ("kaiming_uniform_", {"a": math.sqrt(5)}),
    ("kaiming_uniform_", {"mode": "fan_out", "nonlinearity": "relu"}),
    ("kaiming_normal_", {}), ("kaiming_normal_", {"a": 0.1, "mode": "fan_out"}),
    ("trunc_normal_", {"std": 0.5, "a": -1, "b": 1.5}),
])
@pytest.mark.parametrize("shape", [(64, 40, 3), (300, 200)])
def test_init_statistics_match_pytorch(scheme, kwargs, shape):
    ours = getattr(init, scheme)(mg.empty(*shape, dtype=mg.float64), **kwargs)
    theirs = getattr(torch.nn.init, scheme)(torch.empty(*shape, dtype=torch.float64), **kwargs)
    a, b = ours.numpy(), theirs.numpy()
    assert abs(a.std() - b.std()) < 0.04 * b.std()
    assert abs(np.abs(a).max() - np.abs(b).max()) < 0.05 * np.abs(b).max() or "normal" in scheme
    assert abs(a.mean() - b.mean()) < 0.05 * b.std()


def test_linear_default_init_distribution_matches_pytorch():
    import minigrad.nn as nn
    ours, theirs = nn.Linear(400, 300), torch.nn.Linear(400, 300)
    for a, b in zip(ours.parameters(), theirs.parameters()):
        a, b = a.detach().numpy(), b.detach().numpy()
        assert abs(a.std() - b.std()) < 5 / math.sqrt(a.size) * b.std()
        assert np.abs(a).max() <= 1 / math.sqrt(400) and np.abs(b).max() <= 1 / math.sqrt(400)
