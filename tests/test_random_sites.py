"""generator= and PyTorch's numbers where minigrad draws random numbers: layers' default
initialisation, nn.init, dropout, rrelu, DataLoader shuffling and random_split."""
import numpy as np
import pytest

import minigrad as mg
import minigrad.nn as nn
import minigrad.nn.functional as F
from minigrad.utils.data import DataLoader, TensorDataset, random_split

torch = pytest.importorskip("torch")

INIT = ["uniform_", "normal_", "trunc_normal_", "xavier_uniform_", "xavier_normal_",
        "kaiming_uniform_", "kaiming_normal_"]


def same(a, b):
    a, b = a.detach().numpy(), b.detach().numpy()
    return a.shape == b.shape and np.array_equal(a, b)


@pytest.mark.parametrize("seed", [0, 42])
def test_layers_start_from_pytorchs_weights(seed):
    mg.manual_seed(seed)
    torch.manual_seed(seed)
    for shape in [(3, 4), (100, 50)]:
        layer, reference = nn.Linear(*shape), torch.nn.Linear(*shape)
        assert same(layer.weight, reference.weight) and same(layer.bias, reference.bias)


def test_makemore_lookup_table():
    g = mg.Generator().manual_seed(2147483647)
    tg = torch.Generator().manual_seed(2147483647)
    assert same(mg.randn((27, 10), generator=g), torch.randn((27, 10), generator=tg))
    assert same(mg.randn((30, 200), generator=g) * (5 / 3) / 30 ** 0.5,
                torch.randn((30, 200), generator=tg) * (5 / 3) / 30 ** 0.5)
    p, tp = mg.rand(27, generator=g), torch.rand(27, generator=tg)
    for _ in range(5):                                  # sampling names, one letter at a time
        assert same(mg.multinomial(p, 1, True, generator=g),
                    torch.multinomial(tp, 1, True, generator=tg))


@pytest.mark.parametrize("name", INIT)
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_init_functions_with_and_without_generator(name, dtype):
    mg.manual_seed(1)
    torch.manual_seed(1)
    w = mg.empty(30, 20, dtype=getattr(mg, dtype))
    tw = torch.empty(30, 20, dtype=getattr(torch, dtype))
    assert same(getattr(nn.init, name)(w), getattr(torch.nn.init, name)(tw))
    g, tg = mg.Generator().manual_seed(2), torch.Generator().manual_seed(2)
    assert same(getattr(nn.init, name)(w, generator=g),
                getattr(torch.nn.init, name)(tw, generator=tg))
    assert same(mg.rand(4), torch.rand(4))               # the default stream was left alone


def test_trunc_normal_narrow_window_and_sparse():
    mg.manual_seed(3)
    torch.manual_seed(3)
    w, tw = mg.empty(30, 20), torch.empty(30, 20)
    assert same(nn.init.trunc_normal_(w, 0.0, 1.0, 2.0, 3.0),       # mass < 0.3: uniform proposals
                torch.nn.init.trunc_normal_(tw, 0.0, 1.0, 2.0, 3.0))
    assert same(nn.init.sparse_(w, 0.3), torch.nn.init.sparse_(tw, 0.3))
    nn.init.orthogonal_(w, generator=mg.Generator().manual_seed(4))    # QR: LAPACK's rounding
    torch.nn.init.orthogonal_(tw, generator=torch.Generator().manual_seed(4))
    assert np.allclose(w.numpy(), tw.numpy(), atol=1e-5)


@pytest.mark.parametrize("p", [0.1, 0.5, 0.37])
def test_dropout_masks_are_pytorchs(p):
    mg.manual_seed(4)
    torch.manual_seed(4)
    x, tx = mg.randn(8, 30), torch.randn(8, 30)
    assert same(F.dropout(x, p), torch.nn.functional.dropout(tx, p))
    assert same(nn.Dropout(p)(x.double()), torch.nn.Dropout(p)(tx.double()))
    assert same(F.alpha_dropout(x, p, True), torch.nn.functional.alpha_dropout(tx, p, True))
    assert same(F.rrelu(x, training=True), torch.nn.functional.rrelu(tx, training=True))
    assert same(F.rrelu(x.double(), 0.1, 0.3, True), torch.nn.functional.rrelu(tx.double(), 0.1,
                                                                                 0.3, True))
    assert same(mg.rand(5), torch.rand(5))


@pytest.mark.parametrize("with_generator", [False, True])
@pytest.mark.parametrize("drop_last", [False, True])
def test_dataloader_shuffles_as_pytorch(with_generator, drop_last):
    x = np.arange(50.0).reshape(25, 2)
    ds = TensorDataset(mg.tensor(x), mg.arange(25))
    tds = torch.utils.data.TensorDataset(torch.tensor(x), torch.arange(25))
    mg.manual_seed(3)
    torch.manual_seed(3)
    g = mg.Generator().manual_seed(9) if with_generator else None
    tg = torch.Generator().manual_seed(9) if with_generator else None
    for _ in range(3):                                  # epochs, and draws in between
        ours = [b[1].tolist() for b in DataLoader(ds, 4, shuffle=True, generator=g,
                                                  drop_last=drop_last)]
        theirs = [b[1].tolist() for b in torch.utils.data.DataLoader(
            tds, 4, shuffle=True, generator=tg, drop_last=drop_last)]
        assert ours == theirs
        assert [b[1].tolist() for b in DataLoader(ds, 7)] == \
            [b[1].tolist() for b in torch.utils.data.DataLoader(tds, 7)]
        assert same(mg.rand(3), torch.rand(3))


def test_random_split_as_pytorch():
    mg.manual_seed(1)
    torch.manual_seed(1)
    ours = random_split(range(10), [3, 7])
    theirs = torch.utils.data.random_split(range(10), [3, 7])
    assert [list(s.indices) for s in ours] == [list(s.indices) for s in theirs]
    ours = random_split(range(30), [0.3, 0.3, 0.4], generator=mg.Generator().manual_seed(42))
    theirs = torch.utils.data.random_split(range(30), [0.3, 0.3, 0.4],
                                           generator=torch.Generator().manual_seed(42))
    assert [list(s.indices) for s in ours] == [list(s.indices) for s in theirs]
