"""Module hooks: what ``Module.__call__`` runs when a hook is registered (PyTorch's semantics).

A call with hooks runs, in order::

    forward pre-hooks     hook(module, args) -> None | new args   (a non-tuple is wrapped)
    forward               (inputs that require grad pass through an identity node first)
    forward hooks         hook(module, args, output) -> None | new output
                          (outputs that require grad pass through a second identity node)

Backward then meets the identity nodes in reverse: at the outputs' node the
backward pre-hooks run, ``hook(module, grad_output) -> None | new grad_output``;
at the inputs' node the full backward hooks run,
``hook(module, grad_input, grad_output) -> None | new grad_input``. ``grad_input``
has one entry per positional argument (None for a non-Tensor or an input
that needs no gradient); if no input needs one, the hooks run at the outputs'
node with ``grad_input`` all None. As in PyTorch, the backward hooks called are
those registered when forward ran.
"""
from ..autograd import grad_mode
from ..autograd.function import Function
from ..tensor import Tensor


def call_with_hooks(module, args, kwargs):
    """One call of ``module`` running its forward and backward hooks (the slow path)."""
    for key, hook in list(module._forward_pre_hooks.items()):
        if key in module._forward_pre_hooks_with_kwargs:
            result = hook(module, args, kwargs)
            if result is not None:
                if not (isinstance(result, tuple) and len(result) == 2):
                    raise RuntimeError("forward pre-hook must return None or a tuple of "
                                       f"(new_args, new_kwargs), but got {result}.")
                args, kwargs = result
        else:
            result = hook(module, args)
            if result is not None:
                args = result if isinstance(result, tuple) else (result,)
    backward_hooks = None
    if module._backward_hooks or module._backward_pre_hooks:
        backward_hooks = BackwardHook(module)
        args = backward_hooks.wrap(args, "input")
    out = module.forward(*args, **kwargs)
    for key, hook in list(module._forward_hooks.items()):
        if key in module._forward_hooks_with_kwargs:
            result = hook(module, args, kwargs, out)
        else:
            result = hook(module, args, out)
        if result is not None:
            out = result
    if backward_hooks is not None:
        out = backward_hooks.wrap(out, "output")
    return out


class BackwardHookFunction(Function):
    """y = x for each tensor (identity);   dy/dx = 1. Where a module's backward hooks run:
    on its outputs' node the backward pre-hooks, on its inputs' node the full backward hooks."""
    raw = True

    @staticmethod
    def forward(ctx, hooks, side, *arrays):
        ctx.hooks, ctx.side = hooks, side
        return arrays

    @staticmethod
    def backward(ctx, *grads):
        return (None, None) + ctx.hooks.on_gradients(ctx.side, grads)


class BackwardHook:
    """The state of one module call with backward hooks: ``grad_output``, once it is known."""

    def __init__(self, module):
        self.module = module
        self.pre_hooks = list(module._backward_pre_hooks.values())
        self.hooks = list(module._backward_hooks.values())
        self.grad_output = None
        self.n = {"input": 0, "output": 0}
        self.where = {"input": [], "output": []}      # positions of the wrapped tensors

    def wrap(self, values, side):
        """Pass the tensors in ``values`` that require grad through one identity node."""
        single = isinstance(values, Tensor)
        items = (values,) if single else values
        if not isinstance(items, (tuple, list)):
            return values                                 # no tensors to watch
        where = [i for i, v in enumerate(items) if isinstance(v, Tensor) and v.requires_grad]
        self.n[side], self.where[side] = len(items), where
        if not where or not grad_mode.is_grad_enabled():
            self.where[side] = []
            return values
        new = list(items)
        for i, t in zip(where, BackwardHookFunction.apply(self, side, *(items[i] for i in where))):
            new[i] = t
        return new[0] if single else type(items)(new)

    def on_gradients(self, side, grads):
        """The identity node's backward: run the hooks of ``side``; return its gradients."""
        full = [None] * self.n[side]
        for i, g in zip(self.where[side], grads):
            full[i] = g
        full = tuple(full)
        if side == "output":
            for hook in self.pre_hooks:
                full = _replace(full, hook(self.module, full), "Backward pre hook", "grad_output")
            self.grad_output = full
            if not self.where["input"]:                   # no input node: the hooks run now
                self._run_hooks((None,) * self.n["input"])
        else:
            full = self._run_hooks(full)
        return tuple(full[i] for i in self.where[side])

    def _run_hooks(self, grad_input):
        for hook in self.hooks:
            grad_input = _replace(grad_input, hook(self.module, grad_input, self.grad_output),
                                  "Backward hook", "grad_input")
        return grad_input


def _replace(old, new, who, what):
    """A hook's result: None keeps ``old``; else as many gradients as ``old`` had."""
    if new is None:
        return old
    new = (new,) if isinstance(new, Tensor) else tuple(new)
    if len(new) != len(old):
        raise RuntimeError(f"{who} returned an invalid number of {what}, got {len(new)}, "
                           f"but expected {len(old)}")
    return new
