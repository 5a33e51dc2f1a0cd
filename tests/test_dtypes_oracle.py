"""Type promotion against PyTorch 2.13, live: every pair of dtypes and operand kinds."""
import itertools
import operator

import pytest

torch = pytest.importorskip("torch")

import minigrad as mg  # noqa: E402
from tests.helpers import DEVICES  # noqa: E402

pytestmark = pytest.mark.oracle

DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64"]
KINDS = ["tensor", "zero_dim", "python"]
OPS = {"add": operator.add, "sub": operator.sub, "mul": operator.mul, "div": operator.truediv,
       "maximum": lambda a, b: a.maximum(b) if hasattr(a, "maximum") else None,
       "where": None, "cat": None}


def make(m, dtype, kind, device="cpu"):
    if kind == "python":
        return {"bool": True, "float16": 2.5, "float32": 2.5, "float64": 2.5}.get(dtype, 3)
    shape = (2,) if kind == "tensor" else ()
    if m is torch:
        return torch.ones(shape, dtype=getattr(torch, dtype))
    return mg.ones(shape, dtype=getattr(mg, dtype), device=device)


def result_dtype(m, op, a, b):
    if op == "where":
        cond = m.ones(2, dtype=m.bool) if m is torch else mg.ones(2, dtype=mg.bool,
                                                                 device=a.device)
        return m.where(cond, a, b).dtype
    if op == "cat":
        return m.cat([a.reshape(-1), b.reshape(-1)]).dtype
    if op == "maximum":
        return m.maximum(a, b).dtype
    return OPS[op](a, b).dtype


def cases(op):
    return [(da, db, kb) for da, db in itertools.product(DTYPES, DTYPES) for kb in KINDS
            if not (kb == "python" and db not in ("bool", "int64", "float32"))
            and not (op in ("maximum", "cat") and kb == "python")]


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("op", list(OPS))
def test_promotion_matches_pytorch(op, device):
    """Every (dtype, dtype, kind of second operand) for ``op``; all mismatches reported."""
    wrong = []
    for da, db, kb in cases(op):
        try:
            want = result_dtype(torch, op, make(torch, da, "tensor"), make(torch, db, kb))
        except (RuntimeError, TypeError):
            continue                                 # PyTorch refuses this combination
        got = result_dtype(mg, op, make(mg, da, "tensor", device), make(mg, db, kb, device))
        if str(got) != str(want).replace("torch.", "minigrad."):
            wrong.append(f"{da} {op} {db} ({kb}): minigrad {got}, PyTorch {want}")
    assert not wrong, "\n".join(wrong)


def test_zero_dim_and_tensor_priority_both_orders():
    for da, db in itertools.product(DTYPES, DTYPES):
        want = (torch.ones((), dtype=getattr(torch, da)) + torch.ones(2, dtype=getattr(torch, db))
                ).dtype
        got = (mg.ones((), dtype=getattr(mg, da)) + mg.ones(2, dtype=getattr(mg, db))).dtype
        assert str(got) == str(want).replace("torch.", "minigrad."), (da, db)


FLOAT_FUNCTIONS = ["exp", "log", "log1p", "expm1", "sqrt", "rsqrt", "sin", "cos", "tanh",
                   "sigmoid", "logsumexp", "relu", "abs", "neg", "sum", "prod", "amax", "max",
                   "cumsum"]


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", ["int64", "int32", "uint8", "float16", "float64"])
def test_unary_result_dtypes_match_pytorch(dtype, device):
    """exp(int tensor) is float32 (the default float), sum(int32) is int64, ..."""
    wrong = []
    for name in FLOAT_FUNCTIONS:
        args = (0,) if name in ("logsumexp", "cumsum") else ()
        want = getattr(torch.ones(3, dtype=getattr(torch, dtype)), name)(*args).dtype
        got = getattr(mg.ones(3, dtype=getattr(mg, dtype), device=device), name)(*args).dtype
        if str(got) != str(want).replace("torch.", "minigrad."):
            wrong.append(f"{name}({dtype}): minigrad {got}, PyTorch {want}")
    assert not wrong, "\n".join(wrong)
