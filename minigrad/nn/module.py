"""Module: the base of every layer, holding parameters, buffers and submodules.

Assigning an attribute registers it (PyTorch's ``__setattr__`` design)::

    self.weight = Parameter(...)    -> self._parameters["weight"]
    self.block = Linear(...)        -> self._modules["block"]
    self.register_buffer("running_mean", zeros(3))   -> self._buffers

The three dicts keep insertion order, so ``named_parameters()`` and
``state_dict()`` list entries in the order the layer defined them — the
same keys, in the same order, as the equivalent PyTorch model.
"""
from collections import OrderedDict, namedtuple
from collections.abc import Mapping

from .. import backend, dtypes
from ..autograd import grad_mode
from ..tensor import Tensor
from . import hooks
from .parameter import Parameter, is_lazy

class _IncompatibleKeys(namedtuple("_IncompatibleKeys", ["missing_keys", "unexpected_keys"])):
    """What ``load_state_dict`` returns; prints as PyTorch's does when every key matched."""

    def __repr__(self):
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return super().__repr__()

    __str__ = __repr__


class RemovableHandle:
    """What the ``register_*hook`` methods return: ``handle.remove()`` unregisters the hook
    (``with handle:`` removes it at the end of the block)."""

    def __init__(self, hooks, key, flags=None):
        self.hooks, self.key, self.flags = hooks, key, flags

    def remove(self):
        self.hooks.pop(self.key, None)
        if self.flags is not None:
            self.flags.discard(self.key)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


class Module:
    """Base class of all layers: subclass, assign parameters and submodules in
    ``__init__`` (after ``super().__init__()``), and define ``forward``."""

    def __init__(self):
        object.__setattr__(self, "training", True)
        object.__setattr__(self, "_parameters", OrderedDict())
        object.__setattr__(self, "_buffers", OrderedDict())
        object.__setattr__(self, "_non_persistent_buffers_set", set())
        object.__setattr__(self, "_modules", OrderedDict())
        for store in ("_forward_hooks", "_forward_pre_hooks", "_backward_hooks",
                      "_backward_pre_hooks"):
            object.__setattr__(self, store, OrderedDict())
        object.__setattr__(self, "_forward_hooks_with_kwargs", set())
        object.__setattr__(self, "_forward_pre_hooks_with_kwargs", set())

    def forward(self, *args, **kwargs):
        """The computation of one call: every subclass defines it."""
        raise NotImplementedError(f'Module [{type(self).__name__}] is missing the required '
                                  '"forward" function')

    def __call__(self, *args, **kwargs):
        """``self.forward(*args, **kwargs)``, with the hooks around it if any are registered
        (their order and meaning: :mod:`minigrad.nn.hooks`)."""
        if (self._forward_pre_hooks or self._forward_hooks or self._backward_hooks
                or self._backward_pre_hooks):
            return hooks.call_with_hooks(self, args, kwargs)
        return self.forward(*args, **kwargs)                # the fast path: no hooks

    def _add_hook(self, store, hook, prepend=False, flags=None, with_kwargs=False):
        key = object()
        hooks_dict = getattr(self, store)
        hooks_dict[key] = hook
        if prepend:
            hooks_dict.move_to_end(key, last=False)
        if with_kwargs:
            flags.add(key)
        return RemovableHandle(hooks_dict, key, flags)

    def register_forward_pre_hook(self, hook, *, prepend=False, with_kwargs=False):
        """Call ``hook(module, args)`` before every forward; a returned value replaces args
        (a non-tuple is wrapped in one). With ``with_kwargs``: ``hook(module, args, kwargs)``
        returning None or ``(args, kwargs)``. ``prepend``: run before the hooks already there."""
        return self._add_hook("_forward_pre_hooks", hook, prepend,
                              self._forward_pre_hooks_with_kwargs, with_kwargs)

    def register_forward_hook(self, hook, *, prepend=False, with_kwargs=False):
        """Call ``hook(module, args, output)`` after every forward; a returned value replaces
        the output. With ``with_kwargs``: ``hook(module, args, kwargs, output)``."""
        return self._add_hook("_forward_hooks", hook, prepend, self._forward_hooks_with_kwargs,
                              with_kwargs)

    def register_full_backward_pre_hook(self, hook, prepend=False):
        """Call ``hook(module, grad_output)`` when the gradients of the outputs are known; a
        returned tuple replaces ``grad_output``."""
        return self._add_hook("_backward_pre_hooks", hook, prepend)

    def register_full_backward_hook(self, hook, prepend=False):
        """Call ``hook(module, grad_input, grad_output)`` when the gradients of the inputs are
        known (one per positional argument, None where there is none); a returned tuple
        replaces ``grad_input``."""
        return self._add_hook("_backward_hooks", hook, prepend)

    # -- registration ---------------------------------------------------------------
    def __setattr__(self, name, value):
        if "_parameters" not in self.__dict__:
            raise AttributeError("cannot assign to a Module before Module.__init__() call")
        if isinstance(value, (Parameter, Module)):
            self.__dict__.pop(name, None)
            own = self._parameters if isinstance(value, Parameter) else self._modules
            for store in (self._parameters, self._buffers, self._modules):
                if store is not own:          # a replaced entry keeps its place, as in PyTorch
                    store.pop(name, None)
            self._non_persistent_buffers_set.discard(name)
            if isinstance(value, Parameter):
                self.register_parameter(name, value)
            else:
                self._modules[name] = value
        elif name in self._parameters:
            if value is not None:
                raise TypeError(f"cannot assign '{type(value).__name__}' as parameter "
                                f"'{name}' (nn.Parameter or None expected)")
            self._parameters[name] = None
        elif name in self._modules:
            if value is not None:
                raise TypeError(f"cannot assign '{type(value).__name__}' as child module "
                                f"'{name}' (nn.Module or None expected)")
            self._modules[name] = None
        elif name in self._buffers:
            if value is not None and not isinstance(value, Tensor):
                raise TypeError(f"cannot assign '{type(value).__name__}' as buffer '{name}' "
                                "(Tensor or None expected)")
            self._buffers[name] = value
        else:
            object.__setattr__(self, name, value)

    def __getattr__(self, name):
        d = self.__dict__
        for store in ("_parameters", "_buffers", "_modules"):
            if store in d and name in d[store]:
                return d[store][name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name):
        for store in (self._parameters, self._buffers, self._modules):
            if name in store:
                del store[name]
                self._non_persistent_buffers_set.discard(name)
                return
        object.__delattr__(self, name)

    def _check_name(self, name, kind):
        if not isinstance(name, str):
            raise TypeError(f"{kind} name should be a string. Got {type(name).__name__}")
        if "." in name or name == "":
            raise KeyError(f'{kind} name can\'t contain "." or be empty, got {name!r}')
        if name in self.__dict__ or (hasattr(type(self), name)):
            raise KeyError(f"attribute '{name}' already exists")

    def register_parameter(self, name, param):
        """Add ``param`` (a Parameter or None) under ``name``."""
        if name not in self._parameters:
            self._check_name(name, "parameter")
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(f"cannot assign '{type(param).__name__}' object to parameter "
                            f"'{name}' (nn.Parameter or None required)")
        self._parameters[name] = param

    def register_buffer(self, name, tensor, persistent=True):
        """Add a tensor that is state but not learnable (running statistics, counters).

        Persistent buffers are saved in ``state_dict``; all buffers move with ``to``.
        """
        if name not in self._buffers:
            self._check_name(name, "buffer")
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(f"cannot assign '{type(tensor).__name__}' object to buffer "
                            f"'{name}' (Tensor or None required)")
        self._buffers[name] = tensor
        if persistent:
            self._non_persistent_buffers_set.discard(name)
        else:
            self._non_persistent_buffers_set.add(name)

    def add_module(self, name, module):
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"{type(module).__name__} is not a Module subclass")
        if name not in self._modules:
            self._check_name(name, "module")
        self._modules[name] = module

    register_module = add_module

    def get_submodule(self, target):
        module = self
        for part in target.split(".") if target else []:
            if part not in module._modules:
                raise AttributeError(f"{type(module).__name__} has no attribute `{part}`")
            module = module._modules[part]
        return module

    def get_parameter(self, target):
        """The Parameter at ``target`` ("0.layers.1.weight"), as PyTorch finds it."""
        return self._get_member(target, "_parameters", "an nn.Parameter")

    def get_buffer(self, target):
        """The buffer at ``target`` ("0.running_mean"), as PyTorch finds it."""
        return self._get_member(target, "_buffers", "a buffer")

    def _get_member(self, target, store, kind):
        module_path, _, name = target.rpartition(".")
        module = self.get_submodule(module_path)
        if not hasattr(module, name):
            raise AttributeError(f"{module._get_name()} has no attribute `{name}`")
        if name not in getattr(module, store):
            raise AttributeError(f"`{name}` is not {kind}")
        return getattr(module, store)[name]

    # -- walking the tree -----------------------------------------------------------
    def named_modules(self, memo=None, prefix="", remove_duplicate=True):
        """(name, module) for this module and every descendant, depth first."""
        memo = set() if memo is None else memo
        if remove_duplicate:
            if self in memo:
                return
            memo.add(self)
        yield prefix, self
        for name, module in self._modules.items():
            if module is not None:
                yield from module.named_modules(memo, prefix + ("." if prefix else "") + name,
                                                remove_duplicate)

    def modules(self):
        for _, module in self.named_modules():
            yield module

    def named_children(self):
        seen = set()
        for name, module in self._modules.items():
            if module is not None and module not in seen:
                seen.add(module)
                yield name, module

    def children(self):
        for _, module in self.named_children():
            yield module

    def _named_members(self, store, prefix, recurse, remove_duplicate=True):
        modules = self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate) \
            if recurse else [(prefix, self)]
        seen = set()
        for module_prefix, module in modules:
            for name, value in getattr(module, store).items():
                if value is None or (remove_duplicate and value in seen):
                    continue
                seen.add(value)
                yield module_prefix + ("." if module_prefix else "") + name, value

    def named_parameters(self, prefix="", recurse=True, remove_duplicate=True):
        """(dotted name, parameter), each shared parameter once, in registration order."""
        yield from self._named_members("_parameters", prefix, recurse, remove_duplicate)

    def parameters(self, recurse=True):
        for _, param in self.named_parameters(recurse=recurse):
            yield param

    def named_buffers(self, prefix="", recurse=True, remove_duplicate=True):
        yield from self._named_members("_buffers", prefix, recurse, remove_duplicate)

    def buffers(self, recurse=True):
        for _, buf in self.named_buffers(recurse=recurse):
            yield buf

    def apply(self, fn):
        """Call ``fn(module)`` on every submodule (children first), then on self."""
        for module in self.children():
            module.apply(fn)
        fn(self)
        return self

    # -- modes and gradients ---------------------------------------------------------
    def train(self, mode=True):
        """Training mode (dropout drops, batch norm uses batch statistics); returns self."""
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        self.training = mode
        for module in self.children():
            module.train(mode)
        return self

    def eval(self):
        return self.train(False)

    def requires_grad_(self, requires_grad=True):
        for param in self.parameters():
            param.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none=True):
        """Forget every parameter's gradient (None, or zeros with ``set_to_none=False``)."""
        for param in self.parameters():
            if param.grad is None:
                continue
            if set_to_none:
                param.grad = None
            else:
                param.grad = Tensor._make(backend.xp(param.grad.array).zeros_like(param.grad.array))

    # -- state dict ------------------------------------------------------------------
    def _save_to_state_dict(self, destination, prefix, keep_vars):
        for name, param in self._parameters.items():
            if param is not None:
                destination[prefix + name] = param if keep_vars else param.detach()
        for name, buf in self._buffers.items():
            if buf is not None and name not in self._non_persistent_buffers_set:
                destination[prefix + name] = buf if keep_vars else buf.detach()

    def state_dict(self, *args, destination=None, prefix="", keep_vars=False):
        """An OrderedDict ``dotted name -> tensor`` of parameters and persistent buffers.

        The tensors share memory with the module (detached unless ``keep_vars``).
        """
        if destination is None:
            destination = OrderedDict()
        self._save_to_state_dict(destination, prefix, keep_vars)
        for name, module in self._modules.items():
            if module is not None:
                module.state_dict(destination=destination, prefix=prefix + name + ".",
                                  keep_vars=keep_vars)
        return destination

    def _state_entries(self):
        """{key: tensor} for every entry ``state_dict()`` would have (no detaching)."""
        entries = {}
        for prefix, module in self.named_modules(remove_duplicate=False):
            dot = prefix + "." if prefix else ""
            for name, param in module._parameters.items():
                if param is not None:
                    entries[dot + name] = param
            for name, buf in module._buffers.items():
                if buf is not None and name not in module._non_persistent_buffers_set:
                    entries[dot + name] = buf
        return entries

    def load_state_dict(self, state_dict, strict=True, assign=False):
        """Copy ``state_dict``'s tensors into this module's parameters and buffers.

        Everything is checked first — missing and unexpected keys (when
        ``strict``), shapes (always) — so a failed load changes nothing.
        Returns ``(missing_keys, unexpected_keys)``.
        """
        from ..creation import as_tensor
        if not isinstance(state_dict, Mapping):
            raise TypeError(f"Expected state_dict to be dict-like, got {type(state_dict)}.")
        own = self._state_entries()
        missing = [k for k in own if k not in state_dict]
        unexpected = [k for k in state_dict if k not in own]
        errors = []
        if strict:
            if unexpected:
                errors.append("Unexpected key(s) in state_dict: "
                              + ", ".join(f'"{k}"' for k in unexpected) + ". ")
            if missing:
                errors.append("Missing key(s) in state_dict: "
                              + ", ".join(f'"{k}"' for k in missing) + ". ")
        sources = {}
        for key, target in own.items():
            if key not in state_dict:
                continue
            value = state_dict[key]
            if not isinstance(value, Tensor):
                try:
                    value = as_tensor(value)
                except (TypeError, ValueError):
                    errors.append(f'While copying the parameter named "{key}", expected '
                                  f'a tensor, got {type(value).__name__}. ')
                    continue
            if not is_lazy(target) and tuple(value.shape) != tuple(target.shape):
                errors.append(f"size mismatch for {key}: copying a param with shape "
                              f"{_size(value.shape)} from checkpoint, the shape in current model "
                              f"is {_size(target.shape)}.")
                continue
            try:                                 # convert every value before writing any
                sources[key] = backend.to_device(value.array, target.device).astype(target.dtype)
            except (TypeError, ValueError, RuntimeError) as err:
                errors.append(f'While copying the parameter named "{key}", its value of dtype '
                              f"{value.dtype} could not be converted to {target.dtype}: {err}. ")
        if errors:
            raise RuntimeError(f"Error(s) in loading state_dict for {type(self).__name__}:\n\t"
                               + "\n\t".join(errors))
        with grad_mode.no_grad():
            for key, data in sources.items():
                if is_lazy(own[key]):           # a lazy module's parameter takes the shape
                    own[key].materialize(data.shape)
                own[key].copy_(data)
        return _IncompatibleKeys(missing, unexpected)

    # -- devices and dtypes -----------------------------------------------------------
    def _apply_to_tensors(self, convert):
        """Replace every parameter's, gradient's and buffer's array by ``convert(array)``,
        keeping the same Parameter objects (so an optimizer built earlier still holds them)."""
        for module in self.modules():
            for param in module._parameters.values():
                if param is not None:
                    param.array = convert(param.array)
                    if param.grad is not None:
                        param.grad.array = convert(param.grad.array)
            for name, buf in module._buffers.items():
                if buf is not None:
                    buf.array = convert(buf.array)
        return self

    def to(self, *args, device=None, dtype=None, non_blocking=False):
        """``to(device)``, ``to(dtype)`` or ``to(device, dtype)``, in place; returns self.

        A dtype converts only floating-point tensors (integer buffers such as
        ``num_batches_tracked`` stay int64), as in PyTorch.
        """
        for a in args:
            if isinstance(a, (str, backend.Device)):
                device = a
            elif isinstance(a, Tensor):
                device, dtype = a.device, a.dtype
            else:
                dtype = a
        dtype = dtypes.to_dtype(dtype)
        if dtype is not None and dtype.kind != "f":
            raise TypeError(f"nn.Module.to only accepts floating point dtypes, but got "
                            f"desired dtype={dtype}")

        def convert(array):
            if device is not None:
                array = backend.to_device(array, device)
            if dtype is not None and array.dtype.kind == "f":
                array = array.astype(dtype, copy=False)
            return array
        return self._apply_to_tensors(convert)

    def cpu(self):
        return self.to("cpu")

    def cuda(self, device=None):
        return self.to("cuda" if device is None else
                       device if isinstance(device, (str, backend.Device)) else f"cuda:{device}")

    def double(self):
        return self.to(dtypes.float64)

    def float(self):
        return self.to(dtypes.float32)

    def half(self):
        return self.to(dtypes.float16)

    # -- printing -----------------------------------------------------------------------
    def extra_repr(self):
        """The text inside ``Name(...)``; layers override it with their hyperparameters."""
        return ""

    def _get_name(self):
        return type(self).__name__

    def __repr__(self):
        extra = self.extra_repr()
        lines = extra.split("\n") if extra else []
        for name, module in self._modules.items():
            text = _indent(repr(module), 2)
            lines.append(f"({name}): {text}")
        main = self._get_name() + "("
        if lines:
            if len(lines) == 1 and not self._modules:
                main += lines[0]
            else:
                main += "\n  " + "\n  ".join(lines) + "\n"
        return main + ")"

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self._parameters) | set(self._buffers)
                      | set(self._modules))


def _size(shape):
    return str(list(shape))


def _indent(text, spaces):
    lines = text.split("\n")
    return lines[0] + "".join("\n" + " " * spaces + line for line in lines[1:])
