"""Derivatives of whole functions (``torch.autograd.functional``).

    vjp(f, x, v)   = vᵀ J          one backward pass
    jvp(f, x, v)   = J v           the double-vjp trick: J v = ∂(uᵀJ)/∂u · v
    jacobian(f, x) = J             one vjp per output element
    hvp(f, x, v)   = H v           the gradient of (∇f · v)
    hessian(f, x)  = H             the Jacobian of ∇f
"""
from ..creation import zeros_like
from ..ops import stack
from . import grad_mode
from .backprop import grad


def _tupled(x):
    return (tuple(x), True) if isinstance(x, (tuple, list)) else ((x,), False)


def _prepare(inputs, create_graph):
    """Fresh leaves that require grad (kept in the graph when create_graph)."""
    return tuple(x.view_as(x) if create_graph and x.requires_grad else x.detach().requires_grad_()
                 for x in inputs)


def _grads(outputs, inputs, grad_outputs, create_graph):
    gs = grad(outputs, inputs, grad_outputs, retain_graph=True, create_graph=create_graph,
              allow_unused=True)
    return tuple(g if g is not None else x.detach() * 0.0 for g, x in zip(gs, inputs))


def _finish(values, create_graph):
    return tuple(v if create_graph else v.detach() for v in values)


def vjp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), vᵀ·J)."""
    inputs, multi = _tupled(inputs)
    with grad_mode.enable_grad():
        xs = _prepare(inputs, create_graph)
        out = func(*xs)
        g = _grads(out, xs, v, create_graph)
    g = _finish(g, create_graph)
    return out.detach() if not create_graph else out, (g if multi else g[0])


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), J·v), by differentiating uᵀJ with respect to a dummy u."""
    inputs, multi = _tupled(inputs)
    vs = _tupled(v)[0] if v is not None else None
    with grad_mode.enable_grad():
        xs = _prepare(inputs, create_graph)
        out = func(*xs)
        outs, out_multi = _tupled(out)
        us = tuple(zeros_like(o, requires_grad=True) for o in outs)
        g = grad(outs, xs, us, create_graph=True, allow_unused=True)
        pairs = [(gi, vi) for gi, vi in zip(g, vs or [None] * len(xs)) if gi is not None]
        jv = _grads([p[0] for p in pairs], us, [p[1] for p in pairs] if vs else None, create_graph)
    jv = _finish(jv, create_graph)
    outs = _finish(outs, create_graph)
    return (outs if out_multi else outs[0]), (jv if out_multi else jv[0])


def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False,
             strategy="reverse-mode"):
    """J[out..., in...] for each (output, input) pair, nested like PyTorch's."""
    inputs, multi_in = _tupled(inputs)
    with grad_mode.enable_grad():
        xs = _prepare(inputs, create_graph)
        outs, multi_out = _tupled(func(*xs))
        result = []
        for out in outs:
            rows = [[] for _ in xs]
            flat = out.reshape(-1)
            for r in range(flat.shape[0]):
                if out.requires_grad:
                    gs = _grads(flat[r], xs, None, create_graph)
                else:
                    gs = tuple(x.detach() * 0.0 for x in xs)
                for k, g in enumerate(gs):
                    rows[k].append(g)
            per_input = []
            for k, x in enumerate(xs):
                j = stack(rows[k]) if rows[k] else zeros_like(x).reshape(0, *x.shape)
                j = j.reshape(*out.shape, *x.shape)
                per_input.append(j if create_graph else j.detach())
            result.append(tuple(per_input) if multi_in else per_input[0])
    return tuple(result) if multi_out else result[0]


def hessian(func, inputs, create_graph=False, strict=False, vectorize=False,
            outer_jacobian_strategy="reverse-mode"):
    """H = the Jacobian of ∇func (func returns a scalar)."""
    inputs, multi = _tupled(inputs)

    def gradient(*xs):
        out = func(*xs)
        if out.numel() != 1:
            raise RuntimeError(f"hessian: the function must return a single-element tensor, "
                               f"got shape {list(out.shape)}")
        g = _grads(out.reshape(()), xs, None, True)
        return g if multi else g[0]

    return jacobian(gradient, inputs if multi else inputs[0], create_graph=create_graph)


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), H·v) = the gradient of ∇func · v."""
    inputs, multi = _tupled(inputs)
    vs = _tupled(v)[0]
    with grad_mode.enable_grad():
        xs = _prepare(inputs, create_graph)
        out = func(*xs)
        g = _grads(out, xs, None, True)
        dot = sum((gi * vi).sum() for gi, vi in zip(g, vs))
        hv = _grads(dot, xs, None, create_graph)
    hv = _finish(hv, create_graph)
    return (out if create_graph else out.detach()), (hv if multi else hv[0])


vhp = hvp     # H is symmetric: vᵀH = (Hv)ᵀ
