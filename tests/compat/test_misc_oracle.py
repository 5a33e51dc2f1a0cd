"""Single-script gaps of issue 7: out=, keepdims=, histc/histogram/bincount, backends flags,
set_default_device, DataLoader's multiprocessing options; a function given no Tensor."""
import warnings

import numpy as np
import pytest

import minigrad as mg
from minigrad.utils.data import DataLoader, TensorDataset

torch = pytest.importorskip("torch")

X = [[1.0, -2.0, 3.0], [0.5, 4.0, -1.5]]

OUT_CASES = [  # (function, args as built from a library T, shape of out)
    ("add", lambda T: (T.tensor(X), T.tensor(X)), (2, 3)),
    ("sub", lambda T: (T.tensor(X), 1.5), (2, 3)),
    ("mul", lambda T: (T.tensor(X), T.tensor(X)), (2, 3)),
    ("div", lambda T: (T.tensor(X), 4.0), (2, 3)),
    ("pow", lambda T: (T.tensor(X), 2), (2, 3)),
    ("matmul", lambda T: (T.tensor(X), T.tensor(X).t()), (2, 2)),
    ("mm", lambda T: (T.tensor(X), T.tensor(X).t()), (2, 2)),
    ("cat", lambda T: ([T.tensor(X), T.tensor(X)],), (4, 3)),
    ("stack", lambda T: ([T.tensor(X), T.tensor(X)], 1), (2, 2, 3)),
    ("exp", lambda T: (T.tensor(X),), (2, 3)),
    ("tanh", lambda T: (T.tensor(X),), (2, 3)),
    ("clamp", lambda T: (T.tensor(X), -1.0, 1.0), (2, 3)),
    ("maximum", lambda T: (T.tensor(X), T.zeros(2, 3)), (2, 3)),
    ("sum", lambda T: (T.tensor(X), 1), (2,)),
    ("mean", lambda T: (T.tensor(X), 0), (3,)),
    ("cumsum", lambda T: (T.tensor(X), 1), (2, 3)),
]


@pytest.mark.parametrize("name, args, shape", OUT_CASES, ids=[c[0] for c in OUT_CASES])
def test_out_writes_into_the_given_tensor(name, args, shape):
    m_out, t_out = mg.zeros(*shape), torch.zeros(*shape)
    m = getattr(mg, name)(*args(mg), out=m_out)
    t = getattr(torch, name)(*args(torch), out=t_out)
    assert m is m_out and t is t_out
    np.testing.assert_allclose(m_out.numpy(), t_out.numpy(), rtol=1e-6)


def test_out_casts_resizes_and_refuses_as_pytorch():
    x = mg.tensor(X)
    wide = mg.zeros(2, 3, dtype=mg.float64)
    mg.add(x, x, out=wide)
    assert wide.dtype == mg.float64 and wide.tolist() == (x + x).tolist()
    with pytest.raises(RuntimeError, match="result type Float can't be cast to the desired "
                                           "output type Long"):
        mg.add(x, x, out=mg.zeros(2, 3, dtype=mg.int64))
    small = mg.zeros(5)
    with pytest.warns(UserWarning, match="was resized since it had shape \\[5\\]"):
        mg.mul(x, 2, out=small)
    assert small.shape == (2, 3)
    empty = mg.zeros(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        mg.mul(x, 2, out=empty)                 # an empty out is resized silently
    assert empty.shape == (2, 3)


def test_out_is_not_differentiable():
    a = mg.ones(2, requires_grad=True)
    out = mg.full((2,), 7.0)
    with pytest.raises(RuntimeError, match="mul\\(\\): functions with out=... arguments don't "
                                           "support automatic differentiation"):
        mg.mul(a, 2, out=out)
    assert out.tolist() == [7.0, 7.0]          # a failed call changes nothing
    with mg.no_grad():
        mg.mul(a, 2, out=out)
    assert out.tolist() == [2.0, 2.0]


@pytest.mark.parametrize("name", ["sum", "mean", "amax", "amin", "std", "var", "prod",
                                  "logsumexp", "argmax", "argmin", "max", "min", "all", "any"])
@pytest.mark.parametrize("form", ["function", "method"])
def test_keepdims_is_keepdim(name, form):
    m_x, t_x = mg.tensor(X), torch.tensor(X)
    if form == "function":
        m, t = getattr(mg, name)(m_x, 1, keepdims=True), getattr(torch, name)(t_x, 1, keepdims=True)
    else:
        m, t = getattr(m_x, name)(1, keepdims=True), getattr(t_x, name)(1, keepdims=True)
    if isinstance(t, tuple):
        m, t = m[0], t[0]
    assert tuple(m.shape) == tuple(t.shape) == (2, 1)
    np.testing.assert_allclose(m.numpy().astype(float), t.numpy().astype(float), rtol=1e-6)


@pytest.mark.parametrize("name", ["sum", "mean", "amax", "amin", "std", "var", "prod",
                                  "logsumexp", "argmax", "argmin", "max", "min", "all", "any",
                                  "cumsum"])
@pytest.mark.parametrize("form", ["function", "method"])
def test_axis_is_dim(name, form):
    """NumPy's axis= (the d2l book's ``y_hat.argmax(axis=1)``, ``A.sum(axis=0, keepdims=True)``)."""
    values = [[1.0, 5.0, 2.0], [3.0, 0.5, 4.0]]
    results = []
    for T in (mg, torch):
        x = T.tensor(values)
        kw = {} if name == "cumsum" else {"keepdims": True}
        out = getattr(T, name)(x, axis=1, **kw) if form == "function" else \
            getattr(x, name)(axis=1, **kw)
        results.append((out[0] if isinstance(out, tuple) else out).numpy().astype(float))
    np.testing.assert_allclose(*results, rtol=1e-6)


@pytest.mark.parametrize("name", ["cat", "concat", "stack"])
def test_axis_is_dim_when_joining(name):
    shapes = [tuple(getattr(T, name)([T.ones(2, 3), T.zeros(2, 3)], axis=1).shape)
              for T in (mg, torch)]
    assert shapes[0] == shapes[1]
    with pytest.raises(TypeError, match="got both dim and axis"):
        mg.sum(mg.ones(2, 2), dim=0, axis=1)


def test_keepdim_and_keepdims_together_is_an_error():
    with pytest.raises(TypeError, match="both keepdim and keepdims"):
        mg.sum(mg.ones(2, 2), 1, keepdim=True, keepdims=True)


@pytest.mark.parametrize("name", ["abs", "cos", "exp", "log", "neg", "sigmoid", "sin", "sqrt",
                                  "tanh", "clamp", "sum", "mean", "prod", "amax", "amin",
                                  "argmax", "argmin", "max", "min", "std", "var", "all", "any",
                                  "cumsum", "logsumexp", "matmul", "mm", "dot", "maximum"])
@pytest.mark.parametrize("value", [False, 3.0, [1.0, 2.0]])
def test_a_function_given_no_tensor_raises_pytorchs_type_error(name, value):
    """makemore part 4's cmp on a tensor without .grad: torch.all(dt == None) is torch.all(False)
    (minigrad failed deep inside the op with an AttributeError)."""
    args = (value, 0) if name in ("cumsum", "logsumexp") else (value,)
    errors = []
    for T in (mg, torch):
        with pytest.raises(TypeError) as err:
            getattr(T, name)(*args)
        errors.append(str(err.value).splitlines()[0])
    if "received an invalid combination" not in errors[1]:   # all, any, std, var, clamp word it so
        assert errors[0] == errors[1]
    assert errors[0] == (f"{name}(): argument 'input' (position 1) must be Tensor, "
                         f"not {type(value).__name__}")
    t = mg.ones(2)
    assert mg.add(2.0, t).tolist() == [3.0, 3.0] and mg.sum(input=t).item() == 2.0


SAMPLES = [[1.0, 2.0, 1.0], [0.3, -1.2, 5.5, 2.25, 2.25, float("nan")], [4.0, 4.0],
           list(np.linspace(-3, 3, 50)), [0.0, 1.0, 0.5, 0.999, 0.25]]


@pytest.mark.parametrize("values", SAMPLES)
@pytest.mark.parametrize("kwargs", [dict(), dict(bins=4), dict(bins=3, min=0, max=1),
                                    dict(bins=7, min=-2, max=2)])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_histc_matches_pytorch(values, kwargs, dtype):
    try:
        t = torch.histc(torch.tensor(values, dtype=getattr(torch, dtype)), **kwargs)
    except RuntimeError:                  # NaN in the data and no range: an error in both
        with pytest.raises(RuntimeError, match="is not finite"):
            mg.histc(mg.tensor(values, dtype=getattr(mg, dtype)), **kwargs)
        return
    m = mg.histc(mg.tensor(values, dtype=getattr(mg, dtype)), **kwargs)
    assert m.dtype.name == dtype
    np.testing.assert_array_equal(m.numpy(), t.numpy())


@pytest.mark.parametrize("values", SAMPLES[:2] + SAMPLES[3:])
@pytest.mark.parametrize("kwargs", [dict(bins=4), dict(bins=3, range=(0.0, 1.0)),
                                    dict(bins=5, density=True), dict(bins=4, weight=True),
                                    dict(bins=[-1.0, 0.0, 0.5, 2.5, 6.0]),
                                    dict(density=True)])      # bins: 100 by default (makemore)
def test_histogram_matches_pytorch(values, kwargs):
    results = []
    for T in (mg, torch):
        kw = dict(kwargs)
        if kw.get("weight"):
            kw["weight"] = T.arange(len(values), dtype=T.float64) / 3
        if isinstance(kw.get("bins"), list):
            kw["bins"] = T.tensor(kw["bins"], dtype=T.float64)
        try:
            hist, edges = T.histogram(T.tensor(values, dtype=T.float64), **kw)
        except RuntimeError as err:       # NaN in the data and no range: an error in both
            assert "not finite" in str(err)
            hist = edges = T.zeros(0)
        results.append((hist.numpy(), edges.numpy()))
    for m, t in zip(*results):      # (an edge at 0 may come out as 1e-16 in PyTorch's linspace)
        np.testing.assert_allclose(m, t, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("values, weights, minlength", [
    ([4, 3, 6, 3, 4], None, 0), ([1, 1], [0.5, 0.25], 4), ([], None, 3), ([0, 2, 2], [1, 2, 3], 0),
    ([5], None, 2)])
def test_bincount_matches_pytorch(values, weights, minlength):
    out = []
    for T in (mg, torch):
        w = None if weights is None else T.tensor(weights)
        out.append(T.bincount(T.tensor(values, dtype=T.int64), w, minlength))
    assert out[0].dtype.name == str(out[1].dtype).split(".")[-1]
    np.testing.assert_array_equal(out[0].numpy(), out[1].numpy())


def test_counting_errors_name_the_problem():
    with pytest.raises(RuntimeError, match="bincount only supports 1-d non-negative integral"):
        mg.bincount(mg.tensor([-1]))
    with pytest.raises(RuntimeError, match="max must be larger than min"):
        mg.histc(mg.tensor([1.0]), min=2, max=1)
    with pytest.raises(RuntimeError, match="input must be a floating point tensor"):
        mg.histc(mg.tensor([1, 2]))
    with pytest.raises(RuntimeError, match="weights should be 1-d and have the same length"):
        mg.bincount(mg.tensor([1, 1]), weights=mg.tensor([1.0]))


def test_backends_flags_and_default_device():
    assert mg.backends.mps.is_available() is torch.backends.mps.is_available() is False
    mg.backends.cudnn.deterministic = True
    mg.backends.cudnn.benchmark = False
    assert mg.backends.cudnn.deterministic is True and not mg.backends.cudnn.is_available()
    mg.backends.cudnn.deterministic = False
    mg.set_default_device("cpu")
    mg.set_default_device(None)
    assert mg.get_default_device() == "cpu" and mg.ones(1).device == "cpu"


# every factory that takes device=, and what is made from them (the tutorial's code)
_FACTORIES = ["mg.tensor([1.0])", "mg.as_tensor(np.ones(2))",
              "mg.as_tensor(mg.ones(2, device='cpu'))", "mg.zeros(2)", "mg.ones(2)", "mg.empty(2)", "mg.full((), 0.3)", "mg.rand(2)",
              "mg.randn(())", "mg.randint(0, 3, (2,))", "mg.randperm(3)", "mg.arange(3)",
              "mg.linspace(-1, 1, 5)", "mg.eye(2)", "mg.normal(0.0, 1.0, size=(2,))",
              "mg.nn.Linear(3, 1).weight", "mg.nn.Parameter(mg.randn(()))",
              "mg.nn.BatchNorm1d(2).running_var"]


def test_set_default_device_cuda_makes_the_factories_tensors_there():
    """The autograd section of "Learning PyTorch with Examples" calls set_default_device("cuda")
    when a GPU is there (it raised NotImplementedError); device= and *_like still win."""
    try:
        mg.set_default_device("cuda")
        assert mg.get_default_device() == "cuda:0"       # PyTorch's answer: the index filled in
        for expression in _FACTORIES:
            assert eval(expression).device.type == "cuda", expression
        assert mg.zeros(2, device="cpu").device == "cpu"
        assert mg.zeros_like(mg.zeros(2, device="cpu")).device == "cpu"
        assert mg.from_numpy(np.ones(2)).device == "cpu"
        x = mg.linspace(-1, 1, 5)
        a = mg.randn((), requires_grad=True)
        ((a * x - mg.sin(x)) ** 2).sum().backward()
        assert a.grad.device.type == "cuda"
    finally:
        mg.set_default_device(None)
    assert mg.get_default_device() == "cpu" and mg.zeros(1).device == "cpu"
    with pytest.raises(RuntimeError, match="tpu"):          # PyTorch's error too
        mg.set_default_device("tpu")
    assert mg.get_default_device() == "cpu"


def test_dataloader_accepts_multiprocessing_options(capsys):
    ds = TensorDataset(mg.arange(10.0))
    plain = [b[0].tolist() for b in DataLoader(ds, batch_size=3)]
    loader = DataLoader(ds, batch_size=3, num_workers=2, pin_memory=True, timeout=5,
                        persistent_workers=True, prefetch_factor=2, worker_init_fn=print)
    assert [b[0].tolist() for b in loader] == plain and len(loader) == 4
    DataLoader(ds, num_workers=4)
    assert capsys.readouterr().err.count("loads in the main process") <= 1


@pytest.mark.parametrize("kwargs", [
    dict(shuffle=True, sampler=[1, 2]), dict(batch_sampler=[[0, 1]], batch_size=2),
    dict(batch_sampler=[[0, 1]], drop_last=True), dict(timeout=-1), dict(num_workers=-1),
    dict(prefetch_factor=2), dict(persistent_workers=True), dict(batch_size=None, drop_last=True)])
def test_dataloader_option_errors_match_pytorch(kwargs):
    with pytest.raises(ValueError) as expected:
        torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.arange(10.0)), **kwargs)
    with pytest.raises(ValueError) as got:
        DataLoader(TensorDataset(mg.arange(10.0)), **kwargs)
    assert str(got.value).lower().replace(" ", "") == \
        str(expected.value).lower().replace(" ", "")


def test_dataloader_sampler_and_batch_sampler():
    ds = TensorDataset(mg.arange(10.0))
    assert [b[0].tolist() for b in DataLoader(ds, sampler=[3, 1, 2], batch_size=2)] == \
        [[3.0, 1.0], [2.0]]
    loader = DataLoader(ds, batch_sampler=[[3, 1], [2]])
    assert [b[0].tolist() for b in loader] == [[3.0, 1.0], [2.0]] and len(loader) == 2
    assert len(DataLoader(ds, sampler=[3, 1, 2], batch_size=2, drop_last=True)) == 1
    assert [s[0].item() for s in DataLoader(ds, sampler=[4, 0], batch_size=None)] == [4.0, 0.0]


def test_constants_and_the_dtype_type():
    assert (mg.inf, mg.pi, mg.e) == (torch.inf, torch.pi, torch.e) and mg.nan != mg.nan
    assert isinstance(mg.float32, mg.dtype) and isinstance(mg.ones(1).dtype, mg.dtype)
    assert isinstance(torch.float32, torch.dtype)


def test_counting_out_and_printing_on_the_gpu_backend():
    """Device "cuda" (CuPy, or the strict stand-in without a GPU) gives the CPU's results."""
    values = [0.3, -1.2, 5.5, 2.25, 2.25, 0.0]
    x, xc = mg.tensor(values), mg.tensor(values, device="cuda")
    assert mg.histc(xc, bins=4).cpu().tolist() == mg.histc(x, bins=4).tolist()
    assert mg.histogram(xc, bins=3).hist.cpu().tolist() == mg.histogram(x, bins=3).hist.tolist()
    idx = mg.tensor([0, 2, 2, 5])
    assert mg.bincount(idx.to("cuda"), minlength=7).cpu().tolist() == \
        mg.bincount(idx, minlength=7).tolist()
    out = mg.zeros(6, device="cuda")
    assert mg.mul(xc, 2, out=out) is out and out.cpu().tolist() == (x * 2).tolist()
    assert repr(xc) == repr(x)[:-1] + ", device='cuda:0')"


def test_accelerator_queries_as_pytorch_without_a_gpu():
    if mg.accelerator.is_available():
        assert mg.accelerator.current_accelerator() == "cuda"
        return
    assert mg.accelerator.current_accelerator() is torch.accelerator.current_accelerator() is None
    assert mg.accelerator.device_count() == 0
    with pytest.raises(RuntimeError, match="Cannot access accelerator device when none is "
                                           "available"):
        mg.accelerator.current_device_index()
