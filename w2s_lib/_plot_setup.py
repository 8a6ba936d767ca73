"""The setup chapter's figures (book: chapter `setup`): data to drawing, and their command-line specs.

``setup_schematic`` draws the paper's Figure 1 (the weak-to-strong setup); ``setup_example``
draws the chapter's first example, the loss ratio of two students of one teacher over time.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from . import (FiniteStudent, ReLUSphere, best_stopping, fit_teacher, random_direction, sphere_weights,
               student_losses)
from ._plot_style import CATEGORICAL, FigureSpec, infinity_panel, log_ticks, new_figure, tex_size

__all__ = ["setup_example", "setup_schematic"]

_TE, _ST = CATEGORICAL[1], CATEGORICAL[0]


def _network(ax, x0, n_hidden, colour, label, width=2.6, height=3.2):
    """A two-layer network: 4 inputs, ``n_hidden`` random features, 1 output."""
    ins = np.linspace(0.6, height - 0.6, 4)
    hid = np.linspace(0.25, height - 0.25, n_hidden)
    xi, xh, xo = x0, x0 + width / 2, x0 + width
    for yi in ins:
        for yh in hid:
            ax.plot([xi, xh], [yi, yh], color="0.8", lw=0.5, zorder=1)
    for yh in hid:
        ax.plot([xh, xo], [yh, height / 2], color=colour, lw=1.0, zorder=1)
    ax.scatter([xi] * 4, ins, s=40, color="0.3", zorder=2)
    ax.scatter([xh] * n_hidden, hid, s=22 if n_hidden > 12 else 45, color="white", edgecolor="0.2", zorder=2)
    ax.scatter([xo], [height / 2], s=60, color=colour, zorder=2)
    ax.text(x0 + width / 2, -0.1, label, ha="center", va="top")


def _box(ax, xy, text, colour):
    x, y = xy
    ax.add_patch(FancyBboxPatch((x - 0.95, y - 0.42), 1.9, 0.84, boxstyle="round,pad=0.05", fc=colour,
                                ec="0.3", alpha=0.9))
    ax.text(x, y, text, ha="center", va="center")


def _arrow(ax, a, b, text, dy=0.22):
    ax.add_patch(FancyArrowPatch(a, b, arrowstyle="-|>", mutation_scale=14, lw=1.3, color="0.2"))
    ax.text((a[0] + b[0]) / 2, (a[1] + b[1]) / 2 + dy, text, ha="center", va="bottom")


def setup_schematic(n_teacher_drawn=5, n_student_drawn=24):
    """The weak-to-strong setup as a diagram (book: Setup, "Figure 1"; the paper's Figure 1).

    A target box, a small teacher network fitted to it by least squares, a wide student network
    trained on the teacher's labels and stopped at t*, and the student's loss judged on f*. Grey
    edges are random and frozen; coloured edges (teacher orange, student blue) are trained.

    Parameters
    ----------
    n_teacher_drawn, n_student_drawn : int
        Hidden units drawn for the teacher and the student (a picture, not the sizes used).

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = new_figure(width=10.5, height=3.4)
    _box(ax, (1.0, 1.6), "target $f^*$\n(ground truth)", "#e8e8e8")
    _network(ax, 3.5, n_teacher_drawn, _TE, "teacher, $M_{\\mathrm{TE}}$ features\nfitted on the population")
    _network(ax, 8.1, n_student_drawn, _ST,
             "student, $M_{\\mathrm{ST}} \\gg M_{\\mathrm{TE}}$ features\ngradient flow, stopped at $t^*$")
    _arrow(ax, (2.0, 1.6), (3.4, 1.6), "least\nsquares")
    _arrow(ax, (6.2, 1.6), (8.0, 1.6), "teacher's\nlabels $f_{\\mathrm{TE}}$")
    _arrow(ax, (10.75, 1.6), (11.15, 1.6), "", dy=0)
    _box(ax, (12.15, 1.6), "$\\mathcal{L}_{\\mathrm{ST}}(t^*) \\ll \\mathcal{L}_{\\mathrm{TE}}$\n(judged on $f^*$)",
         "#dbe9f6")
    ax.set_xlim(0, 13.2)
    ax.set_ylim(-0.85, 3.3)
    ax.axis("off")
    return fig


def setup_example(times, curves, teacher_loss, widths, best_times=None, best_losses=None):
    """Loss ratio L_ST(t)/L_TE of students of one teacher against time (book: Setup, "A first
    example"; not a paper figure).

    Parameters
    ----------
    times : array_like of shape (n_times,)
        Gradient-flow times, increasing; finite ones > 0 are drawn on a log axis, ``inf`` (if
        present, last) on the t = ∞ panel, 0 is left out.
    curves : array_like of shape (n_students, n_times)
        L_ST(t) of each student.
    teacher_loss : float
        L_TE.
    widths : sequence of int or float, length n_students
        M_ST of each student (``inf`` for the infinite-width student, drawn dashed).
    best_times, best_losses : array_like of shape (n_students,), optional
        Best stopping time t* and L*_ST of each student (dots).

    Returns
    -------
    matplotlib.figure.Figure
    """
    times = np.asarray(times, dtype=float)
    curves = np.atleast_2d(np.asarray(curves, dtype=float)) / teacher_loss
    fig, ax = new_figure()
    keep = np.isfinite(times) & (times > 0)
    inf_ax = infinity_panel(ax) if np.isinf(times).any() else None
    for k, (m, ratio) in enumerate(zip(widths, curves)):
        colour = CATEGORICAL[k % len(CATEGORICAL)]
        ls = "--" if math.isinf(m) else "-"
        ax.plot(times[keep], ratio[keep], color=colour, ls=ls, label=rf"$M_{{\mathrm{{ST}}}} = {tex_size(m)}$")
        if best_times is not None:
            ax.plot([best_times[k]], [best_losses[k] / teacher_loss], "o", color=colour, zorder=3)
        if inf_ax is not None:
            inf_ax.plot([0.0], [ratio[np.isinf(times)][0]], "D", mfc="white", mec=colour, zorder=3)
    ax.axhline(1.0, color="0.5", lw=0.8)
    if inf_ax is not None:
        inf_ax.axhline(1.0, color="0.5", lw=0.8)
    ax.set_xscale("log")
    ax.set_yscale("log")
    log_ticks(ax, "y")
    ax.set_xlabel(r"gradient-flow time $t$")
    ax.set_ylabel(r"$\mathcal{L}_{\mathrm{ST}}(t)\,/\,\mathcal{L}_{\mathrm{TE}}$")
    ax.legend()
    return fig


# ---- command-line specs --------------------------------------------------------------------

#: The chapter's parameters (book/setup.md): d, M_TE, M_ST, and the seeds of beta, W_TE, W_ST.
EXAMPLE = {"d": 32, "n_teacher": 128, "paper_width": 2048, "quick_width": 512, "seeds": (1, 2, 4)}


def _example_data(scale, seed, progress):
    d = EXAMPLE["d"]
    width = EXAMPLE["paper_width" if scale == "paper" else "quick_width"]
    seeds = EXAMPLE["seeds"] if seed is None else [np.random.default_rng([seed, k]) for k in range(3)]
    relu = ReLUSphere(d)
    teacher = fit_teacher(relu, sphere_weights(EXAMPLE["n_teacher"], d, seed=seeds[1]),
                          random_direction(d, seed=seeds[0]))
    student = FiniteStudent(relu, sphere_weights(width, d, seed=seeds[2]))
    times = np.concatenate([[0.0], np.logspace(-1, 9, 401 if scale == "paper" else 101), [np.inf]])
    curves = np.array([student_losses(relu, teacher, times, W_student=student),
                       student_losses(relu, teacher, times)])
    best = [best_stopping(relu, teacher, W_student=student), best_stopping(relu, teacher)]
    return {"d": d, "n_teacher": EXAMPLE["n_teacher"], "teacher_loss": teacher.loss, "times": times,
            "widths": [width, math.inf], "curves": curves, "best_times": [b.time for b in best],
            "best_losses": [b.loss for b in best]}


def _example_draw(data):
    return setup_example(data["times"], data["curves"], data["teacher_loss"], data["widths"],
                         data["best_times"], data["best_losses"])


def _example_table(data):
    n = len(data["times"])
    cols = {"t": list(data["times"])}
    for m, curve in zip(data["widths"], data["curves"]):
        cols[f"L_ST/L_TE (M_ST={'inf' if math.isinf(m) else int(m)})"] = list(curve / data["teacher_loss"])
    cols["L_TE"] = [data["teacher_loss"]] * n
    return cols


def _example_alt(data):
    return (f"Loss ratio of a student of {data['widths'][0]} features and of the infinite-width student of "
            f"one teacher of {data['n_teacher']} features (d = {data['d']}) against training time on log axes: "
            "both dip far below 1 at a best stopping time, then climb back towards the teacher's loss.")


_SCHEMATIC_PARTS = {
    "part": ["target", "teacher", "student", "outcome"],
    "description": ["the ground truth f*", "M_TE random features, fitted by least squares on the population",
                    "M_ST >> M_TE random features, gradient flow on the teacher's labels, stopped at t*",
                    "L_ST(t*) << L_TE, judged on f*"],
}

_SCHEMATIC = dict(
    chapter="setup", compute=lambda scale, seed, progress: None, draw=lambda data: setup_schematic(),
    table=lambda data: dict(_SCHEMATIC_PARTS),
    alt=lambda data: ("Diagram: a target box, a small teacher network fitted to it by least squares, a wide "
                      "student network trained on the teacher's labels and stopped early, and a box saying "
                      "the student's loss is much smaller than the teacher's."))

SPECS = (
    FigureSpec("1", "Paper Figure 1: the weak-to-strong setup (schematic)", **_SCHEMATIC),
    FigureSpec("setup-schematic", "Paper Figure 1 under its book name (schematic)", **_SCHEMATIC),
    FigureSpec("setup-example", "loss ratio of a finite and an infinite-width student of one teacher", "setup",
               compute=_example_data, draw=_example_draw, table=_example_table, alt=_example_alt),
)
