"""docs/cli.md: every code block runs, every link points at a file that exists."""
import os
import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "cli.md"


def blocks(language):
    return re.findall(rf"```{language}\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.S)


def test_code_blocks_run_in_order(tmp_path, monkeypatch):
    """The blocks share one folder, in page order (the resume example continues the
    checkpoint the fit-loop example wrote)."""
    monkeypatch.chdir(tmp_path)
    shim = f'minigrad() {{ "{sys.executable}" -m minigrad "$@"; }}\n'   # the console script
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    text = PAGE.read_text(encoding="utf-8")
    found = re.findall(r"```(python|bash)\n(.*?)```", text, re.S)
    assert len(found) == len(blocks("python")) + len(blocks("bash")) >= 8
    for number, (language, code) in enumerate(found):
        if language == "python":
            exec(compile(code, f"cli.md block {number}", "exec"), {"__name__": "__main__"})
            continue
        done = subprocess.run(["bash", "-e", "-c", shim + code], capture_output=True, text=True,
                              timeout=300, env=env)
        assert done.returncode == 0, (code, done.stderr[-2000:])
    assert (tmp_path / "minigrad_run" / "history.csv").exists()
    assert (tmp_path / "digits.safetensors").exists()


def test_links_point_at_files():
    links = re.findall(r"\]\(([^)#]+)\)", PAGE.read_text(encoding="utf-8"))
    assert links
    for link in links:
        if not link.startswith("http"):
            assert (PAGE.parent / link).exists(), link
