"""In-place ops through views against PyTorch 2.13."""
import pytest

torch = pytest.importorskip("torch")

import minigrad as mg  # noqa: E402
from tests.autograd.view_cases import CASES, _run  # noqa: E402

pytestmark = pytest.mark.oracle


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.__name__)
def test_in_place_through_views_matches_pytorch(case):
    want = _run(torch, lambda d: torch.tensor(d, dtype=torch.float64, requires_grad=True), case)
    got = _run(mg, lambda d: mg.tensor(d, dtype=mg.float64, requires_grad=True), case)
    if isinstance(want, str):
        assert isinstance(got, str) and got[:30] == want[:30], (got, want)
    else:
        assert got == want
