"""Areas for improvement: the report's AFI boxes, and AFIs carried over in running text."""

from __future__ import annotations

import re

from bot.importer.areas import Sections
from bot.importer.draft import Draft, Entry, compact
from bot.importer.text import Document, Paragraph, first_sentence, overlap, sentences

# An AFI carried over from an earlier inspection: said so outright ('the area for improvement from
# 2018 still applies'), or 'remains an area for improvement' in a paragraph that recalls what the
# earlier inspection asked ('HMIC identified that the force needed to …').
_STILL_APPLIES = re.compile(
    r"\barea for improvement\b.{0,40}\b(?:\d{4}|previous|last)\b.{0,40}\bstill applies\b", re.I
)
_REMAINS = re.compile(r"\b(?:remains|is still|continues to be) an area for improvement\b", re.IGNORECASE)
_EARLIER_ASK = re.compile(
    r"\b(?:identified|found|said|concluded) (?:that )?the force "
    r"(?:needed|should|must|had to|was required|needs)\b|\brecommended (?:that )?the force\b",
    re.IGNORECASE,
)
_STATED = re.compile(r"\b(?:is|are|remains) (?:an |still an )?areas? for improvement\b", re.IGNORECASE)
_AFI_TITLE = re.compile(r"\b(?:should|needs? to|must)\b")
# What the force is asked to do, said next to 'this is an area for improvement'
_ASK = re.compile(
    r"\b(?:the force|it|[A-Z][\w-]+(?: (?:and|of) [A-Z][\w-]+)* (?:Police|Constabulary)(?: Service)?) "
    r"(?:should|needs? to|must)\b",
    re.IGNORECASE,
)
_POINT_TAIL = re.compile(r"(?:[;,.]\s*(?:and|or)?|\s+(?:and|or))\s*$")
SAME_AFI = 0.25  # share of a running-text sentence's words found in an AFI box: it restates that box
SAME_CARRIED_AFI = 0.6
SAME_SECTION_AFI = 0.1  # ...or a few of its words are in an AFI box of the same section
SAME_ASK = 0.5  # share of an ask's words found in an AFI box: the running text restates that box
TITLE_WORDS = 45  # an AFI headline is one sentence of at most this many words


def point_text(para: Paragraph) -> str:
    """A list item without its dash and its trailing '; and' (still verbatim: a substring)."""
    text = para.text.lstrip("- ").strip()
    return _POINT_TAIL.sub("", text).strip() or text


def points_after(doc: Document, lead: Paragraph) -> list[Paragraph]:
    """The bullet paragraphs right after a lead-in paragraph."""
    out = []
    for para in doc.after(lead):
        if not (para.bullet or para.sub_bullet):
            break
        out.append(para)
    return out


def join(paras: list[Paragraph]) -> str:
    out = ""
    for para in paras:
        sep = "\n" if para.bullet or para.sub_bullet else "\n\n"
        out = f"{out}{sep}{para.quote}" if out else para.quote
    return out


def _bulleted(doc: Document, first: Paragraph, area: str | None) -> list[Entry]:
    """2016 layout: each top-level bullet is an AFI; its sub-bullets are its points."""
    items: list[Entry] = []
    current: Entry | None = None
    for para in [first, *doc.after(first)]:
        if para.bullet:
            text = para.text.removeprefix("- ").strip()
            current = {
                "line": para.line,
                "area": area,
                "title": first_sentence(text),
                "quote": text,
                "points": [],
            }
            items.append(current)
        elif para.sub_bullet and current is not None:
            current["points"].append(point_text(para))
        else:
            break
    return items


def _starts_afi(para: Paragraph, plural: bool) -> bool:
    """A further AFI headline inside a box: a 'should / needs to / must' heading line, or (under a
    plural 'Areas for improvement') a one-sentence 'The force should …' paragraph."""
    if para.bullet or para.sub_bullet or not _AFI_TITLE.search(para.text):
        return False
    if not para.body:
        return True
    return plural and len(sentences(para.text)) == 1 and len(para.text.split()) <= TITLE_WORDS


def _headed(doc: Document, first: Paragraph, area: str | None, plural: bool) -> list[Entry]:
    """2021 layout: a headline, then paragraphs (points after a lead ending ':'); further headlines
    start further AFIs."""
    block = [first]
    for para in doc.after(first):
        if doc.block_kind(para) or doc.is_toc_title(para) or doc.is_footnote(para):
            break
        if not para.body and not _AFI_TITLE.search(para.text):
            break  # a heading that is no AFI headline ends the box
        block.append(para)
    groups: list[list[Paragraph]] = []
    for para in block:
        lead = groups[-1][-1].text.endswith(":") if groups else False
        if not groups or (not lead and _starts_afi(para, plural)):
            groups.append([para])
        else:
            groups[-1].append(para)
    items: list[Entry] = []
    for title_para, *body in groups:
        item: Entry = {
            "line": title_para.line,
            "area": area,
            "title": title_para.text,
            "quote": join([title_para, *body]),
        }
        for para in body:
            if para.text.endswith(":") and not (para.bullet or para.sub_bullet):
                bullets = points_after(doc, para)
                if bullets:
                    item["points_lead"] = sentences(para.text)[-1]
                    item["points"] = [point_text(b) for b in bullets]
                    break
        items.append(item)
    return items


def boxed(doc: Document, spans: Sections) -> list[Entry]:
    items: list[Entry] = []
    for para in doc.paragraphs:
        if doc.block_kind(para) != "improvement":
            continue
        first = doc.next_paragraph(para)
        if first is None or doc.block_kind(first) or doc.is_toc_title(first) or first.text.endswith("?"):
            continue  # an empty box: the heading is followed by the next section
        area = spans.area_at(para.line)
        plural = para.text.casefold().startswith("areas")
        items.extend(_bulleted(doc, first, area) if first.bullet else _headed(doc, first, area, plural))
    return items


def in_text(doc: Document, spans: Sections, boxes: list[Entry], draft: Draft) -> list[Entry]:
    """Running-text AFIs: a carried-over AFI ('this remains an area for improvement') not in a box."""
    box_text = [(b["area"], b["quote"] + " " + " ".join(b.get("points", []))) for b in boxes]
    used = {b["line"] for b in boxes}
    items: list[Entry] = []
    for para in doc.paragraphs:
        if para.line in used or spans.area_at(para.line) is None or doc.block_kind(para):
            continue
        said = sentences(para.text)
        for i, sentence in enumerate(said):
            carried = _STILL_APPLIES.search(sentence) or (
                _REMAINS.search(sentence) and _EARLIER_ASK.search(para.text)
            )
            stated = _STATED.search(sentence) or _REMAINS.search(sentence)
            if not (carried or stated):
                continue
            ask = _ask(said, i) if para.body and not carried else None
            if ask is not None:  # 'The force should … This is an area for improvement.'
                if max((overlap(ask, b) for _, b in box_text), default=0.0) < SAME_ASK:
                    items.append(_stated(para, ask, spans))
                    draft.note(
                        "improvements",
                        para.line,
                        f"running text states an area for improvement that no box states (“{ask}”); "
                        "kept as an AFI in running text: confirm",
                    )
                continue
            context = " ".join(said[max(0, i - 2) : i + 1])  # 'This is an area for improvement.'
            if not para.body:  # a finding heading: it and its first paragraph say what the AFI is
                context = " ".join(p.text for p in [para, *doc.body_after(para)[:1]])
            best = max((overlap(context, b) for _, b in box_text), default=0.0)
            area = spans.area_at(para.line)
            near = max((overlap(context, b) for a, b in box_text if a == area), default=0.0)
            if carried and best < SAME_CARRIED_AFI and near < SAME_AFI:
                items.append(_carried(doc, para, sentence, spans))
            elif not carried and best < SAME_AFI and near < SAME_SECTION_AFI:
                draft.note(
                    "improvements",
                    para.line,
                    f"running text says “{sentence}” but no area-for-improvement box states it; add it by "
                    "hand if the report means a new AFI",
                )
    return items


def _ask(said: list[str], i: int) -> str | None:
    """The sentence asking the force to act that an AFI statement belongs to: the statement itself,
    or the sentence just before or after it."""
    for j in (i, i - 1, i + 1):
        if 0 <= j < len(said) and _ASK.search(said[j]):
            return said[j]
    return None


def _stated(para: Paragraph, ask: str, spans: Sections) -> Entry:
    return {
        "line": para.line,
        "area": spans.area_at(para.line),
        "title": ask,
        "quote": para.quote,
        "in_text": True,
    }


def _carried(doc: Document, para: Paragraph, sentence: str, spans: Sections) -> Entry:
    if para.body:
        if sentence.startswith(("This ", "It ")):  # 'This remains …': the earlier ask says what
            sentence = next((s for s in sentences(para.text) if _EARLIER_ASK.search(s)), sentence)
        return {
            "line": para.line,
            "area": spans.area_at(para.line),
            "title": sentence,
            "quote": para.quote,
            "in_text": True,
        }
    rest = para.text[len(sentence) :].strip() if para.text.startswith(sentence) else para.text
    body = doc.body_after(para)[:1]
    return {
        "line": para.line,
        "area": spans.area_at(para.line),
        "title": rest or para.text,
        "quote": join([para, *body]),
        "in_text": True,
    }


def build_improvements(doc: Document, spans: Sections, draft: Draft) -> list[Entry]:
    boxes = boxed(doc, spans)
    return [
        compact(item)
        for item in sorted([*boxes, *in_text(doc, spans, boxes, draft)], key=lambda i: i["line"])
    ]
