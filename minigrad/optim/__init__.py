"""Optimizers and learning-rate schedules (PyTorch's ``torch.optim``, plus the lectures' variants)."""
from .adadelta import Adadelta
from .adagrad import Adagrad
from .adam import Adam
from .adamax import Adamax
from .adamw import AdamW
from .asgd import ASGD
from .lbfgs import LBFGS
from .nadam import NAdam
from .optimizer import Optimizer
from .radam import RAdam
from .rmsprop import RMSprop
from .rprop import Rprop
from .sgd import SGD

__all__ = ["Optimizer", "SGD", "Adagrad", "RMSprop", "Adadelta", "Adam", "AdamW", "Adamax",
           "NAdam", "RAdam", "ASGD", "Rprop", "LBFGS", "HeavyBall", "SutskeverNesterov",
           "NesterovAGD", "RMSpropGraves", "Newton", "SAM", "EGSAM", "OGSAM", "AOSAM",
           "Lookahead", "lr_scheduler", "swa_utils"]
