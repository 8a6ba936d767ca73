"""Random bottom-layer weights (book: Setup, "Random-feature models"; Conventions,
"Unit-norm bottom weights").

Every function takes a seed or a :class:`numpy.random.Generator`; nothing
uses global random state.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_dimension, as_generator

__all__ = ["sphere_weights", "gaussian_weights", "nested_weights", "random_direction"]


def sphere_weights(n_features, d, seed):
    """Rows drawn uniformly from the unit sphere S^{d-1} (ReLU setting).

    Parameters
    ----------
    n_features : int
        M ≥ 1.
    d : int
        Dimension ≥ 1.
    seed : int, SeedSequence or Generator

    Returns
    -------
    ndarray of shape (n_features, d)
    """
    n_features = as_dimension("n_features", n_features, minimum=1)
    d = as_dimension("d", d, minimum=1)
    rng = as_generator(seed)
    W = rng.standard_normal((n_features, d))
    return W / np.linalg.norm(W, axis=1, keepdims=True)


def gaussian_weights(n_features, d, seed):
    """Rows with i.i.d. N(0, 1) entries (linear setting), shape (n_features, d)."""
    n_features = as_dimension("n_features", n_features, minimum=1)
    d = as_dimension("d", d, minimum=1)
    return as_generator(seed).standard_normal((n_features, d))


def random_direction(d, seed):
    """A unit vector uniform on S^{d-1}, shape (d,)."""
    return sphere_weights(1, d, seed)[0]


def nested_weights(sizes, d, seed, kind="sphere"):
    """Nested teacher weights: the first M rows of one draw of max(sizes) rows.

    Parameters
    ----------
    sizes : sequence of int
        Teacher widths M_TE, each ≥ 1.
    d : int
    seed : int, SeedSequence or Generator
    kind : {'sphere', 'gaussian'}

    Returns
    -------
    list of ndarray, the i-th of shape (sizes[i], d)
    """
    sizes = as_sizes(sizes)
    if kind not in ("sphere", "gaussian"):
        raise ValueError(f"kind must be 'sphere' or 'gaussian', got {kind!r}")
    if kind == "sphere":
        W = sphere_weights(max(sizes), d, seed)
    elif kind == "gaussian":
        W = gaussian_weights(max(sizes), d, seed)
    return [W[:m] for m in sizes]


def as_sizes(sizes):
    """Validate a non-empty sequence of widths, each an integer >= 1; a list of ints."""
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__iter__"):
        raise TypeError(f"sizes must be a sequence of integers >= 1, got {type(sizes).__name__}")
    sizes = [as_dimension(f"sizes[{i}]", m, minimum=1) for i, m in enumerate(sizes)]
    if not sizes:
        raise ValueError("sizes must be non-empty")
    return sizes
