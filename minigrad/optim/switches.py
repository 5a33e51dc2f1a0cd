"""PyTorch's implementation switches on its optimizers (``foreach``, ``fused``,
``capturable``, ``differentiable``): accepted, so ``AdamW(groups, lr, fused=True)`` from
lecture code runs; minigrad has one implementation, so they change nothing (and are not
kept in the parameter groups). The two that change what a step means are refused."""

SWITCHES = ("foreach", "fused", "capturable", "differentiable")


def check_switches(optimizer, switches):
    """``switches``: the extra keyword arguments an optimizer's constructor received."""
    name = type(optimizer).__name__
    for key, value in switches.items():
        if key not in SWITCHES:
            raise TypeError(f"{name}.__init__() got an unexpected keyword argument '{key}'")
        if key in ("capturable", "differentiable") and value:
            raise NotImplementedError(f"{name}({key}=True) is not available in minigrad: steps "
                                      "run eagerly and are not differentiated through")
