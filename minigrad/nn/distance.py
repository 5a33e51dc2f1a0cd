"""Distances between pairs of vectors as modules: each calls its ``F`` function
(formula and gradient in :mod:`minigrad.nn.functional.vectors`)."""
from . import functional as F
from .module import Module


class CosineSimilarity(Module):
    """x₁·x₂ / max(‖x₁‖ ‖x₂‖, eps) along ``dim``."""

    def __init__(self, dim=1, eps=1e-8):
        super().__init__()
        self.dim, self.eps = dim, eps

    def forward(self, x1, x2):
        return F.cosine_similarity(x1, x2, self.dim, self.eps)


class PairwiseDistance(Module):
    """‖x₁ − x₂ + eps‖_p along the last dim."""

    def __init__(self, p=2.0, eps=1e-6, keepdim=False):
        super().__init__()
        self.norm, self.eps, self.keepdim = p, eps, keepdim

    def forward(self, x1, x2):
        return F.pairwise_distance(x1, x2, self.norm, self.eps, self.keepdim)
