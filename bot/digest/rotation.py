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
from collections import Counter
from collections.abc import Iterable, Sequence

from bot.knowledge import Entry, KnowledgeBase
from bot.knowledge.models import Area, Kind

DIGEST_KINDS: tuple[Kind, ...] = ("area", "improvement", "concern", "recommendation", "statistic", "practice")


def eligible(kb: KnowledgeBase) -> list[Entry]:
    """Entries a digest may post: graded areas, AFIs, concerns, recommendations, statistics, practice."""
    return [
        e
        for e in kb.entries()
        if e.kind in DIGEST_KINDS and not (isinstance(e.item, Area) and not e.item.graded)
    ]


def _rank(channel_id: str, key: str) -> bytes:
    return hashlib.sha256(f"{channel_id}\0{key}".encode()).digest()


def channel_order(entries: Iterable[Entry], channel_id: str) -> list[Entry]:
    """Every entry once, in this channel's order.

    Entries are shuffled within each (kind, report) group, then interleaved: each step takes from
    a group whose kind and report both differ from the last post's (kind alone when none does),
    preferring the report, then the kind, with the most entries left, so neither runs out early.
    """
    groups: dict[tuple[str, str], list[Entry]] = {}
    for entry in entries:
        groups.setdefault((entry.kind, entry.report.id), []).append(entry)
    for members in groups.values():
        members.sort(key=lambda e: _rank(channel_id, e.uid))
    kinds_left = Counter({kind: 0 for kind, _ in groups})
    reports_left = Counter({report: 0 for _, report in groups})
    for (kind, report), members in groups.items():
        kinds_left[kind] += len(members)
        reports_left[report] += len(members)
    order: list[Entry] = []
    last: tuple[str, str] | None = None
    while groups:
        keys = sorted(
            groups,
            key=lambda k: (
                -reports_left[k[1]],
                -kinds_left[k[0]],
                -len(groups[k]),
                _rank(channel_id, "/".join(k)),
            ),
        )
        pick = keys[0]
        if last is not None:
            both = [k for k in keys if k[0] != last[0] and k[1] != last[1]]
            kind_only = [k for k in keys if k[0] != last[0]]
            pick = (both or kind_only or keys)[0]
        order.append(groups[pick].pop(0))
        kinds_left[pick[0]] -= 1
        reports_left[pick[1]] -= 1
        if not groups[pick]:
            del groups[pick]
        last = pick
    return order


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
