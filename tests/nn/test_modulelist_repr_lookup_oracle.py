"""ModuleList prints runs of equal modules as PyTorch does ("(0-5): 6 x Block(...)", what
print(model) shows for a GPT), and Module.get_parameter / get_buffer find and refuse as
PyTorch's do."""
import pytest

import minigrad as mg

torch = pytest.importorskip("torch")


def _lists(T):
    nn = T.nn
    return [nn.ModuleList(),
            nn.ModuleList([nn.Linear(4, 4) for _ in range(3)]),
            nn.ModuleList([nn.ReLU(), nn.ReLU(), nn.Tanh(), nn.ReLU(), nn.Linear(2, 2),
                           nn.Linear(2, 3), nn.Linear(2, 3)]),
            nn.Sequential(nn.ModuleList([nn.Sequential(nn.Linear(2, 2), nn.GELU())
                                         for _ in range(2)]), nn.LayerNorm(2))]


@pytest.mark.parametrize("k", range(4))
def test_modulelist_repr_matches_pytorch(k):
    assert repr(_lists(mg)[k]) == repr(_lists(torch)[k])


def _model(T):
    nn = T.nn
    return nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))


@pytest.mark.parametrize("method, target", [("get_parameter", "0.weight"),
                                            ("get_parameter", "1.bias"),
                                            ("get_buffer", "1.running_mean"),
                                            ("get_parameter", "1.running_mean"),
                                            ("get_buffer", "0.weight"),
                                            ("get_parameter", "0.nothing"),
                                            ("get_parameter", "2.weight")])
def test_get_parameter_and_buffer_match_pytorch(method, target):
    results = []
    for T in (mg, torch):
        try:
            results.append(tuple(getattr(_model(T), method)(target).shape))
        except AttributeError as err:
            results.append(str(err).strip("'\""))
    assert results[0] == results[1]
