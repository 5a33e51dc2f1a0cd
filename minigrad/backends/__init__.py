"""``mg.backends``: PyTorch's backend switches, for scripts that set or query them.

minigrad computes with NumPy (CPU) or CuPy (CUDA) and has no cuDNN or Apple
MPS backend, so ``backends.mps.is_available()`` is False and the cuDNN flags
(``backends.cudnn.deterministic = True``, ``benchmark``) are kept but change
nothing: minigrad's results are deterministic for a given seed anyway.

``set_default_device`` lives here too: the device the factory functions make
their tensors on when no ``device=`` is given (the CPU unless set).
"""
from .. import backend
from . import cudnn, mps

__all__ = ["cudnn", "mps", "set_default_device", "get_default_device"]


_default = [None]               # the default device when it is not the CPU


def set_default_device(device):
    """PyTorch's ``set_default_device``: ``tensor``, ``as_tensor``, ``zeros``, ``ones``,
    ``empty``, ``full``, ``rand``, ``randn``, ``randint``, ``randperm``, ``normal``,
    ``arange``, ``linspace`` and ``eye`` called without ``device=`` (so also the layers'
    parameters) make their tensors on ``device``; None or ``"cpu"`` restores the CPU."""
    device = None if device is None else backend.Device(device)
    if device is not None and device.type != "cpu":
        backend.module_for(device)      # without CuPy: the error that says how to install it
    _default[0] = None if device is None or device.type == "cpu" else \
        backend.Device(device.type, device.index or 0)       # "cuda" means cuda:0, as there


def get_default_device():
    """The device new tensors are made on (``cuda:0`` after ``set_default_device("cuda")``)."""
    return _default[0] or backend.Device("cpu")


def default_device(device):
    """``device``, or the default device when it is None (None for the CPU)."""
    return _default[0] if device is None else device
