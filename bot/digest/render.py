"""A digest post: a short title, the finding (the engine's verbatim rendering), one line saying why
it matters (the grade its area got and the report's judgment, verbatim), its report and section,
and a button to see more on that topic.

The message is a pure function of the entry, so its hash tells reconcile when a knowledge change
means an already-queued post must be replaced.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import singledispatch
from typing import Any

from slack_sdk.models.blocks import ActionsBlock, ButtonElement

from bot.engine.render import (
    HEADER_LIMIT,
    area_line,
    context,
    entry_blocks,
    escape,
    grade_caveats,
    header,
    kind_name,
)
from bot.engine.text import truncate
from bot.knowledge import Entry
from bot.knowledge.models import Area, EntryItem, Inconsistency, Practice, Statistic
from bot.listeners.payloads import MAX_MESSAGE_BLOCKS

ACTION_DIGEST_MORE = "digest_more"
BUTTON_TEXT_LIMIT = 75


@dataclass(frozen=True)
class Post:
    """What is sent to Slack for one digest day."""

    uid: str
    title: str
    text: str
    blocks: list[dict[str, Any]]

    @property
    def payload_hash(self) -> str:
        data = json.dumps({"text": self.text, "blocks": self.blocks}, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(data.encode()).hexdigest()


def post_title(entry: Entry) -> str:
    """Short plain-text title: the kind of finding and the report's heading (or grade) for it."""
    return _title(entry.item, entry)


@singledispatch
def _title(item: EntryItem, entry: Entry) -> str:
    """Most kinds: the kind and the section it is filed under."""
    return f"{kind_name(entry.kind).capitalize()}: {entry.area.name}"


@_title.register
def _area_title(item: Area, entry: Entry) -> str:
    return f"{item.name}: {item.grade}" if item.grade else item.name


@_title.register
def _statistic_title(item: Statistic, entry: Entry) -> str:
    return f"Statistic: {item.label}"


@_title.register
def _practice_title(item: Practice, entry: Entry) -> str:
    return f"Innovative practice: {item.title}"


def why_it_matters(entry: Entry, caveats: Sequence[str] = ()) -> str | None:
    """The finding's area as the report grades it, with the report's one-sentence judgment and
    the ``caveats`` on that grade (``grade_caveats``: where the report contradicts it).

    None for a graded judgment itself, whose body already is that line.
    """
    if isinstance(entry.item, Area):
        return None
    area = entry.area
    judgment = f" — _{escape(area.judgment)}_" if area.judgment else ""
    return "\n".join([f"*Why it matters:* {area_line(area)}{judgment}", *caveats])


def topic_query(entry: Entry) -> str:
    """What the 'More on …' button asks the engine: the finding's section of its report."""
    return f"{entry.area.name} {entry.report.label}"


def render_post(entry: Entry, inconsistencies: Sequence[Inconsistency] = ()) -> Post:
    """The Slack message for one digest day; ``inconsistencies`` are the entry's report's, so a
    grade the report contradicts carries its caveat here as in every answer."""
    title = truncate(post_title(entry), HEADER_LIMIT)
    button = ButtonElement(
        text=truncate(f"More on {entry.area.name}", BUTTON_TEXT_LIMIT),
        action_id=ACTION_DIGEST_MORE,
        value=entry.uid,
    )
    *finding, source = entry_blocks(entry)
    caveats = grade_caveats(entry.area, inconsistencies)
    why = why_it_matters(entry, caveats)
    notes = [context(why)] if why else [context(line) for line in caveats]
    body = [*finding[: MAX_MESSAGE_BLOCKS - 3 - len(notes)], *notes, source]
    blocks = [header(title), *body, ActionsBlock(block_id="digest_actions", elements=[button])]
    return Post(
        uid=entry.uid,
        title=title,
        text=f"Today's PEEL finding: {title}",
        blocks=[b.to_dict() for b in blocks],
    )
