"""Causes of concern, their recommendations, and whether the report says each was alleviated.

A cause of concern is stated in a 'Cause of concern' box with a 'Recommendations' box after it.
Progress on an earlier one is told in running text: 'To address this cause of concern, HMIC
recommended …' followed, a few paragraphs on, by '… has (not) been alleviated'. Each such passage
is matched to a box by wording; a passage that matches no box is an earlier cause of concern of its
own (its status sentence says whether it was alleviated).
"""

from __future__ import annotations

import re

from bot.importer.areas import Sections
from bot.importer.draft import Draft, Entry
from bot.importer.improvements import point_text, points_after
from bot.importer.text import Document, Paragraph, first_sentence, overlap, sentences

_RECOMMENDED = re.compile(r"^To address this cause of concern,? (?:\w+ )?recommended\b", re.IGNORECASE)
_STATUS = re.compile(r"\bcause of concern\b.*\b(?:has|have) (?P<not>not )?been alleviated\b", re.IGNORECASE)
_ALLEVIATED = re.compile(r"\b(?:has|have) (?P<not>not )?(?:been )?alleviated\b", re.IGNORECASE)
SAME_CONCERN = 0.35
STATUS_REACH = 14  # paragraphs after the recommendation where its status sentence may be


def _boxes(doc: Document, spans: Sections) -> list[Entry]:
    concerns: list[Entry] = []
    for para in doc.paragraphs:
        kind = doc.block_kind(para)
        first = doc.next_paragraph(para)
        if first is None or doc.block_kind(first):
            continue
        if kind == "concern":
            concerns.append(
                {
                    "line": first.line,
                    "area": spans.area_at(para.line),
                    "title": first_sentence(first.text),
                    "quote": first.quote,
                    "recommendations": [],
                }
            )
        elif kind == "recommendation" and concerns and not concerns[-1]["recommendations"]:
            rec: Entry = {"line": first.line, "quote": first.text}
            bullets = points_after(doc, first)
            if bullets:
                rec["points"] = [point_text(b) for b in bullets]
            concerns[-1]["recommendations"].append(rec)
    return concerns


def _status(doc: Document, start: Paragraph) -> tuple[str, int, bool] | None:
    for n, para in enumerate(doc.after(start)):
        if n >= STATUS_REACH or _RECOMMENDED.search(para.text):
            return None
        for sentence in sentences(para.text):
            match = _STATUS.search(sentence) or (
                "cause of concern" in sentence.casefold() and _ALLEVIATED.search(sentence)
            )
            if match:
                return sentence, para.line, not match.group("not")
    return None


def build_concerns(doc: Document, spans: Sections, draft: Draft) -> list[Entry]:
    concerns = _boxes(doc, spans)
    boxed_lines = {c["line"] for c in concerns} | {r["line"] for c in concerns for r in c["recommendations"]}
    passages = [p for p in doc.paragraphs if _RECOMMENDED.search(p.text) and p.line not in boxed_lines]
    for para in passages:
        before = doc.previous_paragraph(para)
        context = (before.text if before else "") + " " + first_sentence(para.text)
        scored = sorted(
            (
                (overlap(context, c["quote"] + " " + " ".join(r["quote"] for r in c["recommendations"])), i)
                for i, c in enumerate(concerns)
                if "status" not in c
            ),
            reverse=True,
        )
        status = _status(doc, para)
        if scored and scored[0][0] >= SAME_CONCERN:
            concern = concerns[scored[0][1]]
        else:
            if before is None or not before.body:
                draft.note(
                    "concerns",
                    para.line,
                    "a cause-of-concern recommendation with no paragraph stating the concern",
                )
                continue
            concern = {
                "line": before.line,
                "area": spans.area_at(para.line),
                "quote": before.quote,
                "recommendations": [{"line": para.line, "quote": first_sentence(para.text)}],
            }
            concerns.append(concern)
        if status is None:
            draft.note(
                f"concerns (line {concern['line']})",
                para.line,
                "the report follows up this cause of concern but no sentence says whether it has been "
                "alleviated",
            )
            concern["status"] = None
            continue
        sentence, _, alleviated = status
        concern["status"] = sentence
        concern["alleviated"] = alleviated
    out = []
    for concern in sorted(concerns, key=lambda c: c["line"]):
        entry = {k: v for k, v in concern.items() if v not in (None, [], False)}
        out.append(entry)
    return out
