"""minigrad.utils.stats: per-layer activation and gradient statistics."""
import numpy as np
import pytest

import minigrad as mg
from minigrad import nn
from minigrad.utils.stats import format_table, layer_stats


def test_stats_match_a_hand_computation():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((50, 3)).astype(np.float32)
    linear = nn.Linear(3, 4)
    layers = [linear, nn.Tanh()]
    records = layer_stats(layers, mg.tensor(x), bins=7)
    w, b = linear.weight.detach().numpy().astype(np.float64), linear.bias.detach().numpy().astype(np.float64)
    h1 = x.astype(np.float64) @ w.T + b
    h2 = np.tanh(h1)
    g2 = np.ones_like(h2)                        # L = Σ h2
    g1 = g2 * (1 - h2 ** 2)
    assert [r.name for r in records] == ["1 Linear", "2 Tanh"]
    for r, h, g in zip(records, (h1, h2), (g1, g2)):
        assert r.act_mean == pytest.approx(h.mean(), abs=1e-6)
        assert r.act_std == pytest.approx(h.std(), rel=1e-5)
        assert r.grad_mean == pytest.approx(g.mean(), abs=1e-6)
        assert r.grad_std == pytest.approx(g.std(), abs=1e-6)
        counts, edges = r.act_hist
        assert counts.sum() == h.size and len(edges) == 8
        assert edges[0] == pytest.approx(h.min(), abs=1e-5)
    assert records[1].grad_hist[0].sum() == 200


def test_custom_loss_and_sequential_blocks():
    blocks = nn.Sequential(nn.Sequential(nn.Linear(5, 5), nn.ReLU()),
                           nn.Sequential(nn.Linear(5, 2), nn.Sigmoid()))
    x = mg.randn(20, 5)
    records = layer_stats(blocks, x, loss_fn=lambda out: (out * out).sum() / 2)
    assert [r.name for r in records] == ["1 Linear+ReLU", "2 Linear+Sigmoid"]
    out = blocks(x).detach().numpy()
    assert records[1].grad_mean == pytest.approx(out.mean(), rel=1e-5)   # ∂(½Σh²)/∂h = h


def test_format_table_and_errors():
    records = layer_stats([nn.Linear(2, 2)], mg.randn(4, 2))
    lines = format_table(records, title="demo").splitlines()
    assert lines[0] == "demo" and lines[1].split()[:3] == ["layer", "act", "mean"]
    assert lines[3].startswith("1 Linear")
    with pytest.raises(ValueError, match="at least one layer"):
        layer_stats([], mg.randn(2, 2))
