"""The stored studies in data/ match a fresh recomputation of a sample of them."""

from pathlib import Path

import numpy as np
import pytest

import w2s_lib as w

DATA = Path(__file__).resolve().parent.parent / "data"


def test_seeds_16384_metadata_and_teachers():
    """The stored teachers are the ones the library draws for these seeds (cheap: no student)."""
    z = np.load(DATA / "seeds_16384" / "seeds_16384.npz")
    assert int(z["width"]) == 16384 and int(z["n_seeds"]) == 20 and int(z["seed"]) == 2025
    sizes = [int(m) for m in z["sizes"]]
    for d in (int(x) for x in z["dims"]):
        sw = w.figures.width_sweep(d, sizes, 2, [0.0, np.inf], seed=int(z["seed"]))
        np.testing.assert_allclose(z[f"teacher_loss_{d}"][:2], sw.teacher_loss, rtol=1e-12)
        assert np.all(z[f"best_loss_{d}"] >= w.quadratic_lower_bound(z[f"teacher_loss_{d}"]) * (1 - 1e-12))
        assert np.all(z[f"best_loss_{d}"] <= z[f"teacher_loss_{d}"])


@pytest.mark.slow
def test_seeds_16384_sample_is_recomputed():
    """One seed at d = 16 with the same 16384-feature student: the best losses agree with the stored
    100-teacher run to the Krylov solver's accuracy (its tolerance is 1e-11 of ‖f*‖² = 1)."""
    z = np.load(DATA / "seeds_16384" / "seeds_16384.npz")
    sizes = [int(m) for m in z["sizes"]]
    sw = w.figures.width_sweep(16, sizes, 1, [0.0, np.inf], widths=[16384], seed=int(z["seed"]))
    np.testing.assert_allclose(sw.finite[16384].best_loss[0, 0], z["best_loss_16"][0], rtol=1e-6, atol=1e-10)
    np.testing.assert_allclose(sw.finite[16384].converged[0, 0], z["converged_16"][0], rtol=1e-6, atol=1e-10)
