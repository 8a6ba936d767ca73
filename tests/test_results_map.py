"""The results map (book/results.md) lists every statement and every figure of the book.

Its "Every statement of the book" table is the book's readable index of statements (sphinx-proof's
own index lists labels only), so it must not fall behind the chapters: every ``{prf:...}``
directive of a chapter appears once, with its kind and status, and every named figure of a chapter
is referenced by ``{numref}``. The strict build checks that the references resolve.
"""

import re

import pytest

from _book import BOOK

CHAPTERS = ["setup", "relu", "linear", "lower", "experiments", "robustness", "computing"]
KINDS = ("theorem", "lemma", "proposition", "corollary", "definition")
PAGE = (BOOK / "results.md").read_text(encoding="utf-8")
DIRECTIVE = re.compile(r"^(`{3,})\{prf:(" + "|".join(KINDS) + r")\}[^\n]*\n(.*?)^\1\s*$", re.S | re.M)


def _statements():
    """(chapter, kind, label, body) of every statement, in reading order."""
    out = []
    for chapter in CHAPTERS:
        for m in DIRECTIVE.finditer((BOOK / f"{chapter}.md").read_text(encoding="utf-8")):
            label = re.search(r":label:\s*(\S+)", m.group(3)).group(1)
            out.append((chapter, m.group(2), label, m.group(3)))
    return out


def _rows():
    table = PAGE.split("## Every statement of the book", 1)[1]
    rows = {}
    for line in table.splitlines():
        m = re.match(r"\| (\w+)[^|]* \| \{prf:ref\}`[^`<]+<([\w-]+)>` \| \{ref\}`[^`<]+<(\w+)>` \| ([^|]+) \|$", line)
        if m:
            assert m.group(2) not in rows, f"{m.group(2)} is listed twice"
            rows[m.group(2)] = (m.group(1).lower(), m.group(3), m.group(4).strip())
    return rows


def test_every_statement_of_the_chapters_is_listed_in_order():
    statements, rows = _statements(), _rows()
    assert len(statements) >= 30
    assert [s[2] for s in statements] == list(rows), "the table must list the chapters' statements in order"
    for chapter, kind, label, _ in statements:
        assert rows[label][:2] == (kind, chapter), label


@pytest.mark.parametrize("statement", _statements(), ids=lambda s: s[2])
def test_status_agrees_with_the_chapter(statement):
    chapter, kind, label, body = statement
    status = _rows()[label][2]
    if kind == "definition":
        assert status == "definition"
    elif re.search(r"\*\(Proved here|Status here:\*? proved", body):
        assert status.startswith("proved here"), (label, status)
    else:
        assert "numerical evidence" in status or "sketch" in status, (label, status)


def test_every_named_figure_is_referenced():
    names = []
    for chapter in CHAPTERS:
        names += re.findall(r"^\s+name: (fig-[\w-]+)", (BOOK / f"{chapter}.md").read_text(encoding="utf-8"), re.M)
    assert len(names) >= 20
    referenced = re.findall(r"\{numref\}`(fig-[\w-]+)`", PAGE)
    missing = [n for n in names if n not in referenced]
    assert not missing, f"figures missing from the results map: {missing}"
    stale = [n for n in referenced if n not in names]
    assert not stale, f"the results map references figures no chapter has: {stale}"


def test_paper_figures_are_named_as_the_paper_numbers_them():
    table = PAGE.split("## Figures", 1)[1].split("\n\n| figure |", 1)[0]
    for n in range(1, 6):
        assert f"| Paper Figure {n} |" in table
