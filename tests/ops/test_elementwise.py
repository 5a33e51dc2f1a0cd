"""Elementwise ops: float64 gradcheck + gradgradcheck over hypothesis shapes, on every device."""
import hypothesis.extra.numpy as hnp
import hypothesis.strategies as st
import numpy as np
import pytest
import operator

from hypothesis import given, settings

import minigrad as mg
from tests.helpers import DEVICES, SETTINGS, arrays, check, leaf, shapes, to_numpy
from tests.ops import tools


def away_from_zero(a, gap=0.1):
    """Values kept at least ``gap`` from 0 (where abs, sign, relu, ... have kinks)."""
    return np.where(a >= 0, a + gap, a - gap)


def on_grid(a, offset=0.0):
    """Values on the grid k/4 + offset: two grids with offsets 0 and 1/8 never tie."""
    return np.round(a * 4) / 4 + offset


FAST = settings(SETTINGS, max_examples=10)

# name -> (fn, input transform, smooth)
UNARY = {
    "neg": (mg.neg, None, True),
    "-x": (lambda x: -x, None, True),
    "abs": (lambda x: x.abs(), away_from_zero, True),
    "sign": (mg.sign, away_from_zero, True),
    "exp": (mg.exp, None, True),
    "log": (lambda x: x.log(), lambda a: np.abs(a) + 0.2, True),
    "log1p": (mg.log1p, lambda a: np.abs(a) - 0.8, True),
    "expm1": (lambda x: x.expm1(), None, True),
    "sqrt": (mg.sqrt, lambda a: np.abs(a) + 0.2, True),
    "rsqrt": (lambda x: x.rsqrt(), lambda a: np.abs(a) + 0.2, True),
    "sin": (mg.sin, None, True),
    "cos": (lambda x: x.cos(), None, True),
    "tanh": (mg.tanh, None, True),
    "sigmoid": (lambda x: x.sigmoid(), None, True),
    "relu": (mg.relu, away_from_zero, True),
    "clamp": (lambda x: mg.clamp(x, -1.0, 1.0), lambda a: on_grid(a, 0.125), True),
    "clamp_min": (lambda x: x.clamp(min=-0.5), lambda a: on_grid(a, 0.125), True),
    "clamp_max": (lambda x: x.clip(max=0.5), lambda a: on_grid(a, 0.125), True),
    "pow2": (lambda x: x ** 2, None, True),
    "pow3_int": (lambda x: x.pow(3), None, True),
    "pow_half": (lambda x: x ** 0.5, lambda a: np.abs(a) + 0.2, True),
    "pow_neg": (lambda x: mg.pow(x, -1.5), lambda a: np.abs(a) + 0.2, True),
    "pow0": (lambda x: x ** 0, None, True),
    "rpow": (lambda x: 2.0 ** x, None, True),
    "radd": (lambda x: 2.0 + x, None, True),
    "rsub": (lambda x: 2.0 - x, None, True),
    "rmul": (lambda x: 3 * x, None, True),
    "rdiv": (lambda x: 2.0 / x, away_from_zero, True),
    "add_scalar": (lambda x: x + 1, None, True),
    "sub_scalar": (lambda x: x - 1.5, None, True),
    "div_scalar": (lambda x: x / 4, None, True),
    "add_alpha": (lambda x: mg.add(x, x, alpha=2.0), None, True),
    "sub_alpha": (lambda x: mg.sub(x, x * x, alpha=0.5), None, True),
}


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("name", list(UNARY))
@FAST
@given(data=st.data())
def test_unary_gradcheck(name, device, data):
    fn, transform, smooth = UNARY[name]
    a = data.draw(arrays(data.draw(shapes(min_dims=0, max_dims=3, min_side=0, max_side=3))))
    if transform is not None:
        a = transform(a)
    check(fn, leaf(a, device), second_order=smooth)


def _binary_arrays(data, num_shapes=2, tie_free=False):
    s = data.draw(hnp.mutually_broadcastable_shapes(num_shapes=num_shapes, min_dims=0, max_dims=3,
                                                    min_side=0, max_side=3))
    out = [data.draw(arrays(shape)) for shape in s.input_shapes]
    if tie_free:
        out = [on_grid(a, 0.125 * k) for k, a in enumerate(out)]
    return out


# name -> (fn, (transform a, transform b), tie_free)
BINARY = {
    "add": (lambda a, b: a + b, None, False),
    "add_fn": (mg.add, None, False),
    "sub": (lambda a, b: a - b, None, False),
    "sub_fn": (mg.subtract, None, False),
    "mul": (lambda a, b: a * b, None, False),
    "mul_fn": (mg.multiply, None, False),
    "div": (lambda a, b: a / b, (None, away_from_zero), False),
    "div_fn": (mg.div, (None, away_from_zero), False),
    # b = 0 exactly is kept out: there ∂z/∂a is taken as 0 (as PyTorch), so its derivative
    # in b (PyTorch's too) disagrees with finite differences
    "pow": (lambda a, b: a ** b, (lambda a: np.abs(a) + 0.2, away_from_zero), False),
    "pow_fn": (mg.pow, (lambda a: np.abs(a) + 0.2, away_from_zero), False),
    "maximum": (mg.maximum, None, True),
    "minimum": (lambda a, b: a.minimum(b), None, True),
    "max_binary": (mg.max, None, True),
    "min_binary": (mg.min, None, True),
}


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("name", list(BINARY))
@FAST
@given(data=st.data())
def test_binary_gradcheck_broadcasting(name, device, data):
    fn, transforms, tie_free = BINARY[name]
    a, b = _binary_arrays(data, tie_free=tie_free)
    if transforms:
        a, b = (t(x) if t else x for t, x in zip(transforms, (a, b)))
    check(fn, leaf(a, device), leaf(b, device))


@pytest.mark.parametrize("device", DEVICES)
@FAST
@given(data=st.data())
def test_where_gradcheck_broadcasting(device, data):
    c, a, b = _binary_arrays(data, num_shapes=3)
    cond = mg.tensor(c > 0, device=device)
    check(lambda a, b: mg.where(cond, a, b), leaf(a, device), leaf(b, device))
    check(lambda a: a.where(cond, 0.5), leaf(a, device))


@pytest.mark.parametrize("device", DEVICES)
def test_where_with_scalar_branches_and_tensor_method(device):
    x = leaf([-1.0, 2.0, -3.0], device)
    y = mg.where(x > 0, x, 0.0)
    assert y.dtype == mg.float64
    y.sum().backward()
    assert to_numpy(x.grad).tolist() == [0.0, 1.0, 0.0]


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("op", ["__add__", "__sub__", "__mul__", "__truediv__", "__pow__"])
def test_reflected_operators_with_numpy_and_scalars(device, op):
    x = leaf([0.5, 1.5, 2.5], device)
    fn = getattr(operator, op.strip("_"))
    np.testing.assert_allclose(to_numpy(fn(2.0, x)), fn(2.0, to_numpy(x)))
    np.testing.assert_allclose(to_numpy(fn(x, 2.0)), fn(to_numpy(x), 2.0))
    np.testing.assert_allclose(to_numpy(fn(3, x)), fn(3, to_numpy(x)))
    assert fn(2.0, x).dtype == mg.float64
    if device == "cpu":                                     # ndarray op Tensor -> Tensor
        a = np.array([2.0, 3.0, 4.0])
        out = fn(a, x)
        assert isinstance(out, mg.Tensor) and out.requires_grad
        np.testing.assert_allclose(to_numpy(out), fn(a, to_numpy(x)))


@pytest.mark.parametrize("device", DEVICES)
def test_rmatmul_with_numpy(device):
    x = leaf(np.ones((3, 2)), "cpu")
    a = np.arange(6.0).reshape(2, 3)
    out = a @ x
    assert isinstance(out, mg.Tensor)
    np.testing.assert_allclose(to_numpy(out), a @ np.ones((3, 2)))


@pytest.mark.parametrize("device", DEVICES)
@FAST
@given(data=st.data())
def test_clamp_with_tensor_bounds_gradcheck(device, data):
    x, lo, hi = _binary_arrays(data, num_shapes=3, tie_free=True)
    hi = hi + 1.0
    check(lambda x, lo, hi: mg.clamp(x, lo, hi), leaf(x, device), leaf(lo, device),
          leaf(hi, device))


@pytest.mark.parametrize("device", DEVICES)
def test_comparisons_give_bool_without_grad(device):
    x = leaf([1.0, 2.0, 3.0], device)
    y = leaf([3.0, 2.0, 1.0], device)
    results = {"==": x == y, "!=": x != y, "<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}
    expected = {"==": [0, 1, 0], "!=": [1, 0, 1], "<": [1, 0, 0], "<=": [1, 1, 0],
                ">": [0, 0, 1], ">=": [0, 1, 1]}
    for name, r in results.items():
        assert r.dtype == mg.bool, name
        assert not r.requires_grad and r.grad_fn is None, name
        assert to_numpy(r).tolist() == [bool(v) for v in expected[name]], name
    assert (x > 1.5).tolist() == [False, True, True]
    assert (x.eq(2.0)).tolist() == [False, True, False]
    assert (2.0 < x).tolist() == [False, False, True]


# -- ties, as PyTorch 2.13 (API.md fine print) ---------------------------------------------

@pytest.mark.parametrize("device", DEVICES)
def test_maximum_minimum_ties_give_each_side_half(device):
    a, b = leaf([1.0, 2.0, 3.0], device), leaf([2.0, 2.0, 2.0], device)
    ga, gb = mg.autograd.grad(mg.maximum(a, b).sum(), [a, b])
    assert to_numpy(ga).tolist() == [0.0, 0.5, 1.0] and to_numpy(gb).tolist() == [1.0, 0.5, 0.0]
    ga, gb = mg.autograd.grad(mg.minimum(a, b).sum(), [a, b])
    assert to_numpy(ga).tolist() == [1.0, 0.5, 0.0] and to_numpy(gb).tolist() == [0.0, 0.5, 1.0]


@pytest.mark.parametrize("name", ["maximum", "minimum"])
def test_maximum_minimum_give_both_sides_the_gradient_where_one_is_nan(name):
    """PyTorch masks only the side that lost; with a NaN neither side lost."""
    torch = pytest.importorskip("torch")
    a, b = [1.0, np.nan, 3.0, np.nan], [np.nan, 2.0, 3.0, np.nan]
    grads = []
    for m in (mg, torch):
        x, y = (m.tensor(v, dtype=m.float64, requires_grad=True) for v in (a, b))
        (getattr(m, name)(x, y) * m.tensor([1.0, 2.0, 3.0, 4.0], dtype=m.float64)).sum().backward()
        grads.append((x.grad.tolist(), y.grad.tolist()))
    assert grads[0] == grads[1] == ([1.0, 2.0, 1.5, 4.0], [1.0, 2.0, 1.5, 4.0])
    check(getattr(mg, name), leaf([1.0, 2.5, -1.0]), leaf([0.5, 3.0, 2.0]))


# -- type promotion, as PyTorch 2.13 (API.md fine print) -----------------------------------

def t(dtype, shape=(2,), device="cpu"):
    return mg.ones(shape, dtype=dtype, device=device)


PROMOTION = [  # (expression, expected dtype): PyTorch 2.13's answers
    (lambda d: t(mg.float32, device=d) * 2.0, mg.float32),
    (lambda d: t(mg.float16, device=d) + 2.5, mg.float16),
    (lambda d: 2.0 * t(mg.float32, device=d), mg.float32),
    (lambda d: t(mg.int64, device=d) * 2.5, mg.float32),
    (lambda d: t(mg.int64, device=d) / 2, mg.float32),
    (lambda d: t(mg.int32, device=d) / t(mg.int32, device=d), mg.float32),
    (lambda d: t(mg.int32, device=d) + t(mg.float16, device=d), mg.float16),
    (lambda d: t(mg.int64, device=d) + t(mg.float64, device=d), mg.float64),
    (lambda d: t(mg.float32, device=d) + t(mg.float64, (), d), mg.float32),
    (lambda d: t(mg.int32, device=d) + t(mg.float64, (), d), mg.float64),
    (lambda d: t(mg.int32, device=d) + t(mg.int64, (), d), mg.int32),
    (lambda d: t(mg.int32, (), d) + t(mg.float16, (), d), mg.float16),
    (lambda d: t(mg.float64, (), d) * t(mg.float32, (), d), mg.float64),
    (lambda d: t(mg.bool, device=d) + 1, mg.int64),
    (lambda d: t(mg.bool, device=d) + 1.5, mg.float32),
    (lambda d: t(mg.float16, device=d) + t(mg.float32, device=d), mg.float32),
    (lambda d: t(mg.uint8, device=d) + t(mg.int8, device=d), mg.int16),
    (lambda d: t(mg.int32, device=d) ** 2, mg.int32),
    (lambda d: t(mg.int32, device=d) ** 2.0, mg.float32),
    (lambda d: 2 ** t(mg.int32, device=d), mg.int32),
    (lambda d: 2.0 ** t(mg.int32, device=d), mg.float32),
    (lambda d: t(mg.bool, device=d).sum(), mg.int64),
    (lambda d: t(mg.int32, device=d).sum(), mg.int64),
    (lambda d: mg.where(t(mg.bool, device=d), t(mg.float32, device=d), 2.0), mg.float32),
    (lambda d: mg.where(t(mg.bool, device=d), t(mg.int32, device=d), 2.0), mg.float32),
    (lambda d: mg.cat([t(mg.int32, device=d), t(mg.float16, device=d)]), mg.float16),
    (lambda d: mg.maximum(t(mg.int32, device=d), t(mg.float32, device=d)), mg.float32),
]


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("case", range(len(PROMOTION)))
def test_type_promotion_as_pytorch(device, case):
    expr, expected = PROMOTION[case]
    assert expr(device).dtype == expected


def test_integer_division_gives_float_values():
    assert (mg.tensor([1, 2]) / mg.tensor([2, 2])).tolist() == [0.5, 1.0]
    assert (mg.tensor([3, 4]) // 2).tolist() == [1, 2]


_ROUNDING_OPERANDS = {
    "int64": "m.tensor([7, -7, 3, -1])", "int32": "m.tensor([7, -7, 3, -1], dtype=m.int32)",
    "float32": "m.tensor([7., -7., 3.5, -1.])", "float16": "m.tensor([7., -7., 3.5, -1.], dtype=m.half)",
    "bool": "m.tensor([True, False, True, True])",
}
_DIVISORS = ["2", "-2.5", "m.tensor([2, 2, -2, 3])", "m.tensor(-2)", "m.tensor(2.5)",
             "m.tensor([2., -4., 2., 3.], dtype=m.float64)"]


@pytest.mark.parametrize("a", sorted(_ROUNDING_OPERANDS))
@pytest.mark.parametrize("b", _DIVISORS)
def test_rounding_division_and_remainder_dtypes_and_values_as_pytorch(a, b):
    """``//``, ``%`` (both ways round), ``div(rounding_mode=)`` and ``div_``: PyTorch's dtype
    (float32 // int64 stays float32, int32 // 2 stays int32) and its values."""
    torch = pytest.importorskip("torch")
    expressions = [f"{a} // {b}", f"{a} % {b}", f"m.div({a}, {b}, rounding_mode='trunc')",
                   f"m.div({a}, {b}, rounding_mode='floor')", f"7 % {a}", f"7.5 // {a}"]
    for expression in expressions:
        outcomes = []
        for m in (mg, torch):
            try:
                with np.errstate(divide="ignore", invalid="ignore"):
                    out = eval(expression.replace(a, _ROUNDING_OPERANDS[a]), {"m": m})
                outcomes.append((str(out.dtype).split(".")[1], out.tolist()))
            except RuntimeError as err:              # bool // bool, x % 0 for integers
                outcomes.append(type(err).__name__)
        assert outcomes[0] == outcomes[1], expression


def test_div_in_place_takes_rounding_mode_and_checks_it():
    torch = pytest.importorskip("torch")
    for mode in ("trunc", "floor"):
        x, tx = mg.tensor([7, -7, 5]), torch.tensor([7, -7, 5])
        assert x.div_(2, rounding_mode=mode) is x and x._version == 1
        assert x.tolist() == tx.div_(2, rounding_mode=mode).tolist()
    with pytest.raises(RuntimeError, match="rounding_mode"):
        mg.div(mg.ones(2), 2, rounding_mode="round")


def test_float64_default_dtype_then_scalars_follow_it():
    mg.set_default_dtype(mg.float64)
    try:
        assert (mg.ones(2, dtype=mg.int64) * 2.5).dtype == mg.float64
        assert (mg.ones(2, dtype=mg.float32) * 2.5).dtype == mg.float32
    finally:
        mg.set_default_dtype(mg.float32)


# -- issue 9: saved tensors as PyTorch's, bad input as PyTorch refuses it ---------------------

_rng = np.random.default_rng(9)
_A, _B, _P = _rng.standard_normal((3, 4)), _rng.standard_normal(4), _rng.uniform(0.5, 2, 4)
INPLACE = {          # each saves what PyTorch's derivatives.yaml saves (inputs or the result)
    "add": (lambda m, a, b: a + b, [_A, _B]),
    "sub": (lambda m, a, b: a - b, [_A, _B]),
    "mul": (lambda m, a, b: a * b, [_A, _B]),
    "x * 2": (lambda m, a: a * 2, [_A]),
    "div": (lambda m, a, b: a / b, [_A, _P]),
    "x / 2": (lambda m, a: a / 2, [_A]),
    "2 / x": (lambda m, a: 2 / a, [_P]),
    "x ** 2": (lambda m, a: a ** 2, [_A]),
    "x ** w": (lambda m, a, b: a ** b, [np.abs(_A) + 0.5, _B]),
    "2 ** x": (lambda m, a: 2 ** a, [_A]),
    "where": (lambda m, a, b: m.where(a > 0, a, b), [_A, _B]),
    "maximum": (lambda m, a, b: m.maximum(a, b), [_A, _B]),
    "minimum": (lambda m, a, b: m.minimum(a, b), [_A, _B]),
}


@pytest.mark.parametrize("where", tools.INPLACE_WHERE)
@pytest.mark.parametrize("name", INPLACE)
def test_inplace_before_backward_refused_exactly_where_pytorch_refuses(name, where):
    tools.assert_inplace_like_torch(*INPLACE[name], where)


def test_the_result_of_div_and_pow_may_be_updated_in_place():
    x, w = leaf([1.0, 2.0]), leaf([4.0, 8.0])
    for y, grads in ((x / 2, [[0.5, 0.5]]), (2 / x, [[-2.0, -0.5]]),
                     (x / w, [[0.25, 0.125], [-1 / 16, -2 / 64]]), (x ** 2, [[2.0, 4.0]])):
        x.grad = w.grad = None
        y += 1
        y.sum().backward()
        assert [t.grad.tolist() for t in (x, w) if t.grad is not None] == grads


class _Scaled(mg.autograd.Function):
    """f(x, w) = x² / w, with a backward that updates its Div and Pow results in place."""

    @staticmethod
    def forward(ctx, x, w):
        ctx.save_for_backward(x, w)
        return x ** 2 / w

    @staticmethod
    def backward(ctx, grad):
        x, w = ctx.saved_tensors
        gx = x / w
        gx *= 2 * grad                        # in place on Div's result, under create_graph
        gw = x ** 2
        gw /= -(w * w)                        # in place on Pow's result
        return gx, gw * grad


def test_gradgradcheck_of_a_custom_op_updating_div_and_pow_results_in_place():
    x, w = leaf([0.5, -1.5, 2.0]), leaf([1.5, 2.5, 0.7])
    check(_Scaled.apply, x, w)


@pytest.mark.parametrize("expression", [
    "m.tensor([5, 3]) // 0", "m.tensor([5, 3]) % 0", "m.tensor([5, 3]) // m.tensor([0, 1])",
    "5 // m.tensor([0])", "m.tensor([5, 3]).div(0, rounding_mode='trunc')",
    "m.tensor([5., 3.]) // 0", "m.tensor([5, 3]) // 0.0",
    "m.tensor([2, 3]) ** -1", "m.tensor([2, 3]) ** -1.0", "m.tensor([2, -1, 1]) ** m.tensor([-1, -1, -2])",
    "m.where(m.tensor([1., 0.]), m.tensor([1., 2.]), m.tensor([3., 4.]))",
    "m.where(m.tensor([1, 0]), m.tensor([1., 2.]), m.tensor([3., 4.]))",
])
def test_integer_division_powers_and_where_conditions_as_pytorch(expression):
    torch = pytest.importorskip("torch")

    def outcome(m):
        try:
            with np.errstate(divide="ignore"):
                return eval(expression, {"m": m}).tolist()
        except RuntimeError as err:
            return str(err)
    assert outcome(mg) == outcome(torch)


@pytest.mark.parametrize("expression", [
    "m.tensor([True, False]) - 1", "1.5 - m.tensor([True, False])", "m.ones(2) - m.tensor([True, False])",
    "m.tensor([True]) - m.tensor([True])", "m.sub(m.ones(2), True)",
    "m.zeros(2, 3).__setitem__(0, m.ones(2))",
])
def test_bool_subtraction_and_mismatched_setitem_raise_runtime_error_as_pytorch(expression):
    torch = pytest.importorskip("torch")
    for m in (mg, torch):
        with pytest.raises(RuntimeError):
            eval(expression, {"m": m})


def test_remainder_matches_pytorch_and_its_gradient_checks():
    torch = pytest.importorskip("torch")
    a, b = np.array([5.5, -5.5, 3.0, -7.25]), np.array([2.0, 2.0, -2.0, 1.5])
    for m in (mg, torch):
        assert (m.remainder(m.tensor([True, False]), 2)).tolist() == [1, 0]
    ours, theirs = (m.remainder(m.tensor(a), m.tensor(b)) for m in (mg, torch))
    np.testing.assert_array_equal(to_numpy(ours), theirs.numpy())
    assert mg.tensor(a).remainder(2.0).tolist() == torch.tensor(a).remainder(2.0).tolist()
    check(mg.remainder, leaf(a), leaf(b))


def test_negating_a_bool_tensor_is_refused_as_in_pytorch():
    with pytest.raises(RuntimeError, match="Negation, the `-` operator, on a bool tensor is not "
                                           "supported"):
        -mg.tensor([True, False])
    assert (-mg.tensor([1, -2])).tolist() == [-1, 2]
