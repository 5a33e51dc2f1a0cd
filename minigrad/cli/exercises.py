"""``minigrad exercises``: the fill-in-the-backward exercises and their checker.

    minigrad exercises list [--dir DIR]          the set, and each one's status in DIR
    minigrad exercises start [DIR]               copy the skeletons into DIR (never overwrites)
    minigrad exercises check [NAME ...] [--dir DIR]
    minigrad exercises check --reference         check the shipped reference solutions

NAME is a full name (03_softmax_cross_entropy), a number (03 or 3) or part of
a name (softmax). ``check`` exits with status 1 while any checked exercise
is not passing. The exercises and the checker: :mod:`minigrad.exercises`.
"""
import os
import shutil

from . import UsageError


def add_parser(subparsers):
    from ..exercises import DEFAULT_DIR
    parser = subparsers.add_parser(
        "exercises", help="the fill-in-the-backward exercises and their checker",
        description="Write the backward of an op (or an optimizer step); the checker says "
                    "what is wrong, in plain words.")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="the exercises and their status in --dir")
    listing.add_argument("--dir", default=DEFAULT_DIR, help=f"your copy (default {DEFAULT_DIR})")
    listing.set_defaults(func=list_exercises)
    start = actions.add_parser("start", help="copy the skeletons into DIR")
    start.add_argument("dir", nargs="?", default=DEFAULT_DIR,
                       help=f"where to put them (default {DEFAULT_DIR}); files there are kept")
    start.set_defaults(func=start_exercises)
    check = actions.add_parser("check", help="check exercises (all, or those named)")
    check.add_argument("names", nargs="*", metavar="NAME",
                       help="an exercise's name, number (03) or part of its name")
    check.add_argument("--dir", default=DEFAULT_DIR, help=f"your copy (default {DEFAULT_DIR})")
    check.add_argument("--reference", action="store_true",
                       help="check the reference solutions shipped with minigrad instead")
    check.set_defaults(func=check_exercises)


def _selected(names):
    from ..exercises import EXERCISES, find
    if not names:
        return list(EXERCISES)
    chosen = []
    for name in names:
        found = find(name)
        if not found:
            raise UsageError(f"no exercise {name!r}; `minigrad exercises list` shows them")
        chosen += [e for e in found if e not in chosen]
    return chosen


def list_exercises(args):
    from ..exercises import EXERCISES, check
    there = os.path.isdir(args.dir)
    print(f"minigrad's exercises (status in {args.dir}):")
    for exercise in EXERCISES:
        status = check(exercise, os.path.join(args.dir, exercise.name + ".py")).status
        print(f"  {exercise.name:<26} {exercise.title:<42} {status}")
    if not there:
        print(f"\n{args.dir} does not exist yet: `minigrad exercises start {args.dir}` "
              "copies the skeletons there.")
    return 0


def start_exercises(args):
    from ..exercises import DEFAULT_DIR, EXERCISES, skeleton
    if os.path.exists(args.dir) and not os.path.isdir(args.dir):
        raise UsageError(f"{args.dir} is a file, not a directory")
    os.makedirs(args.dir, exist_ok=True)
    copied, kept = [], []
    for exercise in EXERCISES:
        target = os.path.join(args.dir, exercise.name + ".py")
        try:
            with open(target, "x", encoding="utf-8") as out, \
                    open(skeleton(exercise), encoding="utf-8") as src:
                shutil.copyfileobj(src, out)
            copied.append(exercise.name)
        except FileExistsError:
            kept.append(exercise.name)
    print(f"copied {len(copied)} skeleton(s) into {args.dir}"
          + (f"; kept your {len(kept)} existing file(s) as they are" if kept else ""))
    if copied:
        where = "" if args.dir == DEFAULT_DIR else f" --dir {args.dir}"
        print(f"next: open {os.path.join(args.dir, copied[0] + '.py')}, write the backward, "
              f"and run `minigrad exercises check {copied[0][:2]}{where}`")
    return 0


def check_exercises(args):
    from ..exercises import check, solution
    exercises = _selected(args.names)
    if not args.reference and not os.path.isdir(args.dir):
        raise UsageError(f"no directory {args.dir}: run `minigrad exercises start` first "
                         "(or pass --dir)")
    passing = 0
    for exercise in exercises:
        path = solution(exercise) if args.reference else os.path.join(args.dir,
                                                                       exercise.name + ".py")
        result = check(exercise, path)
        passing += result.passed
        print(f"{exercise.name}: {result.status}")
        for message in result.messages:
            print(f"  {message}")
    print(f"{passing} of {len(exercises)} passing")
    return 0 if passing == len(exercises) else 1
