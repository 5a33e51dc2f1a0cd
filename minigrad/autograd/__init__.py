"""Reverse-mode automatic differentiation: Function, the engine, and checking tools."""
from .function import Function, once_differentiable   # first: the Tensor-Function knot
from . import functional
from .anomaly import detect_anomaly, set_detect_anomaly
from .backprop import backward, grad
from .gradcheck import GradcheckError, gradcheck, gradgradcheck
from .grad_mode import enable_grad, inference_mode, is_grad_enabled, no_grad, set_grad_enabled
from ..legacy import Variable
from .trace import trace

__all__ = ["Function", "backward", "grad", "gradcheck", "gradgradcheck", "GradcheckError",
           "detect_anomaly", "set_detect_anomaly", "functional", "no_grad", "enable_grad",
           "set_grad_enabled", "is_grad_enabled", "inference_mode", "once_differentiable", "trace",
           "Variable"]
