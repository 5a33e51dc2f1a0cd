"""Function and Node: how one op application is recorded in the graph.

A differentiable op is a :class:`Function` with two static methods::

    forward(ctx, *args)    -> output(s)           compute; ctx.save_for_backward(...)
    backward(ctx, *grads)  -> one grad per arg    written with Tensor ops

``MyOp.apply(*args)`` runs ``forward``. When grad mode is on and some input
requires grad, it also records a :class:`Node` (the ``ctx`` both methods
saw) and makes it the ``grad_fn`` of the outputs. A node's ``next_edges``
point at the nodes that produced its inputs, so the graph is a DAG of nodes
that :mod:`minigrad.autograd.engine` walks backwards.

Because ``backward`` is written with Tensor ops, running it with grad mode on
(``create_graph=True``) records the backward pass itself: that is all
higher-order derivatives need.
"""
import weakref

import numpy as np

from .. import backend
from . import grad_mode

RELEASED = ("Trying to backward through the graph a second time (or directly access "
            "saved tensors after they have already been freed). Saved intermediate values "
            "of the graph are freed when you call .backward() or autograd.grad(). Specify "
            "retain_graph=True if you need to backward through the graph a second time or "
            "if you need to access saved tensors after calling backward.")

_anomaly = {"enabled": False}       # set by autograd.anomaly.detect_anomaly
_record_inputs = {"enabled": False}  # set by gradcheck to find the op whose backward is wrong


class Node:
    """One recorded op application: the ``ctx`` of forward/backward and a graph node.

    next_edges[i] is ``(node, output_index, shape, dtype)`` for an input that
    requires grad, else None; backward's i-th gradient flows along it.
    """
    __slots__ = ("fn", "next_edges", "needs_input_grad", "n_outputs", "out_meta",
                 "_to_save", "_saved", "_released", "_hooks", "_retained",
                 "created_at", "inputs", "__dict__", "__weakref__")

    def __init__(self, fn):
        self.fn = fn
        self.next_edges = ()
        self.needs_input_grad = ()
        self.n_outputs = 1
        self.out_meta = ()
        self._to_save = ()
        self._saved = ()
        self._released = False
        self._hooks = None
        self._retained = None
        self.created_at = None
        self.inputs = None

    def name(self):
        return self.fn.__name__ + "Backward"

    def __repr__(self):
        return f"<{self.name()}>"

    @property
    def next_functions(self):
        return tuple((e[0], e[1]) if e else (None, 0) for e in self.next_edges)

    # -- saving for backward ---------------------------------------------------
    def save_for_backward(self, *values):
        """Keep ``values`` (inputs, outputs or other arrays/Tensors) for backward."""
        self._to_save = values

    @property
    def saved_tensors(self):
        """The saved values as Tensors, after checking none was modified in place."""
        if self._released:
            raise RuntimeError(RELEASED)
        out = []
        for value, counter, expected in self._saved:
            if counter is not None and counter[0] != expected:
                raise RuntimeError(
                    "one of the variables needed for gradient computation has been modified "
                    f"by an inplace operation: [{value.dtype} {list(value.shape)}], which is "
                    f"saved by {self.name()}, is at version {counter[0]}; expected version "
                    f"{expected} instead. Hint: replace the in-place operation (x += ..., "
                    "x.add_(...), x[i] = ...) with an out-of-place one (x = x + ...).")
            if type(value) is tuple:      # an output of this node: rebuild it on access
                from ..tensor import Tensor
                value = Tensor._make(value[0], True, self, value[1])
            out.append(value)
        return tuple(out)

    @property
    def saved_values(self):
        return self.saved_tensors

    def mark_non_differentiable(self, *args):
        """Accepted for PyTorch compatibility; integer outputs never get gradients."""

    def set_materialize_grads(self, value):
        """Accepted for PyTorch compatibility: missing output grads are always zeros."""

    def release(self):
        """Free what forward saved (called after backward unless retain_graph)."""
        self._saved = ()
        self._released = True

    # -- hooks on non-leaf outputs ---------------------------------------------
    def add_hook(self, index, fn):
        if self._hooks is None:
            self._hooks = {}
        self._hooks.setdefault(index, []).append(fn)

    def retain(self, index, tensor):
        if self._retained is None:
            self._retained = {}
        self._retained[index] = weakref.ref(tensor)


class AccumulateGrad(Node):
    """The node of a leaf tensor: adds the incoming gradient to ``leaf.grad``."""
    __slots__ = ("variable",)

    def __init__(self, variable):
        super().__init__(AccumulateGrad)
        self.variable = variable

    def name(self):
        return "AccumulateGrad"


def _resolve_saved(node, inputs, raw_inputs, outputs, raw_outputs):
    """Turn what forward saved into (value, version counter, expected version)."""
    from ..tensor import Tensor
    records = []
    for item in node._to_save:
        rec = None
        for t, raw in zip(inputs, raw_inputs):
            if item is raw and isinstance(t, Tensor):
                rec = (t, t._vc, t._vc[0])
                break
        else:
            for i, (t, raw) in enumerate(zip(outputs, raw_outputs)):
                if item is raw:
                    rec = ((t.data, i), t._vc, t._vc[0])
                    break
        if rec is None:
            if isinstance(item, Tensor):
                rec = (item.detach(), None, 0)
            elif hasattr(item, "ndim"):           # an array forward computed
                rec = (Tensor._make(item), None, 0)
            else:                                 # None or a Python scalar
                rec = (item, None, 0)
        records.append(rec)
    node._saved = records
    node._to_save = ()


class FunctionMeta(type):
    def __repr__(cls):
        return f"<Function {cls.__name__}>"


class Function(metaclass=FunctionMeta):
    """Base of every differentiable op; subclass and call ``apply``.

    ``forward`` receives Tensors (as in PyTorch) unless ``raw = True``, in
    which case it receives the backend arrays (how minigrad's own ops are
    written). Either way ``backward`` receives and returns Tensors.
    """
    raw = False          # forward takes backend arrays instead of Tensors
    is_view = False      # output shares the input's memory (and version counter)

    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise NotImplementedError("a Function subclass must define forward(ctx, *args)")

    @staticmethod
    def backward(ctx, *grads):
        raise NotImplementedError("a Function subclass must define backward(ctx, *grads)")

    @classmethod
    def apply(cls, *args):
        from ..tensor import Tensor
        needs, data, device_array = [], [], None
        for a in args:
            if isinstance(a, Tensor):
                needs.append(a.requires_grad)
                d = a.data
                if device_array is None:
                    device_array = d
                elif type(d) is not type(device_array) or (
                        type(d) is not np.ndarray and d.device != device_array.device):
                    raise RuntimeError(
                        f"{cls.__name__}: expected all tensors to be on the same device, but "
                        f"found at least two devices, {backend.device_of(device_array)} and "
                        f"{backend.device_of(d)}")
                data.append(d)
            else:
                needs.append(False)
                data.append(a)
        record = True in needs and grad_mode.is_grad_enabled()
        ctx = Node(cls)
        ctx.needs_input_grad = tuple(needs)
        if cls.raw:
            out = cls.forward(ctx, *data)
        else:
            with grad_mode.no_grad():
                out = cls.forward(ctx, *args)
        multi = isinstance(out, tuple)
        raw_outs = [o.data if isinstance(o, Tensor) else o for o in (out if multi else (out,))]
        for i, o in enumerate(raw_outs):
            if type(o) is not np.ndarray and (isinstance(o, np.generic) or not hasattr(o, "ndim")):
                xp = np if device_array is None else backend.xp(device_array)
                raw_outs[i] = xp.asarray(o)     # NumPy returns scalars from full reductions
        if _anomaly["enabled"]:
            from .anomaly import check_forward
            check_forward(cls, raw_outs)
        if not record:
            outs = [Tensor._make(o) for o in raw_outs]
            return tuple(outs) if multi else outs[0]
        edges = []
        for a, n in zip(args, needs):
            if n:
                edges.append((a._grad_node(), a._out_index, a.data.shape, a.data.dtype))
            else:
                edges.append(None)
        ctx.next_edges = tuple(edges)
        ctx.n_outputs = len(raw_outs)
        outs = [Tensor._make(o, True, ctx, i) if o.dtype.kind in "fc" else Tensor._make(o)
                for i, o in enumerate(raw_outs)]
        if cls.is_view:
            outs[0]._vc = args[0]._vc
        ctx.out_meta = tuple((o.shape, o.dtype) for o in raw_outs)
        if ctx._to_save:
            _resolve_saved(ctx, args, data, outs, raw_outs)
        if _anomaly["enabled"] or _record_inputs["enabled"]:
            from .anomaly import _user_frame
            ctx.created_at = _user_frame()
            if _record_inputs["enabled"]:
                ctx.inputs = args
        return tuple(outs) if multi else outs[0]


def once_differentiable(fn):
    """Accepted for PyTorch compatibility: the backward runs as written."""
    return fn
