"""Every script in examples/ (and examples/benchmarks/) answers --help with its usage and
does nothing else: no training run, no figure written (plot_activations.py --help used to
write a file named --help.png). The lecture scripts are tested in test_lectures.py."""
import json
import os
import pathlib
import subprocess
import sys

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples"
SCRIPTS = sorted(str(p) for p in [*EXAMPLES.glob("*.py"), *EXAMPLES.glob("benchmarks/*.py")])

DRIVER = r"""
import contextlib, io, json, runpy, sys
shown = {}
for script in json.loads(sys.argv[1]):
    sys.argv = [script, "--help"]
    out = io.StringIO()
    code = None
    with contextlib.redirect_stdout(out):
        try:
            runpy.run_path(script, run_name="__main__")
        except SystemExit as stop:
            code = stop.code
    shown[script] = [code, out.getvalue()]
print(json.dumps(shown))
"""


def snapshot(folder):
    return {str(p): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_every_example_answers_help_and_writes_nothing(tmp_path):
    docs = EXAMPLES.parent / "docs"
    before = snapshot(docs)
    done = subprocess.run([sys.executable, "-c", DRIVER, json.dumps(SCRIPTS)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, MPLBACKEND="Agg", OPENBLAS_NUM_THREADS="1"))
    assert done.returncode == 0, done.stderr[-3000:]
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    for script, (code, text) in shown.items():
        assert code == 0 and text.startswith("usage:"), f"{script} --help: {text[:200]!r}"
    assert not list(tmp_path.iterdir()), "a script wrote into the working directory"
    assert snapshot(docs) == before, "a script rewrote a file under docs/"


def test_instruction_count_driver_runs_a_workload():
    """examples/benchmarks/instructions.py (run under valgrind in docs/performance.md)."""
    script = EXAMPLES / "benchmarks" / "instructions.py"
    package = str(EXAMPLES.parent / "minigrad")
    for extra in ([], ["--package", package]):
        done = subprocess.run([sys.executable, str(script), "W3", "1", *extra],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
    done = subprocess.run([sys.executable, str(script), "W9", "1"], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2 and "invalid choice: 'W9'" in done.stderr
