"""The linear chapter's figures (book: chapter `linear`): data to drawing, and their command-line specs.

Paper Figure 3 (panels a and b) and the book's comparison of the two choices of the small variance
ε. Every function takes a :class:`w2s_lib.figures.LinearSweep` and reads sizes, dimensions and ε
from it.
"""

from __future__ import annotations

import numpy as np

from ._bounds import quadratic_lower_bound
from ._metrics import power_law_fit
from ._plot_style import CATEGORICAL, FigureSpec, axes_or_new, infinity_panel, log_ticks, new_figure, ramp, style
from ._theory import diagonal_family_losses, predicted_teacher_loss
from .figures import linear_sweep

__all__ = ["eps_label", "figure_3", "linear_eps", "linear_power_law", "linear_predictions", "linear_ratio"]

_TE = r"\mathcal{L}_{\mathrm{TE}}"
_BEST = r"\mathcal{L}^*_{\mathrm{ST}}"
_M = r"M_{\mathrm{TE}}"


def eps_label(sweep):
    """The rule for ε of a sweep, in mathematical notation: ``$\\varepsilon = 1/d$`` and the like.

    Parameters
    ----------
    sweep : LinearSweep

    Returns
    -------
    str
        ``$\\varepsilon = 1/d$``, ``$\\varepsilon = 1/M_{\\mathrm{TE}}$``,
        ``$\\varepsilon = M_{\\mathrm{TE}}^{-1/2}$``, or the values of ε when no rule fits.
    """
    eps, m, d = np.asarray(sweep.eps), np.asarray(sweep.sizes, float), np.asarray(sweep.dims, float)
    for rule, values in ((r"1/d", 1 / d), (rf"1/{_M}", 1 / m), (rf"{_M}^{{-1/2}}", m**-0.5)):
        if np.allclose(eps, values, rtol=1e-12):
            return rf"$\varepsilon = {rule}$"
    return r"$\varepsilon \in \{" + ", ".join(f"{e:.3g}" for e in eps) + r"\}$"


def linear_predictions(sweep, grid=None):
    """The effective-ridge predictions of a sweep's teachers and best students.

    Book: linear chapter, "Where the teacher's loss goes" (the effective ridge) and the closed-form
    curve lemma, minimised over a fine time grid.

    Parameters
    ----------
    sweep : LinearSweep
    grid : array_like, optional
        Times over which the predicted curve is minimised (default ``logspace(-1, 12, 6001)``).

    Returns
    -------
    predicted_loss, predicted_best : ndarray of shape (n_sizes,)
        Predicted L_TE and predicted L*_ST.
    """
    grid = np.logspace(-1, 12, 6001) if grid is None else np.asarray(grid, float)
    loss = np.array([predicted_teacher_loss([1.0, e], [1.0, 0.0], m, multiplicities=[1, dim - 1])
                     for m, dim, e in zip(sweep.sizes, sweep.dims, sweep.eps)])
    best = np.array([diagonal_family_losses(L, e, grid).min() for L, e in zip(loss, sweep.eps)])
    return loss, best


def _finish_time_axis(ax, inf_ax):
    ax.set_xscale("log")
    ax.set_yscale("log")
    log_ticks(ax, "y")
    ax.set_xlabel(r"gradient-flow time $t$")
    inf_ax.set_xlim(-1, 1)


def linear_ratio(sweep, predicted_loss=None, ax=None):
    """Paper Figure 3a: L_ST(t) / L_TE² against time, mean over seeds, one colour per teacher size.

    Book: linear chapter, "Figure 3". The values at t = ∞ (the converged student, which is the
    teacher again: L_ST(∞)/L_TE² = 1/L_TE) sit on a separate t = ∞ panel.

    Parameters
    ----------
    sweep : LinearSweep
        ``sweep.infinite.curves`` of shape (n_seeds, n_sizes, n_times) on ``sweep.times``.
    predicted_loss : array_like of shape (n_sizes,), optional
        Effective-ridge L_TE per size (:func:`linear_predictions`); drawn as dotted closed-form
        curves.
    ax : matplotlib.axes.Axes, optional
        Draw into it; by default a new one-column figure.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = axes_or_new(ax)
    times = np.asarray(sweep.times, float)
    finite = np.isfinite(times) & (times > 0)
    L = np.asarray(sweep.teacher_loss)
    colours = ramp(len(sweep.sizes))
    with style():
        inf_ax = infinity_panel(ax)
        for j, m in enumerate(sweep.sizes):
            ratio = (sweep.infinite.curves[:, j, :] / L[:, j, None] ** 2).mean(axis=0)
            ax.plot(times[finite], ratio[finite], color=colours[j], label=rf"${_M} = {int(m)}$")
            if predicted_loss is not None:
                lp = float(predicted_loss[j])
                pred = diagonal_family_losses(lp, sweep.eps[j], times[finite]) / lp**2
                ax.plot(times[finite], pred, ":", color=colours[j], lw=1.2)
            inf_ax.plot([0.0], [np.mean(sweep.infinite.converged[:, j] / L[:, j] ** 2)], "o",
                        color=colours[j], ms=5)
        if predicted_loss is not None:
            ax.plot([], [], ":", color="0.3", lw=1.2, label="prediction")
        ax.axhline(1.0, color="0.5", lw=0.8)
        top = 3.0 * float(np.max(np.mean(sweep.infinite.converged / L**2, axis=0)))
        ax.set_ylim(0.5, top)
        _finish_time_axis(ax, inf_ax)
        ax.set_ylabel(rf"$\mathcal{{L}}_{{\mathrm{{ST}}}}(t)\,/\,{_TE}^2$")
        ax.legend(fontsize=8, ncol=2, loc="lower right")
    return fig


def linear_power_law(sweep, fit=None, predicted_loss=None, predicted_best=None, ax=None):
    """Paper Figure 3b: best student loss against teacher loss, log–log, with the per-seed power laws.

    Book: linear chapter, "Figure 3". One point per seed and teacher size, each seed's least-squares
    power law (thin grey lines), the line L*_ST = L_TE² (dotted), the effective-ridge prediction
    (crosses) and the quadratic limit q(L_TE) (thick grey).

    Parameters
    ----------
    sweep : LinearSweep
        ``teacher_loss`` and ``infinite.best_loss`` of shape (n_seeds, n_sizes).
    fit : PowerLawFit, optional
        ``power_law_fit(sweep.teacher_loss, sweep.infinite.best_loss)``, computed when omitted.
    predicted_loss, predicted_best : array_like of shape (n_sizes,), optional
        From :func:`linear_predictions`.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = axes_or_new(ax, height=4.6)
    L, best = np.asarray(sweep.teacher_loss), np.asarray(sweep.infinite.best_loss)
    fit = power_law_fit(L, best) if fit is None else fit
    colours = ramp(len(sweep.sizes))
    xs = np.geomspace(L.min() * 0.8, L.max() * 1.2, 50)
    with style():
        for s in range(L.shape[0]):
            ax.plot(xs, np.exp(fit.intercepts[s]) * xs ** fit.exponents[s], color="0.6", lw=0.6,
                    label="power law per seed" if s == 0 else None)
        for j, m in enumerate(sweep.sizes):
            ax.scatter(L[:, j], best[:, j], color=colours[j], s=22, zorder=3, label=rf"${_M} = {int(m)}$")
        ax.plot(xs, xs**2, ":", color="k", label=rf"${_TE}^2$")
        if predicted_loss is not None and predicted_best is not None:
            ax.scatter(predicted_loss, predicted_best, marker="x", color="k", s=30, zorder=4,
                       label="prediction")
        ax.plot(xs, quadratic_lower_bound(xs), color="0.4", lw=2, alpha=0.5,
                label=rf"quadratic limit $q({_TE})$")
        ax.set_xscale("log")
        ax.set_yscale("log")
        log_ticks(ax, "x")
        ax.set_xlabel(rf"${_TE}$")
        ax.set_ylabel(rf"${_BEST}$")
        ax.legend(fontsize=8, loc="upper left")
    return fig


def figure_3(sweep, predicted_loss=None, predicted_best=None, fit=None):
    """Paper Figure 3, both panels side by side (a: :func:`linear_ratio`, b: :func:`linear_power_law`).

    Parameters
    ----------
    sweep : LinearSweep
    predicted_loss, predicted_best : array_like of shape (n_sizes,), optional
    fit : PowerLawFit, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, (a, b) = new_figure(2, width="wide", height=4.4, gridspec_kw={"wspace": 0.15})
    linear_ratio(sweep, predicted_loss, ax=a)
    linear_power_law(sweep, fit, predicted_loss, predicted_best, ax=b)
    with style():
        for ax, letter in ((a, "a"), (b, "b")):
            ax.set_title(f"({letter})", loc="left", fontsize=11)
    return fig


def linear_eps(sweeps, predictions=None, ax=None):
    """The best ratio L*_ST / L_TE² against teacher size for several choices of ε.

    Book: linear chapter, "The alternative ε = 1/M_TE". Mean over seeds (dots and lines); crosses,
    the effective-ridge predictions.

    Parameters
    ----------
    sweeps : sequence of LinearSweep
        Each labelled by its rule for ε (:func:`eps_label`).
    predictions : sequence of (predicted_loss, predicted_best), optional
        One pair of arrays of shape (n_sizes,) per sweep (:func:`linear_predictions`).
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = axes_or_new(ax)
    with style():
        for k, sw in enumerate(sweeps):
            c = CATEGORICAL[k % len(CATEGORICAL)]
            ratio = (sw.infinite.best_loss / sw.teacher_loss**2).mean(axis=0)
            ax.plot(sw.sizes, ratio, "o-", color=c, label=eps_label(sw))
            if predictions is not None:
                lp, bp = predictions[k]
                ax.scatter(sw.sizes, np.asarray(bp) / np.asarray(lp) ** 2, marker="x", color=c, s=36,
                           zorder=3)
        if predictions is not None:
            ax.scatter([], [], marker="x", color="0.3", label="prediction")
        ax.axhline(1.0, color="0.5", lw=0.8)
        ax.set_xscale("log", base=2)
        sizes = sorted({int(m) for sw in sweeps for m in sw.sizes})
        ax.set_xticks(sizes, [str(m) for m in sizes])
        ax.minorticks_off()
        ax.set_xlabel(rf"teacher size ${_M}$")
        ax.set_ylabel(rf"${_BEST} / {_TE}^2$")
        ax.legend()
    return fig


# --- the command line's specs --------------------------------------------------------------------

_SEED = 2025


def _sizes(scale):
    return [16, 32, 64, 128] if scale == "quick" else [16, 32, 64, 128, 256, 512]


def _times(scale):
    n = 201 if scale == "quick" else 401
    return np.concatenate([[0.0], np.logspace(-1, 9, n), [np.inf]])


def _sweep(scale, seed, rule):
    n_seeds = 3 if scale == "quick" else 5
    return linear_sweep(_sizes(scale), n_seeds=n_seeds, times=_times(scale), rule=rule,
                        seed=_SEED if seed is None else seed)


def _compute_3(scale, seed, progress):
    sweep = _sweep(scale, seed, "1/d")
    loss, best = linear_predictions(sweep)
    return {"sweep": sweep, "predicted_loss": loss, "predicted_best": best,
            "fit": power_law_fit(sweep.teacher_loss, sweep.infinite.best_loss)}


def _compute_eps(scale, seed, progress):
    sweeps = [_sweep(scale, seed, rule) for rule in ("1/d", "1/M")]
    return {"sweeps": sweeps, "predictions": [linear_predictions(sw) for sw in sweeps]}


def _per_teacher(sweep, loss=None, best=None):
    n_seeds, n_sizes = sweep.teacher_loss.shape
    size = np.tile(sweep.sizes, n_seeds)
    j = np.tile(np.arange(n_sizes), n_seeds)
    cols = {"M_TE": size.tolist(), "d": np.asarray(sweep.dims)[j].tolist(),
            "eps": np.asarray(sweep.eps)[j].tolist(), "seed": np.repeat(np.arange(n_seeds), n_sizes).tolist(),
            "L_TE": sweep.teacher_loss.ravel().tolist(), "best_L_ST": sweep.infinite.best_loss.ravel().tolist(),
            "best_time": sweep.infinite.best_time.ravel().tolist()}
    if loss is not None:
        cols["predicted_L_TE"] = np.asarray(loss)[j].tolist()
        cols["predicted_best_L_ST"] = np.asarray(best)[j].tolist()
    return cols


def _ratio_table(data):
    sweep, loss = data["sweep"], data["predicted_loss"]
    times = np.asarray(sweep.times, float)
    cols = {"M_TE": [], "t": [], "mean_ratio": [], "predicted_ratio": []}
    for j, m in enumerate(sweep.sizes):
        ratio = (sweep.infinite.curves[:, j] / sweep.teacher_loss[:, j, None] ** 2).mean(axis=0)
        pred = diagonal_family_losses(loss[j], sweep.eps[j], times) / loss[j] ** 2
        cols["M_TE"] += [int(m)] * times.size
        cols["t"] += times.tolist()
        cols["mean_ratio"] += ratio.tolist()
        cols["predicted_ratio"] += pred.tolist()
    return cols


def _eps_table(data):
    cols = {"rule": [], "M_TE": [], "mean_ratio": [], "predicted_ratio": []}
    for sw, (lp, bp) in zip(data["sweeps"], data["predictions"]):
        cols["rule"] += [eps_label(sw)] * len(sw.sizes)
        cols["M_TE"] += [int(m) for m in sw.sizes]
        cols["mean_ratio"] += (sw.infinite.best_loss / sw.teacher_loss**2).mean(axis=0).tolist()
        cols["predicted_ratio"] += (np.asarray(bp) / np.asarray(lp) ** 2).tolist()
    return cols


def _alt_ratio(data):
    sw = data["sweep"]
    return (f"Student loss over squared teacher loss against gradient-flow time on log axes, one curve per "
            f"teacher size from {sw.sizes[0]} to {sw.sizes[-1]}; each curve dips to a minimum that "
            f"approaches 1 as the teacher grows, then rises back to 1 over the teacher loss at t = infinity.")


def _alt_power(data):
    return (f"Best student loss against teacher loss on log-log axes, one point per seed and teacher size; "
            f"the points lie just above the line of the squared teacher loss, with fitted exponent "
            f"{data['fit'].mean:.2f}, and above the quadratic limit.")


def _alt_eps(data):
    return ("Best student loss over squared teacher loss against teacher size for two choices of the small "
            "variance; both fall towards 1, the choice epsilon = 1/M_TE more slowly, with the predictions "
            "beside the computed means.")


def _draw_3(data):
    return figure_3(data["sweep"], data["predicted_loss"], data["predicted_best"], data["fit"])


SPECS = (
    FigureSpec("3", "Paper Figure 3: linear features, L_ST(t)/L_TE^2 and the power law", "linear",
               _compute_3, _draw_3, lambda d: _per_teacher(d["sweep"], d["predicted_loss"], d["predicted_best"]),
               lambda d: _alt_ratio(d) + " Right: " + _alt_power(d)),
    FigureSpec("linear-ratio", "Paper Figure 3a: L_ST(t)/L_TE^2 against time", "linear", _compute_3,
               lambda d: linear_ratio(d["sweep"], d["predicted_loss"]), _ratio_table, _alt_ratio),
    FigureSpec("linear-powerlaw", "Paper Figure 3b: L*_ST against L_TE with per-seed power laws", "linear",
               _compute_3, lambda d: linear_power_law(d["sweep"], d["fit"], d["predicted_loss"],
                                                      d["predicted_best"]),
               lambda d: _per_teacher(d["sweep"], d["predicted_loss"], d["predicted_best"]), _alt_power),
    FigureSpec("linear-eps", "L*_ST/L_TE^2 against M_TE for epsilon = 1/d and 1/M_TE", "linear",
               _compute_eps, lambda d: linear_eps(d["sweeps"], d["predictions"]), _eps_table, _alt_eps),
)
