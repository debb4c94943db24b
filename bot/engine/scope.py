"""Which reports a question is about: the one place that knows forces and other inspectorates.

Forces and their short forms come from the vocabulary (``forces`` in topics.yaml); every loaded
report's own ``force`` is a name too. A force with a loaded report narrows the answer to its
reports, the way a year does; a force with none is reported as such and never answered for from
another force's report. Subjects of other inspectorates (prisons, fire and rescue…) are named
here too, so a question about one alone gets "No report on … is loaded".

Reports of different forces in the same inspection round share the round's label ("2021/22"):
a year names the round across forces. Answers covering several forces group them by force, the
user's default force (``PEEL_DEFAULT_FORCE``, or the only force loaded) first.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from bot.config import ConfigError
from bot.knowledge.loader import KnowledgeBase
from bot.knowledge.models import ReportMeta

FORCE = "force"
SUBJECT = "subject"
DEFAULT_FORCE_SETTING = "PEEL_DEFAULT_FORCE"
FORCE_NOUNS = frozenset({"police", "constabulary", "service"})  # a force's name without one: a short form


def default_force_setting() -> str | None:
    """The process's ``PEEL_DEFAULT_FORCE`` (unchecked: ``Engine.use_default_force`` checks it)."""
    return os.environ.get(DEFAULT_FORCE_SETTING)


def round_key(meta: ReportMeta) -> int:
    """The inspection round a report belongs to: the first year of its inspection period, which
    every force's report of the round shares (as it normally shares the round's label, '2021/22',
    though a report labelled '2021/22 Kent' is of that round too)."""
    return meta.year


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
            words = name_words(report.meta.force)
            self.names.setdefault(words, (FORCE, report.meta.force))
            if len(words) > 1 and words[-1] in FORCE_NOUNS:  # 'Wessex Constabulary' is 'wessex' too
                self.names.setdefault(words[:-1], (FORCE, report.meta.force))
        self.loaded_forces = tuple(self._reports)
        self._all = frozenset(r.meta.id for r in kb.reports)
        self._metas = {r.meta.id: r.meta for r in kb.reports}
        self._rounds: dict[int, list[str]] = {}  # round -> report ids, in load order (newest first)
        for report in kb.reports:
            self._rounds.setdefault(round_key(report.meta), []).append(report.meta.id)

    def force_named(self, text: str) -> str | None:
        """The force a name or short form stands for ('wmp', 'West Midlands Police'), or None."""
        named = self.names.get(name_words(text))
        return named[1] if named is not None and named[0] == FORCE else None

    def default_force(self, setting: str | None) -> str | None:
        """The user's force: ``PEEL_DEFAULT_FORCE`` (a name or short form of a loaded force), else
        the only force loaded. Raises ConfigError (one sentence naming it) for any other value."""
        if setting is None or not setting.strip():
            return self.loaded_forces[0] if len(self.loaded_forces) == 1 else None
        force = self.force_named(setting)
        if force is None or force not in self._reports:
            why = "is not a force I know" if force is None else "has no report loaded"
            raise ConfigError(
                f"{DEFAULT_FORCE_SETTING}={setting.strip()!r} {why}; "
                f"loaded forces: {', '.join(self.loaded_forces) or 'none'}."
            )
        return force

    def ordered(self, default: str | None) -> tuple[str, ...]:
        """Every report id grouped by force (the default force first, then by name), newest first
        within a force."""
        forces = sorted(self._reports, key=lambda f: (f != default, f))
        return tuple(rid for force in forces for rid in self._reports[force])

    def force_of(self, report_id: str) -> str:
        return self._metas[report_id].force

    def rounds(self, report_ids: Collection[str]) -> tuple[str, ...]:
        """``report_ids`` widened to every force's report of the same rounds (a year names a round):
        reports of the same year, or sharing a label."""
        keys = {round_key(self._metas[rid]) for rid in report_ids}
        labels = {self._metas[rid].label.lower() for rid in report_ids}
        return tuple(
            rid
            for rid, meta in self._metas.items()
            if round_key(meta) in keys or meta.label.lower() in labels
        )

    def round_reports(self) -> list[list[str]]:
        """The report ids of each round, newest round first."""
        return [self._rounds[key] for key in sorted(self._rounds, reverse=True)]

    def loaded_text(self) -> str:
        """The forces and rounds loaded: 'Loaded (force and rounds): West Midlands Police (2021/22,
        2016); Wessex …' (plain text: escape it for mrkdwn)."""
        labels = {f: ", ".join(self._metas[rid].label for rid in ids) for f, ids in self._reports.items()}
        forces = "; ".join(f"{force} ({rounds})" for force, rounds in labels.items())
        return f"Loaded (force and rounds): {forces}."

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
