"""``einsum``: a sum of products over labelled axes, and its backward, itself an einsum.

    y[out] = Σ over the labels not in out of  Πⱼ xⱼ[Lⱼ]

so ∂L/∂xᵢ[Lᵢ] = Σ over the labels not in Lᵢ of  g[out] · Π_{j≠i} xⱼ[Lⱼ]: the einsum of
the gradient with the other operands, back to operand i's labels. Two cases need one
constant operand each, so the backward stays a single einsum (differentiable again):

- a label that only operand i has (summed away in the forward): a ones vector of its
  size broadcasts the gradient along it;
- a label that operand i repeats (a diagonal, as in ``"ii->"``): the repeat gets a fresh
  label tied to the first by an identity matrix, which puts the gradient on the diagonal.

Operands that broadcast (an ellipsis, or a size-1 axis) get the broadcast gradient,
which the engine sums back to their shape as for any op.
"""
import string

from .. import backend
from ..autograd.function import Function
from .elementwise import promote


def parse(equation, shapes):
    """(input label strings, output label string): ``equation`` with spaces removed and
    every ``...`` replaced by letters of its own, right-aligned across the operands."""
    equation = equation.replace(" ", "")
    lhs, arrow, out = equation.partition("->")
    ins = lhs.split(",")
    if len(ins) != len(shapes):
        raise ValueError(f"einsum(): {len(ins)} operands in the equation {equation!r} but "
                         f"{len(shapes)} given")
    letters = set(equation) - set(".,->")
    if not all(c in string.ascii_letters for c in letters):
        raise ValueError(f"einsum(): labels must be letters, got {equation!r}")
    free = [c for c in string.ascii_letters if c not in letters]
    width = 0
    for k, (term, shape) in enumerate(zip(ins, shapes)):
        named = len(term.replace("...", ""))
        if named > len(shape) or ("..." not in term and named != len(shape)):
            raise RuntimeError(f"einsum(): the number of subscripts in the equation ({named}) "
                               f"does not match the number of dimensions ({len(shape)}) for "
                               f"operand {k}" + ("" if "..." in term else
                                                 " and no ellipsis was given"))
        if "..." in term:
            width = max(width, len(shape) - named)
    ellipsis = "".join(free[:width])
    ins = [t.replace("...", ellipsis[width - (len(s) - len(t.replace("...", ""))):])
           for t, s in zip(ins, shapes)]
    if arrow:
        out = out.replace("...", ellipsis)
    else:                               # implicit: the labels used once, in alphabetical order
        used = "".join(ins)
        out = ellipsis + "".join(sorted(c for c in set(used) - set(ellipsis)
                                        if used.count(c) == 1))
    return ins, out


class Einsum(Function):
    """y = einsum(ins -> out, x₀, x₁, ...);   ∂L/∂xᵢ = einsum(out, Lⱼ (j ≠ i) -> Lᵢ, g, xⱼ)
    (see the module docstring for labels only xᵢ has, and repeated labels)"""
    raw = True

    @staticmethod
    def forward(ctx, ins, out, *operands):
        operands = promote(*operands)
        ctx.ins, ctx.out = ins, out
        ctx.save_for_backward(*operands)
        return backend.xp(operands[0]).einsum(",".join(ins) + "->" + out, *operands)

    @staticmethod
    def backward(ctx, grad):
        operands = ctx.saved_tensors
        xp = backend.xp(grad.array)
        grads = [None, None]
        for i, (labels, x) in enumerate(zip(ctx.ins, operands)):
            if not ctx.needs_input_grad[2 + i]:
                grads.append(None)
                continue
            terms = [ctx.out] + [t for j, t in enumerate(ctx.ins) if j != i]
            args = [grad] + [o for j, o in enumerate(operands) if j != i]
            spare = iter(c for c in string.ascii_letters
                         if c not in "".join(ctx.ins) + ctx.out)
            target = ""
            for c, size in zip(labels, x.shape):
                if c in target:                               # a repeat: a diagonal
                    fresh = next(spare)
                    terms.append(c + fresh)
                    args.append(xp.eye(size, dtype=grad.dtype))       # a constant
                    c = fresh
                elif not any(c in t for t in terms):          # summed away: broadcast back
                    terms.append(c)
                    args.append(xp.ones(size, dtype=grad.dtype))
                target += c
            grads.append(Einsum.apply(tuple(terms), target, *args))
        return tuple(grads)


def einsum(equation, *operands):
    """``einsum("ij,jk->ik", a, b)``; the operands may also come as one list."""
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    ins, out = parse(equation, [o.shape for o in operands])
    return Einsum.apply(tuple(ins), out, *operands)
