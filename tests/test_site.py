"""The built site as a reader sees it: every page loaded in headless Chromium.

One browser session (Debian's `chromium`, driven by Debian's `chromium-driver` through Selenium)
visits every page of the built book at a 1400-pixel-wide window, waits for MathJax and the images,
and records what a reader would notice; the tests below then check, page by page:

* every formula typeset by MathJax (no raw `$$`, `\\(` or `\\[` in the text, no TeX error);
* every image loaded, with a non-zero natural size;
* every reference resolved: no "??", no unresolved cross-reference, every internal link pointing
  at an existing file and, for `#anchor` links, an existing anchor;
* no request leaving `file://` (Chromium's performance log: the DevTools Network events);
* no code cell or printed output wider than its box (each overflowing line is listed, with its
  page, cell and first characters);
* numbers glued into prose in the font of their paragraph;
* the footer (licences, citation, version, build date) and, on each executable chapter, the
  "Run it yourself" note naming a file that the site holds;
* collapsed outputs (cells tagged `hide-output`) collapsed, with a visible toggle.

Screenshots of the front page and of a figure page go to `_build/screenshots/` (`W2S_SCREENSHOTS`
overrides the folder). The site is built once per session (`tests/_site.py`; `W2S_BOOK_HTML`
points at an existing build instead). Without Chromium the tests are skipped, with the command
that installs it, except under `CI=true`, where they fail.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tarfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from _book import ROOT
from _site import SCREENSHOTS, built_html, site_module

pytestmark = pytest.mark.book

WIDTH, HEIGHT = 1400, 1000
CHAPTERS = ["setup", "relu", "linear", "lower", "experiments", "robustness", "computing"]
INSTALL = "apt-get install chromium chromium-driver   (Debian/Ubuntu, as root)"
SITE = site_module()

# Waits until MathJax has typeset the page (pages without math do not load it) and every image
# has loaded or failed; lazy images are made eager first.
_WAIT = r"""
const done = arguments[arguments.length - 1];
for (const img of document.images) { if (img.loading === 'lazy') img.loading = 'eager'; }
const images = Array.from(document.images).map(img => img.complete ? Promise.resolve() :
    new Promise(resolve => { img.addEventListener('load', resolve); img.addEventListener('error', resolve); }));
const hasMath = document.querySelector('.math') !== null;
const t0 = Date.now();
function mathjax() {
  return new Promise((resolve, reject) => {
    (function poll() {
      if (!hasMath) return resolve('no math');
      if (window.MathJax && MathJax.startup && MathJax.startup.promise)
        return MathJax.startup.promise.then(() => resolve('typeset'), reject);
      if (Date.now() - t0 > 60000) return resolve('MathJax never started');
      setTimeout(poll, 50);
    })();
  });
}
Promise.all([mathjax(), ...images]).then(r => done(r[0]), e => done('MathJax failed: ' + e));
"""

# Everything the checks need, read from the rendered page.
_COLLECT = r"""
const out = {rawMath: [], untypeset: 0, texErrors: [], unresolved: [], questionMarks: [],
             images: [], links: [], ids: [], glue: [], collapsed: [], toggles: [], overflow: []};
const skip = 'script, style, noscript, textarea, pre, code, mjx-container, .highlight';
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const node = walker.currentNode, parent = node.parentElement, text = node.nodeValue;
  if (!parent || parent.closest('script, style, noscript')) continue;
  if (text.includes('??')) out.questionMarks.push(text.trim().slice(0, 80));
  if (parent.closest(skip)) continue;
  if (/\$\$|\\\(|\\\)|\\\[|\\\]|\\begin\{|\$[^$\s][^$]*\\[A-Za-z]+[^$]*\$/.test(text))
    out.rawMath.push(text.trim().slice(0, 80));
}
for (const el of document.querySelectorAll('span.math, div.math'))
  if (!el.querySelector('mjx-container')) out.untypeset += 1;
for (const el of document.querySelectorAll('mjx-merror'))
  out.texErrors.push(el.getAttribute('data-mjx-error') || el.textContent.slice(0, 60));
for (const el of document.querySelectorAll('.xref, .std-ref, .std-numref'))
  if (!el.closest('a, .sig, table.modindextable') && !/\bpy\b/.test(el.className))
    out.unresolved.push(el.textContent.trim().slice(0, 60));
for (const img of document.images)
  out.images.push({src: img.getAttribute('src'), ok: img.complete && img.naturalWidth > 0 && img.naturalHeight > 0,
                   w: img.naturalWidth, h: img.naturalHeight});
for (const a of document.querySelectorAll('a[href]'))
  out.links.push({href: a.getAttribute('href'), url: a.href});
for (const el of document.querySelectorAll('[id]')) out.ids.push(el.id);
for (const el of document.querySelectorAll('a[name]')) out.ids.push(el.getAttribute('name'));
const font = el => { const s = getComputedStyle(el);
  return [s.fontFamily, s.fontWeight, s.fontStyle, s.fontSize].join(' | '); };
for (const span of document.querySelectorAll('span.pasted-text'))
  out.glue.push({text: span.textContent.trim(), span: font(span), around: font(span.parentElement)});
// Cells tagged hide-output (or hide-input, hide-cell): collapsed, behind a visible toggle.
for (const cell of document.querySelectorAll('div.cell.tag_hide-output, div.cell.tag_hide-input, div.cell.tag_hide-cell')) {
  const details = cell.querySelector('details');
  const summary = details && details.querySelector('summary');
  out.collapsed.push({cell: cell.id || '', collapsed: !!details && !details.open,
                      toggle: !!summary && summary.getBoundingClientRect().height > 0});
}
for (const el of document.querySelectorAll('.admonition.dropdown, .toggle'))
  out.toggles.push({cls: el.className, button: !!el.querySelector('button.toggle-button, summary')});
const notes = Array.from(document.querySelectorAll('.w2s-run-it-yourself'));
out.runNotes = notes.map(n => { const a = n.querySelector('a.w2s-source-archive'), pre = n.querySelector('pre');
  return {visible: n.getBoundingClientRect().height > 0, text: n.innerText,
          href: a ? a.href : '', link: a ? a.textContent.trim() : '', commands: pre ? pre.textContent : ''}; });
const footer = document.querySelector('.w2s-footer');
out.footer = footer ? {text: footer.innerText, hrefs: Array.from(footer.querySelectorAll('a')).map(a => a.href)} : null;
// Open every collapsed block so that its code and output are measured as a reader sees them.
for (const d of document.querySelectorAll('details')) d.open = true;
for (const el of document.querySelectorAll('.toggle-hidden')) el.classList.remove('toggle-hidden');
const cells = Array.from(document.querySelectorAll('div.cell'));
const canvas = document.createElement('canvas').getContext('2d');
for (const pre of document.querySelectorAll('pre')) {
  if (pre.scrollWidth <= pre.clientWidth + 1) continue;
  const s = getComputedStyle(pre);
  canvas.font = s.font;
  const room = pre.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
  const cell = pre.closest('div.cell');
  const kind = pre.closest('.cell_input') ? 'code' : pre.closest('.cell_output') ? 'output' : 'block';
  const lines = pre.textContent.split('\n');
  const long = [];
  lines.forEach((line, i) => {
    if (canvas.measureText(line).width > room + 0.5) long.push({line: i + 1, chars: line.length, text: line});
  });
  out.overflow.push({kind, cell: cell ? cells.indexOf(cell) + 1 : 0, room: Math.round(room),
                     scroll: pre.scrollWidth, client: pre.clientWidth,
                     fits: Math.floor(room / canvas.measureText('0').width), lines: long});
}
return out;
"""


def _browser_paths():
    browser = next((p for p in map(shutil.which, ["chromium", "chromium-browser", "google-chrome"]) if p), None)
    driver = shutil.which("chromedriver") or next(
        (p for p in ["/usr/lib/chromium/chromedriver", "/usr/bin/chromedriver"] if Path(p).exists()), None)
    return browser, driver


def _unavailable(reason):
    message = f"{reason}; install them with: {INSTALL}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true: the browser test must run, but {message}")
    pytest.skip(message)


@pytest.fixture(scope="module")
def html(tmp_path_factory):
    return built_html(tmp_path_factory)


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _unavailable("selenium is not installed (pip install -c constraints.txt -e '.[test]')")
    browser, chromedriver = _browser_paths()
    if not browser or not chromedriver:
        _unavailable("chromium or chromedriver not found")
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-quic", "--disable-extensions", "--hide-scrollbars",
                 # A page opened from file:// is its own origin: without this flag Chromium refuses
                 # the theme's icon fonts (CORS); over http (GitHub Pages) they load normally.
                 "--allow-file-access-from-files",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium')}", f"--window-size={WIDTH},{HEIGHT}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    drv = webdriver.Chrome(service=Service(chromedriver), options=options)
    drv.set_window_size(WIDTH, HEIGHT)
    drv.set_script_timeout(90)  # MathJax on the longest page, on a loaded two-core machine
    drv.set_page_load_timeout(90)
    yield drv
    drv.quit()


@dataclass
class Page:
    name: str
    url: str = ""
    math: str = ""
    data: dict = field(default_factory=dict)
    requests: list = field(default_factory=list)
    console: list = field(default_factory=list)
    seconds: float = 0.0


#: Console messages that are not errors of the site: pydata-sphinx-theme's notice on a fresh
#: browser profile.
_BENIGN = ("Got invalid theme mode",)


def _pages(html: Path) -> list[Path]:
    return sorted(p for p in html.rglob("*.html") if not any(part.startswith("_") for part in p.relative_to(html).parts))


def WebDriverWait(drv, timeout):  # noqa: N802 (selenium's name)
    from selenium.webdriver.support.ui import WebDriverWait as _Wait

    return _Wait(drv, timeout)


def _network(drv) -> list[str]:
    urls = []
    for entry in drv.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def _visit(drv, path: Path, html: Path) -> Page:
    page = Page(path.relative_to(html).as_posix())
    start = time.perf_counter()
    drv.get(path.as_uri())
    if path.name == "index.html":  # a redirect to the introduction
        WebDriverWait(drv, 30).until(lambda d: not d.current_url.endswith("/index.html"))
        WebDriverWait(drv, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")
    page.math = drv.execute_async_script(_WAIT)
    page.url = drv.current_url
    page.data = drv.execute_script(_COLLECT)
    page.requests = _network(drv)
    page.seconds = time.perf_counter() - start
    page.console = [e["message"] for e in drv.get_log("browser")
                    if e["level"] == "SEVERE" and not any(benign in e["message"] for benign in _BENIGN)]
    return page


@pytest.fixture(scope="module")
def site(driver, html):
    """Every page visited once, in one browser session; also the screenshots."""
    driver.get("about:blank")
    _network(driver)
    driver.get_log("browser")
    start = time.perf_counter()
    pages = {p.name: p for p in (_visit(driver, path, html) for path in _pages(html))}
    elapsed = time.perf_counter() - start
    assert driver.execute_script("return window.innerWidth") == WIDTH
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.get((html / "book" / "intro.html").as_uri())
    driver.execute_async_script(_WAIT)
    driver.save_screenshot(str(SCREENSHOTS / "front-page.png"))
    driver.get((html / "book" / "relu.html").as_uri())
    driver.execute_async_script(_WAIT)
    driver.execute_script("const f = document.querySelector('figure img, .cell_output img');"
                          "if (f) { f.scrollIntoView({block: 'start', behavior: 'instant'});"
                          "window.scrollBy({top: -120, behavior: 'instant'}); }")
    time.sleep(0.3)
    driver.save_screenshot(str(SCREENSHOTS / "figure-page-relu.png"))
    _network(driver)
    slowest = ", ".join(f"{p.name} {p.seconds:.1f} s" for p in sorted(pages.values(), key=lambda p: -p.seconds)[:3])
    print(f"\nbrowser: {len(pages)} pages in {elapsed:.1f} s (slowest: {slowest}); screenshots in {SCREENSHOTS}")
    return pages


def _report(problems: dict[str, list]) -> str:
    return "\n".join(f"{page}:\n" + "\n".join(f"    {p}" for p in found) for page, found in problems.items() if found)


def _per_page(site, check) -> dict[str, list]:
    return {name: found for name, page in site.items() if (found := list(check(page)))}


def test_every_page_is_visited_and_the_front_page_redirects_to_the_introduction(site, html):
    names = set(site)
    for page in ["index.html", "book/intro.html", "book/bibliography.html"] + [f"book/{c}.html" for c in CHAPTERS]:
        assert page in names, f"{page} was not built"
    assert site["index.html"].url.endswith("book/intro.html"), site["index.html"].url
    assert (SCREENSHOTS / "front-page.png").stat().st_size > 10_000
    assert (SCREENSHOTS / "figure-page-relu.png").stat().st_size > 10_000


def test_every_formula_is_typeset(site):
    def check(page):
        d = page.data
        if page.math not in ("typeset", "no math"):
            yield f"MathJax: {page.math}"
        if d["untypeset"]:
            yield f"{d['untypeset']} math elements left untypeset"
        yield from (f"raw TeX in the text: {t!r}" for t in d["rawMath"])
        yield from (f"TeX error: {t}" for t in d["texErrors"])
    problems = _per_page(site, check)
    assert not problems, "formulas not typeset:\n" + _report(problems)
    assert sum(p.math == "typeset" for p in site.values()) >= 8


def test_every_image_loads_with_a_nonzero_size(site):
    problems = _per_page(site, lambda page: (f"{i['src']} ({i['w']}x{i['h']})" for i in page.data["images"] if not i["ok"]))
    assert not problems, "images that did not load:\n" + _report(problems)
    assert sum(len(p.data["images"]) for p in site.values()) >= 20


class _Anchors:
    """The ids of each built page, read from its HTML (cached)."""

    def __init__(self, site, html):
        self.html, self.cache = html, {name: set(p.data["ids"]) for name, p in site.items()}

    def __call__(self, path: Path) -> set[str]:
        key = path.relative_to(self.html).as_posix() if path.is_relative_to(self.html) else str(path)
        if key not in self.cache:
            text = path.read_text(encoding="utf-8", errors="replace")
            self.cache[key] = set(re.findall(r'\b(?:id|name)="([^"]+)"', text))
        return self.cache[key]


def test_every_reference_resolves_and_every_internal_link_has_a_target(site, html):
    anchors = _Anchors(site, html)

    def check(page):
        d = page.data
        yield from (f'"??" in {t!r}' for t in d["questionMarks"])
        yield from (f"unresolved reference: {t!r}" for t in d["unresolved"])
        for link in d["links"]:
            url = urlparse(link["url"])
            if url.scheme != "file":
                continue
            target = Path(unquote(url.path))
            if not target.exists():
                yield f"broken link {link['href']!r}: {target} does not exist"
            elif target.is_file() and target.suffix == ".html" and url.fragment:
                if unquote(url.fragment) not in anchors(target):
                    yield f"broken link {link['href']!r}: no anchor #{url.fragment} in {target.name}"
    problems = _per_page(site, check)
    assert not problems, "unresolved references and broken links:\n" + _report(problems)


def test_no_request_leaves_file_urls(site):
    # chrome: and chrome-untrusted: are the browser's own pages (its new-tab page), not network.
    local = ("file:", "data:", "blob:", "about:", "chrome:", "chrome-untrusted:")
    problems = _per_page(site, lambda page: (u for u in page.requests if not u.startswith(local)))
    assert not problems, "requests that leave file://:\n" + _report(problems)
    assert all(page.requests for page in site.values()), "the performance log recorded no request"


def test_no_page_logs_a_javascript_error(site):
    problems = _per_page(site, lambda page: page.console)
    assert not problems, "errors in the browser console:\n" + _report(problems)


def test_no_code_or_output_line_is_wider_than_its_box(site):
    def check(page):
        for box in page.data["overflow"]:
            where = f"cell {box['cell']} {box['kind']}" if box["cell"] else "literal block"
            lines = box["lines"] or [{"line": "?", "chars": "?", "text": "(no single line measured too long)"}]
            for line in lines:
                yield (f"{where}, line {line['line']}: {line['chars']} chars (box fits {box['fits']}): "
                       f"{line['text'][:60]!r}")
    problems = _per_page(site, check)
    total = sum(len(v) for v in problems.values())
    assert not problems, (f"{total} lines wider than their box at a {WIDTH}-pixel window:\n" + _report(problems))


def test_glued_numbers_are_in_the_font_of_their_paragraph(site):
    problems = _per_page(site, lambda page: (f"{g['text']!r}: {g['span']}  vs  {g['around']}"
                                             for g in page.data["glue"] if g["span"] != g["around"]))
    assert not problems, "glued numbers in another font than the text around them:\n" + _report(problems)
    assert sum(len(p.data["glue"]) for p in site.values()) >= 20


def test_every_page_has_the_licence_citation_version_and_date_in_its_footer(site):
    ver = SITE.version(ROOT)

    def check(page):
        if page.name == "index.html":
            return  # it only redirects to the introduction (visited as book/intro.html)
        footer = page.data["footer"]
        if footer is None:
            yield "no footer note"
            return
        text = footer["text"]
        if not ("MIT" in text and "CC BY 4.0" in text and "CITATION.cff" in text):
            yield f"licences or citation missing: {text!r}"
        if f"Version {ver}" not in text or not re.search(r"built \d{4}-\d{2}-\d{2}", text):
            yield f"version {ver} or build date missing: {text!r}"
        for href in footer["hrefs"]:
            if not Path(unquote(urlparse(href).path)).is_file():
                yield f"footer link to a missing file: {href}"
    problems = _per_page(site, check)
    assert not problems, "footers:\n" + _report(problems)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_chapter_says_how_to_run_it_and_the_file_it_names_is_in_the_site(site, chapter):
    notes = site[f"book/{chapter}.html"].data["runNotes"]
    assert len(notes) == 1, f"{chapter}: expected one 'Run it yourself' note, found {len(notes)}"
    note = notes[0]
    assert note["visible"] and "Run it yourself" in note["text"]
    archive = Path(unquote(urlparse(note["href"]).path))
    assert archive.is_file() and archive.name == note["link"], (archive, note["link"])
    commands = note["commands"]
    assert f"tar xzf {archive.name}" in commands and "python3.11 -m venv .venv" in commands
    assert "pip install -c constraints.txt" in commands and f"jupyter lab book/{chapter}.ipynb" in commands
    assert f"make lab CHAPTER={chapter}" in note["text"]
    top = archive.name.removesuffix("-src.tar.gz")
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    for needed in ["pyproject.toml", "constraints.txt", "Makefile", f"book/{chapter}.md", f"book/{chapter}.ipynb",
                   "w2s_lib/__init__.py", "LICENSE", "LICENSE-text", "CITATION.cff"]:
        assert f"{top}/{needed}" in names, f"{archive.name} lacks {needed}"


def test_only_executable_chapters_carry_the_run_note(site):
    with_note = {name for name, page in site.items() if page.data["runNotes"]}
    assert with_note == {f"book/{c}.html" for c in CHAPTERS}


def test_collapsed_outputs_are_collapsed_behind_a_toggle(site):
    problems = _per_page(site, lambda page: (f"cell {c['cell']}: collapsed={c['collapsed']} toggle={c['toggle']}"
                                             for c in page.data["collapsed"] if not (c["collapsed"] and c["toggle"])))
    assert not problems, "collapsed cells shown open or without a toggle:\n" + _report(problems)
    problems = _per_page(site, lambda page: (t["cls"] for t in page.data["toggles"] if not t["button"]))
    assert not problems, "dropdowns without a toggle button (sphinx-togglebutton not loaded?):\n" + _report(problems)


def test_the_site_archive_unpacks_to_a_working_index(driver, html, tmp_path):
    # the function `make site` runs, at the lowest compression level (the test is about contents)
    archive = SITE.write_site_archive(html, tmp_path / SITE.site_archive_name(SITE.version(ROOT)), level=1)
    with tarfile.open(archive) as tar:
        tops = {name.split("/")[0] for name in tar.getnames()}
        assert tops == {archive.name.removesuffix(".tar.gz")}, tops
        tar.extractall(tmp_path / "unpacked", filter="data")
    index = tmp_path / "unpacked" / tops.pop() / "index.html"
    driver.get(index.as_uri())
    WebDriverWait(driver, 30).until(lambda d: d.current_url.endswith("book/intro.html"))
    WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")
    assert driver.execute_async_script(_WAIT) == "typeset"
    assert driver.find_element("css selector", "article.bd-article h1").text
    assert driver.find_elements("css selector", "mjx-container")
    assert all(driver.execute_script("return Array.from(document.images).map(i => i.naturalWidth > 0)"))
