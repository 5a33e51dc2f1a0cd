"""The docs link what they name (the one link check of the docs): every relative link in
README.md and docs/ resolves; every source file a page names in its prose
(``minigrad/ops/linalg.py``, ``tests/helpers.py``) is a relative markdown link, not plain
text (a command in inline code, ``python x.py``, may name a file without linking it); so is
every other repository file a page names in backticks (pages, figures, configuration); and
the pages below keep at least their number of relative links."""
import os
import re

import pytest

from tests.docs_blocks import PAGES, ROOT, rel

LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")
SOURCE = re.compile(r"(?<![\w./-])((?:[\w-]+/)*[\w-]+\.py)(?![\w(])")
NAMED = re.compile(r"`(?P<path>[\w.-]+(?:/[\w.-]+)+\.(?:md|png|svg|cfg|toml|txt|json|sh))`")
IMAGE_OR_LINK = re.compile(r"!?\[[^\]]*\]\([^)\s]+\)")
MIN_LINKS = {"docs/reliability.md": 3, "docs/nn/checkpoints.md": 3, "docs/random.md": 5,
             "docs/pytorch-compat.md": 8, "docs/cli.md": 1,
             "docs/course/01-tensors-and-graphs.md": 1,
             "docs/course/02-backprop-step-by-step.md": 1, "docs/course/08-gpu.md": 1,
             "docs/course/03-your-own-op.md": 1, "docs/course/04-exercises.md": 1}


def prose(page):
    """The page without its code blocks (kept as blank lines, so line numbers hold)."""
    return re.sub(r"```.*?```", lambda m: "\n" * m.group(0).count("\n"),
                  page.read_text(encoding="utf-8"), flags=re.S)


def where(text, index):
    return text[:index].count("\n") + 1


def relative_links(text):
    return [m for m in LINK.finditer(text) if not re.match(r"^[a-z]+:|^#", m.group(2))]


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_relative_links_resolve(page):
    text = prose(page)
    broken = [f"line {where(text, m.start())}: {m.group(2)}" for m in relative_links(text)
              if not (page.parent / m.group(2).split("#")[0]).exists()]
    assert not broken, broken


@pytest.mark.parametrize("page", sorted(MIN_LINKS))
def test_pages_keep_their_links(page):
    assert len(relative_links(prose(ROOT / page))) >= MIN_LINKS[page]


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_named_source_files_are_links(page):
    text = LINK.sub(lambda m: " " * len(m.group(0)), prose(page))
    text = re.sub(r"`[^`\n]*\s[^`\n]*`", lambda m: " " * len(m.group(0)), text)  # commands
    plain = [f"line {where(text, m.start())}: {m.group(1)}" for m in SOURCE.finditer(text)
             if (ROOT / m.group(1)).is_file() or (ROOT / "minigrad" / m.group(1)).is_file()]
    assert not plain, (f"link these as [`path`]({os.path.relpath(ROOT, page.parent)}/path): "
                       f"{plain}")


@pytest.mark.parametrize("page", PAGES, ids=rel)
def test_named_repository_files_are_links(page):
    text = prose(page)
    linked = [m.span() for m in IMAGE_OR_LINK.finditer(text)]
    plain = [m.group("path") for m in NAMED.finditer(text)
             if not any(a <= m.start() and m.end() <= b for a, b in linked)
             and ((ROOT / m.group("path")).exists() or (page.parent / m.group("path")).exists())]
    assert not plain, f"{rel(page)} names files without linking them: {plain}"
