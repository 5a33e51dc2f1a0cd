"""Parameters as one flat vector and back (for second-order methods, line searches, ...)."""
from ...autograd import grad_mode
from ...ops import cat


def parameters_to_vector(parameters):
    """All parameters flattened and concatenated, in order (differentiable)."""
    return cat([p.reshape(-1) for p in parameters])


def vector_to_parameters(vec, parameters):
    """Copy consecutive slices of ``vec`` into the parameters, in place (same objects)."""
    if vec.ndim != 1:
        raise TypeError(f"expected a 1-D vector, got shape {list(vec.shape)}")
    params = list(parameters)
    total = sum(p.numel() for p in params)
    if vec.numel() != total:
        raise ValueError(f"vector of {vec.numel()} elements does not fit parameters holding "
                         f"{total} elements")
    start = 0
    with grad_mode.no_grad():
        for p in params:
            n = p.numel()
            p.copy_(vec[start:start + n].reshape(p.shape))
            start += n
