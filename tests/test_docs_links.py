"""The docs link what they name: every relative link in README.md and docs/ resolves, and
every source file a page names in its prose (``minigrad/ops/linalg.py``, ``tests/helpers.py``)
is a relative markdown link, not plain text (a command in inline code, ``python x.py``, may
name a file without linking it)."""
import os
import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md"] + sorted((ROOT / "docs").rglob("*.md"))
LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")
SOURCE = re.compile(r"(?<![\w./-])((?:[\w-]+/)*[\w-]+\.py)(?![\w(])")


def prose(page):
    """The page without its code blocks (kept as blank lines, so line numbers hold)."""
    return re.sub(r"```.*?```", lambda m: "\n" * m.group(0).count("\n"), page.read_text(),
                  flags=re.S)


def where(text, index):
    return text[:index].count("\n") + 1


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(page):
    text = prose(page)
    broken = [f"line {where(text, m.start())}: {m.group(2)}" for m in LINK.finditer(text)
              if not re.match(r"^[a-z]+:|^#", m.group(2))
              and not (page.parent / m.group(2).split("#")[0]).exists()]
    assert not broken, broken


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_named_source_files_are_links(page):
    text = LINK.sub(lambda m: " " * len(m.group(0)), prose(page))
    text = re.sub(r"`[^`\n]*\s[^`\n]*`", lambda m: " " * len(m.group(0)), text)  # commands
    plain = [f"line {where(text, m.start())}: {m.group(1)}" for m in SOURCE.finditer(text)
             if (ROOT / m.group(1)).is_file() or (ROOT / "minigrad" / m.group(1)).is_file()]
    assert not plain, (f"link these as [`path`]({os.path.relpath(ROOT, page.parent)}/path): "
                       f"{plain}")
