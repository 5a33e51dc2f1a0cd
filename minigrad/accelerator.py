"""``mg.accelerator``: PyTorch's device-agnostic queries (the official tutorials'
``if torch.accelerator.is_available(): x = x.to(torch.accelerator.current_accelerator())``).

minigrad's only accelerator is an NVIDIA GPU through CuPy (device ``"cuda"``).
"""
from . import backend


def is_available():
    """True when CuPy and a GPU are there."""
    return backend.cuda_is_available()


def current_accelerator(check_available=False):
    """``device(type='cuda')`` when a GPU is usable, else None (``check_available`` is accepted
    for PyTorch's signature: minigrad only knows a GPU it can use)."""
    return backend.Device("cuda") if is_available() else None


def device_count():
    return backend.cuda_device_count()


def current_device_index():
    if not is_available():
        raise RuntimeError("Cannot access accelerator device when none is available.")
    return backend.cuda_module().cuda.runtime.getDevice()


def synchronize(device=None):
    """Wait for the GPU's queued work (nothing to wait for without one)."""
    if is_available():
        backend.cuda_module().cuda.Device().synchronize()
