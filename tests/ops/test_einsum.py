"""einsum: gradcheck and values against NumPy for products, traces, diagonals and
broadcasting; PyTorch's error messages."""
import numpy as np
import pytest

import minigrad as mg
from tests.helpers import DEVICES, check, leaf, to_numpy


# equation -> operand shapes: products, traces and diagonals, labels summed away, broadcasting
EINSUM = {
    "ij,jk->ik": [(2, 3), (3, 4)],
    "bij,bjk->bik": [(2, 2, 3), (2, 3, 2)],
    "ii->": [(3, 3)],
    "ii->i": [(3, 3)],
    "iji->j": [(2, 3, 2)],
    "ij->j": [(2, 3)],
    "i,j->ij": [(2,), (3,)],
    "ij,ik": [(2, 3), (2, 4)],
    "ijk->kji": [(2, 3, 4)],
    "...ij,...jk": [(2, 1, 2, 3), (3, 3, 2)],
    "a...,a->...": [(2, 3, 4), (2,)],
    "ij, ij -> ij": [(2, 1), (2, 3)],
}


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("equation", list(EINSUM))
def test_einsum_gradcheck_and_values(device, equation):
    arrays = [np.random.default_rng(3).standard_normal(s) for s in EINSUM[equation]]
    check(lambda *xs: mg.einsum(equation, *xs), *(leaf(a, device) for a in arrays))
    np.testing.assert_allclose(to_numpy(mg.einsum(equation, [leaf(a, device) for a in arrays])),
                               np.einsum(equation, *arrays), rtol=1e-12)


@pytest.mark.parametrize("device", DEVICES)
def test_einsum_errors(device):
    a = leaf(np.ones((2, 3)), device)
    with pytest.raises(RuntimeError, match=r"subscripts in the equation \(3\) does not match the "
                                           r"number of dimensions \(2\) for operand 0"):
        mg.einsum("ijk->i", a)
    with pytest.raises(ValueError, match="2 operands in the equation"):
        mg.einsum("ij,jk->ik", a)
