"""PyTorch's legacy tensor types: ``FloatTensor([...])``, ``x.type()``, ``Variable``.

Old lecture code builds tensors with the typed constructors and casts with
type strings::

    x = torch.FloatTensor([[1, 2], [3, 4]])    # data: a float32 copy
    h = torch.FloatTensor(64, 100)             # sizes: uninitialised values
    x.type()                                   # 'torch.FloatTensor'
    x.type(torch.DoubleTensor)                 # a float64 copy (also 'torch.DoubleTensor')

``x.type()`` returns PyTorch's own string, ``'torch.FloatTensor'``, not
``'minigrad.FloatTensor'``: scripts compare it with PyTorch's strings, and
it names a legacy type that both libraries accept back in ``x.type(...)``.
"""
import numpy as np

from . import dtypes

# legacy type name -> dtype
TYPES = {"FloatTensor": dtypes.float32, "DoubleTensor": dtypes.float64,
         "HalfTensor": dtypes.float16, "LongTensor": dtypes.int64, "IntTensor": dtypes.int32,
         "ShortTensor": dtypes.int16, "CharTensor": dtypes.int8, "ByteTensor": dtypes.uint8,
         "BoolTensor": dtypes.bool}
_NAMES = {dtype: name for name, dtype in TYPES.items()}


def _is_sizes(args):
    return all(isinstance(a, int) and not isinstance(a, bool) for a in args)


def new_array(args, dtype, device=None):
    """The array of ``LegacyType(*args)``: a copy of the data, or ``empty(*sizes)``."""
    from .creation import as_array
    if not args:
        args = (0,)                                      # FloatTensor(): tensor([])
    if len(args) == 1 and isinstance(args[0], tuple) and _is_sizes(args[0]):
        args = args[0]                                   # FloatTensor(torch.Size([2, 3]))
    if _is_sizes(args):
        return as_array(np.empty(args, dtype=dtype), None, device)
    if len(args) != 1:
        raise TypeError(f"expected data or sizes (ints), got {len(args)} arguments of types "
                        f"{[type(a).__name__ for a in args]}")
    data = args[0]
    if isinstance(data, (int, float)) and not isinstance(data, bool):
        raise TypeError(f"a legacy tensor constructor takes data (a list or array) or sizes "
                        f"(ints), not the number {data!r}")
    return as_array(data, dtype, device)


class _LegacyType(type):
    """``FloatTensor`` and friends: calling makes a tensor; ``isinstance`` checks the dtype."""

    def __call__(cls, *args, device=None):
        from .tensor import Tensor
        return Tensor._make(new_array(args, cls.dtype, device))

    def __instancecheck__(cls, obj):
        from .tensor import Tensor
        return isinstance(obj, Tensor) and obj.dtype == cls.dtype and obj.device.type == "cpu"

    def __repr__(cls):
        return f"<class 'minigrad.{cls.__name__}'>"


def _legacy_type(name, dtype):
    return _LegacyType(name, (), {"dtype": dtype, "__doc__": f"A {dtype} tensor (legacy type)."})


FloatTensor, DoubleTensor, HalfTensor, LongTensor, IntTensor, ShortTensor, CharTensor, \
    ByteTensor, BoolTensor = (_legacy_type(name, dtype) for name, dtype in TYPES.items())


def type_name(t):
    """``x.type()``: ``'torch.FloatTensor'``, ``'torch.cuda.LongTensor'`` (PyTorch's strings)."""
    where = "torch.cuda." if t.device.type == "cuda" else "torch."
    return where + _NAMES[t.dtype]


def as_type(t, dtype):
    """``x.type(dtype)``: ``t`` cast to a dtype, a legacy type or a type string (no copy if
    it already is one)."""
    if isinstance(dtype, _LegacyType):
        dtype = dtype.dtype
    elif isinstance(dtype, str):
        prefix, _, name = dtype.rpartition(".")
        if prefix not in ("torch", "minigrad", "torch.cuda", "minigrad.cuda") or name not in TYPES:
            raise ValueError(f"invalid type: {dtype!r} (expected e.g. 'torch.FloatTensor' or "
                             f"a dtype such as minigrad.float64)")
        if prefix.endswith("cuda"):
            t = t.to("cuda")
        dtype = TYPES[name]
    return t.to(dtypes.to_dtype(dtype))


class _VariableType(type):
    def __instancecheck__(cls, obj):
        from .tensor import Tensor
        return isinstance(obj, Tensor)


class Variable(metaclass=_VariableType):
    """PyTorch's deprecated wrapper, kept for old code: ``Variable(x, requires_grad=True)`` is a
    Tensor on ``x``'s data (detached from ``x``'s graph) with that ``requires_grad``.
    Every Tensor is a Variable (``isinstance`` says True), as in PyTorch."""

    def __new__(cls, data, requires_grad=False, volatile=False):
        from .tensor import Tensor
        if not isinstance(data, Tensor):
            raise TypeError(f"Variable data has to be a tensor, but got {type(data).__name__}")
        out = Tensor._make(data.array)
        out.requires_grad = requires_grad
        return out
