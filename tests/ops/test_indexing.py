"""x[index]: basic, slice, boolean and integer-array (repeated indices add up), and x[index] = v."""
import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

import minigrad as mg
from tests.helpers import DEVICES, SETTINGS, arrays, check, leaf, shapes, to_numpy

FAST = settings(SETTINGS, max_examples=10)


@st.composite
def basic_index(draw, shape):
    parts = []
    for s in shape:
        kind = draw(st.sampled_from(["int", "slice", "all"] if s else ["slice", "all"]))
        if kind == "int":
            parts.append(draw(st.integers(-s, s - 1)))
        elif kind == "slice":
            start = draw(st.none() | st.integers(-s - 1, s + 1))
            stop = draw(st.none() | st.integers(-s - 1, s + 1))
            step = draw(st.none() | st.integers(1, 3))
            parts.append(slice(start, stop, step))
        else:
            parts.append(slice(None))
    if draw(st.booleans()):
        parts.insert(draw(st.integers(0, len(parts))), None)
    return tuple(parts)


@pytest.mark.parametrize("device", DEVICES)
@FAST
@given(data=st.data())
def test_basic_and_slice_indexing(device, data):
    shape = data.draw(shapes(min_dims=0, max_dims=3, min_side=0, max_side=4))
    a = data.draw(arrays(shape))
    index = data.draw(basic_index(shape))
    x = leaf(a, device)
    np.testing.assert_array_equal(to_numpy(x[index]), a[index])
    check(lambda x: x[index], x)
    if shape:
        check(lambda x: x[..., -1] if shape[-1] else x[...], x)


@pytest.mark.parametrize("device", DEVICES)
@FAST
@given(data=st.data())
def test_integer_array_indexing_with_repeats(device, data):
    shape = data.draw(shapes(min_dims=1, max_dims=3, min_side=1, max_side=4))
    a = data.draw(arrays(shape))
    idx = data.draw(st.lists(st.integers(-shape[0], shape[0] - 1), min_size=0, max_size=6))
    x = leaf(a, device)
    index = mg.tensor(np.array(idx, dtype=np.int64), device=device)
    np.testing.assert_array_equal(to_numpy(x[index]), a[np.array(idx, dtype=np.int64)])
    check(lambda x: x[index], x)
    check(lambda x: x[idx], x)                          # a Python list index
    if len(shape) >= 2:
        cols = [i % shape[1] for i in idx]
        check(lambda x: x[mg.tensor(idx, dtype=mg.int64), mg.tensor(cols, dtype=mg.int64)], x)
        check(lambda x: x[:, mg.tensor(cols, dtype=mg.int32)], x)


@pytest.mark.parametrize("device", DEVICES)
def test_repeated_indices_accumulate(device):
    x = leaf([1.0, 2.0, 3.0], device)
    y = x[mg.tensor([0, 0, 2, 0], device=device)]
    (y * mg.tensor([1.0, 2.0, 3.0, 4.0], dtype=mg.float64, device=device)).sum().backward()
    assert to_numpy(x.grad).tolist() == [7.0, 0.0, 3.0]


@pytest.mark.parametrize("device", DEVICES)
@FAST
@given(data=st.data())
def test_boolean_mask_indexing(device, data):
    shape = data.draw(shapes(min_dims=0, max_dims=3, min_side=0, max_side=4))
    a = data.draw(arrays(shape))
    mask = a > 0
    x = leaf(a, device)
    m = mg.tensor(mask, device=device)
    np.testing.assert_array_equal(to_numpy(x[m]), a[mask])
    check(lambda x: x[m], x)
    if len(shape) >= 1:
        rows = mg.tensor(np.arange(shape[0]) % 2 == 0, device=device)
        check(lambda x: x[rows], x)


@pytest.mark.parametrize("device", DEVICES)
@FAST
@given(data=st.data())
def test_setitem_gradients(device, data):
    shape = data.draw(shapes(min_dims=1, max_dims=3, min_side=1, max_side=4))
    a = data.draw(arrays(shape))
    index = data.draw(basic_index(shape))
    value_shape = a[index].shape
    v = data.draw(arrays(value_shape))

    def fn(x, v):
        y = x * 1.0
        y[index] = v
        return y
    x, vt = leaf(a, device), leaf(v, device)
    expected = a.copy()
    expected[index] = v
    np.testing.assert_array_equal(to_numpy(fn(x, vt)), expected)
    check(fn, x, vt)


@pytest.mark.parametrize("device", DEVICES)
def test_setitem_values_and_masks(device):
    x = mg.zeros(2, 3, device=device)
    x[0] = 1.0
    x[1, 1:] = mg.tensor([2.0, 3.0], device=device)
    x[x == 0] = -1.0
    assert x.tolist() == [[1, 1, 1], [-1, 2, 3]]
    x[mg.tensor([0, 0], device=device), mg.tensor([0, 2], device=device)] = 5.0
    assert x.tolist() == [[5, 1, 5], [-1, 2, 3]]
    assert x._version == 4


@pytest.mark.parametrize("device", DEVICES)
def test_index_errors(device):
    x = mg.zeros(2, 3, device=device)
    with pytest.raises(IndexError, match="long, int, byte or bool"):
        x[mg.tensor([0.0, 1.0], device=device)]
    with pytest.raises(IndexError):
        x[5]
    with pytest.raises(IndexError):
        x[mg.tensor([0, 7], device=device)]


@pytest.mark.parametrize("device", DEVICES)
def test_int_among_index_arrays_selects_first_like_pytorch(device):
    a = np.arange(24.0).reshape(2, 3, 4)
    x = leaf(a, device)
    idx = mg.tensor([3, 0, 3], device=device)
    y = x[1, :, idx]                      # PyTorch: x[1][:, idx], shape (3, 3); NumPy: (3, 3).T
    np.testing.assert_array_equal(to_numpy(y), a[1][:, [3, 0, 3]])
    check(lambda x: x[1, :, idx], x)
    z = x * 1.0
    z[0, :, idx] = mg.zeros(3, 3, dtype=mg.float64, device=device)
    expected = a.copy()
    expected[0][:, [3, 0, 3]] = 0
    np.testing.assert_array_equal(to_numpy(z), expected)
    check(lambda x: x[-1, ..., mg.tensor([True, False, True, True], device=device)], x)
