"""Completeness: find the report's own markers in a seed and say which the knowledge digest misses.

The loader proves that everything in ``knowledge/`` is in the report; this module checks the other
direction. It reads a seed's raw text and finds what the report itself marks as a judgment, an area
for improvement, a cause of concern, a recommendation, innovative practice, progress on a national
recommendation or a main finding, using only the layout shared by PEEL reports (the contents table,
blank-line paragraphs, grade lines, block headings). Nothing here names a force, a year or an area.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from bot.knowledge.loader import Entry, Report
from bot.knowledge.models import UNGRADED, Area, Kind, Strict
from bot.knowledge.provenance import fold, strip_markup

PEEL_GRADES: tuple[str, ...] = (
    "Outstanding",
    "Good",
    "Adequate",
    "Requires improvement",
    "Inadequate",
    UNGRADED,
)

# A contents line: a title, optional dot leaders, a tab and a page number.
_TOC_LINE = re.compile(r"^(?P<title>.*?\S)[\s.]*\t\s*\d+\s*$")
_FIRST_SENTENCE = re.compile(r"^(.+?[.!?:])(?=\s|$)")
_TRAILING_NOTE = re.compile(r"[\d⁰¹²³⁴⁵⁶⁷⁸⁹,^{}]+$")
_CLOSERS = "'\"’”)"
_FOOTNOTE_LINE = re.compile(r"^[⁰¹²³⁴⁵⁶⁷⁸⁹]+\s")

# Block headings the reports use, in lower case with straight apostrophes.
_TEXT_BLOCKS: dict[str, Kind] = {
    "area for improvement": "improvement",
    "areas for improvement": "improvement",
    "cause of concern": "concern",
    "causes of concern": "concern",
    "recommendation": "recommendation",
    "recommendations": "recommendation",
    "progress on national recommendation": "national_recommendation",
    "progress on national recommendations": "national_recommendation",
}
_HEADING_BLOCKS: dict[str, Kind] = {
    "main findings": "finding",
    "hm inspector's observations": "finding",
    "innovative practice": "practice",
}
BLOCK_KINDS: dict[str, Kind] = {**_TEXT_BLOCKS, **_HEADING_BLOCKS}  # every block heading -> its kind


@dataclass(frozen=True)
class Marker:
    """One thing the report marks, and the first text after the mark (folded, markup resolved).

    Area markers also carry the grade as printed and the heading above it; ``heading`` is None when
    several grade lines share it (e.g. a repeated "Summary of findings"), since it then names no area.
    """

    kind: Kind
    line: int
    text: str
    grade: str | None = None
    heading: str | None = None

    def __str__(self) -> str:
        extra = f" [{self.grade}]" if self.grade else ""
        extra += f" under “{self.heading}”" if self.heading else ""
        return f"line {self.line}: {self.kind}{extra}: “{self.text}”"


def _key(line: str) -> str:
    return line.replace("’", "'").casefold()


def _ends_sentence(line: str) -> bool:
    core = _TRAILING_NOTE.sub("", line).rstrip(_CLOSERS)
    return core.endswith((".", "!", "?"))


def _is_bullet(raw: str) -> bool:
    return raw.lstrip().startswith("- ")


def _first_sentence(text: str) -> str:
    match = _FIRST_SENTENCE.match(text)
    return match.group(1) if match else text


class _Seed:
    """The seed's lines with contents-table lines blanked out, and the contents titles."""

    def __init__(self, raw: str) -> None:
        self.raw: list[str] = []
        self.text: list[str] = []
        self.toc: set[str] = set()
        for line in raw.splitlines():
            toc = _TOC_LINE.match(line)
            if toc:
                self.toc.add(_key(fold(strip_markup(toc.group("title")))))
                line = ""
            self.raw.append(line)
            self.text.append(fold(strip_markup(line)))

    def next_line(self, i: int) -> int | None:
        """Index of the next non-blank line after ``i``."""
        return next((j for j in range(i + 1, len(self.text)) if self.text[j]), None)

    def prev_line(self, i: int) -> int | None:
        return next((j for j in range(i - 1, -1, -1) if self.text[j]), None)

    def grade_at(self, i: int, grades: dict[str, str]) -> tuple[str, int] | None:
        """(grade, last line index) when line ``i`` is a grade, possibly split over two lines."""
        line = _key(self.text[i])
        if line in grades:
            return grades[line], i
        j = self.next_line(i)
        if j is not None and f"{line} {_key(self.text[j])}" in grades:
            return grades[f"{line} {_key(self.text[j])}"], j
        return None

    def is_boundary(self, i: int, grades: dict[str, str]) -> bool:
        """A contents title, a block heading, a grade, or a section heading with its grade below."""
        key = _key(self.text[i])
        if key in self.toc or key in _TEXT_BLOCKS or key in _HEADING_BLOCKS:
            return True
        if self.grade_at(i, grades):
            return True
        j = self.next_line(i)
        return j is not None and self.grade_at(j, grades) is not None

    def starts_paragraph(self, j: int) -> bool:
        """Line ``j`` is body text: a sentence, a lead-in to a list, or a paragraph cut by a page break."""
        line = self.text[j]
        if _ends_sentence(line) or line.endswith(":"):
            return True
        k = self.next_line(j)
        return k is not None and self.text[k][:1].islower()

    def is_heading(self, i: int, block_start: int) -> bool:
        line = self.text[i]
        first = line.lstrip("'‘\"“")[:1]
        if _is_bullet(self.raw[i]) or not (first.isupper() or first.isdigit()):
            return False
        if _ends_sentence(line) or line.endswith((",", ";", ":")):
            return False
        prev, nxt = self.prev_line(i), self.next_line(i)
        if prev != block_start and (prev is None or not _ends_sentence(self.text[prev])):
            return False
        if nxt is None or self.text[nxt][:1].islower():
            return False
        if self.continues_after_footnotes(nxt):
            return False  # a paragraph cut at a page end by the page's footnotes
        return self.starts_paragraph(nxt)

    def continues_after_footnotes(self, j: int) -> bool:
        """Line ``j`` starts footnotes and the first line after them continues a sentence."""
        k: int | None = j
        while k is not None and _FOOTNOTE_LINE.match(self.text[k]):
            k = self.next_line(k)
        return k != j and k is not None and self.text[k][:1].islower()


def _text_markers(seed: _Seed, start: int, kind: Kind) -> Iterator[Marker]:
    """Markers for a text block: one per top-level bullet, else one for the first paragraph."""
    j = seed.next_line(start)
    if j is None:
        return
    if not seed.raw[j].startswith("- "):
        yield Marker(kind, j + 1, _first_sentence(seed.text[j]))
        return
    while j is not None:
        raw = seed.raw[j]
        if raw.startswith("- "):
            yield Marker(kind, j + 1, _first_sentence(seed.text[j].removeprefix("- ")))
        elif not _is_bullet(raw) and not seed.text[j][:1].islower():
            return
        j = seed.next_line(j)


def _heading_markers(seed: _Seed, start: int, kind: Kind, grades: dict[str, str]) -> Iterator[Marker]:
    """Markers for a heading block: every heading until the block ends."""
    j = seed.next_line(start)
    while j is not None and not seed.is_boundary(j, grades):
        if seed.is_heading(j, start):
            yield Marker(kind, j + 1, seed.text[j])
        j = seed.next_line(j)


def scan(raw: str, grades: Iterable[str] = PEEL_GRADES) -> list[Marker]:
    """Every marker in a seed's raw text, in line order (contents-table lines are skipped)."""
    seed = _Seed(raw)
    scale = {_key(g): g for g in grades}
    markers: list[Marker] = []
    i = 0
    while i < len(seed.text):
        key = _key(seed.text[i])
        if not key:
            i += 1
            continue
        grade = seed.grade_at(i, scale)
        if grade:
            name, last = grade
            prev, nxt = seed.prev_line(i), seed.next_line(last)
            after = seed.text[nxt] if nxt is not None else ""
            # The judgment sentence, unless the next line is another heading (a grid of grades); a
            # sentence a page break cuts gives its first line.
            cut = nxt is not None and seed.starts_paragraph(nxt) and not after.endswith(":")
            text = _first_sentence(after) if cut and not after.endswith("?") else ""
            heading = seed.text[prev] if prev is not None else None
            markers.append(Marker("area", i + 1, text, grade=name, heading=heading))
            i = last + 1
            continue
        if key in _TEXT_BLOCKS:
            markers.extend(_text_markers(seed, i, _TEXT_BLOCKS[key]))
        elif key in _HEADING_BLOCKS:
            markers.extend(_heading_markers(seed, i, _HEADING_BLOCKS[key], scale))
        i += 1
    shared = Counter(m.heading for m in markers if m.kind == "area")
    return [
        Marker(m.kind, m.line, m.text, m.grade, None) if m.kind == "area" and shared[m.heading] > 1 else m
        for m in markers
    ]


def _verbatim_texts(item: Strict) -> list[str]:
    texts: list[str] = []
    for name in type(item).VERBATIM:
        value = getattr(item, name)
        values = value if isinstance(value, list) else [value]
        texts.extend(fold(v) for v in values if isinstance(v, str))
    return texts


def _same_grade(marker: Marker, area: Area) -> bool:
    return _key(area.grade or UNGRADED) == _key(marker.grade or "")


def _covers(marker: Marker, entry: Entry) -> bool:
    if marker.kind == "area":
        # An area with that grade, or an inconsistency on such an area that records the grade
        # line's text (a summary sentence contradicting its own grade box).
        if entry.kind not in ("area", "inconsistency") or not _same_grade(marker, entry.area):
            return False
        wanted = [t for t in (marker.text, marker.heading) if t]
    elif entry.kind == marker.kind:
        wanted = [marker.text] if marker.text else []
    else:
        return False
    texts = _verbatim_texts(entry.item)
    return any(w in t for w in wanted for t in texts)


def uncovered(report: Report, markers: Iterable[Marker]) -> list[Marker]:
    """Markers with no entry of the same kind whose verbatim fields contain the marker's text.

    An area marker is covered only by an area with the same grade (null counts as Ungraded), found by
    its judgment text or by the heading above the grade line, or by an inconsistency entry on an
    area with that grade that quotes the text.
    """
    entries = list(report.entries())
    return [m for m in markers if not any(_covers(m, e) for e in entries)]


__all__ = ["PEEL_GRADES", "UNGRADED", "Marker", "scan", "uncovered"]
