"""Statistics: figures with their comparator and period, from infographics, tables and sentences.

Three layouts carry figures: the 'force in numbers' infographic (caption, force, value, England and
Wales, value), flattened tables (a header row naming the force and England and Wales, then
tab-separated rows) and running text. Value, comparator and period are cut from the text as
printed; the unit and the label are our own description.
"""

from __future__ import annotations

import re

from bot.importer.areas import Sections
from bot.importer.draft import Entry
from bot.importer.meta import MONTHS
from bot.importer.text import Document, Paragraph, key, sentences

_DATE = rf"\d{{1,2}} (?:{MONTHS}) \d{{4}}"
_PERIOD = re.compile(
    rf"(?:12 months|year|\d+ years|three months|six months) (?:to|ending) {_DATE}"
    rf"|as at {_DATE}"
    rf"|between (?:(?:{MONTHS}) )?(?:\d{{4}}(?:/\d{{2}})? )?and (?:(?:{MONTHS}) )?\d{{4}}(?:/\d{{2}})?"
    rf"|\b\d{{4}}/\d{{2}}\b"
)
_LEADING_YEAR = re.compile(r"^In (\d{4}),")
_WORD_FRACTION = (
    r"(?:(?:about|approximately|around|nearly|almost|over|more than|less than|fewer than) )?"
    r"(?:one|two|three|four) (?:half|halves|third|thirds|quarter|quarters|fifth|fifths)"
)
_NUMBER = re.compile(
    rf"(?P<value>(?<![\w.,/£+-])\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?:k\b)?"
    rf"|(?<![\w.,/£+-])\d+(?:\.\d+)?(?:k\b)?(?![\w/-])"
    rf"|(?<=£)\d[\d,]*(?:\.\d+)?(?:k|m| million| billion)?"
    rf"|\b{_WORD_FRACTION}\b)"
)
_NOT_A_FIGURE = re.compile(
    rf"^(?:(?:{MONTHS})\b|[ap]m\b|(?:calls?|figure|table|annex|month period)\b)"
    r"|^-(?:day|year|week|hour|month)",
    re.IGNORECASE,
)
_BEFORE_NOT_A_FIGURE = re.compile(
    r"(?:figure|table|recommendation|section|outcome|annex|chapter|page|paragraph|aged?|phase|tier|level|"
    r"stage|schedule|article|per|every)\s*$|[/-]$",
    re.IGNORECASE,
)
_COMPARATOR_CUE = re.compile(
    r"(?:compared with|compared to|than|average|rate (?:of|for)|figure (?:of|for)|in line with|"
    r"above|below|England and Wales)\b[^.]*$",
    re.IGNORECASE,
)
_NATIONAL = re.compile(r"England and Wales|all forces|national", re.IGNORECASE)
_PERCENT = re.compile(r"^\s*(?:%|per ?cent(?:age points?)?\b)", re.IGNORECASE)
_PER = re.compile(r"\bper (?:[\d,]+|one million|million|head of) ?[a-z]*", re.IGNORECASE)
_UNIT_STOP = (
    r"and|or|of|in|for|which|to|that|were|was|are|is|per|the|a|an|it|its|this|had|have|has|who|with|at|"
    r"on|by|from|as|than|compared|out"
)
_UNIT_WORDS = re.compile(
    rf"^\s*(?!(?:{_UNIT_STOP})\b)([a-z][\w'-]*(?:\s(?!(?:{_UNIT_STOP})\b)[a-z][\w'-]*){{0,1}})", re.IGNORECASE
)


def _is_year(value: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d\d", value))


def _period(text: str) -> str | None:
    match = _PERIOD.search(text)
    if match:
        return match.group(0)
    year = _LEADING_YEAR.match(text)
    return year.group(1) if year else None


def _unit(after: str) -> str:
    """The unit as printed right after the figure ('percent', '%', 'offences per 1,000 population');
    empty when the figure is a plain count the sentence names no unit for."""
    percent = _PERCENT.match(after)
    if percent:
        return percent.group(0).strip()
    out_of = re.match(r"\s*((?:out )?of [\d,]+\b)", after)
    if out_of:
        return out_of.group(1)
    per = _PER.match(after.strip())
    if per:
        return per.group(0)
    words = _UNIT_WORDS.match(after)
    unit = words.group(1).strip() if words else ""
    per = _PER.search(after[: len(unit) + 40])
    if unit and per and after.find(per.group(0)) == after.find(unit) + len(unit) + 1:
        unit = f"{unit} {per.group(0)}"
    return unit


_WEAK_START = re.compile(r"(?:are|is|were|was|to|and|out|them|from|have|has|had|only|as|in)\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"(?<!\d),|,(?!\d{3})|[;:.)](?:\s|$)|\s(?:which|making|while|so|but)\s")


def _label(sentence: str, start: int, end: int) -> str:
    """Our short description: the words after the figure in its clause, else the words before it."""
    after = _PERCENT.sub("", sentence[end:], count=1)
    stop = _CLAUSE_END.search(after)
    after = re.sub(r"^\s*(?:of|per)\s+", "", after[: stop.start()] if stop else after).strip(" (")
    if len(after.split()) >= 3 and not _WEAK_START.match(after):
        label = after
    else:
        before = sentence[:start].rstrip(" (£")
        cut = max((m.end() for m in _CLAUSE_END.finditer(before)), default=0)
        label = re.sub(
            r"\s+(?:of|at|was|were|is|are|by|to|about|around|approximately|only|some)$",
            "",
            before[cut:].strip(),
        )
        label = label or after
    label = re.sub(
        r"^(?:which |that |and |but |so )?(?:is|are|was|were|has|had|have)\s+", "", label.strip(" ,;:-")
    )
    return (label[:1].upper() + label[1:]) if label else "Figure"


def _figures(sentence: str) -> list[re.Match[str]]:
    periods = [m.span() for m in _PERIOD.finditer(sentence)]
    out = []
    for match in _NUMBER.finditer(sentence):
        value = match.group("value")
        start, end = match.span()
        if any(a <= start < b for a, b in periods) or _is_year(value.split()[0]):
            continue
        if _NOT_A_FIGURE.match(sentence[end:].lstrip()) or _BEFORE_NOT_A_FIGURE.search(sentence[:start]):
            continue
        out.append(match)
    return out


def _sentence_stats(doc: Document, para: Paragraph, spans: Sections, section: str | None) -> list[Entry]:
    out: list[Entry] = []
    said = sentences(re.sub(r"^\d+\.\s+", "", para.text))  # a numbered list item's number is no figure
    for i, sentence in enumerate(said):
        figures = _figures(sentence)
        if not figures:
            continue
        nxt = said[i + 1] if i + 1 < len(said) else ""
        compared: dict[int, tuple[str, str]] = {}
        for j, match in enumerate(figures):
            for later in figures[j + 1 :]:
                between = sentence[match.end() : later.start()]
                if _COMPARATOR_CUE.search(between) and _NATIONAL.search(sentence):
                    compared[j] = (later.group("value"), sentence)
                    break
        comparators = {v for v, _ in compared.values()}
        # 'This is well above the rate of 26.4 for England and Wales': the sentence's last figure
        next_figures = _figures(nxt) if nxt.startswith("This ") and _NATIONAL.search(nxt) else []
        last = max((j for j in range(len(figures)) if j not in compared), default=None)
        for j, match in enumerate(figures):
            value = match.group("value")
            if value in comparators and j not in compared:
                continue
            quote = sentence
            comparator = compared.get(j, (None, ""))[0]
            if comparator is None and j == last and len(next_figures) == 1:
                comparator = next_figures[0].group("value")
                quote = f"{sentence} {nxt}"
            entry: Entry = {
                "line": para.line,
                "area": spans.area_at(para.line),
                "section": section,
                "label": _label(sentence, *match.span()),
                "value": value,
                "unit": _unit(sentence[match.end() :]),
                "comparator": comparator,
                "period": _period(sentence),
                "quote": quote,
            }
            out.append(entry)
    return out


def _infographics(doc: Document, force: str, spans: Sections, section_of: dict[int, str]) -> list[Entry]:
    """Caption / force / value / England and Wales / value, in either order of the value lines."""
    out: list[Entry] = []
    lines = doc.text_lines
    nonblank = [n for n, t in enumerate(lines, 1) if t]
    pos = {n: i for i, n in enumerate(nonblank)}
    for n in nonblank:
        if key(lines[n - 1]) != key(force):
            continue
        window = [lines[m - 1] for m in nonblank[pos[n] : pos[n] + 4]]
        if len(window) < 4:
            continue
        value_re = re.compile(r"^([+-]?\d[\d,.]*)%?$")
        if key(window[2]) == "england and wales" and value_re.match(window[1]) and value_re.match(window[3]):
            value, comparator = window[1], window[3]
        elif (
            key(window[1]) == "england and wales" and value_re.match(window[2]) and value_re.match(window[3])
        ):
            value, comparator = window[2], window[3]
        else:
            continue
        caption_lines: list[str] = []
        m = n - 1
        while m > 0 and not lines[m - 1]:
            m -= 1
        while m > 0 and lines[m - 1] and not value_re.match(lines[m - 1]):
            caption_lines.insert(0, lines[m - 1])
            m -= 1
        if not caption_lines:
            continue
        caption = " ".join(caption_lines)
        quote = " ".join([caption, *window])
        period = _period(caption)
        if period is None:  # a footnote of the infographic (a '*' line) may give the period
            for later in nonblank[pos[n] : pos[n] + 40]:
                if lines[later - 1].startswith("*") and _period(lines[later - 1]):
                    period = _period(lines[later - 1])
                    break
        plain = value.rstrip("%").lstrip("+")
        per = _PER.search(caption)
        out.append(
            {
                "line": m + 1,
                "area": spans.area_at(n),
                "section": section_of.get(n),
                "label": re.sub(r"\s*(?:\d+ months|as at|year ending).*$", "", caption) or caption,
                "value": plain,
                "unit": "%" if value.endswith("%") else (per.group(0) if per else ""),
                "comparator": comparator.rstrip("%").lstrip("+"),
                "period": period,
                "quote": quote,
            }
        )
    return out


def _tables(doc: Document, force: str, spans: Sections, section_of: dict[int, str]) -> list[Entry]:
    """Rows of flattened tables whose header names the force and England and Wales."""
    out: list[Entry] = []
    for n, raw in enumerate(doc.raw_lines, 1):
        cells = [c.strip() for c in raw.split("\t")]
        if len(cells) < 3 or key(cells[-2]) != key(force) or key(cells[-1]) != "england and wales":
            continue
        caption = next(
            (
                doc.text(m)
                for m in range(n - 1, max(n - 6, 0), -1)
                if doc.text(m).startswith(("Figure", "Table"))
            ),
            "",
        )
        period = _period(caption)
        heading = " ".join(c for c in cells[:-2] if c)
        per = _PER.search(heading) or _PER.search(caption)
        row = n + 1
        while row <= len(doc.raw_lines) and doc.raw_lines[row - 1].count("\t") == len(cells) - 1:
            *labels, value, comparator = (c.strip() for c in doc.raw_lines[row - 1].split("\t"))
            if re.fullmatch(r"[\d.,]+", value) and re.fullmatch(r"[\d.,]+", comparator):
                out.append(
                    {
                        "line": row,
                        "area": spans.area_at(row),
                        "section": section_of.get(row),
                        "label": " ".join(x for x in labels if x).rstrip("*"),
                        "value": value,
                        "unit": per.group(0) if per else "",
                        "comparator": comparator,
                        "period": period,
                        "quote": doc.text(row),
                    }
                )
            row += 1
    return out


def build_statistics(doc: Document, force: str, spans: Sections) -> list[Entry]:
    section_of: dict[int, str] = {}
    current: str | None = None
    for n, text in enumerate(doc.text_lines, 1):
        if text and n not in doc.toc_lines and key(text) in doc.toc_titles:
            current = text
        if current:
            section_of[n] = current
    items = _infographics(doc, force, spans, section_of) + _tables(doc, force, spans, section_of)
    taken = {i["line"] for i in items}
    for para in doc.paragraphs:
        if para.line in taken or doc.is_footnote(para) or not para.body or para.line >= spans.end:
            continue
        section = section_of.get(para.line) if spans.area_at(para.line) is None else None
        items.extend(_sentence_stats(doc, para, spans, section))
    return sorted(items, key=lambda i: (i["line"], i["quote"].find(i["value"])))
