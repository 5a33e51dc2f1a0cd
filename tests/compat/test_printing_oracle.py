"""Tensors, shapes and grad_fns print as PyTorch prints them ('torch.' read as 'minigrad.')."""
import hypothesis.extra.numpy as hnp
import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

import minigrad as mg

torch = pytest.importorskip("torch")

GRAD = "T.tensor([[1., -2.], [3., 4.]], requires_grad=True)"
CASES = [
    # ints, bools, floats, 0-d
    "T.tensor([1, 2, 3])", "T.tensor([-10, 200, 3])", "T.tensor([True, False])", "T.tensor(True)",
    "T.tensor(5)", "T.tensor(3.5)", "T.tensor(100.)", "T.tensor(-0.25)", "T.tensor(float('nan'))",
    "T.tensor([1., 2., 3.])", "T.tensor([[1.123456, 2.], [3., -4.]])", "T.zeros(3)",
    "T.tensor([-0.0, 0.0])", "T.tensor([0.1] * 30)", "T.arange(100.) / 7",
    # empty
    "T.tensor([])", "T.zeros(0, 3)", "T.zeros(2, 0, dtype=T.int64)", "T.zeros(0, dtype=T.int32)",
    # summarised (over 1000 elements) and wide
    "T.arange(2000)", "T.arange(2000.).reshape(40, 50)", "T.arange(3000.).reshape(3, 1000)",
    "T.arange(3000.).reshape(1000, 3)", "T.arange(100000).reshape(100, 1000)",
    "T.arange(24.).reshape(2, 3, 4)", "T.zeros(2, 3, 4, 5)",
    # negative, nan/inf, mixed magnitudes (scientific switch)
    "T.tensor([-1.5, 2.25, float('nan'), float('inf')])", "T.tensor([2.0, float('-inf')])",
    "T.tensor([1e-5, 1.0, 1e5])", "T.tensor([1e10, 1.])", "T.tensor([123456.7, 0.5])",
    "T.tensor([[1e20, -1e-20]])", "T.tensor([[1e-8, 1.]], dtype=T.float64)",
    "T.tensor([1e9, 2e9])", "T.tensor([0.00005, 0.5])",
    # dtype suffixes
    "T.tensor([1., 2.], dtype=T.float64)", "T.tensor([[1, 2], [3, 4]], dtype=T.int32)",
    "T.ones(2, 2, dtype=T.float16) / 3", "T.tensor([1, 2], dtype=T.uint8)",
    "T.arange(10).reshape(2, 5) * 1.0001",
    # requires_grad and grad_fn names
    "T.tensor([1., 2.], requires_grad=True)", "T.tensor([1., 2.], dtype=T.float64, requires_grad=True)",
    f"{GRAD} + 1", f"{GRAD} * 2", f"{GRAD} - 1", f"T.ones(2, 2) - {GRAD}", f"1 - {GRAD}", f"{GRAD} / 2", f"-{GRAD}",
    f"{GRAD} ** 2", f"{GRAD} @ T.ones(2, 2)", f"{GRAD}.sum()", f"{GRAD}.sum(1)", f"{GRAD}.mean()",
    f"{GRAD}.mean(0)", f"{GRAD}.tanh()", f"{GRAD}.exp()", f"{GRAD}.relu()", f"{GRAD}.sigmoid()",
    f"{GRAD}.max()", f"{GRAD}.amax(1)", f"{GRAD}.view(4)", f"{GRAD}[0]", f"{GRAD}[:, 1:]",
    f"{GRAD}[[0, 1]]", f"{GRAD}.double()", f"{GRAD}.softmax(1)", f"{GRAD}.log_softmax(1)",
    f"{GRAD}.abs()", f"{GRAD}.clamp(0, 1)", f"{GRAD}.logsumexp(1)", f"T.cat([{GRAD}, {GRAD}])",
    f"T.nn.functional.cross_entropy({GRAD}, T.tensor([0, 1]))",
    f"T.nn.functional.cross_entropy({GRAD}, T.tensor([0, 1]), reduction='none')",
    f"T.nn.functional.linear({GRAD}, T.ones(3, 2), T.zeros(3, requires_grad=True))",
    f"T.nn.functional.mse_loss({GRAD}, T.zeros(2, 2))",
    f"T.nn.functional.mse_loss({GRAD}, T.zeros(2, 2), reduction='none')",
    f"T.nn.functional.binary_cross_entropy_with_logits({GRAD}, T.ones(2, 2))",
    f"T.nn.functional.binary_cross_entropy({GRAD}.sigmoid(), T.ones(2, 2), reduction='sum')",
    f"T.nn.functional.smooth_l1_loss({GRAD}, T.zeros(2, 2))",
    f"T.nn.functional.huber_loss({GRAD}, T.zeros(2, 2))",
    f"T.nn.functional.soft_margin_loss({GRAD}, T.ones(2, 2))",
    f"T.nn.functional.linear({GRAD}, T.ones(3, 2))",
    "T.ones(2) @ T.tensor([1., 2.], requires_grad=True)",
    "T.nn.Parameter(T.ones(2))",
    # named results
    "T.tensor([[1., 3.], [2., 0.]]).max(1)", "T.tensor([[1., 3.], [2., 0.]]).min(0)",
    "T.tensor([[1., 3.], [2., 0.]]).sort(1)", "T.tensor([[1., 3.], [2., 0.]]).topk(1)",
    "T.tensor([[1., 3.], [2., 0.]]).kthvalue(1)", "T.histogram(T.tensor([1., 2., 2.5]), bins=2)",
    # shapes
    "T.zeros(3, 4).shape", "T.zeros(3, 4).size()", "T.zeros(()).shape", "T.zeros(3, 4).shape[1:]",
]


@pytest.mark.parametrize("expr", CASES)
def test_repr_matches_pytorch(expr):
    expected = repr(eval(expr, {"T": torch})).replace("torch.", "minigrad.")
    assert repr(eval(expr, {"T": mg})) == expected


@pytest.mark.parametrize("options", [dict(precision=2), dict(threshold=5, edgeitems=2),
                                     dict(linewidth=40), dict(sci_mode=True),
                                     dict(sci_mode=False), dict(profile="short"),
                                     dict(profile="full"), dict(edgeitems=0, threshold=3)])
def test_set_printoptions_as_pytorch(options):
    exprs = ["T.arange(20.).reshape(4, 5) / 3", "T.tensor([1e-5, 1.0, 1e5])", "T.arange(2000.)"]
    try:
        for lib in (torch, mg):
            lib.set_printoptions(**options)
        for expr in exprs:
            expected = repr(eval(expr, {"T": torch})).replace("torch.", "minigrad.")
            assert repr(eval(expr, {"T": mg})) == expected
        assert mg.get_printoptions() == torch._tensor_str.get_printoptions()
    finally:
        for lib in (torch, mg):
            lib.set_printoptions(profile="default")


def test_printoptions_context_restores():
    with mg.printoptions(precision=1):
        assert repr(mg.tensor([1.25, 2.5])) == "tensor([1.2, 2.5])"
    assert repr(mg.tensor([1.25, 2.5])) == "tensor([1.2500, 2.5000])"


def test_bad_profile_is_named():
    with pytest.raises(ValueError, match="profile must be one of"):
        mg.set_printoptions(profile="long")


def test_size_is_a_tuple():
    s = mg.zeros(2, 3).shape
    assert isinstance(s, mg.Size) and isinstance(s, tuple) and s == (2, 3)
    assert s.numel() == 6 and str(s) == "minigrad.Size([2, 3])"
    assert isinstance(s[1:], mg.Size) and isinstance(s + (4,), mg.Size)
    assert hash(s) == hash((2, 3)) and list(s) == [2, 3]


@pytest.mark.parametrize("spec", ["", "{}", "{:.2f}", "{:+.2f}", "{:10.3e}", "{:>8}", "{:g}"])
@pytest.mark.parametrize("value", ["T.tensor(100.)", "T.tensor(3.14159)", "T.tensor(-2.5, requires_grad=True) * 1",
                                   "T.tensor(7)"])
def test_format_of_0d_tensors(spec, value):
    fmt = spec or "{}"
    try:
        expected = fmt.format(eval(value, {"T": torch}))
    except (TypeError, ValueError) as err:
        with pytest.raises(type(err)):
            fmt.format(eval(value, {"T": mg}))
        return
    assert fmt.format(eval(value, {"T": mg})) == expected


def test_format_of_a_vector_needs_an_empty_spec():
    assert "{}".format(mg.tensor([1.0, 2.0])) == "tensor([1., 2.])"
    with pytest.raises(TypeError):
        "{:.2f}".format(mg.tensor([1.0, 2.0]))


def test_custom_function_node_is_named_like_pytorch():
    class Twice(mg.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g * 2

    y = Twice.apply(mg.ones(1, requires_grad=True))
    assert repr(y) == "tensor([2.], grad_fn=<TwiceBackward>)"       # PyTorch: no number


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(data=st.data(), dtype=st.sampled_from(["float32", "float64", "int64", "int32", "bool"]),
       shape=st.lists(st.integers(0, 5), min_size=0, max_size=3),
       scale=st.sampled_from([1e-6, 1e-3, 1.0, 1e3, 1e9]))
def test_random_tensors_print_as_pytorch(data, dtype, shape, scale):
    values = data.draw(hnp.arrays(np.float64, shape, elements=st.floats(
        -5, 5, allow_nan=False, width=32).map(lambda v: v * scale)))
    if data.draw(st.booleans()):
        values = np.round(values)                   # whole numbers: PyTorch's int mode
    if dtype in ("int64", "int32"):
        values = np.clip(values, -2e9, 2e9)
    array = np.asarray(values).astype(dtype)
    expected = repr(torch.from_numpy(array.copy())).replace("torch.", "minigrad.")
    assert repr(mg.tensor(array)) == expected


DTYPES = ["float16", "half", "float32", "float", "float64", "double", "int8", "int16", "short",
          "int32", "int", "int64", "long", "uint8", "bool"]


@pytest.mark.parametrize("name", DTYPES)
def test_dtypes_print_and_describe_themselves_as_pytorch(name):
    ours, theirs = getattr(mg, name), getattr(torch, name)
    for text in (str, repr, "{}".format, "{!r}".format):
        assert text(ours) == text(theirs).replace("torch.", "minigrad."), text
    assert str(mg.ones(1, dtype=ours).dtype) == str(torch.ones(1, dtype=theirs).dtype).replace(
        "torch.", "minigrad.")
    for attribute in ("is_floating_point", "is_complex", "is_signed", "itemsize"):
        assert getattr(ours, attribute) == getattr(theirs, attribute), attribute


@pytest.mark.parametrize("name", DTYPES)
def test_dtypes_are_numpy_dtypes_to_numpy(name):
    """Equal and hashed as the NumPy dtype both ways; NumPy takes one wherever a dtype goes."""
    ours, numpy_dtype = getattr(mg, name), np.dtype(getattr(mg, name).name)
    assert ours == numpy_dtype and numpy_dtype == ours and not (numpy_dtype != ours)
    assert hash(ours) == hash(numpy_dtype) and {numpy_dtype: 1}[ours] == 1
    assert np.dtype(ours) == numpy_dtype and np.zeros(2, dtype=ours).dtype == numpy_dtype
    assert np.ones(2).astype(ours).dtype == numpy_dtype
    assert mg.tensor(np.zeros(2, numpy_dtype)).dtype is ours
    assert ours != (mg.float64 if ours != mg.float64 else mg.float32)


_NAMED = ["x.t()", "x.transpose(0, 1)", "x.mT", "x.T", "x.squeeze()", "x.squeeze(0)",
          "x.squeeze((0, 1))", "x.unsqueeze(0)", "m.stack([x, x])"] + [
    f"m.nn.functional.{f}(x)" for f in
    ["elu", "hardshrink", "hardsigmoid", "hardtanh", "hardswish", "leaky_relu", "relu6", "selu",
     "celu", "gelu", "silu", "mish", "softplus", "softshrink", "glu", "rrelu"]] + [
    "m.nn.functional.threshold(x, 0.5, 0.0)", "m.nn.functional.prelu(x, m.tensor([0.25]))",
    "m.nn.functional.layer_norm(x, (2,))", "m.nn.functional.group_norm(x[None], 1)",
    "m.nn.LayerNorm(2)(x)", "x.sort()[0]", "x.topk(1)[0]", "x.kthvalue(1)[0]", "x.median()",
    "x.median(1)[0]", "x.masked_fill(x > 0, 0.0)", "m.remainder(x, 2)", "x % 2",
    "x.split(1)[1]", "x.split([1, 1])[0]", "x.chunk(2)[0]", "x.unbind(1)[0]"]


@pytest.mark.parametrize("expression", _NAMED)
def test_composite_and_shared_ops_print_pytorchs_node_name(expression):
    torch = pytest.importorskip("torch")
    names = []
    for m in (mg, torch):
        x = m.tensor([[1.0, -2.0], [3.0, 0.5]], requires_grad=True)
        names.append(eval(expression, {"m": m, "x": x}).grad_fn.name())
    assert names[0] == names[1]


# PyTorch numbers a node by the overload called: sum() 0, sum(dim) 1 even over every dim (a
# 1-d x.sum(-1) printed SumBackward0); x ** tensor is PowBackward1 whether or not the exponent
# needs a gradient (the tutorial's x.unsqueeze(-1).pow(torch.tensor([1, 2, 3])) said 0)
_OVERLOADS = ["x.sum()", "x.sum(0)", "x.sum((0, 1))", "x[0].sum(-1)", "x.sum(dtype=m.float64)",
              "x.mean()", "x.mean(1)", "x[1].mean(0)", "x.mean((0, 1), keepdim=True)",
              "x.prod()", "x.prod(0)", "x[0].prod(0)", "x.max()", "x.min()", "x.amax()",
              "x.amax((0, 1))", "m.amin(x[0], 0)", "x.pow(2)", "x ** 2.5", "x.pow(m.tensor(2))",
              "x.unsqueeze(-1).pow(m.tensor([1, 2]))", "x ** x.detach()", "x.detach() ** x",
              "x ** x", "2 ** x", "m.pow(2, x)", "m.tensor(2.0) ** x"]


@pytest.mark.parametrize("expression", _OVERLOADS)
def test_nodes_are_numbered_by_the_overload_called_as_in_pytorch(expression):
    torch = pytest.importorskip("torch")
    names = []
    for m in (mg, torch):
        x = m.tensor([[1.0, 2.0], [3.0, 0.5]], requires_grad=True)
        names.append(eval(expression, {"m": m, "x": x}).grad_fn.name())
    assert names[0] == names[1]
