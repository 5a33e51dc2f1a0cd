"""docs/cli.md: every python and bash block runs, in page order, in one folder. Links:
tests/test_docs_links.py."""
from tests.docs_blocks import blocks, marked_skipped, pages_run_by, run_child, run_python

(PAGE,) = pages_run_by("tests/test_docs_cli.py")


def test_code_blocks_run_in_order(tmp_path, monkeypatch):
    """The blocks share one folder, in page order (the resume example continues the
    checkpoint the fit-loop example wrote); python blocks run in this process, each in a
    fresh namespace, bash blocks with ``minigrad`` the console script."""
    monkeypatch.chdir(tmp_path)
    found = blocks(PAGE)
    assert len(found) >= 8
    for block in found:
        if marked_skipped(block):
            continue
        elif block.language == "python":
            run_python(block.code, block.name)
        else:
            done = run_child(block, tmp_path, timeout=300)
            assert done.returncode == 0, (block.code, done.stderr[-2000:])
    assert (tmp_path / "minigrad_run" / "history.csv").exists()
    assert (tmp_path / "digits.safetensors").exists()
