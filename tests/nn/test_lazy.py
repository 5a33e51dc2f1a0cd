"""nn.LazyLinear and UninitializedParameter: in_features from the first input, PyTorch's random
stream (nothing drawn at construction), the switch to nn.Linear, load_state_dict into a lazy
module; against PyTorch where it is installed."""
import copy

import numpy as np
import pytest

import minigrad as mg
import minigrad.nn as nn
from minigrad.autograd import gradcheck
from minigrad.nn.parameter import is_lazy
from tests.helpers import DEVICES


def test_first_call_infers_in_features_and_becomes_linear():
    layer = nn.LazyLinear(3)
    assert is_lazy(layer.weight) and is_lazy(layer.bias)
    assert repr(layer.weight) == "<UninitializedParameter>"
    assert repr(layer) == "LazyLinear(in_features=0, out_features=3, bias=True)"
    with pytest.raises(RuntimeError, match="Can't access the shape of an uninitialized"):
        layer.weight.shape
    with pytest.raises(ValueError, match="Attempted to use an uninitialized parameter"):
        sum(p.numel() for p in layer.parameters())      # not a silent 0
    assert layer.weight.size() == (0,) and layer.weight.size(0) == 0    # PyTorch allows size()
    weight = layer.weight
    assert layer(mg.rand(2, 5)).shape == (2, 3)
    assert type(layer) is nn.Linear and type(layer.weight) is nn.Parameter
    assert layer.weight is weight and weight.shape == (3, 5) and layer.in_features == 5
    assert repr(layer) == "Linear(in_features=5, out_features=3, bias=True)"
    assert not layer._forward_pre_hooks          # the hook is gone: later calls are plain
    no_bias = nn.LazyLinear(2, bias=False)
    no_bias(mg.rand(1, 4))
    assert no_bias.bias is None and no_bias.weight.shape == (2, 4)


def test_a_shared_lazy_layer_is_initialised_once_and_keeps_its_parameters():
    shared = nn.LazyLinear(4)
    net = nn.Sequential(nn.LazyLinear(4), nn.ReLU(), shared, nn.ReLU(), shared)
    net(mg.rand(2, 3))
    assert [n for n, _ in net.named_parameters()] == ["0.weight", "0.bias", "2.weight", "2.bias"]
    net[2].weight.data[0, 0] = 100
    assert net[4].weight[0, 0].item() == 100


@pytest.mark.parametrize("device", DEVICES)
def test_gradients_of_a_materialized_lazy_layer(device):
    layer = nn.LazyLinear(2, device=device, dtype=mg.float64)
    x = mg.rand(3, 4, dtype=mg.float64, device=device, requires_grad=True)
    layer(x)
    assert layer.weight.dtype == mg.float64 and layer.bias.device.type == device
    moved = nn.LazyLinear(2).to(device).double()       # moved before it has a shape
    moved(x)
    assert moved.weight.device.type == device and moved.weight.dtype == mg.float64
    assert gradcheck(lambda x, w, b: nn.functional.linear(x, w, b), [x, layer.weight, layer.bias])


def test_deepcopy_of_a_lazy_module_stays_lazy():
    layer = copy.deepcopy(nn.LazyLinear(3))
    assert is_lazy(layer.weight)
    assert layer(mg.rand(1, 2)).shape == (1, 3)


def test_load_state_dict_materializes_and_a_failed_load_changes_nothing():
    source = nn.Sequential(nn.Linear(5, 3), nn.Linear(3, 2))
    target = nn.Sequential(nn.LazyLinear(3), nn.LazyLinear(2))
    bad = dict(source.state_dict())
    del bad["1.bias"]
    with pytest.raises(RuntimeError, match=r'Missing key\(s\) in state_dict: "1\.bias"'):
        target.load_state_dict(bad)
    assert is_lazy(target[0].weight) and is_lazy(target[1].bias)
    assert repr(target.load_state_dict(source.state_dict())) == "<All keys matched successfully>"
    assert target[0].weight.shape == (3, 5) and type(target[0]) is nn.LazyLinear
    x = mg.rand(4, 5)
    assert mg.equal(target(x), source(x)) and type(target[0]) is nn.Linear
    assert target[0].in_features == 5                  # from the input, as PyTorch sets it
    loaded = nn.LazyLinear(2)
    loaded.load_state_dict(nn.Linear(3, 2).state_dict())
    with pytest.raises(AssertionError, match="in_features inferred from input: 4 is not equal"):
        loaded(mg.rand(1, 4))


def test_state_dict_of_an_uninitialized_module_holds_the_uninitialized_parameters():
    layer = nn.LazyLinear(3)
    state = layer.state_dict()
    assert list(state) == ["weight", "bias"] and state["weight"] is layer.weight
    assert repr(state) == ("OrderedDict([('weight', <UninitializedParameter>), "
                           "('bias', <UninitializedParameter>)])")


def test_same_numbers_and_random_stream_as_pytorch():
    torch = pytest.importorskip("torch")
    outs = []
    for lib in (mg, torch):
        lib.manual_seed(0)
        net = lib.nn.Sequential(lib.nn.LazyLinear(8), lib.nn.ReLU(), lib.nn.LazyLinear(1))
        before = repr(net)
        with pytest.raises(ValueError, match="Attempted to use an uninitialized parameter"):
            net[0].weight.numel()
        assert tuple(net[0].weight.size()) == (0,)
        x = lib.rand(2, 4)
        y = net(x)
        outs.append((before, repr(net), y.detach().numpy(), net[0].weight.detach().numpy(),
                     net[2].bias.detach().numpy(), lib.rand(3).numpy(),
                     type(net[0]).__name__, type(net[2].weight).__name__))
    ours, theirs = outs
    assert ours[0] == theirs[0] and ours[1] == theirs[1] and ours[6:] == theirs[6:]
    for a, b in zip(ours[2:6], theirs[2:6]):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)
