"""The Tensor API: attributes, leaving minigrad, repr, in-place methods, indexing assignment."""
import importlib
import json
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

import minigrad as mg
from tests.helpers import DEVICES, to_numpy


@pytest.mark.parametrize("device", DEVICES)
def test_attributes(device):
    x = mg.ones(2, 3, device=device, requires_grad=True)
    assert x.shape == (2, 3) and x.ndim == 2 and x.dim() == 2 and x.dtype == mg.float32
    assert x.size() == (2, 3) and x.size(1) == 3 and x.size(-2) == 2 and len(x) == 2
    assert x.numel() == 6 and x.nelement() == 6
    assert x.device.type == device and x.is_leaf and x.grad is None and x.grad_fn is None
    assert x.requires_grad and x.T.shape == (3, 2) and x.mT.shape == (3, 2)
    y = x * 2
    assert not y.is_leaf and y.grad_fn is not None and y.requires_grad
    assert y.grad_fn.name() == "MulBackward0"          # PyTorch's node name
    assert isinstance(x.array, np.ndarray) == (device == "cpu")
    assert [e.shape for e in x] == [(3,), (3,)]


@pytest.mark.parametrize("device", DEVICES)
def test_item_tolist_numpy(device):
    x = mg.tensor([[1.5, 2.0]], device=device)
    assert x.tolist() == [[1.5, 2.0]] and x[0, 1].item() == 2.0
    assert isinstance(x.sum().item(), float) and isinstance(mg.tensor([3]).item(), int)
    assert float(x[0, 0]) == 1.5 and int(mg.tensor(7)) == 7 and bool(mg.tensor([True]))
    assert mg.tensor(5).tolist() == 5
    with pytest.raises(RuntimeError, match="cannot be converted to Scalar"):
        x.item()
    with pytest.raises(RuntimeError, match="ambiguous"):
        bool(mg.ones(2))
    with pytest.raises(TypeError):
        len(mg.tensor(1.0))
    r = mg.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="detach"):
        r.numpy()
    assert r.detach().numpy().tolist() == [1.0, 1.0]
    if device == "cpu":
        a = x.numpy()
        a[0, 0] = 9.0                     # numpy() shares memory, as in PyTorch
        assert x[0, 0].item() == 9.0
        assert np.asarray(x).shape == (1, 2)


def _float_warnings(lib):
    """The UserWarnings of float(t) three times on a tensor that requires grad, then once each
    on one that does not, and item()/int() (PyTorch warns for float() only, once a process)."""
    w = lib.tensor([2.0], requires_grad=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        values = [float(w), float(w * 3), float(w), float(w.detach()), w.item(), int(w * 2)]
    return values, [str(c.message).split("\n")[0] for c in caught]


def test_float_of_a_tensor_that_requires_grad_warns_once_as_pytorch(monkeypatch):
    monkeypatch.setitem(importlib.import_module("minigrad.tensor")._warned_once, "float", False)
    values, messages = _float_warnings(mg)
    assert values == [2.0, 6.0, 2.0, 2.0, 2.0, 4]
    assert messages == ["Converting a tensor with requires_grad=True to a scalar may lead to "
                        "unexpected behavior."]
    pytest.importorskip("torch")                   # in a fresh process: PyTorch warns once
    script = ("import json, torch; from tests.test_tensor import _float_warnings; "
              "print(json.dumps(_float_warnings(torch)))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).parents[1]).stdout
    assert json.loads(out) == [values, messages]


def test_index_conversion():
    lst = [10, 20, 30]
    assert lst[mg.tensor(1)] == 20
    with pytest.raises(TypeError):
        lst[mg.tensor(1.0)]


def test_repr_like_pytorch():
    assert repr(mg.tensor([1.0, 2.0])) == "tensor([1., 2.])"
    assert repr(mg.tensor([1, 2])) == "tensor([1, 2])"
    assert repr(mg.tensor([1.0], dtype=mg.float64)) == "tensor([1.], dtype=minigrad.float64)"
    assert repr(mg.tensor([1.0, 2.0], requires_grad=True)) == "tensor([1., 2.], requires_grad=True)"
    assert repr(mg.tensor([1.0], requires_grad=True) * 2) == "tensor([2.], grad_fn=<MulBackward0>)"
    assert "device='cuda:0'" in repr(mg.ones(1, device="cuda"))


@pytest.mark.parametrize("device", DEVICES)
def test_in_place_methods(device):
    x = mg.zeros(2, 2, device=device)
    assert x.fill_(2.0) is x and to_numpy(x).tolist() == [[2, 2], [2, 2]]
    x.add_(1.0)
    x.sub_(mg.ones(2, device=device), alpha=0.5)
    x.mul_(2.0)
    x.div_(mg.tensor([1.0, 5.0], device=device))
    assert to_numpy(x).tolist() == [[5.0, 1.0], [5.0, 1.0]]
    x.clamp_(max=4.0)
    x.add_(mg.ones(2, 2, device=device), alpha=-1)
    assert to_numpy(x).tolist() == [[3.0, 0.0], [3.0, 0.0]]
    x += 1
    x -= 0.5
    x *= 2
    x /= 3
    assert np.allclose(to_numpy(x), [[7 / 3, 1 / 3], [7 / 3, 1 / 3]])
    x.copy_(mg.tensor([[1.0, 2.0], [3.0, 4.0]]))           # from the CPU: copied over
    assert to_numpy(x).tolist() == [[1, 2], [3, 4]] and x.device.type == device
    x.zero_()
    assert to_numpy(x).tolist() == [[0, 0], [0, 0]]
    mg.manual_seed(0)
    x.normal_(1.0, 0.1)
    assert abs(to_numpy(x).mean() - 1) < 0.3
    x.uniform_(2.0, 3.0)
    assert ((to_numpy(x) >= 2) & (to_numpy(x) < 3)).all()
    assert x._version == 15


@pytest.mark.parametrize("device", DEVICES)
def test_in_place_ops_keep_identity_and_dtype(device):
    x = mg.ones(3, dtype=mg.float64, device=device)
    ref = x
    x += mg.ones(3, dtype=mg.float32, device=device)
    x *= 2.5
    assert x is ref and x.dtype == mg.float64
    i = mg.ones(3, dtype=mg.int64, device=device)
    i += 2
    assert i.dtype == mg.int64 and to_numpy(i).tolist() == [3, 3, 3]


@pytest.mark.parametrize("device", DEVICES)
def test_indexing_assignment(device):
    x = mg.zeros(3, 4, device=device)
    x[0] = 1.0
    x[1, ::2] = mg.tensor([5.0, 6.0], device=device)
    x[:, -1] = mg.arange(3, device=device)                  # int into float: cast
    x[x > 5] = -1.0
    x[mg.tensor([2, 2], device=device), mg.tensor([0, 1], device=device)] = 9.0
    assert to_numpy(x).tolist() == [[1, 1, 1, 0], [5, 0, -1, 1], [9, 9, 0, 2]]
    x[...] = 0.0
    assert not to_numpy(x).any()


@pytest.mark.parametrize("device", DEVICES)
def test_clone_detach_requires_grad_(device):
    x = mg.ones(2, device=device, requires_grad=True)
    c = x.clone()
    assert c.grad_fn is not None and c.array is not x.array
    c.sum().backward()
    assert to_numpy(x.grad).tolist() == [1.0, 1.0]
    d = x.detach()
    assert d.array is x.array and not d.requires_grad
    y = mg.ones(2, device=device)
    assert y.requires_grad_() is y and y.requires_grad
    x.grad = None
    assert x.grad is None


@pytest.mark.parametrize("device", DEVICES)
def test_comparisons_and_logic(device):
    x = mg.tensor([1.0, 2.0, 3.0], device=device, requires_grad=True)
    m = (x > 1) & (x < 3)
    assert m.dtype == mg.bool and not m.requires_grad and to_numpy(m).tolist() == [0, 1, 0]
    assert to_numpy(~m).tolist() == [1, 0, 1] and to_numpy((x < 2) | (x > 2)).tolist() == [1, 0, 1]
    assert to_numpy(m.logical_not()).tolist() == [1, 0, 1]
    assert x.equal(x.detach().clone()) and not x.equal(x * 2)
    assert bool((x > 0).all()) and bool((x > 2).any()) and not bool((x > 5).any())
    assert to_numpy(x.isnan()).tolist() == [0, 0, 0] and bool(x.isfinite().all())
    assert {x: 1}[x] == 1                                     # hashable by identity


@pytest.mark.parametrize("device", DEVICES)
def test_method_forms_match_functions(device):
    x = mg.tensor([[0.5, -1.0], [2.0, 0.25]], device=device)
    pairs = [(x.exp(), mg.exp(x)), (x.sum(1), mg.sum(x, 1)), (x.softmax(-1), mg.softmax(x, -1)),
             (x.reshape(4), mg.reshape(x, (4,))), (x.clip(0, 1), mg.clamp(x, 0, 1)),
             (x.abs(), abs(x)), (x.neg(), -x), (x.t(), mg.t(x)), (x.flip(0), mg.flip(x, [0])),
             (x.maximum(x * 2), mg.maximum(x, x * 2)), (x.narrow(1, 0, 1), x[:, :1]),
             (x.view_as(x.T), x.reshape(2, 2)), (x.expand_as(mg.ones(3, 2, 2)), x.expand(3, 2, 2)),
             (x // 0.3, mg.div(x, 0.3, rounding_mode="floor")), (x % 0.3, x - (x // 0.3) * 0.3)]
    for a, b in pairs:
        np.testing.assert_allclose(to_numpy(a), to_numpy(b))


@pytest.mark.parametrize("expression", [
    "x.new_zeros(2)", "x.new_zeros((2, 3))", "x.new_zeros(size=(2, 3))",
    "x.new_ones(2, 3, dtype=m.int64)", "i.new_ones(3)", "x.new_empty(2, 3).shape",
    "x.new_full((2,), 3)", "i.new_full((2,), 3.7)", "x.new_tensor([1, 2])",
    "i.new_tensor([1.5, -2.5])", "x.new_zeros(2, requires_grad=True).requires_grad",
])
def test_new_factories_take_dtype_and_device_from_the_tensor(expression):
    """PyTorch's ``x.new_zeros(...)`` family: x's dtype and device unless given."""
    torch = pytest.importorskip("torch")
    outcomes = []
    for m in (mg, torch):
        x, i = m.tensor([[1.0, 2.0]], dtype=m.float64), m.tensor([1, 2])
        out = eval(expression, {"m": m, "x": x, "i": i})
        outcomes.append(tuple(out) if isinstance(out, tuple) else out if isinstance(out, bool)
                        else (str(out.dtype).split(".")[1], out.tolist()))
    assert outcomes[0] == outcomes[1]


@pytest.mark.parametrize("expression", [
    "m.zeros(2, 3).copy_(m.ones(2))", "m.zeros(2).copy_(m.ones(3))", "m.zeros(2).fill_(m.ones(2))",
])
def test_copy_and_fill_refuse_what_pytorch_refuses_and_change_nothing(expression):
    torch = pytest.importorskip("torch")
    for m in (mg, torch):
        with pytest.raises(RuntimeError):
            eval(expression, {"m": m})
    x = mg.zeros(2)
    with pytest.raises(RuntimeError, match="broadcast"):
        x.copy_(mg.ones(3))
    assert x.tolist() == [0.0, 0.0] and x._version == 0
    assert mg.zeros(2).fill_(mg.tensor(3.0)).tolist() == [3.0, 3.0]


def test_a_node_prints_as_pytorch_prints_it():
    """print(y.grad_fn) in PyTorch: <MulBackward0 object at 0x...>; a tensor's repr names it
    without the address."""
    import re
    y = mg.tensor([1.0], requires_grad=True) * 2
    assert re.fullmatch(r"<MulBackward0 object at 0x[0-9a-f]+>", repr(y.grad_fn))
    assert re.fullmatch(r"\(\(<AccumulateGrad object at 0x[0-9a-f]+>, 0\), \(None, 0\)\)",
                        str(y.grad_fn.next_functions))


def test_assigning_grad_is_checked_as_in_pytorch():
    """w.grad = 0. was accepted and the next backward failed deep in the engine; now the
    assignment itself is refused as PyTorch refuses it, and the old gradient stays."""
    import pytest
    w = mg.ones(2, requires_grad=True)
    (w * 2).sum().backward()
    before = w.grad
    with pytest.raises(TypeError, match="assigned grad expected to be a Tensor or None but got "
                                        "grad of type float"):
        w.grad = 0.
    with pytest.raises(RuntimeError, match=r"gradient of size '\[3\]' to a tensor of size '\[2\]'"):
        w.grad = mg.ones(3)
    with pytest.raises(RuntimeError, match="dtype minigrad.float64 to a tensor of dtype "
                                           "minigrad.float32"):
        w.grad = mg.ones(2, dtype=mg.float64)
    assert w.grad is before
    w.grad = mg.zeros(2)
    (w * 2).sum().backward()
    assert w.grad.tolist() == [2.0, 2.0]
    w.grad = None
    assert w.grad is None


def test_mT_of_a_vector_is_pytorchs_runtime_error():
    torch = pytest.importorskip("torch")
    for m in (mg, torch):
        with pytest.raises(RuntimeError, match="mT is only supported on matrices"):
            m.ones(3).mT
        assert tuple(m.ones(4, 2, 3).mT.shape) == (4, 3, 2)


def test_reading_a_non_leafs_grad_warns_as_in_pytorch():
    """y.grad of a non-leaf stays None after backward(); PyTorch warns when it is read (the
    usual slip: reading the result's .grad instead of the input's), unless y.retain_grad()."""
    import warnings
    import pytest
    x = mg.ones(2, requires_grad=True)
    y, z = x * 2, x * 3
    z.retain_grad()
    (y + z).sum().backward()
    with pytest.warns(UserWarning, match="not a leaf Tensor is being accessed"):
        assert y.grad is None
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert x.grad.tolist() == [5.0, 5.0] and z.grad.tolist() == [1.0, 1.0]
        assert mg.ones(2).grad is None
