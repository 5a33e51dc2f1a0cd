"""Checking an optimizer exercise: the student's step against minigrad's optimizer, step by step.

The student writes a pure step ``step(param, grad, *state, **hyper) ->
(param, *state)``. Both it and the optimizer of :class:`~minigrad.exercises.
catalog.StepCheck` walk down the same small test function

    f(θ) = Σ a ⊙ (θ − c)² + 0.1 Σ θ⁴

in lockstep (each step gets the gradient at the optimizer's θ). After each
step the returned state, then the parameter, are compared with the
optimizer's; the first difference is reported with the step number and a
guess (a step uphill, a constant factor such as a missing bias correction,
state that does not carry over).
"""
import os

import numpy as np

import minigrad as mg
from minigrad.tensor import Tensor

from .feedback import Failed, NotStarted, as_numpy, not_written, returned_type, said
from .diagnose import shape_problem, value_problem

_rng = np.random.default_rng(7)
A, C = _rng.uniform(0.5, 2.0, (2, 3)), _rng.uniform(-1, 1, (2, 3))   # f's curvature, centre
THETA0 = _rng.uniform(-2, 2, (2, 3))                                  # where both start


def gradient(theta):
    """∇f at ``theta`` (a new Tensor)."""
    x = mg.tensor(as_numpy(theta), requires_grad=True)
    (mg.tensor(A) * (x - mg.tensor(C)) ** 2 + 0.1 * x ** 4).sum().backward()
    return x.grad


def _copy(value):
    return mg.tensor(value.array.copy()) if isinstance(value, Tensor) else value


def check_step(spec, module, path):
    """Raise Failed/NotStarted at the first step where ``spec.function`` parts from
    the optimizer."""
    fn = getattr(module, spec.function, None)
    if not callable(fn):
        raise Failed(f"{os.path.basename(path)} should define a function {spec.function}(...)")
    param = mg.nn.Parameter(mg.tensor(THETA0))
    optimizer = spec.optimizer([param])
    state = spec.initial_state(param.detach())
    for t in range(1, spec.steps + 1):
        before = as_numpy(param)
        grad = gradient(param)
        args = [mg.tensor(before), _copy(grad)] + [_copy(s) for s in state]
        result = _call(fn, spec, args, t, path)
        param.grad = grad
        optimizer.step()
        want_state = [optimizer.state[param][key] for key in spec.state_keys]
        labels = [f"step {t}: the returned {n}" for n in ("param",) + spec.state]
        for label, got, want in zip(labels[1:], result[1:], want_state):
            _compare(got, want, label, spec, t)
        delta = value_problem(as_numpy(result[0]) - before, as_numpy(param) - before,
                              f"step {t}: the change of param", factor_hints=spec.factor_hints)
        if delta:
            raise Failed(_carry_over(delta, t))
        state = result[1:]


def _call(fn, spec, args, t, path):
    """The student's step on ``args`` (checked: written, unchanged inputs, Tensors, shapes)."""
    name = spec.function
    watched = list(zip(("param", "grad") + spec.state, args))
    before = [a.array.copy() for _, a in watched if isinstance(a, Tensor)]
    kwargs = dict(spec.hyper, **({"step": t} if spec.pass_step else {}))
    try:
        with mg.no_grad():
            result = fn(*args, **kwargs)
    except NotImplementedError as err:
        raise not_written(err, name, path) from None
    except Exception as err:
        raise Failed(f"step {t}: {name} raised {said(err, path)}") from None
    for (label, a), old in zip([w for w in watched if isinstance(w[1], Tensor)], before):
        if not np.array_equal(a.array, old):
            raise Failed(f"step {t}: {name} changed its argument {label} in place: return new "
                         f"tensors (param - lr * ..., not param -= ...)")
    if result is None:
        raise NotStarted(f"{name} returned None: it is not written yet.")
    n = 1 + len(spec.state)
    names = ("param",) + spec.state
    if not isinstance(result, tuple) or len(result) != n:
        raise Failed(f"{name} should return a tuple ({', '.join(names)}); it returned "
                     f"{type(result).__name__}" + (f" of {len(result)}"
                                                   if isinstance(result, tuple) else ""))
    for label, value in zip(names, result):
        if not isinstance(value, Tensor):
            raise returned_type(f"step {t}: {name}", value, label)
        problem = shape_problem(value.shape, args[0].shape, label, what=f"step {t}: {name}")
        if problem:
            raise Failed(problem)
    return result


def _compare(got, want, label, spec, t):
    """``want``: the optimizer's state, a Tensor or a raw array (as it keeps it)."""
    want = as_numpy(want) if isinstance(want, Tensor) else mg.backend.to_numpy(want)
    problem = value_problem(as_numpy(got), want.astype(np.float64), label,
                            factor_hints=spec.factor_hints)
    if problem:
        raise Failed(_carry_over(problem, t))


def _carry_over(problem, t):
    """After a right first step, a wrong later one usually means the state does not carry."""
    if t > 1 and " — " not in problem:
        right = "step 1 was" if t == 2 else f"steps 1 to {t - 1} were"
        return problem + (f" — {right} right: does your step use the state it is given, and "
                          "return the updated state?")
    return problem
