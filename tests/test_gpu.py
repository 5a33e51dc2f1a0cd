"""On real CuPy and a GPU (marker ``gpu``: skipped elsewhere, run wherever CuPy finds a GPU).

The rest of the suite already runs every device-parametrized test on "cuda";
these check what only the real thing can: the arrays are cupy.ndarray, the
numbers agree with the CPU, and the fused optimizer kernels compile.
"""
import numpy as np
import pytest

import minigrad as mg
import minigrad.nn as nn
import minigrad.nn.functional as F
from minigrad import optim

pytestmark = pytest.mark.gpu


def test_cuda_tensors_hold_cupy_arrays():
    import cupy
    x = mg.randn(3, 4, device="cuda")
    assert isinstance(x.array, cupy.ndarray)
    assert x.device == mg.device("cuda:0")
    assert isinstance((x * 2).exp().sum().array, cupy.ndarray)


def _train(device, optimizer, steps=5):
    mg.manual_seed(0)
    model = nn.Sequential(nn.Linear(8, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Dropout(0.0),
                          nn.Linear(16, 3)).double()
    model.to(device)
    rng = np.random.default_rng(0)
    x = mg.tensor(rng.standard_normal((32, 8)), device=device)
    y = mg.tensor(rng.integers(0, 3, 32), device=device)
    opt = optimizer(model.parameters())
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses, [mg.backend.to_numpy(p.array) for p in model.parameters()]


@pytest.mark.parametrize("optimizer", [
    lambda ps: optim.SGD(ps, lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-4),
    lambda ps: optim.Adam(ps, lr=1e-2, amsgrad=True),
    lambda ps: optim.AdamW(ps, lr=1e-2),
    lambda ps: optim.RMSprop(ps, lr=1e-2, centered=True, momentum=0.5),
    lambda ps: optim.Adagrad(ps, lr=1e-1),
    lambda ps: optim.Adadelta(ps),
], ids=["sgd", "adam-amsgrad", "adamw", "rmsprop", "adagrad", "adadelta"])
def test_training_on_gpu_matches_cpu(optimizer):
    cpu_losses, cpu_params = _train("cpu", optimizer)
    gpu_losses, gpu_params = _train("cuda", optimizer)
    np.testing.assert_allclose(gpu_losses, cpu_losses, rtol=1e-9)
    for a, b in zip(gpu_params, cpu_params):
        np.testing.assert_allclose(a, b, rtol=1e-8, atol=1e-10)


def test_gradcheck_on_gpu():
    x = mg.randn(3, 5, dtype=mg.float64, device="cuda", requires_grad=True)
    assert mg.autograd.gradcheck(lambda x: (x.softmax(-1) * x.tanh()).logsumexp(0), [x])
