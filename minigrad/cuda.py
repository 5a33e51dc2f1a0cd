"""``mg.cuda``: is a GPU usable (CuPy installed and a device found)?"""
from . import backend


def is_available():
    return backend.cuda_is_available()


def device_count():
    return backend.cuda_device_count()


def manual_seed(seed):
    backend.seed(int(seed))


manual_seed_all = manual_seed
