"""The ``report:`` block: round, title, force, inspectorate, publication date, label and caveat."""

from __future__ import annotations

import re
from collections import Counter

from bot.importer.draft import Draft, Entry
from bot.importer.framework import ROUNDS, Round
from bot.importer.text import Document, key, sentences

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_PUBLISHED_LINE = re.compile(rf"^({MONTHS}) \d{{4}}(?=$|\s*\|)")
_INSPECTION_OF = re.compile(r"^An inspection of (?P<force>.+?)\.?$")
_ROUND_LABEL = re.compile(r"\b(?P<label>(?P<y1>20\d\d)/(?P<y2>\d\d))\b")
_YEAR = re.compile(r"\b(?P<year>20\d\d)\b")
_CAVEAT = re.compile(r"(isn't|is not|not) possible to make direct comparisons|cannot be (directly )?compared")


def detect_round(doc: Document) -> Round:
    """The round whose standard area names occur most often as lines of the report."""

    def hits(round_: Round) -> int:
        return sum(
            bool(doc.lines_matching(a.name)) or a.name.casefold() in doc.raw.casefold() for a in round_.areas
        )

    return max(ROUNDS, key=hits)


def _front_lines(doc: Document) -> list[tuple[int, str]]:
    """Non-blank lines before the contents (or the first 40 lines)."""
    out = []
    for n, text in enumerate(doc.text_lines[:60], 1):
        if key(text) == "contents":
            break
        if text:
            out.append((n, text))
    return out


def build_meta(
    doc: Document, round_: Round, draft: Draft, report_id: str | None, seed: str, published: str | None = None
) -> Entry:
    front = _front_lines(doc)
    force, force_line = None, None
    for i, (n, text) in enumerate(front):
        # a long name wraps onto the cover's next line (no blank line between)
        while i + 1 < len(front) and front[i + 1][0] == n + 1 and _INSPECTION_OF.match(text):
            i, n = i + 1, n + 1
            text = f"{text} {front[i][1]}"
        match = _INSPECTION_OF.match(text)
        if match:
            force, force_line = _ARTICLE.sub("", match.group("force")), n
            break
    start = next((i for i, (_, t) in enumerate(front) if t.upper().startswith("PEEL")), None)
    if force is None or start is None or force_line is None:
        force = force or _most_named_force(doc)
        draft.note(
            "report.title / report.force",
            front[0][0] if front else 1,
            "no 'PEEL …' title followed by 'An inspection of <force>' before the contents; the title is "
            f"the first lines and the force the one the text names most ({force}): check both",
        )
        title_lines = [t for _, t in front[:3]]
    else:
        title_lines = [t for n, t in front[start:] if n <= force_line]
    title = " ".join(title_lines)

    label, year, aliases = _label(title, draft)
    published = published or _published(doc, draft)
    if label is None:
        year = int(published.split()[1]) if published else 2000
        label = str(year)
    if published is None:
        published = "January " + str(year)
    pub_year = int(published.split()[1])
    if "/" not in label and str(pub_year) != label:
        aliases.append(str(pub_year))

    inspectorate = next((name for name in ("HMICFRS", "HMIC") if re.search(rf"\b{name}\b", doc.raw)), None)
    if inspectorate is None:
        inspectorate = round_.inspectorate
        draft.note(
            "report.inspectorate", None, f"the report never names its inspectorate; used {inspectorate}"
        )

    meta: Entry = {
        "id": report_id or _default_id(label, force, title),
        "title": title,
        "force": force,
        "inspectorate": inspectorate,
        "published": published,
        "label": label,
        "year": year,
        "aliases": aliases,
        "grade_scale": list(round_.grade_scale),
        "seed": seed,
    }
    caveat = _caveat(doc)
    if caveat:
        meta["caveat"] = caveat
    return meta


# 'Kent Police', 'Avon and Somerset Constabulary', 'Dyfed-Powys Police', 'City of London Police',
# 'Metropolitan Police Service' ('the' before a name is not part of it)
_FORCE_NAME = re.compile(
    r"\b(?:[A-Z][a-z]+(?:-[A-Z][a-z]+)*(?: (?:and|&|of))? )+(?:Police Service|Police|Constabulary)\b"
)
_ARTICLE = re.compile(r"^(?:the|The) ")


def _most_named_force(doc: Document) -> str:
    names = Counter(_ARTICLE.sub("", m.group(0)) for m in _FORCE_NAME.finditer(" ".join(doc.text_lines)))
    return names.most_common(1)[0][0] if names else "Unknown force"


def _label(title: str, draft: Draft) -> tuple[str | None, int, list[str]]:
    match = _ROUND_LABEL.search(title)
    if match:
        y1, y2 = int(match.group("y1")), int(match.group("y2"))
        full2 = y1 // 100 * 100 + y2
        label = match.group("label")
        aliases = [str(y1), str(full2), f"{y1}-{y2:02d}", f"{y1}/{full2}", f"{y1 % 100:02d}/{y2:02d}"]
        return label, y1, aliases
    match = _YEAR.search(title)
    if match:
        y1 = int(match.group("year"))
        nxt = (y1 + 1) % 100
        return str(y1), y1, [f"{y1}/{nxt:02d}", f"{y1}-{nxt:02d}", f"{y1 % 100:02d}/{nxt:02d}"]
    draft.note("report.label / report.year", None, "the title names no inspection year")
    return None, 2000, []


def _published(doc: Document, draft: Draft) -> str | None:
    for n, text in enumerate(doc.text_lines, 1):
        if n > 60 and n < len(doc.text_lines) - 40:
            continue  # the publication date sits on the cover or the last page
        match = _PUBLISHED_LINE.match(text)
        if match:
            return match.group(0)
    draft.note(
        "report.published",
        None,
        "the report states no publication date on its cover or last page; wrote January of the "
        "inspection year: replace it with the date on the inspectorate's page (or pass --published)",
    )
    return None


def _caveat(doc: Document) -> str | None:
    for para in doc.paragraphs:
        for sentence in sentences(para.text):
            if _CAVEAT.search(sentence) and "grade" in sentence.casefold():
                return sentence
    return None


def _default_id(label: str, force: str, title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", force.casefold()).strip("-")
    slug = re.sub(r"-(police|constabulary|police-service)$", "", slug)
    pillar = re.search(r"Police (effectiveness|efficiency|legitimacy) \d{4}", title)
    middle = re.sub(r"[^0-9]+", "-", label).strip("-") + (f"-{pillar.group(1)}" if pillar else "")
    return f"peel-{middle}-{slug}"
