"""From report text to a verified draft: run the extractors, place, name and check every entry."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TypedDict, Unpack

from bot.importer import meta as meta_module
from bot.importer.areas import Sections, build_areas
from bot.importer.concerns import build_concerns
from bot.importer.draft import Draft, Entry
from bot.importer.headed import build_findings, build_practices
from bot.importer.improvements import build_improvements
from bot.importer.keywords import Vocabulary
from bot.importer.national import build_national
from bot.importer.statistics import build_statistics
from bot.importer.text import Document, content_words, similarity
from bot.importer.verify import verified
from bot.knowledge.provenance import normalise_seed, strip_markup

ID_PREFIX = {
    "improvements": "afi",
    "concerns": "concern",
    "national_recommendations": "national",
    "practices": "practice",
    "findings": "finding",
    "statistics": "stat",
}
ID_WORDS = 5


class Overrides(TypedDict, total=False):
    """What the maintainer sets instead of reading it from the text (``peel-bot import`` options)."""

    report_id: str | None
    published: str | None
    label: str | None
    aliases: list[str] | None


def import_report(path: Path, root: Path, **overrides: Unpack[Overrides]) -> Draft:
    """Import the report at ``path``; its ``seed`` is written relative to ``root``."""
    seed = Path(os.path.relpath(path.resolve(), root.resolve())).as_posix()
    return import_text(path.read_text(encoding="utf-8"), seed, **overrides)


def import_text(
    raw: str,
    seed: str,
    report_id: str | None = None,
    published: str | None = None,
    label: str | None = None,
    aliases: list[str] | None = None,
) -> Draft:
    """Draft a knowledge file from a report's text (``seed`` is the path the file will cite)."""
    doc = Document(raw)
    round_ = meta_module.detect_round(doc)
    draft = Draft()
    meta = meta_module.build_meta(doc, round_, draft, report_id, seed, published)
    if label is not None:
        meta["label"] = label
    if aliases is not None:
        meta["aliases"] = aliases
    areas, inconsistencies, spans = build_areas(doc, round_, draft)
    if not areas:
        raise ValueError("no area of a known PEEL round was found in this text: is it a PEEL report?")
    data: Entry = {
        "report": meta,
        "areas": areas,
        "improvements": build_improvements(doc, spans, draft),
        "concerns": build_concerns(doc, spans, draft),
        "national_recommendations": build_national(doc, spans, draft),
        "practices": build_practices(doc, spans),
        "findings": build_findings(doc, spans),
        "statistics": build_statistics(doc, meta["force"], spans),
        "inconsistencies": inconsistencies,
    }
    draft.data = data
    _place(data, spans)
    _name(data)
    _keywords(data, doc, spans)
    verified(draft, normalise_seed(raw))
    draft.review.sort(key=lambda note: (note.line or 0, note.what))
    return draft


def _place(data: Entry, spans: Sections) -> None:
    """Give items outside any area's section (overview, observations) the area they talk about."""
    areas = data["areas"]
    overall = next((a["id"] for a in areas if a.get("overall")), None)
    profiles = {a["id"]: " ".join([a["name"], a.get("label") or "", a.get("judgment") or ""]) for a in areas}
    for list_name in ID_PREFIX:
        for item in data[list_name]:
            if item.get("area"):
                profiles[item["area"]] += " " + (item.get("title") or "")
    for list_name in ID_PREFIX:
        for item in data[list_name]:
            if item.get("area"):
                continue
            if overall is not None:
                item["area"] = overall
                continue
            text = (item.get("title") or "") + " " + item["quote"]
            item["area"] = max(areas, key=lambda a: (similarity(profiles[a["id"]], text), -areas.index(a)))[
                "id"
            ]


def _slug(text: str, skip: frozenset[str] = frozenset()) -> str:
    words = [
        w
        for w in re.findall(r"[a-z0-9]+", text.casefold())
        if (w in content_words(w) or w.isdigit()) and w not in skip
    ]
    return "-".join(words[:ID_WORDS]) or "item"


def _name(data: Entry) -> None:
    """Stable ids from each item's own words, unique within the file."""
    taken = {a["id"] for a in data["areas"]} | {i["id"] for i in data["inconsistencies"]}
    force_words = frozenset(re.findall(r"[a-z0-9]+", data["report"]["force"].casefold()))

    def claim(base: str) -> str:
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        taken.add(candidate)
        return candidate

    for list_name, prefix in ID_PREFIX.items():
        for item in data[list_name]:
            words = f"{item['label']} {item['value']}" if list_name == "statistics" else item.get("title")
            if list_name == "national_recommendations" or not words:
                words = item["quote"]
            item["id"] = claim(f"{prefix}-{_slug(words, force_words)}")
            for n, rec in enumerate(item.get("recommendations", []), 1):
                rec["id"] = claim(f"rec-{item['id'].removeprefix('concern-')}" + (f"-{n}" if n > 1 else ""))


def _keywords(data: Entry, doc: Document, spans: Sections) -> None:
    vocab = Vocabulary(doc.raw)
    starts = {area_id: line for line, area_id in spans.starts}
    ordered = sorted(spans.starts)
    for area in data["areas"]:
        start = starts.get(area["id"])
        if start is None:
            text = area["name"]
        else:
            following = [line for line, _ in ordered if line > start]
            end = following[0] if following else spans.end
            text = "\n".join(doc.raw_lines[start - 1 : end - 1])
        words = vocab.for_area(area.get("label"), strip_markup(text))
        if words:
            area["keywords"] = words
    for list_name in ID_PREFIX:
        for item in data[list_name]:
            words = vocab.for_item(" ".join([item.get("title") or "", item["quote"]]))
            if words:
                item["keywords"] = words
