"""``minigrad.nn.functional`` (import as ``F``): every layer as a plain function.

One family per file (activations, losses, classification, norms, regularization,
vectors, sparse: the embedding lookup); the fused ops with their own backward (``linear``, ``logsigmoid``, batch norm's
training step, the NLL pick, binary cross-entropy) are in ``minigrad/ops/nn.py``. This file
gathers the names PyTorch's ``torch.nn.functional`` has.
"""
from ...ops.nn import linear, logsigmoid
from .activations import (celu, elu, erf, gelu, glu, hardshrink, hardsigmoid, hardswish,
                          hardtanh, leaky_relu, log_softmax, maxout, mish, prelu, relu, relu_,
                          relu6, rrelu, selu, sigmoid, silu, softmax, softmin, softplus,
                          softshrink, softsign, tanh, tanhshrink, threshold)
from .classification import cross_entropy, multi_margin_loss, nll_loss
from .losses import (binary_cross_entropy, binary_cross_entropy_with_logits,
                     cosine_embedding_loss, gaussian_nll_loss, hinge_embedding_loss, huber_loss,
                     kl_div, l1_loss, margin_ranking_loss, mse_loss, poisson_nll_loss,
                     smooth_l1_loss, soft_margin_loss)
from .norms import batch_norm, group_norm, instance_norm, layer_norm
from .regularization import alpha_dropout, dropout
from .sparse import embedding
from .vectors import bilinear, cosine_similarity, normalize, one_hot, pad, pairwise_distance
