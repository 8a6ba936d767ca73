"""The experiments chapter's figures (book: chapter `experiments`): the paper's Figures 4 and 5.

Both are drawn from one :class:`w2s_lib.figures.WidthSweep` per input dimension, as returned by
:func:`w2s_lib.figures.width_sweep`; every label (d, teacher sizes, student widths) is read from
the sweeps.
"""

from __future__ import annotations

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.ticker import LogFormatterSciNotation, NullLocator

from ._bounds import quadratic_lower_bound
from .figures import width_sweep
from ._metrics import power_law_fit
from ._plot_style import FigureSpec, infinity_panel, log_ticks, new_figure, ramp, tex_size

__all__ = ["figure4", "figure4_curves", "figure4_scaling", "figure5", "figure5_ratio", "figure5_floor"]

#: The slope of Theorem 3.1, drawn for reference.
THEOREM_SLOPE = 1.49
LTE, LST, LSTBEST, LSC = (r"\mathcal{L}_{\mathrm{TE}}", r"\mathcal{L}_{\mathrm{ST}}",
                          r"\mathcal{L}^*_{\mathrm{ST}}", r"\mathcal{L}_{\mathrm{SC}}")


def _mst(m):
    return rf"$M_{{\mathrm{{ST}}}} = {tex_size(m)}$"


def _width(sweep, width):
    if width is None:
        return max(sweep.finite)
    if width not in sweep.finite:
        raise ValueError(f"width: one of the sweep's student widths {sorted(sweep.finite)}, got {width!r}")
    return width


def figure4_curves(ax, sweep, width=None):
    """One top panel of the paper's Figure 4: L_ST(t)/L_TE against t at one d.

    Mean over seeds of the finite student (solid, with a band spanning the seeds) and the
    infinite-width student (dashed), one colour per teacher size; the converged students
    (t = ∞) on a panel right of the time axis (filled: finite, open: infinite width).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    sweep : WidthSweep
        ``finite[width].curves`` of shape (n_students, n_seeds, n_sizes, n_times), the time grid
        ``sweep.times`` starting at 0 and ending at inf.
    width : int, optional
        The finite student's width; by default the sweep's widest.

    Returns
    -------
    matplotlib.axes.Axes
        The t = ∞ panel.
    """
    width = _width(sweep, width)
    fin, L = sweep.finite[width], sweep.teacher_loss
    keep = np.isfinite(sweep.times) & (sweep.times > 0)
    tt = sweep.times[keep]
    inf_ax = infinity_panel(ax)
    lows = []
    for j, (m, colour) in enumerate(zip(sweep.sizes, ramp(len(sweep.sizes)))):
        per_seed = fin.curves[0, :, j][:, keep] / L[:, j, None]
        lows.append(per_seed.min())
        ax.fill_between(tt, per_seed.min(axis=0), per_seed.max(axis=0), color=colour, alpha=0.15, lw=0)
        ax.plot(tt, per_seed.mean(axis=0), color=colour, label=rf"$M_{{\mathrm{{TE}}}} = {int(m)}$")
        ax.plot(tt, (sweep.infinite.curves[:, j][:, keep] / L[:, j, None]).mean(axis=0), color=colour, ls="--")
        inf_ax.plot([0.0], [(fin.converged[0, :, j] / L[:, j]).mean()], "D", ms=4, color=colour)
        inf_ax.plot([0.0], [(sweep.infinite.converged[:, j] / L[:, j]).mean()], "D", ms=4, mfc="white",
                    color=colour)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(tt[0], tt[-1])
    decades = np.arange(np.ceil(np.log10(tt[0])), np.floor(np.log10(tt[-1])) + 1)
    step = max(1, int(np.ceil(decades.size / 4)))          # about four labelled decades, the last one free
    ax.set_xticks(10.0 ** decades[:-1][::step])
    ax.set_ylim(min(lows) / 1.5, 3.0)
    ax.axhline(1.0, color="0.5", lw=0.8)
    ax.set_title(rf"$d = {sweep.d}$")
    ax.set_xlabel(r"$t$")
    log_ticks(ax, "y")
    return inf_ax


def figure4_scaling(ax, sweep, width=None):
    """One bottom panel of the paper's Figure 4: L*_ST against L_TE at one d.

    One point per seed and teacher size (the teacher size's colour), each seed's fitted power law
    (thin grey), the slope 1.49 of Theorem 3.1 (dotted, through the worst teacher) and the
    quadratic limit q (thick grey); the mean exponent ± standard error is written in the panel.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    sweep : WidthSweep
        ``teacher_loss`` and ``finite[width].best_loss[0]``, both of shape (n_seeds, n_sizes).
    width : int, optional
        The finite student's width; by default the sweep's widest.

    Returns
    -------
    PowerLawFit
        The fit whose mean exponent is written in the panel.
    """
    width = _width(sweep, width)
    L, best = sweep.teacher_loss, sweep.finite[width].best_loss[0]
    colours = ramp(len(sweep.sizes))
    xs = np.geomspace(L.min() / 2, 1.0, 100)
    for s in range(L.shape[0]):
        ax.scatter(L[s], best[s], c=colours, s=14, zorder=3)
        fit = power_law_fit(L[s], best[s])
        ax.plot(xs, np.exp(fit.intercepts[0]) * xs ** fit.exponents[0], color="0.6", lw=0.6)
    i = np.unravel_index(np.argmax(L), L.shape)
    ax.plot(xs, best[i] * (xs / L[i]) ** THEOREM_SLOPE, ":", color="k", label=f"slope ${THEOREM_SLOPE}$")
    ax.plot(xs, quadratic_lower_bound(xs), color="0.4", lw=2.5, alpha=0.5, label=r"quadratic limit $q$")
    fit = power_law_fit(L, best)
    ax.text(0.04, 0.93, rf"exponent ${fit.mean:.2f} \pm {fit.stderr:.2f}$", transform=ax.transAxes, fontsize=9)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(xs[0], xs[-1])
    ax.set_ylim(best.min() / 3, 2 * best.max())
    ax.set_xlabel(rf"${LTE}$")
    log_ticks(ax, "y")
    if np.log10(xs[-1] / xs[0]) < 2:                       # labelled 2 and 5 only where they fit
        log_ticks(ax, "x")
    return fit


def figure4(sweeps, width=None):
    """The paper's Figure 4 (book: Experiments, "Figure 4"): Figure 2 at several input dimensions.

    Top row, :func:`figure4_curves` per d; bottom row, :func:`figure4_scaling` per d.

    Parameters
    ----------
    sweeps : sequence of WidthSweep
        One per d, in the order of the columns, with the same teacher sizes.
    width : int, optional
        The finite student's width; by default each sweep's widest.

    Returns
    -------
    matplotlib.figure.Figure
    """
    sweeps = list(sweeps)
    fig, axes = new_figure(len(sweeps), 2, width="wide", height=7.0, squeeze=False)
    fig.get_layout_engine().set(wspace=0.15)
    for ax, bx, sweep in zip(axes[0], axes[1], sweeps):
        figure4_curves(ax, sweep, width)
        figure4_scaling(bx, sweep, width)
    for row in axes:
        lo = min(a.get_ylim()[0] for a in row)
        hi = max(a.get_ylim()[1] for a in row)
        for a in row:
            a.set_ylim(lo, hi)
            a.yaxis.set_major_formatter(LogFormatterSciNotation())
            log_ticks(a, "y")
    m = _width(sweeps[0], width)
    axes[0, 0].set_ylabel(rf"${LST}(t) / {LTE}$")
    axes[1, 0].set_ylabel(rf"${LSTBEST}$ (" + _mst(m) + ")")
    handles = axes[0, 0].get_legend_handles_labels()[0]
    handles += [Line2D([], [], color="k", label=_mst(m)), Line2D([], [], color="k", ls="--", label=_mst(np.inf))]
    handles += axes[1, 0].get_legend_handles_labels()[0]
    fig.legend(handles=handles, loc="outside lower center", ncol=int(np.ceil(len(handles) / 2)))
    return fig


def figure5_ratio(ax, sweep):
    """One top panel of the paper's Figure 5: the best ratio L*_ST/L_TE against teacher size at one d.

    Mean over seeds, one line per finite width (ordered colours) and the infinite-width student
    (black).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    sweep : WidthSweep
        ``finite[M].best_loss[0]`` and ``infinite.best_loss`` of shape (n_seeds, n_sizes).
    """
    L = sweep.teacher_loss
    widths = sorted(sweep.finite)
    for m, colour in zip(widths, ramp(len(widths), stop=0.75)):
        ax.plot(sweep.sizes, (sweep.finite[m].best_loss[0] / L).mean(axis=0), "o-", color=colour, ms=4,
                label=_mst(m))
    ax.plot(sweep.sizes, (sweep.infinite.best_loss / L).mean(axis=0), "o-", color="k", ms=4, label=_mst(np.inf))
    _size_axis(ax, sweep.sizes)
    ax.set_title(rf"$d = {sweep.d}$")


def figure5_floor(ax, sweep):
    """One bottom panel of the paper's Figure 5: L*_ST (solid) and L_SC(t*) (dashed) against teacher size.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    sweep : WidthSweep
        ``finite[M].best_loss[0]`` and ``finite[M].ceiling_at_best[0]`` of shape (n_seeds, n_sizes).
    """
    widths = sorted(sweep.finite)
    for m, colour in zip(widths, ramp(len(widths), stop=0.75)):
        ax.plot(sweep.sizes, sweep.finite[m].best_loss[0].mean(axis=0), "o-", color=colour, ms=4)
        ax.plot(sweep.sizes, sweep.finite[m].ceiling_at_best[0].mean(axis=0), "--", color=colour)
    ax.plot(sweep.sizes, sweep.infinite.best_loss.mean(axis=0), "o-", color="k", ms=4)
    _size_axis(ax, sweep.sizes)
    ax.set_xlabel(r"teacher size $M_{\mathrm{TE}}$")


def _size_axis(ax, sizes):
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xticks(sizes, [str(int(m)) for m in sizes])
    ax.xaxis.set_minor_locator(NullLocator())
    log_ticks(ax, "y")


def figure5(sweeps):
    """The paper's Figure 5 (book: Experiments, "Figure 5: narrower students"): the width ablation.

    Top row, :func:`figure5_ratio` per d; bottom row, :func:`figure5_floor` per d.

    Parameters
    ----------
    sweeps : sequence of WidthSweep
        One per d, each with the same finite widths.

    Returns
    -------
    matplotlib.figure.Figure
    """
    sweeps = list(sweeps)
    fig, axes = new_figure(len(sweeps), 2, width="wide", height=6.0, squeeze=False, sharex=True)
    for ax, bx, sweep in zip(axes[0], axes[1], sweeps):
        figure5_ratio(ax, sweep)
        figure5_floor(bx, sweep)
    axes[0, 0].set_ylabel(rf"${LSTBEST} / {LTE}$")
    axes[1, 0].set_ylabel(rf"${LSTBEST}$ (solid), ${LSC}(t^*)$ (dashed)")
    axes[0, 0].legend(fontsize=8)
    return fig


# ---------------------------------------------------------------- command-line specs

#: The chapter's parameters (paper scale) and the quick scale's.
PARAMS = {
    "paper": dict(dims=(16, 32, 64), sizes=(16, 32, 64, 128, 256), widths=(1024, 4096, 16384), n_seeds=5,
                  times=301),
    "quick": dict(dims=(8, 12, 16), sizes=(8, 16, 32, 64), widths=(256, 512, 1024), n_seeds=3, times=61),
}
SEED = 2025


def _compute(scale, seed, progress, widths):
    p = PARAMS[scale]
    times = np.concatenate([[0.0], np.logspace(-1, 9, p["times"]), [np.inf]])
    seed = SEED if seed is None else seed
    widths = p["widths"] if widths is None else p["widths"][-1:]
    return [width_sweep(d, p["sizes"], p["n_seeds"], times, widths=widths, seed=seed, progress=progress)
            for d in p["dims"]]


def _table4(sweeps):
    cols = {k: [] for k in ("d", "seed", "M_TE", "L_TE", "M_ST", "best_loss", "best_loss_infinite",
                            "converged_over_L_TE", "converged_over_L_TE_infinite")}
    for sw in sweeps:
        m = max(sw.finite)
        for s in range(sw.teacher_loss.shape[0]):
            for j, size in enumerate(sw.sizes):
                L = sw.teacher_loss[s, j]
                for k, v in zip(cols, (sw.d, s, int(size), L, m, sw.finite[m].best_loss[0, s, j],
                                       sw.infinite.best_loss[s, j], sw.finite[m].converged[0, s, j] / L,
                                       sw.infinite.converged[s, j] / L)):
                    cols[k].append(v)
    return cols


def _table5(sweeps):
    cols = {k: [] for k in ("d", "M_ST", "M_TE", "mean_ratio", "mean_best_loss", "mean_ceiling_at_best")}
    for sw in sweeps:
        students = [(m, sw.finite[m].best_loss[0], sw.finite[m].ceiling_at_best[0]) for m in sorted(sw.finite)]
        students.append((np.inf, sw.infinite.best_loss, np.full_like(sw.infinite.best_loss, np.nan)))
        for m, best, ceil in students:
            for j, size in enumerate(sw.sizes):
                row = (sw.d, m, int(size), (best[:, j] / sw.teacher_loss[:, j]).mean(), best[:, j].mean(),
                       ceil[:, j].mean())
                for k, v in zip(cols, row):
                    cols[k].append(v)
    return cols


def _dims(sweeps):
    return ", ".join(str(sw.d) for sw in sweeps)


def _alt4(sweeps):
    return (f"Student-to-teacher loss ratio against training time at d = {_dims(sweeps)}, one curve per "
            "teacher size: each dips below 1 at a good stopping time, deeper for larger teachers; below, "
            "the best student loss against the teacher loss on log axes, close to a power law, with the "
            "slope 1.49 and the quadratic limit for comparison.")


def _alt5(sweeps):
    widths = ", ".join(str(m) for m in sorted(sweeps[0].finite))
    return (f"Best student-to-teacher loss ratio against teacher size at d = {_dims(sweeps)} for students "
            f"of {widths} features and infinite width: narrower students gain less and flatten for good "
            "teachers, where their best loss runs along the loss they still miss of the target itself.")


SPECS = (
    FigureSpec("4", "Paper Figure 4: Figure 2 at d = 16, 32, 64 (curves and power laws)", "experiments",
               lambda scale, seed, progress: _compute(scale, seed, progress, widths="widest"),
               figure4, _table4, _alt4),
    FigureSpec("5", "Paper Figure 5: the student's width, 1024 to infinity, at d = 16, 32, 64", "experiments",
               lambda scale, seed, progress: _compute(scale, seed, progress, widths=None),
               figure5, _table5, _alt5),
)
#: The same two figures under their book names (fig-experiments-figure4, fig-experiments-figure5).
SPECS += tuple(FigureSpec(f"experiments-figure{s.name}", f"Paper Figure {s.name}, by its book name (the same as {s.name})",
                          s.chapter, s.compute, s.draw, s.table, s.alt) for s in SPECS)
