"""x[index]: basic, slice, boolean and integer-array (repeated indices add up), and x[index] = v;
gather, scatter, scatter_add, index_add, index_select, take_along_dim."""
import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

import minigrad as mg
from tests.helpers import DEVICES, SETTINGS, arrays, check, leaf, shapes, to_numpy
from tests.ops import tools
from tests.ops.tools import index

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


# -- gather, scatter, scatter_add, index_select, take_along_dim ----------------------------

FEW = settings(SETTINGS, max_examples=8)


def _index_case(data, shape):
    """A dim, and an int64 index no larger than ``shape`` apart from that dim."""
    dim = data.draw(st.integers(-len(shape), len(shape) - 1))
    d = dim % len(shape)
    ishape = tuple(data.draw(st.integers(1, 4)) if k == d else data.draw(st.integers(1, s))
                   for k, s in enumerate(shape))
    idx = data.draw(st.lists(st.integers(0, shape[d] - 1), min_size=int(np.prod(ishape)),
                             max_size=int(np.prod(ishape))))
    return dim, np.array(idx, dtype=np.int64).reshape(ishape)


@pytest.mark.parametrize("device", DEVICES)
@FEW
@given(shape=shapes(min_dims=1, max_dims=3), data=st.data())
def test_gather_and_scatter_add_gradcheck(device, shape, data):
    a = data.draw(arrays(shape))
    dim, idx = _index_case(data, shape)
    i = index(idx, device)
    check(lambda x: mg.gather(x, dim, i), leaf(a, device))
    out = mg.gather(leaf(a, device), dim, i)
    np.testing.assert_array_equal(to_numpy(out), np.take_along_axis(
        a[tuple(slice(0, s) if k != dim % a.ndim else slice(None)
                for k, s in enumerate(idx.shape))], idx, dim))
    src = leaf(data.draw(arrays(idx.shape)), device)
    check(lambda x, s: x.scatter_add(dim, i, s), leaf(a, device), src)


@pytest.mark.parametrize("device", DEVICES)
@FEW
@given(shape=shapes(min_dims=1, max_dims=3), data=st.data())
def test_scatter_gradcheck_with_distinct_indices(device, shape, data):
    a = data.draw(arrays(shape))
    dim = data.draw(st.integers(0, len(shape) - 1))
    perm = np.argsort(data.draw(arrays(shape)) + np.arange(a.size).reshape(shape) * 1e-3,
                      axis=dim, kind="stable")             # a permutation along dim: no repeats
    i = index(perm, device)
    check(lambda x, s: mg.scatter(x, dim, i, s), leaf(a, device), leaf(a * 2, device))
    check(lambda x: x.scatter(dim, i, value=1.5), leaf(a, device))


@pytest.mark.parametrize("device", DEVICES)
def test_scatter_add_repeats_accumulate_and_in_place(device):
    x = leaf(np.zeros((2, 3)), device, requires_grad=False)
    i = index([[0, 0, 2], [1, 1, 1]], device)
    src = leaf(np.arange(6.0).reshape(2, 3), device)
    out = x.scatter_add(1, i, src)
    assert to_numpy(out).tolist() == [[1.0, 0.0, 2.0], [0.0, 12.0, 0.0]]
    y = x * 1
    y.scatter_add_(1, i, src)
    assert to_numpy(y).tolist() == to_numpy(out).tolist()
    y.sum().backward()
    assert to_numpy(src.grad).tolist() == [[1.0] * 3] * 2
    z = x.clone()
    assert z.scatter_(1, i[:, :1], 7.0) is z and to_numpy(z)[:, :2].tolist() == [[7, 0], [0, 7]]


@pytest.mark.parametrize("device", DEVICES)
@FEW
@given(shape=shapes(min_dims=1, max_dims=3), data=st.data())
def test_index_select_masked_fill_take_along_dim_gradcheck(device, shape, data):
    a = data.draw(arrays(shape))
    dim = data.draw(st.integers(0, len(shape) - 1))
    picks = data.draw(st.lists(st.integers(0, shape[dim] - 1), min_size=0, max_size=4))
    i = index(picks, device)
    check(lambda x: mg.index_select(x, dim, i), leaf(a, device))
    np.testing.assert_array_equal(to_numpy(leaf(a, device).index_select(dim, i)),
                                  np.take(a, picks, axis=dim))
    mask = mg.tensor(a > 0, device=device)
    check(lambda x: x.masked_fill(mask, -1.0), leaf(a, device))
    check(lambda x, v: mg.masked_fill(x, mask, v), leaf(a, device), leaf(0.5, device))
    idx = np.argsort(a, axis=dim)
    check(lambda x: mg.take_along_dim(x, index(idx, device), dim), leaf(a, device))
    check(lambda x: x.take_along_dim(index(idx.reshape(-1)[:2], device)), leaf(a, device))


@pytest.mark.parametrize("device", DEVICES)
def test_take_along_dim_broadcasts_and_masked_fill_in_place(device):
    x = leaf(np.arange(6.0).reshape(2, 3), device)
    out = mg.take_along_dim(x, index([[2, 0]], device), 1)        # index (1, 2) broadcasts over rows
    assert to_numpy(out).tolist() == [[2.0, 0.0], [5.0, 3.0]]
    y = x * 1
    y.masked_fill_(y > 3, 0.0)
    assert to_numpy(y).tolist() == [[0.0, 1.0, 2.0], [3.0, 0.0, 0.0]]
    ints = mg.tensor([1, 2, 3], device=device)
    assert ints.masked_fill(ints > 1, 0.5).tolist() == [1, 0, 0]          # keeps int64


@pytest.mark.parametrize("device", DEVICES)
@FEW
@given(shape=shapes(min_dims=1, max_dims=3), data=st.data())
def test_index_add_gradcheck_and_values(device, shape, data):
    a = data.draw(arrays(shape))
    dim = data.draw(st.integers(-len(shape), len(shape) - 1))
    d = dim % len(shape)
    picks = np.array(data.draw(st.lists(st.integers(0, shape[d] - 1), max_size=4)), np.int64)
    s = data.draw(arrays(shape[:d] + (len(picks),) + shape[d + 1:]))
    alpha = data.draw(st.sampled_from([1, -0.5, 2.0]))
    i = index(picks, device)
    check(lambda x, src: x.index_add(dim, i, src, alpha=alpha), leaf(a, device), leaf(s, device))
    expected = a.copy()
    np.add.at(expected, (slice(None),) * d + (picks,), alpha * s)     # repeats add up
    out = mg.index_add(leaf(a, device), dim, i, leaf(s, device), alpha=alpha)
    np.testing.assert_allclose(to_numpy(out), expected, rtol=1e-15)


@pytest.mark.parametrize("device", DEVICES)
def test_index_add_in_place_is_makemores_embedding_gradient(device):
    """makemore part 4: dC.index_add_(0, Xb.view(-1), demb.view(-1, n_embd)) is the lecture's
    loop ``dC[ix] += demb[k, j]``, bit for bit (both add in index order)."""
    rng = np.random.default_rng(0)
    Xb = index(rng.integers(0, 5, (8, 3)), device)
    demb = mg.tensor(rng.standard_normal((8, 3, 4)), dtype=mg.float32, device=device)
    dC = mg.zeros(5, 4, device=device)
    for k in range(Xb.shape[0]):
        for j in range(Xb.shape[1]):
            dC[Xb[k, j]] += demb[k, j]
    fast = mg.zeros(5, 4, device=device)
    assert fast.index_add_(0, Xb.view(-1), demb.view(-1, 4)) is fast
    assert np.array_equal(to_numpy(fast), to_numpy(dC))
    C = leaf(np.zeros((5, 4)), device)
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
        C.index_add_(0, Xb.view(-1), demb.view(-1, 4).double())
    with mg.no_grad():
        C.index_add_(0, Xb.view(-1), demb.view(-1, 4).double(), alpha=-0.1)
    np.testing.assert_allclose(to_numpy(C), -0.1 * to_numpy(dC), rtol=1e-6)
    src = leaf(np.ones((2, 4)), device)
    y = C * 1
    y.index_add_(0, index([1, 1], device), src, alpha=3.0)             # joins the graph
    assert y.grad_fn.name() == "IndexAddBackward0"
    (y * mg.arange(5.0, device=device).view(5, 1)).sum().backward()
    assert to_numpy(src.grad).tolist() == [[3.0] * 4] * 2
    assert to_numpy(C.grad).tolist() == [[float(r)] * 4 for r in range(5)]


@pytest.mark.parametrize("expression", [
    "m.zeros(5, 3).index_add(0, m.tensor([0, 2, 2, 4]), m.ones(4, 3), alpha=2.0)",
    "m.zeros(2, 5).index_add(-1, m.tensor([4, 0], dtype=m.int32), m.arange(4.).view(2, 2))",
    "m.zeros(()).index_add(0, m.tensor(0), m.ones(()))",
    "m.zeros(3).index_add(0, m.tensor(1), m.ones(1))",
    "m.zeros(3).index_add(0, m.tensor([], dtype=m.long), m.ones(0))",
    "m.zeros(3, dtype=m.long).index_add(0, m.tensor([1]), m.full((1,), 3), alpha=2.5)",
    "m.zeros(5, 3).index_add(0, m.tensor([0., 1.]), m.ones(2, 3))",
    "m.zeros(5, 3).index_add(0, m.tensor([[0, 1]]), m.ones(2, 3))",
    "m.zeros(5, 3).index_add(0, m.tensor([0, 1, 2]), m.ones(4, 3))",
    "m.zeros(5, 3).index_add(0, m.tensor([0, 5]), m.ones(2, 3))",
    "m.zeros(5, 3).index_add(0, m.tensor([0, -1]), m.ones(2, 3))",
    "m.zeros(5, 3).index_add(0, m.tensor([0, 1]), m.ones(2, 3, dtype=m.float64))",
    "m.zeros(5, 3).index_add(0, m.tensor([0, 1]), m.ones(2, 2))",
    "m.zeros(5, 3).index_add(0, m.tensor([0, 1]), m.ones(2))",
    "m.zeros(5, 3).index_add(2, m.tensor([0, 1]), m.ones(2, 3))",
    "m.zeros(3).index_add(0, m.tensor([1]), 5)",
    "m.zeros(3).index_add(0, [1], m.ones(1))",
])
def test_index_add_as_pytorch(expression):
    tools.assert_same_outcome(expression)


@pytest.mark.parametrize("device", DEVICES)
def test_indexing_errors_as_pytorch(device):
    x = leaf(np.ones((3, 3)), device)
    with pytest.raises(RuntimeError, match=r"gather\(\): Expected dtype int64 for index"):
        mg.gather(x, 1, mg.tensor([[0]], dtype=mg.int32, device=device))
    with pytest.raises(RuntimeError, match="same number of dimensions as input"):
        mg.gather(x, 1, index([0], device))
    with pytest.raises(RuntimeError, match=r"Size does not match at dimension 0 expected index "
                                           r"\[4, 2\] to be no larger than self \[3, 3\] apart "
                                           r"from dimension 1"):
        mg.gather(x, 1, index(np.zeros((4, 2)), device))
    with pytest.raises(RuntimeError, match="index 5 is out of bounds for dimension 1 with size 3"):
        mg.gather(x, 1, index([[5]], device))
    with pytest.raises(RuntimeError, match="index -1 is out of bounds"):
        x.scatter_add(0, index([[-1]], device), x)
    with pytest.raises(RuntimeError, match="Expected self.dtype to be equal to src.dtype"):
        x.scatter_add(0, index([[0]], device), x.float())
    with pytest.raises(TypeError, match="argument 'src' must be Tensor, not float"):
        x.scatter_add(0, index([[0]], device), 1.0)
    with pytest.raises(IndexError, match="Index is supposed to be a vector"):
        mg.index_select(x, 0, index([[0]], device))
    with pytest.raises(RuntimeError, match="Expected dtype int32 or int64 for index"):
        mg.index_select(x, 0, leaf([0.0], device, False))
    with pytest.raises(RuntimeError, match="masked_fill_ only supports boolean masks"):
        x.masked_fill(index([1, 0, 1], device), 0.0)


@pytest.mark.parametrize("expression", [
    "m.index_select(m.arange(5.), 0, m.tensor([-1]))", "m.arange(5.).index_select(0, m.tensor([5]))",
    "m.arange(6.).reshape(2, 3).index_select(1, m.tensor([2, 0, 2]))",
    "m.arange(6.).reshape(2, 3).index_select(0, m.tensor([1, -1]))",
])
def test_index_select_refuses_negative_and_too_large_indices_as_pytorch(expression):
    """Issue 9 item 12: a negative index wrapped around; PyTorch raises."""
    tools.assert_same_outcome(expression)


def _add_one(i):
    i.add_(1)


def _set_first(i):
    i.view(-1)[0] = 0


INDEX_UPDATES = {      # gather and scatter save the index as PyTorch does (an update is refused)
    "gather": (lambda m, x, i: x.gather(1, i), [[0], [3], [1]], _set_first),
    "scatter_add": (lambda m, x, i: m.zeros(3, 4, dtype=m.float64).scatter_add(1, i, x),
                    [[0], [3], [1]], _set_first),
    "scatter": (lambda m, x, i: m.zeros(3, 4, dtype=m.float64).scatter(1, i, x),
                [[0], [3], [1]], _set_first),
    "take_along_dim": (lambda m, x, i: m.take_along_dim(x, i, 1), [[0], [2], [1]], _add_one),
}
COPIED = {            # x[i] and index_select keep a copy of the index (PyTorch refuses)
    "index_select": (lambda m, x, i: x.index_select(1, i), [0, 2, 1], _add_one),
    "x[:, i]": (lambda m, x, i: x[:, i], [0, 2, 1], _add_one),
    "x[i]": (lambda m, x, i: x[i], [0, 2], _add_one),
    "index_add": (lambda m, x, i: m.zeros(5, 4, dtype=m.float64).index_add(0, i, x),
                  [4, 0, 4], _add_one),
}


@pytest.mark.parametrize("name", list(INDEX_UPDATES) + list(COPIED))
def test_an_index_changed_in_place_before_backward(name):
    """Issue 9 (item 5's class): ops kept the caller's index array and read it in backward,
    so ``i += 1`` between forward and backward silently moved the gradient (or crashed)."""
    if name in COPIED:
        tools.assert_index_update_like_torch(*COPIED[name], copies=True)
    else:
        tools.assert_index_update_like_torch(*INDEX_UPDATES[name])
