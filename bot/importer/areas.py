"""Grades and areas: each standard area's grade line, cross-checked with the grid or summary table.

A report states each grade more than once (the judgments grid or overview table, the section's
own grade line, the summary box). The importer reads every statement; when they disagree it writes
the area's own grade line and puts the disagreement in ``review``. A judgment sentence that names a
different grade than its grade line becomes an ``inconsistencies`` entry with the graded reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.importer.draft import Draft, Entry
from bot.importer.framework import UNGRADED_LINE, AreaSpec, Round
from bot.importer.text import Document, Paragraph, first_sentence, key, without_note
from bot.knowledge.completeness import Marker
from bot.knowledge.provenance import fold

_NOT_GRADED = re.compile(r"\bdo(?:n't| not) (?:grade|make (?:a )?graded judgments?)\b", re.IGNORECASE)
_TERMINAL = ("next steps", "annex")
_GRADE_PHRASES: dict[str, str] = {
    "outstanding": r"\bis outstanding\b",
    "good": r"\bis good\b",
    "adequate": r"\bis adequate\b",
    "requires improvement": r"\brequir(?:es|ing) improvement\b",
    "inadequate": r"\bis inadequate\b",
}


@dataclass
class Statement:
    """One place where the report states an area's grade."""

    source: str
    line: int
    grade: str | None
    quote: str
    judgment: str | None = None


@dataclass
class AreaFacts:
    spec: AreaSpec
    name: str
    heading_line: int | None = None
    label: str | None = None
    statements: list[Statement] = field(default_factory=list)
    ungraded_quote: str | None = None


@dataclass
class Sections:
    """Which area each line of the report belongs to (None before the first area)."""

    starts: list[tuple[int, str]]  # (first line, area id), ascending
    end: int

    def area_at(self, line: int) -> str | None:
        current = None
        for start, area_id in self.starts:
            if start > line:
                break
            current = area_id
        return current if line < self.end else None


def _grade_of(marker_grade: str | None) -> str | None:
    return None if marker_grade is None or marker_grade == UNGRADED_LINE else marker_grade


def named_grade(sentence: str) -> str | None:
    """The grade a judgment sentence states in words ('is good at', 'requires improvement'), if any."""
    found = [g for g, pattern in _GRADE_PHRASES.items() if re.search(pattern, sentence, re.IGNORECASE)]
    return found[0] if len(found) == 1 else None


def _grid(doc: Document, round_: Round, draft: Draft) -> dict[str, tuple[str, str, int]]:
    """Judgments grid: area id -> (grade, label as printed, line). Columns are the grade scale."""
    scale = {key(g): g for g in round_.grade_scale}
    labels = {key(a.label): a for a in round_.areas if a.label}
    out: dict[str, tuple[str, str, int]] = {}
    for n, raw in enumerate(doc.raw_lines, 1):
        cells = [c.strip() for c in raw.rstrip().split("\t")]
        if len(cells) < 3 or not all(c and key(c) in scale for c in cells):
            continue
        columns = [scale[key(c)] for c in cells]
        row = n + 1
        while row <= len(doc.raw_lines) and "\t" in doc.raw_lines[row - 1]:
            for col, cell in enumerate(doc.raw_lines[row - 1].split("\t")):
                text = doc.text(row) and cell.strip()
                if not text:
                    continue
                spec = labels.get(key(text))
                if spec is None or col >= len(columns):
                    draft.note(
                        "judgments grid", row, f"grid cell {text!r} is not a known area label of this round"
                    )
                    continue
                out[spec.id] = (columns[col], text, row)
            row += 1
        break
    return out


def sections(doc: Document, round_: Round) -> tuple[Sections, dict[str, int]]:
    """Section headings of the standard areas (not the summary-table rows) and their spans."""
    graded_headings = {m.line for m in doc.markers if m.kind == "area"}
    starts: list[tuple[int, str]] = []
    headings: dict[str, int] = {}
    for spec in round_.areas:
        candidates = []
        for line in _heading_lines(doc, spec.name):
            para = doc.paragraph_at(line)
            nxt = doc.next_paragraph(para) if para else None
            candidates.append((nxt is not None and nxt.line in graded_headings, line))
        if candidates:
            # a section heading is followed by text; a summary-table row by its grade. A round
            # whose sections restate the grade right under the heading has only the latter kind.
            line = min(candidates)[1]
            headings[spec.id] = line
            if spec.within is None:  # a sub-judgment's items belong to the section it sits in
                starts.append((line, spec.id))
    starts.sort()
    end = len(doc.raw_lines) + 1
    last = starts[-1][0] if starts else 0
    for n, text in enumerate(doc.text_lines, 1):
        if (
            n > last
            and n not in doc.toc_lines
            and key(text).startswith(_TERMINAL)
            and key(text) in doc.toc_titles
        ):
            end = n
            break
    return Sections(starts, end), headings


def _heading_lines(doc: Document, name: str) -> list[int]:
    """First lines of headings reading ``name``: on one line, or wrapped over two or more (a long
    heading the conversion broke, which the paragraph reader joins back)."""
    target = key(name)
    wrapped = [
        p.line
        for p in doc.paragraphs
        if len(p.parts) > 1 and key(p.text) == target and "\t" not in p.raw and p.line not in doc.toc_lines
    ]
    return sorted({*doc.lines_matching(name), *wrapped})


def _heading_text(doc: Document, line: int) -> str:
    """A heading's text, wrapped lines joined (a plain line's own text otherwise)."""
    para = doc.paragraph_at(line)
    return para.text if para is not None and para.line == line else doc.text(line)


def _marker_heading(doc: Document, marker: Marker) -> str | None:
    """The heading above a grade line, whole even when the conversion wrapped it over two lines."""
    if marker.heading is None:
        return None
    para = doc.paragraph_at(marker.line)
    above = doc.previous_paragraph(para) if para is not None else None
    if above is not None and fold(above.parts[-1]) == fold(marker.heading):
        return above.text
    return marker.heading


def _judgment_text(doc: Document, marker: Marker) -> str:
    """The sentence after a grade line, also when a page break cuts it (the scan sees only its start)."""
    para = doc.paragraph_at(marker.line)
    nxt = doc.next_paragraph(para) if para is not None else None
    if (
        nxt is not None
        and len(nxt.parts) > 1
        and nxt.text.startswith(marker.text)
        and nxt.body
        and not (nxt.bullet or nxt.sub_bullet or nxt.text.endswith("?"))
    ):
        return first_sentence(nxt.text)
    return marker.text


def _paragraph_before(doc: Document, line: int) -> Paragraph | None:
    """The paragraph before the one starting at ``line`` (a grade marker's line starts one)."""
    para = doc.paragraph_at(line)
    return doc.previous_paragraph(para) if para is not None else None


def collect(doc: Document, round_: Round, draft: Draft) -> tuple[list[AreaFacts], Sections]:
    spans, headings = sections(doc, round_)
    grid = _grid(doc, round_, draft)
    facts: list[AreaFacts] = []
    read = {  # each grade line's heading and judgment sentence, read once
        m.line: (key(_marker_heading(doc, m) or ""), _judgment_text(doc, m))
        for m in doc.markers
        if m.kind == "area"
    }
    for spec in round_.areas:
        heading_line = headings.get(spec.id)
        name = _heading_text(doc, heading_line) if heading_line else spec.name
        fact = AreaFacts(spec, without_note(name), heading_line)  # quotes keep the mark: verbatim
        for marker in doc.markers:
            if marker.kind != "area":
                continue
            heading, said = read[marker.line]
            grade = _grade_of(marker.grade)
            grade_text = marker.grade or ""
            if heading == key(spec.name):
                above = _paragraph_before(doc, marker.line)
                own = above is not None and above.line == heading_line
                quote = f"{name}\n\n{grade_text}"
                if own and said:
                    quote += f"\n\n{said}"
                source = "grade line under the area's heading" if own else "summary table"
                fact.statements.append(Statement(source, marker.line, grade, quote, said if own else None))
            elif spec.overall and heading.startswith("overall judgment"):
                quote = f"{grade_text}\n\n{said}" if said else grade_text
                fact.statements.append(Statement("overall judgment", marker.line, grade, quote, said or None))
            elif marker.heading is None and spans.area_at(marker.line) == spec.id and not spec.overall:
                above = _paragraph_before(doc, marker.line)
                boxed = above is not None and doc.block_kind(above) == "summary"
                box = f"{above.text}\n\n{grade_text}" if above is not None and boxed else grade_text
                quote = f"{box}\n\n{said}" if said else box
                fact.statements.append(
                    Statement("summary box of the area's section", marker.line, grade, quote, said or None)
                )
        if spec.id in grid:
            grade, label, line = grid[spec.id]
            fact.label = label
            fact.statements.append(Statement("judgments grid", line, grade, label))
        if not fact.statements and heading_line is not None:
            para = doc.paragraph_at(heading_line)
            nxt = doc.next_paragraph(para) if para else None
            if nxt is not None and _NOT_GRADED.search(nxt.text):
                fact.ungraded_quote = f"{name}\n\n{nxt.quote}"
        facts.append(fact)
    return facts, spans


def build_areas(doc: Document, round_: Round, draft: Draft) -> tuple[list[Entry], list[Entry], Sections]:
    """Areas and grade inconsistencies, with review notes for anything undecided."""
    facts, spans = collect(doc, round_, draft)
    areas: list[Entry] = []
    inconsistencies: list[Entry] = []
    for fact in facts:
        if fact.ungraded_quote:
            areas.append({"id": fact.spec.id, "name": fact.name, "grade": None, "quote": fact.ungraded_quote})
            continue
        if not fact.statements:
            if fact.heading_line is None:
                continue  # this report does not cover the area
            draft.note(
                f"areas.{fact.spec.id}.grade",
                fact.heading_line,
                "the section has no grade line and does not say it is ungraded; written as ungraded",
            )
            areas.append({"id": fact.spec.id, "name": fact.name, "grade": None, "quote": fact.name})
            continue
        textual = [s for s in fact.statements if s.source != "judgments grid"]
        chosen = (
            next((s for s in textual if s.source.startswith("summary box")), None)
            or (textual or fact.statements)[0]
        )
        grades = {s.grade for s in fact.statements}
        if len(grades) > 1:
            listing = "; ".join(
                f"line {s.line} ({s.source}): {s.grade or 'Ungraded'}" for s in fact.statements
            )
            draft.note(
                f"areas.{fact.spec.id}.grade",
                chosen.line,
                f"the report's grade statements disagree — {listing}; wrote {chosen.grade or 'Ungraded'} "
                f"from the {chosen.source}: confirm against the published report",
            )
        grade = chosen.grade
        quote_source = next(
            (s for s in textual if s.source.startswith(("grade line", "summary table"))), chosen
        )
        judgment, clash = _judgment(fact, grade)
        entry: Entry = {"id": fact.spec.id, "name": fact.name}
        if fact.label:
            entry["label"] = fact.label
        entry["grade"] = grade
        if judgment:
            entry["judgment"] = judgment
        if fact.spec.overall:
            entry["overall"] = True
        entry["quote"] = (
            quote_source.quote
            if grade is None or grade.lower() in quote_source.quote.lower()
            else chosen.quote
        )
        areas.append(entry)
        if clash is not None and grade is None:
            draft.note(
                f"areas.{fact.spec.id}.judgment",
                clash.line,
                "the area is ungraded but its summary sentence names a grade",
            )
        elif clash is not None:
            said = named_grade(clash.judgment or "")
            others = [s.quote for s in textual if s is not clash] + [_box_only(clash)]
            inconsistencies.append(
                {
                    "id": f"{fact.spec.id}-grade-wording",
                    "area": fact.spec.id,
                    "title": f"{fact.name} is graded {grade}, but a judgment sentence says the force "
                    f'"{said}"',
                    "quote": clash.judgment,
                    "other_quotes": others,
                    "reading": grade,
                    "why": _why(fact, grade),
                }
            )
            draft.note(
                f"inconsistencies.{fact.spec.id}-grade-wording",
                clash.line,
                f'the sentence after the grade line says "{said}" while the grade is {grade}; recorded as an '
                f"inconsistency with {grade} as the reading",
            )
    return areas, inconsistencies, spans


def _why(fact: AreaFacts, grade: str | None) -> str:
    sources = ", ".join(s.source for s in fact.statements)
    if len({s.grade for s in fact.statements}) == 1:
        return (
            f"The report's grade statements ({sources}) all say {grade}; the sentence contradicts them, "
            f"so the bot uses the graded value, {grade}."
        )
    return (
        f"The area's own grade line says {grade} (its grade statements disagree: see review); the "
        "sentence names another grade, so the bot uses the grade line's value."
    )


def _box_only(statement: Statement) -> str:
    """The grade box of a statement without its contradicting sentence, plus the sentence's opening."""
    opening = " ".join((statement.judgment or "").split()[:5])
    box = statement.quote[: len(statement.quote) - len(statement.judgment or "")].strip()
    return f"{box} {opening}".strip()


def _judgment(fact: AreaFacts, grade: str | None) -> tuple[str | None, Statement | None]:
    """The judgment sentence agreeing with the grade; or the statement whose sentence contradicts it."""
    ordered = sorted(
        (s for s in fact.statements if s.judgment),
        key=lambda s: (not s.source.startswith("summary box"), not s.source.startswith("grade line")),
    )
    for statement in ordered:
        said = named_grade(statement.judgment or "")
        wanted = (grade or UNGRADED_LINE).lower()
        if said is not None and said != wanted:
            return None, statement
        return statement.judgment, None
    return None, None
