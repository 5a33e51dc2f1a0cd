"""``detect_anomaly``: stop at the first op whose forward or backward makes NaN or Inf.

Inside the context every op records where the user's code created it, and
each forward output and backward gradient is checked; the error names the op
and that place.
"""
import os
import sys
import traceback

from .. import backend
from . import function
from .function import _anomaly

_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _user_frame():
    """The innermost stack frame outside minigrad: where the user called the op."""
    for frame in reversed(traceback.extract_stack()):
        if not os.path.abspath(frame.filename).startswith(_PACKAGE):
            return f'File "{frame.filename}", line {frame.lineno}, in {frame.name}\n    {frame.line}'
    return "(inside minigrad)"


def _bad(array):
    """'nan' or 'inf' if a float array holds one, else None."""
    if array.dtype.kind != "f":
        return None
    xp = backend.xp(array)
    if bool(xp.isnan(array).any()):
        return "nan"
    if bool(xp.isinf(array).any()):
        return "inf"
    return None


def _in_backward():
    """Whether an op runs inside some node's backward (the engine's ``_call_backward``)."""
    from .engine import _call_backward
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code is _call_backward.__code__:
            return True
        frame = frame.f_back
    return False


def check_forward(fn, outputs):
    """NaN/Inf in an op's output. Ops run by a backward are left to :func:`check_backward`,
    which names the backward node and where its forward op was created."""
    if not any(_bad(out) for out in outputs) or _in_backward():
        return
    for i, out in enumerate(outputs):
        what = _bad(out)
        if what:
            raise RuntimeError(f"Function '{fn.__name__}' returned {what} values in its output {i} "
                               f"(forward). It was called at:\n  {_user_frame()}")


def check_backward(node, grads):
    for i, g in enumerate(grads):
        what = isinstance(g, function.Tensor) and _bad(g.array)     # (a wrong type: the engine says so)
        if what:
            raise RuntimeError(f"Function '{node.name()}' returned {what} values in its {i}th "
                               f"output (the gradient for input {i}). The forward op was created "
                               f"at:\n  {node.created_at or '(unknown: created outside detect_anomaly)'}")


class detect_anomaly:
    """Context manager (and decorator) that turns on anomaly detection."""

    def __init__(self, check_nan=True):
        self.check_nan = check_nan

    def __enter__(self):
        self.prev = _anomaly["enabled"]
        _anomaly["enabled"] = self.check_nan
        return self

    def __exit__(self, *exc):
        _anomaly["enabled"] = self.prev

    def __call__(self, fn):
        def wrapper(*args, **kwargs):
            with detect_anomaly(self.check_nan):
                return fn(*args, **kwargs)
        return wrapper


class set_detect_anomaly:
    """Turn anomaly detection on or off now (``torch.autograd.set_detect_anomaly(True)``); as
    a context manager, ``with set_detect_anomaly(True):``, the previous setting comes back on
    exit (PyTorch's class of that name). ``check_nan=False`` turns the checks off."""

    def __init__(self, mode, check_nan=True):
        self.prev = _anomaly["enabled"]
        _anomaly["enabled"] = bool(mode) and bool(check_nan)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        _anomaly["enabled"] = self.prev


def is_anomaly_enabled():
    return _anomaly["enabled"]
