"""gradcheck: compare backward's Jacobian with central finite differences.

For every differentiable input x and output y, the analytical Jacobian is
built row by row (one backward pass per output element, with a one-hot
upstream gradient: so a backward that ignores or mis-weights its incoming
gradient fails), the numerical one column by column::

    J_num[:, i] = (f(x + eps·eᵢ) − f(x − eps·eᵢ)) / (2·eps)

They agree when |J_ana − J_num| ≤ atol + rtol·|J_num| everywhere. On a
mismatch the report names the worst element and then re-checks each op of
the graph on its own inputs to name the op whose backward is wrong.
"""
import traceback
import warnings

import numpy as np

from .. import backend
from ..tensor import Tensor
from . import grad_mode
from .backprop import grad
from .engine import _call_backward, toposort
from .function import AccumulateGrad, _record_inputs


class GradcheckError(RuntimeError):
    """gradcheck found an analytical gradient that disagrees with finite differences."""


def _as_tuple(x):
    return x if isinstance(x, tuple) else tuple(x) if isinstance(x, list) else (x,)


def _outputs(func, inputs):
    return [o for o in _as_tuple(func(*inputs)) if isinstance(o, Tensor)]


def numerical_jacobians(func, inputs, wrt, eps):
    """{(output j, input k): J} by central differences, perturbing x.array in place."""
    outs = _outputs(func, inputs)
    jac = {}
    for k in wrt:
        x = inputs[k]
        cols = [np.zeros((o.array.size, x.array.size)) for o in outs]
        for i in range(x.array.size):
            idx = np.unravel_index(i, x.shape)
            orig = x.array[idx].item()
            x.array[idx] = orig + eps
            plus = [backend.to_numpy(o.array).astype(np.float64).ravel() for o in _outputs(func, inputs)]
            x.array[idx] = orig - eps
            minus = [backend.to_numpy(o.array).astype(np.float64).ravel() for o in _outputs(func, inputs)]
            x.array[idx] = orig
            for j in range(len(outs)):
                cols[j][:, i] = (plus[j] - minus[j]) / (2 * eps)
        for j in range(len(outs)):
            jac[(j, k)] = cols[j]
    return jac


def analytical_jacobians(func, inputs, wrt):
    """{(output j, input k): J} from one backward pass per output element."""
    with grad_mode.enable_grad():
        outs = _outputs(func, inputs)
    jac = {}
    xs = [inputs[k] for k in wrt]
    for j, out in enumerate(outs):
        rows = {k: np.zeros((out.array.size, inputs[k].array.size)) for k in wrt}
        if out.requires_grad and out.dtype.kind == "f":
            xp = backend.xp(out.array)
            for r in range(out.array.size):
                onehot = xp.zeros(out.array.size, dtype=out.dtype)
                onehot[r] = 1
                gs = grad(out, xs, Tensor._make(onehot.reshape(out.shape)), retain_graph=True,
                          allow_unused=True)
                for k, g in zip(wrt, gs):
                    if g is not None:
                        rows[k][r] = backend.to_numpy(g.array).astype(np.float64).ravel()
        for k in wrt:
            jac[(j, k)] = rows[k]
    return jac, outs


def _compare(ana, num, atol, rtol):
    """(ok, worst (row, col), its error measure) for one Jacobian pair."""
    if ana.size == 0:
        return True, None
    excess = np.abs(ana - num) - (atol + rtol * np.abs(num))
    excess = np.where(np.isnan(ana) != np.isnan(num), np.inf, np.nan_to_num(excess, nan=0.0))
    worst = np.unravel_index(np.argmax(excess), excess.shape)
    return bool(excess[worst] <= 0), worst


def _check(func, inputs, eps, atol, rtol):
    """The first mismatch as (j, k, J_ana, J_num, worst), or None."""
    wrt = [k for k, x in enumerate(inputs) if hasattr(x, "requires_grad") and x.requires_grad]
    ana, outs = analytical_jacobians(func, inputs, wrt)
    num = numerical_jacobians(func, inputs, wrt, eps)
    for (j, k), a in ana.items():
        ok, worst = _compare(a, num[(j, k)], atol, rtol)
        if not ok:
            return j, k, a, num[(j, k)], worst, outs
    return None


def _guilty_ops(func, inputs, eps, atol, rtol):
    """Re-check every op of the graph on its own recorded inputs; the ones that fail."""
    _record_inputs["enabled"] = True
    try:
        with grad_mode.enable_grad():
            outs = _outputs(func, inputs)
    finally:
        _record_inputs["enabled"] = False
    roots = [o.grad_fn for o in outs if o.grad_fn is not None]
    guilty = []
    for node in toposort(roots):
        if isinstance(node, AccumulateGrad) or node.inputs is None:
            continue
        args = [a.detach().to(np.float64).requires_grad_() if isinstance(a, Tensor) and
                a.requires_grad else a for a in node.inputs]
        positions = [i for i, a in enumerate(args) if isinstance(a, Tensor) and a.requires_grad]

        def local(*xs, node=node, args=args, positions=positions):
            full = list(args)
            for i, x in zip(positions, xs):
                full[i] = x
            return node.fn.apply(*full)
        try:
            if _check(local, [args[i] for i in positions], eps, atol, rtol) is not None:
                guilty.append(node)
        except Exception:                                # an op that cannot be re-run alone
            continue
    return guilty


def _report(j, k, ana, num, worst, outs, inputs, atol, rtol, guilty):
    r, c = worst
    out_idx = np.unravel_index(r, outs[j].shape) if outs[j].ndim else ()
    in_idx = np.unravel_index(c, inputs[k].shape) if inputs[k].ndim else ()
    a, n = float(ana[r, c]), float(num[r, c])
    lines = [
        f"Jacobian mismatch for output {j} with respect to input {k},",
        f"worst element: d output{j}[{', '.join(map(str, map(int, out_idx)))}] / "
        f"d input{k}[{', '.join(map(str, map(int, in_idx)))}]",
        f"  analytical: {a!r}",
        f"  numerical:  {n!r}",
        f"  absolute error {abs(a - n):.6g}, relative error {abs(a - n) / max(abs(n), 1e-300):.6g}; "
        f"allowed: atol + rtol·|numerical| = {atol} + {rtol}·{abs(n):.6g} = {atol + rtol * abs(n):.6g}",
    ]
    if guilty:
        lines.append("The op whose backward disagrees with finite differences on its own inputs: "
                     + "; ".join(f"{node.name()} (created at {node.created_at})" for node in guilty))
    if ana.size <= 64:
        lines += ["numerical:", np.array2string(num, precision=6),
                  "analytical:", np.array2string(ana, precision=6)]
    return "\n".join(lines)


def _backward_error(err):
    """A report naming the Function whose own backward code raised ``err``, or None.

    Found in the traceback: the engine's ``_call_backward`` frame holds the node,
    and the next frame must be that Function's ``backward`` (errors the engine
    raises itself, such as a wrong gradient shape, already name the Function).
    """
    tb = err.__traceback__
    while tb is not None and tb.tb_frame.f_code is not _call_backward.__code__:
        tb = tb.tb_next
    if tb is None or tb.tb_next is None:
        return None
    node, grads = tb.tb_frame.f_locals.get("node"), tb.tb_frame.f_locals.get("grads", ())
    inner = tb.tb_next.tb_frame
    if node is None or inner.f_code is not getattr(node.fn.backward, "__code__", None):
        return None
    line = traceback.extract_tb(tb.tb_next, limit=1)[0]
    shapes = ", ".join(str(tuple(e[2])) if e else "-" for e in node.next_edges)
    return (f"the backward of {node.fn.__name__} raised {type(err).__name__}: {err}\n"
            f"  at {line.filename}:{line.lineno}" + (f": {line.line}\n" if line.line else "\n") +
            f"  its inputs have shapes {shapes}; the incoming gradient has shape "
            f"{', '.join(str(tuple(g.shape)) for g in grads if g is not None)}")


def gradcheck(func, inputs, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True, **ignored):
    """True if backward's Jacobian of ``func`` at ``inputs`` matches finite differences.

    Use float64 inputs: in float32 the finite differences alone are off by ~1e-3.
    """
    inputs = _as_tuple(inputs)
    wrt = [k for k, x in enumerate(inputs) if isinstance(x, Tensor) and x.requires_grad]
    if not wrt:
        raise ValueError("gradcheck expects at least one input tensor to require gradient, "
                         "but none of the them have requires_grad=True.")
    for k in wrt:
        if inputs[k].dtype != np.float64:
            warnings.warn(f"Input #{k} requires gradient and is not a double precision floating "
                          f"point tensor ({inputs[k].dtype}): finite differences in low precision "
                          "make this check unreliable. Use .double() inputs.", stacklevel=2)
    try:
        found = _check(func, inputs, eps, atol, rtol)
    except Exception as err:
        report = _backward_error(err)
        if report is None:
            raise
        if not raise_exception:
            return False
        raise GradcheckError(report) from err
    if found is None:
        return True
    if not raise_exception:
        return False
    guilty = _guilty_ops(func, inputs, eps, atol, rtol)
    raise GradcheckError(_report(*found, inputs, atol, rtol, guilty))


def gradgradcheck(func, inputs, grad_outputs=None, *, eps=1e-6, atol=1e-5, rtol=1e-3,
                  raise_exception=True, **ignored):
    """gradcheck of the gradient itself: checks the backward of backward (create_graph)."""
    inputs = _as_tuple(inputs)
    wrt = [k for k, x in enumerate(inputs) if isinstance(x, Tensor) and x.requires_grad]
    outs = _outputs(func, inputs)
    if grad_outputs is None:
        rng = np.random.default_rng(0)
        grad_outputs = [Tensor._make(backend.xp(o.array).asarray(rng.standard_normal(o.shape),
                                                                 dtype=o.dtype)).requires_grad_()
                        for o in outs]
    grad_outputs = list(_as_tuple(grad_outputs))
    n = len(inputs)

    def first_derivatives(*args):
        xs, vs = args[:n], args[n:]
        ys = _outputs(func, xs)
        gs = grad(ys, [xs[k] for k in wrt], list(vs), create_graph=True, allow_unused=True)
        return tuple(g for g in gs if g is not None)

    return gradcheck(first_derivatives, tuple(inputs) + tuple(grad_outputs), eps=eps, atol=atol,
                     rtol=rtol, raise_exception=raise_exception)
