"""The book's figure style: palette, sizes, the t = ∞ panel, log ticks, saving, figure specs.

Every data figure of the book is drawn by a function of :mod:`w2s_lib.plotting` on top of these
helpers, so that all figures share one look: a colour-blind-safe palette (Okabe–Ito without its
yellow, and a truncated viridis ramp for ordered families such as teacher sizes, which stops
before viridis's light yellow), labels in mathematical notation, and fonts that stay readable at
80 % of the book's column width and on slides. Needs matplotlib (the ``plot`` extra).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

__all__ = ["CATEGORICAL", "FigureSpec", "SCALES", "axes_or_new", "infinity_panel", "log_ticks", "new_figure", "ramp",
           "save_figure", "style", "tex_size"]

#: Okabe–Ito colours without yellow (#F0E442 is unreadable on white), in the order used for
#: categories (dimensions, students, targets).
CATEGORICAL = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")

#: Sizes of the command line's two scales: "quick" runs the same code path at smaller sizes.
SCALES = ("quick", "paper")

#: Matplotlib settings of every book figure (used as a context, never set globally).
STYLE = {
    "figure.dpi": 110,
    "savefig.dpi": 110,
    "savefig.bbox": "tight",
    "font.size": 11,
    "axes.titlesize": 11,
    "axes.labelsize": 11,
    "legend.fontsize": 9,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "lines.linewidth": 1.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "svg.hashsalt": "w2s-book",
    "pdf.fonttype": 42,
}

#: Figure widths in inches: one column of the book, and a wide figure with two or three panels.
WIDTHS = {"column": 6.4, "wide": 9.6}


def style():
    """A context manager with the book's matplotlib settings (``with style(): ...``).

    Returns
    -------
    contextlib.AbstractContextManager
        ``matplotlib.rc_context`` over the book's settings; nothing changes outside it.
    """
    return matplotlib.rc_context(STYLE)


def new_figure(ncols=1, nrows=1, width="column", height=None, **kwargs):
    """A figure with the book's size and style, and its axes.

    Parameters
    ----------
    ncols, nrows : int
        Panels.
    width : {"column", "wide"} or float
        Width in inches, or one of the book's two widths.
    height : float, optional
        Height in inches; by default 0.62 of the width per row for one column of panels.
    **kwargs
        Passed to ``matplotlib.pyplot.subplots`` (``sharey`` and the like).

    Returns
    -------
    fig : matplotlib.figure.Figure
    axes : Axes or ndarray of Axes
    """
    w = WIDTHS[width] if isinstance(width, str) else float(width)
    if height is None:
        height = w * (0.62 if ncols == 1 else 0.9 / ncols) * nrows
    with style():
        fig, axes = plt.subplots(nrows, ncols, figsize=(w, height), layout="constrained", **kwargs)
    return fig, axes


def axes_or_new(ax=None, **kwargs):
    """The axes a panel function draws on: ``ax`` itself, or one new book figure.

    Parameters
    ----------
    ax : matplotlib.axes.Axes, optional
    **kwargs
        Passed to :func:`new_figure` when ``ax`` is None.

    Returns
    -------
    fig : matplotlib.figure.Figure
        ``ax.figure``, or the new figure.
    ax : matplotlib.axes.Axes
    """
    return new_figure(**kwargs) if ax is None else (ax.figure, ax)


def ramp(n, start=0.0, stop=0.82):
    """``n`` colours of an ordered family (teacher sizes, student widths): viridis from dark blue
    to green, stopping before its light yellow.

    Parameters
    ----------
    n : int
    start, stop : float
        The part of viridis used, within [0, 1].

    Returns
    -------
    list of RGBA tuples, length n
    """
    if n == 1:
        return [matplotlib.colormaps["viridis"](start)]
    return [matplotlib.colormaps["viridis"](start + (stop - start) * i / (n - 1)) for i in range(n)]


def tex_size(m):
    """Label text for a width: ``"16384"`` or ``"\\infty"`` (for use inside ``$...$``).

    Parameters
    ----------
    m : int or float or str
        A width; ``inf``, ``np.inf`` or ``"inf"`` is the infinite-width student.

    Returns
    -------
    str
    """
    if isinstance(m, str) or (isinstance(m, float) and math.isinf(m)):
        return r"\infty"
    return str(int(m))


def infinity_panel(ax, label=r"$t = \infty$", width=0.07):
    """A narrow panel right of ``ax`` for values at t = ∞, sharing ``ax``'s y axis.

    Drawing the converged student at "10 × the last time" puts it on a tick that reads as a finite
    time; this panel has no time axis, only the label ``t = ∞``, and break marks show that the
    time axis is interrupted.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The main axes (time on a log x axis).
    label : str
        The panel's single x label.
    width : float
        Width of the panel as a fraction of ``ax``'s width.

    Returns
    -------
    matplotlib.axes.Axes
        Plot the t = ∞ values at x = 0 on it.
    """
    inf_ax = ax.inset_axes([1.0 + width * 0.6, 0.0, width, 1.0], sharey=ax)
    inf_ax.set_xlim(-1.0, 1.0)
    inf_ax.set_xticks([0.0], [label])
    inf_ax.tick_params(axis="y", which="both", left=False, labelleft=False)
    for side in ("left", "top", "right"):
        inf_ax.spines[side].set_visible(False)
    kw = dict(marker=[(-1, -1.5), (1, 1.5)], markersize=8, linestyle="none", color="k", mec="k", mew=1,
              clip_on=False)
    ax.plot([1.0], [0.0], transform=ax.transAxes, **kw)
    inf_ax.plot([0.0], [0.0], transform=inf_ax.transAxes, **kw)
    return inf_ax


def log_ticks(ax, axis="y", numticks=12):
    """Log-axis ticks that let the reader read off a minimum: labelled decades, and labelled
    2 and 5 between them when the axis spans fewer than three decades.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    axis : {"x", "y", "both"}
    numticks : int
        Passed to ``LogLocator``.
    """
    for name in ("x", "y") if axis == "both" else (axis,):
        a = ax.xaxis if name == "x" else ax.yaxis
        lo, hi = (ax.get_xlim() if name == "x" else ax.get_ylim())
        if lo <= 0 or hi <= 0:
            continue
        span = abs(math.log10(hi / lo))
        a.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0) if span < 3 else (1.0,), numticks=numticks))
        a.set_minor_locator(LogLocator(base=10, subs=np.arange(2, 10) * 1.0, numticks=numticks))
        a.set_minor_formatter(NullFormatter())
        if span < 3:
            a.set_major_formatter(FuncFormatter(lambda v, _: f"${v:g}$"))


def save_figure(fig, path, alt=None):
    """Write ``fig`` to ``path``; the suffix chooses PNG, PDF or SVG.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    path : str or Path
        Ends in ``.png``, ``.pdf`` or ``.svg``.
    alt : str, optional
        Alternative text, stored as the file's description (PDF subject, SVG and PNG metadata).

    Returns
    -------
    Path
    """
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in {"png", "pdf", "svg"}:
        raise ValueError(f"path: the suffix must be .png, .pdf or .svg, got {path.suffix!r}")
    meta = {}
    if alt:
        meta = {"png": {"Description": alt}, "pdf": {"Subject": alt}, "svg": {"Description": alt}}[fmt]
    meta.update({"png": {"Software": None}, "pdf": {"Creator": None, "Producer": None, "CreationDate": None},
                 "svg": {"Date": None}}[fmt])
    with style():
        fig.savefig(path, format=fmt, metadata=meta)
    return path


@dataclass(frozen=True)
class FigureSpec:
    """One figure the command line can draw (``python -m w2s_lib figure NAME``).

    Attributes
    ----------
    name : str
        ``"2"`` … ``"5"`` for the paper's figures, otherwise the book's figure name without its
        ``fig-`` prefix (``"relu-spectrum"``).
    title : str
        One line for ``python -m w2s_lib list``.
    chapter : str
        The book chapter that shows it.
    compute : callable (scale, seed, progress) -> data
        The figure's data; ``scale`` is ``"quick"`` or ``"paper"`` (the chapter's sizes).
    draw : callable (data) -> matplotlib.figure.Figure
    table : callable (data) -> dict of str to list
        The numbers behind the figure, as equal-length columns (for ``--data``).
    alt : callable (data) -> str
        Alternative text of the drawn figure.
    """

    name: str
    title: str
    chapter: str
    compute: Callable
    draw: Callable
    table: Callable
    alt: Callable
