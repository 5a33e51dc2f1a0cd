"""Affine maps: ``linear`` (one op, as PyTorch's addmm) and ``bilinear``."""
from ...autograd.function import Function
from ...ops.elementwise import promote


class Linear(Function):
    """y = x Wᵀ + b   for x of shape (*, in), W (out, in), b (out,);
    ∂L/∂x = G W,   ∂L/∂W = Gᵀ x,   ∂L/∂b = Σ G over the batch   (G = ∂L/∂y)

    One op instead of transpose, matmul and add: a layer costs one graph node.
    """
    raw = True

    @staticmethod
    def forward(ctx, x, w, b):
        x, w, b = promote(x, w, b) if b is not None else (*promote(x, w), None)
        ctx.save_for_backward(x, w)
        y = x @ w.T
        if b is not None:
            y += b
        return y

    @staticmethod
    def backward(ctx, grad):
        x, w = ctx.saved_tensors
        need_x, need_w, need_b = ctx.needs_input_grad
        if grad.ndim == 2:                               # (N, out) and (N, in) already
            g, x2 = grad, x
        else:                                            # flatten the batch dims
            g, x2 = grad.reshape(-1, grad.shape[-1]), x.reshape(-1, x.shape[-1])
        gx = grad @ w if need_x else None
        gw = g.t() @ x2 if need_w else None
        gb = g.sum(dim=0) if need_b else None
        return gx, gw, gb


def linear(input, weight, bias=None):
    """y = x Wᵀ + b (see :class:`Linear` for the gradients)."""
    if input.shape[-1:] != weight.shape[-1:]:
        raise RuntimeError(f"linear: input of shape {list(input.shape)} cannot be multiplied "
                           f"with weight of shape {list(weight.shape)} (in_features "
                           f"{weight.shape[-1]} ≠ {input.shape[-1] if input.ndim else 0})")
    if weight.ndim == 1:                                 # a single output feature, squeezed
        out = input @ weight
        return out if bias is None else out + bias
    return Linear.apply(input, weight, bias)


def bilinear(input1, input2, weight, bias=None):
    """yₖ = x₁ᵀ Aₖ x₂ + bₖ   for x₁ (*, in1), x₂ (*, in2), A (out, in1, in2), b (out,)"""
    out_f, in1, in2 = weight.shape
    if input1.shape[-1] != in1 or input2.shape[-1] != in2 or \
            input1.shape[:-1] != input2.shape[:-1]:
        raise RuntimeError(f"bilinear: inputs of shapes {list(input1.shape)} and "
                           f"{list(input2.shape)} do not fit weight of shape {list(weight.shape)}")
    batch = tuple(input1.shape[:-1])
    x1, x2 = input1.reshape(-1, in1), input2.reshape(-1, in2)
    left = x1 @ weight.permute(1, 0, 2).reshape(in1, out_f * in2)        # (M, out·in2)
    out = (left.reshape(-1, out_f, in2) * x2.unsqueeze(1)).sum(dim=-1)     # (M, out)
    if bias is not None:
        out = out + bias
    return out.reshape(batch + (out_f,))
