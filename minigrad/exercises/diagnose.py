"""Plain-words diagnoses of a wrong gradient (or optimizer state): what is off, and a guess why.

Each function takes NumPy arrays and returns one sentence, or None when there
is nothing to say. The guesses are the classic mistakes of a first backward:
a flipped sign, a transpose, a forgotten sum over broadcast dims, a forgotten
expand after a reduction, a constant factor, ignoring the incoming gradient,
the wrong convention (or a NaN) at a kink.
"""
import numpy as np

RTOL, ATOL = 1e-6, 1e-9     # float64 throughout; a correct backward is off by ~1e-15


def close(a, b):
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=RTOL, atol=ATOL, equal_nan=True))


def index(shape, flat):
    """A flat index as '[1, 2]' in ``shape``'s coordinates."""
    return "[" + ", ".join(str(int(i)) for i in np.unravel_index(flat, shape)) + "]"


def _dims(dims):
    dims = list(dims)
    return f"dim {dims[0]}" if len(dims) == 1 else "dims " + ", ".join(map(str, dims))


def shape_problem(got, want, label, what="your backward"):
    """Why a gradient of shape ``got`` cannot be one for an input of shape ``want``."""
    got, want = tuple(got), tuple(want)
    if got == want:
        return None
    head = f"{what} returned shape {got} for {label} of shape {want}"
    if len(got) >= 2 and got == want[::-1]:
        return head + ": transposed?"
    lead = len(got) - len(want)
    if lead >= 0 and all(w in (g, 1) for g, w in zip(got[lead:], want)):
        stretched = [lead + i for i, (g, w) in enumerate(zip(got[lead:], want)) if w == 1 != g]
        if not stretched:
            return head + f": did you forget to sum over the batch ({_dims(range(lead))})?"
        return (head + f": did you forget to sum over {_dims(list(range(lead)) + stretched)}, "
                "where the input was broadcast (keepdim=True for its size-1 dims)?")
    for d in range(len(want)):
        if want[:d] + want[d + 1:] == got:
            return (head + f": every element of the input needs a gradient — put the reduced "
                    f"dim back (unsqueeze({d})) and expand to {want}?")
    if lead <= 0 and _broadcasts(got, want):
        return head + f": every element of the input needs a gradient — expand to {want}?"
    return head + ": a gradient has the shape of its input"


def _broadcasts(got, want):
    try:
        return np.broadcast_shapes(got, want) == want
    except ValueError:
        return False


def _ratio(got, want):
    """c with got ≈ c·want (least squares), or None."""
    ww = float(np.sum(want * want))
    if ww == 0 or not np.all(np.isfinite(got)):
        return None
    c = float(np.sum(got * want)) / ww
    return c if not np.isclose(c, 1.0, rtol=1e-4) and close(got, c * want) else None


def _guess(got, want, bad, unit, kink, factor_hints):
    """The likeliest classic mistake behind ``got`` ≠ ``want``, or None."""
    if close(got, -want):
        return "sign flipped?"
    if kink is not None and kink[bad].all():
        return ("every wrong element sits exactly at the kink: there the derivative is a "
                "convention, and PyTorch (and minigrad) use 0 — relu'(0) = 0")
    if got.ndim == 2 and got.shape[0] == got.shape[1] and close(got, want.T):
        return "transposed?"
    if unit is not None and close(got, unit):
        return ("your result does not depend on grad: multiply by the gradient flowing in "
                "(the chain rule)")
    c = _ratio(got, want)
    if c is None:
        return None
    for value, hint in factor_hints:
        if np.isclose(c, value, rtol=1e-3):
            return hint
    return f"off by a constant factor? yours is {c:.4g} times the expected value"


def value_problem(got, want, label, unit=None, kink=None, factor_hints=()):
    """Compare ``got`` with ``want`` (same shape); one sentence on the worst element, or None.

    unit: what the gradient would be for an incoming gradient of ones (to catch a
    backward that ignores it); kink: a mask of the elements where the input sits
    at a kink (relu at 0).
    """
    ok = np.isclose(got, want, rtol=RTOL, atol=ATOL, equal_nan=True)
    if ok.all():
        return None
    nan = ~np.isfinite(got) & np.isfinite(want)
    if nan.any():
        i = int(np.flatnonzero(nan)[0])
        where = index(got.shape, i)
        if kink is not None and kink.flat[i]:
            return (f"{label}: element {where} is {got.flat[i]} where the input is exactly at "
                    "the kink (0): the gradient there should be 0, as PyTorch's relu'(0) = 0 — "
                    "avoid dividing by x (or |x|)")
        return (f"{label}: element {where} is {got.flat[i]} (expected {want.flat[i]:.4g}): "
                "a division by zero, or the log of 0?")
    i = int(np.argmax(np.where(ok, -1.0, np.abs(got - want))))
    guess = _guess(got, want, ~ok, unit, kink, factor_hints)
    return (f"{label}: element {index(got.shape, i)} expected {want.flat[i]:.4g}, "
            f"got {got.flat[i]:.4g}" + (f" — {guess}" if guess else ""))
