"""sort, argsort, topk, kthvalue against PyTorch 2.13, ties and NaN included (see docs/ops.md
for where PyTorch's choice among ties is unspecified)."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

import minigrad as mg  # noqa: E402
from tests.helpers import DEVICES, to_numpy  # noqa: E402

pytestmark = pytest.mark.oracle


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("descending", [False, True])
def test_sort_indices_match_pytorch_with_ties_and_nan(device, descending):
    a = np.array([[1.0, 3.0, 3.0, 2.0, 3.0, 1.0], [np.nan, 0.0, np.nan, -1.0, 0.0, 5.0]])
    for stable in (False, True):
        t = torch.sort(torch.tensor(a), descending=descending, stable=stable)
        m = mg.sort(mg.tensor(a, device=device), descending=descending, stable=stable)
        np.testing.assert_array_equal(to_numpy(m.values), t.values.numpy())
        assert m.indices.tolist() == t.indices.tolist()
        assert mg.argsort(mg.tensor(a, device=device), descending=descending).tolist() == \
            torch.argsort(torch.tensor(a), descending=descending, stable=True).tolist()


@pytest.mark.parametrize("device", DEVICES)
def test_topk_and_kthvalue_with_duplicates(device):
    """Values agree; among equal values PyTorch does not specify which index it returns
    (its CPU topk gives [2, 4] here), minigrad returns the first ones ([1, 2])."""
    a = np.array([1.0, 3.0, 3.0, 2.0, 3.0, 1.0])
    for kwargs in ({"k": 2}, {"k": 3, "largest": False}, {"k": 4, "sorted": False}):
        t = torch.topk(torch.tensor(a), **kwargs)
        m = mg.topk(mg.tensor(a, device=device), **kwargs)
        np.testing.assert_array_equal(np.sort(to_numpy(m.values)), np.sort(t.values.numpy()))
        np.testing.assert_array_equal(a[m.indices.tolist()], to_numpy(m.values))
    assert mg.topk(mg.tensor(a, device=device), 2).indices.tolist() == [1, 2]
    t, m = torch.kthvalue(torch.tensor(a), 3), mg.kthvalue(mg.tensor(a, device=device), 3)
    assert m.values.item() == t.values.item() and a[m.indices.item()] == m.values.item()
