"""Weight penalties for explicit regularization (not in PyTorch; the lectures' definitions):

    l1_penalty(params) = Σ |w|            (its subgradient: sign(w), 0 at w = 0)
    l2_penalty(params) = ½ Σ w²           (its gradient: w)

With the ½, ``loss + λ·l2_penalty(model.parameters())`` has gradient ∇loss + λw:
the same update as ``weight_decay=λ`` in SGD. Both are differentiable tensors.
"""


def l1_penalty(params):
    """Σ |w| over all elements of all ``params``."""
    return sum(p.abs().sum() for p in params)


def l2_penalty(params):
    """½ Σ w² over all elements of all ``params``."""
    return 0.5 * sum((p * p).sum() for p in params)
