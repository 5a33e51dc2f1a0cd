"""``minigrad.nn.functional`` (import as ``F``): every layer as a plain function.

The definitions live in :mod:`minigrad.nn.functions`, one family per file;
this module gathers them under PyTorch's names.
"""
from .functions.activations import (celu, elu, erf, gelu, glu, hardshrink, hardsigmoid,
                                    hardswish, hardtanh, leaky_relu, log_softmax, logsigmoid,
                                    maxout, mish, prelu, relu, relu6, rrelu, selu, sigmoid, silu,
                                    softmax, softmin, softplus, softshrink, softsign, tanh,
                                    tanhshrink, threshold)
from .functions.classification import cross_entropy, multi_margin_loss, nll_loss
from .functions.dropout import alpha_dropout, dropout
from .functions.linear import bilinear, linear
from .functions.losses import (binary_cross_entropy, binary_cross_entropy_with_logits,
                               cosine_embedding_loss, gaussian_nll_loss, hinge_embedding_loss,
                               huber_loss, kl_div, l1_loss, margin_ranking_loss, mse_loss,
                               poisson_nll_loss, smooth_l1_loss, soft_margin_loss)
from .functions.normalization import batch_norm, group_norm, instance_norm, layer_norm
from .functions.vectors import cosine_similarity, normalize, one_hot, pad, pairwise_distance
