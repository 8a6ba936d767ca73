"""w2s_lib: exact population solvers for weak-to-strong generalization.

The library behind the book *Weak-to-strong generalization in random-feature
networks*, reproducing Medvedev, Lyu, Yu, Arora, Li and Srebro (ICML 2025).
Every population quantity is a closed form (arc-cosine kernel, Funk–Hecke,
Gegenbauer); gradient flow is solved in closed form over a whole grid of times.

Public API
----------
Settings        : Setting (the protocol), ReLUSphere, LinearGaussian, GaussianReLU; SpectralCurve, Filter,
                  GRADIENT_FLOW, RIDGE (what a setting's infinite-width student returns and reads)
Targets         : ZonalTarget (sphere), HermiteTarget (Gaussian inputs)
Teacher         : fit_teacher, Teacher, PrecisionWarning
Students        : FiniteStudent, student_losses, ridge_losses, ceiling_losses, solver_error,
                  student_as_teacher, rounds_losses, alignment, student_norms, ridge_norms
Metrics         : best_stopping, best_ridge, best_ceiling, BestStop, BestRidge, pgr,
                  power_law_fit, PowerLawFit, stopping_window, StoppingWindow
Limits          : quadratic_lower_bound, bootstrap_lower_bound
Degrees         : degree_profile, degree_bound, DegreeProfile, DegreeBound
Theory curves   : effective_ridge, predicted_teacher_loss, diagonal_family_losses,
                  diagonal_family_ridge_losses, diagonal_family_upper_bound,
                  diagonal_family_teacher_bounds
Figure data     : figures (one function per book figure, returning arrays)
Sampling        : sphere_weights, gaussian_weights, nested_weights, random_direction
Spectral facts  : relu_kernel, relu_coefficients, relu_eigenvalues, multiplicity,
                  log_multiplicity, gegenbauer, relu_tail_bound, relu_hermite_coefficient

Deprecated aliases (kept in 0.2, removed in 0.3): ceiling_loss (use best_ceiling),
student_error (use solver_error), BestRidge.time (use .ridge), student_norms(..., kind=...) and
index=... (use student_norms with times, ridge_norms with ridges), degree_profile(teacher) and
degree_bound(teacher) (pass the setting first).
"""

from . import figures
from ._bounds import bootstrap_lower_bound, quadratic_lower_bound
from ._curves import GRADIENT_FLOW, RIDGE, Filter, SpectralCurve
from ._degrees import degree_bound, degree_profile
from ._finite import FiniteStudent
from ._gaussian_relu import GaussianReLU, HermiteTarget, relu_hermite_coefficient
from ._linear_gaussian import LinearGaussian
from ._metrics import (
    BestRidge,
    BestStop,
    PowerLawFit,
    StoppingWindow,
    best_ceiling,
    best_ridge,
    best_stopping,
    ceiling_loss,
    pgr,
    power_law_fit,
    stopping_window,
)
from ._relu_degrees import DegreeBound, DegreeProfile
from ._relu_sphere import ReLUSphere
from ._sampling import gaussian_weights, nested_weights, random_direction, sphere_weights
from ._setting import Setting
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
    alignment,
    ceiling_losses,
    ridge_losses,
    ridge_norms,
    rounds_losses,
    solver_error,
    student_as_teacher,
    student_error,
    student_losses,
    student_norms,
)
from ._targets import ZonalTarget
from ._teacher import Teacher, fit_teacher
from ._theory import (
    diagonal_family_losses,
    diagonal_family_ridge_losses,
    diagonal_family_teacher_bounds,
    diagonal_family_upper_bound,
    effective_ridge,
    predicted_teacher_loss,
)
from ._validation import PrecisionWarning

__version__ = "0.2.0"

__all__ = [
    "Setting",
    "ReLUSphere",
    "LinearGaussian",
    "GaussianReLU",
    "HermiteTarget",
    "SpectralCurve",
    "Filter",
    "GRADIENT_FLOW",
    "RIDGE",
    "ZonalTarget",
    "fit_teacher",
    "Teacher",
    "PrecisionWarning",
    "FiniteStudent",
    "student_losses",
    "ridge_losses",
    "ceiling_losses",
    "solver_error",
    "student_error",
    "student_as_teacher",
    "rounds_losses",
    "alignment",
    "student_norms",
    "ridge_norms",
    "best_stopping",
    "best_ridge",
    "BestStop",
    "BestRidge",
    "best_ceiling",
    "ceiling_loss",
    "pgr",
    "power_law_fit",
    "stopping_window",
    "StoppingWindow",
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
    "relu_hermite_coefficient",
]
