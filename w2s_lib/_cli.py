"""The command line: ``python -m w2s_lib figure NAME`` draws any figure of the book.

``python -m w2s_lib list`` lists the figures; ``python -m w2s_lib figure 2 --out fig2.pdf`` draws the
paper's Figure 2 as the book does; ``--scale quick`` runs the same code at smaller sizes;
``--data fig2.csv`` (or ``.json``) writes the numbers behind the figure.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import time
from pathlib import Path

import numpy as np

from . import __version__
from .plotting import FIGURES, SCALES, draw_figure, save_figure

__all__ = ["main"]

EPILOG = """examples:
  python -m w2s_lib list
  python -m w2s_lib figure 2 --out fig2.pdf
  python -m w2s_lib figure 4 --scale quick --data fig4.csv
  python -m w2s_lib figure relu-spectrum --out spectrum.svg
"""


def _parser():
    parser = argparse.ArgumentParser(
        prog="python -m w2s_lib", description="Draw the figures of the book 'Weak-to-strong generalization in "
        "random-feature networks' from exact population computations.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"w2s_lib {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    sub.add_parser("list", help="list every figure with its chapter and what it shows",
                   description="List every figure: the paper's (2 to 5) and the book's own, by name.")
    fig = sub.add_parser(
        "figure", help="compute and draw one figure", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Compute one figure's data exactly and draw it in the book's style.",
        epilog="NAME: a paper figure (1 to 5) or a book figure; see `python -m w2s_lib list`.\n\n"
        + EPILOG)
    fig.add_argument("name", metavar="NAME", help="a paper figure (1 to 5) or a book figure's name "
                     "(see `python -m w2s_lib list`)")
    fig.add_argument("--out", metavar="PATH", type=Path, default=None,
                     help="where to write the figure: .png, .pdf or .svg (default: figure-NAME.png)")
    fig.add_argument("--scale", choices=SCALES, default="quick",
                     help="paper: the chapter's sizes (minutes); quick: the same code at smaller sizes "
                     "(seconds). Default: quick")
    fig.add_argument("--seed", metavar="N", type=int, default=None,
                     help="seed of the sweep (a non-negative integer; default: the chapter's seed)")
    fig.add_argument("--data", metavar="PATH", type=Path, default=None,
                     help="also write the numbers behind the figure, as .csv or .json")
    fig.add_argument("--quiet", action="store_true", help="no progress or summary on stderr")
    return parser


def _plain(x):
    """A JSON- and CSV-friendly scalar (inf and nan as strings)."""
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        x = float(x)
        return x if math.isfinite(x) else str(x)
    return x


def write_table(columns, path, meta):
    """Write the figure's columns to ``path`` (.csv or .json)."""
    names = list(columns)
    n = {len(columns[k]) for k in names}
    if len(n) != 1:
        raise RuntimeError(f"the figure's table has columns of lengths {sorted(n)}")
    rows = [[_plain(columns[k][i]) for k in names] for i in range(n.pop())]
    if path.suffix.lower() == ".csv":
        with path.open("w", newline="", encoding="utf-8") as f:
            f.write("".join(f"# {k}: {v}\n" for k, v in meta.items()))
            writer = csv.writer(f)
            writer.writerow(names)
            writer.writerows(rows)
    else:
        path.write_text(json.dumps({**meta, "columns": names, "rows": rows}, indent=1) + "\n", encoding="utf-8")


def main(argv=None):
    """Run the command line; returns the exit status (0 on success, 2 on bad arguments)."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "list":
        width = max(len(k) for k in FIGURES)
        for name, spec in FIGURES.items():
            print(f"{name:<{width}}  [{spec.chapter}]  {spec.title}")
        return 0
    if args.name not in FIGURES:
        parser.error(f"unknown figure {args.name!r}; choose one of: {', '.join(FIGURES)}")
    out = args.out if args.out is not None else Path(f"figure-{args.name}.png")
    if out.suffix.lower() not in {".png", ".pdf", ".svg"}:
        parser.error(f"--out: the file must end in .png, .pdf or .svg, got {str(out)!r}")
    if args.data is not None and args.data.suffix.lower() not in {".csv", ".json"}:
        parser.error(f"--data: the file must end in .csv or .json, got {str(args.data)!r}")
    if args.seed is not None and args.seed < 0:
        parser.error(f"--seed: a non-negative integer, got {args.seed}")
    for path in (out, args.data):
        if path is not None and not path.resolve().parent.is_dir():
            parser.error(f"{path}: the folder {path.resolve().parent} does not exist")
    spec = FIGURES[args.name]
    say = (lambda msg: None) if args.quiet else (lambda msg: print(f"[w2s_lib] {msg}", file=sys.stderr, flush=True))
    say(f"figure {args.name} ({spec.title}), {args.scale} scale: computing")
    t0 = time.perf_counter()
    fig, data = draw_figure(args.name, scale=args.scale, seed=args.seed, progress=not args.quiet)
    save_figure(fig, out, alt=spec.alt(data))
    say(f"wrote {out} in {time.perf_counter() - t0:.1f} s")
    if args.data is not None:
        write_table(spec.table(data), args.data,
                    {"figure": args.name, "scale": args.scale, "seed": "default" if args.seed is None else args.seed,
                     "w2s_lib": __version__})
        say(f"wrote {args.data}")
    return 0
