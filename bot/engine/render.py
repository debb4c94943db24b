"""Block Kit rendering of knowledge entries, built with slack_sdk's block models.

Every fact is shown verbatim from knowledge; every piece of text is escaped for mrkdwn.
Each entry names its report (title, published) and the section it belongs to.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import singledispatch

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.engine.commands import COMMANDS, KIND_NAMES
from bot.engine.text import escape_mrkdwn, quote_lines, split_text, truncate
from bot.knowledge.loader import Entry, KnowledgeBase
from bot.knowledge.models import (
    UNGRADED,
    Area,
    Concern,
    EntryItem,
    Finding,
    Improvement,
    Inconsistency,
    NationalRecommendation,
    Practice,
    Recommendation,
    ReportMeta,
    Statistic,
)
from bot.knowledge.provenance import fold

CURRENCY_SYMBOLS = "£$€"
HEADER_LIMIT = 150
CONTEXT_LIMIT = 2000
CONTEXT_ESTIMATE = 250  # characters of a typical report-and-section context line

GRADE_MARKERS = {
    "outstanding": ":star2:",
    "good": ":large_green_circle:",
    "adequate": ":large_yellow_circle:",
    "requires improvement": ":large_orange_circle:",
    "inadequate": ":red_circle:",
}
UNGRADED_MARKER = ":white_circle:"
OTHER_GRADE_MARKER = ":large_blue_circle:"  # a grade outside the five-tier vocabulary


escape = escape_mrkdwn


def grade_marker(grade: str | None) -> str:
    """The one emoji used for a grade everywhere (ungraded areas get a white circle)."""
    if grade is None or grade == UNGRADED:
        return UNGRADED_MARKER
    return GRADE_MARKERS.get(grade.lower(), OTHER_GRADE_MARKER)


def kind_name(kind: str, count: int = 1) -> str:
    """'area for improvement' / 'areas for improvement' and so on."""
    singular, plural = KIND_NAMES.get(kind, (kind, kind))
    return singular if count == 1 else plural


# --------------------------------------------------------------------------- small builders


def mrkdwn(text: str) -> MarkdownTextObject:
    return MarkdownTextObject(text=text)


def sections(text: str) -> list[Block]:
    """One or more section blocks for mrkdwn text; text over Slack's limit is split at line ends."""
    return [SectionBlock(text=mrkdwn(chunk)) for chunk in split_text(text)]


def context(*parts: str) -> ContextBlock:
    """A context line of already-escaped mrkdwn parts joined by middle dots."""
    return ContextBlock(elements=[mrkdwn(truncate(" · ".join(p for p in parts if p), CONTEXT_LIMIT))])


def header(text: str) -> HeaderBlock:
    return HeaderBlock(text=truncate(text, HEADER_LIMIT))


def divider() -> DividerBlock:
    return DividerBlock()


def report_name(report: ReportMeta) -> str:
    """Escaped 'Title (Published)' naming a report."""
    return f"{escape(report.title)} ({escape(report.published)})"


def verbatim(text: str) -> str:
    """Verbatim knowledge text as escaped mrkdwn lines: wrapped lines joined, list items as bullets."""
    lines: list[str] = []
    for paragraph in text.split("\n\n"):
        current = ""
        for raw in paragraph.splitlines():
            line = raw.strip()
            if not line:
                continue
            if line.startswith(("- ", "• ")):
                if current:
                    lines.append(current)
                current = "• " + line[2:].strip()
            else:
                current = f"{current} {line}" if current else line
        if current:
            lines.append(current)
        lines.append("")
    return "\n".join(escape(line) for line in lines).strip("\n")


def quoted(text: str) -> str:
    """Verbatim text as a mrkdwn block quote."""
    return quote_lines(verbatim(text))


def _folded(text: str) -> str:
    return fold(text).lower()


def _contains(folded_haystack: str, needle: str | None) -> bool:
    return needle is not None and needle != "" and _folded(needle) in folded_haystack


def _body(title: str | None, quote: str, lead: str | None = None, points: Sequence[str] = ()) -> str:
    """Title (bold, unless the quote already holds it), the quote, then any lead and points it lacks."""
    folded = _folded(quote)
    parts = []
    if title and not _contains(folded, title):
        parts.append(f"> *{verbatim(title)}*")
    parts.append(quoted(quote))
    if lead and not _contains(folded, lead):
        parts.append(quoted(lead))
    parts += [f"> • {verbatim(p)}" for p in points if not _contains(folded, p)]
    return "\n".join(parts)


# --------------------------------------------------------------------------- entries


def area_line(area: Area) -> str:
    """'marker *Grade* — Area name' for one area."""
    grade = area.grade or UNGRADED
    return f"{grade_marker(area.grade)} *{escape(grade)}* — {escape(area.name)}"


def grade_caveats(area: Area, inconsistencies: Iterable[Inconsistency]) -> list[str]:
    """Under an area's grade, each place the report contradicts that grade: '⚠️ Caveat: Serious and
    organised crime is graded Good, but one summary sentence says … Grade shown: Good.'"""
    return [
        f"⚠️ _Caveat: {escape(item.title)}. Grade shown: {escape(item.reading)}._"
        for item in inconsistencies
        if item.area == area.id and item.reading.lower() == (area.grade or "").lower()
    ]


@singledispatch
def _item_text(item: EntryItem, parent: Concern | None) -> str:
    """The escaped mrkdwn body of one item; ``parent``: a recommendation's cause of concern."""
    raise TypeError(f"no rendering for {type(item).__name__}")


@_item_text.register
def _area_text(area: Area, parent: Concern | None = None) -> str:
    text = area_line(area)
    if area.judgment:
        text += "\n" + quoted(area.judgment)
    return text


@_item_text.register
def _improvement_text(item: Improvement, parent: Concern | None = None) -> str:
    return "*Area for improvement*\n" + _body(item.title, item.quote, item.points_lead, item.points)


@_item_text.register
def _recommendation_text(rec: Recommendation, parent: Concern | None) -> str:
    head = "*Recommendation*"
    if parent is not None and parent.title:
        head += f" — addressing the cause of concern “{escape(parent.title)}”"
    return head + "\n" + _body(None, rec.quote, None, rec.points)


@_item_text.register
def _concern_text(item: Concern, parent: Concern | None = None) -> str:
    text = "*Cause of concern*"
    if item.status:
        label = "alleviated" if item.alleviated else "not alleviated"
        text += f" ({label}: _{escape(item.status)}_)"
    text += "\n" + _body(item.title, item.quote)
    for rec in item.recommendations:
        text += "\n\n" + _recommendation_text(rec, None)
    return text


@_item_text.register
def _national_text(item: NationalRecommendation, parent: Concern | None = None) -> str:
    text = "*National recommendation*\n" + _body(item.title, item.quote)
    text += f"\n*Progress:* {escape(item.status)}"
    if item.progress and not _contains(_folded(item.quote), item.progress):
        text += "\n" + quoted(item.progress)
    return text


@_item_text.register
def _practice_text(item: Practice, parent: Concern | None = None) -> str:
    return "*Innovative practice*\n" + _body(item.title, item.quote)


def with_unit(value: str, unit: str) -> str:
    """A figure with a unit as printed, e.g. '87.6%' or '29.8 per 1,000 population'."""
    unit = unit.strip()
    if unit == "%":
        return f"{value}%"
    if unit and unit[0] in CURRENCY_SYMBOLS:  # '£ per head' reads '£32 per head'
        return f"{unit[0]}{value} {unit[1:].strip()}".strip()
    return f"{value} {unit}".strip()


def statistic_value(item: Statistic) -> str:
    """The statistic's figure with its unit."""
    return with_unit(item.value, item.unit)


def comparator_value(item: Statistic) -> str | None:
    """The comparator in the same unit as the figure, so '82.2%' is set against '83.3%', not '83.3'."""
    return None if item.comparator is None else with_unit(item.comparator, item.unit)


@_item_text.register
def _statistic_text(item: Statistic, parent: Concern | None = None) -> str:
    text = f"*{escape(item.label)}:* *{escape(statistic_value(item))}*"
    comparator = comparator_value(item)
    if comparator is not None:
        text += f"\n{escape(item.comparator_label)}: *{escape(comparator)}*"
    if item.period:
        text += f"\nPeriod: {escape(item.period)}"
    return text + "\n" + quoted(item.quote)


@_item_text.register
def _finding_text(item: Finding, parent: Concern | None = None) -> str:
    text = "*Finding*"
    if item.section:
        text += f" — _{escape(item.section)}_"
    return text + "\n" + _body(item.title, item.quote)


@_item_text.register
def _inconsistency_text(item: Inconsistency, parent: Concern | None = None) -> str:
    text = f"*Inconsistency in the report:* {escape(item.title)}\n" + quoted(item.quote)
    for other in item.other_quotes:
        text += "\n>\n" + quoted(other)
    return text + f"\n*Reading used:* {escape(item.reading)} — {escape(item.why)}"


def entry_text(entry: Entry) -> str:
    """The escaped mrkdwn body of one entry (without its report/section context line)."""
    return _item_text(entry.item, entry.parent)


def entry_context(entry: Entry) -> ContextBlock:
    """The line naming an entry's report and section."""
    section = entry.item.section if isinstance(entry.item, Statistic) and entry.item.section else None
    return context(report_name(entry.report), f"Section: {escape(section or entry.area.name)}")


def entry_blocks(entry: Entry) -> list[Block]:
    """One finding of any kind, with its report and section named underneath."""
    return [*sections(entry_text(entry)), entry_context(entry)]


# --------------------------------------------------------------------------- overviews


def report_grades_text(
    report: ReportMeta, areas: Iterable[Area], inconsistencies: Sequence[Inconsistency] = ()
) -> str:
    """Every area of a report as 'marker *Grade* — name' lines, overall judgment first, each with
    the caveats on its grade (``grade_caveats``)."""
    ordered = sorted(areas, key=lambda a: not a.overall)
    lines = [f"*{report_name(report)}*"]
    for area in ordered:
        lines += [area_line(area), *grade_caveats(area, inconsistencies)]
    return "\n".join(lines)


def grades_overview_blocks(kb: KnowledgeBase, report_ids: Sequence[str] | None = None) -> list[Block]:
    """Every report's grades at a glance, newest report first (App Home and `/peel summary`)."""
    blocks: list[Block] = []
    by_id = {r.meta.id: r for r in kb.reports}
    for report in (by_id[rid] for rid in report_ids) if report_ids is not None else kb.reports:
        if blocks:
            blocks.append(divider())
        blocks += sections(report_grades_text(report.meta, report.data.areas, report.data.inconsistencies))
        if report.meta.caveat:
            blocks.append(context(f"_{escape(report.meta.caveat)}_"))
    return blocks


def _forces(count: int) -> str:
    return f"{count} force{'s' if count != 1 else ''}"


def _area_title(area: Area) -> str:
    return area.label or area.name


def force_grid(
    entries: Sequence[Entry],
    forces: Sequence[str],
    highlight: str | None,
    *,
    mine: bool = True,
    caveats: Mapping[str, Sequence[str]] | None = None,
) -> tuple[str, str]:
    """One round's grades for an area, force by force, grouped by grade (best first) with counts:
    the escaped mrkdwn grid and its plain one-line summary. ``entries`` are the matched areas of
    the round's reports (one per force); ``forces`` every force with a report in the round;
    ``highlight`` is shown in bold (marked as the user's force when ``mine``); ``caveats`` are an
    entry's ``grade_caveats`` by uid: its force is marked ⚠️ and each is a line under the grid."""
    caveats = caveats or {}
    first = next((e for e in entries if e.report.force == highlight), entries[0])
    area = first.item
    title = _area_title(area) if isinstance(area, Area) else first.area.name
    scale = list(first.report.grade_scale)
    by_grade: dict[str, list[Entry]] = {}
    for entry in entries:
        grade = entry.item.grade if isinstance(entry.item, Area) else None
        by_grade.setdefault(grade or UNGRADED, []).append(entry)
    order = sorted(by_grade, key=lambda g: scale.index(g) if g in scale else len(scale))
    counts = ", ".join(f"{_forces(len(by_grade[g]))} {g}" for g in order)
    head = f"{title}, PEEL {first.report.label}: {counts}"
    lines = [f"*{escape(head)}*"]
    for grade in order:
        names = []
        for entry in sorted(by_grade[grade], key=lambda e: (e.report.force != highlight, e.report.force)):
            name = escape(entry.report.force)
            if entry.report.force == highlight:
                name = f"*{name}*" + (" (your force)" if mine else "")
            other = entry.item
            if isinstance(other, Area) and _area_title(other) != title:
                name += f" (_{escape(_area_title(other))}_)"
            if caveats.get(entry.uid):
                name += " ⚠️"
            names.append(name)
        lines.append(f"{grade_marker(grade)} *{escape(grade)}* ({len(names)}) — {', '.join(names)}")
    shown = {e.report.force for e in entries}
    unmatched = [f for f in dict.fromkeys(forces) if f not in shown]
    if unmatched:
        lines.append(f"{UNGRADED_MARKER} No matching area — {escape(', '.join(unmatched))}")
    lines += [f"{line} ({escape(e.report.force)})" for e in entries for line in caveats.get(e.uid, ())]
    return "\n".join(lines), head


def standing_line(area: Area, others: Sequence[tuple[str, Area]], scale: Sequence[str]) -> str:
    """An area of the user's force and where its grade stands among other forces' grades for the
    same area in the same round: '… · vs 2 other forces: 1 higher, 1 same, 0 lower'."""
    line = area_line(area)
    rank = {g: i for i, g in enumerate(scale)}
    mine = rank.get(area.grade or "")
    graded = [r for _, a in others if (r := rank.get(a.grade or "")) is not None]
    if mine is None or not graded:
        return line
    higher = sum(r < mine for r in graded)
    same = sum(r == mine for r in graded)
    lower = len(graded) - higher - same
    others_text = _forces(len(graded)).replace(" ", " other ")
    return f"{line} · vs {others_text}: {higher} higher, {same} same, {lower} lower"


def caveat_blocks(report: ReportMeta, others: int = 0) -> list[Block]:
    """The report's own caveat about comparing grades, quoted and attributed.

    ``others`` counts further reports giving the same caveat word for word (shown once).
    """
    if not report.caveat:
        return []
    source = f"Caveat from {report_name(report)}"
    if others:
        source += f" and {others} other report{'s' if others > 1 else ''}"
    return [*sections(quoted(report.caveat)), context(source)]




def _examples(kb: KnowledgeBase | None) -> list[str]:
    if kb is None or not kb.reports:
        return ["/peel grade <area>", "/peel aoi <topic> <year>", "/peel summary latest"]
    newest, oldest = kb.reports[0], kb.reports[-1]
    graded = [a for a in newest.data.areas if a.graded and not a.overall] or newest.data.areas
    area = graded[0]
    area_words = (area.label or area.name).lower()
    return [
        f"/peel grade {area_words}",
        f"/peel compare {area_words}",
        f"/peel aoi {oldest.meta.label}",
        f"/peel summary {newest.meta.label}",
        f"/peel find {area_words}",
    ]


def help_blocks(kb: KnowledgeBase | None = None) -> list[Block]:
    """The command cheat-sheet; with a knowledge base the examples use its real areas and years."""
    lines = [
        f"`/peel {c.name}{' ' + escape(c.args) if c.args else ''}` — {escape(c.help)}" for c in COMMANDS
    ]
    lines.append(
        "`/peel <a question>` — asked in your own words (“how many 999 calls are answered?”), "
        "read as the command it asks for; anything else is searched like `find`"
    )
    examples = " · ".join(f"`{escape(e)}`" for e in _examples(kb))
    years = "Add a year anywhere (e.g. `latest`"
    if kb is not None and kb.reports:
        years += ", " + ", ".join(f"`{escape(r.meta.label)}`" for r in kb.reports)
    years += "); without one every report is shown, newest first. Add `public` to post in the channel."
    return [
        header("PEEL inspection findings"),
        *sections("\n".join(lines)),
        context(years),
        context(f"Try: {examples}"),
    ]
