"""``mg.backends``: PyTorch's backend switches, for scripts that set or query them.

minigrad computes with NumPy (CPU) or CuPy (CUDA) and has no cuDNN or Apple
MPS backend, so ``backends.mps.is_available()`` is False and the cuDNN flags
(``backends.cudnn.deterministic = True``, ``benchmark``) are kept but change
nothing: minigrad's results are deterministic for a given seed anyway.

``set_default_device`` lives here too: new tensors are made on the CPU unless
a ``device=`` says otherwise, and the CPU is the only default minigrad has.
"""
from .. import backend
from . import cudnn, mps

__all__ = ["cudnn", "mps", "set_default_device", "get_default_device"]


def set_default_device(device):
    """PyTorch's ``set_default_device``: only the CPU (or None) can be the default here."""
    if device is not None and backend.Device(device).type != "cpu":
        raise NotImplementedError(
            f"minigrad does not implement set_default_device({str(device)!r}) (yet): new tensors "
            f"are made on the CPU; pass device= when creating them or move them with .to(device)")


def get_default_device():
    """The device new tensors are made on: always the CPU in minigrad."""
    return backend.Device("cpu")
