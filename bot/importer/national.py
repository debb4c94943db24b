"""Progress on national recommendations: the report's boxes and those told in running text."""

from __future__ import annotations

import re

from bot.importer.areas import Sections
from bot.importer.draft import Draft, Entry
from bot.importer.improvements import join
from bot.importer.text import Document, Paragraph, sentences

_IN_TEXT = re.compile(
    r"\bwe made (?:\w+ )?national recommendations?\b"
    r"|\brecommendation arising from\b.*\b(?:every|all) (?:police )?forces?\b"
    r"|\bwe recommended that (?:all|every) (?:police )?forces?\b",
    re.IGNORECASE,
)
_PROGRESS = re.compile(
    r"\b(?:has|have|had) (?:made|not made|shown) (?:\w+ ){0,3}progress\b"
    r"|\b(?:has|have|hasn't|haven't|has not|have not) (?:yet |now |fully )?"
    r"(?:met|implemented|published|achieved)\b"
    r"|\bachievable plan\b|\b(?:is|are) (?:on track|making (?:\w+ )?progress)\b|\bdoes not provide\b",
    re.IGNORECASE,
)


_FOUND_THAT = re.compile(r"^(?:This year, )?we found that ", re.IGNORECASE)


def _status(paragraphs: list[Paragraph]) -> str | None:
    """The first sentence saying how far the force has got; a 'we found that X' lead is dropped."""
    for para in paragraphs:
        for sentence in sentences(para.text):
            if _PROGRESS.search(sentence) and not sentence.casefold().startswith(("we asked", "in 20")):
                lead = _FOUND_THAT.match(sentence)
                return sentence[lead.end() :].rstrip(".") if lead else sentence
    return None


def build_national(doc: Document, spans: Sections, draft: Draft) -> list[Entry]:
    items: list[Entry] = []
    used: set[int] = set()
    for para in doc.paragraphs:
        if doc.block_kind(para) != "national_recommendation":
            continue
        first = doc.next_paragraph(para)
        if first is None or doc.block_kind(first):
            continue
        progress = doc.body_after(first)
        used.update(p.line for p in [first, *progress])
        item: Entry = {
            "line": first.line,
            "area": spans.area_at(para.line),
            "title": para.text,
            "quote": first.quote,
        }
        _finish(item, progress, draft)
        items.append(item)
    for para in doc.paragraphs:
        if para.line in used or spans.area_at(para.line) is None or not _IN_TEXT.search(para.text):
            continue
        said = sentences(para.text)
        index = next(i for i, s in enumerate(said) if _IN_TEXT.search(s))
        quote = " ".join(said[: index + 1]) if index < 2 else said[index]
        rest = [s for s in said[index + 1 :] if _PROGRESS.search(s)]
        item = {"line": para.line, "area": spans.area_at(para.line), "quote": quote}
        if rest and rest[0] in para.text:
            item["status"] = rest[0]
            item["progress"] = para.quote
        else:
            nxt = doc.next_paragraph(para)
            following = [nxt] if nxt is not None and nxt.body else []
            _finish(item, following, draft)
        items.append(item)
    return sorted(items, key=lambda i: i["line"])


def _finish(item: Entry, progress: list[Paragraph], draft: Draft) -> None:
    status = _status(progress)
    if progress:
        item["progress"] = join(progress)
    if status is None:
        status = sentences(progress[0].text)[0] if progress else item["quote"]
        draft.note(
            f"national_recommendations (line {item['line']}).status",
            item["line"],
            "no sentence clearly states the force's progress; the status is the first sentence after the "
            "recommendation — check it",
        )
    item["status"] = status
