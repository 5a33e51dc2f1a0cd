"""The course pages on writing an op and on the exercises: every python block runs (in this
process) and every bash block runs (``minigrad`` the console script), each in a fresh
directory. Links: tests/test_docs_links.py."""
import pytest

from tests.docs_blocks import blocks, pages_run_by, run_child, run_python, skip_if_marked

CASES = [b for page in pages_run_by("tests/exercises/test_course_docs.py")
         for b in blocks(page)]


def test_the_pages_have_examples():
    assert len(CASES) >= 2


@pytest.mark.parametrize("block", CASES, ids=[f"{b.name}-{b.language}" for b in CASES])
def test_code_block_runs(tmp_path, monkeypatch, block):
    skip_if_marked(block)
    monkeypatch.chdir(tmp_path)
    if block.language == "python":
        run_python(block.code, block.name)
        return
    done = run_child(block, tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
