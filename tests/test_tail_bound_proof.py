"""The ratio inequality behind the tail bound holds for every d >= 3 and even degree >= 2.

The appendix proves it by expanding P(l, d) = (s-2)^5 (l+d+1)^2 (l+2)(l+1) - (s+2)^5 (l-1)^2
(l+d-1)(l+d-2), s = 2l + d, in x = l - 2 and y = d - 3 and finding no negative coefficient. This
test redoes that expansion independently (numpy's exact integer polynomial products on a grid of
exponents) and checks the inequality against the exact rational ratio of the library's closed form.
"""

from fractions import Fraction

import numpy as np
import pytest

import w2s_lib as w


def _lin(c, cx, cy):
    """c + cx x + cy y as a 2-D coefficient array (object dtype: exact integers)."""
    p = np.zeros((2, 2), dtype=object)
    p[0, 0], p[1, 0], p[0, 1] = c, cx, cy
    return p


def _mul(p, q):
    out = np.zeros((p.shape[0] + q.shape[0] - 1, p.shape[1] + q.shape[1] - 1), dtype=object)
    for i, j in np.ndindex(p.shape):
        if p[i, j]:
            out[i:i + q.shape[0], j:j + q.shape[1]] += p[i, j] * q
    return out


def _prod(*ps):
    out = np.ones((1, 1), dtype=object)
    for p in ps:
        out = _mul(out, p)
    return out


def test_expanded_polynomial_has_no_negative_coefficient():
    # l = 2 + x, d = 3 + y, s = 7 + 2x + y
    left = _prod(*[_lin(5, 2, 1)] * 5, _lin(6, 1, 1), _lin(6, 1, 1), _lin(4, 1, 0), _lin(3, 1, 0))
    right = _prod(*[_lin(9, 2, 1)] * 5, _lin(1, 1, 0), _lin(1, 1, 0), _lin(4, 1, 1), _lin(3, 1, 1))
    shape = np.maximum(left.shape, right.shape)
    P = np.zeros(shape, dtype=object)
    P[:left.shape[0], :left.shape[1]] += left
    P[:right.shape[0], :right.shape[1]] -= right
    assert all(c >= 0 for c in P.ravel()) and P[0, 0] > 0
    # and the expansion is the polynomial: evaluate both forms at a few integer points
    for l, d in [(2, 3), (4, 7), (10, 32), (100, 5)]:
        s = 2 * l + d
        direct = ((s - 2) ** 5 * (l + d + 1) ** 2 * (l + 2) * (l + 1)
                  - (s + 2) ** 5 * (l - 1) ** 2 * (l + d - 1) * (l + d - 2))
        x, y = l - 2, d - 3
        assert sum(P[i, j] * x ** i * y ** j for i, j in np.ndindex(P.shape)) == direct


@pytest.mark.parametrize("d", [3, 4, 8, 32, 257])
def test_ratio_inequality_against_the_library(d):
    """The library's a_{l+2}/a_l matches the rational ratio, which obeys the inequality."""
    ells = np.arange(2, 400, 2)
    a = w.relu_coefficients(d, np.r_[ells, ells[-1] + 2]) ** 2 * w.multiplicity(d, np.r_[ells, ells[-1] + 2])
    for i, l in enumerate(ells.tolist()):  # Python integers: exact, no int64 overflow
        exact = Fraction((l - 1) ** 2 * (2 * l + d + 2) * (l + d - 1) * (l + d - 2),
                         (l + d + 1) ** 2 * (2 * l + d - 2) * (l + 2) * (l + 1))
        if a[i] > 1e-280:  # the library's values underflow far out; the identity is checked where they exist
            assert abs(a[i + 1] / a[i] - float(exact)) <= 1e-9 * float(exact)
        assert exact <= Fraction(2 * l + d - 2, 2 * l + d + 2) ** 4
