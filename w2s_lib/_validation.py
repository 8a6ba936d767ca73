"""Boundary checks shared by the public functions.

Every public entry point of :mod:`w2s_lib` validates its arguments here and
raises a :class:`ValueError` or :class:`TypeError` whose message names the
argument and says what is allowed. Nothing in the numerical core re-checks.
"""

from __future__ import annotations

import numbers
import os
import sys
import warnings

import numpy as np

__all__ = [
    "as_matrix",
    "as_vector",
    "as_times",
    "as_dimension",
    "as_degrees",
    "as_real_number",
    "check_unit_rows",
    "as_generator",
    "frozen",
    "warn",
    "PrecisionWarning",
]

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


class PrecisionWarning(UserWarning):
    """A computation lost digits: an ill-conditioned Gram matrix, or a series or an iteration
    that stopped before its tolerance was met."""


def warn(message, category):
    """``warnings.warn`` attributed to the first caller outside :mod:`w2s_lib`.

    The stack level is computed by walking up from here to the first frame whose
    file is not in this package, so the warning names the user's line however deep
    inside the library it was raised.
    """
    frame, level = sys._getframe(0), 1
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(_PACKAGE_DIR):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, category, stacklevel=level)


def frozen(arr, dtype=np.float64):
    """A read-only copy of ``arr``: stored inputs never alias the caller's arrays."""
    out = np.array(arr, dtype=dtype, copy=True)
    out.setflags(write=False)
    return out


def first_bad(arr, bad):
    """Index tuple and value of the first True entry of the mask ``bad``."""
    idx = np.unravel_index(int(np.argmax(bad)), arr.shape) if arr.ndim else ()
    return idx, arr[idx]


def index_text(name, idx):
    """``name[i, j]`` for the index tuple ``idx`` (``name`` alone for a scalar)."""
    return f"{name}[{', '.join(str(int(i)) for i in idx)}]" if idx else name


#: Tolerance on ``|‖w‖ - 1|`` for rows that must be unit vectors.
UNIT_TOL = 1e-10


def as_real_array(name, value):
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
    arr = as_real_array(name, value)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array of shape (M, d), got shape {arr.shape}")
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"{name} must be non-empty, got shape {arr.shape}")
    if n_cols is not None and arr.shape[1] != n_cols:
        raise ValueError(
            f"{name} must have d = {n_cols} columns to match the setting, got shape {arr.shape}"
        )
    check_finite(name, arr)
    return arr


def check_finite(name, arr):
    bad = ~np.isfinite(arr)
    if np.any(bad):
        idx, val = first_bad(arr, bad)
        raise ValueError(
            f"{name} must contain only finite numbers (no NaN or inf), "
            f"got {index_text(name, idx)} = {val}"
        )


def as_vector(name, value, *, size=None, positive=False):
    """Return ``value`` as a finite, non-empty float64 vector."""
    arr = as_real_array(name, value)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must be non-empty")
    if size is not None and arr.size != size:
        raise ValueError(f"{name} must have length {size} to match the setting, got {arr.size}")
    check_finite(name, arr)
    if positive and not np.all(arr > 0):
        idx, val = first_bad(arr, ~(arr > 0))
        raise ValueError(f"{name} must be strictly positive, got {index_text(name, idx)} = {val}")
    return arr


def as_times(name, value):
    """Return gradient-flow times as a float64 vector; ``+inf`` is allowed.

    Times must be non-negative and not NaN; ``numpy.inf`` stands for the
    converged student and is evaluated exactly, never as a large number.
    """
    arr = as_real_array(name, value)
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of times, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must be non-empty")
    if np.any(np.isnan(arr)):
        idx, _ = first_bad(arr, np.isnan(arr))
        raise ValueError(
            f"{name} must not contain NaN; allowed are times in [0, +inf] "
            f"({index_text(name, idx)} is NaN)"
        )
    if np.any(arr < 0):
        idx, val = first_bad(arr, arr < 0)
        raise ValueError(
            f"{name} must be non-negative (0 <= t <= +inf), got {index_text(name, idx)} = {val}"
        )
    return arr


def as_dimension(name, value, *, minimum, hint=""):
    """Return an integer ``>= minimum`` (integer-valued floats are accepted).

    ``hint`` is appended to the requirement in error messages, e.g. the reason
    for the minimum.
    """
    if isinstance(value, bool):
        raise TypeError(f"{name} must be an integer >= {minimum}{hint}, got {value!r}")
    if not isinstance(value, numbers.Integral):
        if isinstance(value, numbers.Real) and float(value).is_integer():
            value = int(value)
        else:
            raise TypeError(f"{name} must be an integer >= {minimum}{hint}, got {value!r}")
    value = int(value)
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}{hint}, got {value}")
    return value


def as_degrees(name, value):
    """Return harmonic degrees as an int64 array of the shape of ``value``, each ``>= 0``.

    Integer-valued floats are accepted; 1.5, NaN and negative degrees are refused.
    """
    if isinstance(value, bool):
        raise TypeError(f"{name} must be integers >= 0, got {value!r}")
    arr = as_real_array(name, value)
    check_finite(name, arr)
    bad = arr != np.floor(arr)
    if np.any(bad):
        idx, val = first_bad(arr, bad)
        raise TypeError(f"{name} must be integers >= 0, got {index_text(name, idx)} = {val}")
    if np.any(arr < 0):
        idx, val = first_bad(arr, arr < 0)
        raise ValueError(f"{name} must be integers >= 0, got {index_text(name, idx)} = {val:g}")
    return arr.astype(np.int64)


def as_real_number(name, value, *, positive=False):
    """Return one finite real number as a float (``positive``: also ``> 0``)."""
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.ndarray)):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    arr = as_real_array(name, value)
    if arr.ndim != 0:
        raise TypeError(f"{name} must be a single real number, got an array of shape {arr.shape}")
    x = float(arr)
    if not np.isfinite(x):
        raise ValueError(f"{name} must be finite, got {x}")
    if positive and not x > 0:
        raise ValueError(f"{name} must be > 0, got {x}")
    return x


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
