"""Per-layer statistics of activations and gradients over one forward and backward pass.

The initialization lecture's diagnostic: push a batch through a deep stack and
look, layer by layer, at the distribution of what comes out (activations) and
of what flows back (gradients). Healthy layers keep both at a steady scale;
a bad init makes them shrink to 0 or blow up (or saturate tanh at ±1).

    records = layer_stats(layers, x, loss_fn=None, bins=30)
    print(format_table(records))

``layers``: a sequence of modules (or an ``nn.Sequential``) applied in order,
h₀ = x, hₗ = layers[l](hₗ₋₁). Each record is a :class:`LayerStats`:

    name                  "1 Linear" (position, 1-based, and class name; a
                          Sequential's children joined: "2 Linear+Tanh")
    act_mean, act_std     mean and std of hₗ over the batch and units
    act_hist              (counts, edges): NumPy histogram of hₗ, ``bins`` bins
    grad_mean, grad_std   mean and std of ∂L/∂hₗ
    grad_hist             (counts, edges) of ∂L/∂hₗ

The loss is ``loss_fn(h_L)``, by default L = Σ h_L (every output gets an
upstream gradient of 1, so the gradients show the backward pass alone). The
layers run in sequence, each output keeping its gradient (``retain_grad``); the
inputs need no gradient. The std is the population std (ddof = 0), as
``numpy.std``.
"""
from dataclasses import dataclass

import numpy as np

from .. import backend


@dataclass
class LayerStats:
    name: str
    act_mean: float
    act_std: float
    act_hist: tuple
    grad_mean: float
    grad_std: float
    grad_hist: tuple


def _numpy(t):
    return backend.to_numpy(t.detach().array).astype(np.float64)


def _name(layer):
    """A layer's class name; a Sequential's children's names joined by '+'."""
    children = list(layer.children()) if hasattr(layer, "children") else []
    if type(layer).__name__ == "Sequential" and children:
        return "+".join(type(c).__name__ for c in children)
    return type(layer).__name__


def layer_stats(layers, x, loss_fn=None, bins=30):
    """One forward and backward pass through ``layers``; a :class:`LayerStats` per layer."""
    layers = list(layers)
    if not layers:
        raise ValueError("layer_stats needs at least one layer")
    outputs, h = [], x
    for layer in layers:
        h = layer(h)
        if h.requires_grad:
            h.retain_grad()
        outputs.append(h)
    loss = h.sum() if loss_fn is None else loss_fn(h)
    if loss.requires_grad:
        loss.backward()
    records = []
    for i, (layer, out) in enumerate(zip(layers, outputs), start=1):
        act = _numpy(out)
        grad = _numpy(out.grad) if out.grad is not None else np.zeros_like(act)
        records.append(LayerStats(f"{i} {_name(layer)}", float(act.mean()),
                                  float(act.std()), np.histogram(act, bins),
                                  float(grad.mean()), float(grad.std()),
                                  np.histogram(grad, bins)))
    return records


def format_table(records, title=None):
    """The records as a text table: layer, activation mean/std, gradient mean/std."""
    width = max(len("layer"), *(len(r.name) for r in records))
    head = f"{'layer':<{width}}  {'act mean':>10}  {'act std':>10}  {'grad mean':>10}  " \
           f"{'grad std':>10}"
    lines = ([title] if title else []) + [head, "-" * len(head)]
    for r in records:
        lines.append(f"{r.name:<{width}}  {r.act_mean:>10.3g}  {r.act_std:>10.3g}  "
                     f"{r.grad_mean:>10.3g}  {r.grad_std:>10.3g}")
    return "\n".join(lines)
