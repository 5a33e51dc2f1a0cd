"""autograd.Function in PyTorch 2's style (forward without ctx + setup_context), extra trailing
Nones, mark_non_differentiable, set_materialize_grads, once_differentiable."""
import numpy as np
import pytest

import minigrad as mg
from minigrad.autograd import Function, gradcheck, gradgradcheck
from minigrad.autograd.function import once_differentiable


def lib_functions(T):
    """The same Functions written against a library ``T`` (minigrad or PyTorch)."""

    class ScaledLinear(T.autograd.Function):
        generate_vmap_rule = False

        @staticmethod
        def forward(x, w, b, scale):
            return (x.mm(w.t()) + b) * scale

        @staticmethod
        def setup_context(ctx, inputs, output):
            x, w, b, scale = inputs
            ctx.scale = scale
            ctx.save_for_backward(x, w)

        @staticmethod
        def backward(ctx, grad):
            x, w = ctx.saved_tensors
            g = grad * ctx.scale
            gx = g.mm(w) if ctx.needs_input_grad[0] else None
            gw = g.t().mm(x) if ctx.needs_input_grad[1] else None
            return gx, gw, g.sum(0), None, None          # a trailing None too many

    class SortValues(T.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            values, order = T.sort(x)
            ctx.mark_non_differentiable(order)
            ctx.save_for_backward(order)
            ctx.set_materialize_grads(False)
            return values, order

        @staticmethod
        @T.autograd.function.once_differentiable
        def backward(ctx, grad_values, grad_order):
            (order,) = ctx.saved_tensors
            out = T.zeros_like(grad_values)
            out[order] = grad_values
            return out

    return ScaledLinear, SortValues


def data(T):
    x = T.tensor([[1.0, 2.0, -1.0], [0.5, -3.0, 2.0]], dtype=T.float64, requires_grad=True)
    w = T.tensor([[0.5, -1.0, 2.0], [1.0, 0.3, 1.0]], dtype=T.float64, requires_grad=True)
    b = T.tensor([0.1, -0.2], dtype=T.float64, requires_grad=True)
    return x, w, b


def test_setup_context_style_matches_pytorch():
    torch = pytest.importorskip("torch")
    results = []
    for T in (mg, torch):
        ScaledLinear, _ = lib_functions(T)
        x, w, b = data(T)
        y = ScaledLinear.apply(x, w, b, 3.0)
        (y * y).sum().backward()
        results.append([t.detach().numpy() for t in (y, x.grad, w.grad, b.grad)])
    for m, t in zip(*results):
        np.testing.assert_allclose(m, t, rtol=1e-12)


def test_setup_context_style_passes_gradcheck():
    ScaledLinear, _ = lib_functions(mg)
    x, w, b = data(mg)
    assert gradcheck(lambda x, w, b: ScaledLinear.apply(x, w, b, 0.7), [x, w, b])


def test_grad_fn_is_named_after_the_function():
    ScaledLinear, _ = lib_functions(mg)
    assert ScaledLinear.apply(*data(mg), 1.0).grad_fn.name() == "ScaledLinearBackward"


def test_too_many_gradients_that_are_not_none_is_still_an_error():
    class Bad(Function):
        @staticmethod
        def forward(x):
            return x * 1

        @staticmethod
        def setup_context(ctx, inputs, output):
            pass

        @staticmethod
        def backward(ctx, g):
            return g, g

    with pytest.raises(RuntimeError, match="incorrect number of gradients.*expected 1, got 2"):
        Bad.apply(mg.ones(2, requires_grad=True)).sum().backward()


def test_mark_non_differentiable_and_once_differentiable_match_pytorch():
    torch = pytest.importorskip("torch")
    results = []
    for T in (mg, torch):
        _, SortValues = lib_functions(T)
        z = T.tensor([3.0, 1.0, 2.0], requires_grad=True)
        values, order = SortValues.apply(z)
        assert values.requires_grad and not order.requires_grad and order.grad_fn is None
        (values * T.tensor([1.0, 10.0, 100.0])).sum().backward()
        results.append((values.tolist(), order.tolist(), z.grad.tolist()))
    assert results[0] == results[1]


def test_set_materialize_grads_false_passes_none():
    seen = []

    class Two(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.set_materialize_grads(False)
            return x * 2, x * 3

        @staticmethod
        def backward(ctx, g1, g2):
            seen.append((g1 is None, g2 is None))
            return g1 * 2

    a, _ = Two.apply(mg.ones(2, requires_grad=True))
    a.sum().backward()
    assert seen == [(False, True)]


def test_once_differentiable_refuses_a_second_derivative():
    _, SortValues = lib_functions(mg)
    z = mg.tensor([3.0, 1.0, 2.0], requires_grad=True)
    values, _ = SortValues.apply(z)
    (g,) = mg.autograd.grad((values ** 2).sum(), z, create_graph=True)
    with pytest.raises(RuntimeError, match="differentiate twice a function that was marked "
                                           "with @once_differentiable"):
        g.sum().backward()


def test_once_differentiable_first_order_is_unchanged():
    class Cube(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x ** 3

        @staticmethod
        @once_differentiable
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return g * 3 * x ** 2

    x = mg.tensor([1.0, -2.0], dtype=mg.float64, requires_grad=True)
    assert gradcheck(Cube.apply, [x])
    with pytest.raises(Exception, match="differentiate twice"):
        gradgradcheck(Cube.apply, [x])


@pytest.mark.parametrize("lib", ["minigrad", "torch"])
def test_misuses_of_a_function_are_refused_as_in_pytorch(lib):
    """Saving a number (not a Tensor) and calling an instance (the pre-1.3 style) raise
    PyTorch's errors, with its words."""
    T = mg if lib == "minigrad" else pytest.importorskip("torch")

    class SavesANumber(T.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x, 1.0)
            return x * 2

        @staticmethod
        def backward(ctx, grad):
            return grad * 2

    x = T.ones(2, requires_grad=True)
    with pytest.raises(TypeError, match="save_for_backward can only save variables, but "
                                        "argument 1 is of type float"):
        SavesANumber.apply(x)
    with pytest.raises(RuntimeError, match="Legacy autograd function with non-static forward"):
        SavesANumber()(x)
