"""Blocks of headed items (innovative practice, main findings): each heading and its paragraphs."""

from __future__ import annotations

from bot.importer.areas import Sections
from bot.importer.draft import Entry
from bot.importer.improvements import join
from bot.importer.text import Document, first_sentence, key


def headed_items(doc: Document, kind: str, spans: Sections) -> list[Entry]:
    """One item per heading the completeness scan marks as ``kind``: title, quote, block name, area."""
    lines = [m.line for m in doc.markers if m.kind == kind]
    stops = set(lines)
    items: list[Entry] = []
    for line in lines:
        heading = doc.paragraph_at(line)
        if heading is None:
            continue
        body = doc.body_after(heading, stop=stops)
        if not body:
            continue
        block = next(
            (p for p in reversed(doc.paragraphs[: doc.paragraphs.index(heading)]) if doc.block_kind(p)), None
        )
        items.append(
            {
                "line": line,
                "area": spans.area_at(line),
                "title": heading.text,
                "block": block.text if block is not None else None,
                "quote": join(body),
            }
        )
    return items


def build_practices(doc: Document, spans: Sections) -> list[Entry]:
    return [{k: v for k, v in item.items() if k != "block"} for item in headed_items(doc, "practice", spans)]


def build_findings(doc: Document, spans: Sections) -> list[Entry]:
    """Main findings and the inspector's observations (headings), plus summary paragraphs."""
    items = []
    for item in headed_items(doc, "finding", spans):
        block = item.pop("block")
        if block and key(block) != "main findings":
            item["section"] = block
        items.append(item)
    items.extend(_summaries(doc, spans))
    if not items or all(i.get("section") for i in items):  # no 'Main findings' headings: read the questions
        items.extend(_question_paragraphs(doc, spans))
    return sorted(items, key=lambda i: i["line"])


QUESTION_WORDS = 30  # a sub-question heading is one short question


def _question_paragraphs(doc: Document, spans: Sections) -> list[Entry]:
    """Reports without 'Main findings' headings answer sub-questions ('How effectively does the force
    …?'): each paragraph under one is a finding, titled by its first sentence."""
    items: list[Entry] = []
    heading_lines = {line for line, _ in spans.starts}
    question: str | None = None
    for para in doc.paragraphs:
        if para.line >= spans.end:
            break
        if spans.area_at(para.line) is None or doc.block_kind(para) or para.line in heading_lines:
            question = None
            continue
        if para.text.endswith("?") and (doc.is_toc_title(para) or len(para.text.split()) <= QUESTION_WORDS):
            question = para.text
            continue
        if not para.body:
            if doc.is_toc_title(para):
                question = None
            continue
        if question is None or para.bullet or para.sub_bullet or doc.is_footnote(para):
            continue
        items.append(
            {
                "line": para.line,
                "area": spans.area_at(para.line),
                "title": first_sentence(para.text),
                "section": question,
                "quote": para.quote,
            }
        )
    return items


def _summaries(doc: Document, spans: Sections) -> list[Entry]:
    """Paragraphs of the 'Summary of findings' boxes and the overall summary (reports without headings)."""
    items: list[Entry] = []
    grade_lines = {m.line for m in doc.markers if m.kind == "area"}
    for index, para in enumerate(doc.paragraphs):
        name = key(para.text)
        if name not in ("summary of findings", "overall summary"):
            continue
        rest = doc.paragraphs[index + 1 :]
        # skip the grade lines (and the table rows) and the judgment sentence after the last one
        last_grade = None
        for n, nxt in enumerate(rest):
            if nxt.line in grade_lines:
                last_grade = n
            elif doc.block_kind(nxt) or doc.is_toc_title(nxt) or n > 20:
                break
        if last_grade is None:
            continue
        first_body = last_grade + (2 if name == "summary of findings" else 1)
        for nxt in rest[first_body:]:
            if doc.block_kind(nxt) or doc.is_toc_title(nxt) or not nxt.body or doc.is_footnote(nxt):
                break
            if nxt.bullet or nxt.sub_bullet:
                continue
            items.append(
                {
                    "line": nxt.line,
                    "area": spans.area_at(nxt.line),
                    "title": first_sentence(nxt.text),
                    "section": para.text,
                    "quote": nxt.quote,
                }
            )
    return items
