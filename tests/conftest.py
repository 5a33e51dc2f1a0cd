"""Device "cuda" in tests: real CuPy when a GPU is there, else the strict stand-in."""
import numpy as np
import pytest

from minigrad import backend
from tests.helpers import REAL_GPU
from tests.strict_cuda import strict

if not REAL_GPU:
    backend.use_cuda_module(strict)


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(reason="needs CuPy and a GPU")
    for item in items:
        if "gpu" in item.keywords and not REAL_GPU:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _seeded():
    """Every test starts from the same random state."""
    import minigrad as mg
    mg.manual_seed(0)
    np.random.seed(0)
    yield
