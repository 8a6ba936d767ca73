"""What a reader of the site needs when the repository is not at hand (a local Sphinx extension).

Loaded from ``_config.yml`` (``sphinx: local_extensions``). On every HTML build it

* writes ``downloads/`` into the site: the book's source archive
  (``w2s-book-<version>-src.tar.gz``, every file of the project that git tracks or would track),
  ``constraints.txt``, ``CITATION.cff``, ``LICENSE.txt`` (code, MIT) and ``LICENSE-text.txt``
  (text and figures, CC BY 4.0);
* puts a footer on every page: the licences, how to cite, the version of ``w2s_lib`` and the
  build date (``SOURCE_DATE_EPOCH`` when set, so that a rebuild can be reproduced);
* adds a "Run it yourself" note under the title of every executable chapter (every page built
  from a notebook), saying which file to download and the exact commands that give a working
  environment for it.

``python _ext/w2s_site.py archive HTML_DIR OUT.tar.gz`` packs a built site into one archive
whose single top folder holds ``index.html`` (``make site``).
"""

from __future__ import annotations

import datetime as _dt
import gzip
import html
import io
import os
import re
import subprocess
import sys
import tarfile
from pathlib import Path

from docutils import nodes

ROOT = Path(__file__).resolve().parent.parent
DOWNLOADS = "downloads"
#: Files of the project copied into the site's ``downloads/`` folder (name in the site: source);
#: the licences get a ``.txt`` suffix so that a browser shows them instead of downloading them.
COPIED = {"constraints.txt": "constraints.txt", "CITATION.cff": "CITATION.cff",
          "LICENSE.txt": "LICENSE", "LICENSE-text.txt": "LICENSE-text"}
#: Folders never packed into the source archive (when git is not there to say what is tracked).
_NOT_SOURCE = {".git", ".venv", "_build", "__pycache__", ".pytest_cache", ".hypothesis",
               ".ipynb_checkpoints"}


def version(root: Path = ROOT) -> str:
    """``w2s_lib.__version__``, read from the source without importing the library."""
    text = (root / "w2s_lib" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', text, re.M).group(1)


def build_date() -> str:
    """The build date, ISO format: ``SOURCE_DATE_EPOCH`` if set, otherwise today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = (_dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc) if epoch
            else _dt.datetime.now(_dt.timezone.utc))
    return when.date().isoformat()


def source_name(ver: str) -> str:
    return f"w2s-book-{ver}-src.tar.gz"


def site_archive_name(ver: str) -> str:
    return f"w2s-book-site-{ver}.tar.gz"


def _source_files(root: Path) -> list[Path]:
    try:
        out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             cwd=root, capture_output=True, check=True).stdout
        rel = [Path(p) for p in out.decode().split("\0") if p]
    except (OSError, subprocess.CalledProcessError):
        rel = [p.relative_to(root) for p in root.rglob("*")
               if p.is_file() and not _NOT_SOURCE & set(p.relative_to(root).parts)
               and not any(part.endswith(".egg-info") for part in p.parts)]
    return sorted(p for p in rel if (root / p).is_file())


def _deterministic_tar(out: Path, members: list[tuple[str, Path]], mtime: int, level: int = 6) -> None:
    """A .tar.gz whose bytes depend only on the files' contents, names and modes."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, path in members:
            info = tar.gettarinfo(str(path), arcname=name)
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            info.mtime = mtime
            if info.isfile():
                info.mode = 0o755 if os.access(path, os.X_OK) else 0o644
                with open(path, "rb") as fh:
                    tar.addfile(info, fh)
            elif info.isdir():
                info.mode = 0o755
                tar.addfile(info)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=level) as gz:
        gz.write(buf.getvalue())


def _mtime() -> int:
    return int(os.environ.get("SOURCE_DATE_EPOCH", "0"))


def write_source_archive(root: Path, out: Path) -> Path:
    """The project's sources (what git tracks or would track) under ``w2s-book-<version>/``."""
    top = f"w2s-book-{version(root)}"
    members = [(f"{top}/{p.as_posix()}", root / p) for p in _source_files(root)]
    _deterministic_tar(out, members, _mtime())
    return out


def write_site_archive(html_dir: Path, out: Path, ver: str | None = None, level: int = 6) -> Path:
    """The built site under one top folder ``w2s-book-site-<version>/`` holding ``index.html``."""
    html_dir = Path(html_dir)
    if not (html_dir / "index.html").is_file():
        raise FileNotFoundError(f"{html_dir}/index.html: build the book first (make book)")
    top = f"w2s-book-site-{ver or version()}"
    members = [(top, html_dir)]
    for path in sorted(html_dir.rglob("*")):
        if path.is_file() or path.is_dir():
            members.append((f"{top}/{path.relative_to(html_dir).as_posix()}", path))
    _deterministic_tar(Path(out), members, _mtime(), level)
    return Path(out)


# --- Sphinx side -------------------------------------------------------------------------------

def _is_chapter(app, docname: str) -> bool:
    return str(app.env.doc2path(docname)).endswith(".ipynb")


def _url(app, docname: str, target: str) -> str:
    from sphinx.util.osutil import relative_uri

    return relative_uri(app.builder.get_target_uri(docname), target)


def _run_note(app, docname: str) -> str:
    ver = app.config.w2s_version
    archive = source_name(ver)
    chapter = Path(docname).name
    href = html.escape(_url(app, docname, f"{DOWNLOADS}/{archive}"))
    cons = html.escape(_url(app, docname, f"{DOWNLOADS}/constraints.txt"))
    commands = "\n".join([
        f"tar xzf {archive}",
        f"cd w2s-book-{ver}",
        "python3.11 -m venv .venv",
        '.venv/bin/pip install -c constraints.txt -e ".[book,lab]"',
        f".venv/bin/jupyter lab book/{chapter}.ipynb",
    ])
    return f"""
<div class="admonition tip w2s-run-it-yourself">
<p class="admonition-title">Run it yourself</p>
<p>This page is an executed notebook. To run it on your machine you need Python&nbsp;3.11 and
access to PyPI, nothing else. Download the book's source,
<a class="reference download w2s-source-archive" href="{href}" download><code>{archive}</code></a>,
and run:</p>
<pre class="w2s-commands">{html.escape(commands)}</pre>
<p><code>book/{chapter}.ipynb</code> is this page's notebook (the one that the download button
above also gives); it needs the folder around it, which holds the library and the data it reads.
Or run <code>make lab CHAPTER={chapter}</code> in that folder: it does the same setup and opens the
chapter's source, <code>book/{chapter}.md</code>, as a notebook. The versions installed are
those of <a class="reference download" href="{cons}" download><code>constraints.txt</code></a>.</p>
</div>
"""


def _add_run_note(app, doctree, docname):
    if app.builder.format != "html" or not _is_chapter(app, docname):
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    title = next((i for i, child in enumerate(section.children) if isinstance(child, nodes.title)), -1)
    section.insert(title + 1, nodes.raw("", _run_note(app, docname), format="html"))


def _footer(app, pagename: str) -> str:
    ver = app.config.w2s_version
    link = lambda name: html.escape(_url(app, pagename, f"{DOWNLOADS}/{name}"))  # noqa: E731
    return (
        '<p class="w2s-footer">'
        f'Code (<code>w2s_lib</code>) under the <a href="{link("LICENSE.txt")}">MIT licence</a>; '
        f'text and figures under <a href="{link("LICENSE-text.txt")}">CC BY 4.0</a>. '
        f'To cite the book: <a href="{link("CITATION.cff")}">CITATION.cff</a>. '
        f'Source: <a href="{link(source_name(ver))}">{source_name(ver)}</a>. '
        f'<span class="w2s-version">Version {ver}</span>, '
        f'<span class="w2s-build-date">built {app.config.w2s_build_date}</span>.'
        "</p>"
    )


def _page_context(app, pagename, templatename, context, doctree):
    context["theme_extra_footer"] = _footer(app, pagename)
    # sphinx-thebe adds its configuration script once per reading pass (twice in a Jupyter Book
    # build): two `const THEBE_JS_URL` declarations are a SyntaxError in every page's console.
    seen, scripts = set(), []
    for js in context.get("script_files", []):
        # the same inline script is registered once with filename None and once with ""
        key = (getattr(js, "filename", js) or "", repr(sorted(getattr(js, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            scripts.append(js)
    context["script_files"] = scripts


def _write_downloads(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    root = Path(app.srcdir)
    out = Path(app.outdir) / DOWNLOADS
    out.mkdir(parents=True, exist_ok=True)
    for name, source in COPIED.items():
        (out / name).write_bytes((root / source).read_bytes())
    write_source_archive(root, out / source_name(app.config.w2s_version))


def _config_inited(app, config):
    if not config.w2s_version:
        config.w2s_version = version(Path(app.srcdir))
    if not config.w2s_build_date:
        config.w2s_build_date = build_date()


def setup(app):
    app.add_config_value("w2s_version", "", "html")
    app.add_config_value("w2s_build_date", "", "html")
    app.connect("config-inited", _config_inited)
    app.connect("doctree-resolved", _add_run_note)
    app.connect("html-page-context", _page_context, priority=900)  # after other extensions add scripts
    app.connect("build-finished", _write_downloads)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 3 or argv[0] != "archive":
        print("usage: python _ext/w2s_site.py archive HTML_DIR OUT.tar.gz", file=sys.stderr)
        return 2
    out = write_site_archive(Path(argv[1]), Path(argv[2]))
    print(f"Site archive: {out} ({out.stat().st_size / 1e6:.1f} MB); unpack it and open "
          f"{out.name.removesuffix('.tar.gz')}/index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
