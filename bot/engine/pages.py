"""Pages of an answer: what stays together on a page, and each entry's page unit built once.

``Units`` works out every entry's size up front (so an answer of 200 results is cut into pages
without rendering them) and renders the entries of the first RENDER_CACHE (areas first) at build;
the rest render on first use and stay in a bounded cache. ``pack`` cuts an answer's units into
pages of whole units.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import chain
from typing import Any

from slack_sdk.models.blocks import Block

from bot.engine import render
from bot.engine.text import escape_mrkdwn, split_text
from bot.knowledge.loader import Entry, KnowledgeBase
from bot.knowledge.models import Area, Inconsistency, ReportMeta

PAGE_CHAR_BUDGET = 12_000  # keeps one message readable; Slack's own limits are far higher
RENDER_CACHE = 4096  # rendered entries kept per engine
MAX_TIED_AREAS = 3  # areas of one report shown together when they match about equally


@dataclass(slots=True)  # one per entry: no __dict__ each
class Unit:
    """What stays together on one page: one entry, a note or a caveat.

    Entries are rendered only when their page is shown; ``size`` (blocks) and ``chars`` are known
    beforehand so pages can be cut without rendering everything.
    """

    size: int
    chars: int
    report_id: str = ""
    counted: bool = True  # False for notes that are not results (ties, caveats)
    blocks: list[dict[str, Any]] | None = None
    uid: str = ""
    shows: tuple[str, ...] = ()  # entries a unit without a uid shows (a report's grades)

    @classmethod
    def of(cls, blocks: Sequence[Block], report_id: str = "", counted: bool = True) -> Unit:
        dicts = [b.to_dict() for b in blocks]
        return cls(len(dicts), sum(_text_length(b) for b in dicts), report_id, counted, dicts)


@dataclass
class Answer:
    """What a command found, before it is paginated into a Reply."""

    title: str
    lead: str  # escaped mrkdwn shown under the title
    units: list[Unit] = field(default_factory=list)
    noun: tuple[str, str] = ("result", "results")
    fallback: str = ""
    tail: list[Block] = field(default_factory=list)  # shown after the last result
    capped: bool = False  # True when more than MAX_RESULTS matched and only the best are paged
    found: bool = True  # False for "No … matches"
    notes: list[str] = field(default_factory=list)  # escaped mrkdwn context lines under the lead
    # a no-match's "Did you mean" is worked out only if this answer is the one shown (a question
    # tries several readings; the ones passed over never pay for their suggestions)
    deferred: Callable[[], list[Unit]] | None = None

    def settle(self) -> None:
        """Build the deferred units, once."""
        if self.deferred is not None:
            self.units, self.deferred = self.deferred(), None


class Units:
    """Every entry's page unit, each report's grades and its "match about equally" notes, built
    once per knowledge base; ``name`` tells a report apart in those notes."""

    def __init__(self, kb: KnowledgeBase, name: Callable[[ReportMeta], str]) -> None:
        self.kb = kb
        self._units: dict[str, Unit] = {}  # uid -> page unit
        self._render = lru_cache(maxsize=RENDER_CACHE)(self._render_entry)
        self._summaries = {
            r.meta.id: _report_summary(r.meta, r.data.areas, r.data.inconsistencies) for r in kb.reports
        }
        self._tie_notes = {  # (report id, areas) -> the note
            (report.meta.id, count): _tie_note(report.meta, count, name)
            for report in kb.reports
            for count in range(2, MAX_TIED_AREAS + 1)
        }
        areas = kb.entries(kind="area")
        others = [e for e in kb.entries() if e.kind != "area"]
        for position, entry in enumerate(chain(areas, others)):
            if position < RENDER_CACHE:  # first answers as fast as later ones
                blocks = self._render_entry(entry.uid)
                chars = sum(_text_length(b) for b in blocks)
                unit = Unit(len(blocks), chars, entry.report.id, blocks=blocks, uid=entry.uid)
            else:
                size, chars = _entry_size(entry)
                unit = Unit(size, chars, entry.report.id, uid=entry.uid)
            self._units[entry.uid] = unit

    def __getstate__(self) -> dict[str, Any]:
        """Pickled by the start-up cache (bot/knowledge/cache.py): areas keep their rendered blocks
        (grades), the rest render on first use; the render cache is per process."""
        state = {name: value for name, value in vars(self).items() if name != "_render"}
        state["_units"] = {uid: _lean(unit, self.kb.entry(uid)) for uid, unit in self._units.items()}
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        vars(self).update(state)
        self._render = lru_cache(maxsize=RENDER_CACHE)(self._render_entry)

    def entry(self, entry: Entry) -> Unit:
        """An entry as a page unit, rendered later (and at most once while cached)."""
        return self._units[entry.uid]

    def summary(self, report_id: str) -> Unit:
        """A report's areas and grades (overall first), with its caveat."""
        return self._summaries[report_id]

    def tie_note(self, report_id: str, count: int) -> Unit:
        """'``count`` areas in <report> match about equally — showing each:'."""
        return self._tie_notes[report_id, count]

    def blocks(self, unit: Unit) -> list[dict[str, Any]]:
        """A unit's blocks as fresh dicts (cached renders are never shared with callers)."""
        blocks = unit.blocks if unit.blocks is not None else self._render(unit.uid)
        copied: list[dict[str, Any]] = _copy(blocks[: unit.size])
        return copied

    def page_blocks(self, shown: Sequence[Unit]) -> list[dict[str, Any]]:
        """The blocks of a page's units, a divider wherever the report changes."""
        blocks: list[dict[str, Any]] = []
        previous = None
        for unit in shown:
            changed = previous is not None and unit.report_id and previous != unit.report_id
            if changed and blocks[-1].get("type") != "divider":  # one already there: never two in a row
                blocks.append(fixed_block("divider"))
            blocks += self.blocks(unit)
            previous = unit.report_id or previous
        return blocks

    def _render_entry(self, uid: str) -> list[dict[str, Any]]:
        entry = self.kb.entry(uid)
        if entry is None:
            return []
        blocks = render.entry_blocks(entry)
        report = self.kb.report(entry.report.id)
        if isinstance(entry.item, Area) and report is not None:  # its grade's caveats, above the source
            caveats = render.grade_caveats(entry.item, report.data.inconsistencies)
            blocks[-1:-1] = [render.context(line) for line in caveats]
        return [b.to_dict() for b in blocks]


def pack(units: list[Unit], budget: int) -> list[list[Unit]]:
    """Whole units into pages of at most ``budget`` blocks (dividers included) and characters."""
    pages: list[list[Unit]] = [[]]
    used = chars = 0
    for unit in units:
        cost = unit.size + 1  # a possible divider before it
        size = unit.chars
        if pages[-1] and (used + cost > budget or chars + size > PAGE_CHAR_BUDGET):
            pages.append([])
            used = chars = 0
        if cost > budget:  # one huge entry: keep the blocks that fit, never split one
            unit = replace(unit, size=budget - 1)
            cost = budget
        pages[-1].append(unit)
        used += cost
        chars += size
    return pages


def showing(pages: Sequence[Sequence[Unit]], page: int, total: int, *, capped: bool, example: str) -> Block:
    """The footer of a paged answer: which results this page shows, how many more there are, and
    how to narrow the search (``example``: an escaped report label)."""
    first = sum(u.counted for p in pages[: page - 1] for u in p)
    count = sum(u.counted for u in pages[page - 1])
    rest = f"{total - first - count}" + ("+" if capped else "")
    of = f"the first {total} of more than {total}" if capped else f"{total}"
    return render.context(
        f"Showing {first + 1}–{first + count} of {of} (page {page} of {len(pages)}); "
        f"{rest} more not shown. Narrow it with a year (e.g. `{example}`) or more words."
    )


@lru_cache(maxsize=64)
def _fixed_block(kind: str, text: str = "") -> dict[str, Any]:
    """Header and divider blocks repeat with the same text: build and validate each once."""
    return (render.header(text) if kind == "header" else render.divider()).to_dict()


def fixed_block(kind: str, text: str = "") -> dict[str, Any]:
    """A header (``text``) or divider block as a fresh dict."""
    copied: dict[str, Any] = _copy(_fixed_block(kind, text))
    return copied


def _report_summary(
    meta: ReportMeta, areas: Sequence[Area], inconsistencies: Sequence[Inconsistency]
) -> Unit:
    blocks = render.sections(render.report_grades_text(meta, areas, inconsistencies))
    if meta.caveat:
        blocks.append(render.context(f"_{escape_mrkdwn(meta.caveat)}_"))
    unit = Unit.of(blocks, meta.id)
    unit.shows = tuple(f"{meta.id}/{area.id}" for area in sorted(areas, key=lambda a: not a.overall))
    return unit


def _tie_note(meta: ReportMeta, count: int, name: Callable[[ReportMeta], str]) -> Unit:
    note = render.context(f"{count} areas in {escape_mrkdwn(name(meta))} match about equally — showing each:")
    return Unit.of([note], meta.id, counted=False)


def _entry_size(entry: Entry) -> tuple[int, int]:
    """Blocks and characters an entry renders to, without building the blocks."""
    text = render.entry_text(entry)
    return len(split_text(text)) + 1, len(text) + render.CONTEXT_ESTIMATE


def _text_length(block: dict[str, Any]) -> int:
    texts = [block.get("text") or {}, *block.get("elements", [])]
    return sum(len(t.get("text", "")) for t in texts if isinstance(t, dict))


def _copy(value: Any) -> Any:
    """A structural copy of block dicts, so cached blocks are never shared with callers."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _lean(unit: Unit, entry: Entry | None) -> Unit:
    """A unit as cached: areas keep their rendered blocks (grades), the rest render on first use."""
    keep = unit.blocks is None or (entry is not None and entry.kind == "area")
    return unit if keep else replace(unit, blocks=None)
