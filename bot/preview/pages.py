"""The preview's three pages — the channel, App Home, the digest's next posts — as HTML (Jinja2)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from bot.digest.schedule import format_local
from bot.engine.render import help_blocks
from bot.knowledge import KnowledgeBase
from bot.preview.blocks import ShownBlock, shown_blocks
from bot.preview.workspace import CHANNEL_ID, CHANNEL_NAME, PLAN_DAYS, USER_NAME, Workspace

_TRY = re.compile(r"`/peel ([^`]+)`")
_env = Environment(
    loader=PackageLoader("bot.preview", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class ShownMessage:
    id: int
    blocks: list[ShownBlock]
    ephemeral: bool
    time: str
    command: str | None


@dataclass(frozen=True)
class ShownPost:
    uid: str
    when: str
    time: str
    blocks: list[ShownBlock]


def clock(instant: datetime) -> str:
    """A message's time as Slack prints it beside the author, in this computer's zone."""
    return instant.astimezone().strftime("%H:%M")


def examples(kb: KnowledgeBase) -> list[str]:
    """The commands the help reply suggests (real areas and years of the loaded reports), then help."""
    found = [
        match.group(1)
        for block in help_blocks(kb)
        for element in getattr(block, "elements", None) or []
        for match in _TRY.finditer(getattr(element, "text", "") or "")
    ]
    return [*dict.fromkeys(found), "help"]


def _page(template: str, **context: Any) -> str:
    return _env.get_template(template).render(channel_name=CHANNEL_NAME, user_name=USER_NAME, **context)


def channel_page(workspace: Workspace) -> str:
    """The channel: every message so far, the example commands and the /peel box."""
    shown = [
        ShownMessage(m.id, shown_blocks(m.blocks, workspace.names), m.ephemeral, clock(m.at), m.command)
        for m in list(workspace.messages)  # a copy: other requests may add messages meanwhile
    ]
    return _page(
        "channel.html",
        title=f"#{CHANNEL_NAME}",
        heading=f"#{CHANNEL_NAME}",
        subheading="A sample channel. Type /peel commands as you would in Slack.",
        tab="channel",
        messages=shown,
        examples=examples(workspace.kb),
    )


def home_page(workspace: Workspace) -> str:
    """App Home, from the view the bot publishes with ``views.publish``."""
    view = workspace.home()
    return _page(
        "home.html",
        title="App Home",
        heading="PEEL bot — Home",
        subheading="The App Home tab as Slack shows it to you (the sample channel has a daily digest).",
        tab="home",
        blocks=shown_blocks(view["blocks"], workspace.names),
    )


def digest_page(workspace: Workspace, days: int = PLAN_DAYS) -> str:
    """The posts ``peel-bot digest plan`` lists for the sample channel, each drawn as Slack would."""
    zone = workspace.digest.zone(workspace.digest.store.subscription(CHANNEL_ID))
    posts = [
        ShownPost(
            p.entry.uid,
            format_local(p.post_at, zone),
            p.post_at.astimezone(zone).strftime("%H:%M"),
            shown_blocks(p.post.blocks, workspace.names),
        )
        for p in workspace.digest_plan(days)
    ]
    return _page(
        "digest.html",
        title="Daily digest",
        heading=f"Daily digest — the next {len(posts)} posts in #{CHANNEL_NAME}",
        subheading=f"What peel-bot digest plan lists for the next {days} days, as Slack would post it.",
        tab="digest",
        posts=posts,
    )


def error_page(problem: str, detail: str) -> str:
    """A page saying plainly what went wrong (e.g. a block the preview cannot draw)."""
    return _page(
        "error.html",
        title="Error",
        heading="The preview cannot show this",
        subheading="",
        tab="",
        problem=problem,
        detail=detail,
    )
