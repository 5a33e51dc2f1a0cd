"""The docs' code runs: every ```python block in README.md and docs/**/*.md is executed;
and a page names a repository file (page, figure, config) only as a link (links resolving
and *.py files named as links are checked by tests/test_docs_links.py).

Blocks run in one child process (so a block that changes global state — the default
dtype, the random seed — cannot leak into the other tests), each in a fresh namespace,
in its own empty temporary directory, with a time limit. Two markers, each on the line
right before a fence, are the only exceptions:

    <!-- docs-test: skip (needs a GPU) -->           skipped, and the reason is required
    <!-- docs-test: continues the block above -->   same namespace and directory as the
                                                    previous block of the page (which must run)
"""
import json
import os
import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md"] + sorted((ROOT / "docs").rglob("*.md"))
SKIP = re.compile(r"<!--\s*docs-test:\s*skip\s*\((?P<reason>[^)]*)\)\s*-->")
CONTINUES = re.compile(r"<!--\s*docs-test:\s*continues the block above\s*-->")
TIME_LIMIT = 60


def rel(path):
    return path.relative_to(ROOT).as_posix()


def code_blocks(path):
    """(line number, code, skip reason or None, continues) for each ```python block."""
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks, i = [], 0
    while i < len(lines):
        if lines[i].strip() == "```python":
            start = i + 1
            end = next(j for j in range(start, len(lines)) if lines[j].strip() == "```")
            skip = SKIP.search(lines[i - 1]) if i else None
            blocks.append((start, "\n".join(lines[start:end]),
                           skip.group("reason").strip() if skip else None,
                           bool(i and CONTINUES.search(lines[i - 1]))))
            i = end
        i += 1
    return blocks


BLOCKS = {f"{rel(page)}:{line}": (code, reason)
          for page in PAGES for line, code, reason, _ in code_blocks(page)}


def chains():
    """The runnable blocks, grouped: a block marked "continues" joins the previous chain."""
    out = []
    for page in PAGES:
        for line, code, reason, continues in code_blocks(page):
            if reason is None:
                if continues and out and out[-1][0].startswith(rel(page) + ":"):
                    out[-1].append(f"{rel(page)}:{line}")
                else:
                    out.append([f"{rel(page)}:{line}"])
    return out

RUNNER = r"""
import contextlib, io, json, os, signal, sys, tempfile, traceback
chains, blocks = json.load(sys.stdin)
import minigrad as mg

def timeout(signum, frame):
    raise TimeoutError(f"the block ran longer than {limit} s")

limit = int(sys.argv[1])
signal.signal(signal.SIGALRM, timeout)
results = {}
for chain in chains:
    namespace, failed = {"__name__": "__main__"}, None
    with tempfile.TemporaryDirectory() as cwd:
        os.chdir(cwd)
        for name in chain:
            if failed:
                results[name] = f"the block it continues, {failed}, failed"
                continue
            signal.alarm(limit)
            try:
                with contextlib.redirect_stdout(io.StringIO()):
                    exec(compile(blocks[name], name, "exec"), namespace)
                results[name] = None
            except BaseException:
                results[name], failed = traceback.format_exc(limit=-3), name
            finally:
                signal.alarm(0)
        os.chdir("/")
    mg.set_default_dtype(mg.float32)            # what a block may have changed
    mg.set_grad_enabled(True)
print(json.dumps(results))
"""


@pytest.fixture(scope="module")
def outcomes():
    runnable = {name: code for name, (code, reason) in BLOCKS.items() if reason is None}
    groups = chains()
    env = dict(os.environ, MPLBACKEND="Agg", OPENBLAS_NUM_THREADS="1",
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-c", RUNNER, str(TIME_LIMIT)],
                          input=json.dumps([groups, runnable]), capture_output=True, text=True,
                          env=env,
                          timeout=TIME_LIMIT * len(runnable) + 60)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("block", sorted(BLOCKS))
def test_python_block_runs(outcomes, block):
    code, reason = BLOCKS[block]
    if reason is not None:
        assert reason, f"{block}: a skipped block must say why"
        pytest.skip(reason)
    assert outcomes[block] is None, f"{block} fails:\n{outcomes[block]}"


def test_there_are_blocks_to_run():
    assert len(BLOCKS) >= 10


# tests/test_docs_links.py checks that named *.py files are links; the same for the other
# files of the repository a page names in backticks (pages, figures, configuration).
NAMED = re.compile(r"`(?P<path>[\w.-]+(?:/[\w.-]+)+\.(?:md|png|svg|cfg|toml|txt|json|sh))`")
LINK = re.compile(r"!?\[[^\]]*\]\([^)\s]+\)")


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_named_repository_files_are_links(page):
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
    linked = [m.span() for m in LINK.finditer(text)]
    plain = [m.group("path") for m in NAMED.finditer(text)
             if not any(a <= m.start() and m.end() <= b for a, b in linked)
             and ((ROOT / m.group("path")).exists() or (page.parent / m.group("path")).exists())]
    assert not plain, f"{rel(page)} names files without linking them: {plain}"
