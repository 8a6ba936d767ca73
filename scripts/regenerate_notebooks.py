"""Re-execute the book's chapters and rewrite their golden notebooks.

The MyST Markdown chapter (``book/<name>.md``) is the only source. This script
reads it with jupytext, executes it with nbclient in the chapter's folder (as
the book build and nbval do), and writes the executed twin ``book/<name>.ipynb``
deterministically: fixed cell ids (``cell-000``, …), no timing metadata, a
fixed kernelspec, ``PYTHONHASHSEED=0`` and no inherited ``MPLBACKEND``.
A second run gives no diff (except in cells tagged ``nbval-ignore-output``).

Usage::

    python scripts/regenerate_notebooks.py            # every chapter
    python scripts/regenerate_notebooks.py setup      # one chapter, by name
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"
#: Per-cell execution limit, seconds (the same as nbval's --nbval-cell-timeout).
CELL_TIMEOUT = 600


def chapters():
    """Chapter sources: MyST notebooks (a jupytext header with a kernelspec) in book/."""
    out = []
    for md in sorted(BOOK.glob("*.md")):
        head = md.read_text(encoding="utf-8")[:400]
        if head.startswith("---") and "kernelspec" in head:
            out.append(md)
    return out


def normalise(nb):
    """Deterministic ids and metadata, shared with the sync test."""
    nb.metadata = {
        "jupytext": nb.metadata.get("jupytext", {}),
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    nb.metadata["jupytext"].pop("text_representation", None)
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i:03d}"
        cell.metadata.pop("execution", None)
    return nb


def read_source(md):
    """The chapter as an unexecuted notebook with normalised ids."""
    nb = jupytext.read(md)
    return normalise(nb)


def execute(md):
    nb = read_source(md)
    env_backup = os.environ.get("MPLBACKEND")
    os.environ.pop("MPLBACKEND", None)
    os.environ["PYTHONHASHSEED"] = "0"
    try:
        client = NotebookClient(
            nb,
            timeout=CELL_TIMEOUT,
            kernel_name="python3",
            resources={"metadata": {"path": str(md.parent)}},
            record_timing=False,
        )
        client.execute()
    finally:
        if env_backup is not None:
            os.environ["MPLBACKEND"] = env_backup
    nb = normalise(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                out.get("metadata", {}).pop("execution", None)
    return nb


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="chapter names (default: all)")
    args = parser.parse_args(argv)
    todo = chapters()
    if args.names:
        todo = [md for md in todo if md.stem in args.names]
        missing = set(args.names) - {md.stem for md in todo}
        if missing:
            parser.error(f"no chapter named {sorted(missing)}; have {[c.stem for c in chapters()]}")
    for md in todo:
        t0 = time.perf_counter()
        nb = execute(md)
        out = md.with_suffix(".ipynb")
        nbformat.write(nb, out)
        print(f"{md.relative_to(ROOT)} -> {out.name}: executed in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
