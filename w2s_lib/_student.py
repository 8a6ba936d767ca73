"""The student's public functions: gradient flow from zero on the teacher's labels, in closed form.

Book: Setup, "The student and its clock" (definition "Student trained by gradient flow", lemma "Gradient flow in
closed form"). With the M^{-1/2} scaling, ∂_t f = -𝒯_M (f - f_TE), so

    f_ST(t) = (I - e^{-t 𝒯_M}) f_TE,   L_ST(t) = ‖f_ST(t) - f*‖².

Every function here turns its ``W_student`` argument into spectral curves
(:class:`w2s_lib.SpectralCurve`) and evaluates them: ``None`` asks the setting for its
infinite-width student, a :class:`FiniteStudent` is used as prepared, and an (M_ST, d) array
is prepared anew, O(M_ST³), on every call (prepare a FiniteStudent once to reuse it).

Shape contract: one teacher in, a 1-D array over the index (or a float) out; a list of
teachers in, one more leading axis.
"""

from __future__ import annotations

import numpy as np

from ._curves import GRADIENT_FLOW, RIDGE
from ._finite import FiniteStudent
from ._setting import check_setting
from ._teacher import Teacher, as_teachers
from ._validation import as_real_array, as_times, first_bad, index_text, warn

__all__ = [
    "as_student",
    "student_curves",
    "student_losses",
    "ridge_losses",
    "ceiling_losses",
    "student_as_teacher",
    "rounds_losses",
    "alignment",
    "student_norms",
    "ridge_norms",
    "solver_error",
    "student_error",
]


def as_student(setting, W_student):
    """A FiniteStudent for ``W_student`` (prepared here if it is an array), checked against ``setting``."""
    if isinstance(W_student, FiniteStudent):
        if W_student.setting != setting:
            raise ValueError(f"W_student was prepared in {W_student.setting!r}, not in {setting!r}")
        return W_student
    return FiniteStudent(setting, W_student)


def student_curves(setting, teachers, W_student, ceiling=False):
    """Spectral curves of the students of ``teachers`` (validated), one per batch.

    ``ceiling=True`` gives the same students trained on each teacher's target instead.
    """
    if W_student is None:
        make = setting.infinite_ceiling_curve if ceiling else setting.infinite_curve
        return [make(T) for T in teachers]
    return [as_student(setting, W_student).curve(teachers, ceiling=ceiling)]


def _evaluate(curves, index, filt):
    return np.vstack([c.evaluate(index, filt) for c in curves])


def _shaped(out, single):
    return out[0] if single else out


def student_losses(setting, teacher, times, W_student=None):
    """Population loss L_ST(t) of the gradient-flow student at each time.

    Implements L_ST(t) = ‖(I - e^{-t𝒯_M}) f_TE - f*‖² (book: Setup, definition "Student trained by gradient flow"), exactly, over a whole grid at once.

    Parameters
    ----------
    setting : Setting
    teacher : Teacher or list of Teacher
        From :func:`fit_teacher`. A list is evaluated together (batched).
    times : array_like of shape (n_times,)
        Non-negative; ``numpy.inf`` gives the converged student exactly.
    W_student : None, ndarray of shape (M_ST, d), or FiniteStudent
        None means infinite width (the setting's own student; a setting without one raises
        ``ValueError``): for LinearGaussian the exact flow θ(t) = (I - e^{-tΣ}) θ_TE; for
        ReLUSphere the degree sum of the ReLU chapter, L_ST(t) = Σ_ℓ ‖Π_ℓ f* - s_ℓ Π_ℓ f_TE‖²,
        truncated as follows. The diagonal part ‖b‖² Σ_ℓ s_ℓ² μ_ℓ N(d,ℓ) is summed to a
        degree K whose tail is at most a_L (L+λ)⁴/(6 (L+λ-1)³) < 1e-17
        (:func:`relu_tail_bound`, a_ℓ = μ_ℓ N(d,ℓ), λ = (d-2)/2, L the first even degree
        above K; derived from the closed form, not from K(1) = 1/2). The off-diagonal part
        Σ_{i≠j} b_i b_j P_ℓ(<w_i,w_j>) is summed by recurrence until its terms are below
        1e-16·‖f*‖² for two checks in a row; the rest is estimated as the last term times
        (K+λ)/6. :func:`solver_error` returns the sum of the two. An (M_ST, d) array is
        prepared as ``FiniteStudent(setting, W_student)``, an O(M_ST³) factorisation, on every
        call: prepare a FiniteStudent once to reuse it.

    Returns
    -------
    ndarray of shape (n_times,) for one teacher, (n_teachers, n_times) for a list
    """
    single, teachers = as_teachers(setting, teacher)
    times = as_times("times", times)
    return _shaped(_evaluate(student_curves(setting, teachers, W_student), times, GRADIENT_FLOW), single)


def ridge_losses(setting, teacher, ridges, W_student=None):
    """Population loss of the ridge-regularised student, indexed by ρ ≥ 0.

    Filter s_k = λ_k/(λ_k + ρ) in place of 1 - e^{-tλ_k} (book: Lower bounds, "Early
    stopping against ridge"; the ridge student of Theorem 4.2); ρ = 0 is the converged
    (t = ∞) student, ρ = ∞ the zero function.

    Parameters and returns as in :func:`student_losses`, with ``ridges`` for ``times``.
    """
    single, teachers = as_teachers(setting, teacher)
    ridges = as_times("ridges", ridges)
    return _shaped(_evaluate(student_curves(setting, teachers, W_student), ridges, RIDGE), single)


def ceiling_losses(setting, teacher, times, W_student=None):
    """The strong ceiling's curve: the same student trained on f* itself, at each time.

    Book: Setup, "Measuring weak-to-strong generalization" (definition "Best stopping, loss ratio and PGR").
    Parameters and returns as in :func:`student_losses`; only the teachers' targets are used.
    """
    single, teachers = as_teachers(setting, teacher)
    times = as_times("times", times)
    curves = student_curves(setting, teachers, W_student, ceiling=True)
    return _shaped(_evaluate(curves, times, GRADIENT_FLOW), single)


def student_as_teacher(setting, teacher, time, W_student):
    """The finite student at time t, packaged as a :class:`Teacher` for a next round.

    Bootstrapping (book: Lower bounds, "Corollary 2: bootstrapping"): a student trained on
    this object's function is a student trained on a student. Its ``loss`` is L_ST(t) of
    this round, its weights are the student's, and its coefficients are
    a(t) = Σ_k s_k(t) λ_k⁻¹ p_k z_k (the dense spectral form of the Setup chapter).

    Parameters
    ----------
    setting : Setting
    teacher : Teacher
    time : float
        t in [0, inf].
    W_student : ndarray of shape (M_ST, d) or FiniteStudent
        A finite student; a FiniteStudent must be factorised (method 'dense') in its
        M_ST × M_ST form (an array is factorised anew, O(M_ST³), on every call).

    Returns
    -------
    Teacher
    """
    single, teachers = as_teachers(setting, teacher)
    if not single:
        raise TypeError("teacher must be a single Teacher here")
    t = as_times("time", time)
    if t.size != 1:
        raise ValueError("time must be a single number")
    if W_student is None:
        raise ValueError("W_student must be a finite student (an (M_ST, d) array or a FiniteStudent)")
    if not isinstance(W_student, FiniteStudent):
        W_student = FiniteStudent(setting, W_student, method="dense")
    S = as_student(setting, W_student)
    a = S.coefficients(teacher, float(t[0]))
    loss = float(S.curve(teachers).evaluate(t)[0, 0])
    lam = S.eigenvalues
    return Teacher(setting=setting, weights=S.weights, target=teacher.target, coef=a,
                   loss=max(loss, 0.0), target_norm2=teacher.target_norm2,
                   rank=int((lam > 0).sum()), cond=float(lam.max() / lam[lam > 0].min()))


def rounds_losses(setting, teacher, rounds, W_student=None):
    """The same student trained in rounds, each on the previous round's output.

    Bootstrapping with one kernel (book: Lower bounds, "Corollary 2: bootstrapping"):
    round r stops at t_r, and the filters commute, so the result is the shrinkage operator
    Π_r (I - e^{-t_r 𝒯}).

    Parameters
    ----------
    setting : Setting
    teacher : Teacher or list of Teacher
    rounds : array_like of shape (n, r)
        Stopping times of the r rounds, for n schedules; entries in [0, inf].
    W_student : None, ndarray of shape (M_ST, d), or FiniteStudent
        As in :func:`student_losses` (an array is factorised anew, O(M_ST³), on every call).

    Returns
    -------
    ndarray of shape (n,) for one teacher, (n_teachers, n) for a list
    """
    single, teachers = as_teachers(setting, teacher)
    R = as_real_array("rounds", rounds)
    if R.ndim != 2 or R.size == 0:
        raise ValueError(f"rounds must be a non-empty 2-D array of shape (n, r), got shape {R.shape}")
    bad = np.isnan(R) | (R < 0)
    if np.any(bad):
        idx, val = first_bad(R, bad)
        raise ValueError(f"rounds must hold stopping times in [0, +inf], got {index_text('rounds', idx)} = {val}")
    return _shaped(np.vstack([c.evaluate_rounds(R) for c in student_curves(setting, teachers, W_student)]), single)


def alignment(setting, teacher, times, W_student=None):
    """The book's stand-in for the paper's alignment quantity κ_S.

    κ̂(t) = ‖s(t𝒯) e‖² / ‖e‖², with e = f* - f_TE the teacher's error and s(t𝒯) = I - e^{-t𝒯}
    the student's filter: the share of the teacher's error that the student has copied by
    time t, i.e. that lies in its fast eigenspace (book: Lower bounds, "Alignment: a
    stand-in for κ_S"). It plays the role of κ_S; it is not the paper's κ_S.

    Parameters and returns as in :func:`student_losses`.
    """
    single, teachers = as_teachers(setting, teacher)
    times = as_times("times", times)
    passed = np.vstack([c.passed_error(times) for c in student_curves(setting, teachers, W_student)])
    L = np.array([T.loss for T in teachers])
    return _shaped(passed / np.where(L > 0, L, 1.0)[:, None], single)


def _norms(setting, teacher, name, index, W_student, filt):
    single, teachers = as_teachers(setting, teacher)
    index = as_times(name, index)
    return _shaped(np.vstack([c.norms(index, filt) for c in student_curves(setting, teachers, W_student)]), single)


def student_norms(setting, teacher, times=None, W_student=None, kind=None, index=None):
    """Norm ‖a(t)‖ of the gradient-flow student's coefficients (its norm in the student's RKHS).

    Book: Lower bounds, "Theorem 4.2: a student with a norm budget".

    Parameters
    ----------
    setting : Setting
    teacher : Teacher or list of Teacher
    times : array_like of shape (n,)
    W_student : ndarray of shape (M_ST, d), FiniteStudent, or None
        None asks for the setting's infinite-width student (its norm is available when the
        curve has no degree series: linear features, not ReLU); an array is factorised anew, O(M_ST³), on every call.
    kind, index : None
        Deprecated: ``kind='ridge'`` (with ridges passed as ``times``) calls :func:`ridge_norms`,
        and ``index=`` is the old name of ``times``.

    Returns
    -------
    ndarray of shape (n,) or (n_teachers, n)
    """
    if index is not None:
        warn("student_norms(..., index=...) is deprecated: pass times (or use ridge_norms for ridges)",
             DeprecationWarning)
        if times is not None:
            raise TypeError("student_norms got both times and index")
        times = index
    if times is None:
        raise TypeError("student_norms needs times")
    if kind is not None:
        if kind not in ("flow", "ridge"):
            raise ValueError(f"kind must be 'flow' or 'ridge', got {kind!r}")
        warn("student_norms(..., kind=...) is deprecated: use student_norms for times and "
             "ridge_norms for ridges", DeprecationWarning)
        if kind == "ridge":
            return _norms(setting, teacher, "ridges", times, W_student, RIDGE)
    return _norms(setting, teacher, "times", times, W_student, GRADIENT_FLOW)


def ridge_norms(setting, teacher, ridges, W_student=None):
    """Norm ‖a(ρ)‖ of the ridge student's coefficients, for each ridge ρ ≥ 0.

    Book: Lower bounds, "Theorem 4.2: a student with a norm budget" (the bounded student is
    the ridge student whose norm equals the budget). Parameters and returns as in
    :func:`student_norms`, with ``ridges`` for ``times`` (an array is factorised anew, O(M_ST³), on every call).
    """
    return _norms(setting, teacher, "ridges", ridges, W_student, RIDGE)


def solver_error(setting, teacher, W_student=None):
    """Bound or estimate of the numerical error of :func:`student_losses`, per teacher.

    Zero for exact paths (finite width dense, linear infinite width). For the infinite-width
    ReLU student: ‖b‖²·(tail bound of the diagonal series) plus an estimate of the truncated
    off-diagonal Gegenbauer terms. For a Krylov student: the last change between checks.
    ``W_student`` as in :func:`student_losses` (an array is factorised anew, O(M_ST³), on every call).

    Returns
    -------
    float for one teacher, ndarray of shape (n_teachers,) for a list
    """
    single, teachers = as_teachers(setting, teacher)
    err = np.concatenate([c.error for c in student_curves(setting, teachers, W_student)])
    return float(err[0]) if single else err


def student_error(setting, teacher, W_student=None):
    """Deprecated name of :func:`solver_error` ("error" elsewhere means f* - f_TE)."""
    warn("student_error is deprecated: use solver_error", DeprecationWarning)
    return solver_error(setting, teacher, W_student)
