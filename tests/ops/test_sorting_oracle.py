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


_MEDIAN_DATA = np.array([[3.0, 1.0, 2.0, 7.0], [0.0, 5.0, -1.0, 5.0], [2.0, 2.0, 2.0, 1.0]])


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("call", ["x.median()", "x.median(1).values", "mg.median(x, 0, True)[0]",
                                  "x[:, :3].median()", "x[2].median()"])
def test_median_values_and_gradients_match_pytorch(device, call):
    """The lower median; without dim its gradient is shared by the tied elements (PyTorch's
    evenly distributed backward), along a dim it goes to the index returned."""
    from tests.helpers import check
    w = np.cos(np.arange(4.0))
    grads = []
    for m, dev in ((mg, device), (torch, "cpu")):
        x = m.tensor(_MEDIAN_DATA, dtype=m.float64, device=dev, requires_grad=True)
        y = eval(call, {"mg": m, "x": x})
        (y * m.tensor(w[:y.numel()].reshape(y.shape), dtype=m.float64, device=dev)).sum().backward()
        grads.append((to_numpy(y.detach()) if m is mg else y.detach().numpy(),
                      to_numpy(x.grad) if m is mg else x.grad.numpy()))
    for ours, theirs in zip(*grads):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12)
    x = mg.tensor(_MEDIAN_DATA + np.arange(12).reshape(3, 4) * 1e-3, device=device,
                  dtype=mg.float64, requires_grad=True)       # no ties: finite differences hold
    check(lambda t: eval(call, {"mg": mg, "x": t}), x)


def test_median_indices_dtypes_and_empty_as_pytorch():
    for call in ["x.median(1)", "x.median(dim=0)", "x.long().median()", "x[:0].median()",
                 "x[0, 0].median(0)"]:
        ours, theirs = (eval(call, {"x": m.tensor(_MEDIAN_DATA, dtype=m.float32)})
                        for m in (mg, torch))
        if isinstance(theirs, tuple):
            assert type(ours).__name__ == type(theirs).__name__ == "median"
            assert ours.indices.tolist() == theirs.indices.tolist()
            ours, theirs = ours.values, theirs.values
        assert str(ours.dtype).split(".")[1] == str(theirs.dtype).split(".")[1]
        np.testing.assert_array_equal(to_numpy(ours), theirs.numpy())


@pytest.mark.parametrize("call", [
    "m.unique(m.tensor([3, 1, 3, 2]))", "m.tensor([3, 1, 3, 2]).unique(return_counts=True)",
    "m.unique(m.tensor([[3, 1], [3, 2]]), return_inverse=True, return_counts=True)",
    "m.unique(m.tensor([[1, 2], [1, 2], [0, 5]]), dim=0, return_inverse=True)",
    "m.unique(m.tensor([[1, 2], [1, 2]]), dim=-1, return_counts=True)",
    "m.unique(m.tensor([True, False, True]))", "m.unique(m.tensor([2.5, -1.0, 2.5]))",
    "m.unique(m.tensor(3), return_inverse=True)", "m.unique(m.tensor([]))",
])
def test_unique_matches_pytorch(call):
    ours, theirs = (eval(call, {"m": m}) for m in (mg, torch))
    ours, theirs = ((r,) if not isinstance(r, tuple) else r for r in (ours, theirs))
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        assert str(a.dtype).split(".")[1] == str(b.dtype).split(".")[1]
        assert a.shape == b.shape and a.tolist() == b.tolist()
