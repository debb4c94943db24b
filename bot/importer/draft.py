"""What the extractors produce: plain mappings in the knowledge file's shape, plus review notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.knowledge.models import ReviewNote

Entry = dict[str, Any]


@dataclass
class Draft:
    """A knowledge file in the making: ``data`` has the ReportFile keys, ``review`` the open questions
    (the file's own ``review:`` notes)."""

    data: Entry = field(default_factory=dict)
    review: list[ReviewNote] = field(default_factory=list)

    def note(self, what: str, line: int | None, why: str) -> None:
        self.review.append(ReviewNote(what=what, line=line, why=why))


def compact(entry: Entry) -> Entry:
    """Drop keys whose value is None, False or empty, so the file shows only what the report says."""
    return {k: v for k, v in entry.items() if v not in (None, False, [], "")}
