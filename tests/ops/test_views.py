"""views.py: narrow's arguments and view's contiguity rule, compared with PyTorch (issue 9,
items 2 and 3). Gradients of the view ops are checked in test_movement.py."""
import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given

import minigrad as mg
from tests.helpers import DEVICES, SETTINGS, check, leaf, to_numpy


def outcome(fn):
    """``fn()``'s values, or its exception's type name and message."""
    try:
        return np.asarray(fn().tolist())
    except (RuntimeError, IndexError, TypeError, ValueError) as err:
        return type(err).__name__, str(err)


NARROW = [(0, -1, 1), (0, -5, 5), (0, 5, 0), (0, 2, 3), (0, -1, 2), (0, 3, 5), (0, 6, 1),
          (0, -6, 1), (0, 1, -1), (1, 0, 2), (1, -2, 2), (-1, 3, 1), (2, 0, 1)]


@pytest.mark.parametrize("dim, start, length", NARROW)
def test_narrow_matches_pytorch(dim, start, length):
    torch = pytest.importorskip("torch")
    ours = outcome(lambda: mg.arange(20.).reshape(5, 4).narrow(dim, start, length))
    theirs = outcome(lambda: torch.arange(20.).reshape(5, 4).narrow(dim, start, length))
    if isinstance(theirs, tuple):
        assert ours == theirs
    else:
        np.testing.assert_array_equal(ours, theirs)


def test_narrow_with_a_negative_start_counts_from_the_end():
    x = mg.arange(5.)
    assert x.narrow(0, -1, 1).tolist() == [4.0]
    assert x.narrow(0, -3, 2).tolist() == [2.0, 3.0]
    with pytest.raises(RuntimeError, match="cannot be applied to a 0-dim tensor"):
        mg.tensor(1.0).narrow(0, 0, 1)


@pytest.mark.parametrize("device", DEVICES)
def test_narrow_is_a_view_with_a_gradient(device):
    x = mg.zeros(5, device=device)
    x.narrow(0, -2, 2).fill_(1.0)
    assert to_numpy(x).tolist() == [0, 0, 0, 1, 1]
    check(lambda t: t.narrow(1, -2, 2), leaf(np.arange(12.0).reshape(3, 4), device))


def strided(m, shape, perm, step):
    """The same strided tensor in either library: a permuted arange, sliced with ``step``."""
    base = m.arange(float(np.prod(shape))).reshape(*shape).permute(*perm)
    return base[(slice(None, None, step),) + (slice(None),) * (len(shape) - 1)]


def target_shapes(shape):
    """Shapes of the same size: all in one, reversed, neighbours merged, a 1 inserted."""
    out = [(-1,), tuple(reversed(shape)), shape + (1,), (1,) + shape]
    out += [shape[:i] + (shape[i] * shape[i + 1],) + shape[i + 2:] for i in range(len(shape) - 1)]
    return out


@SETTINGS
@given(shape=st.lists(st.integers(1, 4), min_size=1, max_size=4).map(tuple), data=st.data())
def test_view_is_allowed_exactly_where_pytorch_allows_it(shape, data):
    torch = pytest.importorskip("torch")
    perm = data.draw(st.permutations(range(len(shape))))
    step = data.draw(st.integers(1, 2))
    ours, theirs = strided(mg, shape, perm, step), strided(torch, shape, perm, step)
    assert ours.is_contiguous() == theirs.is_contiguous()
    assert ours.stride() == theirs.stride()
    for target in target_shapes(tuple(ours.shape)):
        mine, torchs = outcome(lambda: ours.view(target)), outcome(lambda: theirs.view(target))
        assert isinstance(mine, tuple) == isinstance(torchs, tuple), target
        if isinstance(torchs, tuple):
            assert "Use .reshape(...) instead" in mine[1]
            continue
        np.testing.assert_array_equal(mine, torchs)
        view = ours.view(target)                 # a true view: a write reaches the base
        view.fill_(-1.0)
        assert bool((ours == -1.0).all())
        ours = strided(mg, shape, perm, step)


def test_view_of_a_transpose_raises_and_points_to_reshape():
    a = mg.arange(6.).reshape(2, 3)
    with pytest.raises(RuntimeError, match=r"view size is not compatible.*Use \.reshape"):
        a.t().view(6)
    assert a.t().reshape(6).tolist() == [0, 3, 1, 4, 2, 5]      # reshape copies instead
    v = a.t().view(3, 2)                                         # same shape: a view
    v[0, 1] = 10.0
    assert a[1, 0].item() == 10.0


@pytest.mark.parametrize("device", DEVICES)
def test_contiguous_copies_only_when_needed(device):
    a = mg.arange(6., device=device).reshape(2, 3)
    assert a.contiguous() is a and a.is_contiguous()
    c = a.t().contiguous()
    assert c.is_contiguous() and c.stride() == (2, 1)
    assert to_numpy(c).tolist() == to_numpy(a.t()).tolist()
    c[0, 0] = 9.0
    assert a[0, 0].item() == 0.0                                 # a copy
    assert c.view(6).shape == (6,)
    check(lambda x: x.t().contiguous() * x.t(), leaf(np.arange(6.0).reshape(2, 3), device))
