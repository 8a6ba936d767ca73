"""The appendix's figure (book: chapter `computing`, "Dense against Krylov on one instance"): how the
block Krylov solver's error falls with the number of block Lanczos steps.
"""

from __future__ import annotations

import warnings

import numpy as np

from ._finite import FiniteStudent
from ._plot_style import CATEGORICAL, FigureSpec, new_figure
from ._relu_sphere import ReLUSphere
from ._sampling import nested_weights, random_direction, sphere_weights
from ._student import solver_error, student_losses
from ._teacher import fit_teacher
from ._validation import PrecisionWarning

__all__ = ["krylov_convergence"]


def krylov_convergence(steps, errors, estimates, floor=1e-10):
    """The block Krylov solver against the dense one (book: How the numbers are computed,
    figure fig-krylov-convergence).

    Parameters
    ----------
    steps : sequence of int, length n
        Numbers of block Lanczos steps.
    errors : array_like of shape (n,)
        Largest relative error of the Krylov curves against the dense ones, per number of steps.
    estimates : array_like of shape (n,)
        The solver's own error estimate (the change between successive checks); the first is not
        drawn (there is no previous check).
    floor : float
        Values below it are rounding noise, which differs from machine to machine: they are drawn
        on a dotted line at ``floor``.

    Returns
    -------
    matplotlib.figure.Figure
    """
    steps = np.asarray(steps)
    errors, estimates = np.asarray(errors, dtype=float), np.asarray(estimates, dtype=float)
    if not (steps.shape == errors.shape == estimates.shape):
        raise ValueError(f"steps, errors, estimates: equal lengths, got {steps.size}, {errors.size}, "
                         f"{estimates.size}")
    fig, ax = new_figure(1, 1, width=5.6, height=3.5)
    ax.semilogy(steps, np.maximum(errors, floor), "o-", color=CATEGORICAL[0], label="error against dense")
    ax.semilogy(steps[1:], np.maximum(estimates[1:], floor), "s--", color="0.45", label="estimate")
    ax.axhline(floor, color="0.6", ls=":", lw=1)
    ax.set_xlabel("block Lanczos steps $k$")
    ax.set_ylabel("largest relative error")
    ax.legend()
    return fig


#: The appendix's instance (paper scale) and a smaller one (quick scale).
PARAMS = {
    "paper": dict(d=32, sizes=(16, 32, 64, 128, 256), width=4096, steps=tuple(range(4, 49, 4)), n_times=199),
    "quick": dict(d=16, sizes=(16, 32, 64), width=1024, steps=tuple(range(4, 49, 4)), n_times=99),
}


def _compute(scale, seed, progress):
    p, seed = PARAMS[scale], 1 if seed is None else seed
    relu = ReLUSphere(p["d"])
    beta = random_direction(p["d"], seed=seed)
    teachers = [fit_teacher(relu, W, beta) for W in nested_weights(p["sizes"], p["d"], seed=seed + 1)]
    V = sphere_weights(p["width"], p["d"], seed=seed + 2)
    grid = np.concatenate([[0.0], np.logspace(-1, 12, p["n_times"]), [np.inf]])
    dense = student_losses(relu, teachers, grid, FiniteStudent(relu, V, method="dense"))
    krylov = FiniteStudent(relu, V, method="krylov")
    errors, estimates = [], []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PrecisionWarning)      # short runs are meant to be unconverged
        for k in p["steps"]:
            krylov.max_steps = k
            errors.append(np.max(np.abs(student_losses(relu, teachers, grid, krylov) - dense) / dense))
            estimates.append(np.max(solver_error(relu, teachers, krylov) / dense.min(axis=1)))
    return {"steps": list(p["steps"]), "errors": errors, "estimates": estimates, "d": p["d"],
            "width": p["width"], "n_teachers": len(teachers)}


SPECS = (
    FigureSpec("krylov-convergence", "Block Krylov against the dense solver, by number of Lanczos steps",
               "computing", _compute,
               lambda data: krylov_convergence(data["steps"], data["errors"], data["estimates"]),
               lambda data: {"steps": data["steps"], "max_relative_error": data["errors"],
                             "estimate": data["estimates"]},
               lambda data: f"Largest relative error of the block Krylov student curves against the dense ones "
               f"(d = {data['d']}, {data['width']} student features, {data['n_teachers']} teachers), on a log "
               "axis against the number of block Lanczos steps: it falls geometrically towards the rounding floor, "
               "and the solver's own estimate follows it."),
)
