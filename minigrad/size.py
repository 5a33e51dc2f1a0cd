"""``Size``: the type of ``x.shape`` and ``x.size()``, a tuple that prints as PyTorch's does."""


class Size(tuple):
    """A tuple of dimension lengths: ``minigrad.Size([64, 10])``.

    It compares, hashes and unpacks as the plain tuple it is; slicing gives a Size.
    """

    def __repr__(self):
        return f"minigrad.Size({list(self)})"

    __str__ = __repr__

    def __getitem__(self, index):
        item = tuple.__getitem__(self, index)
        return Size(item) if isinstance(index, slice) else item

    def __add__(self, other):
        return Size(tuple.__add__(self, other))

    def __mul__(self, times):
        return Size(tuple.__mul__(self, times))

    __rmul__ = __mul__

    def numel(self):
        """The number of elements of a tensor of this shape."""
        n = 1
        for s in self:
            n *= s
        return n
