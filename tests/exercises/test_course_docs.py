"""The course pages on writing an op and on the exercises: every code block runs, every link
points at a file that exists."""
import os
import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
PAGES = [ROOT / "docs" / "course" / name for name in ("03-your-own-op.md", "04-exercises.md")]


def blocks(page, language):
    return re.findall(rf"```{language}\n(.*?)```", page.read_text(encoding="utf-8"), re.S)


CASES = [(p, lang, i) for p in PAGES for lang in ("python", "bash")
         for i in range(len(blocks(p, lang)))]


@pytest.mark.parametrize("page, language, number", CASES,
                         ids=[f"{p.stem}-{lang}{i}" for p, lang, i in CASES])
def test_code_block_runs(tmp_path, monkeypatch, page, language, number):
    code = blocks(page, language)[number]
    monkeypatch.chdir(tmp_path)
    if language == "python":
        exec(compile(code, f"{page.name} block {number}", "exec"), {"__name__": "__main__"})
        return
    shim = f'minigrad() {{ "{sys.executable}" -m minigrad "$@"; }}\n'   # the console script
    done = subprocess.run(["bash", "-e", "-c", shim + code], capture_output=True, text=True,
                          timeout=120, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_links_point_at_files(page):
    links = re.findall(r"\]\(([^)#]+)\)", page.read_text(encoding="utf-8"))
    assert links
    for link in links:
        if not link.startswith("http"):
            assert (page.parent / link).exists(), link
