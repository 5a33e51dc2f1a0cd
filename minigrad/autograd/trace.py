"""``autograd.trace()``: watch backward visit the graph, one node at a time.

::

    with mg.autograd.trace() as t:
        L.backward()
    print(t)            # one row per node, in the order backward visited them

Each row (a :class:`Step`) holds the node, its inputs' shapes, the gradient
that arrived at its output (and, where several paths meet, the terms that
were summed), the local derivative rule (the op's docstring), and the
gradient it sent to each input. Scalars are shown as numbers; larger tensors
as their shape and norm. ``t.frames()`` replays the pass step by step, for
:func:`minigrad.viz.draw_graph` to draw the gradient travelling.

The engine calls :meth:`Trace.visit` only while a trace is open (it checks
``engine.tracer is not None`` once per node), so an unused trace costs nothing.
"""
import textwrap

import numpy as np

from .. import backend
from . import engine
from .function import AccumulateGrad


class GradInfo:
    """A gradient as the trace keeps it: shape, dtype, norm, and the values when small."""
    __slots__ = ("shape", "dtype", "norm", "values")

    def __init__(self, tensor, max_values):
        array = tensor.array
        self.shape, self.dtype = tuple(array.shape), array.dtype
        host = backend.to_numpy(array) if array.size <= max_values else None
        self.values = None if host is None else np.array(host, copy=True)
        self.norm = float(np.linalg.norm(self.values) if host is not None
                          else backend.xp(array).linalg.norm(array.ravel()))

    def __str__(self):
        if self.values is None:
            return f"{_shape(self.shape)} ‖·‖={self.norm:.4g}"
        if self.values.size == 1:
            return _number(self.values.reshape(-1)[0])
        return "[" + ", ".join(_number(v) for v in self.values.ravel()) + "]"


class Step:
    """One node that backward visited.

    ``upstream[k]``: the gradient its k-th output received (what backward was
    given); ``arrivals[k]``: the (step number, gradient) pairs summed into it,
    empty where the pass started; ``sent[i]``: the gradient it sent to input i
    (None where input i needs none); ``targets[i]``: the node that input came from.
    """

    def __init__(self, number, pass_number, node, label, upstream, arrivals, sent):
        self.number, self.pass_number, self.node, self.label = number, pass_number, node, label
        self.upstream, self.arrivals, self.sent = upstream, arrivals, sent
        self.targets = [e[0] if e else None for e in node.next_edges]
        self.input_shapes = [tuple(e[2]) if e else None for e in node.next_edges]
        self.rule = rule_of(node)
        owner = node.variable if type(node) is AccumulateGrad else node
        self.hooked = bool(owner._hooks)

    @property
    def is_leaf(self):
        return type(self.node) is AccumulateGrad

    def __repr__(self):
        return f"<Step {self.number}: {self.label}>"


class Frame:
    """The state after ``step``: nodes visited so far and the gradients sent along edges.

    ``sent[(node, i)]`` is the gradient ``node`` sent to its i-th input.
    """

    def __init__(self, step, visited, sent):
        self.step, self.visited, self.sent = step, visited, sent

    @property
    def current(self):
        return self.step.node


class Trace:
    """What one ``with trace():`` block saw; ``print`` it, index it, or replay ``frames()``."""

    def __init__(self, names=None, max_values=4):
        self.steps = []
        self.max_values = max_values
        self.leaf_names, self.output_names = tensor_names(names)
        self._passes, self._pending, self._previous = [], {}, None

    # -- the engine's side --------------------------------------------------------
    def visit(self, node, grads, input_grads, buffers):
        """Record ``node``: ``grads`` arrived at its outputs, ``input_grads`` left for its inputs.

        ``buffers`` (the pass's gradient buffers) tells one backward pass from another.
        """
        pass_number = next((k for k, b in enumerate(self._passes, 1) if b is buffers), None)
        if pass_number is None:
            self._passes.append(buffers)
            pass_number = len(self._passes)
        number = len(self.steps) + 1
        waiting = self._pending.pop((pass_number, node), {})
        upstream = [None if g is None else GradInfo(g, self.max_values) for g in grads]
        arrivals = [waiting.get(k, []) for k in range(len(grads))]
        sent = [None if g is None else GradInfo(g, self.max_values) for g in input_grads]
        for edge, info in zip(node.next_edges, sent):
            if edge is not None and info is not None:
                slot = self._pending.setdefault((pass_number, edge[0]), {})
                slot.setdefault(edge[1], []).append((number, info))
        self.steps.append(Step(number, pass_number, node, self.label(node), upstream, arrivals,
                               sent))

    # -- the user's side -------------------------------------------------------------
    def __enter__(self):
        self._previous, engine.tracer = engine.tracer, self
        return self

    def __exit__(self, *exc):
        engine.tracer, self._previous = self._previous, None
        self._pending = {}
        return False

    def __len__(self):
        return len(self.steps)

    def __iter__(self):
        return iter(self.steps)

    def __getitem__(self, index):
        return self.steps[index]

    def label(self, node, index=0):
        """A node's name for people: a leaf's given name, else ``TanhBackward``."""
        if type(node) is AccumulateGrad:
            return self.leaf_names.get(id(node.variable), "leaf")
        name = self.output_names.get((node, index))
        return f"{node.name()} ({name})" if name else node.name()

    def frames(self):
        """One :class:`Frame` per step: the pass replayed, for step-by-step pictures."""
        visited, sent, frames = set(), {}, []
        for step in self.steps:
            visited = visited | {step.node}
            sent = dict(sent)
            for i, info in enumerate(step.sent):
                if info is not None:
                    sent[(step.node, i)] = info
            frames.append(Frame(step, visited, sent))
        return frames

    def __repr__(self):
        return f"<autograd.trace: {len(self.steps)} steps>"

    def __str__(self):
        if not self.steps:
            return "backward trace: no node visited (was backward called inside the with block?)"
        rows = [("step", "node", "inputs", "upstream gradient", "local rule", "sent to inputs")]
        for step in self.steps:
            rows.append(self._row(step))
        passes = len(self._passes)
        title = (f"backward trace: {len(self.steps)} steps"
                 + (f" in {passes} backward passes" if passes > 1 else "")
                 + " (gradients: numbers up to "
                 + f"{self.max_values} elements, else shape and norm)")
        return (title + "\n" + _table(rows) + "\n(· an argument that needs no gradient: data, "
                "a constant, an option such as dim)")

    def _row(self, step):
        number = f"{step.number}" + (f" (pass {step.pass_number})" if len(self._passes) > 1 else "")
        inputs = ", ".join(_shape(s) if s is not None else "·" for s in step.input_shapes)
        upstream, rehooked = [], step.hooked and not step.is_leaf   # hooks ran before the row
        for k, (info, arrived) in enumerate(zip(step.upstream, step.arrivals)):
            prefix = f"out {k}: " if len(step.upstream) > 1 else ""
            if info is None:
                upstream.append(prefix + "none")
            elif not arrived:
                upstream.append(prefix + f"{info}  (start)")
            elif len(arrived) == 1:
                n, a = arrived[0]
                upstream.append(prefix + f"{a if rehooked else info}  (from step {n})")
            else:
                upstream.append(prefix + f"{len(arrived)} paths meet, sum:")
                upstream.extend(f"  {'+' if j else ' '} {a}  (step {n})"
                                for j, (n, a) in enumerate(arrived))
                if not rehooked:
                    upstream.append(f"  = {info}")
            if rehooked and info is not None:
                upstream.append(f"after hooks: {info}")
        if step.hooked and step.is_leaf:
            upstream.append("(its hooks run next)")
        node = step.label
        if step.is_leaf:
            sent = ["added to .grad"]
            node += " (leaf)" if node != "leaf" else ""
        else:
            sent = [f"→ {self.label(t, step.node.next_edges[i][1])}: {info}"
                    for i, (t, info) in enumerate(zip(step.targets, step.sent))
                    if t is not None and info is not None] or ["nothing"]
        rule = step.rule.replace("x.grad", step.label + ".grad") if step.is_leaf else step.rule
        return (number, node, inputs, upstream, textwrap.wrap(rule, 44) or [""], sent)


def trace(names=None, max_values=4):
    """Record every node that backward visits inside the ``with`` block.

    ``names``: a Module (its ``named_parameters``) or a dict ``{name: tensor}``
    naming leaves and intermediate results in the table. Gradients with at most
    ``max_values`` elements are kept as numbers, larger ones as shape and norm.
    Every backward pass inside the block is recorded (``create_graph`` and
    ``autograd.grad`` too); tensor hooks run before a node is recorded, so
    the upstream gradient shown is the one backward used.
    """
    return Trace(names, max_values)


def rule_of(node):
    """The local derivative rule of a node: its Function's docstring, first paragraph."""
    if type(node) is AccumulateGrad:
        return "x.grad += g"
    doc = (node.fn.__doc__ or "").strip().split("\n\n")[0]
    return " ".join(doc.split()) or f"(no docstring on {node.fn.__name__})"


def named_tensors(names):
    """``[(name, tensor)]`` from a Module (its ``named_parameters``), a dict, or None."""
    if names is None:
        return []
    if hasattr(names, "named_parameters"):
        return list(names.named_parameters())
    if not isinstance(names, dict):
        raise TypeError(f"names must be a Module or a dict {{name: tensor}}, "
                        f"not {type(names).__name__}")
    for name, tensor in names.items():
        if not hasattr(tensor, "grad_fn"):
            raise TypeError(f"names[{name!r}] is a {type(tensor).__name__}, not a Tensor")
    return [(str(name), tensor) for name, tensor in names.items()]


def tensor_names(names):
    """``({id(leaf): name}, {(grad_fn, output_index): name})`` from a Module or a dict."""
    leaves, outputs = {}, {}
    for name, tensor in named_tensors(names):
        if tensor.grad_fn is None:
            leaves[id(tensor)] = str(name)
        else:
            outputs[(tensor.grad_fn, tensor._out_index)] = str(name)
    return leaves, outputs


def _number(x):
    return f"{float(x):.4g}"


def _shape(shape):
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def _table(rows):
    """Rows of cells (a string or a list of lines) as aligned text columns."""
    cells = [[c if isinstance(c, list) else [c] for c in row] for row in rows]
    widths = [max(len(line) for row in cells for line in row[k]) for k in range(len(rows[0]))]
    out = []
    for r, row in enumerate(cells):
        for j in range(max(len(c) for c in row)):
            out.append("  ".join((c[j] if j < len(c) else "").ljust(w)
                                 for c, w in zip(row, widths)).rstrip())
        if r == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)
