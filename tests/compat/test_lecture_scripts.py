"""PyTorch-style lecture scripts (tests/compat/scripts/) run under `minigrad run` and print
what PyTorch prints: the same text, the same numbers (to print precision)."""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).parent / "scripts"
NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:e[-+]?\d+)?|nan|inf")


def run(*command):
    env = dict(os.environ, PYTHONHASHSEED="0")
    result = subprocess.run([sys.executable, *command], capture_output=True, text=True,
                            timeout=300, cwd=SCRIPTS, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def tokens(text):
    """The printed text as (words, numbers): library prefixes dropped, layout ignored."""
    text = re.sub(r"\b(torch|minigrad)\.", "", text)
    numbers = [float(n) for n in NUMBER.findall(text)]
    words = NUMBER.sub("#", text).split()
    return words, numbers


def assert_same_output(ours, theirs):
    (w1, n1), (w2, n2) = tokens(ours), tokens(theirs)
    assert w1 == w2, f"text differs:\n--- minigrad run\n{ours}\n--- PyTorch\n{theirs}"
    assert n1 == pytest.approx(n2, rel=2e-4, abs=2e-4, nan_ok=True), \
        f"numbers differ:\n--- minigrad run\n{ours}\n--- PyTorch\n{theirs}"


CASES = [("manual_sgd.py", ["30"]), ("custom_function.py", []), ("mlp_printing.py", []),
         ("d2l_linear_regression.py", []), ("makemore_mlp.py", []),
         ("makemore_batchnorm_layers.py", []), ("karpathy_bigram_lm.py", []),
         ("karpathy_gpt_tiny.py", []), ("d2l_chapters.py", []),
         ("d2l_builders_guide.py", []), ("d2l_optimization.py", []),
         ("makemore_backprop_ninja.py", []),
         ("pytorch_learning_with_examples.py", []), ("pytorch_nn_really.py", [])]

# Runs every script under the real PyTorch in one process (PyTorch takes seconds to import).
UNDER_PYTORCH = """
import contextlib, io, json, runpy, sys
import torch
torch.set_num_threads(1)    # the scripts are small: threads only contend on a shared machine
outputs = []
for script, args in json.loads(sys.argv[1]):
    sys.argv = [script, *args]
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        runpy.run_path(script, run_name="__main__")
    outputs.append(buffer.getvalue())
print(json.dumps(outputs))
"""


@pytest.fixture(scope="module")
def pytorch_prints():
    try:
        import torch  # noqa: F401
    except ImportError:
        return None
    return dict(zip((script for script, _ in CASES),
                    json.loads(run("-c", UNDER_PYTORCH, json.dumps(CASES)))))


@pytest.mark.parametrize("script, args", CASES)
def test_script_prints_what_pytorch_prints(script, args, pytorch_prints):
    ours = run("-m", "minigrad", "run", script, *args)
    assert ours.strip(), "the script printed nothing"
    if pytorch_prints is None:
        pytest.skip("PyTorch is not installed: nothing to compare with")
    assert_same_output(ours, pytorch_prints[script])
