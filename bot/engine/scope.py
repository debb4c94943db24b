"""Which reports a question is about: the one place that knows forces and other inspectorates.

Forces and their short forms come from the vocabulary (``forces`` in topics.yaml); every loaded
report's own ``force`` is a name too. A force with a loaded report narrows the answer to its
reports, the way a year does; a force with none is reported as such and never answered for from
another force's report. Subjects of other inspectorates (prisons, fire and rescue…) are named
here too, so a question about one alone gets "No report on … is loaded".
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from bot.knowledge.loader import KnowledgeBase

FORCE = "force"
SUBJECT = "subject"


def name_words(text: str) -> tuple[str, ...]:
    """A name as the words the question reader compares: lower case, apostrophes and '&' kept
    out, hyphens as spaces ('dyfed-powys' is 'dyfed powys')."""
    return tuple(w for w in text.lower().replace("-", " ").replace("’", "'").replace("'", "").split() if w)


@dataclass(frozen=True)
class Resolved:
    """The reports a query may be answered from, and the forces it named that have none."""

    report_ids: tuple[str, ...]
    missing_forces: tuple[str, ...] = ()
    nothing: bool = False  # the named force has reports, but none of the years named


class Scope:
    """Forces and subjects by the words that name them, and the reports of each loaded force."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.names: dict[tuple[str, ...], tuple[str, str]] = {}  # words -> (FORCE|SUBJECT, name)
        for force in kb.topics.forces:
            for alias in (force.name, *force.aliases):
                self.names.setdefault(name_words(alias), (FORCE, force.name))
        for subject in kb.topics.subjects:
            for alias in subject.aliases:
                self.names.setdefault(name_words(alias), (SUBJECT, subject.name))
        self._reports: dict[str, list[str]] = {}  # force name -> report ids, newest first
        for report in kb.reports:
            self._reports.setdefault(report.meta.force, []).append(report.meta.id)
            self.names.setdefault(name_words(report.meta.force), (FORCE, report.meta.force))
        self.loaded_forces = tuple(self._reports)
        self._all = frozenset(r.meta.id for r in kb.reports)

    def resolve(self, forces: Sequence[str], report_ids: Collection[str]) -> Resolved:
        """Narrow ``report_ids`` (empty: every report) to the named forces' reports."""
        missing = tuple(f for f in forces if f not in self._reports)
        if missing or not forces:
            return Resolved(tuple(report_ids), missing)
        of_forces = [rid for force in forces for rid in self._reports[force]]
        if not report_ids:  # every report of the force; none named when that is every report
            return Resolved(() if frozenset(of_forces) == self._all else tuple(of_forces))
        kept = tuple(rid for rid in report_ids if rid in of_forces)
        return Resolved(kept, nothing=not kept)
