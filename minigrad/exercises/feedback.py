"""What the checkers tell the student: findings as exceptions, and the sentences they share.

A check raises :class:`Failed` (or :class:`NotStarted`) with a message written
for the student; an exception from the student's own code becomes one line
naming their file and line (:func:`said`), never a traceback.
"""
import os
import traceback

import numpy as np

import minigrad as mg


class Failed(Exception):
    """A finding about the student's code (the message is for the student)."""


class NotStarted(Failed):
    """The student has not written this part yet."""


def _frame(err, path):
    """The deepest frame of ``err``'s traceback in the student's file ``path``, or None."""
    mine = [f for f in traceback.extract_tb(err.__traceback__)
            if os.path.realpath(f.filename) == os.path.realpath(path)]
    return mine[-1] if mine else None


def said(err, path):
    """'ValueError: ... (line 31 of 01_mul_div.py: `return g * y.T`)': the student's frame."""
    text = f"{type(err).__name__}: {err}".strip().splitlines()[0]
    frame = _frame(err, path)
    if frame is None:
        return text
    return f"{text} (line {frame.lineno} of {os.path.basename(path)}: `{frame.line}`)"


def not_written(err, what, path):
    """The NotStarted for a NotImplementedError raised by ``what``."""
    frame = _frame(err, path)
    where = f" (line {frame.lineno} of {os.path.basename(path)})" if frame else ""
    return NotStarted(f"{what} is not written yet{where}: replace the "
                      "`raise NotImplementedError` with your code.")


def returned_type(what, value, label):
    """A Failed for a value that is not a Tensor (None is handled by the caller)."""
    kind = "a numpy array" if isinstance(value, np.ndarray) else f"a {type(value).__name__}"
    return Failed(f"{what} returned {kind} for {label}; return a Tensor (compute it with "
                  "Tensor operations such as grad * y, not on .array or .numpy())")


def as_numpy(t):
    return mg.backend.to_numpy(t.detach().array).astype(np.float64)
