"""What a setting is: the documented protocol every solver relies on.

A *setting* fixes the activation ψ and the input distribution, and turns bottom-layer
weights into exact population moments (book: Setup, "Random-feature models"). The
solvers (teacher, finite-width students, metrics, bounds) use only the required
methods of :class:`Setting`, so a new setting that implements them works everywhere
the finite-width path does. Targets are opaque: only the setting that accepted a
target interprets it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

__all__ = ["Setting", "check_setting"]


class Setting(ABC):
    """Base class of the book's settings (ReLUSphere, LinearGaussian) and of new ones.

    A subclass must set ``self.d`` (the input dimension) and implement the abstract methods
    below; instantiating it fails until it does. Two settings are equal when they describe
    the same features and inputs, and equal settings are interchangeable everywhere (a
    teacher fitted in one may be used with the other), so ``__eq__`` and ``__hash__`` must be
    defined together.

    Optional capabilities, each with its default here:

    * ``infinite_curve(teacher)`` and ``infinite_ceiling_curve(teacher)``: the infinite-width
      student of one teacher, and the same student trained on the teacher's target, each as
      a one-teacher :class:`SpectralCurve` (nodes λ_k ≥ 0, weights u and v of shape (1, K),
      ``c0 = [‖f*‖²]``; ``err_w``, the spectral weights of e = f* - f_TE, if ``alignment``
      is to work; ``error``, the solver's error bound, if any; optionally a ``series``
      object with ``evaluate(index, filt)`` for a :class:`Filter` and
      ``evaluate_rounds(rounds)``). Default: a ``ValueError`` saying that this setting has
      no infinite-width student, so a finite ``W_student`` must be passed.
    * ``embed_weights(W)`` and ``embed_target(target)``: a finite-dimensional whitened
      embedding, ψ(<w, x>) = <F_w, z(x)> with E[z zᵀ] = I_r, so that
      ``feature_gram(W, V) = embed_weights(W) @ embed_weights(V).T`` and
      ``target_moments(W, t) = embed_weights(W) @ embed_target(t)``. A finite student wider
      than r then works in dimension r (O(r³) instead of O(M_ST³)). Default: ``None``.
    * ``degree_profile(teacher, max_degree)`` and ``degree_bound(teacher, times)``: the split
      of a teacher by spherical-harmonic degree (ReLU chapter). Default: a ``TypeError``.
    """

    #: The input dimension; subclasses set it in ``__init__``.
    d: int

    @abstractmethod
    def __eq__(self, other):
        """True when ``other`` describes the same features and input distribution."""

    @abstractmethod
    def __hash__(self):
        """A hash consistent with ``__eq__``."""

    @abstractmethod
    def check_weights(self, name, W):
        """Validate bottom-layer weights of shape (M, d).

        Returns a validated float64 copy, or raises ``ValueError``/``TypeError`` whose message
        names ``name`` and says what is allowed.
        """

    @abstractmethod
    def check_target(self, target):
        """Validate a target; return a validated copy (or an immutable object), or raise."""

    @abstractmethod
    def feature_gram(self, W, V=None):
        """The unscaled Gram E[ψ(<w_i, x>) ψ(<v_j, x>)], shape (M, M'); ``V`` defaults to ``W``."""

    @abstractmethod
    def target_moments(self, W, target):
        """E[ψ(<w_i, x>) f*(x)] for each row of W, shape (M,)."""

    @abstractmethod
    def target_norm2(self, target):
        """‖f*‖² = E[f*(x)²], a float."""

    # -- optional capabilities ---------------------------------------------------------
    def infinite_curve(self, teacher):
        """Spectral curve of the infinite-width student; absent by default (``ValueError``)."""
        raise ValueError(
            f"{self!r} has no infinite-width student: pass W_student, an (M_ST, d) array or a FiniteStudent"
        )

    def infinite_ceiling_curve(self, teacher):
        """Spectral curve of the infinite-width student trained on f*; absent by default."""
        raise ValueError(
            f"{self!r} has no infinite-width student: pass W_student, an (M_ST, d) array or a FiniteStudent"
        )

    def embed_weights(self, W):
        """Whitened embedding F of the features of W, shape (M, r); ``None`` when absent."""
        return None

    def embed_target(self, target):
        """Coordinates y of the target in the embedding, shape (r,); ``None`` when absent."""
        return None

    def degree_profile(self, teacher, max_degree=12):
        """The teacher's error by spherical-harmonic degree; absent by default (``TypeError``)."""
        raise TypeError(f"degree_profile needs a setting with spherical-harmonic degrees (such as "
                        f"ReLUSphere), got {self!r}")

    def degree_bound(self, teacher, times=None):
        """Bounds on the infinite-width student by degree; absent by default (``TypeError``)."""
        raise TypeError(f"degree_bound needs a setting with spherical-harmonic degrees (such as "
                        f"ReLUSphere), got {self!r}")


def check_setting(setting):
    """Raise ``TypeError`` unless ``setting`` implements the :class:`Setting` protocol."""
    if not isinstance(setting, Setting):
        raise TypeError(
            f"setting must be a Setting (ReLUSphere, LinearGaussian or a subclass of w2s_lib.Setting), "
            f"got {type(setting).__name__}"
        )
