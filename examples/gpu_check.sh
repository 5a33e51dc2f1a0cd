#!/usr/bin/env bash
# The GPU, checked in a few minutes on a machine with an NVIDIA GPU, CuPy and PyTorch CUDA.
#
#   bash examples/gpu_check.sh [RESULTS]        (default: gpu_check_results.txt)
#
# 1. the machine: GPU, driver, CuPy, PyTorch
# 2. the gpu-marked tests (real CuPy arrays, GPU training equals CPU, fused optimizer kernels)
# 3. minigrad train --device cuda, end to end (accuracy and wall time)
# 4. W1/W2 on CuPy beside PyTorch CUDA (examples/benchmarks/gpu_bench.py)
# Everything printed also goes to RESULTS; each step runs even if an earlier one failed.
# Put the figures in docs/performance.md.
set -u
cd "$(dirname "$0")/.."
results=${1:-gpu_check_results.txt}
status=0
step() { echo; echo "== $*"; "$@" || { echo "!! failed ($?): $*"; status=1; }; }
{
  echo "gpu_check $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD 2>/dev/null)"
  step nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
  step python -c "import platform, numpy, cupy; print('Python', platform.python_version(), \
'NumPy', numpy.__version__, 'CuPy', cupy.__version__, 'CUDA runtime', \
cupy.cuda.runtime.runtimeGetVersion())"
  step python -c "import torch; print('PyTorch', torch.__version__, 'CUDA', torch.version.cuda, \
torch.cuda.is_available())"
  step python -m pytest -q -p no:cacheprovider -m gpu tests
  step env TIMEFORMAT="minigrad train --device cuda: %R s wall" \
    bash -c 'time python -m minigrad train --device cuda --no-progress --out /tmp/gpu_check_run'
  step python examples/benchmarks/gpu_bench.py --device cuda --rounds 5
  echo; echo "== done, exit status $status"
  exit "$status"
} 2>&1 | tee "$results"
exit "${PIPESTATUS[0]}"
