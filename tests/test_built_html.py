"""The strict book build, and checks on the HTML it produces.

The build runs once per session (see `tests/_site.py`, shared with the browser test
`tests/test_site.py`): into a temporary folder, exactly as `make book` runs it, or, with
`W2S_BOOK_HTML=<folder>`, the tests read an existing build.
"""

from html.parser import HTMLParser

import numpy as np
import pytest
from matplotlib.image import imread

from _site import built_html

pytestmark = pytest.mark.book


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.imgs, self.scripts = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.imgs.append(attrs.get("src", ""))
        if tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])


def _parse(page):
    p = _Tags()
    p.feed(page.read_text(encoding="utf-8"))
    return p


@pytest.fixture(scope="session")
def html(tmp_path_factory):
    return built_html(tmp_path_factory)


def test_every_page_of_the_toc_is_built(html):
    for page in ["book/intro", "book/conventions", "book/notation", "book/setup", "book/relu", "book/linear", "book/lower", "book/computing",
                 "book/bibliography"]:
        assert (html / f"{page}.html").exists(), page


@pytest.mark.parametrize("chapter, n_figures", [("setup", 2), ("relu", 5), ("linear", 3), ("lower", 5),
                                                       ("computing", 1)])
def test_chapter_images_exist_and_are_not_blank(html, chapter, n_figures):
    page = html / "book" / f"{chapter}.html"
    imgs = _parse(page).imgs
    figures = [src for src in imgs if src.endswith(".png")]
    assert len(figures) >= n_figures, f"expected {n_figures} figures, found {imgs}"
    for src in imgs:
        path = (page.parent / src).resolve()
        assert path.exists(), f"<img src={src!r}> points at a missing file"
        assert path.suffix == ".png", f"{src}: the book keeps PNG figures"
        pixels = imread(path)
        assert pixels.ndim == 3 and pixels.shape[0] > 100 and pixels.shape[1] > 100
        rgb = pixels[..., :3]
        assert rgb.std() > 0.02, f"{src} is blank"
        assert (rgb < 0.5).mean() > 0.001, f"{src} has no dark ink"


def test_pages_load_mathjax_from_the_local_static_copy(html):
    local = html / "_static" / "mathjax" / "tex-chtml.js"
    assert local.exists() and local.stat().st_size > 100_000
    with_math = []
    for page in html.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if 'class="math' not in text:
            continue  # Sphinx adds MathJax only to pages that hold math
        with_math.append(page.stem)
        scripts = _parse(page).scripts
        mj = [s for s in scripts if "mathjax" in s.lower()]
        assert mj, f"{page.name} loads no MathJax"
        for s in mj:
            assert not s.startswith(("http:", "https:", "//")), f"{page.name} loads MathJax from the network: {s}"
            assert (page.parent / s.split("?")[0]).resolve() == local.resolve()
    assert {"intro", "notation", "conventions", "setup"} <= set(with_math)


def test_no_page_fetches_anything_from_the_network(html):
    for page in html.rglob("*.html"):
        for s in _parse(page).scripts:
            assert not s.startswith(("http:", "https:", "//")), f"{page.name} loads {s}"


def test_macros_are_configured_for_mathjax(html):
    text = (html / "book" / "setup.html").read_text(encoding="utf-8")
    assert "LTE" in text and "macros" in text
