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
    python scripts/regenerate_notebooks.py --record   # also record each chapter's wall time
                                                      # and peak memory in book/resources.json

Only ``--record`` writes ``book/resources.json`` (machine-dependent numbers, shown by the
appendix chapter), so that plain regeneration stays deterministic.
"""

from __future__ import annotations

import argparse
import json
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
RESOURCES = BOOK / "resources.json"
_PEAK_CELL = (
    "import resource as _r\n"
    "import sys as _s\n"
    "_peak = _r.getrusage(_r.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS\n"
    "print('PEAK_KIB', _peak // 1024 if _s.platform == 'darwin' else _peak)"
)


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


def execute(md, record=False):
    """Execute a chapter; with ``record``, also return its peak resident memory in MiB."""
    nb = read_source(md)
    if record:
        nb.cells.append(nbformat.v4.new_code_cell(_PEAK_CELL))
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
    peak = None
    if record:
        extra = nb.cells.pop()
        text = "".join(o.get("text", "") for o in extra.outputs)
        peak = int(text.split("PEAK_KIB")[1].split()[0]) / 1024.0
    nb = normalise(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.get("outputs", []))
            for out in cell.outputs:
                out.get("metadata", {}).pop("execution", None)
    return nb, peak


def coalesce_streams(outputs):
    """Merge consecutive chunks of the same stream into one output.

    A kernel may deliver one ``print`` as one chunk in one run and as two in the next
    (the split depends on timing), which would make regeneration non-deterministic.
    """
    merged = []
    for out in outputs:
        if (out.get("output_type") == "stream" and merged
                and merged[-1].get("output_type") == "stream" and merged[-1].get("name") == out.get("name")):
            merged[-1]["text"] = merged[-1]["text"] + out["text"]
        else:
            merged.append(out)
    return merged


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="chapter names (default: all)")
    parser.add_argument("--record", action="store_true",
                        help="record wall time and peak memory per chapter in book/resources.json")
    args = parser.parse_args(argv)
    todo = chapters()
    if args.names:
        todo = [md for md in todo if md.stem in args.names]
        missing = set(args.names) - {md.stem for md in todo}
        if missing:
            parser.error(f"no chapter named {sorted(missing)}; have {[c.stem for c in chapters()]}")
    resources = json.loads(RESOURCES.read_text()) if RESOURCES.exists() else {}
    for md in todo:
        t0 = time.perf_counter()
        nb, peak = execute(md, record=args.record)
        seconds = time.perf_counter() - t0
        out = md.with_suffix(".ipynb")
        nbformat.write(nb, out)
        extra = f", peak memory {peak:.0f} MiB" if peak is not None else ""
        print(f"{md.relative_to(ROOT)} -> {out.name}: executed in {seconds:.1f} s{extra}")
        if args.record:
            resources[md.stem] = {"seconds": round(seconds, 1), "peak_mib": round(peak)}
    if args.record:
        RESOURCES.write_text(json.dumps(resources, indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
