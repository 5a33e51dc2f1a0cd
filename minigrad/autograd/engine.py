"""The backward pass.

``backward_pass`` takes the graph's nodes newest first (each node's ``seq`` is larger than
those of the nodes it sends gradients to, so every gradient headed for a node has arrived
when it comes out), calling each node's ``backward``, reducing broadcast gradients to their
input's shape (the one place this happens, in ``_send``), summing the gradients that meet at
a node, and freeing what each node saved. ``toposort`` lists a whole graph in such an order
up front, for ``autograd.grad``, viz and gradcheck.

A first-order pass (no ``create_graph``, ``autograd.grad``, anomaly mode or
trace) moves bare backend arrays between nodes: a Tensor is built only where
someone looks at one (a hook, a leaf's ``.grad``, a backward written for
Tensors only). docs/engine.md explains why this and the paused garbage
collector make the pass about three times faster.
"""
import gc
import threading
from heapq import heappop, heappush

import numpy as np

from .. import backend
from . import function, grad_mode
from .function import AccumulateGrad, _anomaly

ndarray = np.ndarray
tracer = None   # set by autograd.trace(): sees each node backward visits (None: nothing to pay)

# Backward passes in two threads may meet in one leaf: ``.grad``'s None check and the
# in-place sum (NumPy lets go of the GIL during it) must not interleave. One lock, taken once
# per leaf per pass (~0.3 µs uncontended), as PyTorch's AccumulateGrad holds its mutex.
_accumulate_lock = threading.Lock()


class GradientTypeError(TypeError, RuntimeError):
    """A backward returned something other than a Tensor or None: a TypeError, and also the
    RuntimeError PyTorch raises there ("expected Variable or None")."""


class _gc_paused:
    """No garbage collection during a pass: it would walk the whole live graph, again and
    again, while the pass frees it node by node (W4: −40%). Restored on error too."""

    def __enter__(self):
        self.was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc):
        if self.was_enabled:
            gc.enable()


def toposort(roots):
    """Nodes reachable from ``roots``, consumers before producers.

    Depth-first search with an explicit stack (no recursion, so a
    100,000-op chain is fine); a node is emitted after all its inputs, and the
    list is reversed at the end.
    """
    order, seen = [], set(roots)
    emit, mark = order.append, seen.add          # bound once: this loop runs once per edge
    for root in roots:
        stack = [(root, iter(root.next_edges))]
        push, pop = stack.append, stack.pop
        while stack:
            node, edges = stack[-1]
            for edge in edges:
                if edge is not None and edge[0] not in seen:
                    mark(edge[0])
                    push((edge[0], iter(edge[0].next_edges)))
                    break
            else:
                pop()
                emit(node)
    order.reverse()
    return order


def backward_pass(roots, root_grads, retain_graph=False, create_graph=False, targets=None):
    """Send ``root_grads`` back from the ``roots`` (``(node, output_index)`` pairs).

    Without ``targets`` the gradients accumulate into the leaves' ``.grad``.
    With ``targets`` (``(node, output_index)`` pairs of the wanted inputs) they
    are returned instead, in that order, and no ``.grad`` is touched.

    The nodes wait in ``ready``, a heap that always hands out the newest node first (the
    largest ``seq``), as PyTorch's ready queue does: a node is newer than every node it
    sends a gradient to, so when it comes out, every gradient it will get has arrived.
    """
    with grad_mode.set_grad_enabled(create_graph), _gc_paused():
        needed = wanted = None
        if targets is not None:
            needed = _needed(toposort(list(dict.fromkeys(node for node, _ in roots))),
                             {node for node, _ in targets})
            wanted = {key: None for key in targets}
        # first order: gradients travel as backend arrays (Tensors only where someone looks)
        arrays = not create_graph and wanted is None and tracer is None and not _anomaly["enabled"]
        buffers, ready, owned = {}, [], set()
        _send(buffers, ready, [(node, i, g.array.shape, g.array.dtype)
                               for (node, i), g in zip(roots, root_grads)],
              [g.array if arrays else g for g in root_grads], arrays)
        while ready:
            node = heappop(ready)[1]
            grads = buffers.pop(node)
            if needed is not None and node not in needed:
                continue
            if node._hooks or node._retained:
                grads = _run_tensor_hooks(node, grads, arrays)
            if wanted is not None:
                for i, g in enumerate(grads):
                    if (node, i) in wanted:
                        wanted[(node, i)] = g
                if not any(e is not None and e[0] in needed for e in node.next_edges):
                    continue                    # nothing wanted lies further back
            if type(node) is AccumulateGrad:
                if wanted is None:
                    _accumulate(node.variable, grads[0], create_graph, owned, arrays)
                if tracer is not None:
                    tracer.visit(node, grads, (), buffers)
                continue
            input_grads = _call_backward(node, grads, arrays)
            if not retain_graph:
                node.release()
            sent = None if tracer is None else []
            _send(buffers, ready, node.next_edges, input_grads, arrays, node, sent)
            if tracer is not None:
                tracer.visit(node, grads, sent, buffers)
    if wanted is not None:
        return [wanted[key] for key in targets]


def _send(buffers, ready, edges, grads, arrays, sender=None, sent=None):
    """Check each gradient against its edge, then add it to the buffer of the node the edge
    leads to (``edge[0]``, output ``edge[1]``), summing the gradients that meet there; a node's
    first gradient puts it on the ``ready`` heap. A None edge or gradient sends nothing.

    The checks every edge pays: a Tensor (an array in a first-order pass), the input's shape
    (broadcasting undone here, the one place it is) and dtype. ``sent``, if given, gets what
    went down each edge (for a trace).
    """
    for edge, g in zip(edges, grads):
        if edge is None or g is None:
            if sent is not None:
                sent.append(None)
            continue
        node, index, shape, dtype = edge
        if arrays:
            if type(g) is not ndarray:
                g = _as_backend_array(g)
        elif not isinstance(g, function.Tensor):     # as PyTorch: a gradient is a Tensor or None
            raise _not_a_gradient(sender.fn, g, _position(edges, edge))
        if g.shape != shape:
            g = _reduce_to_shape(g, shape, sender, _position(edges, edge))
        if g.dtype is not dtype and g.dtype != dtype:
            g = g.astype(dtype) if arrays else g.to(dtype)
        if sent is not None:
            sent.append(g)
        slot = buffers.get(node)
        if slot is None:
            slot = buffers[node] = [None] * node.n_outputs
            heappush(ready, (-node.seq, node))
        if slot[index] is None:
            slot[index] = g
        else:                       # (NumPy sums two 0-d arrays to a scalar: keep an array)
            total = slot[index] + g
            if type(total) is not ndarray and isinstance(total, np.generic):
                total = np.asarray(total)
            slot[index] = total


def _position(edges, edge):
    """Which input ``edge`` belongs to (for error messages)."""
    return next(i for i, e in enumerate(edges) if e is edge)


def _needed(order, targets):
    """The nodes from which a target can be reached (all autograd.grad must visit)."""
    needed = set()
    for node in reversed(order):
        if node in targets or any(e is not None and e[0] in needed for e in node.next_edges):
            needed.add(node)
    return needed


def _call_backward(node, grads, arrays=False):
    """Run ``node``'s backward; return its gradients, one per input (``_send`` checks them).

    With ``arrays``, ``grads`` and the result are backend arrays: a backward marked
    ``array_backward`` runs on them as they are (its saved values come out as arrays too);
    any other gets them wrapped in Tensors, and its Tensors are unwrapped.
    """
    fn = node.fn
    if arrays and not fn.array_backward:                 # a backward written for Tensors only
        Tensor = function.Tensor
        result = _call_backward(node, [None if g is None else Tensor._make(g) for g in grads])
        for i, g in enumerate(result):
            if g is not None and not isinstance(g, Tensor):
                raise _not_a_gradient(fn, g, i)
        return [None if g is None else g.array for g in result]
    if node.n_outputs > 1 and node.materialize_grads and any(g is None for g in grads):
        xp = backend.xp(next(getattr(g, "array", g) for g in grads if g is not None))
        zeros = [xp.zeros(*meta) for meta in node.out_meta]
        grads = [g if g is not None else z if arrays else function.Tensor._make(z)
                 for g, z in zip(grads, zeros)]
    node._arrays = arrays                     # saved_tensors hands out arrays, not Tensors
    try:                                      # (one gradient: a plain call, cheaper than *grads)
        result = fn.backward(node, grads[0]) if len(grads) == 1 else fn.backward(node, *grads)
    finally:
        node._arrays = False                  # (anyone else reading them later gets Tensors)
    if type(result) is not tuple:
        result = (result,)
    if len(result) != len(node.next_edges):
        result = _one_per_input(node, result)
    if _anomaly["enabled"]:
        from .anomaly import check_backward
        check_backward(node, result)
    return result


def _as_backend_array(g):
    """A first-order gradient as a backend array: a formula may still build a Tensor, and
    NumPy gives 0-d operands a scalar back."""
    if isinstance(g, function.Tensor):
        return g.array
    return np.asarray(g) if isinstance(g, np.generic) else g


def _not_a_gradient(fn, g, i):
    kind = (f"a {type(g).__module__.split('.')[0]} array" if hasattr(g, "ndim")
            else f"a {type(g).__name__}")
    return GradientTypeError(
        f"{fn.__name__}.backward returned {kind} as the gradient of input {i}; "
        "return a Tensor (or None): compute it with Tensor operations, or wrap it "
        "with minigrad.tensor(...)")


def _one_per_input(node, result):
    """``result`` without the extra trailing Nones PyTorch allows; an error if the count is off."""
    n = len(node.next_edges)
    if len(result) > n and all(g is None for g in result[n:]):
        return result[:n]
    raise RuntimeError(f"function {node.name()} returned an incorrect number of gradients "
                       f"(expected {n}, got {len(result)})")


def _reduce_to_shape(grad, shape, node, index):
    """Undo broadcasting: sum ``grad`` over the axes that broadcasting added or stretched."""
    lead = grad.ndim - len(shape)
    ok = lead >= 0 and all(s == g or s == 1 for s, g in zip(shape, grad.shape[lead:]))
    if not ok:
        raise RuntimeError(f"Function {node.name()} returned an invalid gradient at index "
                           f"{index} - got {list(grad.shape)} but expected shape compatible "
                           f"with {list(shape)}")
    axes = tuple(range(lead)) + tuple(lead + i for i, s in enumerate(shape)
                                      if s == 1 and grad.shape[lead + i] != 1)
    if axes:                         # Tensor.sum (the Sum op) makes this same NumPy call
        grad = (grad.sum(dim=axes, keepdim=True) if isinstance(grad, function.Tensor)
                else grad.sum(axis=axes, keepdims=True))
    result = grad.reshape(shape)
    assert result.shape == tuple(shape)
    return result


def _run_tensor_hooks(node, grads, arrays=False):
    """Hooks registered on non-leaf tensors, then ``retain_grad`` (they see Tensors)."""
    Tensor = function.Tensor
    grads = [Tensor._make(g) if arrays and g is not None else g for g in grads]
    for index, hooks in (node._hooks or {}).items():
        for hook in hooks:
            if grads[index] is not None:
                new = hook(grads[index])
                if new is not None:
                    grads[index] = new
    for index, ref in (node._retained or {}).items():
        tensor = ref()
        if tensor is not None and grads[index] is not None:
            g = grads[index].detach().clone()
            with _accumulate_lock:
                tensor.grad = g if tensor.grad is None else tensor.grad + g
    return [g.array if arrays and g is not None else g for g in grads]


def _accumulate(leaf, grad, create_graph, owned, arrays=False):
    """``leaf.grad += grad`` (after the leaf's hooks), as PyTorch's AccumulateGrad.

    A stored gradient must own its memory, since ``.grad`` is later updated in
    place: a view (a broadcast, a reshape) or an array already stored in
    another leaf in this pass (``a + b`` sends one gradient to both) is copied.
    """
    if arrays:
        grad = function._make(grad)
    for hook in leaf._hooks or ():
        new = hook(grad)
        if new is not None:
            grad = new
    with _accumulate_lock:             # (``_grad``: the engine reads and writes past the checks
        stored = leaf._grad            # of the ``.grad`` property; _send has made them)
        if stored is None:
            if not create_graph:
                if not arrays or leaf._hooks:        # (else grad is the fresh Tensor made above)
                    grad = grad.detach()
                if grad.array.base is not None or id(grad.array) in owned:
                    grad = grad.clone()
                owned.add(id(grad.array))
            leaf._grad = grad
        elif create_graph or stored.requires_grad:
            leaf._grad = stored + grad
        else:
            stored.array += grad.array
