"""The docs' code runs: every ```python block of README.md and docs/**/*.md that no
dedicated test runs (tests/docs_blocks.py: DEDICATED) is executed here (a ``text`` block
right after one is its exact output), with the skip and "continues" markers described in
tests/docs_blocks.py.

Blocks run in one child process (so a block that changes global state — the default
dtype, the random seed — cannot leak into the other tests), each in a fresh namespace,
in its own empty temporary directory, with a time limit; a block marked "continues" shares
the namespace and directory of the previous block of its page (which must run).
"""
import json
import os
import subprocess
import sys

import pytest

from tests.docs_blocks import DEDICATED, PAGES, ROOT, TIME_LIMIT, blocks, rel, skip_if_marked

BLOCKS = {b.name: b for page in PAGES if rel(page) not in DEDICATED
          for b in blocks(page, ("python",))}


def chains():
    """The runnable blocks, grouped: a block marked "continues" joins the previous chain."""
    out = []
    for name, block in BLOCKS.items():
        if block.skip is None:
            page = name.rpartition(":")[0]
            if block.continues and out and out[-1][0].name.rpartition(":")[0] == page:
                out[-1].append(block)
            else:
                out.append([block])
    return out


RUNNER = r"""
import json, os, sys, tempfile, traceback
import minigrad as mg
from tests.docs_blocks import Block, check_output, run_python

results = {}
for chain in json.load(sys.stdin):
    namespace, failed = {"__name__": "__main__"}, None
    with tempfile.TemporaryDirectory() as cwd:
        os.chdir(cwd)
        for block in map(Block._make, chain):
            name = block.name
            if failed:
                results[name] = f"the block it continues, {failed}, failed"
                continue
            try:
                results[name] = check_output(block, run_python(block.code, name, namespace))
            except BaseException:
                results[name], failed = traceback.format_exc(limit=-3), name
        os.chdir("/")
    mg.set_default_dtype(mg.float32)            # what a block may have changed
    mg.set_grad_enabled(True)
print(json.dumps(results))
"""


@pytest.fixture(scope="module")
def outcomes():
    groups = chains()
    env = dict(os.environ, MPLBACKEND="Agg", OPENBLAS_NUM_THREADS="1",
               PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-c", RUNNER], input=json.dumps(groups),
                          capture_output=True, text=True, env=env,
                          timeout=TIME_LIMIT * sum(map(len, groups)) + 60)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("block", sorted(BLOCKS))
def test_python_block_runs(outcomes, block):
    skip_if_marked(BLOCKS[block])
    assert outcomes[block] is None, f"{block} fails:\n{outcomes[block]}"


def test_there_are_blocks_to_run():
    assert len(BLOCKS) >= 10


def test_every_dedicated_page_exists():
    assert all((ROOT / page).exists() for page in DEDICATED)
