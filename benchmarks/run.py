"""Benchmarks of w2s_lib: `make benchmarks` (or `python benchmarks/run.py [NAME ...]`).

Each benchmark runs in a fresh Python process and reports its wall times, the ratio
against a named baseline timed *in the same process* (the machines are shared and
noisy, so only same-process ratios are comparable), and the process's peak resident
memory measured right after the benchmark proper, before the baseline runs.
Weight sampling is never timed. These are measurements, not tests: nothing here fails
on a slow machine.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time

import numpy as np


def _peak_mib():
    """Peak resident memory of this process in MiB: ru_maxrss is in KiB on Linux, in bytes on macOS."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024.0


def _timed(fn, repeat=1):
    best, out = np.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


# ---------------------------------------------------------------------------


def bench_figure2_finite():
    """Figure 2's data at paper scale: d = 32, M_ST = 16384, M_TE = 16…256, 200 times incl. ∞."""
    import w2s_lib as w
    from w2s_lib._finite import gram_matrix

    d, sizes = 32, [16, 32, 64, 128, 256]
    setting = w.ReLUSphere(d)
    beta = w.random_direction(d, 1)
    Ws = w.nested_weights(sizes, d, 2)
    V = w.sphere_weights(16384, d, 3)
    times = np.concatenate([[0.0], np.logspace(-1, 12, 198), [np.inf]])

    t0 = time.perf_counter()
    teachers = [w.fit_teacher(setting, W, beta) for W in Ws]
    t_fit = time.perf_counter() - t0
    t0 = time.perf_counter()
    S = w.FiniteStudent(setting, V, method="krylov")
    t_gram = time.perf_counter() - t0
    t0 = time.perf_counter()
    L = w.student_losses(setting, teachers, times, S)
    t_curves = time.perf_counter() - t0
    steps = S.last_steps
    peak = _peak_mib()
    total = t_fit + t_gram + t_curves
    del S

    # baseline and speed-up at M_ST = 4096, Gram formation excluded on both sides
    V4 = V[:4096]
    t_gram4, G4 = _timed(lambda: gram_matrix(setting, V4) / 4096)
    t_eigh, (lam, E) = _timed(lambda: np.linalg.eigh(G4))
    S_dense = w.FiniteStudent(setting, V4, method="dense")
    t_dense_curves, L_dense = _timed(lambda: w.student_losses(setting, teachers, times, S_dense))
    S_kry = w.FiniteStudent(setting, V4, method="krylov")
    t_kry4, L_kry = _timed(lambda: w.student_losses(setting, teachers, times, S_kry))
    baseline = t_eigh + t_dense_curves
    return {
        "name": "figure2_finite",
        "what": "fit 5 teachers + Gram + Krylov curves, d=32, M_ST=16384, 200 times incl. inf",
        "wall_s": total,
        "parts_s": {"teacher_fits": t_fit, "gram_formation": t_gram, "krylov_curves": t_curves},
        "krylov_steps": steps,
        "peak_mib": peak,
        "target": "< 60 s, < 6 GB",
        "baseline": "numpy.linalg.eigh of the float64 Gram at M_ST=4096 + 5 teachers' curves",
        "baseline_s": baseline,
        "gram_4096_s": t_gram4,
        "krylov_4096_s": t_kry4,
        "speedup_4096_excl_gram": baseline / t_kry4,
        "max_rel_diff_4096": float(np.max(np.abs(L_kry - L_dense) / L_dense)),
        "ratio_at_inf_16384": [round(float(x), 4) for x in L[:, -1] / [T.loss for T in teachers]],
    }


def bench_infinite_relu():
    """Infinite-width ReLU curve: d = 32, M_TE = 256, 400 times, teacher fit included."""
    import w2s_lib as w

    d = 32
    setting = w.ReLUSphere(d)
    beta = w.random_direction(d, 1)
    W = w.sphere_weights(256, d, 2)
    times = np.concatenate([[0.0], np.logspace(-1, 12, 398), [np.inf]])

    def run():
        T = w.fit_teacher(setting, W, beta)
        return w.student_losses(setting, T, times)

    t_cold, _ = _timed(run)  # first call builds the degree series of this d (cached after)
    t, L = _timed(run, repeat=5)
    peak = _peak_mib()
    V = w.sphere_weights(4096, d, 3)

    def baseline():
        T = w.fit_teacher(setting, W, beta)
        return w.student_losses(setting, T, times, w.FiniteStudent(setting, V, method="dense"))

    tb, _ = _timed(baseline)
    return {
        "name": "infinite_relu",
        "what": "fit + infinite-width curve, d=32, M_TE=256, 400 times (best of 5)",
        "wall_s": t,
        "cold_first_call_s": t_cold,
        "peak_mib": peak,
        "target": "< 0.3 s",
        "baseline": "the dense finite-width path at M_ST=4096 (Gram + eigh + curve)",
        "baseline_s": tb,
        "speedup": tb / t,
    }


def bench_linear_infinite():
    """Linear setting: M_TE = 512, d = round(512^1.5) = 11585, infinite student, 400 times."""
    import w2s_lib as w

    def setup(m):
        d = int(round(m**1.5))
        setting = w.LinearGaussian.diagonal_family(d, 1, 1.0 / d)
        target = np.zeros(d)
        target[0] = 1.0
        return setting, w.gaussian_weights(m, d, 4), target

    times = np.concatenate([[0.0], np.logspace(-2, 8, 398), [np.inf]])
    setting, W, target = setup(512)

    def run(setting=setting, W=W, target=target):
        T = w.fit_teacher(setting, W, target)
        return w.student_losses(setting, T, times)

    t, L = _timed(run, repeat=5)
    peak = _peak_mib()

    # baseline: the same flow through a dense d x d eigendecomposition of the operator Σ,
    # at M_TE = 256 (d = 4096), against the library at that size
    s2, W2, tgt2 = setup(256)

    def dense(setting=s2, W=W2, target=tgt2):
        T = w.fit_teacher(setting, W, target)
        theta_te = T.weights.T @ T.unscaled_coef
        lam, E = np.linalg.eigh(np.diag(setting.variances))
        a, b = E.T @ theta_te, E.T @ target
        out = []
        for t in times:
            s = np.ones_like(lam) if np.isinf(t) else -np.expm1(-t * lam)
            diff = s * a - b
            out.append(diff @ (lam * diff))
        return np.array(out)

    tb, Lb = _timed(dense)
    tl, Ll = _timed(lambda: run(s2, W2, tgt2), repeat=5)
    return {
        "name": "linear_infinite",
        "what": "fit + infinite-width linear-feature curve, M_TE=512, d=11585, 400 times (best of 5)",
        "wall_s": t,
        "peak_mib": peak,
        "target": "< 1 s",
        "baseline": "dense d x d eigh path at M_TE=256 (d=4096), vs the library at the same size",
        "baseline_s": tb,
        "library_same_size_s": tl,
        "speedup_same_size": tb / tl,
        "max_rel_diff_same_size": float(np.max(np.abs(Lb - Ll) / Ll)),
    }


def bench_figure4_parallel():
    """Figure 4's sweep (d = 16, 32, 64; one student of 16384 each) serially and with two workers."""
    import os

    import w2s_lib as w

    sizes, times = [16, 32, 64, 128, 256], np.concatenate([[0.0], np.logspace(-1, 9, 301), [np.inf]])

    def sweep(n_jobs):
        return [w.figures.width_sweep(d, sizes, 5, times, widths=[16384], seed=2025, n_jobs=n_jobs)
                for d in (16, 32, 64)]

    # serial is the same-process baseline; two workers of one BLAS thread each against it
    t_serial, serial = _timed(lambda: sweep(None))
    peak_serial = _peak_mib()
    t_par, par = _timed(lambda: sweep(2))
    from joblib.externals.loky import get_reusable_executor

    get_reusable_executor().shutdown(wait=True)      # reap the workers, so that their peak is counted
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    children = children / 2**20 if sys.platform == "darwin" else children / 1024.0
    diff = max(float(np.max(np.abs(a.finite[16384].best_loss - b.finite[16384].best_loss)
                            / b.finite[16384].best_loss)) for a, b in zip(par, serial))
    return {
        "name": "figure4_parallel",
        "what": "Figure 4 sweep, 3 dimensions x (25 teachers, 1 student of 16384, infinite width)",
        "wall_s": t_par,
        "baseline": "the same sweep serially in this process (BLAS on every core)",
        "baseline_s": t_serial,
        "speedup": t_serial / t_par,
        "cores": os.cpu_count(),
        "peak_mib_serial": peak_serial,
        "peak_mib_largest_worker": children,
        "max_rel_diff_best_loss": diff,
    }


BENCHMARKS = {
    "figure4_parallel": bench_figure4_parallel,
    "figure2_finite": bench_figure2_finite,
    "infinite_relu": bench_infinite_relu,
    "linear_infinite": bench_linear_infinite,
}


def main(argv):
    if argv[:1] == ["--one"]:
        print(json.dumps(BENCHMARKS[argv[1]]()))
        return 0
    names = argv or list(BENCHMARKS)
    for name in names:
        res = subprocess.run([sys.executable, __file__, "--one", name], capture_output=True, text=True)
        if res.returncode != 0:
            print(f"{name}: FAILED\n{res.stderr[-2000:]}")
            continue
        out = json.loads(res.stdout.strip().splitlines()[-1])
        print(f"== {name}: {out.pop('what')}")
        for k, v in out.items():
            if k == "name":
                continue
            if isinstance(v, float):
                v = f"{v:.4g}"
            elif isinstance(v, dict):
                v = ", ".join(f"{a} {b:.3g} s" for a, b in v.items())
            print(f"   {k:<26} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
