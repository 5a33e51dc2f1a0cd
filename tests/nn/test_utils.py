"""nn.utils: gradient clipping, parameter vectors, penalties."""
import numpy as np
import pytest

import minigrad as mg
import minigrad.nn as nn
from tests.helpers import DEVICES, check, leaf, to_numpy


def _with_grads(device, grads):
    params = []
    for g in grads:
        p = nn.Parameter(mg.zeros(np.shape(g), dtype=mg.float64, device=device))
        p.grad = mg.tensor(np.asarray(g, dtype=np.float64), device=device)
        params.append(p)
    return params


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("norm_type", [2.0, 1.0, float("inf"), 3])
def test_clip_grad_norm_scales_everything_together(device, norm_type):
    grads = [[3.0, -4.0], [[12.0]]]
    params = _with_grads(device, grads)
    flat = np.array([3.0, -4.0, 12.0])
    total = np.linalg.norm(flat, ord=norm_type)
    got = nn.utils.clip_grad_norm_(params, 1.0, norm_type=norm_type)
    assert np.isclose(float(got), total)
    clipped = np.concatenate([to_numpy(p.grad).ravel() for p in params])
    assert np.allclose(clipped, flat / (total + 1e-6))
    nn.utils.clip_grad_norm_(params, 100.0, norm_type=norm_type)      # below max: unchanged
    assert np.allclose(np.concatenate([to_numpy(p.grad).ravel() for p in params]), clipped)


def test_clip_grad_norm_nonfinite_and_empty():
    params = _with_grads("cpu", [[np.inf, 1.0]])
    with pytest.raises(RuntimeError, match="non-finite"):
        nn.utils.clip_grad_norm_(params, 1.0, error_if_nonfinite=True)
    assert float(nn.utils.clip_grad_norm_([nn.Parameter(mg.zeros(2))], 1.0)) == 0.0


@pytest.mark.parametrize("device", DEVICES)
def test_clip_grad_value(device):
    params = _with_grads(device, [[3.0, -4.0, 0.5]])
    nn.utils.clip_grad_value_(params, 1.0)
    assert to_numpy(params[0].grad).tolist() == [1.0, -1.0, 0.5]


@pytest.mark.parametrize("device", DEVICES)
def test_parameters_to_vector_and_back(device):
    model = nn.Sequential(nn.Linear(3, 2), nn.Linear(2, 1)).double().to(device)
    params = list(model.parameters())
    vec = nn.utils.parameters_to_vector(model.parameters())
    assert vec.shape == (11,)
    nn.utils.vector_to_parameters(vec * 2, model.parameters())
    assert [id(p) for p in model.parameters()] == [id(p) for p in params]
    assert np.allclose(to_numpy(nn.utils.parameters_to_vector(model.parameters())),
                       2 * to_numpy(vec))
    with pytest.raises(ValueError, match="11 elements"):
        nn.utils.vector_to_parameters(mg.zeros(3, device=device), model.parameters())


@pytest.mark.parametrize("device", DEVICES)
def test_penalties_values_and_gradients(device):
    w1, w2 = leaf([[1.0, -2.0]], device), leaf([3.0], device)
    assert float(nn.utils.l1_penalty([w1, w2])) == 6.0
    assert float(nn.utils.l2_penalty([w1, w2])) == 7.0            # ½(1 + 4 + 9)
    nn.utils.l2_penalty([w1, w2]).backward()
    assert to_numpy(w1.grad).tolist() == [[1.0, -2.0]]             # ∇ ½‖w‖² = w
    check(lambda a, b: nn.utils.l2_penalty([a, b]), w1, w2)
