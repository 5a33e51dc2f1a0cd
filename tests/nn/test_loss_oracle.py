"""Every loss against PyTorch: every reduction, every option; values and gradients."""
import warnings

import numpy as np
import pytest

torch = pytest.importorskip("torch")
import torch.nn.functional as TF  # noqa: E402

import minigrad as mg  # noqa: E402
import minigrad.nn as nn  # noqa: E402
import minigrad.nn.functional as F  # noqa: E402

REDUCTIONS = ["mean", "sum", "none"]
rng = np.random.default_rng(0)


def _both(array, grad=True):
    """The same float64/int64 data as a minigrad and a torch tensor."""
    array = np.ascontiguousarray(array)
    diff = grad and array.dtype.kind == "f"
    return (mg.tensor(array, requires_grad=diff),
            torch.tensor(array, requires_grad=diff))


def _compare(ours_fn, theirs_fn, arrays, rtol=1e-10, constants=()):
    pairs = [_both(a, i not in constants) for i, a in enumerate(arrays)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        y = ours_fn(*[p[0] for p in pairs])
        ty = theirs_fn(*[p[1] for p in pairs])
    np.testing.assert_allclose(y.detach().numpy(), ty.detach().numpy(), rtol=rtol, atol=1e-12)
    up = rng.standard_normal(ty.shape)
    (y * mg.tensor(up)).sum().backward()
    (ty * torch.tensor(up)).sum().backward()
    for i, (a, b) in enumerate(pairs):
        if b.grad is not None:
            np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=rtol, atol=1e-12,
                                       err_msg=f"gradient of argument {i}")


X, Y = rng.standard_normal((4, 3)), rng.standard_normal((4, 3))
P = rng.uniform(0.05, 0.95, (4, 3))
T01 = (rng.uniform(size=(4, 3)) > 0.5).astype(float)
SIGNS = np.where(rng.uniform(size=(4, 3)) > 0.5, 1.0, -1.0)
W3 = np.array([0.2, 1.0, 3.0])


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("name,kwargs,args", [
    ("mse_loss", {}, (X, Y)), ("l1_loss", {}, (X, Y)),
    ("huber_loss", {"delta": 0.7}, (X, Y)), ("smooth_l1_loss", {"beta": 0.5}, (X, Y)),
    ("smooth_l1_loss", {"beta": 0.0}, (X, Y)),
    ("binary_cross_entropy", {}, (P, T01)), ("binary_cross_entropy", {}, (P, P[::-1])),
    ("binary_cross_entropy_with_logits", {}, (X * 3, T01)),
    ("soft_margin_loss", {}, (X, SIGNS)), ("hinge_embedding_loss", {"margin": 0.5}, (X, SIGNS)),
    ("kl_div", {}, (np.log(P), P[::-1])), ("kl_div", {"log_target": True}, (np.log(P), X)),
    ("poisson_nll_loss", {}, (X, np.abs(Y) * 3)),
    ("poisson_nll_loss", {"log_input": False, "full": True}, (P * 3, np.abs(Y) * 3)),
    ("poisson_nll_loss", {"full": True, "eps": 1e-3}, (X, np.abs(Y) * 3)),
])
def test_elementwise_losses(name, kwargs, args, reduction):
    constants = (1,) if name in ("soft_margin_loss", "hinge_embedding_loss") else ()
    _compare(lambda *a: getattr(F, name)(*a, reduction=reduction, **kwargs),
             lambda *a: getattr(TF, name)(*a, reduction=reduction, **kwargs), args,
             constants=constants)


def test_kl_div_batchmean():
    _compare(lambda a, b: F.kl_div(a, b, reduction="batchmean"),
             lambda a, b: TF.kl_div(a, b, reduction="batchmean"), (np.log(P), P[::-1]))


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_binary_losses_with_weights(reduction):
    _compare(lambda x, y, w: F.binary_cross_entropy(x, y, w, reduction=reduction),
             lambda x, y, w: TF.binary_cross_entropy(x, y, w, reduction=reduction),
             (P, T01, W3), constants=(2,))
    _compare(lambda x, y, w, pw: F.binary_cross_entropy_with_logits(
                 x, y, w, reduction=reduction, pos_weight=pw),
             lambda x, y, w, pw: TF.binary_cross_entropy_with_logits(
                 x, y, w, reduction=reduction, pos_weight=pw), (X * 3, P, W3, W3[::-1]),
             constants=(2, 3))


def test_bce_at_zero_and_one_clamps_like_pytorch():
    x, y = np.array([0.0, 1.0, 0.0, 1.0, 0.5]), np.array([0.0, 1.0, 1.0, 0.0, 0.3])
    _compare(lambda a, b: F.binary_cross_entropy(a, b, reduction="none"),
             lambda a, b: TF.binary_cross_entropy(a, b, reduction="none"), (x, y),
             constants=(1,))


@pytest.mark.filterwarnings("ignore:divide by zero")
def test_bce_target_gradient_at_the_edges_is_finite():
    """A deliberate difference (docs/nn/losses.md): PyTorch's target gradient there is ±inf;
    minigrad differentiates the clamped loss it computes:
    max(log(1 − x), −100) − max(log x, −100)."""
    x = mg.tensor([0.0, 1.0])
    y = mg.tensor([0.5, 0.5], requires_grad=True)
    F.binary_cross_entropy(x, y, reduction="sum").backward()
    assert y.grad.tolist() == [100.0, -100.0]


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("shape", [(5, 4), (3, 4, 2), (4,)])
@pytest.mark.parametrize("weight", [None, np.array([0.5, 1.0, 2.0, 0.1])])
@pytest.mark.parametrize("smoothing", [0.0, 0.2])
@pytest.mark.parametrize("ignore", [-100, 1])
def test_cross_entropy_and_nll_with_indices(reduction, shape, weight, smoothing, ignore):
    x = rng.standard_normal(shape)
    t_shape = () if len(shape) == 1 else (shape[0],) + shape[2:]
    t = rng.integers(0, 4, t_shape)
    if t.ndim:
        t.reshape(-1)[0] = 1                       # some samples are ignored when ignore=1
    opts = dict(reduction=reduction, ignore_index=ignore)

    def weighted(lib):
        return None if weight is None else lib.tensor(weight)
    _compare(lambda a: F.cross_entropy(a, mg.tensor(t), weighted(mg), label_smoothing=smoothing,
                                       **opts),
             lambda a: TF.cross_entropy(a, torch.tensor(t), weighted(torch),
                                        label_smoothing=smoothing, **opts), (x,))
    _compare(lambda a: F.nll_loss(F.log_softmax(a, 0 if len(shape) == 1 else 1), mg.tensor(t),
                                  weighted(mg), **opts),
             lambda a: TF.nll_loss(TF.log_softmax(a, 0 if len(shape) == 1 else 1),
                                   torch.tensor(t), weighted(torch), **opts), (x,))


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("weight", [None, W3])
@pytest.mark.parametrize("smoothing", [0.0, 0.3])
def test_cross_entropy_with_probabilities(reduction, weight, smoothing):
    x = rng.standard_normal((4, 3, 2))
    probs = rng.dirichlet(np.ones(3), (4, 2)).transpose(0, 2, 1)
    w = (None, None) if weight is None else (mg.tensor(weight), torch.tensor(weight))
    _compare(lambda a, p: F.cross_entropy(a, p, w[0], reduction=reduction,
                                          label_smoothing=smoothing),
             lambda a, p: TF.cross_entropy(a, p, w[1], reduction=reduction,
                                           label_smoothing=smoothing), (x, probs))


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("p,margin", [(1, 1.0), (2, 0.5)])
@pytest.mark.parametrize("weight", [None, np.array([1.0, 0.5, 2.0, 3.0])])
def test_multi_margin_loss(reduction, p, margin, weight):
    x = rng.standard_normal((5, 4))
    x[0] = [1.0, 0.0, 0.5, 2.0]              # a margin of exactly zero (a kink)
    t = np.array([0, 1, 2, 3, 1])
    w = (None, None) if weight is None else (mg.tensor(weight), torch.tensor(weight))
    _compare(lambda a: F.multi_margin_loss(a, mg.tensor(t), p, margin, w[0], reduction=reduction),
             lambda a: TF.multi_margin_loss(a, torch.tensor(t), p, margin, w[1],
                                            reduction=reduction), (x,))


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("margin", [0.0, 0.3])
def test_cosine_embedding_and_margin_ranking(reduction, margin):
    y = np.array([1.0, -1.0, 1.0, -1.0])
    _compare(lambda a, b, t: F.cosine_embedding_loss(a, b, t, margin, reduction=reduction),
             lambda a, b, t: TF.cosine_embedding_loss(a, b, t, margin, reduction=reduction),
             (X, Y, y))
    _compare(lambda a, b, t: F.margin_ranking_loss(a, b, t, margin, reduction=reduction),
             lambda a, b, t: TF.margin_ranking_loss(a, b, t, margin, reduction=reduction),
             (X[:, 0], Y[:, 0], y))


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("full", [False, True])
@pytest.mark.parametrize("var_shape", [(4, 3), (4, 1), (4,)])
def test_gaussian_nll_loss(reduction, full, var_shape):
    var = np.abs(rng.standard_normal(var_shape)) + 0.1
    var.reshape(-1)[0] = 1e-8                 # below eps: clamped, gradient passes through
    _compare(lambda a, b, v: F.gaussian_nll_loss(a, b, v, full=full, reduction=reduction),
             lambda a, b, v: TF.gaussian_nll_loss(a, b, v, full=full, reduction=reduction),
             (X, Y, var))


@pytest.mark.filterwarnings("ignore:size_average and reduce args")
def test_modules_defaults_and_state_dict_keys_match_pytorch():
    w = np.array([1.0, 2.0])
    pairs = [("MSELoss", ()), ("L1Loss", ()), ("HuberLoss", ()), ("SmoothL1Loss", ()),
             ("BCELoss", ()), ("BCEWithLogitsLoss", ()), ("CrossEntropyLoss", ()),
             ("NLLLoss", ()), ("KLDivLoss", ()), ("MultiMarginLoss", ()),
             ("HingeEmbeddingLoss", ()), ("SoftMarginLoss", ()), ("CosineEmbeddingLoss", ()),
             ("GaussianNLLLoss", ()), ("PoissonNLLLoss", ())]
    for name, args in pairs:
        ours, theirs = getattr(nn, name)(*args), getattr(torch.nn, name)(*args)
        assert ours.reduction == theirs.reduction, name
        for attr in ("delta", "beta", "ignore_index", "label_smoothing", "p", "margin", "full",
                     "eps", "log_input", "log_target"):
            if hasattr(theirs, attr):
                assert getattr(ours, attr) == getattr(theirs, attr), (name, attr)
    ours = nn.CrossEntropyLoss(weight=mg.tensor(w))
    assert list(ours.state_dict()) == list(torch.nn.CrossEntropyLoss(torch.tensor(w))
                                           .state_dict())
    ours = nn.BCEWithLogitsLoss(pos_weight=mg.tensor(w))
    assert list(ours.state_dict()) == list(torch.nn.BCEWithLogitsLoss(
        pos_weight=torch.tensor(w)).state_dict())
    assert nn.MSELoss(size_average=False).reduction == torch.nn.MSELoss(
        size_average=False).reduction


# -- bad input: refused with PyTorch's error and message (issue 9 item 12) ---------------------
_X, _T, _NAN = rng.standard_normal((4, 3)), np.array([0, 1, 2, 0]), float("nan")
_BAD_INPUT = {
    "cross_entropy short weight": lambda m, F: F.cross_entropy(m.tensor(_X), m.tensor(_T),
                                                               weight=m.ones(2)),
    "cross_entropy 2-D weight": lambda m, F: F.cross_entropy(m.tensor(_X), m.tensor(_T),
                                                             weight=m.ones(3, 1)),
    "cross_entropy probabilities": lambda m, F: F.cross_entropy(
        m.tensor(_X), m.tensor(_X).softmax(1), weight=m.ones(4)),
    "CrossEntropyLoss module": lambda m, F: m.nn.CrossEntropyLoss(weight=m.ones(2))(
        m.tensor(_X), m.tensor(_T)),
    "nll_loss long weight": lambda m, F: F.nll_loss(m.tensor(_X), m.tensor(_T),
                                                    weight=m.ones(5)),
    "multi_margin_loss weight": lambda m, F: F.multi_margin_loss(m.tensor(_X), m.tensor(_T),
                                                                 weight=m.ones(2)),
    "bce nan input": lambda m, F: F.binary_cross_entropy(m.tensor([_NAN, 0.5]),
                                                         m.tensor([1.0, 0.0])),
    "bce input above 1": lambda m, F: F.binary_cross_entropy(m.tensor([1.5]), m.tensor([1.0])),
    "bce nan target": lambda m, F: F.binary_cross_entropy(m.tensor([0.5]), m.tensor([_NAN])),
    "bce target below 0": lambda m, F: F.binary_cross_entropy(m.tensor([0.5]),
                                                              m.tensor([-0.5])),
    "BCELoss module": lambda m, F: m.nn.BCELoss()(m.tensor([_NAN]), m.tensor([1.0])),
}


@pytest.mark.parametrize("case", list(_BAD_INPUT))
def test_bad_loss_input_is_refused_as_pytorch_refuses_it(case):
    with pytest.raises(Exception) as theirs:
        _BAD_INPUT[case](torch, TF)
    with pytest.raises(type(theirs.value)) as ours:
        _BAD_INPUT[case](mg, F)
    assert str(ours.value) == str(theirs.value)


@pytest.mark.parametrize("name", ["mse_loss", "l1_loss", "huber_loss", "smooth_l1_loss"])
def test_regression_losses_at_infinite_differences_as_pytorch(name):
    """huber_loss and smooth_l1_loss: the quadratic piece they do not use passes gradient 0,
    not 0·∞ = NaN, so the gradient at x − y = ±∞ is ±1 (issue 9, item 14)."""
    values = [float("inf"), -float("inf"), 1e30, -1e30, 0.2, 3.0]
    grads = []
    for m, f in ((mg, F), (torch, TF)):
        x = m.tensor(values, dtype=m.float64, requires_grad=True)
        loss = getattr(f, name)(x, m.full((6,), 0.5, dtype=m.float64), reduction="none")
        loss.sum().backward()
        grads.append((np.array(loss.tolist()), np.array(x.grad.tolist())))
    (ours, our_grad), (theirs, their_grad) = grads
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)
    np.testing.assert_allclose(our_grad, their_grad, rtol=1e-12)


@pytest.mark.parametrize("name", ["mse_loss", "l1_loss", "huber_loss", "smooth_l1_loss",
                                  "soft_margin_loss"])
def test_shapes_that_do_not_broadcast_raise_runtime_error_as_pytorch(name):
    for m in (mg, torch):
        with pytest.raises(RuntimeError):
            getattr(m.nn.functional, name)(m.ones(2, 3), m.ones(3, 2))


@pytest.mark.parametrize("name", ["cross_entropy", "nll_loss"])
def test_class_index_targets_must_be_long_or_byte_as_in_pytorch(name):
    """int32/int16 targets are refused with PyTorch's words; int64 and uint8 are taken."""
    rng = np.random.default_rng(0)
    x, t = rng.standard_normal((4, 3)).astype(np.float32), np.array([0, 1, 2, 0])
    for dtype, ok in ((np.int64, True), (np.uint8, True), (np.int32, False), (np.int16, False)):
        results = []
        for lib in (mg, torch):
            f = getattr(lib.nn.functional, name)
            scores = lib.tensor(x).log_softmax(1) if name == "nll_loss" else lib.tensor(x)
            try:
                results.append(float(f(scores, lib.tensor(t.astype(dtype)))))
            except RuntimeError as err:
                results.append(str(err).split(": ", 1)[-1].split(" (")[0])
        assert results[0] == pytest.approx(results[1]) if ok else results[0] == results[1]


@pytest.mark.parametrize("call", [
    "F.binary_cross_entropy(p, m.ones(2, dtype=m.int64))",
    "F.binary_cross_entropy(p, m.ones(2, dtype=m.float64))",
    "F.binary_cross_entropy(p.double(), m.ones(2))",
    "F.binary_cross_entropy_with_logits(p, m.ones(2, dtype=m.int64))",
    "m.nn.BCELoss()(p, m.tensor([1, 0]))",
])
def test_binary_cross_entropy_refuses_a_target_of_another_dtype_as_pytorch(call):
    """The classic ``BCELoss()(probs, labels)`` with integer (or float64) labels: PyTorch
    raises, so minigrad does too, instead of computing in a promoted dtype."""
    for m in (mg, torch):
        with pytest.raises(RuntimeError):
            eval(call, {"m": m, "F": m.nn.functional, "p": m.tensor([0.25, 0.5])})
    ok = F.binary_cross_entropy_with_logits(mg.zeros(2), mg.ones(2, dtype=mg.float64))
    assert ok.dtype == mg.float64             # a float64 target promotes there, as in PyTorch


@pytest.mark.parametrize("target", ["float indices", "float indices, short",
                                    "int64 of the input's shape"])
def test_cross_entropy_target_mistakes_raise_what_pytorch_raises(target):
    """y.float() as class indices (a common slip) and integer 'probabilities' are refused with
    PyTorch's exception types (the messages name the problem)."""
    make = {"float indices": lambda m: m.tensor([0.0, 1.0, 2.0, 0.0]),
            "float indices, short": lambda m: m.tensor([0.0, 1.0, 2.0]),
            "int64 of the input's shape": lambda m: m.zeros(4, 3, dtype=m.int64)}[target]
    raised = []
    for m in (mg, torch):
        with pytest.raises((RuntimeError, ValueError)) as error:
            m.nn.functional.cross_entropy(m.ones(4, 3, requires_grad=True), make(m))
        raised.append(error.type)
    assert raised[0] is raised[1]
