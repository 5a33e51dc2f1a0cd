"""Module: registration, traversal, modes, state dicts, devices, printing."""
import copy

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

import minigrad as mg
import minigrad.nn as nn
from tests.helpers import DEVICES, to_numpy


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(3, 4)
        self.scale = nn.Parameter(mg.ones(1))
        self.register_buffer("steps", mg.zeros(1))
        self.register_buffer("cache", mg.zeros(2), persistent=False)
        self.body = nn.Sequential(nn.ReLU(), nn.Linear(4, 2), nn.BatchNorm1d(2))

    def forward(self, x):
        return self.body(self.fc1(x)) * self.scale


def test_registration_keeps_definition_order():
    net = Net()
    assert [n for n, _ in net.named_parameters()] == [
        "scale", "fc1.weight", "fc1.bias", "body.1.weight", "body.1.bias", "body.2.weight",
        "body.2.bias"]
    assert [n for n, _ in net.named_buffers()] == [
        "steps", "cache", "body.2.running_mean", "body.2.running_var",
        "body.2.num_batches_tracked"]
    assert list(net.state_dict()) == [
        "scale", "steps", "fc1.weight", "fc1.bias", "body.1.weight", "body.1.bias",
        "body.2.weight", "body.2.bias", "body.2.running_mean", "body.2.running_var",
        "body.2.num_batches_tracked"]
    assert [n for n, _ in net.named_children()] == ["fc1", "body"]
    assert [n for n, _ in net.named_modules()] == ["", "fc1", "body", "body.0", "body.1",
                                                  "body.2"]
    assert len(list(net.parameters(recurse=False))) == 1


def test_shared_parameters_are_listed_once():
    lin = nn.Linear(2, 2)
    seq = nn.Sequential(lin, lin)
    assert len(list(seq.parameters())) == 2
    assert list(seq.state_dict()) == ["0.weight", "0.bias", "1.weight", "1.bias"]


def test_reassignment_moves_between_stores_and_type_errors():
    m = nn.Module()
    m.w = nn.Parameter(mg.zeros(2))
    m.w = None
    assert "w" in m._parameters and m.w is None
    with pytest.raises(TypeError, match="parameter 'w'"):
        m.w = mg.zeros(2)
    m.register_buffer("b", None)
    with pytest.raises(TypeError, match="buffer 'b'"):
        m.b = 3
    with pytest.raises(KeyError):
        m.register_buffer("a.b", mg.zeros(1))
    del m.w
    assert "w" not in m._parameters


def test_parameter_is_a_leaf_that_requires_grad_and_prints_like_pytorch():
    p = nn.Parameter(mg.tensor([1.0, 2.0]))
    assert p.requires_grad and p.is_leaf and isinstance(p, mg.Tensor)
    assert repr(p).startswith("Parameter containing:\ntensor([1., 2.], requires_grad=True)")
    assert not nn.Parameter(mg.zeros(1), requires_grad=False).requires_grad


def test_train_eval_zero_grad_requires_grad_apply():
    net = Net()
    net.eval()
    assert not any(m.training for m in net.modules())
    net.train()
    assert all(m.training for m in net.modules())
    net(mg.randn(5, 3)).sum().backward()
    assert all(p.grad is not None for p in net.parameters())
    net.zero_grad(set_to_none=False)
    assert all(float(p.grad.abs().sum()) == 0 for p in net.parameters())
    net.zero_grad()
    assert all(p.grad is None for p in net.parameters())
    net.requires_grad_(False)
    assert not any(p.requires_grad for p in net.parameters())
    seen = []
    net.apply(lambda m: seen.append(type(m).__name__))
    assert seen[-1] == "Net" and seen[0] == "Linear"


def test_load_state_dict_round_trip_and_strict_false():
    a, b = Net(), Net()
    result = b.load_state_dict(a.state_dict())
    assert result.missing_keys == [] and result.unexpected_keys == []
    for (k, va), vb in zip(a.state_dict().items(), b.state_dict().values()):
        assert np.array_equal(to_numpy(va), to_numpy(vb)), k
    sd = a.state_dict()
    del sd["scale"]
    sd["extra"] = mg.zeros(1)
    result = b.load_state_dict(sd, strict=False)
    assert result.missing_keys == ["scale"] and result.unexpected_keys == ["extra"]


def _snapshot(m):
    return {k: to_numpy(v).copy() for k, v in m.state_dict().items()}


@pytest.mark.parametrize("change,match", [
    (lambda sd: sd.pop("fc1.bias"), 'Missing key.*"fc1.bias"'),
    (lambda sd: sd.update(bogus=mg.zeros(1)), 'Unexpected key.*"bogus"'),
    (lambda sd: sd.update({"body.1.weight": mg.zeros(3, 4)}),
     r"size mismatch for body.1.weight: .*\[3, 4\].*\[2, 4\]"),
])
def test_failed_load_names_the_key_and_changes_nothing(change, match):
    a, b = Net(), Net()
    before = _snapshot(b)
    sd = a.state_dict()
    change(sd)
    with pytest.raises(RuntimeError, match=match):
        b.load_state_dict(sd)
    after = _snapshot(b)
    assert all(np.array_equal(before[k], after[k]) for k in before)


def _bits(m):
    """Every parameter and buffer, as (dtype, shape, bytes), and its version counter."""
    return {k: (v.dtype, v.shape, to_numpy(v).tobytes(), v._vc[0])
            for k, v in list(m.named_parameters()) + list(m.named_buffers())}


def _unconvertible(target):
    """A value under a key that cannot become the target's dtype (of the right shape)."""
    return np.full(tuple(target.shape), "x")


_MUTATIONS = {                                    # name: (change, fails even when not strict)
    "drop": (lambda sd, k: sd.pop(k), False),
    "extra": (lambda sd, k: sd.update({k + ".extra": mg.zeros(1)}), False),
    "shape": (lambda sd, k: sd.update({k: mg.zeros(*sd[k].shape, 2)}), True),
    "string": (lambda sd, k: sd.update({k: _unconvertible(sd[k])}), True),
    "object": (lambda sd, k: sd.update({k: object()}), True),
    "none": (lambda sd, k: sd.update({k: None}), True),
}


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(data=st.data())
def test_every_failed_load_leaves_the_module_bit_identical(data):
    """Issue 9 item 8: whichever keys are broken, and how, a load that raises has written
    nothing, even when the broken value is the last one, after valid ones (conversion of
    every value happens before the first write)."""
    source, target = Net(), Net()
    source(mg.randn(5, 3))                        # running stats differ from the target's
    sd = source.state_dict()
    keys = list(sd)
    changes = data.draw(st.lists(st.tuples(st.sampled_from(sorted(_MUTATIONS)),
                                           st.sampled_from(keys)), min_size=1, max_size=3,
                                 unique_by=lambda change: change[1]))
    strict = data.draw(st.booleans())
    must_fail = strict
    for name, key in changes:
        _MUTATIONS[name][0](sd, key)
        must_fail = must_fail or _MUTATIONS[name][1]
    before = _bits(target)
    try:
        target.load_state_dict(sd, strict=strict)
    except RuntimeError as err:
        assert "Error(s) in loading state_dict for Net" in str(err)
        assert _bits(target) == before
    else:
        assert not must_fail, changes


def test_a_value_that_cannot_be_converted_under_the_last_key_changes_nothing():
    source, target = Net(), Net()
    sd = source.state_dict()
    last = list(sd)[-1]
    sd[last] = _unconvertible(sd[last])
    before = _bits(target)
    with pytest.raises(RuntimeError, match=f'copying the parameter named "{last}".*ndarray'):
        target.load_state_dict(sd)
    assert _bits(target) == before
    with pytest.raises(TypeError, match="Expected state_dict to be dict-like"):
        target.load_state_dict(list(sd.items()))


def test_shape_mismatch_is_an_error_even_when_not_strict():
    m = nn.Linear(2, 3)
    with pytest.raises(RuntimeError, match="size mismatch for weight"):
        m.load_state_dict({"weight": mg.zeros(2, 2)}, strict=False)


@pytest.mark.parametrize("device", DEVICES)
def test_to_keeps_the_same_parameter_objects(device):
    net = Net()
    params = list(net.parameters())
    net(mg.randn(4, 3)).sum().backward()
    assert net.to(device) is net
    assert [id(p) for p in net.parameters()] == [id(p) for p in params]
    assert all(p.device == device and p.grad.device == device for p in net.parameters())
    assert all(b.device == device for b in net.buffers())
    net.double()
    assert all(p.dtype == mg.float64 for p in net.parameters())
    assert net.body[2].num_batches_tracked.dtype == mg.int64
    out = net(mg.randn(4, 3, dtype=mg.float64, device=device))
    assert out.device == device
    net.cpu().float()
    assert all(p.device == "cpu" and p.dtype == mg.float32 for p in net.parameters())


def test_repr_is_pytorch_style():
    net = nn.Sequential(nn.Linear(2, 3), nn.Sequential(nn.Tanh(), nn.Dropout(0.1)))
    assert repr(net) == (
        "Sequential(\n"
        "  (0): Linear(in_features=2, out_features=3, bias=True)\n"
        "  (1): Sequential(\n"
        "    (0): Tanh()\n"
        "    (1): Dropout(p=0.1, inplace=False)\n"
        "  )\n"
        ")")


def test_forward_hooks_and_pre_hooks():
    lin = nn.Linear(2, 2)
    calls = []
    h1 = lin.register_forward_pre_hook(lambda m, args: (args[0] * 0,))
    h2 = lin.register_forward_hook(lambda m, args, out: calls.append(out.shape))
    out = lin(mg.ones(1, 2))
    assert np.allclose(to_numpy(out), to_numpy(lin.bias))
    assert calls == [(1, 2)]
    h1.remove()
    h2.remove()
    lin(mg.ones(1, 2))
    assert calls == [(1, 2)]


def test_missing_forward_is_a_clear_error():
    with pytest.raises(NotImplementedError, match="forward"):     # PyTorch's exception type
        nn.Module()(1)


def test_reassigning_a_parameter_or_submodule_keeps_its_place_as_in_pytorch():
    torch = pytest.importorskip("torch")
    orders = []
    for lib in (mg, torch):
        lin = lib.nn.Linear(1, 1)
        lin.extra = lib.nn.Parameter(lib.ones(1))
        lin.weight = lib.nn.Parameter(lib.zeros(1, 1))       # weight tying does this
        seq = lib.nn.Sequential(lib.nn.ReLU(), lin)
        seq[0] = lib.nn.Linear(2, 2)
        orders.append(([n for n, _ in lin.named_parameters()], list(seq.state_dict())))
    assert orders[0] == orders[1]
    assert orders[0][0] == ["weight", "bias", "extra"]


def test_load_state_dict_result_prints_as_pytorchs():
    torch = pytest.importorskip("torch")
    for lib in (mg, torch):
        lin = lib.nn.Linear(2, 1)
        full = lin.load_state_dict(lin.state_dict())
        partial = lin.load_state_dict({"weight": lib.zeros(1, 2)}, strict=False)
        assert repr(full) == str(full) == "<All keys matched successfully>"
        assert repr(partial) == "_IncompatibleKeys(missing_keys=['bias'], unexpected_keys=[])"
        assert partial.missing_keys == ["bias"] and tuple(partial) == (["bias"], [])


def test_deepcopy_gives_independent_parameters():
    net = Net()
    twin = copy.deepcopy(net)
    with mg.no_grad():
        twin.fc1.weight.fill_(0.0)
    assert float(net.fc1.weight.abs().sum()) > 0
    assert isinstance(twin.fc1.weight, nn.Parameter)


def test_state_dict_keep_vars_and_integer_dtype_refused():
    lin = nn.Linear(2, 2)
    assert lin.state_dict(keep_vars=True)["weight"] is lin.weight
    assert lin.state_dict()["weight"] is not lin.weight
    with pytest.raises(TypeError, match="floating point"):
        lin.to(mg.int64)
