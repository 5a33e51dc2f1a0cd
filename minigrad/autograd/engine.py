"""The backward pass, as two functions.

``toposort`` orders the graph's nodes so each comes after every node that
sends it a gradient; ``backward_pass`` walks that order once, calling each
node's ``backward``, reducing broadcast gradients to their input's shape (the
one place this happens), summing the gradients that meet at a node, and
freeing what each node saved.
"""
import threading

from .. import backend
from . import function, grad_mode
from .function import AccumulateGrad, _anomaly

tracer = None   # set by autograd.trace(): sees each node backward visits (None: nothing to pay)

# Backward passes in two threads may meet in one leaf: ``.grad``'s None check and the
# in-place sum (NumPy lets go of the GIL during it) must not interleave. One lock, taken once
# per leaf per pass (~0.3 µs uncontended), as PyTorch's AccumulateGrad holds its mutex.
_accumulate_lock = threading.Lock()


class GradientTypeError(TypeError, RuntimeError):
    """A backward returned something other than a Tensor or None: a TypeError, and also the
    RuntimeError PyTorch raises there ("expected Variable or None")."""


def toposort(roots):
    """Nodes reachable from ``roots``, consumers before producers.

    Depth-first search with an explicit stack (no recursion, so a
    100,000-op chain is fine); a node is emitted after all its inputs, and the
    list is reversed at the end.
    """
    order, seen = [], set(roots)
    for root in roots:
        stack = [(root, iter(root.next_edges))]
        while stack:
            node, edges = stack[-1]
            for edge in edges:
                if edge is not None and edge[0] not in seen:
                    seen.add(edge[0])
                    stack.append((edge[0], iter(edge[0].next_edges)))
                    break
            else:
                stack.pop()
                order.append(node)
    order.reverse()
    return order


def backward_pass(roots, root_grads, retain_graph=False, create_graph=False, targets=None):
    """Send ``root_grads`` back from the ``roots`` (``(node, output_index)`` pairs).

    Without ``targets`` the gradients accumulate into the leaves' ``.grad``.
    With ``targets`` (``(node, output_index)`` pairs of the wanted inputs) they
    are returned instead, in that order, and no ``.grad`` is touched.
    """
    order = toposort(list(dict.fromkeys(node for node, _ in roots)))
    wanted = None
    if targets is not None:
        needed = _needed(order, {node for node, _ in targets})
        order = [node for node in order if node in needed]
        wanted = {key: None for key in targets}
    buffers, owned = {}, set()
    for (node, index), grad in zip(roots, root_grads):
        _add(buffers, node, index, grad)
    with grad_mode.set_grad_enabled(create_graph):
        for node in order:
            grads = buffers.pop(node, None)
            if grads is None:
                continue
            if node._hooks or node._retained:
                grads = _run_tensor_hooks(node, grads)
            if wanted is not None:
                for i, g in enumerate(grads):
                    if (node, i) in wanted:
                        wanted[(node, i)] = g
                if not any(e is not None and e[0] in needed for e in node.next_edges):
                    continue                    # nothing wanted lies further back
            if type(node) is AccumulateGrad:
                if wanted is None:
                    _accumulate(node.variable, grads[0], create_graph, owned)
                if tracer is not None:
                    tracer.visit(node, grads, (), buffers)
                continue
            input_grads = _call_backward(node, grads)
            if tracer is not None:
                tracer.visit(node, grads, input_grads, buffers)
            if not retain_graph:
                node.release()
            for edge, g in zip(node.next_edges, input_grads):
                if edge is not None and g is not None:
                    _add(buffers, edge[0], edge[1], g)
    if wanted is not None:
        return [wanted[key] for key in targets]


def _add(buffers, node, index, grad):
    """Sum the gradients that arrive at one output of ``node``."""
    slot = buffers.get(node)
    if slot is None:
        slot = buffers[node] = [None] * node.n_outputs
    slot[index] = grad if slot[index] is None else slot[index] + grad


def _needed(order, targets):
    """The nodes from which a target can be reached (all autograd.grad must visit)."""
    needed = set()
    for node in reversed(order):
        if node in targets or any(e is not None and e[0] in needed for e in node.next_edges):
            needed.add(node)
    return needed


def _call_backward(node, grads):
    """Run ``node``'s backward; return one gradient per input, shaped like it."""
    Tensor = function.Tensor
    if node.n_outputs > 1 and node.materialize_grads and any(g is None for g in grads):
        xp = backend.xp(next(g for g in grads if g is not None).array)
        grads = [g if g is not None else Tensor._make(xp.zeros(*meta))
                 for g, meta in zip(grads, node.out_meta)]
    result = node.fn.backward(node, *grads)
    if not isinstance(result, tuple):
        result = (result,)
    n = len(node.next_edges)
    if len(result) > n and all(g is None for g in result[n:]):
        result = result[:n]                   # extra trailing Nones are allowed, as in PyTorch
    if len(result) != n:
        raise RuntimeError(f"function {node.name()} returned an incorrect number of gradients "
                           f"(expected {len(node.next_edges)}, got {len(result)})")
    out = []
    for i, (edge, g) in enumerate(zip(node.next_edges, result)):
        if edge is None or g is None:
            out.append(None)
            continue
        if not isinstance(g, Tensor):            # as PyTorch: a gradient is a Tensor or None
            kind = (f"a {type(g).__module__.split('.')[0]} array" if hasattr(g, "ndim")
                    else f"a {type(g).__name__}")
            raise GradientTypeError(
                f"{node.fn.__name__}.backward returned {kind} as the gradient of input {i}; "
                "return a Tensor (or None): compute it with Tensor operations, or wrap it "
                "with minigrad.tensor(...)")
        if g.array.shape != edge[2]:
            g = _reduce_to_shape(g, edge[2], node, i)
        if g.array.dtype != edge[3]:
            g = g.to(edge[3])
        out.append(g)
    if _anomaly["enabled"]:
        from .anomaly import check_backward
        check_backward(node, out)
    return out


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
    if axes:
        grad = grad.sum(dim=axes, keepdim=True)
    result = grad.reshape(shape)
    assert result.shape == tuple(shape)
    return result


def _run_tensor_hooks(node, grads):
    """Hooks registered on non-leaf tensors, then ``retain_grad``."""
    grads = list(grads)
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
    return grads


def _accumulate(leaf, grad, create_graph, owned):
    """``leaf.grad += grad`` (after the leaf's hooks), as PyTorch's AccumulateGrad.

    A stored gradient must own its memory, since ``.grad`` is later updated in
    place: a view (a broadcast, a reshape) or an array already stored in
    another leaf in this pass (``a + b`` sends one gradient to both) is copied.
    """
    for hook in leaf._hooks or ():
        new = hook(grad)
        if new is not None:
            grad = new
    with _accumulate_lock:
        if leaf.grad is None:
            if not create_graph:
                grad = grad.detach()
                if grad.array.base is not None or id(grad.array) in owned:
                    grad = grad.clone()
                owned.add(id(grad.array))
            leaf.grad = grad
        elif create_graph or leaf.grad.requires_grad:
            leaf.grad = leaf.grad + grad
        else:
            leaf.grad.array += grad.array
