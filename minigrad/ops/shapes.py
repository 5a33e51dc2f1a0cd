"""Shape helpers shared by the ops: dimension and broadcast checks with PyTorch's messages."""
import operator


def wrap_dim(dim, ndim):
    """A dimension index in range, or an IndexError as PyTorch words it."""
    lo, hi = -max(ndim, 1), max(ndim, 1) - 1
    if not isinstance(dim, int) or isinstance(dim, bool):
        raise TypeError(f"dim must be an int, got {type(dim).__name__}")
    if not lo <= dim <= hi:
        raise IndexError(f"Dimension out of range (expected to be in range of [{lo}, {hi}], "
                         f"but got {dim})")
    return dim % max(ndim, 1) if ndim else 0


def wrap_dims(dim, ndim):
    """``dim`` (None, an int, or a sequence) as a sorted tuple of axes; None means all."""
    if dim is None:
        return tuple(range(ndim))
    dims = (dim,) if isinstance(dim, int) else tuple(dim)
    if not dims:                        # PyTorch: an empty dim list reduces everything
        return tuple(range(ndim))
    wrapped = [wrap_dim(d, ndim) for d in dims]
    axes = tuple(sorted(set(wrapped)))
    if len(axes) != len(dims):
        repeated = next(a for k, a in enumerate(wrapped) if a in wrapped[:k])
        raise RuntimeError(f"dim {repeated} appears multiple times in the list of dims")
    return axes if ndim else ()


def kept_shape(shape, axes):
    """``shape`` with the reduced ``axes`` kept as size 1 (keepdim=True)."""
    return tuple(1 if i in axes else s for i, s in enumerate(shape))


def size_args(sizes):
    """``f(2, 3)`` and ``f((2, 3))`` both mean the shape (2, 3)."""
    try:
        if len(sizes) == 1 and not isinstance(sizes[0], int) and sizes[0] is not None:
            sizes = tuple(sizes[0])
        return tuple(operator.index(s) for s in sizes)
    except TypeError:
        raise TypeError(f"sizes must be integers, got {tuple(sizes)}") from None


def new_shape(sizes):
    """``size_args(sizes)`` for a tensor about to be made: a negative size is PyTorch's error."""
    shape = size_args(sizes)
    for s in shape:
        if s < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: {list(shape)}")
    return shape


def broadcast_error(name, *operands):
    """The error for operands whose shapes do not broadcast, in PyTorch's words plus the op's
    name and every shape (raised where NumPy/CuPy refused)."""
    shapes = [tuple(x) if isinstance(x, tuple) else tuple(getattr(x, "shape", ()))
              for x in operands]                       # arrays, scalars or shapes
    ndim = max(len(s) for s in shapes)
    padded = [(1,) * (ndim - len(s)) + s for s in shapes]
    for k in range(ndim):
        sizes = [s[k] for s in padded]
        big = [z for z in sizes if z != 1]
        if len(set(big)) > 1:
            i, j = sizes.index(big[0]), sizes.index(next(z for z in big if z != big[0]))
            return RuntimeError(
                f"{name}: The size of tensor {'abc'[i]} ({sizes[i]}) must match the size of "
                f"tensor {'abc'[j]} ({sizes[j]}) at non-singleton dimension {k} (shapes "
                + " and ".join(str(list(s)) for s in shapes) + ")")
    return None
