"""The exercises: for each one, what the checker calls and what it compares with.

An exercise is a skeleton file (``skeletons/NN_name.py``) that the student
completes, and one or more checks on what that file defines:

* :class:`FunctionCheck`: an ``autograd.Function`` whose backward the student
  writes. The checker calls it on every :class:`Case` and compares the
  gradients with those of ``reference``, the same function built from
  minigrad's own ops.
* :class:`StepCheck`: a pure optimizer step ``step(param, grad, *state,
  **hyper) -> (param, *state)``; the checker compares its trajectory with
  ``optimizer`` (minigrad's own) on a small test function.

Inputs are described, not stored: :func:`U` (uniform floats that need a
gradient), :func:`P` (positive floats), :func:`labels`, :func:`mask`, and
plain Python values (a ``dim``, a probability) that are passed through.
"""
from dataclasses import dataclass, field

import numpy as np

import minigrad as mg
import minigrad.nn.functional as F
from minigrad import optim


@dataclass(frozen=True)
class Input:
    """How to make one tensor argument: ``make(rng) -> numpy array``."""
    make: object
    grad: bool = True                  # the checker wants a gradient for it
    kink: float | None = None          # where the derivative is a convention (relu: 0)


def U(*shape, low=-2.0, high=2.0, zeros=False):
    """Uniform float64 values; ``zeros=True`` puts exact zeros at a few places."""
    def make(rng):
        a = rng.uniform(low, high, shape)
        if zeros:
            a.flat[::3] = 0.0
        return a
    return Input(make, kink=0.0 if zeros else None)


def P(*shape):
    """Positive float64 values (for log and denominators)."""
    return Input(lambda rng: rng.uniform(0.5, 2.0, shape))


def labels(n, classes):
    """``n`` int64 class indices below ``classes`` (no gradient)."""
    return Input(lambda rng: rng.integers(0, classes, n), grad=False)


def mask(*shape, p):
    """A fixed 0/1 float64 dropout mask that keeps each element with probability 1 − p."""
    return Input(lambda rng: (rng.uniform(size=shape) >= p).astype(np.float64), grad=False)


@dataclass(frozen=True)
class FunctionCheck:
    function: str                      # the Function subclass the skeleton defines
    names: tuple                       # the forward's argument names, for messages
    reference: object                  # the same function from minigrad's ops
    cases: tuple                       # each a tuple of Inputs and plain values


@dataclass(frozen=True)
class StepCheck:
    function: str                      # the step function the skeleton defines
    state: tuple                       # names of the state it returns after the parameter
    hyper: dict                        # keyword arguments it is called with
    optimizer: object                  # params -> minigrad's optimizer with the same rule
    state_keys: tuple                  # that optimizer's state keys, matching ``state``
    initial_state: object              # param -> the state before step 1
    pass_step: bool = False            # also call it with step=t (t = 1 on the first step)
    factor_hints: tuple = ()           # (factor, what it means) for an update off by a factor
    steps: int = 6


@dataclass(frozen=True)
class Exercise:
    name: str                          # "03_softmax_cross_entropy": also the file's name
    title: str
    checks: tuple = field(default_factory=tuple)


def _batch_norm(x, weight, bias, eps):
    return F.batch_norm(x, None, None, weight, bias, training=True, eps=eps)


EXERCISES = (
    Exercise("01_mul_div", "multiply and divide, with broadcasting", (
        FunctionCheck("Mul", ("x", "y"), lambda x, y: x * y,
                      ((U(4, 3), U(3)), (U(2, 3), U(2, 3)), (U(4, 1), U(1, 3)))),
        FunctionCheck("Div", ("x", "y"), lambda x, y: x / y,
                      ((U(4, 3), P(3)), (U(2, 3), P(2, 3)), (U(3,), P(2, 1)))))),
    Exercise("02_exp_log", "exp and log", (
        FunctionCheck("Exp", ("x",), mg.exp, ((U(4, 3),), (U(5),))),
        FunctionCheck("Log", ("x",), mg.log, ((P(4, 3),), (P(5),))))),
    Exercise("03_softmax_cross_entropy", "softmax and cross-entropy in one op", (
        FunctionCheck("SoftmaxCrossEntropy", ("logits", "target"), F.cross_entropy,
                      ((U(4, 3), labels(4, 3)), (U(2, 5, low=-20, high=20), labels(2, 5)))),)),
    Exercise("04_tanh", "tanh", (
        FunctionCheck("Tanh", ("x",), mg.tanh, ((U(4, 3),), (U(6),))),)),
    Exercise("05_sigmoid", "the logistic sigmoid", (
        FunctionCheck("Sigmoid", ("x",), mg.sigmoid, ((U(4, 3),), (U(6, low=-6, high=6),))),)),
    Exercise("06_relu", "ReLU, and its kink at 0", (
        FunctionCheck("ReLU", ("x",), mg.relu, ((U(4, 3),), (U(3, 4, zeros=True),))),)),
    Exercise("07_sum_mean", "sum and mean over a dim", (
        FunctionCheck("Sum", ("x", "dim", "keepdim"), lambda x, dim, keepdim: x.sum(dim, keepdim),
                      ((U(4, 3), 0, False), (U(2, 3, 4), 1, True), (U(4, 3), -1, False))),
        FunctionCheck("Mean", ("x", "dim", "keepdim"),
                      lambda x, dim, keepdim: x.mean(dim, keepdim),
                      ((U(4, 3), 0, False), (U(2, 3, 4), 1, True), (U(4, 3), -1, False))))),
    Exercise("08_matmul", "matrix product", (
        FunctionCheck("MatMul", ("a", "b"), mg.matmul,
                      ((U(2, 3), U(3, 4)), (U(3, 3), U(3, 3)), (U(1, 5), U(5, 2)))),)),
    Exercise("09_linear", "a linear layer, y = x Wᵀ + b", (
        FunctionCheck("Linear", ("x", "weight", "bias"), F.linear,
                      ((U(4, 3), U(2, 3), U(2)), (U(5, 4), U(4, 4), U(4)))),)),
    Exercise("10_batchnorm", "batch normalization in training mode", (
        FunctionCheck("BatchNorm", ("x", "weight", "bias", "eps"), _batch_norm,
                      ((U(4, 3), U(3), U(3), 1e-5), (U(6, 2), P(2), U(2), 1e-3))),)),
    Exercise("11_dropout", "inverted dropout with a fixed mask", (
        FunctionCheck("InvertedDropout", ("x", "mask", "p"),
                      lambda x, mask, p: x * mask / (1 - p),
                      ((U(4, 3), mask(4, 3, p=0.5), 0.5), (U(2, 5), mask(2, 5, p=0.2), 0.2))),)),
    Exercise("12_sgd_momentum", "one step of SGD with momentum", (
        StepCheck("sgd_momentum_step", ("momentum_buffer",), dict(lr=0.05, momentum=0.9),
                  lambda params: optim.SGD(params, lr=0.05, momentum=0.9),
                  ("momentum_buffer",), lambda p: (None,),
                  factor_hints=((0.1, "PyTorch's momentum buffer starts as b = g and adds g "
                                      "undamped afterwards, b ← μ b + g (no (1 − μ) factor)"),)),)),
    Exercise("13_adam", "one step of Adam", (
        StepCheck("adam_step", ("exp_avg", "exp_avg_sq"),
                  dict(lr=0.05, betas=(0.9, 0.999), eps=1e-8),
                  lambda params: optim.Adam(params, lr=0.05, betas=(0.9, 0.999), eps=1e-8),
                  ("exp_avg", "exp_avg_sq"), lambda p: (mg.zeros_like(p), mg.zeros_like(p)),
                  pass_step=True,
                  factor_hints=((0.1 / 0.001 ** 0.5, "did you forget the bias correction, "
                                 "m̂ = m / (1 − β₁ᵗ) and v̂ = v / (1 − β₂ᵗ)?"),
                                (0.1, "did you forget to bias-correct m, m̂ = m / (1 − β₁ᵗ)?"),
                                (0.001 ** 0.5, "did you forget to bias-correct v, "
                                 "v̂ = v / (1 − β₂ᵗ)?"))),)),
)


def find(key):
    """The exercises ``key`` names: a full name, a number prefix ("03", "3") or a name part."""
    if key.isdigit():
        return [e for e in EXERCISES if int(e.name[:2]) == int(key)]
    return [e for e in EXERCISES if e.name == key] or [e for e in EXERCISES
                                                        if key.lower() in e.name]
