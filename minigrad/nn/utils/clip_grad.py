"""Gradient clipping, in place on the parameters' ``.grad``."""
from ... import backend
from ...autograd import grad_mode
from ...tensor import Tensor


def _grads(parameters):
    if isinstance(parameters, Tensor):
        parameters = [parameters]
    return [p.grad for p in parameters if p.grad is not None]


def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """Scale all gradients together so that their joint norm is at most ``max_norm``.

        ‖g‖ = (Σ_params ‖g_p‖ₚᵖ)^(1/p)   (the norm of the vector of all gradients)
        g ← g · min(1, max_norm / (‖g‖ + 1e−6))

    Returns ‖g‖ (before clipping) as a tensor.
    """
    from ...creation import tensor
    grads = _grads(parameters)
    norm_type = float(norm_type)
    if not grads:
        return tensor(0.0)
    with grad_mode.no_grad():
        device = grads[0].device
        norms = [g.norm(norm_type).to(device) for g in grads]
        if norm_type == float("inf"):
            total = norms[0] if len(norms) == 1 else Tensor._make(
                backend.xp(norms[0].array).stack([n.array for n in norms]).max())
        else:
            stacked = Tensor._make(backend.xp(norms[0].array).stack([n.array for n in norms]))
            total = stacked.norm(norm_type)
        if error_if_nonfinite and not bool(total.isfinite()):
            raise RuntimeError(f"The total norm of order {norm_type} for gradients from "
                               "`parameters` is non-finite, so it cannot be clipped. To disable "
                               "this error and scale the gradients by the non-finite norm "
                               "anyway, set `error_if_nonfinite=False`")
        coef = min(float(max_norm) / (float(total) + 1e-6), 1.0)
        for g in grads:
            g.mul_(coef)
    return total


def clip_grad_value_(parameters, clip_value, foreach=None):
    """Clamp every gradient element to [−clip_value, clip_value], in place."""
    clip_value = float(clip_value)
    with grad_mode.no_grad():
        for g in _grads(parameters):
            g.clamp_(-clip_value, clip_value)
