"""Optimizers and learning-rate schedules: PyTorch's ``torch.optim`` plus the lectures' variants."""
from . import lr_scheduler, swa_utils
from .adadelta import Adadelta
from .adagrad import Adagrad
from .adam import Adam
from .adamax import Adamax
from .adamw import AdamW
from .asgd import ASGD
from .heavy_ball import HeavyBall
from .lbfgs import LBFGS
from .lookahead import Lookahead
from .lookahead_sam import AOSAM, EGSAM, OGSAM
from .nadam import NAdam
from .nesterov import NesterovAGD, SutskeverNesterov
from .newton import Newton
from .optimizer import Optimizer
from .proximal_sgd import ProximalSGD
from .radam import RAdam
from .rmsprop import RMSprop
from .rmsprop_graves import RMSpropGraves
from .rprop import Rprop
from .sam import SAM
from .sgd import SGD
from .sgdw import SGDW

__all__ = ["Optimizer", "SGD", "Adagrad", "RMSprop", "Adadelta", "Adam", "AdamW", "Adamax",
           "NAdam", "RAdam", "ASGD", "Rprop", "LBFGS", "HeavyBall", "SutskeverNesterov",
           "NesterovAGD", "RMSpropGraves", "Newton", "SAM", "EGSAM", "OGSAM", "AOSAM",
           "Lookahead", "SGDW", "ProximalSGD", "lr_scheduler", "swa_utils"]
