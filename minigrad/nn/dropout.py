"""Dropout layers: active in ``train()`` mode, the identity (or a rescaling) in ``eval()``."""
from . import functional as F
from .module import Module


class Dropout(Module):
    """Zero each element with probability p during training.

    ``scale_at="train"`` (PyTorch's inverted dropout): kept units are scaled
    by 1/(1 − p) in training and evaluation is the identity.
    ``scale_at="test"`` (the lectures' vanilla dropout, not in PyTorch):
    training only drops, evaluation multiplies by the keep probability 1 − p.
    """

    def __init__(self, p=0.5, inplace=False, scale_at="train"):
        super().__init__()
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        if scale_at not in ("train", "test"):
            raise ValueError(f"scale_at must be 'train' or 'test', got {scale_at!r}")
        self.p, self.inplace, self.scale_at = p, inplace, scale_at

    def forward(self, input):
        return F.dropout(input, self.p, self.training, scale_at=self.scale_at)

    def extra_repr(self):
        text = f"p={self.p}, inplace={self.inplace}"
        return text if self.scale_at == "train" else text + f", scale_at={self.scale_at!r}"


class AlphaDropout(Module):
    """Dropout for SELU networks: keeps zero mean and unit variance (see F.alpha_dropout)."""

    def __init__(self, p=0.5, inplace=False):
        super().__init__()
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p, self.inplace = p, inplace

    def forward(self, input):
        return F.alpha_dropout(input, self.p, self.training)

    def extra_repr(self):
        return f"p={self.p}, inplace={self.inplace}"
