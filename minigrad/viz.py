"""Pictures of the graph: ``draw_graph(tensor)`` and, with a trace, of backward step by step.

::

    g = mg.viz.draw_graph(L, names=model)   # in Jupyter it shows itself
    g.render("graph.svg")                   # in a script; g.source is the DOT text

One box per leaf (name, shape, dtype, values when small, ``.grad``) and one
ellipse per op (its name, its output's shape and dtype; hover: the derivative
rule), arrows in the forward direction. After ``backward`` each arrow carries,
in red, the gradient that flowed back along it: from a :func:`minigrad.autograd.trace`
passed as ``trace=``, or else from a re-run of backward on the retained graph.
Inputs that need no gradient are not part of the graph (as in PyTorch), so
they have no box.

Rendering uses the ``graphviz`` package and Graphviz's ``dot`` program
(``pip install "minigrad[viz]"`` plus the system package); without them the
DOT text is still there, and rendering says how to install them.
"""
import pathlib
import warnings
import weakref

from .autograd import engine
from .autograd.backprop import grad
from .autograd.function import AccumulateGrad
from .autograd.trace import GradInfo, Trace, named_tensors, rule_of, _shape

INSTALL = ("rendering a graph needs the graphviz Python package and Graphviz's `dot` program. "
           "Install them with: `pip install graphviz` (or `pip install \"minigrad[viz]\"`) and "
           "`apt-get install graphviz` (Debian/Ubuntu), `brew install graphviz` (macOS) or "
           "`conda install graphviz`. The DOT text is in `.source` meanwhile.")


class GraphvizMissing(RuntimeError):
    """The graphviz package or the ``dot`` program is missing (the message says how to install)."""


class Graph:
    """A drawn graph: ``.source`` (DOT text), ``.render(path)``, and ``_repr_svg_`` for Jupyter."""

    def __init__(self, source, n_boxes, max_nodes):
        self.source, self.n_boxes, self.max_nodes = source, n_boxes, max_nodes

    def pipe(self, format="svg"):
        """The rendered picture as bytes."""
        if self.n_boxes > self.max_nodes:
            raise ValueError(
                f"this graph has {self.n_boxes} boxes, more than max_nodes={self.max_nodes}: "
                "a picture that size is slow to lay out and unreadable. Collapse modules "
                "into one box each (run the forward inside `with mg.viz.record_modules(model):`, "
                "then draw_graph(..., names=model, collapse=True)), draw an intermediate tensor "
                "instead, or pass a larger max_nodes. The DOT text is in .source.")
        try:
            import graphviz
        except ImportError:
            raise GraphvizMissing(INSTALL) from None
        try:
            return graphviz.Source(self.source).pipe(format=format)
        except graphviz.ExecutableNotFound:
            raise GraphvizMissing(INSTALL) from None

    def render(self, path, format=None):
        """Write the picture to ``path`` (format: ``format``, else the suffix; svg or png)."""
        path = pathlib.Path(path)
        format = format or path.suffix.lstrip(".") or "svg"
        if format not in ("svg", "png", "pdf"):
            raise ValueError(f"format must be 'svg', 'png' or 'pdf', not {format!r}")
        if path.suffix != "." + format:
            path = path.with_name(path.name + "." + format)
        path.write_bytes(self.pipe(format))
        return str(path)

    def _repr_svg_(self):
        try:
            return self.pipe("svg").decode("utf-8")
        except (GraphvizMissing, ValueError) as error:
            warnings.warn(str(error), stacklevel=2)
            return None

    def __repr__(self):
        return f"<minigrad.viz.Graph: {self.n_boxes} boxes; .source is the DOT text>"


def draw_graph(tensor, *, show_grads=True, show_values="auto", names=None, collapse=None,
               trace=None, frame=None, max_nodes=500, rankdir="LR"):
    """Draw the graph that made ``tensor``; returns a :class:`Graph`.

    ``show_values``: "auto" (tensors of at most 10 elements), True or False.
    ``names``: a Module (its parameters' names) or a dict ``{name: tensor}``
    (leaves and intermediate results). ``collapse``: True (each child of the
    ``names`` module), a Module or a list of them: their ops become one box each
    (needs the forward run inside :func:`record_modules`). ``trace``/``frame``:
    a :class:`~minigrad.autograd.trace.Trace` or one of its ``frames()`` for the
    edge gradients (a frame also marks the node backward is at).
    """
    if not hasattr(tensor, "grad_fn"):
        raise TypeError(f"draw_graph needs a Tensor, not {type(tensor).__name__}")
    if show_values not in ("auto", True, False):
        raise ValueError(f'show_values must be "auto", True or False, not {show_values!r}')
    limit = {"auto": 10, True: float("inf"), False: -1}[show_values]
    named = named_tensors(names)
    leaf_names = {id(t): n for n, t in named if t.grad_fn is None}
    outputs = {(t.grad_fn, t._out_index): (n, t) for n, t in named if t.grad_fn is not None}
    root = tensor.grad_fn
    lines = ["digraph minigrad {", f"  rankdir={rankdir};",
             '  node [fontname="Helvetica", fontsize=11]; edge [fontname="Helvetica", fontsize=9];']
    if root is None:
        label = _tensor_lines(leaf_names.get(id(tensor), "tensor"), tensor, limit)
        if not tensor.requires_grad:
            label.append("(no graph: requires_grad=False)")
        lines += [f'  n0 [shape=box, label="{_esc(label)}"];', "}"]
        return Graph("\n".join(lines) + "\n", 1, max_nodes)
    outputs.setdefault((root, tensor._out_index), ("output", tensor))
    order = engine.toposort([root])
    meta = {(root, tensor._out_index): (tensor.shape, tensor.dtype)}   # (node, output) -> shape
    for node in order:
        for e in node.next_edges:
            if e is not None:
                meta[(e[0], e[1])] = (e[2], e[3])
    sent, note = {}, None
    if show_grads and frame is None and trace is None:
        trace, note = _retrace(tensor, order)
    if show_grads and (frame is not None or trace):
        sent = (frame or trace.frames()[-1]).sent
    box = _collapse(order, collapse, names)
    ids = {node: box[node].id if node in box else f"n{k}" for k, node in enumerate(order)}
    for node in dict.fromkeys(box.get(node, node) for node in order):   # each box once
        if isinstance(node, _Scope):
            lines.append(f'  {node.id} [shape=box3d, style=filled, fillcolor="#e8e0f8", '
                         f'label="{_esc(node.lines(meta))}"];')
        elif type(node) is AccumulateGrad:
            leaf = node.variable
            label = _tensor_lines(leaf_names.get(id(leaf), "leaf"), leaf, limit)
            if show_grads and leaf.grad is not None and (frame is None or node in frame.visited):
                label.append("grad " + str(GradInfo(leaf.grad, limit)))
            fill = _frame_style(node, frame) or ("#dbeafe" if id(leaf) in leaf_names else "white")
            lines.append(f'  {ids[node]} [shape=box, style=filled, fillcolor="{fill}", '
                         f'label="{_esc(label)}"];')
        else:
            label = [node.fn.__name__] + _output_lines(node, meta, outputs, limit)
            fill = _frame_style(node, frame) or "#eeeeee"
            extra = ", peripheries=2" if node is root else ""
            lines.append(f'  {ids[node]} [shape=ellipse, style=filled, fillcolor="{fill}"{extra}, '
                         f'tooltip="{_esc([rule_of(node)])}", label="{_esc(label)}"];')
    for node in order:                                   # arrows: input -> op, forward direction
        for i, e in enumerate(node.next_edges):
            if e is None or ids[e[0]] == ids[node]:      # no input, or inside a collapsed box
                continue
            info = sent.get((node, i))
            attrs = f' [label="{_esc(["grad " + str(info)])}", fontcolor="#c00000"]' if info else ""
            lines.append(f"  {ids[e[0]]} -> {ids[node]}{attrs};")
    if frame is not None:
        note = f"step {frame.step.number}: {frame.step.label} ({rule_of(frame.current)})"
    if note:
        lines.append(f'  labelloc=t; label="{_esc([note])}"; fontsize=10;')
    lines.append("}")
    n_boxes = len(set(ids.values()))
    return Graph("\n".join(lines) + "\n", n_boxes, max_nodes)


def draw_frames(tensor, trace, **kwargs):
    """One :class:`Graph` per step of ``trace``: backward replayed, the gradient travelling."""
    return [draw_graph(tensor, frame=f, **kwargs) for f in trace.frames()]


# -- collapsing modules -------------------------------------------------------------------
_scopes = weakref.WeakKeyDictionary()     # output node -> [_Scope] of the module calls made it


class _Scope:
    """One recorded module call: the nodes between its inputs and its output."""

    def __init__(self, name, module, inputs):
        self.name, self.module, self.inputs = name, module, inputs
        self.id = self.output = self.nodes = None

    def lines(self, meta):
        n_params = sum(type(n) is AccumulateGrad for n in self.nodes)
        lines = [f"{self.name}: {type(self.module).__name__}",
                 f"{_count(len(self.nodes) - n_params, 'op')}, {_count(n_params, 'parameter')}"]
        if (self.output, 0) in meta:
            shape, dtype = meta[(self.output, 0)]
            lines.append(f"{_shape(shape)} {_dtype(dtype)}")
        return lines


class record_modules:
    """``with record_modules(model):`` notes, for every submodule call, which ops ran inside
    it, so :func:`draw_graph` can collapse a module into one box. Hooks are removed at exit."""

    def __init__(self, model):
        self.model, self.handles, self.stack = model, [], []

    def __enter__(self):
        for name, module in self.model.named_modules():
            name = name or type(module).__name__
            self.handles.append(module.register_forward_pre_hook(self._enter))
            self.handles.append(module.register_forward_hook(
                lambda m, args, out, name=name: self._exit(name, m, out)))
        return self

    def __exit__(self, *exc):
        for handle in self.handles:
            handle.remove()
        self.handles = []
        return False

    def _enter(self, module, args):
        self.stack.append({a._grad_node() for a in args
                           if hasattr(a, "grad_fn") and a.requires_grad})

    def _exit(self, name, module, out):
        inputs = self.stack.pop()
        for t in out if isinstance(out, (tuple, list)) else (out,):
            if getattr(t, "grad_fn", None) is not None and t.grad_fn not in inputs:
                _scopes.setdefault(t.grad_fn, []).append(_Scope(name, module, inputs))


def _collapse(order, collapse, names):
    """{node: _Scope} for the nodes inside the modules to collapse (largest module first)."""
    if collapse is None or collapse is False:
        return {}
    if collapse is True:
        if not hasattr(names, "children"):
            raise ValueError("collapse=True collapses the children of the names= module: pass "
                             "names=model (or collapse=module)")
        targets = list(names.children())
    else:
        targets = list(collapse) if isinstance(collapse, (list, tuple)) else [collapse]
    scopes = [s for node in order for s in _scopes.get(node, ())
              if any(s.module is t for t in targets)]
    if not scopes and targets:
        raise ValueError(f"collapse: no record of which ops ran inside "
                         f"{type(targets[0]).__name__}: run the forward pass inside "
                         "`with mg.viz.record_modules(model):` before drawing")
    for scope, node in ((s, n) for n in order for s in _scopes.get(n, ()) if s in scopes):
        scope.output, scope.nodes = node, _inside(node, scope.inputs)
    box = {}
    for k, scope in enumerate(sorted(scopes, key=lambda s: -len(s.nodes))):
        scope.id = f"m{k}"
        for node in scope.nodes:
            box.setdefault(node, scope)
    return box


def _inside(output, inputs):
    """The nodes reachable backwards from ``output`` without passing an input node."""
    seen, stack = {output}, [output]
    while stack:
        for e in stack.pop().next_edges:
            if e is not None and e[0] not in inputs and e[0] not in seen:
                seen.add(e[0])
                stack.append(e[0])
    return seen


# -- helpers ----------------------------------------------------------------------------------
def _retrace(tensor, order):
    """A traced re-run of backward for the edge gradients, when that is possible and harmless."""
    leaves = [n.variable for n in order if type(n) is AccumulateGrad]
    if not any(leaf.grad is not None for leaf in leaves):
        return None, None                                   # backward has not run: no gradients
    if tensor.numel() != 1:
        return None, "edge gradients: pass trace= (the output is not a scalar)"
    if any(n._released for n in order):
        return None, ("edge gradients: call backward(retain_graph=True) or pass trace= "
                      "(the graph was freed by backward)")
    if any(n._hooks or (type(n) is AccumulateGrad and n.variable._hooks)
           or n.fn.__name__ == "BackwardHookFunction" for n in order):
        return None, "edge gradients: pass trace= (hooks in the graph would run again)"
    trace = Trace(max_values=10)
    with trace:
        grad(tensor, leaves, retain_graph=True, allow_unused=True)
    return trace, None


def _output_lines(node, meta, outputs, limit):
    """An op's outputs: name (if given), shape, dtype, and the values when known and small."""
    lines = []
    for k in range(node.n_outputs):
        name, value = outputs.get((node, k), (None, None))
        if (node, k) in meta:
            shape, dtype = meta[(node, k)]
            lines.append((f"{name}: " if name else "") + f"{_shape(shape)} {_dtype(dtype)}")
        if value is not None and value.numel() <= limit:
            lines.append("= " + str(GradInfo(value.detach(), limit)))
    return lines


def _tensor_lines(name, tensor, limit):
    lines = [name, f"{_shape(tensor.shape)} {_dtype(tensor.dtype)}"]
    if tensor.numel() <= limit:
        lines.append("= " + str(GradInfo(tensor.detach(), limit)))
    return lines


def _frame_style(node, frame):
    if frame is None:
        return None
    return "gold" if node is frame.current else "#f8d0d0" if node in frame.visited else None


def _count(n, word):
    return f"{n} {word}" + ("" if n == 1 else "s")


def _dtype(dtype):
    return str(dtype).replace("minigrad.", "")


def _esc(lines):
    """Lines as one DOT string: quotes and backslashes escaped, centered lines."""
    return "\\n".join(str(line).replace("\\", "\\\\").replace('"', '\\"') for line in lines)
