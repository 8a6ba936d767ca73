"""The lower-bounds chapter's figures (book: chapter `lower`): data to drawing, and their specs.

The geometry of the quadratic limit, the experiments of the upper-bound chapters against the limits,
the bounded student, bootstrapping rounds, and the copied share of the teacher's error. An
*experiments* argument is a mapping from a legend label (mathematical notation, built by the caller
from its parameters) to arrays ``(teacher_loss, best_loss, alignment)`` of equal shape.
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Circle

from . import (FiniteStudent, ReLUSphere, ZonalTarget, alignment, best_ridge, best_stopping, fit_teacher,
               nested_weights, random_direction, ridge_losses, ridge_norms, sphere_weights, student_losses,
               student_norms)
from ._bounds import bootstrap_lower_bound, quadratic_lower_bound
from ._plot_linear import eps_label
from ._plot_style import CATEGORICAL, FigureSpec, axes_or_new, log_ticks, style, tex_size
from .figures import linear_sweep, relu_sweep

__all__ = ["lower_alignment", "lower_bootstrap", "lower_budget", "lower_geometry", "lower_limits"]

_TE = r"\mathcal{L}_{\mathrm{TE}}"
_ST = r"\mathcal{L}_{\mathrm{ST}}"
_BEST = r"\mathcal{L}^*_{\mathrm{ST}}"
_MARKERS = ("o", "s", "^", "v", "D", "P", "X")


def lower_geometry(f_teacher, f_star, h=None, ax=None):
    """The geometry of the quadratic limit (book: lower chapter, Theorem 4.1), a schematic in the plane.

    The ball with diameter [0, f_TE] of every shrinkage student, the teacher, the target, the
    teacher's error e = f* − f_TE, the best reachable student h and its distance to f* (red).

    Parameters
    ----------
    f_teacher, f_star : array_like of shape (2,)
        Coordinates of f_TE and f* in the plane they span.
    h : array_like of shape (2,), optional
        The point of the ball nearest to f*; computed when omitted.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    f_teacher, f_star = np.asarray(f_teacher, float), np.asarray(f_star, float)
    centre, radius = f_teacher / 2, np.linalg.norm(f_teacher) / 2
    if h is None:
        h = centre + radius * (f_star - centre) / np.linalg.norm(f_star - centre)
    h = np.asarray(h, float)
    fig, ax = axes_or_new(ax, width=5.0, height=3.6)
    blue, orange, red = CATEGORICAL[0], CATEGORICAL[4], CATEGORICAL[1]
    with style():
        ax.add_patch(Circle(centre, radius, color=blue, alpha=0.15, lw=0))
        for vec, name, colour, dy in [(f_teacher, r"$f_{\mathrm{TE}}$", orange, 0.02),
                                      (f_star, r"$f^*$", "k", 0.02), (h, r"$h$", blue, -0.09)]:
            ax.annotate("", vec, (0, 0), arrowprops=dict(arrowstyle="-|>", color=colour, lw=1.4))
            ax.text(vec[0] + 0.03, vec[1] + dy, name, color=colour)
        ax.plot([f_teacher[0], f_star[0]], [f_teacher[1], f_star[1]], ":", color="0.4")
        mid = (f_teacher + f_star) / 2
        ax.text(mid[0] + 0.02, mid[1], r"$e$", color="0.4")
        ax.plot([h[0], f_star[0]], [h[1], f_star[1]], color=red, lw=1.5)
        ax.set_aspect("equal")
        pts = np.array([f_teacher, f_star, h, [0.0, 0.0]])
        ax.set_xlim(min(pts[:, 0].min(), centre[0] - radius) - 0.1, pts[:, 0].max() + 0.1)
        ax.set_ylim(centre[1] - radius - 0.1, max(pts[:, 1].max(), centre[1] + radius) + 0.1)
        ax.axis("off")
    return fig


def lower_limits(experiments, paths=(), hollow=(0,), ax=None):
    """The experiments against the limits (book: lower chapter, Corollary 1).

    Markers: best students (L_TE, L*_ST) of each experiment; small grey dots: whole gradient-flow
    paths (L_TE, L_ST(t)) over all times; solid: the quadratic limit q(L_TE); dashed: the bootstrap
    limit (1 − √(1 − L_TE))².

    Parameters
    ----------
    experiments : mapping of str to tuple of arrays
        Legend label to ``(teacher_loss, best_loss, ...)``, arrays of equal shape.
    paths : sequence of (float, ndarray of shape (n_times,))
        A teacher's loss and its student's loss at every time (the t = ∞ value included).
    hollow : sequence of int
        Positions of experiments drawn with open markers (so that others show through).
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = axes_or_new(ax, height=4.6)
    with style():
        for L_path, curve in paths:
            curve = np.asarray(curve)
            ax.scatter(np.full(curve.size, L_path), curve, s=2, color="0.75", zorder=1)
        if len(paths):
            ax.scatter([], [], s=4, color="0.75", label=rf"paths ${_TE}, {_ST}(t)$")
        for k, (label, (x, y, *_)) in enumerate(experiments.items()):
            col = CATEGORICAL[k % len(CATEGORICAL)]
            open_ = k in hollow
            ax.scatter(x, y, marker=_MARKERS[k % len(_MARKERS)], s=22 if open_ else 16, label=label, zorder=3,
                       facecolors="none" if open_ else col, edgecolors=col)
        L_min = min(np.min(x) for x, *_ in experiments.values())
        xs = np.geomspace(L_min / 2, 1.0, 200)
        ax.plot(xs, quadratic_lower_bound(xs), color="k", lw=1.6, label="quadratic limit $q$", zorder=2)
        ax.plot(xs, bootstrap_lower_bound(xs), "--", color="k", lw=1.0, label="bootstrap limit", zorder=2)
        ax.set_xscale("log")
        ax.set_yscale("log")
        y_min = min(np.min(y) for _, y, *_ in experiments.values())
        ax.set_ylim(y_min / 3, 3.0)
        ax.set_xlabel(rf"${_TE}$")
        ax.set_ylabel(rf"${_BEST}$ (markers), ${_ST}(t)$ (grey)")
        ax.legend(fontsize=8, loc="lower right")
    return fig


def lower_budget(ridge_norms, ridge_losses, flow_norms, flow_losses, best_ridge, best_flow, teacher_loss,
                 ax=None):
    """The bounded student of Theorem 4.2 (book: lower chapter): loss against the norm budget.

    Parameters
    ----------
    ridge_norms, ridge_losses : array_like of shape (n_ridges,)
        ‖a(ρ)‖ and L_ST(ρ) along the ridge path (the best fit to the teacher at each budget).
    flow_norms, flow_losses : array_like of shape (n_times,)
        ‖a(t)‖ and L_ST(t) along gradient flow (t = 0, where both vanish or equal 1, is skipped
        when the norm is 0).
    best_ridge, best_flow : (float, float)
        Norm and loss of the best student of each path.
    teacher_loss : float
        L_TE; its quadratic limit is drawn beside it.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = axes_or_new(ax)
    flow_norms, flow_losses = np.asarray(flow_norms, float), np.asarray(flow_losses, float)
    keep = flow_norms > 0
    blue, orange = CATEGORICAL[0], CATEGORICAL[1]
    q = float(quadratic_lower_bound(teacher_loss))
    with style():
        ax.plot(ridge_norms, ridge_losses, color=blue, label="ridge (norm budget)")
        ax.plot(flow_norms[keep], flow_losses[keep], "--", color=orange, label="gradient flow")
        ax.scatter([best_ridge[0]], [best_ridge[1]], color=blue, zorder=3)
        ax.scatter([best_flow[0]], [best_flow[1]], color=orange, zorder=3)
        x_max = 1.05 * float(np.max(ridge_norms))
        ax.axhline(teacher_loss, color="0.5", lw=0.8)
        ax.text(0.02 * x_max, teacher_loss * 1.15, rf"${_TE}$", color="0.4")
        ax.axhline(q, color="k", lw=1.2)
        ax.text(0.02 * x_max, q * 1.25, rf"$q({_TE})$")
        ax.set_xlim(0, x_max)
        ax.set_yscale("log")
        log_ticks(ax, "y")
        ax.set_xlabel(r"norm budget $B$ (student's $\Vert a \Vert$)")
        ax.set_ylabel(rf"${_ST}$")
        ax.legend(loc="upper right")
    return fig


def lower_bootstrap(rounds, losses, teacher_loss, ax=None):
    """Bootstrapping with non-commuting shrinkage rounds (book: lower chapter, Corollary 2).

    Parameters
    ----------
    rounds : array_like of int, shape (n,)
        Numbers of rounds r.
    losses : array_like of shape (n,)
        Loss after r rounds.
    teacher_loss : float
        L_TE; the quadratic limit q(L_TE) and the bootstrap limit (1 − √(1 − L_TE))² are drawn.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = axes_or_new(ax)
    with style():
        ax.plot(rounds, losses, "o-", color=CATEGORICAL[3], label="rotating rounds")
        ax.axhline(quadratic_lower_bound(teacher_loss), color="k", lw=1.4, label="quadratic limit (one round)")
        ax.axhline(bootstrap_lower_bound(teacher_loss), color="k", ls="--", lw=1.0, label="bootstrap limit")
        ax.set_xscale("log")
        ax.set_xticks(rounds, [str(int(r)) for r in rounds])
        ax.minorticks_off()
        ax.set_xlabel("number of rounds $r$")
        ax.set_ylabel(rf"${_ST}$")
        ax.legend()
    return fig


def lower_alignment(experiments, ax=None):
    """The best student loss against its copied part L_TE κ̂(t*) (book: lower chapter, alignment).

    With the least-squares power law through all points (dashed) and the line of equality (dotted).

    Parameters
    ----------
    experiments : mapping of str to (teacher_loss, best_loss, alignment)
        Legend label to arrays of equal shape; ``alignment`` is κ̂(t*).
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = axes_or_new(ax, height=4.6)
    pred = np.concatenate([np.ravel(x) * np.ravel(a) for x, _, a in experiments.values()])
    actual = np.concatenate([np.ravel(y) for _, y, _ in experiments.values()])
    slope, intercept = np.polyfit(np.log(pred), np.log(actual), 1)
    with style():
        for k, (label, (x, y, a)) in enumerate(experiments.items()):
            ax.scatter(np.asarray(x) * np.asarray(a), y, marker=_MARKERS[k % len(_MARKERS)], s=16, label=label,
                       color=CATEGORICAL[k % len(CATEGORICAL)])
        zs = np.geomspace(pred.min() / 2, pred.max() * 2, 50)
        ax.plot(zs, np.exp(intercept) * zs**slope, "--", color="0.45", lw=1, label="fitted power law")
        ax.plot(zs, zs, ":", color="k", lw=1.6, label="equality", zorder=4)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(rf"${_TE}\,\hat\kappa(t^*)$")
        ax.set_ylabel(rf"${_BEST}$")
        ax.legend(fontsize=8)
    return fig


# --- the command line's specs --------------------------------------------------------------------

_SEED = 2025


def _compute_geometry(scale, seed, progress):
    L = 0.3
    f_teacher, f_star = np.array([np.sqrt(1 - L), 0.0]), np.array([np.sqrt(1 - L), np.sqrt(L)])
    centre, radius = f_teacher / 2, np.linalg.norm(f_teacher) / 2
    h = centre + radius * (f_star - centre) / np.linalg.norm(f_star - centre)
    return {"teacher_loss": L, "f_teacher": f_teacher, "f_star": f_star, "h": h}


def _compute_experiments(scale, seed, progress):
    """The chapter's recomputation of Figures 2 and 3 and the mixed target (quick: fewer, smaller).

    ``seed`` replaces the sweeps' seed 2025 and the mixed target's 11 (None: the chapter's).
    """
    quick = scale == "quick"
    seed = _SEED if seed is None else seed
    d, width, n_seeds = 32, (1024 if quick else 16384), (2 if quick else 5)
    sizes = [16, 32, 64] if quick else [16, 32, 64, 128, 256]
    lin_sizes = [16, 32, 64, 128] if quick else [16, 32, 64, 128, 256, 512]
    even_sizes = [16, 64, 256] if quick else [16, 32, 64, 128, 256, 512, 1024]
    times = np.concatenate([[0.0], np.logspace(-1, 10, 111 if quick else 221), [np.inf]])
    relu_sw = relu_sweep(d, sizes, n_seeds=n_seeds, times=times, student_width=width, n_students=1, seed=seed,
                         progress=progress)
    lin = [linear_sweep(lin_sizes, n_seeds=n_seeds, times=times, rule=r, seed=seed) for r in ("1/d", "1/M")]
    relu8, even = ReLUSphere(8), []
    for s in range(1 if quick else 3):
        rng = np.random.default_rng([11 if seed == _SEED else seed, 8, s])
        target = ZonalTarget([(1, 0.8, random_direction(8, rng)), (2, 0.6, random_direction(8, rng))])
        even += [fit_teacher(relu8, W, target) for W in nested_weights(even_sizes, 8, rng)]
    even_best = best_stopping(relu8, even)
    even_align = np.array([alignment(relu8, T, [t])[0] for T, t in zip(even, even_best.time)])
    st = r"M_{\mathrm{ST}}"
    inf, fin = relu_sw.infinite, relu_sw.finite
    experiments = {
        rf"ReLU, $d = {d}$, ${st} = \infty$": (relu_sw.teacher_loss.ravel(), inf.best_loss.ravel(),
                                               inf.alignment.ravel()),
        rf"ReLU, $d = {d}$, ${st} = {tex_size(width)}$": (relu_sw.teacher_loss.ravel(), fin.best_loss[0].ravel(),
                                                          fin.alignment[0].ravel()),
    }
    for sw in lin:
        experiments["linear, " + eps_label(sw)] = (sw.teacher_loss.ravel(), sw.infinite.best_loss.ravel(),
                                                   sw.infinite.alignment.ravel())
    experiments[r"ReLU, $d = 8$, linear + degree 2"] = (np.array([T.loss for T in even]), even_best.loss,
                                                        even_align)
    paths = [(relu_sw.teacher_loss[0, j], inf.curves[0, j]) for j in range(len(sizes))]
    paths += [(relu_sw.teacher_loss[0, j], fin.curves[0, 0, j]) for j in range(len(sizes))]
    paths += [(lin[0].teacher_loss[0, j], lin[0].infinite.curves[0, j]) for j in range(len(lin_sizes))]
    return {"experiments": experiments, "paths": paths}


def _compute_budget(scale, seed, progress):
    quick = scale == "quick"
    d, n_teacher, n_student = 32, 128, (512 if quick else 2048)
    relu = ReLUSphere(d)
    rng = np.random.default_rng([5 if seed is None else seed, 0])
    beta = random_direction(d, rng)
    T = fit_teacher(relu, sphere_weights(n_teacher, d, rng), beta)
    student = FiniteStudent(relu, sphere_weights(n_student, d, rng))
    rhos = np.concatenate([np.logspace(2, -12, 141 if quick else 281), [0.0]])
    ts = np.concatenate([np.logspace(-1, 12, 131 if quick else 261), [np.inf]])
    bf, br = best_stopping(relu, T, student), best_ridge(relu, T, student)
    return {"d": d, "n_teacher": n_teacher, "n_student": n_student, "teacher_loss": T.loss, "ridges": rhos,
            "times": ts, "ridge_norms": ridge_norms(relu, T, rhos, student),
            "ridge_losses": ridge_losses(relu, T, rhos, student),
            "flow_norms": student_norms(relu, T, ts, student), "flow_losses": student_losses(relu, T, ts, student),
            "best_ridge": (ridge_norms(relu, T, [br.ridge], student)[0], br.loss),
            "best_flow": (student_norms(relu, T, [bf.time], student)[0], bf.loss)}


def _rotating_rounds(teacher_loss, r):
    """Loss after r projections onto features rotating from f_TE to f* (book: lower, Corollary 2)."""
    L = teacher_loss
    omega = np.arctan2(np.sqrt(L), np.sqrt(1 - L))
    v = np.array([np.sqrt(1 - L), 0.0])
    for i in range(1, r + 1):
        u = np.array([np.cos(i * omega / r), np.sin(i * omega / r)])
        v = u * (u @ v)
    return float(np.sum((v - np.array([np.sqrt(1 - L), np.sqrt(L)])) ** 2))


def _compute_bootstrap(scale, seed, progress):
    rounds = np.array([1, 2, 3, 4, 8, 16, 64, 256])
    return {"teacher_loss": 0.1, "rounds": rounds, "losses": np.array([_rotating_rounds(0.1, int(r)) for r in rounds])}


def _experiment_table(data):
    cols = {"experiment": [], "L_TE": [], "best_L_ST": [], "alignment": []}
    for label, (x, y, a) in data["experiments"].items():
        cols["experiment"] += [label] * np.size(x)
        cols["L_TE"] += np.ravel(x).tolist()
        cols["best_L_ST"] += np.ravel(y).tolist()
        cols["alignment"] += np.ravel(a).tolist()
    return cols


def _budget_table(data):
    n, m = len(data["ridges"]), len(data["times"])
    return {"path": ["ridge"] * n + ["gradient flow"] * m, "parameter": list(data["ridges"]) + list(data["times"]),
            "norm": list(data["ridge_norms"]) + list(data["flow_norms"]),
            "L_ST": list(data["ridge_losses"]) + list(data["flow_losses"])}


def _draw_budget(data):
    return lower_budget(data["ridge_norms"], data["ridge_losses"], data["flow_norms"], data["flow_losses"],
                        data["best_ridge"], data["best_flow"], data["teacher_loss"])


SPECS = (
    FigureSpec("lower-geometry", "The ball of shrinkage students and the quadratic limit (schematic)", "lower",
               _compute_geometry, lambda d: lower_geometry(d["f_teacher"], d["f_star"], d["h"]),
               lambda d: {"point": ["f_TE", "f*", "h"], "x": [d["f_teacher"][0], d["f_star"][0], d["h"][0]],
                          "y": [d["f_teacher"][1], d["f_star"][1], d["h"][1]]},
               lambda d: (f"Schematic in the plane of the teacher and the target for a teacher loss of "
                          f"{d['teacher_loss']}: a shaded ball with diameter from 0 to the teacher, the target "
                          f"outside it, and the nearest point of the ball to the target.")),
    FigureSpec("lower-limits", "Best students of Figures 2 and 3 and a mixed target against the limits", "lower",
               _compute_experiments, lambda d: lower_limits(d["experiments"], d["paths"]),
               lambda d: _experiment_table(d),
               lambda d: ("Best student loss against teacher loss on log-log axes for every experiment, with "
                          "whole training paths as grey dots; every point lies above the quadratic limit "
                          "curve, which lies above the weaker bootstrap limit.")),
    FigureSpec("lower-budget", "The bounded student: loss against norm budget, ridge and gradient flow", "lower",
               _compute_budget, _draw_budget, _budget_table,
               lambda d: (f"Student loss against the norm of its coefficients for ridge and for gradient flow, "
                          f"teacher of {d['n_teacher']} and student of {d['n_student']} features; both paths "
                          f"stay above the quadratic limit, and gradient flow reaches the lower minimum.")),
    FigureSpec("lower-bootstrap", "Bootstrapping with rotating shrinkage rounds", "lower", _compute_bootstrap,
               lambda d: lower_bootstrap(d["rounds"], d["losses"], d["teacher_loss"]),
               lambda d: {"rounds": d["rounds"].tolist(), "L_ST": d["losses"].tolist()},
               lambda d: ("Loss after r rotating shrinkage rounds against r on a log axis: it falls below the "
                          "one-round quadratic limit from two rounds on and approaches the bootstrap limit.")),
    FigureSpec("lower-alignment", "Best student loss against its copied part L_TE kappa_hat(t*)", "lower",
               _compute_experiments, lambda d: lower_alignment(d["experiments"]),
               lambda d: _experiment_table(d),
               lambda d: ("Best student loss against the copied part of the teacher's error on log-log axes for "
                          "every experiment; the points lie on or above the line of equality, close to it for "
                          "most, with a fitted power law of slope near one.")),
)
