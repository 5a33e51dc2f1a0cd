"""A user's backward that goes wrong is named: a non-Tensor gradient is a TypeError naming the
Function, and gradcheck names the Function whose backward raised (a shape error, say)."""
import pytest

import minigrad as mg
from minigrad.autograd import Function, GradcheckError, gradcheck
from tests.helpers import leaf


class ArrayGrad(Function):
    """y = 2x, whose backward returns the NumPy array instead of a Tensor."""

    @staticmethod
    def forward(ctx, x):
        return x * 2

    @staticmethod
    def backward(ctx, grad):
        return grad.array * 2


class WrongShapes(Function):
    """C = A @ B, whose backward forgets a transpose (a shape error inside it)."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return a @ b

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        return grad @ b, a.T @ grad


class TooFewDims(Function):
    """y = x.sum(0), whose backward returns a gradient that cannot be x's (the engine says so)."""

    @staticmethod
    def forward(ctx, x):
        return x.sum(dim=0)

    @staticmethod
    def backward(ctx, grad):
        return mg.ones(5, dtype=grad.dtype)


def test_backward_returning_an_array_is_a_type_error_naming_the_function():
    x = leaf([1.0, 2.0])
    with pytest.raises(TypeError, match=r"ArrayGrad\.backward returned a numpy array as the "
                                        r"gradient of input 0; return a Tensor"):
        ArrayGrad.apply(x).sum().backward()
    assert x.grad is None
    with pytest.raises(RuntimeError, match="ArrayGrad.backward"):     # PyTorch's exception type
        ArrayGrad.apply(x).sum().backward()
    with pytest.raises(TypeError, match="ArrayGrad.backward"):
        gradcheck(ArrayGrad.apply, [x])


def test_backward_returning_a_number_is_refused_too():
    class NumberGrad(ArrayGrad):
        @staticmethod
        def backward(ctx, grad):
            return 2.0
    with pytest.raises(TypeError, match=r"NumberGrad\.backward returned a float"):
        NumberGrad.apply(leaf([1.0])).sum().backward()


def test_gradcheck_names_the_function_whose_backward_raised():
    a, b = leaf([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), leaf([[1.0], [2.0], [3.0]])
    with pytest.raises(GradcheckError) as err:
        gradcheck(WrongShapes.apply, [a, b])
    msg = str(err.value)
    assert msg.startswith("the backward of WrongShapes raised RuntimeError: matmul")
    assert "test_backward_errors.py" in msg and "return grad @ b, a.T @ grad" in msg
    assert "its inputs have shapes (2, 3), (3, 1); the incoming gradient has shape (2, 1)" in msg
    assert gradcheck(WrongShapes.apply, [a, b], raise_exception=False) is False


def test_gradcheck_leaves_the_engines_own_shape_error_as_it_is():
    with pytest.raises(RuntimeError, match=r"TooFewDims.*invalid gradient") as err:
        gradcheck(TooFewDims.apply, [leaf([[1.0, 2.0], [3.0, 4.0]])])
    assert not isinstance(err.value, GradcheckError)
