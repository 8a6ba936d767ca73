"""The teaching page (book/teaching.md) covers every exercise of the chapters, says correctly which
need only pen and paper, and names sections that exist.

Exercises are read from the chapters' MyST sources in either form: sphinx-exercise directives
(```` ```{exercise} ```` with ``:label: ex-<chapter>-<n>``) or the older headings
(``### Exercise n (pen and paper): …``). Each exercise says "(pen and paper)" or "(code)".
"""

import re

from _book import BOOK

CHAPTERS = {"setup": "Setup", "relu": "ReLU", "linear": "Linear", "lower": "Lower bounds",
            "experiments": "Experiments", "robustness": "Robustness", "computing": "Appendix"}
PAGE = (BOOK / "teaching.md").read_text(encoding="utf-8")
#: A reference to an exercise: a link, {numref}`ex-<chapter>-<n>` (rendered "Exercise 2.3"), or,
#: before a chapter's exercises are directives, the same name as plain text.
EXERCISE = r"(?:\{numref\}`ex-(\w+)-(\d+)`|Exercise (\d+)\.(\d+))"


def _chapter_numbers():
    """Chapter number of each chapter, from the numbered parts of _toc.yml (Setup is 1)."""
    toc = (BOOK.parent / "_toc.yml").read_text(encoding="utf-8")
    numbered = re.findall(r"numbered: 1\n    chapters:\n((?:      - file: book/\w+\n)+)", toc)
    files = [f for block in numbered for f in re.findall(r"book/(\w+)", block)]
    assert files == list(CHAPTERS), files
    return {c: i + 1 for i, c in enumerate(files)}


def _refs(text):
    """(chapter, n) of every exercise reference in text, in order."""
    number = {v: k for k, v in _chapter_numbers().items()}
    out = []
    for m in re.finditer(EXERCISE, text):
        out.append((m.group(1), int(m.group(2))) if m.group(1) else (number[int(m.group(3))], int(m.group(4))))
    return out


def _exercises():
    """(chapter, number, needs) of every exercise, in reading order."""
    out = []
    for chapter in CHAPTERS:
        text = (BOOK / f"{chapter}.md").read_text(encoding="utf-8")
        directives = re.findall(r"^```\{exercise\}[^\n]*\n(.*?)^```", text, re.S | re.M)
        headings = re.findall(r"^### Exercise (\d+) \(([^)]*)\)", text, re.M)
        if directives:
            for n, body in enumerate(directives, 1):
                label = re.search(r":label:\s*(\S+)", body).group(1)
                assert label == f"ex-{chapter}-{n}", label
                needs = re.search(r"\((pen and paper|code)\)", body)
                assert needs, f"{label} does not say whether it needs pen and paper or code"
                out.append((chapter, n, needs.group(1)))
        else:
            out += [(chapter, int(n), needs) for n, needs in headings]
    return out


def _table():
    """(chapter, n, chapter column, needs) of each row of the pen-and-paper table."""
    table = PAGE.split("## Pen and paper, or code", 1)[1]
    rows = []
    for line in table.splitlines():
        m = re.match(r"\| (" + EXERCISE + r") \| \{ref\}`[^`<]+<(\w+)>` \| (pen and paper|code) \|", line)
        if m:
            (chapter, n), = _refs(m.group(1))
            rows.append((chapter, n, m.group(6), m.group(7)))
    return rows


def test_every_exercise_is_listed_once_with_what_it_needs():
    exercises, rows = _exercises(), _table()
    assert len(exercises) >= 15
    listed = {}
    for chapter, n, column, needs in rows:
        assert column == chapter, (chapter, n, column)
        assert (chapter, n) not in listed, (chapter, n)
        listed[(chapter, n)] = needs
    assert listed == {(c, n): needs for c, n, needs in exercises}


def test_converted_exercises_are_linked():
    numbers = _chapter_numbers()
    for chapter, n, _ in _exercises():
        label = f"ex-{chapter}-{n}"
        # the book is built from the executed .ipynb: a link needs the label in both files
        converted = all(f":label: {label}" in (BOOK / f"{chapter}.{ext}").read_text(encoding="utf-8")
                        for ext in ("md", "ipynb"))
        if converted:
            plain = f"Exercise {numbers[chapter]}.{n}"
            assert f"{{numref}}`{label}`" in PAGE and not re.search(rf"{re.escape(plain)}\b", PAGE), (
                f"{label} is a directive now: in book/teaching.md replace every plain '{plain}' with "
                f"{{numref}}`{label}`")


def test_every_exercise_is_in_a_lecture():
    lectures = PAGE.split("## Three lectures", 1)[1].split("## Pen and paper", 1)[0]
    mentioned = set(_refs(lectures))
    for chapter, n, _ in _exercises():
        assert (chapter, n) in mentioned, (chapter, n)


def test_lecture_sections_exist_in_their_chapters():
    lectures = PAGE.split("## Three lectures", 1)[1].split("## Pen and paper", 1)[0]
    quoted = 0
    for row in re.findall(r"^\| \d+ \| [^|]+ \| ([^|]+) \|$", lectures, re.M):
        if '"' not in row:                                          # the exercises done in class
            continue
        name, _, sections = row.partition(":")
        chapter = next(c for c, v in CHAPTERS.items() if name.strip() == v)
        headings = re.findall(r"^#{2,3} (.+)$", (BOOK / f"{chapter}.md").read_text(encoding="utf-8"), re.M)
        for section in re.findall(r'"([^"]+)"', sections):
            assert section in headings, (chapter, section)
            quoted += 1
    assert quoted >= 20


def test_lectures_fit_in_ninety_minutes():
    lectures = PAGE.split("## Three lectures", 1)[1].split("## Pen and paper", 1)[0]
    parts = lectures.split("\n### Lecture ")[1:]
    assert len(parts) == 3
    for part in parts:
        assert sum(int(m) for m in re.findall(r"^\| (\d+) \|", part, re.M)) == 90, part.splitlines()[0]
