"""The code blocks of the Markdown docs, found and run one way for every docs test.

A page's ```python and ```bash blocks run; a ```text block right after one (only blank
lines between) is its exact printed output. Two markers, each on the line right before a
fence, are the only exceptions:

    <!-- docs-test: skip (needs a GPU) -->           skipped, and the reason is required
    <!-- docs-test: continues the block above -->   same namespace and directory as the
                                                    previous block of the page

tests/test_docs.py runs every page not in ``DEDICATED``; each page there is run (once) by
the test file named, which also checks what the page prints; tests/test_docs_links.py
checks the links of every page.
"""
import contextlib
import io
import os
import pathlib
import re
import signal
import subprocess
import sys
from typing import NamedTuple

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md"] + sorted((ROOT / "docs").rglob("*.md"))
TIME_LIMIT = 60                      # seconds a python block may run
SKIP = re.compile(r"<!--\s*docs-test:\s*skip\s*\((?P<reason>[^)]*)\)\s*-->")
CONTINUES = re.compile(r"<!--\s*docs-test:\s*continues the block above\s*-->")
FENCE = re.compile(r"```(\w+)$")
SHIM = f'minigrad() {{ "{sys.executable}" -m minigrad "$@"; }}\n'   # the console script

DEDICATED = {                        # page -> the test that runs it and checks its output
    "docs/course/01-tensors-and-graphs.md": "tests/test_course_pages.py",
    "docs/course/02-backprop-step-by-step.md": "tests/test_course_pages.py",
    "docs/course/08-gpu.md": "tests/test_course_pages.py",
    "docs/reliability.md": "tests/test_docs_reliability.py",
    "docs/nn/checkpoints.md": "tests/test_docs_reliability.py",
    "docs/random.md": "tests/test_docs_random.py",
    "docs/cli.md": "tests/test_docs_cli.py",
    "docs/course/03-your-own-op.md": "tests/exercises/test_course_docs.py",
    "docs/course/04-exercises.md": "tests/exercises/test_course_docs.py",
    "docs/pytorch-compat.md": "tests/compat/test_docs_pytorch_compat.py",
}


def rel(path):
    return path.relative_to(ROOT).as_posix()


def pages_run_by(test_file):
    return [ROOT / page for page, owner in DEDICATED.items() if owner == test_file]


class Block(NamedTuple):
    name: str              # "docs/cli.md:164": the page and the line of its opening fence
    language: str
    code: str              # ends with a newline
    output: str | None     # the text block right after it: what it prints
    skip: str | None       # the reason of a skip marker
    continues: bool


def blocks(page, languages=("python", "bash")):
    """The page's blocks in ``languages``, in page order."""
    lines = page.read_text(encoding="utf-8").splitlines()
    fenced, i = [], 0                        # (language, first line, end line) of each block
    while i < len(lines):
        opening = FENCE.match(lines[i].strip())
        if opening:
            end = next(j for j in range(i + 1, len(lines)) if lines[j].strip() == "```")
            fenced.append((opening.group(1), i + 1, end))
            i = end
        i += 1
    out = []
    for k, (language, start, end) in enumerate(fenced):
        if language not in languages:
            continue
        nxt = fenced[k + 1] if k + 1 < len(fenced) else None
        follows = (nxt is not None and nxt[0] == "text"
                   and not any(line.strip() for line in lines[end + 1:nxt[1] - 1]))
        skip = SKIP.search(lines[start - 2]) if start > 1 else None
        out.append(Block(f"{rel(page)}:{start}", language, "\n".join(lines[start:end]) + "\n",
                         "\n".join(lines[nxt[1]:nxt[2]]) + "\n" if follows else None,
                         skip.group("reason").strip() if skip else None,
                         bool(start > 1 and CONTINUES.search(lines[start - 2]))))
    return out


def marked_skipped(block):
    """Whether the block has a skip marker (which must say why)."""
    assert block.skip is None or block.skip, f"{block.name}: a skipped block must say why"
    return block.skip is not None


def skip_if_marked(block):
    if marked_skipped(block):
        pytest.skip(block.skip)


def _timeout(signum, frame):
    raise TimeoutError(f"the block ran longer than {TIME_LIMIT} s")


def run_python(code, name, namespace=None):
    """Execute a python block's code in this process (in the current directory) within the
    time limit; returns what it printed."""
    out, previous = io.StringIO(), signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(TIME_LIMIT)
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(code, name, "exec"),
                 {"__name__": "__main__"} if namespace is None else namespace)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return out.getvalue()


def check_output(block, printed):
    """What went wrong, if the page shows the block's output and it printed otherwise."""
    if block.output is not None and printed != block.output:
        return f"{block.name} printed\n{printed}\nbut the page shows\n{block.output}"
    return None


def run_child(block, cwd, timeout):
    """Run a block in a child process in ``cwd``: a python block as ``python -c``, a bash
    block under ``bash -e`` with ``minigrad`` the console script."""
    command = ([sys.executable, "-c", block.code] if block.language == "python"
               else ["bash", "-e", "-c", SHIM + block.code])
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=cwd,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))


def printed_by_comments(block):
    """The lines a block promises in comments on its print( lines: ``print(x)  # 3``."""
    return [c.strip() for line in block.code.splitlines() if "print(" in line
            for c in re.findall(r"#\s*(.*)$", line)]
