"""How tensors print: PyTorch's text, option for option (``torch/_tensor_str.py`` ported).

A tensor prints as ``tensor(<values>, <suffixes>)``. The values share one
format chosen from the finite nonzero values (:class:`_Formatter`):

- integer dtypes and bools: ``str`` of each value;
- floats that are all whole numbers: ``1.``, ``-3.`` (or scientific, below);
- other floats: ``precision`` decimals (4 by default), or scientific notation
  ``1.2346e+05`` when max/min > 1000, max > 1e8 or min < 1e-4
  (``set_printoptions(sci_mode=...)`` forces it on or off).

Every value is padded to the widest, rows wrap at ``linewidth`` characters,
and a tensor of more than ``threshold`` elements prints only ``edgeitems``
rows/columns at each end with ``...`` between. The suffixes name what a
reader could not guess: a non-default dtype (``dtype=minigrad.float64``), a
device other than the default, and ``grad_fn=<MulBackward0>`` or
``requires_grad=True``.
"""
import collections
import contextlib
import dataclasses
import math

import numpy as np

from . import backend, dtypes


@dataclasses.dataclass
class _PrinterOptions:
    precision: int = 4
    threshold: float = 1000
    edgeitems: int = 3
    linewidth: int = 80
    sci_mode: object = None


PRINT_OPTS = _PrinterOptions()
_PROFILES = {"default": (4, 1000, 3, 80), "short": (2, 1000, 2, 80), "full": (4, math.inf, 3, 80)}


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None,
                     profile=None, sci_mode=None):
    """Set how tensors print (PyTorch's options; ``profile`` is "default", "short" or "full").

    Options left as None keep their value, except ``sci_mode``: None means "choose
    automatically", as in PyTorch.
    """
    if profile is not None:
        if profile not in _PROFILES:
            raise ValueError(f"set_printoptions: profile must be one of {list(_PROFILES)}, "
                             f"got {profile!r}")
        (PRINT_OPTS.precision, PRINT_OPTS.threshold, PRINT_OPTS.edgeitems,
         PRINT_OPTS.linewidth) = _PROFILES[profile]
    for name, value in (("precision", precision), ("threshold", threshold),
                        ("edgeitems", edgeitems), ("linewidth", linewidth)):
        if value is not None:
            setattr(PRINT_OPTS, name, value)
    PRINT_OPTS.sci_mode = sci_mode


def get_printoptions():
    """The current options, as keyword arguments for :func:`set_printoptions`."""
    return dataclasses.asdict(PRINT_OPTS)


@contextlib.contextmanager
def printoptions(**kwargs):
    """``with printoptions(precision=2): ...`` changes the options inside the block only."""
    old = get_printoptions()
    set_printoptions(**kwargs)
    try:
        yield
    finally:
        set_printoptions(**old)


def dtype_name(dtype):
    """``minigrad.float32``: how a dtype appears in a tensor's repr."""
    return f"minigrad.{np.dtype(dtype).name}"


class _Formatter:
    """One format for every value of an array (see the module docstring)."""

    def __init__(self, values):
        self.floating = values.dtype.kind == "f"
        self.int_mode, self.sci_mode, self.max_width = True, False, 1
        flat = values.reshape(-1)
        if not self.floating:
            for value in flat.tolist():
                self.max_width = max(self.max_width, len(f"{value}"))
            return
        finite = flat[np.isfinite(flat) & (flat != 0)]
        if finite.size == 0:
            return
        absolute = np.abs(finite.astype(np.float64))
        lo, hi = absolute.min(), absolute.max()
        self.int_mode = bool(np.all(finite == np.ceil(finite)))
        self.sci_mode = (hi / lo > 1000.0 or hi > 1.0e8 or lo < 1.0e-4
                         if PRINT_OPTS.sci_mode is None else PRINT_OPTS.sci_mode)
        p = PRINT_OPTS.precision
        for value in finite.tolist():
            if self.sci_mode:
                width = len(f"{value:.{p}e}")
            elif self.int_mode:
                width = len(f"{value:.0f}") + 1          # room for the trailing "."
            else:
                width = len(f"{value:.{p}f}")
            self.max_width = max(self.max_width, width)

    def format(self, value):
        p = PRINT_OPTS.precision
        if not self.floating:
            text = f"{value}"
        elif self.sci_mode:
            text = f"{value:{self.max_width}.{p}e}"
        elif self.int_mode:
            text = f"{value:.0f}" + ("" if math.isinf(value) or math.isnan(value) else ".")
        else:
            text = f"{value:.{p}f}"
        return (self.max_width - len(text)) * " " + text


def _summarized(values):
    """The values a summarized print shows (``edgeitems`` at each end of every dim)."""
    edge = PRINT_OPTS.edgeitems
    if values.ndim == 0:
        return values
    if values.ndim == 1:
        return np.concatenate((values[:edge], values[-edge:])) if len(values) > 2 * edge else values
    if not edge:
        return values[(slice(0, 0),) * values.ndim]
    rows = (list(range(edge)) + list(range(len(values) - edge, len(values)))
            if len(values) > 2 * edge else range(len(values)))
    return np.stack([_summarized(values[i]) for i in rows])


def _vector_str(values, indent, summarize, fmt):
    edge = PRINT_OPTS.edgeitems
    per_line = max(1, math.floor((PRINT_OPTS.linewidth - indent) / (fmt.max_width + 2)))
    if summarize and not edge:
        data = ["..."]
    elif summarize and len(values) > 2 * edge:
        data = ([fmt.format(v) for v in values[:edge].tolist()] + [" ..."]
                + [fmt.format(v) for v in values[-edge:].tolist()])
    else:
        data = [fmt.format(v) for v in values.tolist()]
    lines = [", ".join(data[i:i + per_line]) for i in range(0, len(data), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"


def _values_str(values, indent, summarize, fmt):
    if values.ndim == 0:
        return fmt.format(values.item())
    if values.ndim == 1:
        return _vector_str(values, indent, summarize, fmt)
    edge, n = PRINT_OPTS.edgeitems, len(values)
    if summarize and n > 2 * edge:
        slices = ([_values_str(values[i], indent + 1, summarize, fmt) for i in range(edge)]
                  + ["..."]
                  + [_values_str(values[i], indent + 1, summarize, fmt) for i in range(n - edge, n)])
    else:
        slices = [_values_str(values[i], indent + 1, summarize, fmt) for i in range(n)]
    return "[" + ("," + "\n" * (values.ndim - 1) + " " * (indent + 1)).join(slices) + "]"


def array_str(values, indent):
    """The bracketed values of a NumPy array as PyTorch prints them, ``indent`` columns in."""
    if values.size == 0:
        return "[]"
    summarize = values.size > PRINT_OPTS.threshold
    fmt = _Formatter(_summarized(values) if summarize else values)
    return _values_str(values, indent, summarize, fmt)


def _add_suffixes(text, suffixes, indent):
    parts = [text]
    last_line = len(text) - text.rfind("\n") + 1
    for suffix in suffixes:
        if last_line + len(suffix) + 2 > PRINT_OPTS.linewidth:
            parts.append(",\n" + " " * indent + suffix)
            last_line = indent + len(suffix)
        else:
            parts.append(", " + suffix)
            last_line += len(suffix) + 2
    return "".join(parts) + ")"


def tensor_repr(t):
    """``repr(t)``: PyTorch's text with ``minigrad.`` where PyTorch writes ``torch.``."""
    from .tensor import Tensor
    from .nn.parameter import Parameter
    prefix = "tensor(" if type(t) in (Tensor, Parameter) else f"{type(t).__name__}("
    indent = len(prefix)
    values = backend.to_numpy(t.array)
    suffixes = []
    if t.device.type != "cpu":                   # minigrad's default device is always the CPU
        suffixes.append(f"device='{t.device}'")
    default = dtypes.get_default_dtype()
    if values.size == 0:
        if values.ndim != 1:
            suffixes.append(f"size={tuple(values.shape)}")
        if t.dtype != default:
            suffixes.append(f"dtype={dtype_name(t.dtype)}")
        body = "[]"
    else:
        if not PRINT_OPTS.edgeitems:
            suffixes.append(f"size={tuple(values.shape)}")
        if t.dtype not in (default, dtypes.int64, dtypes.bool):
            suffixes.append(f"dtype={dtype_name(t.dtype)}")
        body = array_str(values, indent)
    if t.grad_fn is not None:
        suffixes.append(f"grad_fn=<{t.grad_fn.name()}>")
    elif t.requires_grad:
        suffixes.append("requires_grad=True")
    return _add_suffixes(prefix + body, suffixes, indent)


def tensor_format(t, spec):
    """``format(t, spec)``: a 0-d tensor formats as its number (``f"{loss:.3f}"``)."""
    if t.ndim == 0:
        return t.detach().item().__format__(spec)
    return object.__format__(t, spec)


def return_type(name, fields):
    """A named tuple that prints as PyTorch's ``torch.return_types.<name>`` do (``max(dim)``,
    ``sort``, ``histogram``, ...): one field per line."""
    base = collections.namedtuple(name, fields)

    def __repr__(self):
        inner = ",\n".join(f"{field}={value!r}" for field, value in zip(fields, self))
        return f"minigrad.return_types.{name}(\n{inner})"

    return type(name, (base,), {"__slots__": (), "__repr__": __repr__, "__str__": __repr__,
                                "__module__": "minigrad.return_types"})
