"""Comparisons and logic (ops/logic.py): bool results, no gradient."""
import numpy as np
import pytest

import minigrad as mg
from tests.helpers import DEVICES, leaf, to_numpy


@pytest.mark.parametrize("device", DEVICES)
def test_comparison_and_logic_functions(device):
    a = np.array([1.0, np.nan, np.inf, -np.inf, 2.0])
    b = np.array([1.0 + 1e-9, np.nan, np.inf, 0.0, 3.0])
    x, y = leaf(a, device, False), leaf(b, device, False)
    for name in ["eq", "ne", "lt", "le", "gt", "ge"]:
        np.testing.assert_array_equal(to_numpy(getattr(mg, name)(x, y)),
                                      to_numpy(getattr(x, name)(y)))
    np.testing.assert_array_equal(to_numpy(mg.gt(x, 1.5)), a > 1.5)
    np.testing.assert_array_equal(to_numpy(mg.isclose(x, y)), np.isclose(a, b))
    np.testing.assert_array_equal(to_numpy(x.isclose(y, equal_nan=True)),
                                  np.isclose(a, b, equal_nan=True))
    assert mg.allclose(x[:1], y[:1]) is True and x.allclose(y) is False
    assert mg.equal(x[:1], x[:1]) is True and mg.equal(x, y) is False
    np.testing.assert_array_equal(to_numpy(mg.isinf(x)), np.isinf(a))
    np.testing.assert_array_equal(to_numpy(x.isinf()), np.isinf(a))
    np.testing.assert_array_equal(to_numpy(mg.isnan(x)), np.isnan(a))
    np.testing.assert_array_equal(to_numpy(mg.isfinite(x)), np.isfinite(a))
    np.testing.assert_array_equal(to_numpy(mg.isposinf(x)), np.isposinf(a))
    p, q = x > 1, y > 1
    np.testing.assert_array_equal(to_numpy(mg.logical_and(p, q)), (a > 1) & (b > 1))
    np.testing.assert_array_equal(to_numpy(p.logical_or(q)), (a > 1) | (b > 1))
    np.testing.assert_array_equal(to_numpy(mg.logical_xor(p, q)), (a > 1) ^ (b > 1))
    np.testing.assert_array_equal(to_numpy(mg.logical_not(p)), ~(a > 1))
    assert mg.all(p).item() is False and mg.any(p).item() is True
    np.testing.assert_array_equal(to_numpy(mg.any(leaf(np.eye(2), device), 1)), [True, True])
    assert mg.isinf(x).dtype == mg.bool and mg.isclose(x, y).requires_grad is False
    with pytest.raises(RuntimeError, match="Float did not match Double"):
        mg.allclose(x.float(), x)
