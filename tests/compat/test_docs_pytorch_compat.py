"""docs/pytorch-compat.md: every code block runs (in a child process) and prints what the
page says. Links: tests/test_docs_links.py."""
import pytest

from tests.docs_blocks import (blocks, pages_run_by, printed_by_comments, run_child,
                               skip_if_marked)

(PAGE,) = pages_run_by("tests/compat/test_docs_pytorch_compat.py")
PYTHON = blocks(PAGE, ("python",))


def test_the_run_example_prints_the_output_shown(tmp_path):
    (bash,) = blocks(PAGE, ("bash",))
    (shown,) = blocks(PAGE, ("text",))
    skip_if_marked(bash)
    done = run_child(bash, tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout == shown.code


def test_the_page_has_python_examples():
    assert PYTHON


@pytest.mark.parametrize("block", PYTHON, ids=[b.name for b in PYTHON])
def test_python_block_runs_and_prints_what_its_comments_say(tmp_path, block):
    skip_if_marked(block)
    done = run_child(block, tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == printed_by_comments(block)
