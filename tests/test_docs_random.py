"""docs/random.md: every code block runs, every link points at a file that exists."""
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "random.md"


def test_code_blocks_run():
    blocks = re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 3
    for number, code in enumerate(blocks):
        exec(compile(code, f"random.md block {number}", "exec"), {"__name__": "__main__"})


def test_links_point_at_files():
    links = re.findall(r"\]\(([^)#]+)\)", PAGE.read_text(encoding="utf-8"))
    assert len(links) >= 5
    for link in links:
        assert (PAGE.parent / link).exists(), link
