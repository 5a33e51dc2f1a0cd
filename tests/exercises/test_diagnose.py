"""The diagnoses on their own: each classic mistake, made on purpose, is named."""
import hypothesis.extra.numpy as hnp
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from minigrad.exercises.diagnose import shape_problem, value_problem

SETTINGS = settings(max_examples=40, deadline=None, derandomize=True, database=None)


def arrays(shape):
    """float64 arrays of ``shape`` away from 0, so that ratios are well defined."""
    values = st.floats(0.1, 3.0).flatmap(lambda v: st.sampled_from([v, -v]))
    return hnp.arrays(np.float64, shape, elements=values)


@SETTINGS
@given(shape=hnp.array_shapes(min_dims=1, max_dims=3, max_side=4),
       lead=st.integers(1, 2), data=st.data())
def test_a_gradient_not_summed_over_added_dims_is_a_missing_batch_sum(shape, lead, data):
    batch = tuple(data.draw(st.integers(2, 5)) for _ in range(lead))
    message = shape_problem(batch + shape, shape, "input 1 (y)")
    assert message.startswith(f"your backward returned shape {batch + shape} for input 1 (y) of "
                              f"shape {shape}: did you forget to sum over")
    assert "the batch (dim" in message or "where the input was broadcast" in message


@SETTINGS
@given(shape=hnp.array_shapes(min_dims=1, max_dims=3, min_side=2, max_side=4), data=st.data())
def test_a_reduced_gradient_not_expanded_back_is_said(shape, data):
    dim = data.draw(st.integers(0, len(shape) - 1))
    reduced = shape[:dim] + shape[dim + 1:]
    message = shape_problem(reduced, shape, "input 0 (x)")
    assert "every element of the input needs a gradient" in message
    if len(shape) == 2 and shape[0] != shape[1]:
        assert f"unsqueeze({dim})" in message


@SETTINGS
@given(data=st.data(), c=st.sampled_from([2.0, 0.5, 4.0, 1 / 3]))
def test_sign_flips_and_constant_factors_are_named(data, c):
    want = data.draw(arrays(data.draw(hnp.array_shapes(min_dims=1, max_dims=2, max_side=4))))
    flipped = value_problem(-want, want, "input 0 (x)")
    assert flipped.startswith("input 0 (x): element [") and flipped.endswith("— sign flipped?")
    scaled = value_problem(c * want, want, "input 0 (x)")
    assert scaled.endswith(f"yours is {c:.4g} times the expected value")
    assert value_problem(want * (1 + 1e-12), want, "input 0 (x)") is None


def test_the_other_guesses():
    want = np.array([[1.0, 2.0], [3.0, 4.0]])
    assert value_problem(want.T.copy(), want, "x").endswith("— transposed?")
    assert shape_problem((3, 4), (4, 3), "x").endswith("(4, 3): transposed?")
    assert "sum over dim 1, where the input was broadcast" in shape_problem((4, 3), (4, 1), "x")
    unit = np.array([[0.5, 1.0], [1.5, 2.0]])
    assert "does not depend on grad" in value_problem(unit, want, "x", unit=unit)
    kink = np.array([[True, False], [False, False]])
    assert "sits exactly at the kink" in value_problem(want + kink, want, "x", kink=kink)
    assert "is nan where the input is exactly at the kink" in value_problem(
        np.where(kink, np.nan, want), want, "x", kink=kink)
    assert "a division by zero" in value_problem(np.where(kink, np.inf, want), want, "x")
    assert value_problem(want + 1.0, want, "x") == "x: element [0, 0] expected 1, got 2"
    assert shape_problem((2, 2), (2, 2), "x") is None
    assert value_problem(2 * want, want, "x", factor_hints=((2.0, "doubled?"),)).endswith(
        "— doubled?")
