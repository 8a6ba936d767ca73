"""w2s_lib: exact population solvers for weak-to-strong generalization.

The library behind the book *Weak-to-strong generalization in random-feature
networks*, reproducing Medvedev, Lyu, Yu, Arora, Li and Srebro (ICML 2025).
Every population quantity is a closed form (arc-cosine kernel, Funk–Hecke,
Gegenbauer); gradient flow is solved in closed form over a whole grid of times.

Public API
----------
Settings        : ReLUSphere, LinearGaussian
Targets         : ZonalTarget
Teacher         : fit_teacher, Teacher
Students        : FiniteStudent, student_losses, ridge_losses, ceiling_losses, student_error,
                  student_as_teacher, rounds_losses, alignment, student_norms
Metrics         : best_stopping, best_ridge, ceiling_loss, pgr, power_law_fit
Limits          : quadratic_lower_bound, bootstrap_lower_bound
Degrees         : degree_profile, degree_bound
Theory curves   : effective_ridge, predicted_teacher_loss, diagonal_family_losses,
                  diagonal_family_ridge_losses, diagonal_family_upper_bound,
                  diagonal_family_teacher_bounds
Figure data     : figures (one function per book figure, returning arrays)
Sampling        : sphere_weights, gaussian_weights, nested_weights, random_direction
Spectral facts  : relu_kernel, relu_coefficients, relu_eigenvalues, multiplicity,
                  log_multiplicity, gegenbauer, relu_tail_bound
"""

from . import figures
from ._bounds import bootstrap_lower_bound, quadratic_lower_bound
from ._degrees import DegreeBound, DegreeProfile, degree_bound, degree_profile
from ._metrics import BestStop, PowerLawFit, best_ridge, best_stopping, ceiling_loss, pgr, power_law_fit
from ._sampling import gaussian_weights, nested_weights, random_direction, sphere_weights
from ._settings import LinearGaussian, ReLUSphere
from ._spectral import (
    gegenbauer,
    log_multiplicity,
    multiplicity,
    relu_coefficients,
    relu_eigenvalues,
    relu_kernel,
    relu_tail_bound,
)
from ._student import (
    FiniteStudent,
    alignment,
    rounds_losses,
    student_norms,
    ceiling_losses,
    ridge_losses,
    student_as_teacher,
    student_error,
    student_losses,
)
from ._targets import ZonalTarget
from ._teacher import PrecisionWarning, Teacher, fit_teacher
from ._theory import (
    diagonal_family_losses,
    diagonal_family_ridge_losses,
    diagonal_family_teacher_bounds,
    diagonal_family_upper_bound,
    effective_ridge,
    predicted_teacher_loss,
)

__version__ = "0.1.0"

__all__ = [
    "ReLUSphere",
    "LinearGaussian",
    "ZonalTarget",
    "fit_teacher",
    "Teacher",
    "PrecisionWarning",
    "FiniteStudent",
    "student_losses",
    "ridge_losses",
    "ceiling_losses",
    "student_error",
    "student_as_teacher",
    "rounds_losses",
    "alignment",
    "student_norms",
    "best_stopping",
    "best_ridge",
    "BestStop",
    "ceiling_loss",
    "pgr",
    "power_law_fit",
    "PowerLawFit",
    "degree_profile",
    "degree_bound",
    "DegreeBound",
    "effective_ridge",
    "predicted_teacher_loss",
    "diagonal_family_losses",
    "diagonal_family_ridge_losses",
    "diagonal_family_upper_bound",
    "diagonal_family_teacher_bounds",
    "DegreeProfile",
    "figures",
    "quadratic_lower_bound",
    "bootstrap_lower_bound",
    "sphere_weights",
    "gaussian_weights",
    "nested_weights",
    "random_direction",
    "relu_kernel",
    "relu_coefficients",
    "relu_eigenvalues",
    "multiplicity",
    "log_multiplicity",
    "gegenbauer",
    "relu_tail_bound",
]
