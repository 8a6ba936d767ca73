"""Bad input gets a clear error naming the argument, never a silent wrong answer.

One parametrised test per public function: each case is bad input, the expected exception
type and a fragment of the message that names the offending argument (and index).
"""

import numpy as np
import pytest

import w2s_lib as w

D = 8


@pytest.fixture(scope="module")
def relu_teacher():
    setting = w.ReLUSphere(D)
    return setting, w.fit_teacher(setting, w.sphere_weights(8, D, 0), w.random_direction(D, 1))


@pytest.mark.parametrize("d, exc, msg", [
    (2, ValueError, "d must be an integer >= 3"),
    (0, ValueError, "d must be an integer >= 3"),
    (3.5, TypeError, "d must be an integer >= 3"),
    ("8", TypeError, "d must be an integer"),
    (True, TypeError, "d must be an integer"),
    (None, TypeError, "d must be an integer"),
    (np.nan, TypeError, "d must be an integer"),
    ([8], TypeError, "d must be an integer"),
])
def test_sphere_dimension(d, exc, msg):
    with pytest.raises(exc, match=msg):
        w.ReLUSphere(d)


def test_integer_valued_float_dimension_is_accepted():
    assert w.ReLUSphere(8.0).d == 8


@pytest.mark.parametrize("times, msg", [
    ([0.0, np.nan], "times must not contain NaN"),
    ([-1.0, 1.0], "times must be non-negative"),
    ([-np.inf], "times must be non-negative"),
    ([], "times must be non-empty"),
    ([[1.0, 2.0]], "times must be a 1-D array"),
])
def test_bad_times(relu_teacher, times, msg):
    setting, T = relu_teacher
    with pytest.raises(ValueError, match=msg):
        w.student_losses(setting, T, times)


def test_infinite_and_scalar_times_are_accepted(relu_teacher):
    setting, T = relu_teacher
    assert w.student_losses(setting, T, np.inf).shape == (1,)


@pytest.mark.parametrize("W, exc, msg", [
    (np.full((4, D), np.nan), ValueError, "W must contain only finite numbers"),
    (np.vstack([np.eye(D)[:3], [np.inf] + [0] * (D - 1)]), ValueError, "W must contain only finite"),
    (2 * np.eye(D)[:4], ValueError, "W must have unit-norm rows"),
    (np.zeros((4, D)), ValueError, "W must have unit-norm rows"),
    (np.zeros((0, D)), ValueError, "W must be non-empty"),
    (np.eye(D)[0], ValueError, r"W must be a 2-D array of shape \(M, d\)"),
    (np.eye(D + 1)[:4], ValueError, "W must have d = 8 columns"),
    ("abc", TypeError, "W must be an array of real numbers"),
    (np.eye(D)[:4] * 1j, TypeError, "W must be real"),
])
def test_bad_teacher_weights(W, exc, msg):
    with pytest.raises(exc, match=msg):
        w.fit_teacher(w.ReLUSphere(D), W, w.random_direction(D, 0))


def test_bad_student_weights(relu_teacher):
    setting, T = relu_teacher
    with pytest.raises(ValueError, match="W_student must have unit-norm rows"):
        w.student_losses(setting, T, [1.0], W_student=3 * np.eye(D))
    with pytest.raises(ValueError, match="W_student must have d = 8 columns"):
        w.FiniteStudent(setting, np.eye(D + 2))
    with pytest.raises(ValueError, match="method must be one of"):
        w.FiniteStudent(setting, np.eye(D), method="magic")


@pytest.mark.parametrize("target, exc, msg", [
    (np.ones(D + 1), ValueError, "target must have length 8"),
    (np.full(D, np.nan), ValueError, "target must contain only finite"),
    ("x1", TypeError, "target must be a"),
    (None, TypeError, "target must be a"),
])
def test_bad_targets(target, exc, msg):
    with pytest.raises(exc, match=msg):
        w.fit_teacher(w.ReLUSphere(D), w.sphere_weights(4, D, 0), target)


@pytest.mark.parametrize("terms, exc, msg", [
    ([], ValueError, "at least one"),
    ([(-1, 1.0, np.eye(D)[0])], ValueError, "degree must be an integer >= 0"),
    ([(1.5, 1.0, np.eye(D)[0])], TypeError, "degree must be an integer >= 0"),
    ([(2, 1.0, 2 * np.eye(D)[0])], ValueError, "axis must be a unit vector"),
    ([(2, 1.0, np.zeros(D))], ValueError, "axis must be a unit vector"),
    ([(2, np.nan, np.eye(D)[0])], ValueError, "alpha must be finite"),
    ([(2, 1.0, np.eye(D)[0]), (1, 1.0, np.eye(D + 1)[0])], ValueError, "axis has length 9"),
    ([(2, 1.0)], TypeError, "triple"),
    (None, TypeError, "terms must be a sequence"),
    (5, TypeError, "terms must be a sequence"),
    ([(2, "a", np.eye(D)[0])], TypeError, r"terms\[0\] alpha must be a real number"),
    ([(2, 1.0, np.eye(D)[0]), (2, 1.0, "abc")], TypeError, r"terms\[1\] axis must be an array"),
    ([(2, 1.0, np.eye(2)[0])], ValueError, r"terms\[0\] axis must have length d >= 3"),
])
def test_bad_zonal_terms(terms, exc, msg):
    with pytest.raises(exc, match=msg):
        w.ZonalTarget(terms)


def test_zonal_target_dimension_must_match_the_setting():
    tz = w.ZonalTarget([(2, 1.0, np.eye(D + 1)[0])])
    with pytest.raises(ValueError, match="target has dimension 9"):
        w.fit_teacher(w.ReLUSphere(D), w.sphere_weights(4, D, 0), tz)


@pytest.mark.parametrize("variances, exc, msg", [
    ([1.0, 0.0], ValueError, "variances must be strictly positive"),
    ([1.0, -1.0], ValueError, "variances must be strictly positive"),
    ([1.0, np.inf], ValueError, "variances must contain only finite"),
    ([1.0, np.nan], ValueError, "variances must contain only finite"),
    ([], ValueError, "variances must be non-empty"),
    ([[1.0]], ValueError, "variances must be a 1-D array"),
    (8, ValueError, r"per-coordinate variances .*np\.ones\(d\)"),
    ("abc", TypeError, "variances must be an array of real numbers"),
    (None, TypeError, "variances must be an array of real numbers"),
    ([1.0, 0.5, -1.0], ValueError, r"variances\[2\] = -1"),
])
def test_bad_variances(variances, exc, msg):
    with pytest.raises(exc, match=msg):
        w.LinearGaussian(variances)


def test_linear_setting_refuses_zonal_targets():
    setting = w.LinearGaussian(np.ones(D))
    with pytest.raises(TypeError, match="only linear targets"):
        w.fit_teacher(setting, w.gaussian_weights(4, D, 0), w.ZonalTarget([(2, 1.0, np.eye(D)[0])]))


@pytest.mark.parametrize("bad", [-0.1, 1.5, np.nan, [0.5, 2.0]])
def test_bounds_refuse_teacher_losses_outside_unit_interval(bad):
    for f in (w.quadratic_lower_bound, w.bootstrap_lower_bound):
        with pytest.raises(ValueError, match=r"teacher_loss must lie in \[0, 1\]"):
            f(bad)


def test_wrong_types_for_setting_and_teacher(relu_teacher):
    setting, T = relu_teacher
    with pytest.raises(TypeError, match="setting must be a Setting"):
        w.fit_teacher("relu", np.eye(D), np.ones(D))
    with pytest.raises(TypeError, match="teacher must be a Teacher"):
        w.student_losses(setting, "teacher", [1.0])
    with pytest.raises(TypeError, match="teacher must be a Teacher"):
        w.student_losses(setting, [], [1.0])
    with pytest.raises(ValueError, match="teacher was fitted in"):
        w.student_losses(w.ReLUSphere(D + 1), T, [1.0])


def test_seeds_must_be_reproducible():
    with pytest.raises(TypeError, match="seed must be an int"):
        w.sphere_weights(4, D, None)
    with pytest.raises(ValueError, match="seed must be a non-negative integer"):
        w.sphere_weights(4, D, -1)
    a = w.sphere_weights(4, D, np.random.default_rng(3))
    b = w.sphere_weights(4, D, 3)
    np.testing.assert_array_equal(a, b)


def test_nested_weights_are_prefixes_of_one_draw():
    Ws = w.nested_weights([4, 16, 8], D, 2)
    np.testing.assert_array_equal(Ws[0], Ws[1][:4])
    np.testing.assert_array_equal(Ws[2], Ws[1][:8])
    with pytest.raises(ValueError, match="kind must be"):
        w.nested_weights([4], D, 0, kind="uniform")


def test_power_law_fit_input_checks_and_value():
    L_te = np.array([[0.5, 0.25, 0.125], [0.4, 0.2, 0.1]])
    fit = w.power_law_fit(L_te, 3 * L_te**1.7)
    np.testing.assert_allclose(fit.exponents, 1.7, rtol=1e-12)
    assert fit.stderr == pytest.approx(0.0, abs=1e-12)
    with pytest.raises(ValueError, match="same shape"):
        w.power_law_fit(L_te, L_te[:, :2])
    with pytest.raises(ValueError, match="strictly positive"):
        w.power_law_fit(L_te, -L_te)
    with pytest.raises(ValueError, match="at least 2 teacher sizes"):
        w.power_law_fit(L_te[:, :1], L_te[:, :1])


def test_pgr_needs_a_gap():
    assert w.pgr(0.5, 0.1, 0.0) == pytest.approx(0.8)
    with pytest.raises(ValueError, match="ceiling_loss must be strictly below teacher_loss"):
        w.pgr(0.5, 0.1, 0.5)


# ---------------------------------------------------------------------------
# one parametrised test per remaining public function

RELU = w.ReLUSphere(D)
LIN = w.LinearGaussian(np.ones(D))
T = w.fit_teacher(RELU, w.sphere_weights(4, D, 0), w.random_direction(D, 1))
V = w.sphere_weights(10, D, 2)
OTHER_STUDENT = w.FiniteStudent(w.ReLUSphere(D + 1), w.sphere_weights(3, D + 1, 0))
ONE = [1.0]


def _check(f, kwargs, exc, fragment):
    with pytest.raises(exc, match=fragment):
        f(**kwargs)


@pytest.mark.parametrize("kwargs, exc, fragment", [
    (dict(d=0, k=0, eps=0.1), ValueError, "d must be an integer >= 1"),
    (dict(d=4, k=5, eps=0.1), ValueError, "k must satisfy 0 <= k <= d"),
    (dict(d=4, k=-1, eps=0.1), ValueError, "k must be an integer >= 0"),
    (dict(d=4, k=1.5, eps=0.1), TypeError, "k must be an integer"),
    (dict(d=4, k=1, eps="x"), TypeError, "eps must be a real number"),
    (dict(d=4, k=1, eps=[0.1]), TypeError, "eps must be a real number"),
    (dict(d=4, k=1, eps=0.0), ValueError, "eps must be > 0"),
    (dict(d=4, k=1, eps=-1.0), ValueError, "eps must be > 0"),
    (dict(d=4, k=1, eps=np.inf), ValueError, "eps must be finite"),
    (dict(d=4, k=1, eps=np.nan), ValueError, "eps must be finite"),
])
def test_diagonal_family_validates(kwargs, exc, fragment):
    _check(w.LinearGaussian.diagonal_family, kwargs, exc, fragment)


@pytest.mark.parametrize("beta, exc, fragment", [
    (np.zeros(D), ValueError, "beta must be non-zero"),
    (None, TypeError, "beta must be an array"),
    ([np.nan] * D, ValueError, r"beta must contain only finite numbers .* beta\[0\] = nan"),
    (np.ones((2, D)), ValueError, "beta must be a 1-D array"),
    (np.ones(2), ValueError, "axis must have length d >= 3"),
])
def test_zonal_linear_validates(beta, exc, fragment):
    _check(w.ZonalTarget.linear, dict(beta=beta), exc, fragment)


@pytest.mark.parametrize("kwargs, exc, fragment", [
    (dict(setting=None, W=np.eye(D), target=np.eye(D)[0]), TypeError, "setting must be a Setting"),
    (dict(setting=LIN, W=np.ones((3, D + 1)), target=np.eye(D)[0]), ValueError, "W must have d = 8 columns"),
    (dict(setting=LIN, W=np.ones((3, D)), target=w.ZonalTarget([(2, 1.0, np.eye(D)[0])])), TypeError, "only linear targets"),
    (dict(setting=RELU, W=np.eye(D)[:3], target=np.zeros(D + 1)), ValueError, "target must have length 8"),
    (dict(setting=RELU, W=np.vstack([np.eye(D)[:2], [np.nan] * D]), target=np.eye(D)[0]), ValueError, r"W\[2, 0\] = nan"),
    (dict(setting=RELU, W=np.eye(D)[:3], target=[0.0, np.inf] + [0.0] * (D - 2)), ValueError, r"target\[1\] = inf"),
])
def test_fit_teacher_validates(kwargs, exc, fragment):
    _check(w.fit_teacher, kwargs, exc, fragment)


_HAND = dict(setting=LIN, weights=np.eye(D)[:2], target=np.eye(D)[0], coef=[1.0, 0.0], loss=0.1,
             target_norm2=1.0, rank=2, cond=1.0)


@pytest.mark.parametrize("change, exc, fragment", [
    (dict(setting="linear"), TypeError, "setting must be"),
    (dict(weights=np.eye(2)), ValueError, "weights must have d = 8 columns"),
    (dict(target=np.ones(3)), ValueError, "target must have length 8"),
    (dict(coef=[1.0]), ValueError, "coef must have one entry per row of weights"),
    (dict(coef=[1.0, np.nan]), ValueError, r"coef\[1\] = nan"),
    (dict(loss=-0.1), ValueError, "loss must be a finite number >= 0"),
    (dict(loss=np.nan), ValueError, "loss must be a finite number >= 0"),
    (dict(target_norm2="1"), ValueError, "target_norm2 must be a finite number >= 0"),
    (dict(rank=-1), ValueError, "rank must be an integer >= 0"),
    (dict(rank=1.5), ValueError, "rank must be an integer >= 0"),
    (dict(cond=0.5), ValueError, "cond must be a number >= 1"),
])
def test_hand_built_teacher_validates(change, exc, fragment):
    _check(w.Teacher, {**_HAND, **change}, exc, fragment)


@pytest.mark.parametrize("kwargs, exc, fragment", [
    (dict(setting=None, W_student=V), TypeError, "setting must be"),
    (dict(setting=RELU, W_student=None), TypeError, "W_student must be an array"),
    (dict(setting=RELU, W_student=2 * V), ValueError, "W_student must have unit-norm rows"),
    (dict(setting=RELU, W_student=V, method=None), ValueError, "method must be one of"),
    (dict(setting=RELU, W_student=V, method="magic"), ValueError, "method must be one of"),
    (dict(setting=RELU, W_student=V, tol=0.0), ValueError, "tol must be > 0"),
    (dict(setting=RELU, W_student=V, tol=np.nan), ValueError, "tol must be finite"),
    (dict(setting=RELU, W_student=V, tol="x"), TypeError, "tol must be a real number"),
    (dict(setting=RELU, W_student=V, max_steps=0), ValueError, "max_steps must be an integer >= 1"),
    (dict(setting=RELU, W_student=V, max_steps=2.5), TypeError, "max_steps must be an integer >= 1"),
])
def test_finite_student_validates(kwargs, exc, fragment):
    _check(w.FiniteStudent, kwargs, exc, fragment)


def test_finite_student_validates_settings_made_later():
    S = w.FiniteStudent(RELU, V, method="krylov")
    with pytest.raises(ValueError, match="max_steps must be an integer >= 1"):
        S.max_steps = 0
    with pytest.raises(ValueError, match="tol must be > 0"):
        S.tol = -1.0


# the arguments every student function shares: setting, teacher, W_student
_COMMON = [
    (dict(setting="relu"), TypeError, "setting must be"),
    (dict(teacher="T"), TypeError, "teacher must be a Teacher"),
    (dict(teacher=[T, "T"]), TypeError, "teacher must be a Teacher"),
    (dict(teacher=[]), TypeError, "teacher must be a Teacher"),
    (dict(setting=LIN), ValueError, "teacher was fitted in ReLUSphere"),
    (dict(W_student="abc"), TypeError, "W_student must be an array"),
    (dict(W_student=np.eye(3)), ValueError, "W_student must have d = 8 columns"),
    (dict(W_student=OTHER_STUDENT), ValueError, "W_student was prepared in ReLUSphere"),
]
_TIMES = [
    ("abc", TypeError, "must be an array of real numbers"),
    ([[1.0]], ValueError, "must be a 1-D array"),
    ([1.0, -2.0], ValueError, r"\[1\] = -2"),
    ([np.nan], ValueError, r"\[0\] is NaN"),
    ([], ValueError, "must be non-empty"),
]


def _student_cases(index_name):
    return _COMMON + [(dict(**{index_name: bad}), exc, index_name + ".*" + frag if frag.startswith("\\") else
                       index_name + " " + frag) for bad, exc, frag in _TIMES]


@pytest.mark.parametrize("change, exc, fragment", _student_cases("times"))
def test_student_losses_validates(change, exc, fragment):
    _check(w.student_losses, {**dict(setting=RELU, teacher=T, times=ONE, W_student=V), **change}, exc, fragment)


@pytest.mark.parametrize("change, exc, fragment", _student_cases("ridges"))
def test_ridge_losses_validates(change, exc, fragment):
    _check(w.ridge_losses, {**dict(setting=RELU, teacher=T, ridges=ONE, W_student=V), **change}, exc, fragment)


@pytest.mark.parametrize("change, exc, fragment", _student_cases("times"))
def test_ceiling_losses_validates(change, exc, fragment):
    _check(w.ceiling_losses, {**dict(setting=RELU, teacher=T, times=ONE, W_student=V), **change}, exc, fragment)


@pytest.mark.parametrize("change, exc, fragment", _student_cases("times"))
def test_alignment_validates(change, exc, fragment):
    _check(w.alignment, {**dict(setting=RELU, teacher=T, times=ONE, W_student=V), **change}, exc, fragment)


@pytest.mark.parametrize("change, exc, fragment", _student_cases("times") + [
    (dict(kind="time"), ValueError, "kind must be 'flow' or 'ridge'"),
    (dict(W_student=None), ValueError, "RKHS norm of an infinite-width student with a degree series"),
])
def test_student_norms_validates(change, exc, fragment):
    _check(w.student_norms, {**dict(setting=RELU, teacher=T, times=ONE, W_student=V), **change}, exc, fragment)


@pytest.mark.parametrize("change, exc, fragment", _student_cases("ridges"))
def test_ridge_norms_validates(change, exc, fragment):
    _check(w.ridge_norms, {**dict(setting=RELU, teacher=T, ridges=ONE, W_student=V), **change}, exc, fragment)


@pytest.mark.parametrize("change, exc, fragment", _COMMON)
def test_solver_error_validates(change, exc, fragment):
    _check(w.solver_error, {**dict(setting=RELU, teacher=T, W_student=V), **change}, exc, fragment)


@pytest.mark.parametrize("change, exc, fragment", _COMMON[:2] + _COMMON[4:] + [
    (dict(teacher=[T]), TypeError, "teacher must be a single Teacher"),
    (dict(time=[1.0, 2.0]), ValueError, "time must be a single number"),
    (dict(time=-1.0), ValueError, "time must be non-negative"),
    (dict(time="x"), TypeError, "time must be an array of real numbers"),
    (dict(W_student=None), ValueError, "W_student must be a finite student"),
    (dict(W_student=w.FiniteStudent(RELU, V, method="krylov")), ValueError, "method='dense'"),
])
def test_student_as_teacher_validates(change, exc, fragment):
    _check(w.student_as_teacher, {**dict(setting=RELU, teacher=T, time=1.0, W_student=V), **change}, exc, fragment)


@pytest.mark.parametrize("change, exc, fragment", _COMMON + [
    (dict(rounds=[1.0, 2.0]), ValueError, "rounds must be a non-empty 2-D array"),
    (dict(rounds=np.zeros((0, 2))), ValueError, "rounds must be a non-empty 2-D array"),
    (dict(rounds="ab"), TypeError, "rounds must be an array of real numbers"),
    (dict(rounds=[[1.0, 2.0], [1.0, -2.0]]), ValueError, r"rounds\[1, 1\] = -2"),
    (dict(rounds=[[1.0, np.nan]]), ValueError, r"rounds\[0, 1\] = nan"),
])
def test_rounds_losses_validates(change, exc, fragment):
    _check(w.rounds_losses, {**dict(setting=RELU, teacher=T, rounds=[[1.0, 2.0]], W_student=V), **change},
           exc, fragment)


_GRID = [
    (dict(grid="x"), TypeError, "grid must be an array of real numbers"),
    (dict(grid=[[1.0]]), ValueError, "grid must be a 1-D array"),
    (dict(grid=[1.0, -1.0]), ValueError, r"grid\[1\] = -1"),
    (dict(grid=[np.nan]), ValueError, r"grid\[0\] is NaN"),
]


@pytest.mark.parametrize("change, exc, fragment", _COMMON + _GRID)
def test_best_stopping_validates(change, exc, fragment):
    _check(w.best_stopping, {**dict(setting=RELU, teacher=T, W_student=V), **change}, exc, fragment)


@pytest.mark.parametrize("change, exc, fragment", _COMMON + _GRID)
def test_best_ridge_validates(change, exc, fragment):
    _check(w.best_ridge, {**dict(setting=RELU, teacher=T, W_student=V), **change}, exc, fragment)


@pytest.mark.parametrize("change, exc, fragment", _COMMON + _GRID)
def test_best_ceiling_validates(change, exc, fragment):
    _check(w.best_ceiling, {**dict(setting=RELU, teacher=T, W_student=V), **change}, exc, fragment)


@pytest.mark.parametrize("change, exc, fragment", [
    (dict(student_loss=np.nan), ValueError, "student_loss must contain only finite numbers"),
    (dict(teacher_loss=np.inf), ValueError, "teacher_loss must contain only finite numbers"),
    (dict(ceiling_loss=[0.0, np.nan]), ValueError, r"ceiling_loss\[1\] = nan"),
    (dict(teacher_loss="a"), TypeError, "teacher_loss must be an array of real numbers"),
    (dict(student_loss=[0.1, 0.1, 0.1], teacher_loss=[0.5, 0.4]), ValueError, "broadcastable shapes"),
    (dict(ceiling_loss=0.5), ValueError, "ceiling_loss must be strictly below teacher_loss"),
])
def test_pgr_validates(change, exc, fragment):
    _check(w.pgr, {**dict(teacher_loss=0.5, student_loss=0.1, ceiling_loss=0.0), **change}, exc, fragment)


@pytest.mark.parametrize("kwargs, exc, fragment", [
    (dict(teacher_losses=np.ones((2, 2, 2)), student_losses=np.ones((2, 2, 2))), ValueError,
     r"teacher_losses must have shape \(n_seeds, n_sizes\)"),
    (dict(teacher_losses="a", student_losses=[1.0, 2.0]), TypeError, "teacher_losses must be an array"),
    (dict(teacher_losses=[0.5, 0.2], student_losses=[0.1]), ValueError, "same shape"),
    (dict(teacher_losses=[0.5, np.nan], student_losses=[0.1, 0.01]), ValueError, "finite and strictly positive"),
])
def test_power_law_fit_validates(kwargs, exc, fragment):
    _check(w.power_law_fit, kwargs, exc, fragment)


@pytest.mark.parametrize("f", [w.quadratic_lower_bound, w.bootstrap_lower_bound])
@pytest.mark.parametrize("bad, exc, fragment", [
    ("a", TypeError, "teacher_loss must be an array of real numbers"),
    (None, TypeError, "teacher_loss must be an array of real numbers"),
    ([0.5, 1.5], ValueError, r"teacher_loss\[1\] = 1.5"),
])
def test_lower_bounds_validate(f, bad, exc, fragment):
    _check(f, dict(teacher_loss=bad), exc, fragment)


@pytest.mark.parametrize("f", [w.sphere_weights, w.gaussian_weights])
@pytest.mark.parametrize("kwargs, exc, fragment", [
    (dict(n_features=0, d=3, seed=0), ValueError, "n_features must be an integer >= 1"),
    (dict(n_features=2.5, d=3, seed=0), TypeError, "n_features must be an integer >= 1"),
    (dict(n_features=2, d=0, seed=0), ValueError, "d must be an integer >= 1"),
    (dict(n_features=2, d=3, seed="a"), TypeError, "seed must be an int"),
    (dict(n_features=2, d=3, seed=1.5), TypeError, "seed must be an int"),
    (dict(n_features=2, d=3, seed=None), TypeError, "seed must be an int"),
    (dict(n_features=2, d=3, seed=-1), ValueError, "seed must be a non-negative integer"),
])
def test_weight_samplers_validate(f, kwargs, exc, fragment):
    _check(f, kwargs, exc, fragment)


@pytest.mark.parametrize("kwargs, exc, fragment", [
    (dict(d=0, seed=0), ValueError, "d must be an integer >= 1"),
    (dict(d=3, seed=-2), ValueError, "seed must be a non-negative integer"),
])
def test_random_direction_validates(kwargs, exc, fragment):
    _check(w.random_direction, kwargs, exc, fragment)


@pytest.mark.parametrize("kwargs, exc, fragment", [
    (dict(sizes=5, d=3, seed=0), TypeError, "sizes must be a sequence of integers >= 1"),
    (dict(sizes=[], d=3, seed=0), ValueError, "sizes must be non-empty"),
    (dict(sizes=[2, 1.5], d=3, seed=0), TypeError, r"sizes\[1\] must be an integer >= 1"),
    (dict(sizes=[2, 4, 0], d=3, seed=0), ValueError, r"sizes\[2\] must be an integer >= 1"),
    (dict(sizes=[2], d=3, seed=0, kind=None), ValueError, "kind must be 'sphere' or 'gaussian'"),
    (dict(sizes=[2], d=0, seed=0), ValueError, "d must be an integer >= 1"),
])
def test_nested_weights_validates(kwargs, exc, fragment):
    _check(w.nested_weights, kwargs, exc, fragment)


@pytest.mark.parametrize("u, exc, fragment", [
    ("a", TypeError, "u must be an array of real numbers"),
    (None, TypeError, "u must be an array of real numbers"),
    ([0.5, np.nan], ValueError, r"u\[1\] = nan"),
    ([0.5, -1.5], ValueError, r"u must contain cosines in \[-1, 1\], got u\[1\] = -1.5"),
    ([[0.0, 1.0 + 1e-6]], ValueError, r"u\[0, 1\]"),
])
def test_relu_kernel_validates(u, exc, fragment):
    _check(w.relu_kernel, dict(u=u), exc, fragment)


def test_relu_kernel_clips_rounding_only():
    assert w.relu_kernel(1.0 + 1e-12) == w.relu_kernel(1.0) == pytest.approx(0.5)


_DEGREE_CASES = [
    (dict(d=2, degrees=[1]), ValueError, "d must be an integer >= 3"),
    (dict(d=8.5, degrees=[1]), TypeError, "d must be an integer >= 3"),
    (dict(d=None, degrees=[1]), TypeError, "d must be an integer >= 3"),
    (dict(d=8, degrees=[0, 1.5]), TypeError, r"degrees must be integers >= 0, got degrees\[1\] = 1.5"),
    (dict(d=8, degrees=[2, -1]), ValueError, r"degrees must be integers >= 0, got degrees\[1\] = -1"),
    (dict(d=8, degrees=[np.nan]), ValueError, r"degrees must contain only finite numbers"),
    (dict(d=8, degrees="a"), TypeError, "degrees must be an array of real numbers"),
]


@pytest.mark.parametrize("kwargs, exc, fragment", _DEGREE_CASES)
def test_relu_eigenvalues_validates(kwargs, exc, fragment):
    _check(w.relu_eigenvalues, kwargs, exc, fragment)


@pytest.mark.parametrize("kwargs, exc, fragment", _DEGREE_CASES)
def test_relu_coefficients_validates(kwargs, exc, fragment):
    _check(w.relu_coefficients, kwargs, exc, fragment)


@pytest.mark.parametrize("kwargs, exc, fragment", _DEGREE_CASES)
def test_multiplicity_validates(kwargs, exc, fragment):
    _check(w.multiplicity, kwargs, exc, fragment)


@pytest.mark.parametrize("kwargs, exc, fragment", _DEGREE_CASES)
def test_log_multiplicity_validates(kwargs, exc, fragment):
    _check(w.log_multiplicity, kwargs, exc, fragment)


def test_integer_valued_degrees_are_accepted():
    np.testing.assert_array_equal(w.relu_eigenvalues(8, [0.0, 2.0]), w.relu_eigenvalues(8, [0, 2]))


@pytest.mark.parametrize("kwargs, exc, fragment", [
    (dict(d=8, max_degree=-1, u=0.5), ValueError, "max_degree must be an integer >= 0"),
    (dict(d=8, max_degree=2.5, u=0.5), TypeError, "max_degree must be an integer >= 0"),
    (dict(d=2, max_degree=2, u=0.5), ValueError, "d must be an integer >= 3"),
    (dict(d=8, max_degree=2, u=[0.1, np.inf]), ValueError, r"u\[1\] = inf"),
    (dict(d=8, max_degree=2, u="x"), TypeError, "u must be an array of real numbers"),
])
def test_gegenbauer_validates(kwargs, exc, fragment):
    _check(w.gegenbauer, kwargs, exc, fragment)


@pytest.mark.parametrize("kwargs, exc, fragment", [
    (dict(d=8, max_degree=-1), ValueError, "max_degree must be an integer >= 0"),
    (dict(d=8, max_degree=1.5), TypeError, "max_degree must be an integer >= 0"),
    (dict(d=2, max_degree=3), ValueError, "d must be an integer >= 3"),
])
def test_relu_tail_bound_validates(kwargs, exc, fragment):
    _check(w.relu_tail_bound, kwargs, exc, fragment)


_SWEEP = dict(d=8, sizes=[4], n_seeds=1, times=ONE)


@pytest.mark.parametrize("change, exc, fragment", [
    (dict(d=2), ValueError, "d must be an integer >= 3"),
    (dict(sizes=[4, 0]), ValueError, r"sizes\[1\] must be an integer >= 1"),
    (dict(sizes=4), TypeError, "sizes must be a sequence"),
    (dict(n_seeds=0), ValueError, "n_seeds must be an integer >= 1"),
    (dict(times=[-1.0]), ValueError, r"times\[0\] = -1"),
    (dict(n_students=1), ValueError, "student_width is required when n_students > 0"),
    (dict(n_students=-1), ValueError, "n_students must be an integer >= 0"),
    (dict(student_width=0, n_students=1), ValueError, "student_width must be an integer >= 1"),
    (dict(seed=-1), ValueError, "seed must be an integer >= 0"),
    (dict(seed=None), TypeError, "seed must be an integer >= 0"),
])
def test_relu_sweep_validates(change, exc, fragment):
    _check(w.figures.relu_sweep, {**_SWEEP, **change}, exc, fragment)


@pytest.mark.parametrize("change, exc, fragment", [
    (dict(sizes=[0]), ValueError, r"sizes\[0\] must be an integer >= 1"),
    (dict(n_seeds=-1), ValueError, "n_seeds must be an integer >= 1"),
    (dict(times=[np.nan]), ValueError, r"times\[0\] is NaN"),
    (dict(rule="x"), ValueError, "rule must be '1/d', '1/M' or 'M\\^-1/2'"),
    (dict(seed=None), TypeError, "seed must be an integer >= 0"),
])
def test_linear_sweep_validates(change, exc, fragment):
    kwargs = {k: v for k, v in {**_SWEEP, **change}.items() if k != "d"}
    _check(w.figures.linear_sweep, kwargs, exc, fragment)


@pytest.mark.parametrize("kwargs, exc, fragment", [
    (dict(rule="x", n_teacher=4, d=8), ValueError, "rule must be"),
    (dict(rule=None, n_teacher=4, d=8), ValueError, "rule must be"),
    (dict(rule="1/M", n_teacher=0, d=8), ValueError, "n_teacher must be an integer >= 1"),
    (dict(rule="1/d", n_teacher=4, d=0), ValueError, "d must be an integer >= 1"),
])
def test_linear_variance_validates(kwargs, exc, fragment):
    _check(w.figures.linear_variance, kwargs, exc, fragment)


# --- theory curves and degree tools ------------------------------------------------------------

@pytest.mark.parametrize("kwargs, exc, fragment", [
    (dict(eigenvalues=[1.0, -0.5], n_features=1), ValueError, "eigenvalues"),
    (dict(eigenvalues=[1.0, 0.5], n_features="x"), TypeError, "n_features"),
    (dict(eigenvalues=[1.0, 0.5], n_features=np.nan), ValueError, "n_features"),
    (dict(eigenvalues=[1.0, 0.5], n_features=5), ValueError, "n_features"),
    (dict(eigenvalues=[1.0, 0.5], n_features=1, multiplicities=[1.0]), ValueError, "multiplicities"),
])
def test_effective_ridge_validates(kwargs, exc, fragment):
    with pytest.raises(exc, match=fragment):
        w.effective_ridge(**kwargs)


@pytest.mark.parametrize("kwargs, exc, fragment", [
    (dict(eigenvalues=[1.0, 0.5], target_coefs2=[1.0], n_features=1), ValueError, "target_coefs2"),
    (dict(eigenvalues=[1.0, 0.5], target_coefs2=[1.0, 0.0], n_features=0), ValueError, "n_features"),
])
def test_predicted_teacher_loss_validates(kwargs, exc, fragment):
    with pytest.raises(exc, match=fragment):
        w.predicted_teacher_loss(**kwargs)


@pytest.mark.parametrize("f", [w.diagonal_family_losses, w.diagonal_family_upper_bound,
                               w.diagonal_family_ridge_losses])
@pytest.mark.parametrize("args, exc, fragment", [
    ((1.5, 0.1, [1.0]), ValueError, "teacher_loss"),
    ((0.1, "x", [1.0]), TypeError, "eps"),
    ((0.1, -0.1, [1.0]), ValueError, "eps"),
    ((0.1, 0.1, [-1.0]), ValueError, r"times|ridges"),
])
def test_diagonal_family_curves_validate(f, args, exc, fragment):
    with pytest.raises(exc, match=fragment):
        f(*args)


@pytest.mark.parametrize("kwargs, exc, fragment", [
    (dict(n_features=0, d=10, eps=0.1), ValueError, "n_features"),
    (dict(n_features=4, d=2.5, eps=0.1), TypeError, "d"),
    (dict(n_features=4, d=10, eps="x"), TypeError, "eps"),
])
def test_diagonal_family_teacher_bounds_validates(kwargs, exc, fragment):
    with pytest.raises(exc, match=fragment):
        w.diagonal_family_teacher_bounds(**kwargs)


def test_degree_tools_validate(relu_teacher):
    setting, teacher = relu_teacher
    with pytest.raises(ValueError, match="max_degree"):
        w.degree_profile(setting, teacher, max_degree=0)
    with pytest.raises(TypeError, match="teacher"):
        w.degree_profile(setting, "teacher")
    with pytest.raises(ValueError, match="times"):
        w.degree_bound(setting, teacher, times=[-1.0])
    target = w.ZonalTarget([(2, 1.0, w.random_direction(D, 3))])
    with pytest.raises(ValueError, match="linear target"):
        w.degree_bound(setting, w.fit_teacher(setting, w.sphere_weights(8, D, 0), target))
    lin = w.LinearGaussian(np.ones(D))
    with pytest.raises(TypeError, match="ReLUSphere|ReLU"):
        w.degree_bound(lin, w.fit_teacher(lin, w.gaussian_weights(4, D, 0), np.eye(D)[0]))
