"""Shared by the op tests: input transforms that keep values off kinks and ties, and
``grad_of``, and the in-place-before-backward comparison with PyTorch."""
import numpy as np
import pytest

import minigrad as mg
from tests.helpers import to_numpy


def on_grid(a):
    """Values k/4 + 1/8: never an integer nor a half, never within 1/8 of one another's tie."""
    return np.round(a * 4) / 4 + 0.125


def distinct(a):
    """``a`` with every value made distinct (sort and topk are smooth away from ties)."""
    return a + np.arange(a.size).reshape(a.shape) * 1e-3


def positive(a):
    return np.abs(a) + 0.2


def away_from_zero(a):
    return np.where(a >= 0, a + 0.2, a - 0.2)


def index(values, device="cpu"):
    return mg.tensor(np.asarray(values, dtype=np.int64), device=device)


def grad_of(fn, x):
    (g,) = mg.autograd.grad(fn(x), x)
    return to_numpy(g).tolist()


def inplace_outcome(m, fn, arrays, where):
    """Run ``fn(m, *xs)`` on non-leaf float64 copies of ``arrays`` in library ``m`` (minigrad
    or torch), update one tensor in place (``where``: "output" under grad mode, "output
    (no_grad)", or "input" — the first input, under no_grad) and backpropagate.
    Returns "refused" if backward names an in-place modification, else the leaves' gradients."""
    leaves = [m.tensor(np.asarray(a, dtype=np.float64), requires_grad=True) for a in arrays]
    xs = [x * 1 for x in leaves]
    y = fn(m, *xs)
    if where == "output":
        y.mul_(1)
    elif where != "nowhere":
        with m.no_grad():
            (y if where == "output (no_grad)" else xs[0]).add_(1)
    try:
        y.sum().backward()
    except RuntimeError as err:
        if "modified by an inplace operation" not in str(err):
            raise
        return "refused"
    return [None if x.grad is None else np.asarray(x.grad.tolist()) for x in leaves]


INPLACE_WHERE = ["output", "output (no_grad)", "input"]


def assert_inplace_like_torch(fn, arrays, where, permissive=False):
    """An in-place update before backward is refused exactly where PyTorch refuses it, and
    where it is allowed the gradients are PyTorch's (the saved values were not changed).
    ``permissive``: a composite op that PyTorch computes as one node saving its input; minigrad
    allows the update there, and its gradient is the one of the input before the update."""
    torch = pytest.importorskip("torch")
    ours, theirs = inplace_outcome(mg, fn, arrays, where), inplace_outcome(torch, fn, arrays, where)
    if permissive and theirs == "refused" and ours != "refused":
        theirs = inplace_outcome(torch, fn, arrays, "nowhere")
    elif theirs == "refused" or ours == "refused":
        assert ours == theirs
        return
    for a, b in zip(ours, theirs):
        assert (a is None) == (b is None)
        if a is not None:
            np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


def outcome(expression, m, **names):
    """``expression`` evaluated with ``m`` (minigrad or torch): its values as a list, or its
    exception's type name and message: two libraries agree when their outcomes are equal."""
    try:
        result = eval(expression, {"m": m, "np": np, **names})
    except (RuntimeError, IndexError, TypeError, ValueError, ZeroDivisionError) as err:
        return type(err).__name__, str(err)
    if isinstance(result, tuple):
        return [r.tolist() if hasattr(r, "tolist") else r for r in result]
    return result.tolist()


def assert_same_outcome(expression, **names):
    torch = pytest.importorskip("torch")
    assert outcome(expression, mg, **names) == outcome(expression, torch, **names)


def index_update_outcome(m, fn, index_values, update):
    """``y = fn(m, x, i)`` for a float64 leaf x and an int64 index i, then ``update(i)`` in place
    and backward: "refused", or x's gradient (backward weights y by 0, 1, 2, ...)."""
    x = m.tensor(np.arange(12.0).reshape(3, 4) / 7, dtype=m.float64, requires_grad=True)
    index = m.tensor(index_values)
    y = fn(m, x * 1, index)
    y = y[0] if isinstance(y, tuple) else y
    update(index)
    try:
        (y * m.arange(float(y.numel())).reshape(y.shape)).sum().backward()
    except RuntimeError as err:
        if "modified by an inplace operation" not in str(err):
            raise
        return "refused"
    return x.grad.tolist()


def assert_index_update_like_torch(fn, index_values, update, copies=False):
    """Changing an index tensor in place between forward and backward is refused where PyTorch
    refuses it; where allowed, the gradient is PyTorch's. ``copies``: minigrad's op keeps its
    own copy of the index (PyTorch refuses; docs/reliability.md), so the gradient is the one
    of the index as it was at forward."""
    torch = pytest.importorskip("torch")
    ours = index_update_outcome(mg, fn, index_values, update)
    if copies:
        assert index_update_outcome(torch, fn, index_values, update) == "refused"
        assert ours == index_update_outcome(torch, fn, index_values, lambda i: None)
    else:
        assert ours == index_update_outcome(torch, fn, index_values, update)
