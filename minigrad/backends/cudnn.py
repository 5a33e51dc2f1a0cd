"""``mg.backends.cudnn``: PyTorch's cuDNN switches, kept so scripts can set them; they change
nothing (minigrad does not use cuDNN)."""
enabled = True
deterministic = False
benchmark = False
allow_tf32 = True


def is_available():
    """False: minigrad never calls cuDNN."""
    return False


def version():
    """None: no cuDNN is loaded."""
    return None
