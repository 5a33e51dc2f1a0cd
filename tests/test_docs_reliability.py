"""docs/reliability.md and docs/nn/checkpoints.md: every python block runs (in a fresh
directory, in this process), a ``text`` block right after one is its exact output. Links:
tests/test_docs_links.py."""
import importlib.util

import pytest

from tests.docs_blocks import blocks, check_output, pages_run_by, run_python, skip_if_marked

PAGES = pages_run_by("tests/test_docs_reliability.py")
CASES = [b for page in PAGES for b in blocks(page, ("python",))]


def test_the_pages_have_their_examples():
    assert [len(blocks(page, ("python",))) for page in PAGES] == [4, 4]


@pytest.mark.parametrize("block", CASES, ids=[b.name for b in CASES])
def test_python_block_runs(tmp_path, monkeypatch, block):
    skip_if_marked(block)
    if "import torch" in block.code and importlib.util.find_spec("torch") is None:
        pytest.skip("this example converts with PyTorch, which is not installed")
    monkeypatch.chdir(tmp_path)
    wrong = check_output(block, run_python(block.code, block.name))
    assert wrong is None, wrong
