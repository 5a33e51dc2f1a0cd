"""minigrad.preprocessing: fitted on training data only, applied to new data, saved."""
import numpy as np
import pytest

import minigrad as mg
from minigrad.preprocessing import PCA, ZCA, Compose, MeanCenter, Standardize

RNG = np.random.default_rng(0)
MIX = RNG.standard_normal((5, 5))
TRAIN = (RNG.standard_normal((400, 5)) @ MIX + np.arange(5)).astype(np.float32)
TEST = (RNG.standard_normal((50, 5)) @ MIX + np.arange(5)).astype(np.float32)


def test_standardize_uses_training_statistics_only():
    pre = Standardize().fit(TRAIN)
    out = pre(TRAIN)
    assert out.dtype == np.float32
    assert np.allclose(out.mean(0), 0, atol=1e-5) and np.allclose(out.std(0), 1, atol=1e-5)
    expected = (TEST.astype(np.float64) - TRAIN.mean(0, dtype=np.float64)) / \
        TRAIN.std(0, dtype=np.float64)
    assert np.allclose(pre(TEST), expected, atol=1e-5)
    assert not np.allclose(pre(TEST).mean(0), 0, atol=1e-3)      # test data is not refitted


def test_constant_features_are_divided_by_one_and_center_subtracts_the_mean():
    x = np.c_[np.ones(10), np.arange(10.0)]
    assert np.allclose(Standardize().fit(x)(x)[:, 0], 0)
    assert np.allclose(MeanCenter().fit(x)(x), x - x.mean(0))


@pytest.mark.parametrize("pre", [PCA(whiten=True), ZCA()])
def test_whitening_gives_identity_covariance(pre):
    out = pre.fit(TRAIN)(TRAIN.astype(np.float64))
    cov = out.T @ out / len(out)
    assert np.allclose(cov, np.eye(5), atol=1e-3)


def test_pca_keeps_the_top_components_in_order_and_zca_stays_close_to_the_input():
    pca = PCA(n_components=2).fit(TRAIN)
    out = pca(TRAIN.astype(np.float64))
    assert out.shape == (400, 2)
    variances = out.var(0)
    assert variances[0] >= variances[1]
    eig = np.linalg.eigvalsh(np.cov(TRAIN.astype(np.float64).T, bias=True))
    assert np.allclose(variances, eig[::-1][:2], rtol=1e-6)
    # ZCA is the whitening closest to the (centred) input: nearer than PCA whitening
    x = TRAIN.astype(np.float64)
    centred = x - x.mean(0)
    zca, pcw = ZCA().fit(x)(x), PCA(whiten=True).fit(x)(x)
    assert np.linalg.norm(zca - centred / centred.std()) < np.linalg.norm(pcw - centred /
                                                                           centred.std())


def test_tensors_in_tensors_out():
    pre = Standardize().fit(mg.tensor(TRAIN))
    out = pre(mg.tensor(TEST))
    assert isinstance(out, mg.Tensor) and out.dtype == mg.float32
    assert np.allclose(out.numpy(), pre(TEST))


@pytest.mark.parametrize("make", [MeanCenter, Standardize, lambda: PCA(3, whiten=True), ZCA,
                                  lambda: Compose([Standardize(), PCA(2)])])
def test_state_dict_round_trip_through_mg_save(tmp_path, make):
    pre = make().fit(TRAIN)
    mg.save(pre.state_dict(), tmp_path / "pre.safetensors")
    fresh = make()
    fresh.load_state_dict(mg.load(tmp_path / "pre.safetensors"))
    assert np.array_equal(fresh(TEST), pre(TEST))


def test_errors_say_what_is_wrong():
    with pytest.raises(RuntimeError, match="Standardize is not fitted"):
        Standardize()(TEST)
    with pytest.raises(ValueError, match="fitted on 5 features, got an array of shape"):
        Standardize().fit(TRAIN)(TEST[:, :3])
    with pytest.raises(ValueError, match="2-D array"):
        MeanCenter().fit(TRAIN[0])
    with pytest.raises(ValueError, match="n_components must be between 1 and 5"):
        PCA(n_components=9).fit(TRAIN)
    with pytest.raises(KeyError, match="missing"):
        Standardize().load_state_dict({"mean": mg.zeros(5)})


def test_a_failed_load_changes_nothing():
    """A refused load leaves every statistic as it was (docs/reliability.md), also inside a
    Compose whose first transform had already accepted its part."""
    pre = Standardize().fit(TRAIN)
    before = pre(TEST)
    with pytest.raises(ValueError, match="Standardize.load_state_dict: a statistic is not an array"):
        pre.load_state_dict({"mean": mg.zeros(5), "std": "not numbers"})
    assert np.array_equal(pre(TEST), before)
    chain = Compose([Standardize(), PCA(2)]).fit(TRAIN)
    before = chain(TEST)
    state = Compose([MeanCenter(), PCA(2)]).fit(TRAIN[:, ::-1].copy()).state_dict()
    good = {k: v for k, v in Compose([Standardize(), PCA(2)]).fit(TRAIN[::-1]).state_dict().items()
            if k.startswith("0.")}
    with pytest.raises(KeyError, match="PCA.load_state_dict: missing"):
        chain.load_state_dict({**good, **{k: v for k, v in state.items() if k == "1.mean"}})
    assert np.array_equal(chain(TEST), before)
