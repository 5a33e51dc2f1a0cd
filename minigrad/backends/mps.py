"""``mg.backends.mps``: Apple's Metal backend, which minigrad does not have."""


def is_available():
    """False: minigrad runs on the CPU (NumPy) or an NVIDIA GPU (CuPy), never on MPS."""
    return False


def is_built():
    return False
