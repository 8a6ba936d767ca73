"""What a setting is: the documented protocol every solver relies on.

A *setting* fixes the activation ψ and the input distribution, and turns bottom-layer
weights into exact population moments (book: Setup, "Random-feature models"). The
solvers (teacher, finite-width students, metrics, bounds) use only the required
methods of :class:`Setting`, so a new setting that implements them works everywhere
the finite-width path does. Targets are opaque: only the setting that accepted a
target interprets it.
"""

from __future__ import annotations

__all__ = ["Setting", "check_setting"]


class Setting:
    """Base class of the book's settings (ReLUSphere, LinearGaussian) and of new ones.

    Required
    --------
    d : int
        Input dimension.
    __eq__, __hash__
        Two settings are equal when they describe the same features and inputs; equal
        settings are interchangeable everywhere (a teacher fitted in one may be used with
        the other).
    check_weights(name, W)
        Validate bottom-layer weights of shape (M, d); return a validated float64 copy,
        or raise ``ValueError``/``TypeError`` naming ``name``.
    check_target(target)
        Validate a target; return a validated copy (or an immutable object), or raise.
    feature_gram(W, V=None)
        The unscaled Gram E[ψ(<w_i, x>) ψ(<v_j, x>)], shape (M, M') (V defaults to W).
    target_moments(W, target)
        E[ψ(<w_i, x>) f*(x)], shape (M,).
    target_norm2(target)
        ‖f*‖² = E[f*(x)²], a float.

    Optional capabilities (with their defaults here)
    ------------------------------------------------
    infinite_curve(teacher), infinite_ceiling_curve(teacher)
        The infinite-width student of a teacher, and the same student trained on the
        teacher's target, as a spectral curve (``w2s_lib.SpectralCurve``). Default: a
        ``ValueError`` saying that this setting has no infinite-width student, so a
        finite ``W_student`` must be passed.
    embed_weights(W), embed_target(target)
        A finite-dimensional whitened embedding: ψ(<w, x>) = <F_w, z(x)> with
        E[z zᵀ] = I_r, so that ``feature_gram(W, V) = embed_weights(W) @ embed_weights(V).T``
        and ``target_moments(W, t) = embed_weights(W) @ embed_target(t)``. A finite student
        wider than r then works in dimension r (O(r³) instead of O(M_ST³)). Default:
        ``None`` (no embedding; the M_ST × M_ST problem is solved).
    """

    #: Subclasses set the input dimension in ``__init__``.
    d: int

    def __eq__(self, other):
        raise NotImplementedError(f"{type(self).__name__} must define equality (Setting protocol)")

    def __hash__(self):
        raise NotImplementedError(f"{type(self).__name__} must define hashing (Setting protocol)")

    def check_weights(self, name, W):
        raise NotImplementedError(f"{type(self).__name__} must define check_weights (Setting protocol)")

    def check_target(self, target):
        raise NotImplementedError(f"{type(self).__name__} must define check_target (Setting protocol)")

    def feature_gram(self, W, V=None):
        raise NotImplementedError(f"{type(self).__name__} must define feature_gram (Setting protocol)")

    def target_moments(self, W, target):
        raise NotImplementedError(f"{type(self).__name__} must define target_moments (Setting protocol)")

    def target_norm2(self, target):
        raise NotImplementedError(f"{type(self).__name__} must define target_norm2 (Setting protocol)")

    # -- optional capabilities ---------------------------------------------------------
    def infinite_curve(self, teacher):
        """Spectral curve of the infinite-width student; absent by default."""
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


def check_setting(setting):
    """Raise ``TypeError`` unless ``setting`` implements the :class:`Setting` protocol."""
    if not isinstance(setting, Setting):
        raise TypeError(
            f"setting must be a Setting (ReLUSphere, LinearGaussian or a subclass of w2s_lib.Setting), "
            f"got {type(setting).__name__}"
        )
