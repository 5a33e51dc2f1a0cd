"""fmod (C's remainder, the sign of the dividend): gradients by finite differences, values,
dtypes, errors and node names against PyTorch."""
import hypothesis.extra.numpy as hnp
import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

import minigrad as mg
from tests.helpers import DEVICES, SETTINGS, check, to_numpy

# a on the grid k/4 + 1/8 and b in {±1/2, ±1, ±2}: a/b is never within 1/16 of an integer,
# so finite differences never straddle one of fmod's jumps
DIVIDENDS = st.integers(-16, 15).map(lambda k: k / 4 + 1 / 8)
DIVISORS = st.sampled_from([-2.0, -1.0, -0.5, 0.5, 1.0, 2.0])


@pytest.mark.parametrize("device", DEVICES)
@settings(SETTINGS, max_examples=15)
@given(shapes=hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=3),
       data=st.data())
def test_fmod_gradients_match_finite_differences(device, shapes, data):
    sa, sb = shapes.input_shapes
    a = data.draw(hnp.arrays(np.float64, sa, elements=DIVIDENDS))
    b = data.draw(hnp.arrays(np.float64, sb, elements=DIVISORS))
    check(mg.fmod, mg.tensor(a, device=device, requires_grad=True),
          mg.tensor(b, device=device, requires_grad=True))


def test_fmod_gradient_of_the_divisor_is_minus_the_truncated_quotient():
    a = mg.tensor([7.5, -7.5, 7.5, -7.5], dtype=mg.float64, requires_grad=True)
    b = mg.tensor([2.0, 2.0, -2.0, -2.0], dtype=mg.float64, requires_grad=True)
    mg.fmod(a, b).sum().backward()
    assert a.grad.tolist() == [1.0] * 4 and b.grad.tolist() == [-3.0, 3.0, 3.0, -3.0]


# (dividend, divisor) as code run with m = minigrad or torch
CASES = [
    ("m.tensor([5.5, -5.5, 7.25, -7.25])", "m.tensor([2.0, 2.0, -1.5, -1.5])"),
    ("m.tensor([5.5, -5.5, 7.25], dtype=m.float64)", "m.tensor([2.0], dtype=m.float32)"),
    ("m.tensor([[5.5], [-5.5]])", "m.tensor([2.0, -3.0, 0.75], dtype=m.float64)"),
    ("m.tensor([5.5, -5.5, 0.0, -0.0])", "2"),
    ("m.tensor([5.5, -5.5], dtype=m.float64)", "-2.5"),
    ("m.tensor([5, -5, 7, -7])", "3"),
    ("m.tensor([5, -5, 7, -7])", "-3"),
    ("m.tensor([5, -5, 7, -7])", "2.5"),
    ("m.tensor([5, -5, 7, -7])", "m.tensor([2.5, 2.5, -2.0, -2.0])"),
    ("m.tensor([[5], [-7]])", "m.tensor([3, -2], dtype=m.int32)"),
    ("m.tensor([5.5, -5.5])", "m.tensor([3, -2])"),
    ("m.tensor([5.5, -5.5])", "m.tensor([True, True])"),
    ("m.tensor([True, False])", "2"),
    ("m.tensor([1.0, -2.0, 3.0])", "0.0"),
    ("m.tensor([1, -2, 3])", "0.0"),
    ("m.tensor([5, -5])", "True"),
]


@pytest.mark.parametrize("dividend, divisor", CASES)
def test_fmod_values_dtypes_and_gradients_match_pytorch(dividend, divisor):
    torch = pytest.importorskip("torch")
    ours, theirs = ({"m": m, "a": eval(dividend, {"m": m}), "b": eval(divisor, {"m": m})}
                    for m in (mg, torch))
    for env in (ours, theirs):
        for x in (env["a"], env["b"]):
            if hasattr(x, "dtype") and x.dtype in (env["m"].float32, env["m"].float64):
                x.requires_grad_()
        env["z"] = env["m"].fmod(env["a"], env["b"])
    assert str(ours["z"].dtype).split(".")[1] == str(theirs["z"].dtype).split(".")[1]
    z, expected = to_numpy(ours["z"]), theirs["z"].detach().numpy()
    np.testing.assert_array_equal(z, expected)
    np.testing.assert_array_equal(np.signbit(z), np.signbit(expected))     # -0.0 too
    if theirs["z"].requires_grad:
        w = np.linspace(-1.0, 2.0, theirs["z"].numel()).reshape(theirs["z"].shape)
        for env in (ours, theirs):
            (env["z"] * env["m"].tensor(w, dtype=env["z"].dtype)).sum().backward()
        for x, y in ((ours["a"], theirs["a"]), (ours["b"], theirs["b"])):
            if hasattr(y, "grad") and y.grad is not None:
                np.testing.assert_allclose(to_numpy(x.grad), y.grad.numpy(), rtol=1e-6)
        assert ours["z"].grad_fn.name() == theirs["z"].grad_fn.name()


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_fmod_is_c_fmod_bit_for_bit_as_pytorch(dtype):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    a = (rng.standard_normal(500) * 1e3).astype(dtype)
    b = (rng.standard_normal(500) * 10).astype(dtype)
    a[:4], b[:4] = [np.inf, -0.0, 3.0, -3.0], [2.0, 3.0, np.inf, -np.inf]
    ours = to_numpy(mg.fmod(mg.tensor(a), mg.tensor(b)))
    theirs = torch.fmod(torch.from_numpy(a), torch.from_numpy(b)).numpy()
    assert np.isnan(ours[0]) and np.isnan(theirs[0])
    np.testing.assert_array_equal(ours[1:].view(f"u{a.itemsize}"),
                                  theirs[1:].view(f"u{a.itemsize}"))


@pytest.mark.parametrize("expression, error, message", [
    ("m.fmod(m.tensor([1, 2]), 0)", RuntimeError, "^ZeroDivisionError$"),
    ("m.fmod(m.tensor([1, 2]), m.tensor([3, 0]))", RuntimeError, "^ZeroDivisionError$"),
    ("m.fmod(m.tensor([5, -5]), False)", RuntimeError, "^ZeroDivisionError$"),
    ("m.fmod(m.tensor([True]), m.tensor([True]))", NotImplementedError, "for 'Bool'"),
    ("m.fmod(m.tensor([True]), True)", NotImplementedError, "for 'Bool'"),
    ("m.fmod(3, m.tensor([2.0]))", TypeError, "fmod"),
    ("m.tensor([5, -7]).fmod_(2.5)", RuntimeError, "can't be cast to the desired output type"),
    ("m.tensor([5.0, -7.0]).fmod_(m.tensor([[2.0], [3.0]]))", RuntimeError,
     "doesn't match the broadcast shape"),
])
def test_fmod_refuses_what_pytorch_refuses(expression, error, message):
    torch = pytest.importorskip("torch")
    for m in (mg, torch):
        with pytest.raises(error, match=message):
            eval(expression, {"m": m})


def test_a_refused_in_place_fmod_changes_nothing():
    x = mg.tensor([5, -7])
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        x.fmod_(0)
    assert x.tolist() == [5, -7] and x._version == 0


def test_in_place_fmod_matches_pytorch_in_values_and_gradients():
    torch = pytest.importorskip("torch")
    results = []
    for m in (mg, torch):
        a = m.tensor([5.5, -5.5, 7.25], dtype=m.float64, requires_grad=True)
        b = m.tensor([2.0, -2.0, 1.5], dtype=m.float64, requires_grad=True)
        x = a * 3
        y = x.fmod_(b)
        (y * m.tensor([1.0, 2.0, -1.0], dtype=m.float64)).sum().backward()
        ints = m.tensor([5, -5, 7, -7]).fmod_(3)
        results.append((y.tolist(), a.grad.tolist(), b.grad.tolist(), ints.tolist(),
                        str(ints.dtype).split(".")[-1], y.grad_fn.name(), y is x))
    assert results[0] == results[1]
