"""Gradient mode: whether ops record the graph (``no_grad``, ``enable_grad``)."""
import functools
import threading



class _State(threading.local):
    """Per thread; the class attribute is every new thread's default (a plain attribute read,
    where ``getattr(local, name, default)`` pays for an exception until the first write)."""
    enabled = True


_state = _State()


def is_grad_enabled():
    return _state.enabled


def _set(enabled):
    _state.enabled = bool(enabled)


class set_grad_enabled:
    """Turn recording on or off; works as a call, a context manager or a decorator."""

    def __init__(self, mode):
        self.prev = is_grad_enabled()
        self.mode = mode
        _set(mode)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        _set(self.prev)

    def __call__(self, fn):
        _set(self.prev)          # used as a decorator: change nothing until called

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with self.__class__(self.mode):
                return fn(*args, **kwargs)
        return wrapper


class _GradMode:
    mode = True

    def __new__(cls, orig_func=None):
        """``@mg.no_grad`` without parentheses decorates too, as in PyTorch."""
        if orig_func is None:
            return super().__new__(cls)
        return cls()(orig_func)

    def __enter__(self):
        self.prev = is_grad_enabled()
        _set(self.mode)
        return self

    def __exit__(self, *exc):
        _set(self.prev)

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with self.__class__():
                return fn(*args, **kwargs)
        return wrapper


class no_grad(_GradMode):
    """Ops inside record no graph: ``with mg.no_grad(): w -= lr * w.grad``."""
    mode = False


class enable_grad(_GradMode):
    """Record the graph again inside a ``no_grad`` block."""
    mode = True


class inference_mode(_GradMode):
    """PyTorch's faster ``no_grad`` for evaluation; here it is ``no_grad``
    (``inference_mode(False)`` changes nothing). A context or a decorator, with or without ()."""

    def __new__(cls, mode=True):
        if not isinstance(mode, bool):         # @mg.inference_mode
            return cls()(mode)
        self = object.__new__(cls)
        self.off = mode
        return self

    def __enter__(self):
        self.prev = is_grad_enabled()
        _set(self.prev and not self.off)
        return self

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with inference_mode(self.off):
                return fn(*args, **kwargs)
        return wrapper
