"""PyTorch's names for the graph nodes of minigrad's built-in ops (``grad_fn=<MulBackward0>``).

A node made by one of minigrad's own Functions is named as PyTorch names the
node of the same computation, so printed tensors and error messages read the
same in both libraries. PyTorch numbers a node by the overload of the op that
made it (``sum()`` gives ``SumBackward0``, ``sum(dim)`` ``SumBackward1``);
where minigrad's single Function covers several overloads the name is chosen
from what the node recorded. A user's own Function keeps PyTorch's naming for
custom Functions: ``MyFnBackward``, no number.

Names minigrad cannot tell apart cheaply are PyTorch's most common one:
any basic index ``SliceBackward0`` or ``SelectBackward0`` by the dims it drops,
``F.linear`` is ``AddmmBackward0`` when its bias requires grad, and ``sum(dim=None)``
(``mean``, ``prod``) is named as ``sum()`` is, ``SumBackward0`` (PyTorch's is
``SumBackward1``). A function built from several ops, or sharing another's op, renames
its last node with
:func:`rename_node` (``transpose``, ``t``, ``squeeze``, ``unsqueeze``, ``stack``,
``split``, ``unbind``, ``sort``, ``topk``, ``median``, ``masked_fill``, ``remainder``,
the activations, ``F.layer_norm``, the losses); where it does not, the last op's name
shows.
"""


def _by_reduction(stem):
    """``SumBackward0`` for ``sum()``, ``SumBackward1`` for ``sum(dim)`` (even over all dims)."""
    def name(node):
        return f"{stem}Backward{1 if getattr(node, 'dim_given', False) else 0}"
    return name


def _saved_ndims(node):
    return tuple(r[0].ndim for r in node._saved if hasattr(r[0], "ndim"))


def _matmul(node):
    dims = _saved_ndims(node)
    return {(2, 2): "MmBackward0", (1, 1): "DotBackward0", (2, 1): "MvBackward0",
            (1, 2): "SqueezeBackward4"}.get(dims, "UnsafeViewBackward0" if dims else "MmBackward0")


def _pow(node):
    """By the operands' kinds (not by which need a gradient): x ** 2, x ** t, 2 ** x: 0, 1, 2."""
    return f"PowBackward{getattr(node, 'overload', 1)}"


def _extremum(node):
    """``max()`` is ``MaxBackward1``; ``amax(dim)`` (any dims, all included) ``AmaxBackward0``."""
    largest = getattr(node, "largest", True)
    return f"{'Amax' if largest else 'Amin'}Backward0" if getattr(node, "dim_given", False) \
        else f"{'Max' if largest else 'Min'}Backward1"


def _getitem(node):
    from ..ops.indexing import is_basic
    if not is_basic(node.index):
        return "IndexBackward0"
    parts = node.index if isinstance(node.index, tuple) else (node.index,)
    return "SelectBackward0" if any(isinstance(p, int) for p in parts) else "SliceBackward0"


def _sub(node):
    return "RsubBackward1" if getattr(node, "scalar_first", False) else "SubBackward0"


def _fmod(node):
    return "FmodBackward1" if getattr(node, "tensor_other", True) else "FmodBackward0"


def _linear(node):
    edges = node.next_edges
    return "AddmmBackward0" if len(edges) == 3 and edges[2] is not None else "MmBackward0"


# minigrad Function name -> PyTorch node name (a string, or a function of the node)
NAMES = {
    "Sum": _by_reduction("Sum"), "Mean": _by_reduction("Mean"), "Prod": _by_reduction("Prod"),
    "MatMul": _matmul, "Pow": _pow,
    "Extremum": _extremum, "ExtremumAt": lambda node: "MaxBackward0", "GetItem": _getitem,
    "Linear": _linear, "Sub": _sub, "Reshape": "ViewBackward0", "Cast": "ToCopyBackward0",
    "ToDevice": "ToCopyBackward0", "Clamp": "ClampBackward1", "LogSumExp": "LogsumexpBackward0",
    "Log1p": "Log1PBackward0", "Norm": "LinalgVectorNormBackward0", "Pad": "ConstantPadNdBackward0",
    "NLL": "NllLossBackward0", "CrossEntropy": "NllLossBackward0",
    "BatchNormTrain": "NativeBatchNormBackward0",
    "Square": "PowBackward0", "Contiguous": "CloneBackward0", "Triangle": "TrilBackward0",
    "Overwrite": "CopyBackwards", "SetItem": "CopySlices", "IndexAdd": "IndexPutBackward0",
    "Fmod": _fmod,
}


def rename_node(tensor, name):
    """Name the node that made ``tensor`` as PyTorch names the whole composite op it ends
    (``F.mse_loss``'s mean prints ``MseLossBackward0``); returns ``tensor``."""
    if tensor.grad_fn is not None:
        tensor.grad_fn.torch_name = name
    return tensor


def torch_name(node):
    """The name PyTorch gives the node of this op (see the module docstring)."""
    given = node.__dict__.get("torch_name")
    if given is not None:
        return given
    fn = node.fn
    if not fn.__module__.startswith("minigrad."):
        return fn.__name__ + "Backward"               # a user's Function, as in PyTorch
    name = NAMES.get(fn.__name__, fn.__name__ + "Backward0")
    return name(node) if callable(name) else name
