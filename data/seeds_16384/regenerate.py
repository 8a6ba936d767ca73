"""Regenerate the stored 20-seed study at M_ST = 16384 (book: Robustness, "How the exponent varies with the seed").

For d in {16, 32, 64}: the teachers of Figure 4 (seed 2025, M_TE = 16 … 256) over 20 seeds (the
first 5 are Figure 4's), and one student of 16384 features per d, nested with Figure 4's, serving
all 100 teachers of its d in one batched Krylov run. Writes ``seeds_16384.npz`` next to this file.

Usage (about ten minutes on two cores; the three students run as parallel units with --jobs 2)::

    .venv/bin/python data/seeds_16384/regenerate.py [--jobs N]
"""

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np

import w2s_lib as w

HERE = Path(__file__).resolve().parent
DIMS = (16, 32, 64)
SIZES = (16, 32, 64, 128, 256)
N_SEEDS = 20
WIDTH = 16384
SEED = 2025
TIMES = np.concatenate([[0.0], np.logspace(-1, 10, 221), [np.inf]])


def study(d, n_jobs=None):
    return w.figures.width_sweep(d, SIZES, N_SEEDS, TIMES, widths=[WIDTH], n_students=1, seed=SEED,
                                 n_jobs=n_jobs, progress=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=None, help="parallel students (joblib n_jobs)")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    out = {"dims": np.array(DIMS), "sizes": np.array(SIZES), "n_seeds": N_SEEDS, "width": WIDTH, "seed": SEED}
    for d in DIMS:
        sw = study(d, args.jobs)
        fin = sw.finite[WIDTH]
        out[f"teacher_loss_{d}"] = sw.teacher_loss
        out[f"best_loss_{d}"] = fin.best_loss[0]
        out[f"best_time_{d}"] = fin.best_time[0]
        out[f"converged_{d}"] = fin.converged[0]
        out[f"ceiling_{d}"] = fin.ceiling[0]
        out[f"error_{d}"] = fin.error[0]
        print(f"d = {d}: done at {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    np.savez_compressed(HERE / "seeds_16384.npz", **out)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak = peak / 2**20 if sys.platform == "darwin" else peak / 1024
    print(f"wrote {HERE / 'seeds_16384.npz'} in {time.perf_counter() - t0:.0f} s, peak {peak:.0f} MiB")


if __name__ == "__main__":
    main()
