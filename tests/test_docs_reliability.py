"""docs/reliability.md and docs/nn/checkpoints.md: every python block runs (in a fresh
directory), a ``text`` block right after one is its exact output, every link points at a
file that exists."""
import contextlib
import importlib.util
import io
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
PAGES = [ROOT / "docs" / "reliability.md", ROOT / "docs" / "nn" / "checkpoints.md"]
FENCE = re.compile(r"```(\w+)\n(.*?)```\n*", re.S)


def _blocks(page):
    """(code, the text block right after it or None) for each python block of ``page``."""
    found = list(FENCE.finditer(page.read_text(encoding="utf-8")))
    out = []
    for k, m in enumerate(found):
        if m.group(1) == "python":
            nxt = found[k + 1] if k + 1 < len(found) else None
            follows = nxt is not None and nxt.group(1) == "text" and nxt.start() == m.end()
            out.append((m.group(2), nxt.group(2) if follows else None))
    return out


CASES = [(page, i) for page in PAGES for i in range(len(_blocks(page)))]


def test_the_pages_have_their_examples():
    assert [len(_blocks(page)) for page in PAGES] == [4, 4]


@pytest.mark.parametrize("page, number", CASES, ids=[f"{p.stem}-{i}" for p, i in CASES])
def test_python_block_runs(tmp_path, monkeypatch, page, number):
    code, expected = _blocks(page)[number]
    if "import torch" in code and importlib.util.find_spec("torch") is None:
        pytest.skip("this example converts with PyTorch, which is not installed")
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, f"{page.name} block {number}", "exec"), {"__name__": "__main__"})
    if expected is not None:
        assert out.getvalue() == expected


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_links_point_at_files(page):
    links = [link for link in re.findall(r"\]\(([^)#]+)\)", page.read_text(encoding="utf-8"))
             if not link.startswith("http")]
    assert len(links) >= 3
    for link in links:
        assert (page.parent / link).exists(), link
