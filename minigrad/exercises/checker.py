"""The checker: run a student's exercise file and say, in plain words, what is wrong.

For a Function exercise, each case (inputs of a few shapes) is run through the
student's ``forward``; then their ``backward`` is called directly — not via
the engine, which would quietly sum a broadcast gradient or convert an array
— with a random incoming gradient. What it returns is checked in the order a
student needs: written at all, one gradient per input, Tensors, the right
shapes, inputs left unchanged, and the values against minigrad's own ops
(:mod:`~minigrad.exercises.diagnose` guesses the mistake). Finally
:func:`~minigrad.autograd.gradcheck` compares the whole Function with finite
differences. Optimizer exercises are checked in :mod:`~minigrad.exercises.steps`.

An exception from the student's code is reported as one or two lines with
their file and line, never as a traceback; code that runs past the time limit
(an endless loop) is stopped and reported with the line it was on.
"""
import contextlib
import importlib.util
import os
import signal
import threading
import warnings
from dataclasses import dataclass, field

import numpy as np

import minigrad as mg
from minigrad.autograd import Function, GradcheckError, gradcheck
from minigrad.tensor import Tensor

from .catalog import FunctionCheck, Input
from .diagnose import shape_problem, value_problem
from .feedback import Failed, NotStarted, _frame, as_numpy, not_written, returned_type, said
from .steps import check_step


@dataclass
class Result:
    exercise: str
    status: str                        # "passing", "failing" or "not started"
    messages: list = field(default_factory=list)

    @property
    def passed(self):
        return self.status == "passing"


def check(exercise, path, time_limit=20):
    """Check the file ``path`` against ``exercise``; a :class:`Result`, never an exception.
    The student's code gets ``time_limit`` seconds in all (None: no limit)."""
    if not os.path.exists(path):
        return Result(exercise.name, "not started", [f"no file {path} (run `minigrad exercises "
                                                     "start` to copy the skeletons)"])
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings(), _stopped_after(time_limit):
            warnings.simplefilter("ignore")      # the student's NaNs are reported, not warned
            return _check(exercise, path)
    except _TimeUp as err:
        frame = _frame(err, path)
        where = f" at line {frame.lineno} of {os.path.basename(path)}: `{frame.line}`" if frame \
            else ""
        return Result(exercise.name, "failing", [
            f"stopped after {time_limit} s{where}: does a loop never end?"])


class _TimeUp(BaseException):
    """Raised into the student's code when its time is up (not an Exception, so that no
    ``except Exception`` on the way, theirs or the checker's, can swallow it)."""


@contextlib.contextmanager
def _stopped_after(seconds):
    """Interrupt the code inside after ``seconds``, with a timer signal: on Unix, in the main
    thread (elsewhere there is no limit)."""
    if (not seconds or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()):
        yield
        return

    def time_up(signum, frame):
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, time_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _check(exercise, path):
    try:
        module = load(path)
    except Failed as err:
        return Result(exercise.name, "failing", [str(err)])
    messages, started = [], False
    for spec in exercise.checks:
        try:
            (check_function if isinstance(spec, FunctionCheck) else check_step)(spec, module, path)
            started = True
        except NotStarted as err:
            messages.append(str(err))
        except Failed as err:
            started = True
            messages.append(str(err))
        except Exception as err:       # a bug of the checker's, still said in one line
            started = True
            messages.append(f"{spec.function}: the checker itself failed ({type(err).__name__}: "
                            f"{err}); please report this")
    status = "passing" if not messages else "failing" if started else "not started"
    return Result(exercise.name, status, messages)


def load(path):
    """Import the student's file as a fresh module (a Failed if it does not import)."""
    spec = importlib.util.spec_from_file_location(f"_exercise_{os.path.basename(path)[:-3]}",
                                                  path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except SyntaxError as err:
        raise Failed(f"{os.path.basename(path)} does not run: line {err.lineno}: "
                     f"SyntaxError: {err.msg}") from None
    except Exception as err:
        raise Failed(f"{os.path.basename(path)} does not run: {said(err, path)}") from None
    return module


def _arguments(spec, case, rng):
    """The case's arguments: Tensors for the Inputs (float64 or int64), plain values as given."""
    args = []
    for item in case:
        if isinstance(item, Input):
            value = item.make(rng)
            args.append(mg.tensor(value, requires_grad=item.grad and value.dtype.kind == "f"))
        else:
            args.append(item)
    return args


def _fresh(args):
    """Copies of ``args`` (new leaves) so that what one call does cannot touch the next."""
    return [mg.tensor(a.array.copy(), requires_grad=a.requires_grad) if isinstance(a, Tensor)
            else a for a in args]


def _describe(spec, args):
    parts = [f"{n} {tuple(a.shape)}" if isinstance(a, Tensor) else f"{n}={a!r}"
             for n, a in zip(spec.names, args)]
    return f"{spec.function}({', '.join(parts)})"


def check_function(spec, module, path):
    """Raise Failed/NotStarted with the first problem of ``spec.function``; None if it passes."""
    fn = getattr(module, spec.function, None)
    if not (isinstance(fn, type) and issubclass(fn, Function)):
        raise Failed(f"{os.path.basename(path)} should define `class {spec.function}(Function)`")
    for number, case in enumerate(spec.cases):
        args = _arguments(spec, case, np.random.default_rng(number))
        try:
            _check_case(fn, spec, case, args, path)
        except NotStarted:
            raise
        except Failed as err:
            raise Failed(f"{_describe(spec, args)}: {err}") from None
    for number, case in enumerate(spec.cases):          # finite differences, away from kinks
        if not any(isinstance(i, Input) and i.kink is not None for i in case):
            _gradcheck(fn, spec, _arguments(spec, case, np.random.default_rng(number)), path)


def _check_case(fn, spec, case, args, path):
    name = spec.function
    with mg.enable_grad():
        try:
            out = fn.apply(*args)
        except Exception as err:
            raise Failed(f"{name}.forward raised {said(err, path)}") from None
        expected_out = spec.reference(*_fresh(args))
    if not isinstance(out, Tensor) or out.grad_fn is None:
        raise Failed(f"{name}.forward should return a Tensor; it returned {type(out).__name__}")
    if not np.allclose(as_numpy(out), as_numpy(expected_out), rtol=1e-6, atol=1e-9):
        raise Failed(f"{name}.forward computes something else than it did in the skeleton: "
                     "the forward is given, leave it as it was")
    rng = np.random.default_rng(42)
    upstream = mg.tensor(rng.uniform(0.5, 1.5, out.shape) * rng.choice([-1.0, 1.0], out.shape))
    watched = [(f"input {k} ({n})", a) for k, (n, a) in enumerate(zip(spec.names, args))
               if isinstance(a, Tensor)] + [("its saved output", out), ("grad", upstream)]
    before = [t.array.copy() for _, t in watched]
    try:
        with mg.no_grad():
            result = fn.backward(out.grad_fn, upstream)
    except NotImplementedError as err:
        raise not_written(err, f"{name}.backward", path) from None
    except Exception as err:
        raise Failed(f"{name}.backward raised {said(err, path)}") from None
    for (label, t), old in zip(watched, before):
        if not np.array_equal(t.array, old, equal_nan=True):
            raise Failed(f"{name}.backward changed {label} in place (an `x *= ...`, `.add_()` "
                         "or `x[...] = ...`?): compute new tensors and leave what it is given "
                         "as it was")
    if result is None:
        raise NotStarted(f"{name}.backward returned None: it is not written yet.")
    result = result if isinstance(result, tuple) else (result,)
    if len(result) < len(args) or any(r is not None for r in result[len(args):]):
        raise Failed(f"{name}.backward returned {len(result)} value(s); it must return one per "
                     f"argument of forward ({', '.join(spec.names)}), None for those without "
                     "a gradient")
    _compare(spec, case, args, result, upstream)


def _compare(spec, case, args, result, upstream):
    """The returned gradients against those of ``spec.reference`` (and of an upstream of ones)."""
    wrt = [k for k, a in enumerate(args) if isinstance(a, Tensor) and a.requires_grad]
    with mg.enable_grad():
        ref_args = _fresh(args)
        out, xs = spec.reference(*ref_args), [ref_args[k] for k in wrt]
        want = mg.autograd.grad(out, xs, upstream, retain_graph=True)
        unit = mg.autograd.grad(out, xs, mg.ones_like(out))
    for k, w, u in zip(wrt, want, unit):
        label, got = f"input {k} ({spec.names[k]})", result[k]
        if got is None:
            raise Failed(f"{spec.function}.backward returned None for {label}, which needs a "
                         "gradient")
        if not isinstance(got, Tensor):
            raise returned_type(f"{spec.function}.backward", got, label)
        problem = shape_problem(got.shape, args[k].shape, label)
        if not problem and got.dtype != args[k].dtype:
            problem = (f"your backward returned {got.dtype} for {label}, which is "
                       f"{args[k].dtype}: make new tensors with dtype={spec.names[k]}.dtype")
        kink = case[k].kink if isinstance(case[k], Input) else None
        problem = problem or value_problem(
            as_numpy(got), as_numpy(w), label, unit=as_numpy(u),
            kink=None if kink is None else as_numpy(args[k]) == kink)
        if problem:
            raise Failed(problem)


def _gradcheck(fn, spec, args, path):
    """gradcheck the whole Function (float64 finite differences) at ``args``."""
    wrt = [k for k, a in enumerate(args) if isinstance(a, Tensor) and a.requires_grad]

    def call(*xs):
        full = list(args)
        for k, x in zip(wrt, xs):
            full[k] = x
        return fn.apply(*full)
    try:
        gradcheck(call, [args[k] for k in wrt])
    except GradcheckError as err:
        lines = str(err).splitlines()
        raise Failed(f"{_describe(spec, args)}: gradcheck disagrees: " + " ".join(lines[:4]))
    except Exception as err:
        raise Failed(f"{_describe(spec, args)}: gradcheck failed: {said(err, path)}") from None
