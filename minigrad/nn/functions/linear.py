"""Affine maps: ``linear`` and ``bilinear``."""


def linear(input, weight, bias=None):
    """y = x Wᵀ + b   for x of shape (*, in), W (out, in), b (out,);
    ∂L/∂x = g W,  ∂L/∂W = gᵀ x,  ∂L/∂b = Σ g   (all from matmul's backward)"""
    if input.shape[-1:] != weight.shape[-1:]:
        raise RuntimeError(f"linear: input of shape {list(input.shape)} cannot be multiplied "
                           f"with weight of shape {list(weight.shape)} (in_features "
                           f"{weight.shape[-1]} ≠ {input.shape[-1] if input.ndim else 0})")
    out = input @ weight.t() if weight.ndim == 2 else input @ weight
    return out if bias is None else out + bias


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
