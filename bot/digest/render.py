"""A digest post: a short title, the finding verbatim, its report and section, and a button.

The message is a pure function of the entry, so its hash tells reconcile when a knowledge change
means an already-scheduled post must be replaced.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.engine.text import escape_mrkdwn, quote_lines, split_text, truncate
from bot.knowledge import Entry
from bot.knowledge.models import Area, Concern, Improvement, Practice, Statistic

ACTION_DIGEST_MORE = "digest_more"
HEADER_LIMIT = 150
KIND_TITLES = {
    "area": "Graded judgment",
    "improvement": "Area for improvement",
    "concern": "Cause of concern",
    "recommendation": "Recommendation",
    "statistic": "Key statistic",
    "practice": "Innovative practice",
}
MAX_BODY_SECTIONS = 3


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
    """Short title: the kind of finding, plus the report's own heading or grade where it has one."""
    item = entry.item
    kind = KIND_TITLES.get(entry.kind, entry.kind)
    if isinstance(item, Area):
        return f"{item.name}: {item.grade}" if item.grade else item.name
    if isinstance(item, Statistic):
        return f"{kind}: {item.label}"
    if isinstance(item, Practice):
        return f"{kind}: {item.title}"
    return f"{kind}: {entry.area.name}"


def post_body(entry: Entry) -> str:
    """The finding as the report words it (verbatim fields only)."""
    item = entry.item
    if isinstance(item, Area):
        return item.judgment or item.quote
    if isinstance(item, Improvement) and item.points and item.points_lead:
        return "\n".join([item.title or item.quote, item.points_lead, *(f"• {p}" for p in item.points)])
    if isinstance(item, Concern) and item.title:
        return item.title if len(item.quote) > 600 else item.quote
    return item.quote  # type: ignore[attr-defined, no-any-return]


def source_line(entry: Entry) -> str:
    """Report and section: e.g. '<report title> (November 2021) · <section>'."""
    parts = [f"{entry.report.title} ({entry.report.published})", f"Section: {entry.area.name}"]
    if entry.parent is not None and entry.parent.title:
        parts.append(f"Addresses the cause of concern: {entry.parent.title}")
    return " · ".join(escape_mrkdwn(p) for p in parts)


def render_post(entry: Entry) -> Post:
    """The Slack message for one digest day."""
    title = truncate(post_title(entry), HEADER_LIMIT)
    chunks = split_text(quote_lines(escape_mrkdwn(post_body(entry))))[:MAX_BODY_SECTIONS]
    blocks = [
        HeaderBlock(text=title),
        *(SectionBlock(text=MarkdownTextObject(text=chunk)) for chunk in chunks),
        ContextBlock(elements=[MarkdownTextObject(text=source_line(entry))]),
        ActionsBlock(
            block_id="digest_actions",
            elements=[
                ButtonElement(
                    text=truncate(f"More on {entry.area.name}", 75),
                    action_id=ACTION_DIGEST_MORE,
                    value=entry.uid,
                )
            ],
        ),
    ]
    return Post(
        uid=entry.uid,
        title=title,
        text=f"Today's PEEL finding: {title}",
        blocks=[b.to_dict() for b in blocks],
    )
