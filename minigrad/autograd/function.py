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
import functools
import itertools
import weakref

import numpy as np

from .. import backend
from . import grad_mode

RELEASED = ("Trying to backward through the graph a second time (or directly access "
            "saved tensors after they have already been freed). Saved intermediate values "
            "of the graph are freed when you call .backward() or autograd.grad(). Specify "
            "retain_graph=True if you need to backward through the graph a second time or "
            "if you need to access saved tensors after calling backward.")

ndarray = np.ndarray                # (one global lookup on the fast paths)
_sequence = itertools.count()       # Node.seq: the order nodes are made in
_anomaly = {"enabled": False}       # set by autograd.anomaly.detect_anomaly
_record_inputs = {"enabled": False}  # set by gradcheck to find the op whose backward is wrong


class Node:
    """One recorded op application: the ``ctx`` of forward/backward and a graph node.

    next_edges[i] is ``(node, output_index, shape, dtype)`` for an input that
    requires grad, else None; backward's i-th gradient flows along it. ``seq`` numbers the
    nodes in the order they were made, so a node's is larger than those its edges lead to.
    """
    __slots__ = ("fn", "seq", "next_edges", "needs_input_grad", "n_outputs", "_to_save",
                 "_saved", "_released", "_arrays", "_hooks", "_retained", "__dict__", "__weakref__")

    # rarely set: class-level defaults, an instance value goes to __dict__ when set
    created_at = inputs = None
    tensor_inputs = None        # which arguments were Tensors, if not all (next_functions)
    out_meta = non_differentiable = ()
    materialize_grads = True

    def __init__(self, fn, needs_input_grad=()):
        self.fn = fn
        self.seq = next(_sequence)
        self.needs_input_grad = needs_input_grad        # a tuple of bools, one per input
        self.next_edges = ()
        self.n_outputs = 1
        self._to_save = ()
        self._saved = ()
        self._released = False
        self._arrays = False          # set by the engine: saved_tensors hands out backend arrays
        self._hooks = None            # slots, not class defaults: the engine reads both per node
        self._retained = None

    def name(self):
        """PyTorch's name for this node: ``MulBackward0``; ``MyFnBackward`` for a user's Function."""
        from .node_names import torch_name
        return torch_name(self)

    def __repr__(self):                               # PyTorch's: <AddBackward0 object at 0x...>
        return f"<{self.name()} object at {id(self):#x}>"

    @property
    def next_functions(self):
        """PyTorch's ``(node, output index)`` for each Tensor argument, ``(None, 0)`` where no
        gradient flows (numbers and options, as ``x.sum(0)``'s ``0``, get no entry)."""
        kept = self.tensor_inputs or (True,) * len(self.next_edges)
        return tuple((e[0], e[1]) if e else (None, 0) for e, k in zip(self.next_edges, kept) if k)

    # -- saving for backward ---------------------------------------------------
    def save_for_backward(self, *values):
        """Keep ``values`` (inputs, outputs or other arrays/Tensors) for backward; a Function
        written with Tensors (not ``raw``) saves Tensors or None, as PyTorch requires."""
        if not self.fn.raw:
            for i, value in enumerate(values):
                if value is not None and not isinstance(value, Tensor):
                    raise TypeError(f"save_for_backward can only save variables, but argument "
                                    f"{i} is of type {type(value).__name__}")
        self._to_save = values

    @property
    def saved_tensors(self):
        """The saved values as Tensors, after checking none was modified in place (as backend
        arrays while a first-order pass runs an ``array_backward``)."""
        if self._released:
            raise RuntimeError(RELEASED)
        arrays, out = self._arrays, []
        for value, counter, expected in self._saved:
            if counter is not None and counter[0] != expected:
                raise self._modified_error(value, counter[0], expected)
            if type(value) is tuple:      # an output of this node: rebuild it on access
                value = value[0] if arrays else _make(value[0], True, self, value[1])
            elif arrays and isinstance(value, Tensor):
                value = value.array
            out.append(value)
        return out if arrays else tuple(out)    # (the engine's backwards just unpack them)

    def _modified_error(self, value, version, expected):
        if type(value) is tuple:          # an output of this node: (array, index)
            value = value[0]
        return RuntimeError(
            "one of the variables needed for gradient computation has been modified by an "
            f"inplace operation: [{value.dtype} {list(value.shape)}], which is saved by "
            f"{self.name()}, is at version {version}; expected version {expected} instead. "
            "Hint: replace the in-place operation (x += ..., x.add_(...), x[i] = ...) with an "
            "out-of-place one (x = x + ...).")

    @property
    def saved_values(self):
        return self.saved_tensors

    def mark_non_differentiable(self, *outputs):
        """These outputs of forward get no gradient (``requires_grad=False``, no grad_fn);
        backward still receives a (zero) gradient for each. Integer outputs never get one."""
        self.non_differentiable = tuple(getattr(o, "array", o) for o in outputs)

    def set_materialize_grads(self, value):
        """``False``: backward receives None, not zeros, for an output that got no gradient."""
        self.materialize_grads = bool(value)

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
    records = []
    for item in node._to_save:
        if item is None:                          # a slot left empty (that gradient not needed)
            records.append((None, None, 0))
            continue
        rec = None
        for t, raw in zip(inputs, raw_inputs):
            if (item is raw or item is t) and isinstance(t, Tensor):   # t: keeps its graph
                rec = (t, t._vc, t._vc[0])
                break
        else:
            for i, (t, raw) in enumerate(zip(outputs, raw_outputs)):
                if item is raw or (isinstance(item, Tensor) and item.array is raw):
                    rec = ((t.array, i), t._vc, t._vc[0])
                    break
        if rec is None:
            if isinstance(item, Tensor):
                rec = (item.detach(), None, 0)
            elif hasattr(item, "ndim"):           # an array forward computed
                rec = (_make(np.asarray(item) if isinstance(item, np.generic) else item),
                       None, 0)
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
    raw = False            # forward takes backend arrays instead of Tensors
    is_view = False        # output shares the input's memory (and version counter)
    differentiable = True  # False: never recorded (comparisons, argmax, ...); outputs are
                           # plain Tensors and no backward is needed
    wrapped_numbers = False  # True: a number argument is an operand that PyTorch wraps in a
                             # Tensor (x * 2), listed in next_functions; else an option (x.sum(0))
    array_backward = False  # True: backward also runs on backend arrays (a first-order pass
                            # then hands it arrays and builds no Tensor); it may use operators,
                            # methods arrays and Tensors share, and ``run(Op, ...)``

    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise TypeError("a Function subclass must define forward(ctx, *args) as a staticmethod")

    @staticmethod
    def backward(ctx, *grads):
        raise TypeError("a Function subclass must define backward(ctx, *grads) as a staticmethod")

    def __call__(self, *args, **kwargs):          # MyFn()(x): PyTorch's old style, refused
        raise RuntimeError("Legacy autograd function with non-static forward method is "
                           "deprecated. Please use new-style autograd function with static "
                           "forward method. (Example: https://pytorch.org/docs/stable/"
                           "autograd.html#torch.autograd.Function)")

    @staticmethod
    def setup_context(ctx, inputs, output):
        """Override to use PyTorch 2's style: ``forward(*args)`` without ctx, then
        ``setup_context(ctx, inputs, output)`` saves what backward needs."""

    @classmethod
    def apply(cls, *args):
        """Run ``forward``; record a Node if grad mode is on and an input requires grad.

        One pass over the arguments collects the arrays, which need a gradient, and the
        graph edges (only when recording): this loop runs for every op, so it stays plain.
        """
        data, needs, edges, ref = [], [], [], None
        recording = cls.differentiable and grad_mode._state.enabled
        record = numbers = False
        for a in args:
            edge = None
            if isinstance(a, Tensor):
                d = a.array
                if ref is None:
                    ref = d
                elif (type(d) is not type(ref) or (type(d) is not np.ndarray and d.device != ref.device)) \
                        and backend.device_of(d) != backend.device_of(ref):
                    raise RuntimeError(
                        f"{cls.__name__}: expected all tensors to be on the same device, but found "
                        f"at least two devices, {backend.device_of(ref)} and {backend.device_of(d)}")
                needs.append(a._rg)
                if a._rg and recording:
                    edge = (a.grad_fn or a._grad_node(), a._out_index, d.shape, d.dtype)
                    record = True
                a = d
            else:
                needs.append(False)
                numbers = True
            data.append(a)
            edges.append(edge)
        ctx = Node(cls, tuple(needs)) if record or not cls.raw else _UNRECORDED
        if numbers and ctx is not _UNRECORDED and not cls.wrapped_numbers:
            ctx.tensor_inputs = tuple([isinstance(a, Tensor) for a in args])
        if cls.raw:
            out = cls.forward(ctx, *data)
        else:
            with grad_mode.no_grad():
                if cls.setup_context is Function.setup_context:
                    out = cls.forward(ctx, *args)
                else:                                 # PyTorch 2's style: forward without ctx
                    out = cls.forward(*args)
                    cls.setup_context(ctx, args, out)
        if type(out) is np.ndarray and not _anomaly["enabled"]:       # the common case
            return _record(ctx, args, data, edges, [out])[0] if record else _make(out)
        multi = isinstance(out, tuple)
        raw_outs = [_as_array(o, ref, ctx) for o in (out if multi else (out,))]
        if _anomaly["enabled"]:
            from .anomaly import check_forward
            check_forward(cls, raw_outs)
        if not record:
            outs = [_make(o) for o in raw_outs]
        else:
            outs = _record(ctx, args, data, edges, raw_outs)
        return tuple(outs) if multi else outs[0]


def run(fn, *args):
    """``fn`` on Tensors (``fn.apply``, recorded under create_graph) or, inside a first-order
    backward, on backend arrays (its forward alone, no node). Either way the same forward
    computes the numbers, so one backward formula serves both passes with the same bits."""
    if isinstance(args[0], Tensor):
        return fn.apply(*args)
    out = fn.forward(_UNRECORDED, *args)
    return out if type(out) is np.ndarray else _as_array(out, args[0], None)


def same_floats(a, b):
    """Whether ``a`` and ``b`` are Tensors holding NumPy float arrays of one dtype (and no
    anomaly mode or gradcheck is recording): an elementwise op on them has nothing to promote
    or check, so it may take its fast path, :func:`record_binary` (the engine undoes any
    broadcasting, as after ``apply``)."""
    if isinstance(a, Tensor) and isinstance(b, Tensor):
        x, y = a.array, b.array
        dtype = x.dtype
        return (type(x) is ndarray and type(y) is ndarray and dtype is y.dtype
                and dtype.kind == "f" and not _anomaly["enabled"] and not _record_inputs["enabled"])
    return False


def floats(x):
    """:func:`same_floats` for the one input of a unary op: whether it may take its fast
    path, :func:`record_unary`."""
    return (isinstance(x, Tensor) and type(x.array) is ndarray and x.array.dtype.kind == "f"
            and not _anomaly["enabled"] and not _record_inputs["enabled"])


_NOTHING = (None, None, 0)      # the record of a slot saved empty
_BOTH = (True, True)            # needs_input_grad when both inputs need one (one tuple less per op)


def record_binary(fn, ufunc, a, b, product=False):
    """``fn.apply(a, b)`` for a hot elementwise op on :func:`same_floats` inputs, whose forward
    is the NumPy ``ufunc``: the result, the node and its two edges built directly, exactly as
    ``apply`` and ``_record`` build them. A ``product`` saves each input whose partner needs a
    gradient (∂(a·b)/∂a = b); the other ops save nothing."""
    try:
        out = ufunc(a.array, b.array)
    except ValueError:                           # shapes that do not broadcast: fn's forward
        return fn.apply(a, b)                    # raises the error that names the op
    if type(out) is not ndarray:                 # NumPy gives 0-d operands a scalar back
        out = np.asarray(out)
    need_a, need_b = a._rg, b._rg
    if not (need_a or need_b) or not grad_mode._state.enabled:
        return _make(out)
    dtype = out.dtype
    edges = ((a.grad_fn or a._grad_node(), a._out_index, a.array.shape, dtype) if need_a else None,
             (b.grad_fn or b._grad_node(), b._out_index, b.array.shape, dtype) if need_b else None)
    node = Node(fn, _BOTH if need_a and need_b else (need_a, need_b))   # (after the edges: newest)
    node.next_edges = edges
    if product:
        node._saved = ((a, a._vc, a._vc[0]) if need_b else _NOTHING,
                       (b, b._vc, b._vc[0]) if need_a else _NOTHING)
    return _make(out, True, node, 0)


def record_unary(fn, out, x):
    """``fn.apply(x)`` for a hot elementwise op on a :func:`floats` input whose forward
    already gave ``out`` and saves only that output (tanh, relu), built directly."""
    if type(out) is not ndarray:
        out = np.asarray(out)
    if not x._rg or not grad_mode._state.enabled:
        return _make(out)
    edge = (x.grad_fn or x._grad_node(), x._out_index, out.shape, out.dtype)
    node = Node(fn, (True,))                          # (after the edge: it is the newest)
    node.next_edges = (edge,)
    y = _make(out, True, node, 0)
    node._saved = (((out, 0), y._vc, 0),)       # an output is kept as (array, index)
    return y


def record(fn, out, inputs, saved):
    """``fn.apply(*inputs)`` for a hot op on :func:`same_floats` inputs (None for one left out,
    as an absent bias) whose forward already gave ``out`` and saves the input Tensors
    ``saved``: the node, its edges and saved records built directly, as ``apply`` builds them."""
    if not grad_mode._state.enabled:
        return _make(out)
    needs, edges, absent = [], [], False
    for t in inputs:
        absent = absent or t is None
        need = t is not None and t._rg
        needs.append(need)
        edges.append((t.grad_fn or t._grad_node(), t._out_index, t.array.shape, t.array.dtype)
                     if need else None)
    if True not in needs:
        return _make(out)
    node = Node(fn, tuple(needs))                     # (after the edges: it is the newest)
    node.next_edges = tuple(edges)
    if absent:
        node.tensor_inputs = tuple([t is not None for t in inputs])
    node._saved = tuple([(t, t._vc, t._vc[0]) for t in saved])
    return _make(out, True, node, 0)


def record_first(fn, x, *args):
    """``fn.apply(x, *args)`` for a raw op whose one Tensor is its first argument, a
    :func:`floats` one (cross_entropy's logits), and whose outputs are floats: the node, its
    edge and its saved records built directly, without ``apply``'s argument loop and general
    search (what forward saved is ``x``, an output, or an array it made)."""
    if not x._rg or not grad_mode._state.enabled:
        out = fn.forward(_UNRECORDED, x.array, *args)
        return tuple([_make(o) for o in out]) if type(out) is tuple else _make(out)
    d = x.array
    node = Node(fn, (True,) + (False,) * len(args))
    out = fn.forward(node, d, *args)
    multi = type(out) is tuple
    outs = out if multi else (out,)
    node.next_edges = ((x.grad_fn or x._grad_node(), x._out_index, d.shape, d.dtype),) \
        + (None,) * len(args)
    node.tensor_inputs = (True,) + (False,) * len(args)
    tensors = [_make(o, True, node, i) for i, o in enumerate(outs)]
    if multi:
        node.n_outputs = len(outs)
        node.out_meta = tuple([(o.shape, o.dtype) for o in outs])
    records = []
    for item in node._to_save:
        if item is d:
            records.append((x, x._vc, x._vc[0]))
            continue
        for i, o in enumerate(outs):
            if item is o:                          # an output: kept as (array, index)
                records.append(((o, i), tensors[i]._vc, 0))
                break
        else:                                      # an array forward made (or None)
            records.append((_make(item) if type(item) is ndarray else item, None, 0))
    node._saved, node._to_save = records, ()
    return tuple(tensors) if multi else tensors[0]


class _Unrecorded:
    """The ``ctx`` of a raw op that records nothing: what forward saves is dropped."""

    def save_for_backward(self, *values):
        pass


_UNRECORDED = _Unrecorded()


def is_tensor(obj):
    """Whether ``obj`` is a minigrad Tensor (``mg.is_tensor``); ops check arguments with it."""
    return isinstance(obj, Tensor)


def _as_array(out, ref, ctx):
    """A forward output as a backend array (NumPy turns full reductions into scalars)."""
    if isinstance(out, Tensor):
        return out.array
    if type(out) is np.ndarray or (hasattr(out, "ndim") and not isinstance(out, np.generic)):
        return out
    array = (np if ref is None else backend.xp(ref)).asarray(out)
    if isinstance(ctx, Node) and ctx._to_save:      # forward may have saved that scalar
        ctx._to_save = tuple(array if s is out else s for s in ctx._to_save)
    return array


def _record(ctx, args, data, edges, raw_outs):
    """Link ``ctx`` into the graph (``edges``: one per argument, None where no gradient
    flows) and make it the grad_fn of the outputs."""
    ctx.next_edges = tuple(edges)
    ctx.n_outputs = len(raw_outs)
    outs, skip = [], ctx.non_differentiable
    for i, o in enumerate(raw_outs):
        if o.dtype.kind in "fc" and not (skip and any(o is m for m in skip)):
            outs.append(_make(o, True, ctx, i))
        else:                                          # integer or marked non-differentiable
            outs.append(_make(o))
    if ctx.fn.is_view:
        outs[0]._vc = args[0]._vc
    if ctx.n_outputs > 1:
        ctx.out_meta = tuple((o.shape, o.dtype) for o in raw_outs)
    if ctx._to_save:
        _resolve_saved(ctx, args, data, outs, raw_outs)
    if _anomaly["enabled"] or _record_inputs["enabled"]:
        from .anomaly import _user_frame
        ctx.created_at = _user_frame()
        if _record_inputs["enabled"]:
            ctx.inputs = args
    return outs


def once_differentiable(backward):
    """Decorate a ``backward`` written with non-differentiable code (NumPy, in-place ops).

    It runs with grad mode off; under ``create_graph=True`` its results are
    tied to an error node, so differentiating them again raises instead of
    silently giving a wrong higher-order gradient (as PyTorch's does).
    """
    @functools.wraps(backward)
    def wrapper(ctx, *grads):
        with grad_mode.no_grad():
            result = backward(ctx, *grads)
        if not grad_mode.is_grad_enabled():
            return result
        needing = [g for g in grads if isinstance(g, Tensor) and g.requires_grad]
        if not needing:
            return result
        single = not isinstance(result, tuple)
        result = tuple(_DelayedError.apply(r, *needing) if isinstance(r, Tensor) else r
                       for r in ((result,) if single else result))
        return result[0] if single else result
    return wrapper


class _DelayedError(Function):
    """Passes a once-differentiable backward's result through; differentiating it raises."""

    @staticmethod
    def forward(ctx, result, *grads):
        return result

    @staticmethod
    def backward(ctx, *grads):
        raise RuntimeError("trying to differentiate twice a function that was marked with "
                           "@once_differentiable")


# The one import cycle of the core (docs/architecture.md): Tensor's methods apply Functions,
# and Function.apply wraps its results in Tensors. minigrad imports this module first
# (minigrad/__init__.py -> autograd/__init__.py), so by the time tensor.py asks for Function
# and Node they exist, and this line finds Tensor defined.
from ..tensor import Tensor  # noqa: E402

_make = Tensor._make    # bound once: ``Tensor._make(...)`` makes a bound method on every call
