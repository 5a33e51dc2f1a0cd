"""Views (reshape, permute, basic indexing) and in-place ops on them: the base sees the
change, as in PyTorch.

``x[1:]``, ``x.view(...)``, ``x.T`` ... share ``x``'s memory and its version
counter. Writing into such a view in place (``v.mul_(2)``, ``v[0] = 1``)
changes ``x`` too, so the graph must change with it, or a later
``x.sum().backward()`` would differentiate the old values. A recorded view
remembers (weakly) its root, the tensor that is not itself a view, and the
steps that lead from the root to it::

    node.view_of = (weakref to root, (("get", index) | ("reshape", shape) | ("permute", dims), ...))

An in-place op on a view, while grad mode records, becomes

    new = op(view_old, *args)             the update, on the view's values
    root ← scatter(root, steps, new)      an in-place op on the root: it gets a new grad_fn
                                          (PyTorch's CopySlices)

after which every live view of the root is re-made from it (``remake``), the
written one and any other made earlier (``r = y.view(4)`` before ``y[1].zero_()``),
so none differentiates stale values. A view of a leaf that requires grad cannot
be written in place under grad mode (the leaf cannot be), as in PyTorch.
"""
import math
import operator
import weakref

from .. import backend
from ..autograd.function import Function
from ..autograd.node_names import rename_node
from .indexing import GetItem, SetItem, check_index, is_basic
from .shapes import size_args, wrap_dim, wrap_dims

def infer_shape(shape, numel, name="reshape"):
    """Resolve one -1 in ``shape``; PyTorch's error when the sizes disagree."""
    shape = tuple(shape)
    if shape.count(-1) > 1:
        raise RuntimeError("only one dimension can be inferred")
    known = math.prod(s for s in shape if s != -1)
    if -1 in shape:
        if known == 0 or numel % known:
            raise RuntimeError(f"{name}: shape '{list(shape)}' is invalid for input of size "
                               f"{numel}")
        shape = tuple(numel // known if s == -1 else s for s in shape)
    if math.prod(shape) != numel or any(s < 0 for s in shape):
        raise RuntimeError(f"{name}: shape '{list(shape)}' is invalid for input of size {numel}")
    return shape


class Reshape(Function):
    """y = x viewed with another shape;   ∂L/∂x = ∂L/∂y reshaped back"""
    raw = True
    is_view = True

    @staticmethod
    def forward(ctx, x, shape):
        ctx.shape = x.shape
        try:
            return x.reshape(infer_shape(shape, x.size))
        except RuntimeError as err:
            raise RuntimeError(f"{err} (input shape {list(x.shape)})") from None

    @staticmethod
    def backward(ctx, grad):
        return grad.reshape(ctx.shape), None


class Permute(Function):
    """y = x with its axes reordered;   ∂L/∂x = ∂L/∂y with the inverse order"""
    raw = True
    is_view = True

    @staticmethod
    def forward(ctx, x, dims):
        axes = tuple(wrap_dim(d, x.ndim) for d in dims)
        if sorted(axes) != list(range(x.ndim)):
            raise RuntimeError(f"permute(): dims {tuple(dims)} must be a permutation of the "
                               f"{x.ndim} dims of the input")
        ctx.inverse = tuple(sorted(range(len(axes)), key=axes.__getitem__))
        return x.transpose(axes)

    @staticmethod
    def backward(ctx, grad):
        return grad.permute(ctx.inverse), None


_OF_LEAF = ("a view of a leaf",)        # view_of of views whose root is a leaf

# id(root) -> {id(view): weakref to view, None: weakref to root}: the recorded views of each
# live root. Keyed by id (Tensors compare elementwise, so they cannot be keys of weak dicts
# or sets); weakref callbacks drop the entries of dead tensors.
_views_of = {}


def _mark(out, base, step):
    """``out`` (made by ``step`` from ``base``) is a view: share the version counter and, if
    recorded, remember the steps from the root."""
    data = out.array
    if out is base or data.base is None or not backend.xp(data).may_share_memory(data, base.array):
        return out                                  # reshape had to copy: not a view
    out._vc = base._vc
    node = out.grad_fn
    if node is None:
        return out
    parent = getattr(base.grad_fn, "view_of", None) if base.grad_fn is not None else _OF_LEAF
    if parent is _OF_LEAF:
        node.view_of = _OF_LEAF
        return out
    root = parent[0]() if parent else None
    if root is None:
        root, steps = base, (step,)
    else:
        steps = parent[1] + (step,)
    node.view_of = (weakref.ref(root), steps)
    _register(root, out)
    return out


def _register(root, view):
    key = id(root)
    views = _views_of.get(key)
    if views is None:
        views = _views_of[key] = {None: weakref.ref(root, lambda _: _views_of.pop(key, None))}
    vkey = id(view)                     # the callback looks the dict up: no reference cycle
    views[vkey] = weakref.ref(view, lambda _: _views_of.get(key, {}).pop(vkey, None))


# -- the public functions: each result is marked as a view of its input ------------------

def getitem(input, index):
    """``input[index]``; basic indices (ints, slices, None, ...) give a view."""
    index = check_index(index)
    out = GetItem.apply(input, index)
    return _mark(out, input, ("get", index)) if is_basic(index) else out


def reshape(input, *shape):
    out = Reshape.apply(input, size_args(shape))
    return _mark(out, input, ("reshape", out.shape))


VIEW_ERROR = ("view size is not compatible with input tensor's size and stride (at least one "
              "dimension spans across two contiguous subspaces). Use .reshape(...) instead.")


def view(input, *shape):
    """``input`` with another shape, sharing its memory; an error where the elements are laid
    out so that no strides give that shape (``x.t().view(-1)``): PyTorch's rule, so writes
    through a view always reach ``input``. ``reshape`` copies instead."""
    try:
        shape = infer_shape(size_args(shape), math.prod(input.shape), "view")
    except RuntimeError as err:
        raise RuntimeError(f"{err} (input shape {list(input.shape)})") from None
    if view_strides(input.shape, strides(input), shape) is None:
        raise RuntimeError(VIEW_ERROR)
    return reshape(input, shape)


def strides(input):
    """The strides of ``input`` in elements, as PyTorch counts them (NumPy counts bytes)."""
    array = input.array
    return tuple(s // array.itemsize for s in array.strides)


def is_contiguous(input):
    """PyTorch's rule: the strides are row-major ones, dims of size 1 (and empty tensors)
    excepted."""
    expected = 1
    for size, stride in zip(reversed(input.shape), reversed(strides(input))):
        if size == 0:
            return True
        if size != 1:
            if stride != expected:
                return False
            expected *= size
    return True


def view_strides(old_shape, old_strides, shape):
    """The strides that show memory laid out as (``old_shape``, ``old_strides``) with
    ``shape``, or None if there are none: PyTorch's ``computeStride``. Each run of old dims
    that is contiguous within itself (a "chunk") must be split or merged on its own."""
    if math.prod(old_shape) == 0 or not old_shape:
        return (1,) * len(shape)                 # nothing, or one element: any strides do
    new = [0] * len(shape)
    view_d = len(shape) - 1
    base = old_strides[-1]                       # the stride of the current chunk's last dim
    tensor_numel = view_numel = 1
    for d in range(len(old_shape) - 1, -1, -1):
        tensor_numel *= old_shape[d]
        if d == 0 or (old_shape[d - 1] != 1 and old_strides[d - 1] != tensor_numel * base):
            while view_d >= 0 and (view_numel < tensor_numel or shape[view_d] == 1):
                new[view_d] = view_numel * base
                view_numel *= shape[view_d]
                view_d -= 1
            if view_numel != tensor_numel:
                return None
            if d > 0:
                base, tensor_numel, view_numel = old_strides[d - 1], 1, 1
    return tuple(new) if view_d == -1 else None


class Contiguous(Function):
    """y = x laid out row-major (a copy);   ∂L/∂x = ∂L/∂y"""
    raw = True

    @staticmethod
    def forward(ctx, x):
        y = backend.xp(x).ascontiguousarray(x)          # x is not contiguous (PyTorch's rule)
        return y.copy() if y is x else y

    @staticmethod
    def backward(ctx, grad):
        return grad


def contiguous(input):
    """``input`` itself if :func:`is_contiguous`, else a row-major copy, as in PyTorch."""
    return input if is_contiguous(input) else Contiguous.apply(input)


class Clone(Function):
    """y = a copy of x, bit for bit and in x's layout (-0. stays -0.);   ∂L/∂x = ∂L/∂y"""
    raw = True

    @staticmethod
    def forward(ctx, x):
        return x.copy(order="K")

    @staticmethod
    def backward(ctx, grad):
        return grad


def clone(input):
    """A copy of ``input`` that gradients flow through (``grad_fn=<CloneBackward0>``)."""
    return Clone.apply(input)


def permute(input, *dims):
    return _permuted(input, size_args(dims))


def _permuted(input, dims):
    out = Permute.apply(input, dims)
    return _mark(out, input, ("permute", dims))


def flatten(input, start_dim=0, end_dim=-1):
    if input.ndim == 0:
        return reshape(input, 1)
    s, e = wrap_dim(start_dim, input.ndim), wrap_dim(end_dim, input.ndim)
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    shape = input.shape
    return reshape(input, shape[:s] + (math.prod(shape[s:e + 1]),) + shape[e + 1:])


def squeeze(input, dim=None):
    axes = wrap_dims(dim, input.ndim) if dim is not None else range(input.ndim)
    drop = {a for a in axes if input.shape[a] == 1}
    out = reshape(input, tuple(s for i, s in enumerate(input.shape) if i not in drop))
    overload = 0 if dim is None else 1 if isinstance(dim, int) else 2     # PyTorch's numbering
    return rename_node(out, f"SqueezeBackward{overload}")


def unsqueeze(input, dim):
    d = wrap_dim(dim, input.ndim + 1)
    return rename_node(reshape(input, input.shape[:d] + (1,) + input.shape[d:]),
                       "UnsqueezeBackward0")


def transpose(input, dim0, dim1):
    if input.ndim == 0:
        return reshape(input, ())
    dims = list(range(input.ndim))
    a, b = wrap_dim(dim0, input.ndim), wrap_dim(dim1, input.ndim)
    dims[a], dims[b] = dims[b], dims[a]
    return rename_node(_permuted(input, tuple(dims)), "TransposeBackward0")


def t(input):
    if input.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {input.ndim}D")
    return rename_node(transpose(input, 0, 1) if input.ndim == 2 else reshape(input, input.shape),
                       "TBackward0")


def narrow(input, dim, start, length):
    """``length`` elements of ``dim`` from ``start`` (negative: counted from the end), a view;
    out-of-range arguments raise as in PyTorch instead of being cut to fit."""
    if input.ndim == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    d = wrap_dim(dim, input.ndim)
    start, length = operator.index(start), operator.index(length)
    if length < 0:
        raise RuntimeError("narrow(): length must be non-negative.")
    size = input.shape[d]
    if not -size <= start <= size:
        raise IndexError(f"start out of range (expected to be in range of [{-size}, {size}], "
                         f"but got {start})")
    start = start + size if start < 0 else start
    if start + length > size:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({size}).")
    return getitem(input, (slice(None),) * d + (slice(start, start + length),))


# -- replaying the steps -------------------------------------------------------------------

def remake(root, steps):
    """The view that ``steps`` make from ``root``."""
    x = root
    for kind, arg in steps:
        x = GetItem.apply(x, arg) if kind == "get" else \
            Reshape.apply(x, arg) if kind == "reshape" else Permute.apply(x, arg)
    return x


def scatter(root, steps, new):
    """``root`` with the elements of the view ``steps`` make replaced by ``new`` (out of place)."""
    *outer, (kind, arg) = steps
    base = remake(root, outer)
    if kind == "get":
        new = SetItem.apply(base, arg, new)
    elif kind == "reshape":
        new = Reshape.apply(new, base.shape)
    else:
        n = max(len(arg), 1)
        new = Permute.apply(new, tuple(sorted(range(len(arg)), key=lambda i: arg[i] % n)))
    return scatter(root, outer, new) if outer else new


def inplace_on_view(view, op, args):
    """Apply ``op`` in place to ``view`` by updating its root; False if the root is gone."""
    view_of = view.grad_fn.view_of
    if view_of is _OF_LEAF:
        raise RuntimeError("a view of a leaf Variable that requires grad is being used in an "
                           "in-place operation. (Wrap it in `with mg.no_grad():` for a manual "
                           "update.)")
    root = view_of[0]()
    if root is None:
        return False
    old = type(view)._make(view.array.copy(), view._rg, view.grad_fn, view._out_index)
    new = op(old, *args)
    if new.shape != view.shape:
        raise RuntimeError(f"output with shape {list(view.shape)} doesn't match the broadcast "
                           f"shape {list(new.shape)}")
    root._inplace(scatter, view_of[1], new)   # writes the shared memory, bumps the version,
    return True                               # and re-makes the root's views, this one included


def refresh_views(root):
    """Re-make every live recorded view of ``root`` after ``root`` changed in place."""
    views = _views_of.get(id(root))
    if views is None or views[None]() is not root:
        return
    for key, ref in list(views.items()):
        view = ref() if key is not None else None
        view_of = getattr(view.grad_fn, "view_of", None) if view is not None else None
        if view_of is None or view_of is _OF_LEAF or view_of[0]() is not root:
            continue
        fresh = remake(root, view_of[1])
        fresh.grad_fn.view_of = view_of
        view.grad_fn, view._out_index, view._rg = fresh.grad_fn, fresh._out_index, fresh._rg
