"""Sequential, ModuleList, ModuleDict."""
from collections import OrderedDict

import pytest

import minigrad as mg
import minigrad.nn as nn


def test_sequential_indexing_slicing_append_and_names():
    seq = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    assert len(seq) == 3 and isinstance(seq[-1], nn.Linear)
    head = seq[:2]
    assert isinstance(head, nn.Sequential) and len(head) == 2
    assert head(mg.randn(4, 2)).shape == (4, 3)
    seq.append(nn.Sigmoid())
    assert list(seq._modules) == ["0", "1", "2", "3"]
    del seq[1]
    assert list(seq._modules) == ["0", "1", "2"]
    seq.insert(1, nn.Tanh())
    assert isinstance(seq[1], nn.Tanh)
    with pytest.raises(IndexError):
        seq[10]
    assert [type(m).__name__ for m in seq] == ["Linear", "Tanh", "Linear", "Sigmoid"]


def test_sequential_from_ordered_dict_names_the_keys():
    seq = nn.Sequential(OrderedDict([("fc", nn.Linear(2, 2)), ("act", nn.ReLU())]))
    assert list(seq.state_dict()) == ["fc.weight", "fc.bias"]
    assert seq.fc is seq[0]
    assert list(seq[1:]._modules) == ["act"]


def test_module_list_and_dict_register_their_members():
    layers = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)])
    layers.append(nn.Linear(2, 1))
    layers += [nn.ReLU()]
    assert len(layers) == 5 and len(list(layers.parameters())) == 8
    assert list(layers.state_dict())[:2] == ["0.weight", "0.bias"]
    assert isinstance(layers[1:3], nn.ModuleList)
    heads = nn.ModuleDict({"a": nn.Linear(2, 1), "b": nn.Linear(2, 3)})
    heads["c"] = nn.Identity()
    assert list(heads.keys()) == ["a", "b", "c"] and "b" in heads
    assert list(heads.state_dict()) == ["a.weight", "a.bias", "b.weight", "b.bias"]
    heads.pop("a")
    assert len(heads) == 2


def test_parameter_list_and_dict_as_pytorch():
    """Registration names, wrapping plain tensors into Parameters, order (a plain dict in
    sorted key order), list/dict operations and the printed form are PyTorch's."""
    torch = pytest.importorskip("torch")

    def describe(lib):
        plist = lib.nn.ParameterList([lib.nn.Parameter(lib.ones(2, 3)), lib.zeros(1)])
        plist.append(lib.ones(3, dtype=lib.float64))
        plist[1] = lib.full((2,), 7.0)
        pdict = lib.nn.ParameterDict({"b": lib.ones(2), "a": lib.zeros(1)})
        pdict.update({"c": lib.nn.Parameter(lib.ones(1))})
        net = lib.nn.Module()
        net.plist, net.pdict = plist, pdict
        popped = pdict.pop("b")
        return (repr(net).replace("torch.", "minigrad."), list(net.state_dict()),
                [type(p).__name__ for p in net.parameters()], plist[1].tolist(), len(plist[1:]),
                [n for n, _ in net.named_parameters()], list(pdict), "a" in pdict,
                popped.tolist(), len(lib.optim.SGD(net.parameters(), lr=0.1).param_groups[0]["params"]))
    assert describe(mg) == describe(torch)
    with pytest.raises(TypeError, match="holds tensors"):
        nn.ParameterList([3])
