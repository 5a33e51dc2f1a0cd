"""In-place ops on views update their base's graph (PyTorch's CopySlices), on every device."""
import pytest

import minigrad as mg
from tests.autograd.view_cases import CASES, _run
from tests.helpers import DEVICES

# PyTorch 2.13's x.grad (or the start of its error) for each case
EXPECTED = {
    "slice_mul": [[6.0, 6.0], [1.0, 1.0]],
    "view_mul": [[18.0, 36.0], [54.0, 72.0]],
    "transpose_setitem": [[200.0, 4.0], [600.0, 8.0]],
    "chained_views": [[20.0, 68.0], [6.0, 32.0]],
    "row_assignment": [[200.0, 400.0], [6.0, 8.0]],
    "element_of_row": [[2.0, 0.0], [6.0, 8.0]],
    "sibling_view_sees_update": [[6.0, 6.0], [0.0, 0.0]],
    "view_sees_base_update": [[30.0, 30.0], [30.0, 30.0]],
    "write_from_another_view": [[18.0, 18.0], [0.0, 0.0]],
    "column_after_row_update": [[0.0, 20.0], [0.0, 32.0]],
    "saved_base_modified_through_view": "one of the variables needed for gradien",
    "saved_view_modified_through_base": "one of the variables needed for gradien",
    "view_of_leaf": "a view of a leaf Variable that requires g",
}


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.__name__)
def test_in_place_through_views(case, device):
    def t(data):
        return mg.tensor(data, dtype=mg.float64, device=device, requires_grad=True)
    got = _run(mg, t, case)
    want = EXPECTED[case.__name__]
    if isinstance(want, str):
        assert isinstance(got, str) and got.startswith(want[:35]), got
    else:
        assert got == want


@pytest.mark.parametrize("device", DEVICES)
def test_views_share_memory_and_version(device):
    y = mg.zeros(2, 3, device=device)
    for v in (y[0], y[:, 1:], y.view(6), y.T, y[1, 2], y.reshape(3, 2)[0]):
        before = y._version
        v.add_(1.0)
        assert y._version == v._version == before + 1
    assert y.sum().item() == 3 + 4 + 6 + 6 + 1 + 2
    assert mg.tensor([1.0, 2.0])[0]._version == 0


@pytest.mark.parametrize("device", DEVICES)
def test_no_grad_updates_through_views(device):
    w = mg.ones(2, 2, device=device, requires_grad=True)
    with mg.no_grad():
        w.T[0] -= 0.5
        w.view(4)[3] = 7.0
    assert w.tolist() == [[0.5, 1.0], [0.5, 7.0]] and w.is_leaf
