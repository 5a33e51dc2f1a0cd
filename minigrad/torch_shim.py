"""``minigrad.as_torch()``: ``import torch`` (and ``torch.nn``, ``torch.optim``, ...) gives minigrad.

A PyTorch script imports ``torch.nn``, ``torch.nn.functional``,
``torch.utils.data``, ... by their full names, so ``import minigrad as torch``
alone cannot serve it: Python would look for a real package called
``torch``. :func:`as_torch` puts an import hook (a meta path finder) first on
``sys.meta_path`` that answers every ``torch`` and ``torch.X.Y`` import with a
stand-in module for ``minigrad`` and ``minigrad.X.Y``.

Each stand-in forwards attribute lookups to its minigrad module. A name
minigrad lacks fails in PyTorch's terms, ``minigrad does not implement
torch.X (yet)``: as an AttributeError for ``torch.compile`` (so ``hasattr``
still works) and as a ModuleNotFoundError for ``import torch.distributed``.
(``from torch.nn import Missing`` gets Python's own "cannot import name"
message instead, naming minigrad's file: Python replaces the AttributeError.)
minigrad's own modules are untouched: only the stand-ins say this.

If the real PyTorch is installed the hook still wins, and says so once on
stderr. :func:`remove` undoes everything (and gives back a real ``torch``
imported before).
"""
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import types

_PREFIX = "torch"
_state = {"finder": None, "hidden": {}, "told": False}
_ABSENT = object()


def _missing(torch_name):
    return f"minigrad does not implement {torch_name} (yet)"


def _minigrad_name(torch_name):
    return "minigrad" + torch_name[len(_PREFIX):]


class _StandIn(types.ModuleType):
    """``torch.X``: every attribute is ``minigrad.X``'s, or a clear error."""

    def __init__(self, name, target):
        super().__init__(name, target.__doc__)
        self.__dict__["_target"] = target
        self.__path__ = []                     # a package: ``import torch.X.Y`` may follow
        self.__file__ = getattr(target, "__file__", None)   # named by "cannot import name ..."

    def __getattr__(self, attr):
        if attr.startswith("__") and attr.endswith("__"):
            return getattr(self._target, attr)  # __version__, __file__, ...: minigrad's
        full = f"{self.__name__}.{attr}"
        value = getattr(self._target, attr, _ABSENT)
        if (value is _ABSENT and _has_module(full)) or (
                isinstance(value, types.ModuleType) and value.__name__ == _minigrad_name(full)):
            value = importlib.import_module(full)   # torch.nn: the stand-in, not minigrad.nn
            self.__dict__[attr] = value        # later lookups skip __getattr__
        elif value is _ABSENT:
            raise AttributeError(_missing(full))     # an AttributeError: hasattr() works
        return value                           # read each time: minigrad's current value

    def __setattr__(self, attr, value):
        if isinstance(value, _StandIn) or (attr.startswith("__") and attr.endswith("__")):
            self.__dict__[attr] = value        # the import system's bookkeeping stays here
        else:
            setattr(self._target, attr, value)  # torch.backends.cudnn.benchmark = True: minigrad's

    def __dir__(self):
        return dir(self._target)

    def __repr__(self):
        return f"<module {self.__name__!r} (minigrad's {self._target.__name__})>"


def _has_module(torch_name):
    try:
        return importlib.util.find_spec(_minigrad_name(torch_name)) is not None
    except ImportError:
        return False


class _Loader(importlib.abc.Loader):
    def __init__(self, target):
        self.target = target

    def create_module(self, spec):
        return _StandIn(spec.name, self.target)

    def exec_module(self, module):
        """Nothing to run: the stand-in forwards to the minigrad module."""


class _TorchFinder(importlib.abc.MetaPathFinder):
    """Answers ``import torch[.X.Y]`` with a stand-in for ``minigrad[.X.Y]``."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname != _PREFIX and not fullname.startswith(_PREFIX + "."):
            return None
        try:
            module = importlib.import_module(_minigrad_name(fullname))
        except ModuleNotFoundError as err:
            if err.name != _minigrad_name(fullname):
                raise                         # a real bug inside minigrad: show it as it is
            raise ModuleNotFoundError(_missing(fullname), name=fullname) from None
        return importlib.machinery.ModuleSpec(fullname, _Loader(module), is_package=True)


def as_torch():
    """Make ``import torch`` (and every ``torch.*`` import) give minigrad; returns ``torch``.

    For notebooks: call it before the cell that imports torch. Scripts run the
    same way with ``minigrad run script.py``. Calling it again does nothing.
    """
    if _state["finder"] is None:
        real = importlib.machinery.PathFinder.find_spec(_PREFIX)
        for name in [n for n in sys.modules if n == _PREFIX or n.startswith(_PREFIX + ".")]:
            _state["hidden"][name] = sys.modules.pop(name)
        _state["finder"] = _TorchFinder()
        sys.meta_path.insert(0, _state["finder"])
        if (real is not None or _state["hidden"]) and not _state["told"]:
            _state["told"] = True
            print("minigrad: `import torch` now gives minigrad (the installed PyTorch is "
                  "hidden; minigrad.torch_shim.remove() brings it back)", file=sys.stderr)
    return importlib.import_module(_PREFIX)


def remove():
    """Undo :func:`as_torch`: the next ``import torch`` finds the real one again, if any."""
    if _state["finder"] is None:
        return
    sys.meta_path.remove(_state["finder"])
    _state["finder"] = None
    for name in [n for n in sys.modules if n == _PREFIX or n.startswith(_PREFIX + ".")]:
        del sys.modules[name]
    sys.modules.update(_state["hidden"])
    _state["hidden"].clear()
