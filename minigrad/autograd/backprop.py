"""``backward`` and ``grad``: check what the user asked for, then run the engine."""
from .. import backend
from ..tensor import Tensor
from . import engine


def _as_list(x):
    if x is None:
        return None
    return [x] if isinstance(x, Tensor) else list(x)


def _root_grads(outputs, grad_outputs, create_graph):
    """One starting gradient per output: ones for a scalar, else the one given."""
    grads = _as_list(grad_outputs) or [None] * len(outputs)
    if len(grads) != len(outputs):
        raise RuntimeError(f"grad_outputs has {len(grads)} tensors but there are "
                           f"{len(outputs)} outputs")
    roots, out = [], []
    for k, (t, g) in enumerate(zip(outputs, grads)):
        if not isinstance(t, Tensor):
            raise TypeError(f"outputs[{k}] is a {type(t).__name__}, not a Tensor")
        if not t.requires_grad:
            raise RuntimeError(f"element {k} of tensors does not require grad and does not have "
                               "a grad_fn")
        if g is None:
            if t.array.size != 1:
                raise RuntimeError(f"grad can be implicitly created only for scalar outputs; "
                                   f"output {k} has shape {list(t.shape)}: pass "
                                   f"gradient= (a tensor of that shape) to backward()")
            g = Tensor._make(backend.ones_like(t.array))
        else:
            if not isinstance(g, Tensor):
                g = Tensor._make(backend.xp(t.array).asarray(g, dtype=t.dtype))
            if g.shape != t.shape:
                raise RuntimeError(f"Mismatch in shape: grad_output[{k}] has a shape of "
                                   f"{list(g.shape)} and output[{k}] has a shape of {list(t.shape)}.")
            if g.device != t.device:
                raise RuntimeError(f"grad_output[{k}] is on {g.device} but output[{k}] is on "
                                   f"{t.device}")
            g = g if create_graph else g.detach().clone()   # never store the caller's array
        roots.append((t._grad_node(), t._out_index))
        out.append(g)
    return roots, out


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, inputs=None):
    """Accumulate the gradients of ``tensors`` into the leaves' ``.grad``."""
    tensors = _as_list(tensors)
    retain_graph = create_graph if retain_graph is None else retain_graph
    roots, grads = _root_grads(tensors, grad_tensors, create_graph)
    if inputs is not None:
        inputs = _as_list(inputs)
        found = grad(tensors, inputs, grads, retain_graph, create_graph, allow_unused=True)
        for x, g in zip(inputs, found):
            if g is not None:
                g = g if create_graph else g.detach()
                x.grad = g.clone() if x.grad is None else x.grad + g
        return
    engine.backward_pass(roots, grads, retain_graph, create_graph)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False,
         allow_unused=None, materialize_grads=False):
    """d(outputs)/d(inputs) weighted by ``grad_outputs``, returned (no ``.grad`` is touched)."""
    outputs, inputs = _as_list(outputs), _as_list(inputs)
    retain_graph = create_graph if retain_graph is None else retain_graph
    roots, grads = _root_grads(outputs, grad_outputs, create_graph)
    for k, x in enumerate(inputs):
        if not x.requires_grad:
            raise RuntimeError(f"inputs[{k}] does not require grad")
    targets = [(x._grad_node(), x._out_index) for x in inputs]
    found = engine.backward_pass(roots, grads, retain_graph, create_graph, targets)
    result = []
    for k, (x, g) in enumerate(zip(inputs, found)):
        if g is None:
            if materialize_grads:
                g = x.detach() * 0.0
            elif not allow_unused:
                raise RuntimeError(f"One of the differentiated Tensors (inputs[{k}], shape "
                                   f"{list(x.shape)}) appears to not have been used in the graph. "
                                   "Set allow_unused=True if this is the desired behavior.")
        elif not create_graph:
            g = g.detach()
        result.append(g)
    return tuple(result)
