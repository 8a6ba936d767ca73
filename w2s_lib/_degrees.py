"""Public entry points of the degree-by-degree analysis (book: ReLU chapter).

Only a setting with spherical-harmonic degrees can split a function by degree; it implements
the optional methods ``degree_profile`` and ``degree_bound`` of the Setting protocol
(:class:`w2s_lib.ReLUSphere` does; the default raises ``TypeError``). These functions validate
their arguments and call them.
"""

from __future__ import annotations

from ._setting import check_setting
from ._teacher import Teacher
from ._validation import warn

__all__ = ["degree_profile", "degree_bound"]


def _setting_and_teacher(caller, setting, teacher):
    if isinstance(setting, Teacher) and teacher is None:  # the old form caller(teacher, ...)
        warn(f"{caller}(teacher, ...) is deprecated: call {caller}(setting, teacher, ...)", DeprecationWarning)
        setting, teacher = setting.setting, setting
    check_setting(setting)
    if not isinstance(teacher, Teacher):
        raise TypeError(f"teacher must be a Teacher from fit_teacher, got {type(teacher).__name__}")
    if teacher.setting != setting:
        raise ValueError(f"teacher was fitted in {teacher.setting!r}, not in {setting!r}")
    return setting, teacher


def degree_profile(setting, teacher=None, max_degree=12):
    """Split a ReLU teacher and its error by harmonic degree ℓ = 0, …, K.

    Book: ReLU chapter, "Where the teacher's error lives" (addition theorem and
    Funk–Hecke formula; cost O(K M_TE²)).

    Parameters
    ----------
    setting : ReLUSphere
        Or another setting with a ``degree_profile`` method.
    teacher : Teacher
        Fitted in ``setting``. (The old form ``degree_profile(teacher)`` still works and warns.)
    max_degree : int
        K ≥ 1.

    Returns
    -------
    DegreeProfile
        Per degree: the eigenvalue μ_ℓ and ‖Π_ℓ f*‖², ‖Π_ℓ f_TE‖², ‖Π_ℓ (f* - f_TE)‖².
    """
    if isinstance(setting, Teacher) and not isinstance(teacher, Teacher) and teacher is not None:
        teacher, max_degree = None, teacher  # the old positional form degree_profile(teacher, max_degree)
    setting, teacher = _setting_and_teacher("degree_profile", setting, teacher)
    return setting.degree_profile(teacher, max_degree)


def degree_bound(setting, teacher=None, times=None):
    """Proved bounds on the infinite-width ReLU student from the teacher's error by degree.

    Implements the book's proposition "An upper bound from the teacher's error by degree"
    (ReLU chapter): for a linear target f* and a least-squares teacher with error
    e = f* - f_TE, the infinite-width student f_ST(t) = (I - e^{-t𝒯}) f_TE satisfies
    lower(t) ≤ L_ST(t) ≤ upper(t) (see :class:`DegreeBound`). Degrees 0 and 1 enter exactly;
    every even degree ℓ ≥ 2 is learnt no faster than degree 2 (μ_ℓ ≤ μ_2), which gives the
    upper bound, and no slower than not at all from degree 4 on, which gives the lower one.
    Cost: one :func:`degree_profile` to degree 2, O(M_TE²).

    Parameters
    ----------
    setting : ReLUSphere
    teacher : Teacher
        Fitted in ``setting`` to a linear target (a vector β, or a :class:`ZonalTarget`
        whose terms all have degree 1). (The old form ``degree_bound(teacher, times)`` warns.)
    times : array_like of shape (n_times,), optional
        Times t ≥ 0 (``numpy.inf`` allowed) at which to return the two bounds.

    Returns
    -------
    DegreeBound

    Raises
    ------
    TypeError
        If ``setting`` has no harmonic degrees or ``teacher`` is not a Teacher.
    ValueError
        If the target is not linear, or ``times`` are not valid times.
    """
    if isinstance(setting, Teacher) and not isinstance(teacher, Teacher) and times is None:
        teacher, times = None, teacher  # the old form degree_bound(teacher, times)
    setting, teacher = _setting_and_teacher("degree_bound", setting, teacher)
    return setting.degree_bound(teacher, times)

