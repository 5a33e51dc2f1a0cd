"""Training checkpoints: everything needed to continue a run exactly, in one ``mg.save`` file.

A checkpoint written after epoch e holds::

    epoch          e (epochs completed)
    model          model.state_dict()
    optimizer      optimizer.state_dict()         (moments, step counts, param groups)
    scheduler      scheduler.state_dict() or None
    preprocessing  the fitted preprocessing's state_dict() or None
    early_stopping the EarlyStopping's counters and best weights, or None
    rng            the random generators' state: minigrad's, and each loader's own
    history        the History rows so far, and ``extra`` (e.g. the command's arguments)

Restoring all of it and running epoch e + 1 draws the same random numbers
(shuffling, dropout) and computes the same values as the uninterrupted run,
bit for bit. ``mg.save`` writes atomically, so a crash while saving keeps the
previous checkpoint.
"""
from .. import backend
from ..serialization import load, save

KIND = "minigrad.training checkpoint"


def _generator_state(gen):
    """The state of ``gen``: a minigrad Generator (``get_state``) or a NumPy one."""
    if hasattr(gen, "get_state"):
        return {"generator": gen.get_state()}
    return {"numpy": gen.bit_generator.state}


def _set_generator_state(gen, state):
    if "generator" in state:
        gen.set_state(state["generator"])
    else:
        gen.bit_generator.state = state["numpy"]


def get_rng_state():
    """minigrad's random state: ``mg.get_rng_state()`` where it exists, else the state of
    the generator behind the CPU device. The CUDA generator's state is not included, so
    a resumed GPU run with dropout draws other masks than the uninterrupted run."""
    import minigrad as mg
    if hasattr(mg, "get_rng_state"):
        return {"minigrad": mg.get_rng_state()}
    return _generator_state(backend.rng("cpu"))


def set_rng_state(state):
    import minigrad as mg
    if "minigrad" in state:
        mg.set_rng_state(state["minigrad"])
    else:
        _set_generator_state(backend.rng("cpu"), state)


def _loader_generators(loaders):
    """Each loader's own ``generator`` (None where it draws from minigrad's)."""
    return [getattr(d, "generator", None) for d in loaders]


def save_checkpoint(path, epoch, model, optimizer, scheduler=None, preprocessing=None,
                    early_stopping=None, history=None, loaders=(), extra=None):
    """Write the checkpoint after ``epoch`` completed epochs to ``path``."""
    stopper = None
    if early_stopping is not None:
        stopper = {k: v for k, v in vars(early_stopping).items()}
    save({"kind": KIND, "epoch": epoch,
          "model": model.state_dict(),
          "optimizer": optimizer.state_dict(),
          "scheduler": scheduler.state_dict() if scheduler is not None else None,
          "preprocessing": preprocessing.state_dict() if preprocessing is not None else None,
          "early_stopping": stopper,
          "rng": get_rng_state(),
          "loader_rng": [_generator_state(g) if g is not None else None
                         for g in _loader_generators(loaders)],
          "history": list(history.rows) if history is not None else [],
          "stopped": history.stopped if history is not None else None,
          "extra": extra}, path)


def read_checkpoint(path):
    """The checkpoint dict at ``path``, or a ValueError saying why it is not one."""
    try:
        ckpt = load(path)
    except (OSError, RuntimeError) as err:
        raise ValueError(f"cannot read checkpoint {path}: {err}") from None
    if not isinstance(ckpt, dict) or ckpt.get("kind") != KIND:
        raise ValueError(f"{path} is a minigrad file but not a training checkpoint "
                         "(no model/optimizer/epoch record)")
    return ckpt


def load_checkpoint(path, model, optimizer, scheduler=None, preprocessing=None,
                    early_stopping=None, loaders=()):
    """Restore everything ``save_checkpoint`` wrote into the given objects; returns the
    checkpoint dict (``epoch``, ``history``, ``extra`` ...)."""
    ckpt = read_checkpoint(path) if not isinstance(path, dict) else path
    model.load_state_dict(ckpt["model"])
    optimizer.load_state_dict(ckpt["optimizer"])
    if scheduler is not None and ckpt["scheduler"] is not None:
        scheduler.load_state_dict(ckpt["scheduler"])
    if preprocessing is not None and ckpt["preprocessing"] is not None:
        preprocessing.load_state_dict(ckpt["preprocessing"])
    if early_stopping is not None and ckpt["early_stopping"] is not None:
        vars(early_stopping).update(ckpt["early_stopping"])
    set_rng_state(ckpt["rng"])
    for gen, state in zip(_loader_generators(loaders), ckpt["loader_rng"]):
        if gen is not None and state is not None:
            _set_generator_state(gen, state)
    return ckpt
