"""Every data figure of the book, drawn in one style (needs matplotlib: the ``plot`` extra).

Each chapter computes its data with :mod:`w2s_lib` and calls one function of this module to draw
it; the command line (``python -m w2s_lib figure NAME``) computes the same data at the paper's
scale or a quick one and calls the same function. Every drawing function takes the data object
the library returns (a sweep, arrays) and reads its labels (dimensions, widths, sizes) from that
data, so a chapter whose parameters change draws the right labels.

Style helpers: :func:`style`, :func:`new_figure`, :func:`ramp` (ordered colours),
``CATEGORICAL`` (Okabe–Ito without yellow), :func:`infinity_panel` (values at t = ∞),
:func:`log_ticks`, :func:`save_figure` (PNG, PDF, SVG). The registry ``FIGURES`` maps every
figure name to its :class:`FigureSpec`; :func:`draw_figure` computes and draws one by name.
"""

from __future__ import annotations

from ._plot_computing import SPECS as COMPUTING_SPECS
from ._plot_computing import krylov_convergence
from ._plot_experiments import SPECS as EXPERIMENTS_SPECS
from ._plot_experiments import figure4, figure4_curves, figure4_scaling, figure5, figure5_floor, figure5_ratio
from ._plot_linear import SPECS as LINEAR_SPECS
from ._plot_linear import eps_label, figure_3, linear_eps, linear_power_law, linear_predictions, linear_ratio
from ._plot_lower import SPECS as LOWER_SPECS
from ._plot_lower import lower_alignment, lower_bootstrap, lower_budget, lower_geometry, lower_limits
from ._plot_relu import SPECS as RELU_SPECS
from ._plot_relu import relu_figure2, relu_powerlaw, relu_ratio
from ._plot_relu_degrees import relu_degree_bound, relu_error_degrees, relu_even, relu_spectrum
from ._plot_robustness import SPECS as ROBUSTNESS_SPECS
from ._plot_robustness import gaussian_inputs, seed_exponents, stopping_windows, target_classes
from ._plot_setup import SPECS as SETUP_SPECS
from ._plot_setup import setup_example, setup_schematic
from ._plot_style import (
    CATEGORICAL,
    SCALES,
    FigureSpec,
    axes_or_new,
    infinity_panel,
    log_ticks,
    new_figure,
    ramp,
    save_figure,
    style,
    tex_size,
)

__all__ = ["axes_or_new", "eps_label", "figure_3", "linear_eps", "linear_power_law", "linear_predictions", "linear_ratio",
           "lower_alignment", "lower_bootstrap", "lower_budget", "lower_geometry", "lower_limits",
           "CATEGORICAL", "FIGURES", "SCALES", "FigureSpec", "draw_figure", "infinity_panel", "log_ticks",
           "new_figure", "ramp", "save_figure", "style", "tex_size"]

__all__ += ["figure4", "figure4_curves", "figure4_scaling", "figure5", "figure5_floor", "figure5_ratio"]
__all__ += ["gaussian_inputs", "seed_exponents", "stopping_windows", "target_classes"]
__all__ += ["krylov_convergence"]
__all__ += ["relu_degree_bound", "relu_error_degrees", "relu_even", "relu_figure2", "relu_powerlaw",
            "relu_ratio", "relu_spectrum", "setup_example", "setup_schematic"]

#: Every figure the command line can draw, by name: the paper's ("2" … "5") and the book's own.
ALL_SPECS = (SETUP_SPECS + RELU_SPECS + LINEAR_SPECS + LOWER_SPECS + EXPERIMENTS_SPECS + ROBUSTNESS_SPECS
             + COMPUTING_SPECS)
FIGURES = {spec.name: spec for spec in ALL_SPECS}
if len(FIGURES) != len(ALL_SPECS):
    raise RuntimeError("two figures share a name: " + ", ".join(s.name for s in ALL_SPECS))


def draw_figure(name, scale="quick", seed=None, progress=False):
    """Compute a figure's data and draw it.

    Parameters
    ----------
    name : str
        A key of ``FIGURES``: ``"2"`` … ``"5"`` for the paper's figures, or a book figure's name
        without its ``fig-`` prefix (``"relu-spectrum"``).
    scale : {"quick", "paper"}
        ``"paper"`` computes at the chapter's sizes; ``"quick"`` runs the same code at smaller sizes.
    seed : int, optional
        The sweep's seed; by default the chapter's.
    progress : bool
        Report progress of long sweeps on stderr.

    Returns
    -------
    fig : matplotlib.figure.Figure
    data : object
        What the figure's ``compute`` returned (its ``table`` turns it into columns).
    """
    if not isinstance(name, str) or name not in FIGURES:
        raise ValueError(f"name: one of {', '.join(FIGURES)}; got {name!r}")
    if scale not in SCALES:
        raise ValueError(f"scale: 'quick' or 'paper', got {scale!r}")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or seed < 0):
        raise ValueError(f"seed: a non-negative integer or None, got {seed!r}")
    spec = FIGURES[name]
    data = spec.compute(scale, seed, bool(progress))
    return spec.draw(data), data
