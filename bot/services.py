"""What every listener needs, built once at start-up and passed in (no globals)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient

from bot.config import Settings
from bot.knowledge import KnowledgeBase


@dataclass
class Services:
    """The loaded knowledge, the settings and a Web API client carrying the bot token.

    ``digest`` is free for the daily-digest feature to hang its own state on (store, scheduler).
    """

    kb: KnowledgeBase
    settings: Settings
    client: WebClient
    digest: Any = None
