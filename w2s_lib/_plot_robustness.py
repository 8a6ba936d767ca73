"""The robustness chapter's figures (book: chapter `robustness`): seeds, stopping windows, target
classes and Gaussian inputs. Every label (d, widths, sizes, target names) is read from the data.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.lines import Line2D
from matplotlib.ticker import NullLocator

from ._finite import FiniteStudent
from ._gaussian_relu import GaussianReLU, HermiteTarget
from ._metrics import best_ceiling, best_stopping, pgr, power_law_fit, stopping_window
from ._plot_style import CATEGORICAL, FigureSpec, log_ticks, new_figure, tex_size
from ._relu_sphere import ReLUSphere
from ._sampling import nested_weights, random_direction, sphere_weights
from ._spectral import relu_eigenvalues
from ._targets import ZonalTarget
from ._teacher import fit_teacher
from .figures import width_sweep

__all__ = ["gaussian_inputs", "seed_exponents", "stopping_windows", "target_classes"]

LTE, LSTBEST = r"\mathcal{L}_{\mathrm{TE}}", r"\mathcal{L}^*_{\mathrm{ST}}"
LINESTYLES = ("-", "--", ":", "-.")


def _mst(m):
    return rf"$M_{{\mathrm{{ST}}}} = {tex_size(m)}$"


def _size_axis(ax, sizes, log_y=True):
    ax.set_xscale("log")
    if log_y:
        ax.set_yscale("log")
        log_ticks(ax, "y")
    ax.set_xticks(sizes, [str(int(m)) for m in sizes])
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xlabel(r"teacher size $M_{\mathrm{TE}}$")


def seed_exponents(exponents, threshold=1.49):
    """The fitted exponent over many seeds (book: Robustness, "The seed"; figure fig-robust-seeds).

    One panel per student width, one column of dots per input dimension (one dot per seed), with
    the mean ± one standard deviation beside it, the threshold of Theorem 3.1 (dotted) and the
    exponent 2 of the quadratic limit's small-loss form (grey).

    Parameters
    ----------
    exponents : dict of (int or inf) to (dict of int to ndarray of shape (n_seeds,))
        ``exponents[M_ST][d]``: each seed's fitted exponent of L*_ST against L_TE.
    threshold : float
        The exponent of Theorem 3.1.

    Returns
    -------
    matplotlib.figure.Figure
    """
    kinds = list(exponents)
    fig, axes = new_figure(len(kinds), 1, width="column", height=3.6, sharey=True, squeeze=False)
    for ax, kind in zip(axes[0], kinds):
        for i, (d, e) in enumerate(exponents[kind].items()):
            e = np.asarray(e, dtype=float)
            jitter = np.random.default_rng(0).uniform(-0.12, 0.12, e.size)
            ax.scatter(i + jitter, e, s=12, color=CATEGORICAL[i], alpha=0.8)
            ax.errorbar(i + 0.3, e.mean(), yerr=e.std(), fmt="o", color="k", ms=4, capsize=3)
        ax.axhline(threshold, color="k", ls=":", lw=1, label=f"${threshold}$ (Theorem 3.1)")
        ax.axhline(2.0, color="0.6", lw=0.8, label="$2$ (quadratic limit)")
        dims = list(exponents[kind])
        ax.set_xticks(range(len(dims)), [rf"$d = {d}$" for d in dims])
        ax.set_xlim(-0.5, len(dims) - 0.3)
        ax.set_title(_mst(kind))
    axes[0, 0].set_ylabel("fitted exponent")
    axes[0, -1].legend(fontsize=8, loc="lower right")
    return fig


def stopping_windows(windows, sizes):
    """The window of good stopping times (book: Robustness, "The window of good stopping times").

    One panel per student width; for each teacher size and dimension a bar spanning the window
    and a dot at t*, in units of the degree-1 time scale (t μ₁, log axis), geometric means over
    seeds. Windows that never close on the right (upper = inf for a seed) are not drawn.

    Parameters
    ----------
    windows : dict of (int or inf) to (dict of int to StoppingWindow)
        ``windows[M_ST][d]`` from :func:`w2s_lib.stopping_window` for the teachers of every seed
        and size, row-major over (seed, size): arrays of shape (n_seeds * n_sizes,).
    sizes : sequence of int
        Teacher sizes M_TE.

    Returns
    -------
    matplotlib.figure.Figure
    """
    kinds = list(windows)
    fig, axes = new_figure(len(kinds), 1, width="column", height=3.6, sharey=True, squeeze=False)
    n = len(sizes)
    for ax, kind in zip(axes[0], kinds):
        dims = list(windows[kind])
        for i, d in enumerate(dims):
            lo, hi, tb = _window_units(windows[kind][d], d, n)
            x = np.arange(n) + (i - (len(dims) - 1) / 2) * 0.2
            ok = np.isfinite(hi)
            ax.vlines(x[ok], lo[ok], hi[ok], color=CATEGORICAL[i], lw=3, alpha=0.6, label=rf"$d = {d}$")
            ax.scatter(x, tb, color=CATEGORICAL[i], s=12, zorder=3)
        ax.set_yscale("log")
        ax.set_xticks(range(n), [str(int(m)) for m in sizes])
        ax.set_xlabel(r"teacher size $M_{\mathrm{TE}}$")
        ax.set_title(_mst(kind))
    for ax in axes[0]:
        log_ticks(ax, "y")
    axes[0, 0].set_ylabel(r"$t\,\mu_1$")
    axes[0, 0].legend(fontsize=8)
    return fig


def _window_units(win, d, n_sizes):
    """Geometric means over seeds of the window's ends and t*, times μ₁; shapes (n_sizes,)."""
    mu1 = relu_eigenvalues(d, [1])[0]
    out = []
    for x in (win.lower, win.upper, win.best_time):
        x = np.asarray(x, dtype=float).reshape(-1, n_sizes) * mu1
        out.append(np.exp(np.log(x).mean(axis=0)))
    return out


def target_classes(classes, sizes):
    """Best ratio and PGR for several target classes (book: Robustness, "The target class").

    Parameters
    ----------
    classes : dict of (int, str) to tuple of three ndarrays
        ``classes[(d, name)] = (teacher_loss, best_loss, ceiling_loss)``, each of shape
        (n_seeds, n_sizes): L_TE, L*_ST and L_SC of the infinite-width student.
    sizes : sequence of int
        Teacher sizes M_TE.

    Returns
    -------
    matplotlib.figure.Figure
        Left, L*_ST/L_TE; right, PGR; one colour per target class, one line style per d.
    """
    names = list(dict.fromkeys(name for _, name in classes))
    dims = list(dict.fromkeys(d for d, _ in classes))
    fig, (ax, bx) = new_figure(2, 1, width="wide", height=3.8, sharex=True)
    for (d, name), (L, Ls, Lc) in classes.items():
        kw = dict(ls=LINESTYLES[dims.index(d)], marker="o", ms=3, color=CATEGORICAL[names.index(name)])
        ax.plot(sizes, (Ls / L).mean(axis=0), **kw)
        bx.plot(sizes, pgr(L, Ls, Lc).mean(axis=0), **kw)
    ax.axhline(1.0, color="0.5", lw=0.8)
    _size_axis(ax, sizes)
    _size_axis(bx, sizes, log_y=False)
    ax.set_ylabel(rf"${LSTBEST} / {LTE}$")
    bx.set_ylabel("PGR")
    handles = [Line2D([], [], color=CATEGORICAL[i], marker="o", ms=3, label=name) for i, name in enumerate(names)]
    handles += [Line2D([], [], color="k", ls=LINESTYLES[i], label=rf"$d = {d}$") for i, d in enumerate(dims)]
    fig.legend(handles=handles, loc="outside right center")
    return fig


def gaussian_inputs(results, sizes, width):
    """A degree-2 target on the sphere and with Gaussian inputs (book: Robustness, "Gaussian inputs
    against the sphere").

    Parameters
    ----------
    results : dict of str to dict of ndarray
        Per input distribution (its name is the label): ``teacher_loss`` and ``best_loss`` of shape
        (n_seeds, n_sizes) for the finite student, ``ceiling`` of shape (n_seeds,) (its L_SC), and
        optionally ``infinite_best_loss`` (n_seeds, n_sizes), drawn dashed.
    sizes : sequence of int
        Teacher sizes M_TE.
    width : int
        The finite student's width M_ST.

    Returns
    -------
    matplotlib.figure.Figure
        Teacher loss, best ratio and PGR against teacher size (three panels).
    """
    fig, (ax, bx, cx) = new_figure(3, 1, width="wide", height=3.6, sharex=True)
    for i, (name, r) in enumerate(results.items()):
        colour = CATEGORICAL[i]
        L, Ls = np.asarray(r["teacher_loss"]), np.asarray(r["best_loss"])
        Lc = np.asarray(r["ceiling"])[:, None]
        ax.plot(sizes, L.mean(axis=0), "o-", ms=3, color=colour, label=name)
        bx.plot(sizes, (Ls / L).mean(axis=0), "o-", ms=3, color=colour, label=f"{name}, " + _mst(width))
        cx.plot(sizes, pgr(L, Ls, Lc).mean(axis=0), "o-", ms=3, color=colour, lw=2.8 - 1.6 * min(i, 1))
        if r.get("infinite_best_loss") is not None:
            bx.plot(sizes, (np.asarray(r["infinite_best_loss"]) / L).mean(axis=0), "o--", ms=3, color=colour,
                    label=f"{name}, " + _mst(np.inf))
    for a in (ax, bx):
        _size_axis(a, sizes)
    _size_axis(cx, sizes, log_y=False)
    ax.set_ylabel(rf"${LTE}$")
    bx.set_ylabel(rf"${LSTBEST} / {LTE}$")
    cx.set_ylabel(f"PGR ({_mst(width)})")
    ax.legend(fontsize=8)
    bx.legend(fontsize=8)
    return fig


# ---------------------------------------------------------------- command-line specs

#: The chapter's parameters (paper scale) and the quick scale's, per figure.
PARAMS = {
    "paper": dict(dims=(16, 32, 64), sizes=(16, 32, 64, 128, 256), n_seeds=20, window_seeds=5, window_width=4096,
                  target_dims=(8, 16), target_sizes=(16, 32, 64, 128, 256, 512, 1024), target_seeds=3,
                  gauss_d=8, gauss_sizes=(16, 32, 64, 128, 256, 512), gauss_width=4096, gauss_seeds=3),
    "quick": dict(dims=(8, 12, 16), sizes=(8, 16, 32, 64), n_seeds=5, window_seeds=3, window_width=512,
                  target_dims=(6, 8), target_sizes=(16, 32, 64, 128), target_seeds=2,
                  gauss_d=6, gauss_sizes=(16, 32, 64, 128), gauss_width=1024, gauss_seeds=2),
}
#: The stored study at M_ST = 16384 (read at paper scale) and its width.
STORED = ("data", "seeds_16384", "seeds_16384.npz")
STORED_WIDTH = 16384
#: The chapter's targets, as (degree, coefficient) terms with independent random directions.
TARGETS = {"linear": [(1, 1.0)], "even": [(2, 1.0)], "linear + even": [(1, 0.8), (2, 0.6)],
           "linear + odd": [(1, 0.8), (3, 0.6)]}


def _stored_path():
    path = Path(__file__).resolve().parents[1].joinpath(*STORED)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: the stored study of the book's repository (needed at paper scale)")
    return path


def _compute_seeds(scale, seed, progress):
    p, seed = PARAMS[scale], 2025 if seed is None else seed
    stored = scale == "paper" and seed == 2025                   # the chapter's study, read from its file
    finite = () if stored else (STORED_WIDTH,) if scale == "paper" else (p["window_width"],)
    out = {np.inf: {}, STORED_WIDTH if not finite else finite[0]: {}}
    stored = np.load(_stored_path()) if stored else None
    for d in p["dims"]:
        sw = width_sweep(d, p["sizes"], p["n_seeds"], [0.0, np.inf], widths=finite, seed=seed, progress=progress)
        out[np.inf][d] = power_law_fit(sw.teacher_loss, sw.infinite.best_loss).exponents
        if finite:
            out[finite[0]][d] = power_law_fit(sw.teacher_loss, sw.finite[finite[0]].best_loss[0]).exponents
        else:
            assert np.allclose(stored[f"teacher_loss_{d}"], sw.teacher_loss, rtol=1e-12)   # the same teachers
            out[STORED_WIDTH][d] = power_law_fit(stored[f"teacher_loss_{d}"], stored[f"best_loss_{d}"]).exponents
    return out


def _compute_windows(scale, seed, progress, delta=0.1):
    p, seed = PARAMS[scale], 2025 if seed is None else seed
    m = p["window_width"]
    out = {np.inf: {}, m: {}}
    for d in p["dims"]:
        setting = ReLUSphere(d)
        teachers = width_sweep(d, p["sizes"], p["window_seeds"], [0.0, np.inf], seed=seed).teachers
        student = FiniteStudent(setting, sphere_weights(m, d, np.random.default_rng([seed, 1_000_000])))
        out[np.inf][d] = stopping_window(setting, teachers, delta)
        out[m][d] = stopping_window(setting, teachers, delta, student)
    return {"windows": out, "sizes": p["sizes"]}


def _compute_targets(scale, seed, progress):
    p, seed = PARAMS[scale], 17 if seed is None else seed
    classes = {}
    for d in p["target_dims"]:
        setting = ReLUSphere(d)
        for name, terms in TARGETS.items():
            rows = []
            for s in range(p["target_seeds"]):
                rng = np.random.default_rng([seed, d, s])
                target = ZonalTarget([(ell, a, random_direction(d, rng)) for ell, a in terms])
                ts = [fit_teacher(setting, W, target) for W in nested_weights(p["target_sizes"], d, rng)]
                b, c = best_stopping(setting, ts), best_ceiling(setting, ts)
                rows.append((b.teacher_loss, b.loss, c.loss))
            classes[(d, name)] = tuple(np.array(x) for x in zip(*rows))
    return {"classes": classes, "sizes": p["target_sizes"]}


def _compute_gaussian(scale, seed, progress):
    p, seed = PARAMS[scale], 23 if seed is None else seed
    d, sizes, m = p["gauss_d"], p["gauss_sizes"], p["gauss_width"]
    sphere, gauss = ReLUSphere(d), GaussianReLU(d)
    V = sphere_weights(m, d, np.random.default_rng([seed, 0]))
    students = {"sphere": FiniteStudent(sphere, V), "Gaussian": FiniteStudent(gauss, V)}
    rows = {k: {"teacher_loss": [], "best_loss": [], "ceiling": [], "infinite_best_loss": []} for k in students}
    for s in range(p["gauss_seeds"]):
        rng = np.random.default_rng([seed, 1, s])
        beta = random_direction(d, rng)
        Ws = list(nested_weights(sizes, d, rng))
        for name, setting, target in (("sphere", sphere, ZonalTarget([(2, 1.0, beta)])),
                                      ("Gaussian", gauss, HermiteTarget([(2, 1.0, beta)]))):
            ts = [fit_teacher(setting, W, target) for W in Ws]
            b = best_stopping(setting, ts, students[name])
            r = rows[name]
            r["teacher_loss"].append(b.teacher_loss)
            r["best_loss"].append(b.loss)
            r["ceiling"].append(best_ceiling(setting, ts[0], students[name]).loss)
            if name == "sphere":
                r["infinite_best_loss"].append(best_stopping(setting, ts).loss)
    results = {k: {key: np.array(v) if v else None for key, v in r.items()} for k, r in rows.items()}
    return {"results": results, "sizes": sizes, "width": m, "d": d}


def _columns(names, rows):
    return {k: list(col) for k, col in zip(names, zip(*rows))}


def _table_seeds(ex):
    return _columns(("M_ST", "d", "seed", "exponent"),
                    [(m, d, s, e) for m, by_d in ex.items() for d, es in by_d.items() for s, e in enumerate(es)])


def _table_windows(data):
    rows = []
    for m, by_d in data["windows"].items():
        for d, win in by_d.items():
            lo, hi, tb = _window_units(win, d, len(data["sizes"]))
            rows += [(m, d, size, a, b, c) for size, a, b, c in zip(data["sizes"], lo, hi, tb)]
    return _columns(("M_ST", "d", "M_TE", "lower_t_mu1", "upper_t_mu1", "best_t_mu1"), rows)


def _table_targets(data):
    rows = []
    for (d, name), (L, Ls, Lc) in data["classes"].items():
        rows += [(d, name, size, a, b) for size, a, b in
                 zip(data["sizes"], (Ls / L).mean(axis=0), pgr(L, Ls, Lc).mean(axis=0))]
    return _columns(("d", "target", "M_TE", "mean_ratio", "mean_pgr"), rows)


def _table_gaussian(data):
    rows = []
    for name, r in data["results"].items():
        L, Ls, Lc = r["teacher_loss"], r["best_loss"], r["ceiling"][:, None]
        rows += [(name, data["width"], size, a, b, c) for size, a, b, c in
                 zip(data["sizes"], L.mean(axis=0), (Ls / L).mean(axis=0), pgr(L, Ls, Lc).mean(axis=0))]
    return _columns(("inputs", "M_ST", "M_TE", "mean_L_TE", "mean_ratio", "mean_pgr"), rows)


def _alt_seeds(ex):
    dims = ", ".join(str(d) for d in next(iter(ex.values())))
    return (f"Fitted exponents of the best student loss against the teacher loss, one dot per seed, at d = {dims}, "
            "for the infinite-width and a finite student, against the threshold 1.49 of Theorem 3.1.")


SPECS = (
    FigureSpec("robust-seeds", "The fitted exponent over twenty seeds per dimension", "robustness",
               _compute_seeds, seed_exponents, _table_seeds, _alt_seeds),
    FigureSpec("robust-window", "The window of good stopping times, in units of 1/μ₁", "robustness",
               _compute_windows, lambda data: stopping_windows(data["windows"], data["sizes"]), _table_windows,
               lambda data: "The interval of stopping times within 10 % of the best loss, against teacher size, "
               "per dimension, in units of the degree-1 time scale: it narrows as the teacher improves."),
    FigureSpec("robust-targets", "Best ratio and PGR for four target classes", "robustness",
               _compute_targets, lambda data: target_classes(data["classes"], data["sizes"]), _table_targets,
               lambda data: "Best student-to-teacher loss ratio and PGR against teacher size for linear, even, "
               "linear plus even and linear plus odd targets: the ratio falls for every learnable class; with "
               "an odd part it is floored, while PGR still approaches 1."),
    FigureSpec("robust-gaussian", "A degree-2 target: Gaussian inputs against the sphere", "robustness",
               _compute_gaussian, lambda data: gaussian_inputs(data["results"], data["sizes"], data["width"]),
               _table_gaussian,
               lambda data: f"Teacher loss, best ratio and PGR against teacher size for a degree-2 target at "
               f"d = {data['d']}, on the sphere and with Gaussian inputs: the Gaussian losses stop at a part no "
               "ReLU feature reaches, while the two PGR curves nearly coincide."),
)
