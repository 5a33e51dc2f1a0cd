"""Small tools on vectors: ``pad``, ``one_hot``, ``normalize``, ``cosine_similarity``,
``pairwise_distance`` and the bilinear form ``bilinear``."""
from ... import backend
from ...ops import pad as _pad
from ...tensor import Tensor

EPS_COSINE = 1e-8


def pad(input, pad, mode="constant", value=None):
    """Pad the last dims: ``pad = (left, right, top, bottom, ...)`` as in PyTorch."""
    return _pad(input, pad, mode, value)


def one_hot(tensor, num_classes=-1):
    """(*,) int64 class indices -> (*, num_classes) int64 with a 1 at each index."""
    if tensor.dtype.kind not in "iu":
        raise RuntimeError(f"one_hot is only applicable to index tensor, got {tensor.dtype}")
    xp = backend.xp(tensor.array)
    if num_classes == -1:
        num_classes = int(tensor.array.max()) + 1 if tensor.numel() else 0
    if tensor.numel() and (int(tensor.array.min()) < 0 or int(tensor.array.max()) >= num_classes):
        raise RuntimeError(f"Class values must be non-negative and smaller than num_classes="
                           f"{num_classes}")
    out = (tensor.array[..., None] == xp.arange(num_classes)).astype("int64")
    return Tensor._make(out)


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    """x / max(‖x‖ₚ, ε) along ``dim``."""
    norm = input.norm(p, dim=dim, keepdim=True).clamp(min=eps)
    return input / norm


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    """x₁·x₂ / (max(‖x₁‖, ε) · max(‖x₂‖, ε))   (PyTorch ≥ 2.0 clamps each norm)"""
    n1 = x1.norm(dim=dim).clamp(min=eps)
    n2 = x2.norm(dim=dim).clamp(min=eps)
    return (x1 * x2).sum(dim=dim) / (n1 * n2)


def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    """‖x₁ − x₂ + ε‖ₚ over the last dim."""
    return (x1 - x2 + eps).norm(p, dim=-1, keepdim=keepdim)


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
