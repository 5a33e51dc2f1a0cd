"""hstack, vstack/row_stack, column_stack, dstack, meshgrid and unbind against PyTorch (values, shapes,
'ij'/'xy' indexing, the missing-indexing warning, errors) plus their gradients (composed of
cat, reshape and expand)."""
import warnings

import numpy as np
import pytest

import minigrad as mg
from tests.helpers import check, leaf

torch = pytest.importorskip("torch")

JOINS = [
    ("hstack", lambda T: [T.tensor([1., 2.]), T.tensor([3.])]),
    ("hstack", lambda T: [T.ones(2, 1), T.zeros(2, 3)]),
    ("hstack", lambda T: (T.tensor(1.), T.tensor([2., 3.]))),
    ("vstack", lambda T: [T.tensor([1., 2.]), T.tensor([3., 4.])]),
    ("vstack", lambda T: [T.ones(2, 2), T.tensor([3., 4.])]),
    ("vstack", lambda T: [T.tensor(1.), T.tensor(2.)]),
    ("row_stack", lambda T: [T.tensor([1., 2.]), T.tensor([3., 4.])]),
    ("column_stack", lambda T: [T.tensor([1., 2.]), T.tensor([3., 4.]), T.ones(2, 2)]),
    ("column_stack", lambda T: [T.tensor(1.), T.tensor(2.)]),
    ("dstack", lambda T: [T.tensor([1., 2.]), T.tensor([3., 4.])]),
    ("dstack", lambda T: [T.ones(2, 3), T.zeros(2, 3)]),
    ("dstack", lambda T: [T.tensor(1.), T.tensor(2.)]),
]


@pytest.mark.parametrize("name, make", JOINS)
def test_joins_match_pytorch(name, make):
    ours, theirs = getattr(mg, name)(make(mg)), getattr(torch, name)(make(torch))
    assert tuple(ours.shape) == tuple(theirs.shape)
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


@pytest.mark.parametrize("indexing", ["ij", "xy"])
@pytest.mark.parametrize("make", [lambda T: (T.arange(3.), T.arange(4.)),
                                  lambda T: (T.arange(2.), T.arange(3.), T.arange(4.)),
                                  lambda T: (T.tensor(5.), T.arange(3.)),
                                  lambda T: ([T.arange(2.), T.arange(3.)],)])
def test_meshgrid_matches_pytorch(indexing, make):
    ours, theirs = mg.meshgrid(*make(mg), indexing=indexing), torch.meshgrid(*make(torch),
                                                                            indexing=indexing)
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        assert tuple(a.shape) == tuple(b.shape)
        np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_meshgrid_default_warns_and_checks_its_inputs():
    with pytest.warns(UserWarning, match="required to pass the indexing argument"):
        xs, ys = mg.meshgrid(mg.arange(2.0), mg.arange(3.0))
    assert xs.shape == ys.shape == (2, 3)
    with pytest.raises(RuntimeError, match="Expected 0D or 1D tensor"):
        mg.meshgrid(mg.ones(2, 2), indexing="ij")
    with pytest.raises(ValueError, match="indexing must be one of"):
        mg.meshgrid(mg.ones(2), indexing="yx")
    with pytest.raises(TypeError, match="vstack\\(\\): expected a sequence of Tensors"):
        mg.vstack([mg.ones(2), [1.0, 2.0]])


def test_gradients_flow_through_joins_and_grids():
    a, b = leaf(np.arange(3.0)), leaf(np.arange(2.0) + 1)
    check(lambda x, y: mg.column_stack([x[:2], y]) * mg.vstack([x[1:], y]), a, b)
    check(lambda x, y: (lambda g: g[0] * g[1])(mg.meshgrid(x, y, indexing="xy")), a, b)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        mg.meshgrid(a, b, indexing="ij")          # no warning when indexing is given


@pytest.mark.parametrize("dim", [0, 1, -1])
def test_unbind_matches_pytorch(dim):
    values = np.arange(24.0).reshape(2, 3, 4)
    ours, theirs = mg.tensor(values).unbind(dim), torch.unbind(torch.tensor(values), dim)
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    emb = leaf(values)                                   # makemore part 2: cat(unbind(emb, 1), 1)
    assert mg.cat(mg.unbind(emb, 1), 1).tolist() == emb.view(2, -1).tolist()
    check(lambda x: mg.cat(mg.unbind(x, dim), -1) * 2, leaf(values[:, :2, :2]))
