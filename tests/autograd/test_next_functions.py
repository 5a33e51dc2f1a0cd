"""next_functions lists what PyTorch lists: one entry per Tensor argument (numbers wrapped as
Tensors by PyTorch's arithmetic count too; options such as a dim do not)."""
import pytest

import minigrad as mg

torch = pytest.importorskip("torch")

CASES = {
    "x * 2": lambda m, x: x * 2,
    "2 * x": lambda m, x: 2 * x,
    "x + 1": lambda m, x: x + 1,
    "x - 1": lambda m, x: x - 1,
    "x / 2": lambda m, x: x / 2,
    "x * x": lambda m, x: x * x,
    "x ** 2": lambda m, x: x ** 2,
    "x.clamp(0)": lambda m, x: x.clamp(0),
    "x.sum(0)": lambda m, x: x.sum(0),
    "x.mean(0, keepdim=True)": lambda m, x: x.mean(0, keepdim=True),
    "x.sum()": lambda m, x: x.sum(),
    "softmax": lambda m, x: m.nn.functional.softmax(x, 1),
    "cross_entropy": lambda m, x: m.nn.functional.cross_entropy(x @ m.ones(3, 3),
                                                                 m.tensor([0, 2])),
    "mse_loss": lambda m, x: m.nn.functional.mse_loss(x, m.zeros(2, 3)),
    "linear without bias": lambda m, x: m.nn.functional.linear(x, m.ones(4, 3)),
}


def _names(m, expression):
    x = m.ones(2, 3, requires_grad=True)
    node = CASES[expression](m, x).grad_fn
    return [None if f is None else f.name() for f, _ in node.next_functions]


@pytest.mark.parametrize("expression", sorted(CASES))
def test_next_functions_as_pytorch(expression):
    ours, theirs = _names(mg, expression), _names(torch, expression)
    assert len(ours) == len(theirs), (ours, theirs)
    assert [n is None for n in ours] == [n is None for n in theirs], (ours, theirs)


def test_a_custom_function_lists_its_tensor_arguments_only():
    """PyTorch's Function.apply makes edges for Tensors only: a number argument has none,
    though backward still returns a gradient (None) for it."""
    results = []
    for m in (mg, torch):
        class Scale(m.autograd.Function):
            @staticmethod
            def forward(ctx, a, k):
                return a * k

            @staticmethod
            def backward(ctx, g):
                return g * 2, None

        x = m.ones(3, requires_grad=True)
        y = Scale.apply(x, 2.0)
        y.sum().backward()
        results.append((len(y.grad_fn.next_functions), x.grad.tolist()))
    assert results[0] == results[1] == (1, [2.0, 2.0, 2.0])
