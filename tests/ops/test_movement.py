"""Shape ops: gradcheck over hypothesis shapes on every device (all are linear, so
gradgradcheck too)."""
import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

import minigrad as mg
from tests.helpers import DEVICES, SETTINGS, arrays, check, leaf, shapes, to_numpy
from tests.ops import tools

FAST = settings(SETTINGS, max_examples=10)


def draw_leaf(data, device, min_dims=0, min_side=0):
    shape = data.draw(shapes(min_dims=min_dims, max_dims=3, min_side=min_side, max_side=3))
    return leaf(data.draw(arrays(shape)), device)


def a_dim(data, ndim, extra=0):
    n = max(ndim + extra, 1)
    return data.draw(st.integers(-n, n - 1))


@pytest.mark.parametrize("device", DEVICES)
@FAST
@given(data=st.data())
def test_reshape_view_flatten(device, data):
    x = draw_leaf(data, device)
    perm = data.draw(st.permutations(list(x.shape)))
    check(lambda x: x.reshape(*perm), x)
    check(lambda x: mg.reshape(x, (-1,)), x)
    check(lambda x: x.view(tuple(perm) + (1,)), x)
    check(lambda x: x.flatten(), x)
    if x.ndim >= 2:
        check(lambda x: mg.flatten(x, 1), x)
        check(lambda x: x.flatten(0, -2), x)


@pytest.mark.parametrize("device", DEVICES)
@FAST
@given(data=st.data())
def test_squeeze_unsqueeze(device, data):
    x = draw_leaf(data, device)
    d = a_dim(data, x.ndim, extra=1)
    check(lambda x: x.unsqueeze(d), x)
    y = x.unsqueeze(d)
    assert y.shape[d] == 1
    check(lambda x: x.unsqueeze(d).squeeze(d), x)
    check(lambda x: mg.squeeze(x), x)
    if x.ndim:
        d = a_dim(data, x.ndim)
        check(lambda x: x.squeeze(d), x)


@pytest.mark.parametrize("device", DEVICES)
@FAST
@given(data=st.data())
def test_transpose_permute_T(device, data):
    x = draw_leaf(data, device)
    d0, d1 = a_dim(data, x.ndim), a_dim(data, x.ndim)
    check(lambda x: x.transpose(d0, d1), x)
    perm = data.draw(st.permutations(range(x.ndim)))
    check(lambda x: x.permute(*perm), x)
    check(lambda x: mg.permute(x, tuple(perm)), x)
    check(lambda x: x.T, x)
    if x.ndim <= 2:
        check(lambda x: x.t(), x)


@pytest.mark.parametrize("device", DEVICES)
@FAST
@given(data=st.data())
def test_expand_broadcast_to_repeat(device, data):
    x = draw_leaf(data, device, min_side=1)
    lead = data.draw(st.lists(st.integers(0, 3), max_size=2))
    target = tuple(lead) + tuple(data.draw(st.sampled_from([s, 2])) if s == 1 else s
                                 for s in x.shape)
    check(lambda x: x.expand(*target), x)
    check(lambda x: x.expand(*lead, *([-1] * x.ndim)), x)
    check(lambda x: mg.broadcast_to(x, target), x)
    reps = data.draw(st.lists(st.integers(0, 3), min_size=x.ndim, max_size=x.ndim + 1))
    check(lambda x: x.repeat(*reps), x)
    np.testing.assert_array_equal(to_numpy(x.repeat(*reps)), np.tile(to_numpy(x), reps))


@pytest.mark.parametrize("device", DEVICES)
@FAST
@given(data=st.data())
def test_cat_stack(device, data):
    shape = data.draw(shapes(min_dims=1, max_dims=3, min_side=0, max_side=3))
    d = a_dim(data, len(shape))
    n = data.draw(st.integers(1, 3))
    parts = []
    for _ in range(n):
        s = list(shape)
        s[d] = data.draw(st.integers(0, 3))
        parts.append(leaf(data.draw(arrays(tuple(s))), device))
    check(lambda *xs: mg.cat(xs, dim=d), *parts)
    same = [leaf(data.draw(arrays(shape)), device) for _ in range(n)]
    sd = a_dim(data, len(shape), extra=1)
    check(lambda *xs: mg.stack(xs, sd), *same)
    np.testing.assert_array_equal(to_numpy(mg.stack(same, sd)),
                                  np.stack([to_numpy(s) for s in same], sd))


@pytest.mark.parametrize("device", DEVICES)
@FAST
@given(data=st.data())
def test_split_chunk(device, data):
    x = draw_leaf(data, device, min_dims=1, min_side=1)
    d = a_dim(data, x.ndim)
    size = data.draw(st.integers(1, 4))
    check(lambda x: x.split(size, dim=d), x)
    n = x.shape[d]
    cut = data.draw(st.integers(0, n))
    check(lambda x: mg.split(x, [cut, n - cut], d), x)
    chunks = data.draw(st.integers(1, 4))
    check(lambda x: x.chunk(chunks, d), x)
    ref = np.array_split(to_numpy(x), chunks, d) if n % chunks == 0 else None
    if ref is not None:
        assert [c.shape for c in mg.chunk(x, chunks, d)] == [r.shape for r in ref]


@pytest.mark.parametrize("device", DEVICES)
@FAST
@given(data=st.data())
def test_pad_flip(device, data):
    x = draw_leaf(data, device, min_dims=1)
    k = data.draw(st.integers(1, x.ndim))
    pads = data.draw(st.lists(st.integers(-1, 2), min_size=2 * k, max_size=2 * k))
    for i in range(k):                         # negative widths crop (PyTorch), within the size
        size = x.shape[x.ndim - 1 - i]
        if max(-pads[2 * i], 0) + max(-pads[2 * i + 1], 0) > size:
            pads[2 * i] = pads[2 * i + 1] = 0
    value = data.draw(st.sampled_from([0.0, 1.5]))
    check(lambda x: mg.pad(x, pads, value=value), x)
    dims = data.draw(st.lists(st.integers(0, x.ndim - 1), unique=True, max_size=x.ndim))
    check(lambda x: x.flip(dims), x)
    check(lambda x: mg.flip(x, tuple(dims)), x)


def test_shape_op_values():
    x = mg.arange(6.0).reshape(2, 3)
    assert mg.pad(x, (1, 0, 0, 1), value=-1.0).tolist() == [[-1, 0, 1, 2], [-1, 3, 4, 5],
                                                              [-1, -1, -1, -1]]
    assert x.flip(0).tolist() == [[3, 4, 5], [0, 1, 2]]
    assert [t.tolist() for t in x.split([1, 2], 1)] == [[[0], [3]], [[1, 2], [4, 5]]]
    assert [t.shape for t in mg.chunk(mg.arange(5), 3)] == [(2,), (2,), (1,)]
    assert [t.shape for t in mg.chunk(mg.arange(6), 4)] == [(2,), (2,), (2,)]   # PyTorch: 3
    assert [t.shape for t in mg.zeros(0, 2).chunk(3)] == [(0, 2)] * 3
    assert x.T.shape == (3, 2) and x.unsqueeze(-1).shape == (2, 3, 1)
    assert x.view(-1).tolist() == [0, 1, 2, 3, 4, 5]


@pytest.mark.parametrize("expression", [
    "m.arange(5.).chunk(0)", "m.arange(5.).chunk(-1)", "m.arange(5.).chunk(2)",
    "m.arange(5.).split(0)", "m.arange(5.).split(-1)", "m.arange(5.).split(2)",
    "m.arange(0.).split(0)", "m.arange(5.).split([2, 2])", "m.arange(5.).split([2, -1, 4])",
    "m.ones(2, 3).flip(0, 1)", "m.arange(5.).flip(0, 0)", "m.arange(5.).flip((0, -1))",
    "m.arange(6.).reshape(2, 3).flip(1, -2)", "m.arange(5.).flip(1)", "m.flip(m.arange(3.), (0,))",
    "m.ones(2, 2).sum((0, 0))", "m.ones(3).repeat(2, -1)", "m.ones(3).repeat(2, 0)",
])
def test_split_chunk_flip_arguments_as_pytorch(expression):
    """Issue 9 item 13: chunk(0) and split(0) said "division by zero" / "range() arg 3";
    flip(0, 0) (varargs) was a TypeError. Now PyTorch's values and messages."""
    tools.assert_same_outcome(expression)


def test_float_split_and_chunk_sizes_are_type_errors():
    with pytest.raises(TypeError, match="split_size_or_sections must be an int"):
        mg.ones(3).split(2.0)
    with pytest.raises(TypeError):
        mg.ones(3).chunk(1.5)
    with pytest.raises(TypeError, match=r"sizes must be integers, got \(2.5,\)"):
        mg.zeros(2.5)


def test_cat_of_nothing_raises_pytorchs_value_error():
    torch = pytest.importorskip("torch")
    for m in (mg, torch):
        with pytest.raises(ValueError, match="non-empty list of Tensors"):
            m.cat([])
