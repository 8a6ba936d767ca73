"""Checks shared by the plotting tests: what a reader sees in a figure, and no code strings in it."""

import re


def texts(fig):
    """Every piece of text a reader sees in ``fig`` (after drawing it): titles, axis and tick
    labels, texts, axes and figure legends."""
    fig.canvas.draw()
    out = []
    for ax in fig.axes:
        out += [ax.get_xlabel(), ax.get_ylabel(), ax.get_title(), ax.get_title(loc="left")]
        out += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels() + ax.texts]
        if ax.get_legend() is not None:
            out += [t.get_text() for t in ax.get_legend().get_texts()]
    for leg in fig.legends:
        out += [t.get_text() for t in leg.get_texts()]
    return [t for t in out if t]


def assert_no_code_strings(fig):
    """No `_` and no `inf` outside `$...$` in any text of ``fig`` (labels in mathematical notation,
    never code strings such as ``M_ST=inf``)."""
    for t in texts(fig):
        plain = re.sub(r"\$[^$]*\$", "", t)
        assert "_" not in plain, f"code string outside math: {t!r}"
        assert not re.search(r"\binf\b", plain, re.IGNORECASE), f"'inf' outside math: {t!r}"
