"""Newton's method: exact Hessian for small models, Hessian-free (CG on Hv) otherwise."""
import math

from .. import backend
from ..autograd import grad
from ..autograd.grad_mode import enable_grad, no_grad
from ..ops import cat
from ..tensor import Tensor
from .optimizer import Optimizer


def _flat(tensors, like):
    """One flat raw array from per-parameter gradients (zeros where unused)."""
    xp = backend.xp(like[0].array)
    return xp.concatenate([xp.zeros(p.numel(), p.dtype) if t is None else t.array.reshape(-1)
                           for t, p in zip(tensors, like)])


def conjugate_gradient(matvec, b, max_iter, tol):
    """Solve A d = b for symmetric positive definite A, given only d ↦ A d (Hestenes–Stiefel)."""
    xp = backend.xp(b)
    d = xp.zeros_like(b)
    r = b.copy()                         # residual b − A d
    direction = r.copy()
    rr = float(xp.dot(r, r))
    for _ in range(max_iter):
        if math.sqrt(rr) <= tol:
            break
        a_dir = matvec(direction)
        alpha = rr / float(xp.dot(direction, a_dir))
        d += alpha * direction
        r -= alpha * a_dir
        rr_new = float(xp.dot(r, r))
        direction = r + (rr_new / rr) * direction
        rr = rr_new
    return d


class Newton(Optimizer):
    r"""Newton's method over all parameters as one vector θ.   symbols: docs/notation.md

        (1) g ← ∇L(θ),   H ← ∇²L(θ)
        (2) d ← (H + δI)⁻¹ g                 (damping δ: Levenberg–Marquardt)
        (3) θ ← θ − η d                      (η = lr = 1: the pure Newton step)

    ``method="exact"`` builds H row by row with double backward (n backward
    passes for n parameters) and solves (2) directly: for small models.
    ``method="cg"`` never forms H: it solves (2) by conjugate gradient using
    Hessian-vector products Hv = ∇(g·v) (Pearlmutter's trick), at most
    ``cg_max_iter`` (default n) of them, until ‖residual‖ ≤ ``cg_tol``.
    CG needs H + δI positive definite; use damping away from a minimum.

    ``step(closure)``: the closure computes and *returns* the loss, **without**
    calling ``backward()`` (Newton differentiates it twice itself). On a
    quadratic one step with η = 1 lands on the minimiser; η < 1 ("damped
    Newton" in the lectures) shrinks the step: θ ← θ − η H⁻¹g.
    """

    def __init__(self, params, lr=1.0, method="exact", damping=0.0, cg_max_iter=None,
                 cg_tol=1e-10):
        if method not in ("exact", "cg"):
            raise ValueError(f"method must be 'exact' or 'cg', got {method!r}")
        super().__init__(params, dict(lr=lr, method=method, damping=damping,
                                      cg_max_iter=cg_max_iter, cg_tol=cg_tol))

    @no_grad()
    def step(self, closure):
        params = [p for group in self.param_groups for p in group["params"]]
        settings = self.param_groups[0]
        with enable_grad():
            loss = closure()
            grads = grad(loss, params, create_graph=True, allow_unused=True)      # (1)
            g_flat = cat([(p.detach() * 0.0 if g is None else g).reshape(-1)
                          for g, p in zip(grads, params)])
            g = g_flat.array.copy()
            xp = backend.xp(g)

            def hessian_times(v):                                                 # H v = ∇(g·v)
                gv = (g_flat * Tensor._make(v)).sum()
                return _flat(grad(gv, params, retain_graph=True, allow_unused=True), params)

            if settings["method"] == "exact":
                rows = [hessian_times(e) for e in xp.eye(g.size, dtype=g.dtype)]     # (1)
                H = xp.stack(rows)
                d = xp.linalg.solve(H + settings["damping"] * xp.eye(g.size, dtype=g.dtype),
                                    g)                                                # (2)
            else:
                d = conjugate_gradient(lambda v: hessian_times(v) + settings["damping"] * v,
                                       g, settings["cg_max_iter"] or g.size,
                                       settings["cg_tol"])                           # (2)
        offset = 0
        for group in self.param_groups:
            for p in group["params"]:
                n = p.numel()
                p.sub_(group["lr"] * d[offset:offset + n].reshape(p.shape))           # (3)
                offset += n
        return loss
