"""Parameter averaging: Polyak–Ruppert (SWA) means and exponential moving averages.

PyTorch's ``torch.optim.swa_utils`` (importable from there too: ``minigrad/optim/swa_utils.py``
re-exports these and holds ``SWALR``; they live here, beside the modules they average).
``AveragedModel`` keeps a copy of a model
whose parameters are a running average of the model's, updated by
``update_parameters(model)`` after optimizer steps:

    equal-weight mean (default):  w̄ ← w̄ + (w − w̄)/(n + 1)      (Polyak–Ruppert, SWA)
    EMA (get_ema_multi_avg_fn(d)): w̄ ← d·w̄ + (1 − d)·w
                                   (CS231n: x_test = 0.995 x_test + 0.005 x)

The first ``update_parameters`` call *copies* the weights (n = 0): call it
once before training to start the average at w₀, as the lectures' x_test does;
otherwise the average starts at the weights after the first step.
Evaluate with the averaged model; for BatchNorm recompute its statistics
with ``update_bn(loader, averaged_model)``.
"""
import itertools
from copy import deepcopy

from ...autograd.grad_mode import no_grad
from ...creation import tensor
from ..module import Module
from ..normalization import _BatchNorm


def get_ema_multi_avg_fn(decay=0.999):
    """w̄ ← d·w̄ + (1 − d)·w on lists of tensors, in place."""
    if not 0.0 <= decay <= 1.0:
        raise ValueError(f"Invalid decay value {decay} provided. Please provide a value in "
                         f"[0,1] range.")

    @no_grad()
    def ema_update(ema_params, current_params, num_averaged):
        for ema, current in zip(ema_params, current_params):
            if ema.is_floating_point():
                ema.add_((1 - decay) * (current - ema))
            else:                                   # integer buffers: rounded toward zero
                ema.copy_(ema * decay + current * (1 - decay))
    return ema_update


def get_swa_multi_avg_fn():
    """w̄ ← w̄ + (w − w̄)/(n + 1) on lists of tensors, in place."""

    @no_grad()
    def swa_update(averaged_params, current_params, num_averaged):
        for averaged, current in zip(averaged_params, current_params):
            averaged.copy_(averaged + (current - averaged) / (num_averaged + 1))
    return swa_update


def get_ema_avg_fn(decay=0.999):
    """One tensor: returns d·w̄ + (1 − d)·w."""
    if not 0.0 <= decay <= 1.0:
        raise ValueError(f"Invalid decay value {decay} provided. Please provide a value in "
                         f"[0,1] range.")

    def ema_update(ema_param, current_param, num_averaged):
        return decay * ema_param + (1 - decay) * current_param
    return ema_update


def get_swa_avg_fn():
    """One tensor: returns w̄ + (w − w̄)/(n + 1)."""

    def swa_update(averaged_param, current_param, num_averaged):
        return averaged_param + (current_param - averaged_param) / (num_averaged + 1)
    return swa_update


class AveragedModel(Module):
    """A deep copy of ``model`` whose weights are an average of ``model``'s over time.

    ``avg_fn(w̄, w, n) -> new w̄`` works per tensor; ``multi_avg_fn(w̄s, ws, n)``
    updates lists in place; neither: the equal-weight mean. ``use_buffers=True``
    averages the buffers too (else they are copied from the model).
    ``n_averaged`` is a buffer counting the updates.
    """

    def __init__(self, model, device=None, avg_fn=None, multi_avg_fn=None, use_buffers=False):
        super().__init__()
        if avg_fn is not None and multi_avg_fn is not None:
            raise ValueError("Only one of avg_fn and multi_avg_fn should be provided")
        self.module = deepcopy(model)
        if device is not None:
            self.module = self.module.to(device)
        self.register_buffer("n_averaged", tensor(0, device=device or "cpu"))
        self.avg_fn, self.multi_avg_fn, self.use_buffers = avg_fn, multi_avg_fn, use_buffers

    def forward(self, *args, **kwargs):
        return self.module(*args, **kwargs)

    @no_grad()
    def update_parameters(self, model):
        """Fold ``model``'s current weights into the average (the first call copies them)."""
        if self.use_buffers:
            ours = list(itertools.chain(self.module.parameters(), self.module.buffers()))
            theirs = list(itertools.chain(model.parameters(), model.buffers()))
        else:
            ours, theirs = list(self.module.parameters()), list(model.parameters())
        theirs = [t.detach().to(o.device) for o, t in zip(ours, theirs)]
        n = int(self.n_averaged.item())
        if n == 0:
            for o, t in zip(ours, theirs):
                o.copy_(t)
        elif self.multi_avg_fn is not None:
            self.multi_avg_fn(ours, theirs, n)
        else:
            avg_fn = self.avg_fn or get_swa_avg_fn()
            for o, t in zip(ours, theirs):
                o.copy_(avg_fn(o.detach(), t, n))
        if not self.use_buffers:
            for o, t in zip(self.module.buffers(), model.buffers()):
                o.copy_(t.detach())
        self.n_averaged.fill_(n + 1)


@no_grad()
def update_bn(loader, model, device=None):
    """Recompute every BatchNorm's running statistics with one pass over ``loader``
    (a cumulative average: momentum None), as after SWA/EMA averaging."""
    momenta = {}
    for module in model.modules():
        if isinstance(module, _BatchNorm):
            module.reset_running_stats()
            momenta[module] = module.momentum
    if not momenta:
        return
    was_training = model.training
    model.train()
    for module in momenta:
        module.momentum = None
    for batch in loader:
        if isinstance(batch, (list, tuple)):
            batch = batch[0]
        if device is not None:
            batch = batch.to(device)
        model(batch)
    for module, momentum in momenta.items():
        module.momentum = momentum
    model.train(was_training)
