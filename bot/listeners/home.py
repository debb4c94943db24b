"""App Home: the default force's grades and where they stand among the loaded forces (every
report's with one force), the command cheat-sheet and the user's channels' digests."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.models.blocks import Block, ContextBlock, DividerBlock, MarkdownTextObject

from bot.digest.home import subscription_blocks
from bot.engine.render import help_blocks
from bot.listeners.errors import acknowledge, log_failure
from bot.services import Services

MAX_HOME_BLOCKS = 100

log = logging.getLogger(__name__)


def _dicts(blocks: Iterable[Block | dict[str, Any]]) -> list[dict[str, Any]]:
    return [b.to_dict() if isinstance(b, Block) else b for b in blocks]


def home_view(services: Services, user_id: str, client: WebClient) -> dict[str, Any]:
    """The Home tab view, trimmed to Slack's 100-block limit."""
    sections = [_dicts(services.engine.home_blocks()), _dicts(help_blocks(services.kb))]
    try:
        sections.append(_dicts(subscription_blocks(services, user_id, client)))
    except Exception as exc:
        ref = log_failure(exc, {"event": {"type": "app_home_opened", "user": user_id}})
        note = f"Digest subscriptions could not be loaded just now (reference `{ref}`)."
        sections.append([ContextBlock(elements=[MarkdownTextObject(text=note)]).to_dict()])
    blocks: list[dict[str, Any]] = []
    for section in sections:
        if not section:
            continue
        if blocks:
            blocks.append(DividerBlock().to_dict())
        blocks.extend(section)
    return {"type": "home", "blocks": blocks[:MAX_HOME_BLOCKS]}


def publish_home(event: dict[str, Any], client: WebClient, services: Services) -> None:
    """Publish the Home tab when the user opens it (the Messages tab is left alone)."""
    if event.get("tab", "home") != "home":
        return
    client.views_publish(user_id=event["user"], view=home_view(services, event["user"], client))
    log.info("home published", extra={"event": "home", "user": event["user"]})


def register(app: App, services: Services) -> None:
    """Wire ``app_home_opened``."""

    def home_opened(body: dict[str, Any]) -> None:
        try:
            publish_home(body["event"], services.client, services)
        except Exception as exc:
            log_failure(exc, body)

    app.event("app_home_opened")(ack=acknowledge, lazy=[home_opened])
