"""Fill-in-the-backward exercises and their checker (``minigrad exercises``).

Each exercise is a file in ``skeletons/`` whose forward is written and whose
backward (or optimizer step) the student writes; ``solutions/`` holds the
reference answers. :mod:`~minigrad.exercises.catalog` says what each file
must define and what it is compared with, :mod:`~minigrad.exercises.checker`
checks a file and explains what is wrong, in plain words.

    from minigrad.exercises import EXERCISES, check, skeleton
    result = check(EXERCISES[0], skeleton(EXERCISES[0]))
    result.status        # "not started": the skeleton's backward is not written
"""
import os

from .catalog import EXERCISES, find
from .checker import Result, check

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DIR = "minigrad-exercises"


def skeleton(exercise):
    """The path of ``exercise``'s skeleton file (shipped with minigrad)."""
    return os.path.join(HERE, "skeletons", exercise.name + ".py")


def solution(exercise):
    """The path of ``exercise``'s reference solution."""
    return os.path.join(HERE, "solutions", exercise.name + ".py")


__all__ = ["EXERCISES", "DEFAULT_DIR", "Result", "check", "find", "skeleton", "solution"]
