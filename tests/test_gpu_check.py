"""The GPU check script's parts run here too (on the CPU), so they are not broken when a
GPU machine finally runs them."""
import os
import subprocess

import pytest

from examples.benchmarks import gpu_bench


def test_gpu_bench_runs_on_the_cpu():
    results = gpu_bench.main(["--device", "cpu", "--rounds", "1", "--reps-scale", "0.01",
                              "--only", "W2", "--no-torch"])
    assert list(results) == ["W2 MLP 2-64-64-1 b32, SGD"] and results[list(results)[0]]["minigrad"] > 0


def test_gpu_check_script_is_valid_bash():
    script = os.path.join(os.path.dirname(__file__), "..", "examples", "gpu_check.sh")
    if not os.path.exists("/bin/bash"):
        pytest.skip("no bash")
    assert subprocess.run(["bash", "-n", script]).returncode == 0
