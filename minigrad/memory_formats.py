"""``torch.memory_format``: the layout a new tensor asks for (``memory_format=`` arguments).

PyTorch's optimizers write ``torch.zeros_like(p, memory_format=torch.preserve_format)``, and
hand-written optimizers copy the line, so the names exist here: ``preserve_format`` (the
default of the ``*_like`` functions and ``clone``), ``contiguous_format`` (row-major) and
``channels_last``/``channels_last_3d`` (NHWC layouts for images, which minigrad does not
implement: they raise).
"""


class memory_format:
    """One of PyTorch's four layout requests (compare by identity, as in PyTorch)."""

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"minigrad.{self.name}"


preserve_format = memory_format("preserve_format")
contiguous_format = memory_format("contiguous_format")
channels_last = memory_format("channels_last")
channels_last_3d = memory_format("channels_last_3d")

_RANK = {channels_last: 4, channels_last_3d: 5}


def check(fmt, tensor):
    """``fmt`` checked for ``tensor`` as PyTorch checks it; returns it."""
    if not isinstance(fmt, memory_format):
        raise TypeError(f"memory_format must be a minigrad.memory_format such as "
                        f"minigrad.preserve_format, not {type(fmt).__name__}")
    rank = _RANK.get(fmt)
    if rank is not None:
        if tensor.ndim != rank:
            raise RuntimeError(f"required rank {rank} tensor to use {fmt.name} format")
        raise NotImplementedError(f"minigrad does not implement the {fmt.name} memory format "
                                  f"(tensors are row-major)")
    return fmt
