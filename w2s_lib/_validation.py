"""Boundary checks shared by the public functions.

Every public entry point of :mod:`w2s_lib` validates its arguments here and
raises a :class:`ValueError` or :class:`TypeError` whose message names the
argument and says what is allowed. Nothing in the numerical core re-checks.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = [
    "as_matrix",
    "as_vector",
    "as_times",
    "as_dimension",
    "check_unit_rows",
    "as_generator",
]

#: Tolerance on ``|‖w‖ - 1|`` for rows that must be unit vectors.
UNIT_TOL = 1e-10


def _as_real_array(name, value):
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be an array of real numbers, got {type(value).__name__}")
    try:
        arr = np.asarray(value)
    except Exception as exc:  # pragma: no cover - numpy's own message is fine
        raise TypeError(f"{name} must be an array of real numbers: {exc}") from None
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise TypeError(f"{name} must be an array of real numbers, got dtype {arr.dtype}")
    if np.iscomplexobj(arr):
        raise TypeError(f"{name} must be real, got complex dtype {arr.dtype}")
    return arr.astype(np.float64, copy=False)


def as_matrix(name, value, *, n_cols=None):
    """Return ``value`` as a finite, non-empty float64 matrix.

    Parameters
    ----------
    name : str
        Argument name used in error messages.
    value : array_like of shape (n_rows, n_cols)
    n_cols : int, optional
        Required number of columns (the input dimension d).
    """
    arr = _as_real_array(name, value)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array of shape (M, d), got shape {arr.shape}")
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"{name} must be non-empty, got shape {arr.shape}")
    if n_cols is not None and arr.shape[1] != n_cols:
        raise ValueError(
            f"{name} must have d = {n_cols} columns to match the setting, got shape {arr.shape}"
        )
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite numbers (no NaN or inf)")
    return arr


def as_vector(name, value, *, size=None, positive=False):
    """Return ``value`` as a finite, non-empty float64 vector."""
    arr = _as_real_array(name, value)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must be non-empty")
    if size is not None and arr.size != size:
        raise ValueError(f"{name} must have length {size} to match the setting, got {arr.size}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite numbers (no NaN or inf)")
    if positive and not np.all(arr > 0):
        raise ValueError(f"{name} must be strictly positive")
    return arr


def as_times(name, value):
    """Return gradient-flow times as a float64 vector; ``+inf`` is allowed.

    Times must be non-negative and not NaN; ``numpy.inf`` stands for the
    converged student and is evaluated exactly, never as a large number.
    """
    arr = _as_real_array(name, value)
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of times, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must be non-empty")
    if np.any(np.isnan(arr)):
        raise ValueError(f"{name} must not contain NaN; allowed are times in [0, +inf]")
    if np.any(arr < 0):
        raise ValueError(f"{name} must be non-negative (0 <= t <= +inf), got min {arr.min()}")
    return arr


def as_dimension(name, value, *, minimum):
    """Return an integer dimension ``>= minimum``."""
    if isinstance(value, bool):
        raise TypeError(f"{name} must be an integer >= {minimum}, got {value!r}")
    if not isinstance(value, numbers.Integral):
        if isinstance(value, numbers.Real) and float(value).is_integer():
            value = int(value)
        else:
            raise TypeError(f"{name} must be an integer >= {minimum}, got {value!r}")
    value = int(value)
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value}")
    return value


def check_unit_rows(name, W):
    """Raise unless every row of ``W`` is a unit vector (within ``UNIT_TOL``)."""
    norms = np.linalg.norm(W, axis=1)
    bad = np.abs(norms - 1.0) > UNIT_TOL
    if np.any(bad):
        i = int(np.argmax(bad))
        raise ValueError(
            f"{name} must have unit-norm rows for ReLU features on the sphere "
            f"(row {i} has norm {norms[i]:.6g}); normalise with "
            f"W / np.linalg.norm(W, axis=1, keepdims=True)"
        )


def as_generator(seed):
    """Return a :class:`numpy.random.Generator` from a seed or a Generator.

    ``None`` is refused on purpose: results must be reproducible.
    """
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, (numbers.Integral, np.random.SeedSequence)):
        raise TypeError(
            f"seed must be an int, a numpy.random.SeedSequence or a numpy.random.Generator, "
            f"got {type(seed).__name__}"
        )
    if isinstance(seed, numbers.Integral) and seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed}")
    return np.random.default_rng(seed)
