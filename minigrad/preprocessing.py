"""Data preprocessing from the lectures (CS231n, "Data preprocessing").

Each transform is *fitted on the training data only* and then applied, with
the same statistics, to validation and test data::

    pre = Standardize().fit(train.data)
    train_x, test_x = pre(train.data), pre(test.data)

X is (n, d), one sample per row; μ and σ are per-feature means and standard
deviations of the training set (population std, ddof = 0).

    MeanCenter    x' = x − μ
    Standardize   x' = (x − μ) / σ          (σ = 0, a constant feature: divide by 1)
    PCA           x' = (x − μ) U_k          U: eigenvectors of Σ = XᵀX/n (X centred),
                                            sorted by eigenvalue λ, the first k kept
    PCA whitening x' = (x − μ) U_k / √(λ_k + ε)
    ZCA           x' = (x − μ) U diag(1/√(λ + ε)) Uᵀ    (whitened, rotated back)

A transform takes a NumPy array or a Tensor and returns the same kind, in the
input's float dtype (the statistics are computed in float64).
``state_dict()`` / ``load_state_dict()`` carry the fitted statistics (as
Tensors), so ``mg.save`` puts them in a checkpoint beside the model's weights;
:class:`Compose` chains transforms.
"""
import numpy as np

from . import backend
from .creation import tensor
from .tensor import Tensor


def _as_numpy(x):
    return backend.to_numpy(x.detach().array) if isinstance(x, Tensor) else np.asarray(x)


class Transform:
    """Base: subclasses define ``_fit(x)`` (setting the arrays named in ``_stats``) and
    ``_apply(x)`` on float64 NumPy arrays."""
    _stats = ()

    def fit(self, x):
        """Compute the statistics from training data ``x`` of shape (n, d); returns self."""
        x = _as_numpy(x).astype(np.float64)
        if x.ndim != 2 or len(x) < 1:
            raise ValueError(f"{type(self).__name__}.fit expects a 2-D array (samples, features) "
                             f"with at least one sample, got shape {x.shape}")
        self._fit(x)
        return self

    @property
    def fitted(self):
        return all(getattr(self, name, None) is not None for name in self._stats)

    def __call__(self, x):
        if not self.fitted:
            raise RuntimeError(f"{type(self).__name__} is not fitted: call fit(train_data) first")
        array = _as_numpy(x)
        if array.ndim != 2 or array.shape[1] != self.mean.shape[0]:
            raise ValueError(f"{type(self).__name__} was fitted on {self.mean.shape[0]} features, "
                             f"got an array of shape {array.shape}")
        dtype = array.dtype if array.dtype.kind == "f" else np.float32
        out = self._apply(array.astype(np.float64)).astype(dtype)
        return tensor(out, device=x.device) if isinstance(x, Tensor) else out

    transform = __call__

    def state_dict(self):
        return {name: tensor(getattr(self, name)) for name in self._stats if self.fitted}

    def load_state_dict(self, state_dict):
        """All or nothing: every statistic is read before any is replaced."""
        missing = [name for name in self._stats if name not in state_dict]
        unexpected = [k for k in state_dict if k not in self._stats]
        if missing or unexpected:
            raise KeyError(f"{type(self).__name__}.load_state_dict: missing {missing}, "
                           f"unexpected {unexpected}")
        try:
            stats = {name: _as_numpy(state_dict[name]).astype(np.float64) for name in self._stats}
        except (TypeError, ValueError) as err:
            raise ValueError(f"{type(self).__name__}.load_state_dict: a statistic is not an "
                             f"array of numbers ({err})") from None
        for name, value in stats.items():
            setattr(self, name, value)

    def __repr__(self):
        return f"{type(self).__name__}({'fitted' if self.fitted else 'not fitted'})"


class MeanCenter(Transform):
    """x' = x − μ"""
    _stats = ("mean",)

    def _fit(self, x):
        self.mean = x.mean(0)

    def _apply(self, x):
        return x - self.mean


class Standardize(Transform):
    """x' = (x − μ) / σ, σ the population std (a constant feature is divided by 1)."""
    _stats = ("mean", "std")

    def _fit(self, x):
        self.mean, std = x.mean(0), x.std(0)
        self.std = np.where(std > 0, std, 1.0)

    def _apply(self, x):
        return (x - self.mean) / self.std


class PCA(Transform):
    """x' = (x − μ) U_k, and with ``whiten=True`` divided by √(λ_k + ε).

    n_components: k (None keeps all d). The eigenvectors come from ``numpy.linalg.eigh``
    of the covariance Σ = XᵀX/n; each is given the sign that makes its largest
    entry positive, so a refit gives the same axes.
    """
    _stats = ("mean", "components", "eigenvalues")

    def __init__(self, n_components=None, whiten=False, eps=1e-5):
        self.n_components, self.whiten, self.eps = n_components, whiten, eps

    def _fit(self, x):
        d = x.shape[1]
        k = d if self.n_components is None else self.n_components
        if not 1 <= k <= d:
            raise ValueError(f"n_components must be between 1 and {d} (the number of "
                             f"features), got {k}")
        self.mean = x.mean(0)
        centred = x - self.mean
        values, vectors = np.linalg.eigh(centred.T @ centred / len(x))
        order = np.argsort(values)[::-1][:k]
        vectors = vectors[:, order]
        signs = np.sign(vectors[np.abs(vectors).argmax(0), np.arange(k)])
        self.components, self.eigenvalues = vectors * signs, np.maximum(values[order], 0)

    def _apply(self, x):
        rotated = (x - self.mean) @ self.components
        return rotated / np.sqrt(self.eigenvalues + self.eps) if self.whiten else rotated


class ZCA(PCA):
    """x' = (x − μ) U diag(1/√(λ + ε)) Uᵀ: whitened, then rotated back to pixel space,
    so the result looks most like the input."""

    def __init__(self, eps=1e-5):
        super().__init__(None, whiten=True, eps=eps)

    def _apply(self, x):
        return super()._apply(x) @ self.components.T


class Compose:
    """Apply ``transforms`` in order; ``fit`` fits each on the output of the previous."""

    def __init__(self, transforms):
        self.transforms = list(transforms)

    def fit(self, x):
        for t in self.transforms:
            x = t.fit(x)(x)
        return self

    def __call__(self, x):
        for t in self.transforms:
            x = t(x)
        return x

    transform = __call__

    def state_dict(self):
        return {f"{i}.{k}": v for i, t in enumerate(self.transforms)
                for k, v in t.state_dict().items()}

    def load_state_dict(self, state_dict):
        """All or nothing: if one transform refuses its part, those before it are restored."""
        before = [dict(t.__dict__) for t in self.transforms]
        try:
            for i, t in enumerate(self.transforms):
                t.load_state_dict({k.split(".", 1)[1]: v for k, v in state_dict.items()
                                   if k.split(".", 1)[0] == str(i)})
        except Exception:
            for t, saved in zip(self.transforms, before):
                t.__dict__.clear()
                t.__dict__.update(saved)
            raise

    def __repr__(self):
        return f"Compose({self.transforms})"
