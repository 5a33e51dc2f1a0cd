"""Parameter groups with their own maximize, coupled or decoupled weight decay and lr, one
added after the first steps, an lr changed between steps, and a parameter without a gradient:
against PyTorch, step for step in float64. (The base decides each group's gradient rule once
per step and group, not per parameter: a rule taken from the wrong group shows here.)"""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

import minigrad as mg  # noqa: E402
from minigrad import optim  # noqa: E402
from tests.helpers import DEVICES, to_numpy  # noqa: E402

GROUPS = {              # the first two groups at construction, the third added after 3 steps
    "SGD": [dict(lr=0.05, momentum=0.9),
            dict(lr=0.1, maximize=True, weight_decay=0.2),
            dict(lr=0.02, momentum=0.5, nesterov=True, weight_decay=0.1)],
    "Adam": [dict(lr=0.1),
             dict(lr=0.05, weight_decay=0.3, decoupled_weight_decay=True, maximize=True),
             dict(lr=0.2, weight_decay=0.1, amsgrad=True)],
}
START = np.random.default_rng(1).standard_normal((5, 3))
GRADLESS = 1                    # parameter 1 (in the first group) never gets a gradient


def _gradient(w):
    return np.array([1.0, 10.0, 0.5]) * w + np.cos(w)


@pytest.fixture(autouse=True)
def _float64_torch():
    old = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield
    torch.set_default_dtype(old)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("name", GROUPS)
def test_groups_with_their_own_options_match_pytorch(name, device):
    ours = [mg.tensor(a, device=device, requires_grad=True) for a in START]
    theirs = [torch.tensor(a, requires_grad=True) for a in START]
    first, second, later = GROUPS[name]
    split = [([0, 1], first), ([2], second)]
    opt = getattr(optim, name)([dict(params=[ours[i] for i in ix], **kw) for ix, kw in split])
    topt = getattr(torch.optim, name)([dict(params=[theirs[i] for i in ix], **kw)
                                       for ix, kw in split])
    for step in range(8):
        if step == 3:
            opt.add_param_group(dict(params=ours[3:], **later))
            topt.add_param_group(dict(params=theirs[3:], **later))
        if step == 5:
            opt.param_groups[1]["lr"] = topt.param_groups[1]["lr"] = 0.01
        for i, (p, q) in enumerate(zip(ours, theirs)):
            if i != GRADLESS:
                p.grad = mg.tensor(_gradient(to_numpy(p)), device=device)
                q.grad = torch.tensor(_gradient(q.detach().numpy()))
        opt.step()
        topt.step()
        opt.zero_grad()
        topt.zero_grad()
        for p, q in zip(ours, theirs):
            np.testing.assert_allclose(to_numpy(p), q.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_array_equal(to_numpy(ours[GRADLESS]), START[GRADLESS])
