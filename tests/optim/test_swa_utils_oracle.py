"""AveragedModel and its averaging functions against PyTorch's swa_utils."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

import minigrad as mg  # noqa: E402
import minigrad.nn as nn  # noqa: E402
from minigrad.optim import swa_utils  # noqa: E402
from tests.helpers import to_numpy  # noqa: E402

TS = torch.optim.swa_utils


@pytest.mark.parametrize("kind", ["mean", "ema", "ema-fn", "swa-fn"])
@pytest.mark.parametrize("use_buffers", [False, True])
def test_averaged_model_matches_pytorch(kind, use_buffers):
    rng = np.random.default_rng(0)
    model = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2)).double()
    tmodel = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.BatchNorm1d(2)).double()
    kwargs = {"mean": lambda m: {}, "ema": lambda m: {"multi_avg_fn": m.get_ema_multi_avg_fn(0.9)},
              "ema-fn": lambda m: {"avg_fn": m.get_ema_avg_fn(0.8)},
              "swa-fn": lambda m: {"avg_fn": m.get_swa_avg_fn()}}[kind]
    avg = swa_utils.AveragedModel(model, use_buffers=use_buffers, **kwargs(swa_utils))
    tavg = TS.AveragedModel(tmodel, use_buffers=use_buffers, **kwargs(TS))
    for _ in range(5):
        new = {k: rng.standard_normal(tuple(v.shape)) for k, v in tmodel.state_dict().items()
               if v.dtype == torch.float64}
        tmodel.load_state_dict({k: torch.tensor(v) for k, v in new.items()}, strict=False)
        model.load_state_dict({k: mg.tensor(v) for k, v in new.items()}, strict=False)
        avg.update_parameters(model)
        tavg.update_parameters(tmodel)
        theirs = tavg.state_dict()
        for key, value in avg.state_dict().items():
            np.testing.assert_allclose(to_numpy(value), theirs[key].numpy(), rtol=1e-12)
    assert list(avg.state_dict()) == list(tavg.state_dict())


@pytest.mark.parametrize("kwargs", [dict(swa_lr=0.05), dict(swa_lr=[0.01, 0.2], anneal_epochs=3,
                                                            anneal_strategy="linear"),
                                    dict(swa_lr=0.02, anneal_epochs=0)])
def test_swalr_matches_pytorch(kwargs):
    from minigrad import optim
    ps = [mg.zeros(1, requires_grad=True), mg.zeros(1, requires_grad=True)]
    tps = [torch.zeros(1, requires_grad=True), torch.zeros(1, requires_grad=True)]
    opt = optim.SGD([{"params": [ps[0]]}, {"params": [ps[1]], "lr": 0.3}], lr=0.1)
    topt = torch.optim.SGD([{"params": [tps[0]]}, {"params": [tps[1]], "lr": 0.3}], lr=0.1)
    sched, tsched = swa_utils.SWALR(opt, **kwargs), TS.SWALR(topt, **kwargs)
    for _ in range(15):
        opt.step()
        topt.step()
        sched.step()
        tsched.step()
        assert sched.get_last_lr() == pytest.approx(tsched.get_last_lr(), rel=1e-12)
