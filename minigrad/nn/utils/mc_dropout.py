"""Monte-Carlo dropout (Gal & Ghahramani, 2016): predictive mean and spread from dropout."""
from ...autograd import grad_mode
from ...ops import stack
from ..dropout import AlphaDropout, Dropout


def mc_dropout_predict(model, x, samples=30):
    """Run ``model(x)`` ``samples`` times with fresh dropout masks; return (mean, std).

    Dropout layers are kept in training mode (they drop), everything else is
    in evaluation mode (batch norm uses its running statistics). The std is
    the unbiased sample standard deviation over the samples (as ``Tensor.std``).
    The modules' modes are restored afterwards; no graph is recorded.
    """
    if samples < 2:
        raise ValueError(f"mc_dropout_predict needs samples >= 2 for a std, got {samples}")
    modes = {m: m.training for m in model.modules()}
    model.eval()
    for m in model.modules():
        if isinstance(m, (Dropout, AlphaDropout)):
            m.train()
    try:
        with grad_mode.no_grad():
            outs = stack([model(x) for _ in range(samples)])
    finally:
        for m, mode in modes.items():
            m.training = mode
    return outs.mean(dim=0), outs.std(dim=0)
