"""What ``minigrad train`` and ``minigrad compare`` share: data, model, optimizer and
schedule built from command-line options, each bad value turned into a UsageError."""
import inspect
import os

from . import UsageError

SYNTHETIC = ("spiral", "moons", "circles", "blobs")
PREPROCESS = ("none", "center", "standardize", "pca-whiten", "zca")
SCHEDULES = ("none", "step", "exponential", "cosine", "1/t", "plateau")
# typical learning rates for a few epochs of an MLP (the constructor's default otherwise)
LR = {"sgd": 0.1, "momentum": 0.05, "nesterov": 0.05, "heavyball": 0.05, "adagrad": 0.05,
      "rmsprop": 1e-3, "adam": 1e-3, "adamw": 1e-3, "adamax": 2e-3, "nadam": 2e-3,
      "radam": 1e-3, "adadelta": 1.0, "asgd": 0.1, "rprop": 1e-3, "rmspropgraves": 1e-3,
      "sutskevernesterov": 0.05, "nesterovagd": 0.05}
# optimizers driven by a closure or wrapping another one: not offered by name
NOT_PLAIN = {"Optimizer", "LBFGS", "Newton", "SAM", "EGSAM", "OGSAM", "AOSAM", "Lookahead"}
# activations that are not elementwise (they change the shape or need sizes) or need arguments
NOT_ELEMENTWISE = {"GLU", "Softmax", "Softmin", "LogSoftmax", "Softmax2d", "Maxout", "Threshold"}
# command-line options passed to the optimizer under the same name (betas: "B1,B2")
HYPER = ("momentum", "dampening", "nesterov", "weight_decay", "betas", "eps", "alpha", "rho",
         "lr_decay", "amsgrad", "centered")


def _key(name):
    return name.lower().replace("-", "").replace("_", "")


def optimizers():
    """{lower-case name: class} of every plain optimizer in minigrad.optim."""
    from .. import optim
    return {_key(n): getattr(optim, n) for n in optim.__all__
            if n not in NOT_PLAIN and inspect.isclass(getattr(optim, n))}


def activations():
    from ..nn import activation
    return {_key(n): c for n, c in vars(activation).items() if inspect.isclass(c)
            and not n.startswith("_") and n not in NOT_ELEMENTWISE
            and issubclass(c, activation.Module) and c is not activation.Module}


def add_data_args(p):
    g = p.add_argument_group("data")
    g.add_argument("--dataset", default="digits", metavar="NAME|DIR",
                   help="digits (bundled, default), " + ", ".join(SYNTHETIC) +
                   ", or a folder holding MNIST/Fashion-MNIST IDX files")
    g.add_argument("--preprocess", default="standardize", choices=PREPROCESS,
                   help="fitted on the training split only (default: standardize)")
    g.add_argument("--batch-size", type=int, default=32, help="default 32")
    g.add_argument("--seed", type=int, default=0,
                   help="seeds the init, shuffling and dropout (default 0)")


def add_model_args(p):
    g = p.add_argument_group("model (an MLP)")
    g.add_argument("--hidden", default="128", metavar="SIZES",
                   help="hidden layer sizes, comma separated (default 128; '' for none)")
    g.add_argument("--activation", default="relu", help="any elementwise activation in "
                   "minigrad.nn by name: relu, tanh, sigmoid, leakyrelu, gelu, elu, ...")
    g.add_argument("--init", default="default", choices=tuple(INITS),
                   help="weight init (default: PyTorch's Linear default)")
    g.add_argument("--batchnorm", action="store_true", help="BatchNorm1d before each activation")
    g.add_argument("--dropout", type=float, default=0.0, metavar="P",
                   help="dropout probability after each activation")


def add_optim_args(p, several=False):
    g = p.add_argument_group("optimization")
    if not several:
        g.add_argument("--optimizer", default="adam", help="any optimizer in minigrad.optim by "
                       "name (sgd, adagrad, rmsprop, adam, adamw, nadam, ...), or momentum / "
                       "nesterov: SGD with momentum 0.9 (default adam)")
    g.add_argument("--lr", type=float, help="learning rate (default: a typical value per optimizer)")
    g.add_argument("--momentum", type=float)
    g.add_argument("--nesterov", action="store_const", const=True)
    g.add_argument("--weight-decay", type=float)
    g.add_argument("--betas", metavar="B1,B2")
    g.add_argument("--eps", type=float)
    g.add_argument("--alpha", type=float)
    g.add_argument("--rho", type=float)
    g.add_argument("--lr-decay", type=float)
    g.add_argument("--dampening", type=float)
    g.add_argument("--amsgrad", action="store_const", const=True)
    g.add_argument("--centered", action="store_const", const=True)
    g.add_argument("--schedule", default="none", choices=SCHEDULES,
                   help="per-epoch lr schedule: step (×gamma every --step-size epochs), "
                        "exponential (×gamma), cosine (to 0 over the run), 1/t (η₀/(1+k·t), "
                        "k = --decay-rate), plateau (×gamma when val loss stalls)")
    g.add_argument("--gamma", type=float, help="step: 0.1, exponential: 0.9, plateau: 0.1")
    g.add_argument("--step-size", type=int, help="step: epochs per decay (default epochs // 3)")
    g.add_argument("--decay-rate", type=float, default=0.5, help="1/t: k (default 0.5)")
    g.add_argument("--epochs", type=int, default=10, help="default 10")
    g.add_argument("--device", default="cpu", help="cpu (default) or cuda[:N] (needs CuPy)")


# --- data -----------------------------------------------------------------------------

def load_data(args):
    """(train, val, test) ArrayDatasets; val is 10% of the training split."""
    from .. import datasets
    if args.batch_size < 1:
        raise UsageError(f"--batch-size must be >= 1, got {args.batch_size}")
    name = args.dataset
    try:
        if name == "digits":
            train, test = datasets.load_digits().split(0.2, seed=0)
        elif name in SYNTHETIC:
            train, test = getattr(datasets, name)(seed=0).split(0.2, seed=0)
        elif os.path.isdir(name):
            train, test = datasets.load_idx_folder(name, True), datasets.load_idx_folder(name, False)
        else:
            raise UsageError(f"--dataset {name!r}: not one of digits, {', '.join(SYNTHETIC)}, "
                             "and no such folder")
    except datasets.IDXError as err:
        raise UsageError(str(err)) from None
    train, val = train.split(0.1, seed=1)
    return train, val, test


def preprocessor(name):
    from .. import preprocessing as pp
    return {"none": None, "center": pp.MeanCenter(), "standardize": pp.Standardize(),
            "pca-whiten": pp.PCA(whiten=True), "zca": pp.ZCA()}[name]


# --- model ----------------------------------------------------------------------------

def _normal(std):
    """w ~ N(0, std²): the lecture's 0.01·randn and 1.0·randn."""
    def init(w, activation):
        from ..nn import init as nn_init
        nn_init.normal_(w, 0.0, std)
    return init


def _scheme(fn_name):
    """nn.init.<fn_name>; Kaiming's gain is ReLU's (leaky ReLU's for LeakyReLU)."""
    def init(w, activation):
        from ..nn import init as nn_init
        if fn_name.startswith("kaiming"):
            leaky = _key(activation) == "leakyrelu"
            getattr(nn_init, fn_name)(w, nonlinearity="leaky_relu" if leaky else "relu")
        else:
            getattr(nn_init, fn_name)(w)
    return init


INITS = {"default": None, "0.01": _normal(0.01), "1.0": _normal(1.0),
         "xavier": _scheme("xavier_normal_"), "xavier-uniform": _scheme("xavier_uniform_"),
         "kaiming": _scheme("kaiming_normal_"), "kaiming-uniform": _scheme("kaiming_uniform_"),
         "lecun": _scheme("lecun_normal_"), "orthogonal": _scheme("orthogonal_")}
INIT_HELP = {"0.01": "0.01·randn", "1.0": "1.0·randn", "xavier": "Xavier normal",
             "kaiming": "Kaiming (He) normal", "lecun": "LeCun normal",
             "orthogonal": "orthogonal"}


def activation_class(name):
    found = activations().get(_key(name))
    if found is None:
        raise UsageError(f"--activation {name!r}: unknown (elementwise activations: "
                         + ", ".join(sorted(c.__name__ for c in activations().values())) + ")")
    return found


def hidden_sizes(text):
    try:
        sizes = [int(s) for s in text.split(",") if s.strip()]
    except ValueError:
        raise UsageError(f"--hidden {text!r}: expected sizes like 128 or 256,128") from None
    if any(s < 1 for s in sizes):
        raise UsageError(f"--hidden {text!r}: sizes must be >= 1")
    return sizes


def initialise(model, scheme, activation):
    """Apply init ``scheme`` to every Linear weight of ``model`` (biases to 0)."""
    from .. import nn
    if INITS[scheme] is None:
        return
    for m in model.modules():
        if isinstance(m, nn.Linear):
            INITS[scheme](m.weight, activation)
            if m.bias is not None:
                nn.init.zeros_(m.bias)


def build_model(args, n_in, n_out):
    from .. import nn
    act = activation_class(args.activation)
    if not 0 <= args.dropout < 1:
        raise UsageError(f"--dropout must be in [0, 1), got {args.dropout}")
    layers, width = [], n_in
    for size in hidden_sizes(args.hidden):
        layers.append(nn.Linear(width, size))
        if args.batchnorm:
            layers.append(nn.BatchNorm1d(size))
        layers.append(act())
        if args.dropout:
            layers.append(nn.Dropout(args.dropout))
        width = size
    layers.append(nn.Linear(width, n_out))
    model = nn.Sequential(*layers)
    initialise(model, args.init, act.__name__)
    return model


# --- optimizer and schedule -----------------------------------------------------------

def build_optimizer(name, params, args, strict=True):
    """The optimizer ``name`` (momentum / nesterov: SGD with momentum 0.9) with the
    hyperparameters given on the command line; an option it does not take is an error
    (``strict``) or skipped."""
    key, preset = _key(name), {}
    if key in ("momentum", "nesterov"):
        key, preset = "sgd", {"momentum": 0.9, "nesterov": key == "nesterov"}
    table = optimizers()
    if key not in table:
        raise UsageError(f"--optimizer {name!r}: unknown (choose from momentum, nesterov, "
                         + ", ".join(sorted(table)) + ")")
    cls = table[key]
    accepted = inspect.signature(cls.__init__).parameters
    kwargs = dict(preset, lr=args.lr if args.lr is not None else LR.get(_key(name), LR.get(key)))
    if kwargs["lr"] is None:
        kwargs.pop("lr")
    for option in HYPER:
        value = getattr(args, option, None)
        if value is None:
            continue
        if option not in accepted and not strict:
            continue
        if option not in accepted:
            raise UsageError(f"--{option.replace('_', '-')} is not an option of {cls.__name__} "
                             f"(its options: {', '.join(p for p in accepted if p not in ('self', 'params'))})")
        if option == "betas":
            pair = value.split(",")
            try:
                value = (float(pair[0]), float(pair[1]))
            except (ValueError, IndexError):
                value = None
            if value is None or len(pair) != 2:
                raise UsageError(f"--{option} {','.join(pair)!r}: expected two numbers like "
                                 "0.9,0.999")
        kwargs[option] = value
    try:
        return cls(params, **kwargs)
    except (ValueError, TypeError) as err:
        raise UsageError(f"--optimizer {name}: {err}") from None


def build_scheduler(optimizer, args):
    from ..optim import lr_scheduler as S
    name = args.schedule
    gamma = args.gamma
    if name == "none":
        return None
    if name == "step":
        step = args.step_size or max(1, args.epochs // 3)
        return S.StepLR(optimizer, step_size=step, gamma=0.1 if gamma is None else gamma)
    if name == "exponential":
        return S.ExponentialLR(optimizer, gamma=0.9 if gamma is None else gamma)
    if name == "cosine":
        return S.CosineAnnealingLR(optimizer, T_max=args.epochs)
    if name == "1/t":
        return S.InverseTimeLR(optimizer, decay_rate=args.decay_rate)
    return S.ReduceLROnPlateau(optimizer, factor=0.1 if gamma is None else gamma, patience=2)


def check_device(device):
    """``device`` if usable, else a UsageError saying why (e.g. how to install CuPy)."""
    import numpy as np

    from .. import backend
    try:
        dev = backend.Device(device)
        if dev.type == "cuda":
            backend.to_device(np.zeros(1), dev)
    except (RuntimeError, TypeError) as err:
        raise UsageError(f"--device {device}: {err}") from None
    return str(dev)


def out_dir(path):
    """Create the output folder ``path`` (``--out``), or say why it cannot be."""
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as err:
        raise UsageError(f"--out {path}: cannot create the folder ({err.strerror})") from None
    return path


def loaders(train, val, test, batch_size):
    from ..datasets import stack_samples
    from ..utils.data import DataLoader
    return (DataLoader(train, batch_size, shuffle=True, collate_fn=stack_samples),
            DataLoader(val, 512, collate_fn=stack_samples),
            DataLoader(test, 512, collate_fn=stack_samples))


def prepare(args, preprocessing_state=None):
    """Everything a run needs: (pre, loaders, model, device) from ``args``; the
    preprocessing is fitted on the training split, or loaded from ``preprocessing_state``."""
    device = check_device(args.device)
    train, val, test = load_data(args)
    pre = preprocessor(args.preprocess)
    if pre is not None:
        if preprocessing_state is not None:
            pre.load_state_dict(preprocessing_state)
        else:
            pre.fit(train.data)
        train, val, test = (d.transform(pre) for d in (train, val, test))
    model = build_model(args, train.data.shape[1], train.num_classes)
    return pre, loaders(train, val, test, args.batch_size), model, device
