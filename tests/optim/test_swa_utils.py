"""Parameter averaging (references/optimizers.md §14) and update_bn."""
import numpy as np
import pytest

import minigrad as mg
import minigrad.nn as nn
from minigrad import optim
from minigrad.optim import swa_utils
from tests.helpers import DEVICES, to_numpy
from tests.optim.problems import W0, f


class Point(nn.Module):
    def __init__(self, device="cpu"):
        super().__init__()
        self.w = nn.Parameter(mg.tensor(W0, dtype=mg.float64, device=device))


def _averages(make_avg, prime, device):
    model = Point(device)
    avg = make_avg(model)
    if prime:
        avg.update_parameters(model)             # start the average at w₀
    opt = optim.SGD(model.parameters(), lr=0.1)
    out = []
    for _ in range(3):
        opt.zero_grad()
        f(model.w).backward()
        opt.step()
        avg.update_parameters(model)
        out.append(to_numpy(avg.module.w).copy())
    return np.array(out)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("kind,prime,expected", [
    ("ema", True, [[0.9995, -1.99], [0.9985525, -1.98005], [0.9972047375, -1.97014975]]),
    ("ema", False, [[0.9, 0], [0.89955, 0], [0.89869725, 0]]),
    ("ema-fn", True, [[0.9995, -1.99], [0.9985525, -1.98005], [0.9972047375, -1.97014975]]),
    ("mean", True, [[0.95, -1], [0.9033333333, -0.6666666667], [0.85975, -0.5]]),
    ("mean-fn", True, [[0.95, -1], [0.9033333333, -0.6666666667], [0.85975, -0.5]])])
def test_reference_averages(kind, prime, expected, device):
    make = {"ema": lambda m: swa_utils.AveragedModel(
                m, multi_avg_fn=swa_utils.get_ema_multi_avg_fn(0.995)),
            "ema-fn": lambda m: swa_utils.AveragedModel(m, avg_fn=swa_utils.get_ema_avg_fn(0.995)),
            "mean": lambda m: swa_utils.AveragedModel(m),
            "mean-fn": lambda m: swa_utils.AveragedModel(m, avg_fn=swa_utils.get_swa_avg_fn())}
    got = _averages(make[kind], prime, device)
    np.testing.assert_allclose(got, expected, rtol=2e-9, atol=1e-12)


def test_averaged_model_is_a_copy_with_a_counter_and_copies_buffers():
    model = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2))
    avg = swa_utils.AveragedModel(model)
    assert list(avg.state_dict())[0] == "n_averaged"
    assert next(avg.parameters()) is not next(model.parameters())
    with mg.no_grad():
        model[1].running_mean.fill_(3.0)
    avg.update_parameters(model)
    avg.update_parameters(model)
    assert avg.n_averaged.item() == 2
    assert np.all(to_numpy(avg.module[1].running_mean) == 3.0)
    x = mg.randn(4, 2)
    avg.eval()
    model.eval()
    np.testing.assert_allclose(to_numpy(avg(x)), to_numpy(model(x)), rtol=1e-6)


def test_update_bn_recomputes_running_statistics():
    model = nn.Sequential(nn.Linear(3, 3), nn.BatchNorm1d(3))
    batches = [mg.randn(8, 3) for _ in range(4)]
    swa_utils.update_bn(batches, model)
    with mg.no_grad():
        hidden = mg.cat([model[0](b) for b in batches])
    np.testing.assert_allclose(to_numpy(model[1].running_mean), to_numpy(hidden.mean(0)),
                               rtol=1e-5, atol=1e-6)
    assert model[1].momentum == 0.1 and model.training


def test_invalid_decay():
    with pytest.raises(ValueError, match="decay"):
        swa_utils.get_ema_multi_avg_fn(1.5)
