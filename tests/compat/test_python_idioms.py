"""Python-level idioms of student code that must behave as in PyTorch: ``x == None`` is plain
False (``if bias == None:`` on a many-element tensor), and a slice step must be positive
(PyTorch has no negative strides; ``x[::-1]`` is ``x.flip(0)``)."""
import pytest

import minigrad as mg


def test_comparing_with_none_is_python_identity():
    x = mg.arange(4.0)
    assert (x == None) is False and (x != None) is True        # noqa: E711 - the idiom itself
    assert (None == x) is False and (None != x) is True        # noqa: E711
    assert (x == 2).tolist() == [False, False, True, False]     # tensors and numbers: elementwise
    assert (x != mg.ones(4)).tolist() == [True, False, True, True]


@pytest.mark.parametrize("index, message", [(slice(None, None, -1), "step must be greater than zero"),
                                            (slice(0, 3, 0), "slice step cannot be zero"),
                                            ((0, slice(None, None, -2)), "step must be greater")])
def test_slice_steps_must_be_positive(index, message):
    x = mg.arange(6.0).view(2, 3)
    with pytest.raises(ValueError, match=message):
        x[index]
    with pytest.raises(ValueError, match=message):
        x[index] = 0.0
    assert x.tolist() == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]    # a failed call changes nothing
    assert x[:, ::2].tolist() == [[0.0, 2.0], [3.0, 5.0]]


def test_same_as_pytorch():
    torch = pytest.importorskip("torch")
    for T in (mg, torch):
        x = T.arange(5)
        got = [x == None, x != None]                            # noqa: E711
        for index in (slice(None, None, -1), slice(None, None, 0)):
            try:
                x[index]
                got.append(None)
            except ValueError as err:
                got.append(str(err))
        if T is mg:
            ours = got
    assert ours == got
