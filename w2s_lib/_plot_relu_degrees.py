"""The relu chapter's figures by harmonic degree (book: chapter `relu`): the spectrum, the
teacher's error by degree, the degree bound and the even targets, with their command-line specs.
"""

from __future__ import annotations

import numpy as np

from . import (ReLUSphere, best_stopping, degree_bound, degree_profile, figures, fit_teacher, multiplicity,
               nested_weights, random_direction, relu_eigenvalues, student_losses)
from ._plot_style import CATEGORICAL, FigureSpec, log_ticks, new_figure, ramp

__all__ = ["relu_degree_bound", "relu_error_degrees", "relu_even", "relu_spectrum"]

_RATIO = r"$\mathcal{L}_{\mathrm{ST}}(t)\,/\,\mathcal{L}_{\mathrm{TE}}$"
_BEST_RATIO = r"$\mathcal{L}^*_{\mathrm{ST}} / \mathcal{L}_{\mathrm{TE}}$"
_MTE = r"teacher size $M_{\mathrm{TE}}$"


def _size_axis(ax, sizes):
    ax.set_xscale("log")
    ax.set_xticks(sizes, [str(int(m)) for m in sizes])
    ax.minorticks_off()
    ax.set_xlabel(_MTE)


def relu_spectrum(dims, degrees, eigenvalues):
    """Eigenvalues μ_ℓ of the ReLU kernel against the degree ℓ (book: ReLU, "The ReLU spectrum").

    Parameters
    ----------
    dims : sequence of int, length n_dims
        Input dimensions d (one curve each, darker for larger d).
    degrees : array_like of int, shape (n_degrees,)
    eigenvalues : array_like of shape (n_dims, n_degrees)
        μ_ℓ; the exact zeros (odd ℓ ≥ 3) are marked by crosses on the bottom axis.

    Returns
    -------
    matplotlib.figure.Figure
    """
    degrees = np.asarray(degrees)
    mu = np.asarray(eigenvalues, dtype=float)
    fig, ax = new_figure()
    bottom = 10.0 ** np.floor(np.log10(mu[mu > 0].min()) - 1)
    for k, (dim, row) in enumerate(zip(dims, mu)):
        pos = row > 0
        ax.plot(degrees[pos], row[pos], ("-", "--", ":", "-.")[(len(dims) - 1 - k) % 4] + "o", ms=4,
                color=ramp(len(dims))[len(dims) - 1 - k], label=f"$d = {int(dim)}$")
    zero = np.all(mu == 0, axis=0)
    if zero.any():
        ax.plot(degrees[zero], np.full(zero.sum(), bottom), "x", color=CATEGORICAL[1], clip_on=False, zorder=3,
                label=r"$\mu_\ell = 0$")
    ax.set_yscale("log")
    ax.set_ylim(bottom, 1)
    ax.set_xticks(degrees[::2])
    ax.set_xlabel(r"degree $\ell$")
    ax.set_ylabel(r"$\mu_\ell$")
    ax.legend(ncol=2)
    return fig


def relu_error_degrees(sizes, degrees, errors):
    """The teacher's error ‖Π_ℓ(f* − f_TE)‖² by degree, one curve per teacher size (book: ReLU,
    "Where the teacher's error lives").

    Parameters
    ----------
    sizes : sequence of int, length n_sizes
        M_TE of each teacher (colours of the chapter's teacher sizes).
    degrees : array_like of int, shape (n_degrees,)
        The degrees drawn.
    errors : array_like of shape (n_sizes, n_degrees)
        ‖Π_ℓ(f* − f_TE)‖² at those degrees (``DegreeProfile.error[degrees]``).

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure()
    for colour, m, row in zip(ramp(len(sizes)), sizes, np.asarray(errors, dtype=float)):
        ax.plot(degrees, row, "o-", ms=4, color=colour, label=rf"$M_{{\mathrm{{TE}}}} = {int(m)}$")
    ax.set_yscale("log")
    ax.set_xticks(degrees)
    ax.set_xlabel(r"degree $\ell$")
    ax.set_ylabel(r"$\Vert \Pi_\ell (f^* - f_{\mathrm{TE}}) \Vert^2$")
    ax.legend(ncol=2)
    return fig


def relu_degree_bound(sizes, teacher_losses, best_losses, bounds, exact, shown=None):
    """The degree proposition's bounds against the exact infinite-width student (book: ReLU,
    proposition "An upper bound from the teacher's error by degree").

    Left: L_ST(t)/L_TE of the teachers in ``shown`` (exact, solid; the band between the lower and
    the upper bound; dotted, the heuristic ‖Π_0 e‖² + ‖Π_1 e‖²). Right: per teacher size, the
    best loss's bounds and the heuristic over the exact L*_ST.

    Parameters
    ----------
    sizes : sequence of int, length n_sizes
    teacher_losses, best_losses : array_like of shape (n_sizes,)
        L_TE and the exact L*_ST of each teacher.
    bounds : sequence of DegreeBound, length n_sizes
        From :func:`w2s_lib.degree_bound` with the same ``times`` for every teacher.
    exact : array_like of shape (n_sizes, n_times)
        Exact L_ST at ``bounds[j].times``.
    shown : sequence of int, optional
        Teacher sizes drawn on the left (default: the middle and the largest).

    Returns
    -------
    matplotlib.figure.Figure
    """
    sizes = [int(m) for m in sizes]
    shown = [sizes[len(sizes) // 2], sizes[-1]] if shown is None else list(shown)
    L_te, best = np.asarray(teacher_losses, float), np.asarray(best_losses, float)
    heur = np.array([b.error_by_degree[0] + b.error_by_degree[1] for b in bounds])
    colours = ramp(len(sizes))
    fig, (ax, bx) = new_figure(2, width="wide")
    for m in shown:
        j = sizes.index(m)
        b = bounds[j]
        ax.plot(b.times, np.asarray(exact[j]) / L_te[j], color=colours[j], label=rf"$M_{{\mathrm{{TE}}}} = {m}$")
        ax.fill_between(b.times, b.lower / L_te[j], b.upper / L_te[j], color=colours[j], alpha=0.25, lw=0)
        ax.axhline(heur[j] / L_te[j], color=colours[j], ls=":", lw=1)
    ax.set_xscale("log")
    ax.set_yscale("log")
    log_ticks(ax, "y")
    ax.set_xlabel(r"gradient-flow time $t$")
    ax.set_ylabel(_RATIO)
    ax.legend()
    rows = [([b.best_upper for b in bounds], "o-", r"$\mathrm{min}_t\, U(t)$"),
            ([b.simple for b in bounds], "s--", "cruder form"),
            ([b.best_lower for b in bounds], "v-", "lower bound"),
            (heur, "d:", r"heuristic $\Vert\Pi_0 e\Vert^2 + \Vert\Pi_1 e\Vert^2$")]
    for k, (values, fmt, label) in enumerate(rows):
        bx.plot(sizes, np.array(values) / best, fmt, color=CATEGORICAL[k], ms=4, label=label)
    bx.axhline(1.0, color="0.5", lw=0.8)
    _size_axis(bx, sizes)
    bx.set_ylabel(r"bound $/\ \mathcal{L}^*_{\mathrm{ST}}$")
    bx.legend()
    return fig


def relu_even(sizes, ratios, multiplicities):
    """Best ratio L*_ST/L_TE against teacher size for even and mixed targets (book: ReLU, "The
    theorem's target class, where it is visible").

    Parameters
    ----------
    sizes : dict of int to sequence of int
        Teacher sizes per dimension d.
    ratios : dict of (int, str) to array_like of shape (n_seeds, n_sizes)
        Best ratio per seed and size, keyed by (d, target name); the name ``"even"`` is drawn
        solid, any other dashed; each d has its own colour. The mean over seeds is drawn.
    multiplicities : dict of int to int
        N(d, 2), the dimension of the degree-2 harmonics, per d (shown in the legend).

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure()
    dims = sorted(sizes)
    for (dim, name), R in ratios.items():
        k = dims.index(dim)
        ax.plot(sizes[dim], np.mean(R, axis=0), ("o" if k == 0 else "s") + ("-" if name == "even" else "--"),
                color=CATEGORICAL[k], ms=4, label=rf"$d = {dim}$ ($N(d, 2) = {int(multiplicities[dim])}$), {name}")
    ax.axhline(1.0, color="0.5", lw=0.8)
    ax.set_yscale("log")
    log_ticks(ax, "y")
    _size_axis(ax, sorted({int(m) for s in sizes.values() for m in s}))
    ax.set_ylabel(_BEST_RATIO)
    ax.legend()
    return fig


# ---- data and command-line specs -----------------------------------------------------------

#: The chapter's parameters (book/relu.md, first cell).
SIZES, D, SPECTRUM_DIMS, SPECTRUM_DEGREES = (16, 32, 64, 128, 256), 32, (8, 16, 32), 21
PROFILE_SEED, PROFILE_DEGREES, BOUND_TIMES = 7, (0, 1, 2, 4, 6, 8, 10, 12), (1.0, 5.0, 401)
EVEN_SEED, EVEN_SEEDS = 11, 3
EVEN_SIZES = {8: (16, 32, 64, 128, 256, 512), 32: SIZES}
EVEN_TARGETS = {"even": [(2, 1.0)], "linear + even": [(1, 0.8), (2, 0.6)]}


def _spectrum_data(scale, seed, progress):
    degrees = np.arange(SPECTRUM_DEGREES)
    return {"dims": SPECTRUM_DIMS, "degrees": degrees,
            "eigenvalues": np.array([relu_eigenvalues(dim, degrees) for dim in SPECTRUM_DIMS])}


def _teachers(scale, seed):
    sizes = SIZES if scale == "paper" else SIZES[:4]
    relu = ReLUSphere(D)
    rng = np.random.default_rng([PROFILE_SEED if seed is None else seed, 0])
    beta = random_direction(D, rng)
    return relu, sizes, [fit_teacher(relu, W, beta) for W in nested_weights(sizes, D, rng)]


def _profile_data(scale, seed, progress):
    relu, sizes, teachers = _teachers(scale, seed)
    shown = np.array(PROFILE_DEGREES)
    errors = np.array([degree_profile(relu, T, max_degree=shown.max()).error[shown] for T in teachers])
    return {"sizes": sizes, "degrees": shown, "errors": errors}


def _bound_data(scale, seed, progress):
    relu, sizes, teachers = _teachers(scale, seed)
    times = np.logspace(*BOUND_TIMES[:2], int(BOUND_TIMES[2]) if scale == "paper" else 101)
    bounds = [degree_bound(relu, T, times=times) for T in teachers]
    return {"sizes": sizes, "teacher_losses": np.array([T.loss for T in teachers]),
            "best_losses": best_stopping(relu, teachers).loss, "bounds": bounds,
            "exact": np.array([student_losses(relu, T, times) for T in teachers])}


def _even_data(scale, seed, progress):
    n = EVEN_SEEDS if scale == "paper" else 1
    sizes = {dim: s if scale == "paper" else s[:4] for dim, s in EVEN_SIZES.items()}
    ratios = {(dim, name): figures.even_target_sweep(dim, sizes[dim], terms, n, EVEN_SEED if seed is None else seed)[1]
              for dim in sizes for name, terms in EVEN_TARGETS.items()}
    return {"sizes": sizes, "ratios": ratios, "multiplicities": {dim: int(multiplicity(dim, [2])[0]) for dim in sizes}}


def _long(rows):
    """Columns from a list of row dicts with the same keys."""
    return {k: [r[k] for r in rows] for k in rows[0]}


SPECS = (
    FigureSpec("relu-spectrum", "ReLU kernel eigenvalues by degree, three dimensions", "relu", _spectrum_data,
               lambda x: relu_spectrum(x["dims"], x["degrees"], x["eigenvalues"]),
               lambda x: _long([{"d": dim, "degree": int(ell), "mu": mu} for dim, row in zip(x["dims"], x["eigenvalues"])
                                for ell, mu in zip(x["degrees"], row)]),
               lambda x: ("Eigenvalues of the ReLU kernel against the degree on a log axis for d = "
                          + ", ".join(map(str, x["dims"])) + ": they fall steeply with the degree and faster "
                          "in higher dimension; odd degrees from 3 on are exactly zero.")),
    FigureSpec("relu-error-degrees", "the teacher's error by harmonic degree", "relu", _profile_data,
               lambda x: relu_error_degrees(x["sizes"], x["degrees"], x["errors"]),
               lambda x: _long([{"M_TE": m, "degree": int(ell), "error": e} for m, row in zip(x["sizes"], x["errors"])
                                for ell, e in zip(x["degrees"], row)]),
               lambda x: ("The teacher's error by harmonic degree on a log axis, one curve per teacher size: "
                          "the degree-1 error falls much faster with the teacher's size than the error in "
                          "degrees 2 and beyond.")),
    FigureSpec("relu-degree-bound", "the degree proposition's bounds against the exact student", "relu",
               _bound_data, lambda x: relu_degree_bound(x["sizes"], x["teacher_losses"], x["best_losses"],
                                                         x["bounds"], x["exact"]),
               lambda x: _long([{"M_TE": m, "L_TE": L, "best_L_ST": B, "min_U": b.best_upper, "cruder": b.simple,
                                 "lower": b.best_lower, "heuristic": b.error_by_degree[0] + b.error_by_degree[1]}
                                for m, L, B, b in zip(x["sizes"], x["teacher_losses"], x["best_losses"],
                                                      x["bounds"])]),
               lambda x: ("Left: the exact loss-ratio curves of two teachers inside the band of the proved "
                          "lower and upper bounds. Right: the bounds on the best loss over the exact best "
                          "loss per teacher size, all close to 1, the heuristic below it.")),
    FigureSpec("relu-even", "best ratio for even and linear-plus-even targets, two dimensions", "relu", _even_data,
               lambda x: relu_even(x["sizes"], x["ratios"], x["multiplicities"]),
               lambda x: _long([{"d": dim, "target": name, "M_TE": m, "ratio": r}
                                for (dim, name), R in x["ratios"].items()
                                for m, r in zip(x["sizes"][dim], np.mean(R, axis=0))]),
               lambda x: ("Best loss ratio against teacher size on log axes for a degree-2 target and a "
                          "linear-plus-degree-2 target: in the smaller dimension it collapses once the teacher "
                          "resolves the degree-2 harmonics, in the larger one it stays near 1.")),
)
