"""The relu chapter's figures (book: chapter `relu`): data to drawing, and their command-line specs.

This module draws the paper's Figure 2 from a :class:`w2s_lib.figures.ReLUSweep`: panel a,
:func:`relu_ratio`, panel b, :func:`relu_powerlaw`, and both side by side, :func:`relu_figure2`.
The chapter's figures by harmonic degree live in ``_plot_relu_degrees``; ``SPECS`` holds both.
"""

from __future__ import annotations

import numpy as np
from matplotlib.lines import Line2D

from . import figures, power_law_fit, quadratic_lower_bound
from ._plot_relu_degrees import SPECS as DEGREE_SPECS
from ._plot_style import FigureSpec, axes_or_new, infinity_panel, log_ticks, new_figure, ramp, tex_size

__all__ = ["relu_figure2", "relu_powerlaw", "relu_ratio"]

#: The chapter's parameters for Figure 2 (book/relu.md, first cell) and the quick scale.
FIGURE2 = {"paper": {"d": 32, "sizes": (16, 32, 64, 128, 256), "n_seeds": 5, "n_times": 301,
                     "student_width": 16384, "n_students": 2},
           "quick": {"d": 16, "sizes": (16, 32, 64, 128, 256), "n_seeds": 3, "n_times": 101,
                     "student_width": 1024, "n_students": 1}}
FIGURE2_SEED = 2025
#: The rate of the paper's Theorem 3.1, L*_ST <= O~(L_TE^1.49).
THEOREM_RATE = 1.49


def _width_label(sweep):
    return rf"$M_{{\mathrm{{ST}}}} = {tex_size(sweep.student_width)}$"


def relu_ratio(sweep, ax=None):
    """Student loss over teacher loss against time, one colour per teacher size (book: ReLU,
    "Figure 2 at the paper's scale"; the paper's Figure 2a).

    Solid: the finite students (mean over students and seeds); dashed: the infinite-width student
    (mean over seeds); their converged values at t = ∞ on the panel on the right.

    Parameters
    ----------
    sweep : ReLUSweep
        From :func:`w2s_lib.figures.relu_sweep`: ``teacher_loss`` (n_seeds, n_sizes),
        ``infinite.curves`` (n_seeds, n_sizes, n_times), ``finite.curves`` (n_students, n_seeds,
        n_sizes, n_times) or ``finite`` None; ``times`` increasing, may end in ``inf``.
    ax : matplotlib.axes.Axes, optional
        Draw into it (for the two-panel figure); by default a new figure.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = axes_or_new(ax)
    times, L_te = np.asarray(sweep.times, float), sweep.teacher_loss
    keep, at_inf = np.isfinite(times) & (times > 0), np.isinf(times)
    inf_ax = infinity_panel(ax) if at_inf.any() else None
    colours = ramp(len(sweep.sizes))
    drawn = []
    for j, m in enumerate(sweep.sizes):
        r_inf = (sweep.infinite.curves[:, j] / L_te[:, j, None]).mean(axis=0)
        parts = [(r_inf, "--")]
        if sweep.finite is not None:
            parts.insert(0, ((sweep.finite.curves[:, :, j] / L_te[None, :, j, None]).mean(axis=(0, 1)), "-"))
        for ratio, ls in parts:
            ax.plot(times[keep], ratio[keep], color=colours[j], ls=ls)
            drawn.append(ratio[keep])
            if inf_ax is not None:
                inf_ax.plot([0.0], [ratio[at_inf][0]], "D", mfc="white", mec=colours[j], ms=5, zorder=3)
    ax.axhline(1.0, color="0.5", lw=0.8)
    ax.set_xscale("log")
    ax.set_yscale("log")
    values = np.concatenate(drawn)
    ax.set_ylim(0.7 * values.min(), 1.5 * values.max())
    log_ticks(ax, "y")
    ax.set_xlabel(r"gradient-flow time $t$")
    ax.set_ylabel(r"$\mathcal{L}_{\mathrm{ST}}(t)\,/\,\mathcal{L}_{\mathrm{TE}}$")
    handles = [Line2D([], [], color=c, label=rf"$M_{{\mathrm{{TE}}}} = {int(m)}$") for c, m in zip(colours, sweep.sizes)]
    if sweep.finite is not None:
        handles.append(Line2D([], [], color="0.3", label=_width_label(sweep)))
    handles.append(Line2D([], [], color="0.3", ls="--", label=r"$M_{\mathrm{ST}} = \infty$"))
    ax.legend(handles=handles, loc="upper right", ncol=2)
    return fig


def relu_powerlaw(sweep, ax=None, rate=THEOREM_RATE):
    """Best student loss against teacher loss on log–log axes with per-seed power laws (book:
    ReLU, "Figure 2 at the paper's scale"; the paper's Figure 2b).

    Open circles: the infinite-width student; filled: the finite students (mean over students);
    one point per seed and size, coloured by size. Thin grey lines: the least-squares power law of
    each seed (dashed: infinite width). Also drawn: a line of slope ``rate`` through the worst
    teacher's finite student, the quadratic limit q(L_TE) and L_TE².

    Parameters
    ----------
    sweep : ReLUSweep
        ``teacher_loss`` (n_seeds, n_sizes), ``infinite.best_loss`` (n_seeds, n_sizes),
        ``finite.best_loss`` (n_students, n_seeds, n_sizes) or ``finite`` None.
    ax : matplotlib.axes.Axes, optional
    rate : float
        Slope of the reference line (Theorem 3.1's exponent).

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = axes_or_new(ax)
    L_te = sweep.teacher_loss
    xs = np.geomspace(L_te.min() * 0.8, L_te.max() * 1.2, 50)
    series = [(sweep.infinite.best_loss, "--", dict(facecolor="white", s=28))]
    if sweep.finite is not None:
        series.append((sweep.finite.best_loss.mean(axis=0), "-", dict(s=22)))
    for best, ls, _ in series:
        fit = power_law_fit(L_te, best)
        for s in range(L_te.shape[0]):
            ax.plot(xs, np.exp(fit.intercepts[s]) * xs ** fit.exponents[s], ls, color="0.6", lw=0.6)
    for j, (colour, m) in enumerate(zip(ramp(len(sweep.sizes)), sweep.sizes)):
        for best, _, kw in series:
            kw = dict(kw, edgecolor=colour) if kw.get("facecolor") == "white" else dict(kw, color=colour)
            ax.scatter(L_te[:, j], best[:, j], zorder=3, **kw)
    anchor = series[-1][0].max()
    ax.plot(xs, anchor * (xs / L_te.max()) ** rate, ":", color="k")
    ax.plot(xs[xs <= 1], quadratic_lower_bound(xs[xs <= 1]), color="0.4", lw=2, alpha=0.5)
    ax.plot(xs, xs**2, "--", color="k", lw=0.8)
    ax.set_xscale("log")
    ax.set_yscale("log")
    log_ticks(ax, "x")
    ax.set_xlabel(r"$\mathcal{L}_{\mathrm{TE}}$")
    ax.set_ylabel(r"$\mathcal{L}^*_{\mathrm{ST}}$")
    handles = [Line2D([], [], ls="none", marker="o", mfc="white", mec="0.3", label=r"$M_{\mathrm{ST}} = \infty$")]
    if sweep.finite is not None:
        handles.append(Line2D([], [], ls="none", marker="o", color="0.3", label=_width_label(sweep)))
    handles += [Line2D([], [], ls=":", color="k", label=f"slope ${rate:g}$"),
                Line2D([], [], color="0.4", lw=2, alpha=0.5, label=r"quadratic limit $q$"),
                Line2D([], [], ls="--", color="k", lw=0.8, label=r"$\mathcal{L}_{\mathrm{TE}}^2$")]
    ax.legend(handles=handles, loc="upper left")
    return fig


def relu_figure2(sweep):
    """The paper's Figure 2, both panels side by side: (a) :func:`relu_ratio`, (b)
    :func:`relu_powerlaw` (book: ReLU, "Figure 2 at the paper's scale").

    Parameters
    ----------
    sweep : ReLUSweep

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, (a, b) = new_figure(2, width=13.0, height=4.6, gridspec_kw={"wspace": 0.12})
    relu_ratio(sweep, ax=a)
    relu_powerlaw(sweep, ax=b)
    for ax, letter in ((a, "a"), (b, "b")):
        ax.set_title(f"({letter})", loc="left", fontweight="bold")
    return fig


# ---- command-line specs --------------------------------------------------------------------

def _sweep(scale, seed, progress):
    p = FIGURE2[scale]
    times = np.concatenate([[0.0], np.logspace(-1, 9, p["n_times"]), [np.inf]])
    return figures.relu_sweep(p["d"], p["sizes"], n_seeds=p["n_seeds"], times=times,
                              student_width=p["student_width"], n_students=p["n_students"],
                              seed=FIGURE2_SEED if seed is None else seed, progress=progress)


def _table(sweep):
    rows = {"seed": [], "M_TE": [], "L_TE": [], "best_L_ST_inf": [], "best_time_inf": [],
            "converged_L_ST_inf": []}
    if sweep.finite is not None:
        rows.update({"best_L_ST_finite": [], "best_time_finite": [], "converged_L_ST_finite": []})
    for s in range(sweep.teacher_loss.shape[0]):
        for j, m in enumerate(sweep.sizes):
            rows["seed"].append(s)
            rows["M_TE"].append(int(m))
            rows["L_TE"].append(sweep.teacher_loss[s, j])
            for tag, part, mean in [("inf", sweep.infinite, lambda x: x[s, j]),
                                    ("finite", sweep.finite, lambda x: x[:, s, j].mean())]:
                if part is not None:
                    rows[f"best_L_ST_{tag}"].append(mean(part.best_loss))
                    rows[f"best_time_{tag}"].append(mean(part.best_time))
                    rows[f"converged_L_ST_{tag}"].append(mean(part.converged))
    return rows


def _sizes_text(sweep):
    return f"d = {sweep.d}, teachers of {int(sweep.sizes[0])} to {int(sweep.sizes[-1])} features"


def _alt_a(sweep):
    return (f"Loss ratio against training time on log axes, one colour per teacher size ({_sizes_text(sweep)}), "
            "for finite and infinite-width students: every curve starts at 1 over the teacher's loss, dips "
            "below 1 at a best stopping time, more deeply for larger teachers, and returns to about 1 at t = "
            "infinity.")


def _alt_b(sweep):
    return (f"Best student loss against teacher loss on log-log axes ({_sizes_text(sweep)}), one point per seed "
            "and size with per-seed power-law fits: the points fall along lines steeper than the slope "
            f"{THEOREM_RATE} reference and stay above the quadratic limit.")


SPECS = (
    FigureSpec("2", "Paper Figure 2: loss ratio over time (a) and best student against teacher loss (b)", "relu",
               _sweep, relu_figure2, _table, lambda s: "Two panels. (a) " + _alt_a(s) + " (b) " + _alt_b(s)),
    FigureSpec("relu-ratio", "Paper Figure 2a: loss ratio over time per teacher size", "relu", _sweep, relu_ratio,
               _table, _alt_a),
    FigureSpec("relu-powerlaw", "Paper Figure 2b: best student loss against teacher loss", "relu", _sweep,
               relu_powerlaw, _table, _alt_b),
) + DEGREE_SPECS
