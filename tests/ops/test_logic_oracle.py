"""Comparisons and logic against PyTorch 2.13, NaN, infinities and signed zeros included."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

import minigrad as mg  # noqa: E402
from tests.helpers import DEVICES  # noqa: E402

pytestmark = pytest.mark.oracle


@pytest.mark.parametrize("device", DEVICES)
def test_logic_functions_match_pytorch(device):
    a = np.array([1.0, np.nan, np.inf, -np.inf, 2.0, 0.0])
    b = np.array([1.0 + 1e-7, np.nan, np.inf, np.inf, 2.1, -0.0])
    ta, tb = torch.tensor(a), torch.tensor(b)
    ma, mb = mg.tensor(a, device=device), mg.tensor(b, device=device)
    for name in ["eq", "ne", "lt", "le", "gt", "ge", "isclose", "logical_and", "logical_or",
                 "logical_xor"]:
        assert getattr(mg, name)(ma, mb).tolist() == getattr(torch, name)(ta, tb).tolist(), name
    for name in ["isnan", "isinf", "isfinite", "isposinf", "isneginf", "logical_not", "all", "any"]:
        assert getattr(mg, name)(ma).tolist() == getattr(torch, name)(ta).tolist(), name
    assert ma.isclose(mb, equal_nan=True).tolist() == ta.isclose(tb, equal_nan=True).tolist()
    assert ma.isclose(mb, rtol=0, atol=0.2).tolist() == ta.isclose(tb, rtol=0, atol=0.2).tolist()
    assert mg.allclose(ma[4:], mb[4:], atol=0.2) == torch.allclose(ta[4:], tb[4:], atol=0.2)
    assert mg.equal(ma[4:], ma[4:]) == torch.equal(ta[4:], ta[4:])
    assert mg.all(ma > 0.5, 0).tolist() == torch.all(ta > 0.5, 0).tolist()


@pytest.mark.parametrize("op", ["eq", "ne", "lt", "le", "gt", "ge", "logical_and"])
def test_comparisons_of_shapes_that_do_not_broadcast_raise_runtime_error(op):
    for m in (mg, torch):
        with pytest.raises(RuntimeError, match="size of tensor a"):
            getattr(m, op)(m.ones(2, 3), m.ones(3, 2))
