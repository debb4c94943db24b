"""Pure rotation: which finding a channel gets next.

Each channel has its own deterministic order of every eligible entry (seeded by the channel id),
interleaved so that consecutive posts differ in kind and, where possible, in report. The next
items are read off that order skipping what the channel has already been shown in the current
cycle, so nothing repeats until everything has been shown, even when the knowledge changes
between posts; and given the channel's history the items of the coming days are fixed, so they
can be scheduled ahead.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from bot.knowledge import Entry, KnowledgeBase
from bot.knowledge.models import Area, Kind

DIGEST_KINDS: tuple[Kind, ...] = (
    "area",
    "improvement",
    "concern",
    "recommendation",
    "national_recommendation",
    "statistic",
    "practice",
)


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
