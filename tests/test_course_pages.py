"""Course pages 1, 2 and 8: every python block runs (self-contained, in a fresh directory,
in this process), a ``text`` block right after one is its exact output. Links:
tests/test_docs_links.py."""
import shutil

import pytest

from tests.docs_blocks import blocks, check_output, pages_run_by, run_python, skip_if_marked

CASES = [b for page in pages_run_by("tests/test_course_pages.py")
         for b in blocks(page, ("python",))]


def test_the_pages_have_examples():
    assert len(CASES) >= 3


@pytest.mark.parametrize("block", CASES, ids=[b.name for b in CASES])
def test_python_block_runs(tmp_path, monkeypatch, block):
    skip_if_marked(block)
    if "render(" in block.code and shutil.which("dot") is None:
        pytest.skip("renders a picture: needs Graphviz's dot (.ci/run installs it)")
    monkeypatch.chdir(tmp_path)
    wrong = check_output(block, run_python(block.code, block.name))
    assert wrong is None, wrong
