"""Pure rotation: which finding a channel gets next.

The digest is mostly findings people read: graded judgments, areas for improvement, causes of
concern, recommendations (with the force's progress on national ones) and innovative practice.
Statistics get at most one morning in four (``STATISTIC_EVERY``), those with an England and
Wales comparator first. Findings and statistics are two streams, each with its own cycle.

Each channel has its own deterministic order of each stream (seeded by the channel id),
interleaved so that consecutive posts differ in kind and, where possible, in report. A day's
stream is fixed by its date (its place among the cadence's post days), so moving one day never
shifts the others. The next item of a stream is read off its order skipping what the channel has
already been shown in the stream's current cycle, so nothing repeats until everything in the
stream has been shown, even when the knowledge changes between posts; and given the channel's
history the items of the coming days are fixed, so they can be scheduled ahead.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import date

from bot.digest.schedule import Cadence, is_post_day
from bot.knowledge import Entry, KnowledgeBase
from bot.knowledge.models import Area, Kind, Statistic

DIGEST_KINDS: tuple[Kind, ...] = (
    "area",
    "improvement",
    "concern",
    "recommendation",
    "national_recommendation",
    "statistic",
    "practice",
)
STATISTIC: Kind = "statistic"
STATISTIC_EVERY = 4  # at most one post day in this many is a statistic


def eligible(kb: KnowledgeBase) -> list[Entry]:
    """Entries a digest may post: graded areas, AFIs, concerns, recommendations (national ones too),
    statistics and innovative practice."""
    return [
        e
        for e in kb.entries()
        if e.kind in DIGEST_KINDS and not (isinstance(e.item, Area) and not e.item.graded)
    ]


def _rank(channel_id: str, key: str) -> bytes:
    return hashlib.sha256(f"{channel_id}\0{key}".encode()).digest()


def _offset(channel_id: str, key: str) -> float:
    """A per-channel phase in [0, 1) so channels don't all start with the same kind."""
    return int.from_bytes(_rank(channel_id, key)[:8], "big") / 2**64


def _spread(streams: dict[str, list[Entry]], channel_id: str) -> list[Entry]:
    """Merge streams so each is spread evenly: the j-th of a stream of n is placed at (j + phase) / n."""
    keyed = [
        ((j + _offset(channel_id, name)) / len(items), _rank(channel_id, name), item)
        for name, items in streams.items()
        for j, item in enumerate(items)
    ]
    keyed.sort(key=lambda t: (t[0], t[1]))
    return [item for _, _, item in keyed]


def channel_order(entries: Iterable[Entry], channel_id: str) -> list[Entry]:
    """Every entry once, in this channel's order.

    Entries are shuffled per channel; each kind's entries are interleaved evenly across reports,
    and the kinds are then interleaved evenly across the cycle, so a kind that makes up a tenth of
    the knowledge comes round about every tenth post, and two posts of one kind only follow each
    other when that kind is most of what there is.
    """
    by_kind: dict[str, dict[str, list[Entry]]] = {}
    for entry in entries:
        by_kind.setdefault(entry.kind, {}).setdefault(entry.report.id, []).append(entry)
    kinds: dict[str, list[Entry]] = {}
    for kind, reports in by_kind.items():
        for members in reports.values():
            members.sort(key=lambda e: _rank(channel_id, e.uid))
        kinds[kind] = _spread(reports, channel_id + kind)
    return _spread(kinds, channel_id)


def next_uids(order: Sequence[str], history: Iterable[str], count: int) -> list[str]:
    """The next ``count`` items after ``history`` (uids already posted or scheduled, oldest first).

    A cycle ends once every uid of ``order`` has been shown; history items no longer in ``order``
    (removed from the knowledge) are ignored.
    """
    if not order or count <= 0:
        return []
    universe = set(order)
    shown: set[str] = set()
    for uid in history:
        if uid in universe:
            shown.add(uid)
            if shown == universe:
                shown = set()
    out: list[str] = []
    while len(out) < count:
        pending = [uid for uid in order if uid not in shown]
        for uid in pending[: count - len(out)]:
            out.append(uid)
            shown.add(uid)
        if shown == universe:
            shown = set()
    return out


def streams(entries: Iterable[Entry], channel_id: str) -> tuple[list[Entry], list[Entry]]:
    """(findings, statistics) in this channel's order; statistics that have an England and Wales
    comparator come first in each statistics cycle."""
    entries = list(entries)
    stats = [e for e in entries if e.kind == STATISTIC]
    compared = [e for e in stats if isinstance(e.item, Statistic) and e.item.comparator]
    alone = [e for e in stats if not (isinstance(e.item, Statistic) and e.item.comparator)]
    findings = channel_order([e for e in entries if e.kind != STATISTIC], channel_id)
    return findings, channel_order(compared, channel_id) + channel_order(alone, channel_id)


def post_index(day: date, cadence: Cadence) -> int:
    """The day's number among the cadence's post days since 1 January 0001 (a Monday)."""
    if cadence is Cadence.DAILY:
        return day.toordinal()
    weeks, weekday = divmod(day.toordinal() - 1, 7)
    return weeks * 5 + min(weekday, 5)


def statistic_day(day: date, cadence: Cadence, channel_id: str) -> bool:
    """Whether the channel's post on ``day`` is a statistic: every ``STATISTIC_EVERY``-th post
    day, at a per-channel phase (so channels don't all get one the same morning)."""
    phase = int.from_bytes(_rank(channel_id, "statistics")[:2], "big")
    return is_post_day(day, cadence) and (post_index(day, cadence) + phase) % STATISTIC_EVERY == 0


def next_items(
    findings: Sequence[str], statistics: Sequence[str], history: Sequence[str], slots: Sequence[bool]
) -> list[str]:
    """The items for the coming posts: ``slots[i]`` says whether post ``i`` is a statistic.

    Each stream continues its own cycle after ``history`` (uids shown or queued, oldest first);
    when one stream is empty the other fills its slots.
    """
    if not statistics:
        slots = [False] * len(slots)
    elif not findings:
        slots = [True] * len(slots)
    wanted_stats = sum(slots)
    stats = iter(next_uids(statistics, history, wanted_stats))
    rest = iter(next_uids(findings, history, len(slots) - wanted_stats))
    return [next(stats) if slot else next(rest) for slot in slots]
