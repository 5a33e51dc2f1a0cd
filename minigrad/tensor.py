"""Tensor: an array (``.array``) plus what autograd needs to differentiate through it.

A tensor made by an op while grad mode is on, from inputs that require
grad, has a ``grad_fn``: the graph node recording that op. ``backward()``
walks those nodes (see :mod:`minigrad.autograd.engine`) and leaves
``d(output)/d(leaf)`` in each leaf's ``.grad``.

Every operator and op method below is the PyTorch-named function of :mod:`minigrad.ops`
(``x + y`` is ``ops.add(x, y)``, which applies the Function ``Add``).
"""
import warnings
import weakref

from . import _printing, backend, dtypes, ops
from . import memory_formats as _layout
from .autograd import grad_mode
from .autograd.function import AccumulateGrad
from .ops import compat, views
from .ops.convert import Overwrite, ToDevice
from .ops.indexing import SetItem, check_index
from .ops.shapes import wrap_dim
from .size import Size

_new = object.__new__
NON_LEAF_GRAD = ("The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its "
                 ".grad attribute won't be populated during autograd.backward(). If you indeed "
                 "want the .grad field to be populated for a non-leaf Tensor, use .retain_grad() "
                 "on the non-leaf Tensor. If you access the non-leaf Tensor by mistake, make sure "
                 "you access the leaf Tensor instead.")                  # PyTorch's words
_warned_once = {"float": False}


class Tensor:
    __slots__ = ("array", "_grad", "_rg", "grad_fn", "_out_index", "_vc", "_hooks", "_acc",
                 "__weakref__")
    __hash__ = object.__hash__          # == is elementwise; dicts still key by identity
    __array_priority__ = 1000           # numpy_array * tensor -> Tensor.__rmul__

    def __init__(self, *data, dtype=None, device=None, requires_grad=False):
        """PyTorch's legacy constructor: ``Tensor([[1, 2]])`` copies data (as the default float
        dtype unless ``dtype`` says otherwise), ``Tensor(2, 3)`` is uninitialised."""
        from .legacy import new_array
        t = Tensor._make(new_array(data, dtype or dtypes.get_default_dtype(), device))
        for slot in Tensor.__slots__[:-1]:
            setattr(self, slot, getattr(t, slot))
        self.requires_grad = requires_grad

    @classmethod
    def _make(cls, data, requires_grad=False, grad_fn=None, index=0):
        """Wrap a backend array without copying or checking (the ops' fast path)."""
        t = _new(cls)                  # (one statement per field: the fastest way, it runs per op)
        t.array = data
        t._grad = None
        t._rg = requires_grad
        t.grad_fn = grad_fn
        t._out_index = index
        t._vc = [0]                    # the version counter, shared with views
        t._hooks = None
        t._acc = None
        return t

    # -- autograd state ------------------------------------------------------------
    @property
    def grad(self):
        """∂(output)/∂self, left by ``backward()`` in a leaf (None until then). A non-leaf's
        stays None unless it ``retain_grad()``: reading it then warns, as in PyTorch."""
        if self._grad is None and self.grad_fn is not None and not self.retains_grad:
            warnings.warn(NON_LEAF_GRAD, UserWarning, stacklevel=2)
        return self._grad

    @grad.setter
    def grad(self, value):
        """As PyTorch: a Tensor of this one's shape, dtype and device, or None."""
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(f"assigned grad expected to be a Tensor or None but got grad of "
                                f"type {type(value).__name__}")
            if value.array.shape != self.array.shape:
                raise RuntimeError(f"attempting to assign a gradient of size "
                                   f"'{list(value.shape)}' to a tensor of size "
                                   f"'{list(self.shape)}'. Please ensure that the gradient and "
                                   "the tensor are the same size")
            if value.array.dtype != self.array.dtype:
                raise RuntimeError(f"attempting to assign a gradient with dtype {value.dtype} to "
                                   f"a tensor of dtype {self.dtype}: convert it with "
                                   f".to({self.dtype})")
            if (not type(value.array) is type(self.array) is backend.np.ndarray   # (both on
                    and value.device != self.device):                           # the CPU)
                raise RuntimeError(f"assigned grad has data located on {value.device}, "
                                   f"different from the tensor's {self.device}")
        self._grad = value

    @property
    def requires_grad(self):
        return self._rg

    @requires_grad.setter
    def requires_grad(self, value):
        if self.grad_fn is not None and not value:
            raise RuntimeError("you can only change requires_grad flags of leaf variables. If you "
                               "want to use a computed variable in a subgraph that doesn't require "
                               "differentiation use var_no_grad = var.detach().")
        if value and self.array.dtype.kind not in "fc":
            raise RuntimeError(f"only Tensors of floating point dtype can require gradients "
                               f"(got {self.dtype})")
        self._rg = bool(value)

    @property
    def data(self):
        """PyTorch's ``.data``: a Tensor on the same storage, cut from the graph, with its own
        version counter, so in-place changes through it are invisible to autograd
        (``w.data -= lr * w.grad``). The backend array itself is ``.array``."""
        return Tensor._make(self.array)

    @data.setter
    def data(self, value):
        if not isinstance(value, Tensor):
            raise TypeError(f"Tensor.data must be set to a Tensor, not {type(value).__name__}")
        self.array = value.array

    @property
    def is_leaf(self):
        return self.grad_fn is None

    @property
    def _version(self):
        return self._vc[0]

    def _bump_version(self):
        """Count an in-place change made to ``.array`` by a fused kernel (an optimizer's
        update), so a backward through a graph that saved the old values raises. Any other
        change outside autograd is ``with no_grad(): t.copy_(values)`` (or ``add_``, ``mul_``,
        ``zero_``, ...), which counts itself."""
        self._vc[0] += 1

    def _grad_node(self):
        """The graph node gradients for this tensor flow into (its grad_fn, or its accumulator)."""
        if self.grad_fn is not None:
            return self.grad_fn
        node = self._acc() if self._acc is not None else None
        if node is None:
            node = AccumulateGrad(self)
            self._acc = weakref.ref(node)
        return node

    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        """Accumulate d(self)/d(leaf) into every leaf's ``.grad`` (weighted by ``gradient``)."""
        backprop.backward([self], None if gradient is None else [gradient], retain_graph,
                          create_graph, inputs)

    def detach(self):
        """The same data, cut from the graph (shares memory and version counter)."""
        t = Tensor._make(self.array)
        t._vc = self._vc
        return t

    def detach_(self):
        self.grad_fn, self._rg = None, False
        return self

    def requires_grad_(self, requires_grad=True):
        self.requires_grad = requires_grad
        return self

    def retain_grad(self):
        """Keep ``.grad`` for this non-leaf tensor too."""
        if self.grad_fn is not None:
            self.grad_fn.retain(self._out_index, self)
        elif not self._rg:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")

    @property
    def retains_grad(self):
        node = self.grad_fn
        return bool(node is not None and node._retained and self._out_index in node._retained)

    def register_hook(self, hook):
        """Call ``hook(grad)`` when this tensor's gradient is computed; a returned Tensor
        replaces the gradient."""
        if not self._rg:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self.grad_fn is not None:
            self.grad_fn.add_hook(self._out_index, hook)
            hooks = self.grad_fn._hooks[self._out_index]
        else:
            if self._hooks is None:
                self._hooks = []
            self._hooks.append(hook)
            hooks = self._hooks
        return _HookHandle(self, hook, hooks)

    # -- description -----------------------------------------------------------------
    shape = property(lambda self: Size(self.array.shape))
    ndim = property(lambda self: self.array.ndim)
    dtype = property(lambda self: dtypes.WRAPPERS[self.array.dtype])
    device = property(lambda self: backend.device_of(self.array))
    is_cuda = property(lambda self: self.device.type == "cuda")
    T = property(lambda self: self.permute(*reversed(range(self.ndim))))
    @property
    def mT(self):
        if self.ndim < 2:
            raise RuntimeError(f"tensor.mT is only supported on matrices or batches of matrices. "
                               f"Got {self.ndim}-D tensor.")               # PyTorch's words
        return self.transpose(-2, -1)

    def size(self, dim=None):
        return self.shape if dim is None else self.shape[wrap_dim(dim, self.ndim)]

    def dim(self):
        return self.ndim

    def numel(self):
        return int(self.array.size)

    nelement = numel

    def element_size(self):
        return self.dtype.itemsize

    def is_floating_point(self):
        return self.dtype.kind == "f"

    def __len__(self):
        if self.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self.shape[0]

    def __iter__(self):
        if self.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(self.shape[0]))

    def __repr__(self):
        return _printing.tensor_repr(self)           # PyTorch's text (minigrad/_printing.py)

    def __format__(self, spec):
        return _printing.tensor_format(self, spec)   # f"{loss:.4f}" for a 0-d tensor

    # -- leaving minigrad --------------------------------------------------------------
    def numpy(self):
        if self._rg:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. "
                               "Use tensor.detach().numpy() instead.")
        if self.device.type != "cpu":
            raise TypeError(f"can't convert {self.device} tensor to numpy. "
                            "Use Tensor.cpu() to copy the tensor to host memory first.")
        return self.array

    def __array__(self, dtype=None, copy=None):
        a = self.detach().numpy()
        return a if dtype is None else a.astype(dtype)

    def item(self):
        if self.array.size != 1:
            raise RuntimeError(f"a Tensor with {self.array.size} elements cannot be converted "
                               "to Scalar")
        return self.array.reshape(()).item()

    def tolist(self):
        return backend.to_numpy(self.array).tolist()

    def __float__(self):
        if self.requires_grad and not _warned_once["float"]:   # PyTorch warns once
            _warned_once["float"] = True
            warnings.warn("Converting a tensor with requires_grad=True to a scalar may lead to "
                          "unexpected behavior.\nConsider using tensor.detach() first.",
                          stacklevel=2)
        return float(self.item())

    def __int__(self):
        return int(self.item())

    def __index__(self):
        if self.dtype.kind not in "iub":
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(self.item())

    def __bool__(self):
        if self.array.size != 1:
            raise RuntimeError(f"Boolean value of Tensor with {self.array.size} elements is "
                               "ambiguous")
        return bool(self.item())

    # -- dtype and device ----------------------------------------------------------------
    def to(self, *args, dtype=None, device=None, copy=False, non_blocking=False):
        """``to(device)``, ``to(dtype)``, ``to(device, dtype)`` or ``to(other_tensor)``."""
        for a in args:
            if isinstance(a, Tensor):
                device, dtype = a.device, a.dtype
            elif isinstance(a, (str, backend.Device)):
                device = a
            else:
                dtype = a
        out = self
        if device is not None and backend.Device(device) != self.device:
            out = ToDevice.apply(out, backend.Device(device))
        if dtype is not None:
            out = ops.to_dtype(out, dtypes.to_dtype(dtype))
        return out.clone() if copy and out is self else out

    def cpu(self):
        return self.to("cpu")

    def cuda(self, device=None):
        return self.to("cuda" if device is None else
                       device if isinstance(device, (str, backend.Device)) else f"cuda:{device}")

    def float(self):
        return self.to(dtypes.float32)

    def double(self):
        return self.to(dtypes.float64)

    def half(self):
        return self.to(dtypes.float16)

    def long(self):
        return self.to(dtypes.int64)

    def int(self):
        return self.to(dtypes.int32)

    def bool(self):
        return self.to(dtypes.bool)

    def type_as(self, other):
        return self.to(other.dtype)

    def type(self, dtype=None, non_blocking=False):
        """``x.type()``: PyTorch's type string (``'torch.FloatTensor'``); ``x.type(t)``: cast
        to a dtype, a legacy type or a type string (minigrad/legacy.py)."""
        from . import legacy
        return legacy.type_name(self) if dtype is None else legacy.as_type(self, dtype)

    def clone(self, *, memory_format=_layout.preserve_format):
        """A copy that gradients flow through; ``memory_format=contiguous_format``: row-major."""
        if _layout.check(memory_format, self) is _layout.contiguous_format:
            return views.Contiguous.apply(self)           # (a copy too, CloneBackward0)
        return views.clone(self)

    def inverse(self):
        """A⁻¹ (``minigrad.linalg.inv``)."""
        from .linalg import inv
        return inv(self)

    def det(self):
        """det A (``minigrad.linalg.det``)."""
        from .linalg import det
        return det(self)

    def data_ptr(self):
        """The address of the first element: equal for a tensor and a view that starts at
        the same place (``x.view(-1).data_ptr() == x.data_ptr()``), different for a copy."""
        a = self.array
        return a.ctypes.data if isinstance(a, backend.np.ndarray) else a.data.ptr

    def contiguous(self, memory_format=_layout.contiguous_format):
        _layout.check(memory_format, self)
        return views.contiguous(self)

    def is_contiguous(self, memory_format=_layout.contiguous_format):
        _layout.check(memory_format, self)
        return views.is_contiguous(self)

    def stride(self, dim=None):
        """Steps in elements between neighbours along each dim (PyTorch's; NumPy's are bytes)."""
        steps = views.strides(self)
        return steps if dim is None else steps[wrap_dim(dim, self.ndim)]

    # -- in place --------------------------------------------------------------------------
    def _inplace(self, op, *args):
        """Make ``self`` hold ``op(self, *args)``, as PyTorch's in-place ops do.

        Under grad mode the op joins the graph (self gets its grad_fn), and
        the version bump makes backward refuse any node that saved the old value.
        """
        grad_on = grad_mode.is_grad_enabled()
        if grad_on and self._rg and self.grad_fn is None:
            raise RuntimeError("a leaf Variable that requires grad is being used in an in-place "
                               "operation. (Wrap it in `with mg.no_grad():` for a manual update.)")
        if grad_on and (self._rg or any(isinstance(a, Tensor) and a._rg for a in args)):
            if getattr(self.grad_fn, "view_of", None) and views.inplace_on_view(self, op, args):
                return self                        # a view: its base took the change
            old = Tensor._make(self.array.copy(), self._rg, self.grad_fn, self._out_index)
            result = op(old, *args)
            self.grad_fn, self._out_index, self._rg = result.grad_fn, result._out_index, True
            refresh = True
        else:
            refresh = False
            with grad_mode.no_grad():
                result = op(self, *args)
        if result.shape != self.shape:
            raise RuntimeError(f"output with shape {list(self.shape)} doesn't match the broadcast "
                               f"shape {list(result.shape)}")
        if dtypes._category(result.dtype) > dtypes._category(self.dtype):
            raise RuntimeError(f"result type {result.dtype} can't be cast to the desired output "
                               f"type {self.dtype}")
        try:
            self.array[...] = result.array
        except ValueError as err:
            raise RuntimeError(f"in-place operation on a tensor whose memory is shared (an "
                               f"expanded view?): {err}") from None
        self._vc[0] += 1
        if refresh:
            views.refresh_views(self)              # views of self made earlier read the new values
        return self

    def add_(self, other, *, alpha=1):
        return self._inplace(ops.add, other) if alpha == 1 else self._inplace(ops.add, other * alpha)

    def sub_(self, other, *, alpha=1):
        return self._inplace(ops.sub, other) if alpha == 1 else self._inplace(ops.sub, other * alpha)

    def mul_(self, other):
        return self._inplace(ops.mul, other)

    def div_(self, other, *, rounding_mode=None):
        if rounding_mode is None:
            return self._inplace(ops.div, other)
        return self._inplace(lambda a, b: ops.div(a, b, rounding_mode=rounding_mode), other)

    def pow_(self, exponent):
        return self._inplace(ops.pow, exponent)

    def fmod_(self, other):
        return self._inplace(ops.fmod, other)

    def clamp_(self, min=None, max=None):
        return self._inplace(ops.clamp, min, max)

    clip_ = clamp_

    def scatter_add_(self, dim, index, src):
        return self._inplace(ops.scatter_add, dim, index, src)

    def index_add_(self, dim, index, source, *, alpha=1):
        return self._inplace(lambda x, i, s: ops.index_add(x, dim, i, s, alpha=alpha), index, source)

    def scatter_(self, dim, index, src=None, *, value=None):
        return self._inplace(ops.scatter, dim, index, value if src is None else src)

    def masked_fill_(self, mask, value):
        return self._inplace(ops.masked_fill, mask, value)

    def clamp_min_(self, min):
        return self._inplace(ops.clamp_min, min)

    def clamp_max_(self, max):
        return self._inplace(ops.clamp_max, max)

    def relu_(self):
        return self._inplace(ops.relu)

    def sigmoid_(self):
        return self._inplace(ops.sigmoid)

    def tanh_(self):
        return self._inplace(ops.tanh)

    def exp_(self):
        return self._inplace(ops.exp)

    def log_(self):
        return self._inplace(ops.log)

    def abs_(self):
        return self._inplace(ops.abs)

    def neg_(self):
        return self._inplace(ops.neg)

    def sqrt_(self):
        return self._inplace(ops.sqrt)

    def square_(self):
        return self._inplace(ops.square)

    def copy_(self, src, non_blocking=False):
        if isinstance(src, Tensor) and src.device != self.device:
            src = src.to(self.device)
        return self._inplace(Overwrite.apply, src)

    def fill_(self, value):
        if isinstance(value, Tensor) and value.ndim:
            raise RuntimeError(f"fill_ only supports 0-dimension value tensor but got tensor "
                               f"with {value.ndim} dimensions.")          # PyTorch's words
        return self._inplace(Overwrite.apply, value)

    def zero_(self):
        return self._inplace(Overwrite.apply, 0)

    # random fills (minigrad/sampling.py): PyTorch's numbers on the CPU
    def normal_(self, mean=0.0, std=1.0, *, generator=None):
        from . import sampling
        return sampling.normal_(self, mean, std, generator)

    def uniform_(self, from_=0.0, to=1.0, *, generator=None):
        from . import sampling
        return sampling.uniform_(self, from_, to, generator)

    def bernoulli_(self, p=0.5, *, generator=None):
        from . import sampling
        return sampling.bernoulli_(self, p, generator)

    def random_(self, from_=0, to=None, *, generator=None):
        from . import sampling
        return sampling.random_(self, from_, to, generator)

    def exponential_(self, lambd=1.0, *, generator=None):
        from . import sampling
        return sampling.exponential_(self, lambd, generator)

    def bernoulli(self, p=None, *, generator=None):
        from . import sampling
        return sampling.bernoulli(self, p, generator=generator)

    def multinomial(self, num_samples, replacement=False, *, generator=None):
        from . import sampling
        return sampling.multinomial(self, num_samples, replacement, generator=generator)

    __iadd__ = add_
    __isub__ = sub_
    __imul__ = mul_
    __itruediv__ = div_

    def __setitem__(self, index, value):
        self._inplace(SetItem.apply, check_index(index), value)

    # -- operators ---------------------------------------------------------------------------
    __add__ = ops.add
    __sub__ = ops.sub
    __mul__ = ops.mul
    __truediv__ = ops.div
    __pow__ = ops.pow
    __matmul__ = ops.matmul
    __neg__ = ops.neg
    __abs__ = ops.abs

    def __radd__(self, other):                      # 1 + x is x + 1 (the same bits), and
        return ops.add(self, other)                 # so is its node, as in PyTorch

    def __rsub__(self, other):
        return ops.sub(other, self)

    def __rmul__(self, other):
        return ops.mul(self, other)

    def __rtruediv__(self, other):
        return ops.reciprocal(self) * other         # PyTorch's c / x: its node is MulBackward0

    def __rpow__(self, other):
        return ops.pow(other, self)

    def __rmatmul__(self, other):
        return ops.matmul(other, self)

    def __pos__(self):
        return self

    def __floordiv__(self, other):
        return ops.div(self, other, rounding_mode="floor")

    def __rfloordiv__(self, other):
        return ops.div(other, self, rounding_mode="floor")

    def __mod__(self, other):
        return ops.remainder(self, other)

    def __rmod__(self, other):
        return ops.remainder(other, self)

    def __getitem__(self, index):
        return views.getitem(self, index)          # basic indices: a view of self

    # comparisons and logic (ops/logic.py): no gradient, a bool tensor
    __lt__, __le__, __gt__, __ge__ = ops.lt, ops.le, ops.gt, ops.ge

    def __eq__(self, other):
        """Elementwise; ``x == None`` is plain False, as in PyTorch (``if bias == None:``)."""
        return NotImplemented if other is None else ops.eq(self, other)

    def __ne__(self, other):
        return NotImplemented if other is None else ops.ne(self, other)

    __and__, __or__, __xor__, __invert__ = (ops.bitwise_and, ops.bitwise_or, ops.bitwise_xor,
                                            ops.bitwise_not)
    eq, ne, lt, le, gt, ge = ops.eq, ops.ne, ops.lt, ops.le, ops.gt, ops.ge
    equal, all, any, isnan, isfinite = ops.equal, compat.all, compat.any, ops.isnan, ops.isfinite
    logical_not = ops.logical_not

    # -- the op library as methods -----------------------------------------------------------
    add, sub, mul, div, pow, matmul = ops.add, ops.sub, ops.mul, ops.div, ops.pow, ops.matmul
    subtract, multiply, divide, true_divide = ops.sub, ops.mul, ops.div, ops.div
    remainder, fmod = ops.remainder, ops.fmod
    neg, abs, sign, exp, log, log1p, expm1 = ops.neg, ops.abs, ops.sign, ops.exp, ops.log, ops.log1p, ops.expm1
    sqrt, rsqrt, sin, cos, tanh, sigmoid, relu = ops.sqrt, ops.rsqrt, ops.sin, ops.cos, ops.tanh, ops.sigmoid, ops.relu
    negative, absolute = ops.neg, ops.abs
    clamp, clip, maximum, minimum = ops.clamp, ops.clip, ops.maximum, ops.minimum
    # the reductions also take NumPy's keepdims= and axis= (ops/compat.py), as PyTorch's do
    sum, mean, var, std, prod = compat.sum, compat.mean, compat.var, compat.std, compat.prod
    max, min, amax, amin, argmax, argmin = compat.max, compat.min, compat.amax, compat.amin, compat.argmax, compat.argmin
    logsumexp, softmax, log_softmax, cumsum, norm = compat.logsumexp, ops.softmax, ops.log_softmax, compat.cumsum, ops.norm
    nansum, nanmean = ops.nansum, ops.nanmean
    reshape, flatten, squeeze, unsqueeze = ops.reshape, ops.flatten, ops.squeeze, ops.unsqueeze
    view = views.view
    transpose, permute, t, expand, repeat = ops.transpose, ops.permute, ops.t, ops.expand, ops.repeat
    broadcast_to, narrow, split, chunk, flip = ops.broadcast_to, ops.narrow, ops.split, ops.chunk, ops.flip
    unbind = ops.unbind
    nonzero = ops.nonzero
    square, reciprocal, log2, log10, exp2, erf = ops.square, ops.reciprocal, ops.log2, ops.log10, ops.exp2, ops.erf
    sinh, cosh = ops.sinh, ops.cosh
    floor, ceil, round, trunc, fix, frac = ops.floor, ops.ceil, ops.round, ops.trunc, ops.fix, ops.frac
    clamp_min, clamp_max, lerp, masked_fill = ops.clamp_min, ops.clamp_max, ops.lerp, ops.masked_fill
    dot, outer, mv, bmm, tril, triu, diag, trace = ops.dot, ops.outer, ops.mv, ops.bmm, ops.tril, ops.triu, ops.diag, ops.trace
    gather, scatter, scatter_add, index_select = ops.gather, ops.scatter, ops.scatter_add, ops.index_select
    index_add = ops.index_add
    take_along_dim = ops.take_along_dim
    sort, argsort, topk, kthvalue = ops.sort, ops.argsort, ops.topk, ops.kthvalue
    median, unique = ops.median, ops.unique
    allclose, isclose, isinf = ops.allclose, ops.isclose, ops.isinf
    isposinf, isneginf = ops.isposinf, ops.isneginf
    logical_and, logical_or, logical_xor = ops.logical_and, ops.logical_or, ops.logical_xor

    def where(self, condition, other):
        return ops.where(condition, self, other)

    # -- new tensors with this one's dtype and device (unless given), as PyTorch's new_* ------
    def _like(self, fn, *args, dtype=None, device=None, requires_grad=False, **size):
        from . import creation
        return getattr(creation, fn)(*args, dtype=dtype or self.dtype, device=device or self.device,
                                     requires_grad=requires_grad, **size)

    def new_zeros(self, *size, **kwargs):
        return self._like("zeros", *size, **kwargs)

    def new_ones(self, *size, **kwargs):
        return self._like("ones", *size, **kwargs)

    def new_empty(self, *size, **kwargs):
        return self._like("empty", *size, **kwargs)

    def new_full(self, size, fill_value, **kwargs):
        return self._like("full", size, fill_value, **kwargs)

    def new_tensor(self, data, **kwargs):
        return self._like("tensor", data, **kwargs)

    def view_as(self, other):
        return views.view(self, other.shape)

    def reshape_as(self, other):
        return self.reshape(other.shape)

    def expand_as(self, other):
        return self.expand(other.shape)

    def mm(self, other):
        return ops.mm(self, other)



class _HookHandle:
    """What ``register_hook`` returns: ``handle.remove()`` unregisters the hook."""

    def __init__(self, tensor, hook, hooks):
        self.hook, self.hooks = hook, hooks

    def remove(self):
        if self.hook in self.hooks:
            self.hooks.remove(self.hook)


# The engine's front end works on Tensors, so it is imported once the class exists (the knot of
# Tensor, Function and the engine: docs/architecture.md); Tensor.backward calls it.
from .autograd import backprop  # noqa: E402
