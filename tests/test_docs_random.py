"""docs/random.md: every python block runs (in a fresh directory, in this process). Links:
tests/test_docs_links.py."""
import pytest

from tests.docs_blocks import blocks, pages_run_by, run_python, skip_if_marked

(PAGE,) = pages_run_by("tests/test_docs_random.py")
CASES = blocks(PAGE, ("python",))


def test_the_page_has_its_examples():
    assert len(CASES) == 3


@pytest.mark.parametrize("block", CASES, ids=[b.name for b in CASES])
def test_python_block_runs(tmp_path, monkeypatch, block):
    skip_if_marked(block)
    monkeypatch.chdir(tmp_path)
    run_python(block.code, block.name)
