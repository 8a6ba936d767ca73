"""The book's figure style: palette, t = ∞ panel, log ticks, saving."""

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgb

from w2s_lib import plotting as wp


def _yellowish(c):
    r, g, b = to_rgb(c)
    return r > 0.75 and g > 0.75 and b < 0.5


def test_palettes_have_no_light_yellow_and_ramp_is_ordered_dark_to_light():
    assert not any(_yellowish(c) for c in wp.CATEGORICAL)
    for n in (1, 2, 5, 9):
        colours = wp.ramp(n)
        assert len(colours) == n and not any(_yellowish(c) for c in colours)
    lum = [0.2126 * r + 0.7152 * g + 0.0722 * b for r, g, b, _ in wp.ramp(6)]
    assert np.all(np.diff(lum) > 0)


def test_infinity_panel_shares_the_y_axis_and_has_no_time_axis():
    fig, ax = wp.new_figure()
    ax.plot([1, 10, 100], [1.0, 0.5, 0.2])
    ax.set_xscale("log")
    ax.set_yscale("log")
    inf_ax = wp.infinity_panel(ax)
    inf_ax.plot([0.0], [0.3], "D")
    fig.canvas.draw()
    assert inf_ax.get_ylim() == ax.get_ylim()
    assert [t.get_text() for t in inf_ax.get_xticklabels()] == [r"$t = \infty$"]
    plt.close(fig)


def test_log_ticks_label_two_and_five_on_a_short_axis():
    fig, ax = wp.new_figure()
    ax.plot([1, 2], [0.09, 1.1])
    ax.set_yscale("log")
    wp.log_ticks(ax, "y")
    fig.canvas.draw()
    labels = {t.get_text() for t in ax.get_yticklabels()}
    assert {"$0.2$", "$0.5$", "$1$"} <= labels
    plt.close(fig)


def test_style_does_not_leak_into_matplotlib_defaults():
    before = matplotlib.rcParams["font.size"]
    fig, _ = wp.new_figure()
    assert matplotlib.rcParams["font.size"] == before
    plt.close(fig)


@pytest.mark.parametrize("suffix, magic", [(".png", b"\x89PNG"), (".pdf", b"%PDF-"), (".svg", b"<?xml")])
def test_save_figure_writes_the_format_its_suffix_names_with_the_alt_text(tmp_path, suffix, magic):
    fig, ax = wp.new_figure()
    ax.plot([0, 1], [0, 1])
    path = wp.save_figure(fig, tmp_path / f"f{suffix}", alt="A rising line.")
    data = path.read_bytes()
    assert data.startswith(magic)
    if suffix != ".pdf":          # PDF metadata is compressed in some writers; PNG and SVG keep text
        assert b"A rising line." in data
    plt.close(fig)


def test_save_figure_rejects_other_formats(tmp_path):
    fig, _ = wp.new_figure()
    with pytest.raises(ValueError, match="path"):
        wp.save_figure(fig, tmp_path / "f.jpg")
    plt.close(fig)


def test_tex_size_writes_infinity_for_the_infinite_student():
    assert wp.tex_size(np.inf) == r"\infty" and wp.tex_size("inf") == r"\infty" and wp.tex_size(16384) == "16384"
