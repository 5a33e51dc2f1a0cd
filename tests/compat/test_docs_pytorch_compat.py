"""docs/pytorch-compat.md: every code block runs and prints what the page says; links exist."""
import os
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "pytorch-compat.md"
TEXT = PAGE.read_text(encoding="utf-8")


def test_the_run_example_prints_the_output_shown(tmp_path):
    (bash,) = re.findall(r"```bash\n(.*?)```", TEXT, re.S)
    (shown,) = re.findall(r"```text\n(.*?)```", TEXT, re.S)
    shim = f'minigrad() {{ "{sys.executable}" -m minigrad "$@"; }}\n'   # the console script
    done = subprocess.run(["bash", "-e", "-c", shim + bash], capture_output=True, text=True,
                          timeout=300, cwd=tmp_path, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert done.returncode == 0, done.stderr
    assert done.stdout == shown


def test_python_blocks_run_and_print_what_their_comments_say(tmp_path):
    for code in re.findall(r"```python\n(.*?)```", TEXT, re.S):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              timeout=300, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        promised = [c.strip() for line in code.splitlines() if "print(" in line
                    for c in re.findall(r"#\s*(.*)$", line)]
        assert done.stdout.splitlines() == promised


def test_links_point_at_files():
    links = re.findall(r"\]\(([^)#]+)\)", TEXT)
    assert len(links) >= 8
    for link in links:
        assert (PAGE.parent / link).exists(), link
