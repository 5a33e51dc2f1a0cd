"""nn.Embedding / F.embedding: gradients (float64 gradcheck), PyTorch's numbers, init,
repr and errors (the GPT and bigram lecture models use it)."""
import numpy as np
import pytest

import minigrad as mg
import minigrad.nn as nn
import minigrad.nn.functional as F
from minigrad.autograd import gradgradcheck
from tests.helpers import DEVICES, check, leaf, to_numpy

INDICES = [[0, 2, 2], [4, 1, 2]]


def _weight(device="cpu"):
    return leaf(np.random.default_rng(0).normal(size=(5, 3)), device)


@pytest.mark.parametrize("device", DEVICES)
def test_embedding_gradients(device):
    idx = mg.tensor(INDICES, device=device)
    check(lambda w: F.embedding(idx, w), _weight(device))


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("kwargs", [{"padding_idx": 2}, {"scale_grad_by_freq": True},
                                    {"padding_idx": -1, "scale_grad_by_freq": True}])
def test_altered_gradients_are_themselves_differentiable(device, kwargs):
    """padding_idx and scale_grad_by_freq change the gradient on purpose (finite differences
    disagree by design; the values are PyTorch's, below); the backward is still a correct
    linear map of the output gradient, which gradgradcheck checks."""
    idx = mg.tensor(INDICES, device=device)
    assert gradgradcheck(lambda w: F.embedding(idx, w, **kwargs), (_weight(device),))


def test_embedding_is_indexing_and_its_gradient_adds_up_rows():
    w = _weight()
    out = F.embedding(mg.tensor(INDICES), w)
    assert out.shape == (2, 3, 3) and out.grad_fn.name() == "EmbeddingBackward0"
    np.testing.assert_array_equal(to_numpy(out), to_numpy(w)[np.array(INDICES)])
    out.sum().backward()
    np.testing.assert_array_equal(to_numpy(w.grad)[:, 0], [1, 1, 3, 0, 1])   # row 2 read 3 times


def test_padding_row_gets_no_gradient_and_starts_at_zero():
    layer = nn.Embedding(5, 3, padding_idx=-1)
    assert layer.padding_idx == 4 and not to_numpy(layer.weight)[4].any()
    (layer(mg.tensor([4, 0, 4])) * 2).sum().backward()
    np.testing.assert_array_equal(to_numpy(layer.weight.grad)[:, 0], [2, 0, 0, 0, 0])


def test_errors_name_the_problem_and_change_nothing():
    w = _weight()
    before = to_numpy(w).copy()
    with pytest.raises(RuntimeError, match="'indices' to have one of the following scalar "
                                           "types: Long, Int; but got torch.FloatTensor"):
        F.embedding(mg.tensor([0.0, 1.0]), w)
    with pytest.raises(IndexError, match="index out of range in self: embedding index 5 .* "
                                         "5 rows"):
        F.embedding(mg.tensor([0, 5]), w, max_norm=0.1)
    with pytest.raises(IndexError, match="embedding index -1"):
        F.embedding(mg.tensor([-1]), w)
    np.testing.assert_array_equal(to_numpy(w), before)
    with pytest.raises(AssertionError, match="Padding_idx must be within num_embeddings"):
        nn.Embedding(5, 3, padding_idx=5)
    with pytest.raises(AssertionError, match="Shape of weight does not match"):
        nn.Embedding(4, 3, _weight=w)
    with pytest.raises(NotImplementedError, match="sparse gradients"):
        nn.Embedding(5, 3, sparse=True)
    with pytest.raises(AssertionError, match="expected to be 2-dimensional"):
        nn.Embedding.from_pretrained(mg.zeros(3))


def test_from_pretrained_shares_the_table_and_freezes_by_default():
    table = mg.arange(6.0).view(3, 2)
    frozen = nn.Embedding.from_pretrained(table)
    assert not frozen.weight.requires_grad and frozen(mg.tensor([2])).tolist() == [[4.0, 5.0]]
    assert nn.Embedding.from_pretrained(table, freeze=False).weight.requires_grad
    assert list(frozen.state_dict()) == ["weight"]
