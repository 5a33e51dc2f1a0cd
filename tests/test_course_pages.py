"""Course pages 1, 2 and 8: every python block runs (self-contained, in a fresh directory), a
``text`` block right after one is its exact output, every relative link points at a file."""
import contextlib
import io
import pathlib
import re
import shutil

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
PAGES = [ROOT / "docs" / "course" / name for name in
         ("01-tensors-and-graphs.md", "02-backprop-step-by-step.md", "08-gpu.md")]
FENCE = re.compile(r"```(\w+)\n(.*?)```\n*", re.S)


def python_blocks(page):
    """(code, the text block that follows it or None) for each python block."""
    found = list(FENCE.finditer(page.read_text(encoding="utf-8")))
    out = []
    for k, m in enumerate(found):
        if m.group(1) == "python":
            nxt = found[k + 1] if k + 1 < len(found) else None
            follows = nxt is not None and nxt.group(1) == "text" and nxt.start() == m.end()
            out.append((m.group(2), nxt.group(2) if follows else None))
    return out


CASES = [(p, i) for p in PAGES if p.exists() for i in range(len(python_blocks(p)))]


@pytest.mark.parametrize("page, number", CASES, ids=[f"{p.stem}-{i}" for p, i in CASES])
def test_python_block_runs(tmp_path, monkeypatch, page, number):
    code, expected = python_blocks(page)[number]
    if "render(" in code and shutil.which("dot") is None:
        pytest.skip("renders a picture: needs Graphviz's dot (.ci/run installs it)")
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, f"{page.name} block {number}", "exec"), {"__name__": "__main__"})
    if expected is not None:
        assert out.getvalue() == expected


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_links_point_at_files(page):
    links = re.findall(r"\]\(([^)#]+)\)", page.read_text(encoding="utf-8"))
    assert links
    for link in links:
        if not link.startswith("http"):
            assert (page.parent / link).exists(), link
