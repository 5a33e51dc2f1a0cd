"""Each optimizer's per-parameter update is one fused kernel (``backend.fuse``).

On a GPU, ``backend.fuse`` compiles the update with ``cupy.fuse``: one kernel
launch per parameter. Here every fused function of the optimizer modules is
wrapped with a counter, and one step on one parameter on device "cuda" (the
strict CuPy stand-in, or a real GPU) must call exactly the expected number:
one for the update, one more for coupled weight decay / maximize or for
decoupled weight decay, which the base class applies.
"""
import importlib
import pkgutil

import pytest

import minigrad as mg
from minigrad import backend, optim

FUSED_CODE = backend.fuse(lambda: None).__code__


@pytest.fixture
def launches(monkeypatch):
    count = [0]

    def counted(fn):
        def wrapper(*args, **options):
            count[0] += 1
            return fn(*args, **options)
        return wrapper

    for info in pkgutil.iter_modules(optim.__path__):
        module = importlib.import_module(f"minigrad.optim.{info.name}")
        for name, value in list(vars(module).items()):
            if getattr(value, "__code__", None) is FUSED_CODE:
                monkeypatch.setattr(module, name, counted(value))
    return count


O = optim
CASES = [
    (lambda p: O.SGD(p, lr=0.1), 1), (lambda p: O.SGD(p, lr=0.1, momentum=0.9), 1),
    (lambda p: O.SGD(p, lr=0.1, momentum=0.9, nesterov=True), 1),
    (lambda p: O.SGD(p, lr=0.1, weight_decay=0.1), 2),
    (lambda p: O.Adagrad(p), 1), (lambda p: O.Adadelta(p, maximize=True), 2),
    (lambda p: O.RMSprop(p), 1), (lambda p: O.RMSprop(p, momentum=0.9, centered=True), 1),
    (lambda p: O.Adam(p), 1), (lambda p: O.Adam(p, amsgrad=True, eps_inside_sqrt=True), 1),
    (lambda p: O.AdamW(p), 2), (lambda p: O.Adamax(p), 1), (lambda p: O.NAdam(p), 1),
    (lambda p: O.RAdam(p), 1), (lambda p: O.RAdam(p, betas=(0.9, 0.5)), 1),
    (lambda p: O.ASGD(p), 1), (lambda p: O.Rprop(p), 1),
    (lambda p: O.HeavyBall(p, lr=0.1, momentum=0.9), 1),
    (lambda p: O.HeavyBall(p, lr=0.1, momentum=0.9, nesterov=True), 1),
    (lambda p: O.NesterovAGD(p, lr=0.1), 1), (lambda p: O.RMSpropGraves(p), 1),
]


@pytest.mark.parametrize("make,expected", CASES, ids=[str(i) for i in range(len(CASES))])
def test_one_fused_kernel_per_parameter_update(make, expected, launches):
    w = mg.tensor([1.0, -2.0, 0.5], device="cuda", requires_grad=True)
    opt = make([w])
    for _ in range(6):                   # RAdam(betas=(0.9, 0.5)) is rectified from step 3
        w.grad = mg.tensor([0.3, -1.0, 2.0], device="cuda")
        launches[0] = 0
        opt.step()
        assert launches[0] == expected
