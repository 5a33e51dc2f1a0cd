"""``nn.utils``: gradient clipping, parameter vectors, penalties, MC dropout, weight norm."""
from .clip_grad import clip_grad_norm_, clip_grad_value_
from .convert_parameters import parameters_to_vector, vector_to_parameters
from .mc_dropout import mc_dropout_predict
from .penalties import l1_penalty, l2_penalty
from .weight_norm import remove_weight_norm, weight_norm
