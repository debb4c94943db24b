"""What every listener needs, built once at start-up and passed in (no globals)."""

from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any

from slack_sdk import WebClient

from bot.config import Settings
from bot.knowledge import KnowledgeBase
from bot.slack.priority import AckFirst


@dataclass
class Services:
    """The loaded knowledge, the settings and a Web API client carrying the bot token.

    ``digest`` is free for the daily-digest feature to hang its own state on (store, scheduler).
    ``ack_first`` makes background work yield to incoming requests (see bot/slack/priority.py).
    ``background`` runs the work that follows an acknowledgement (set by ``build_app``).
    """

    kb: KnowledgeBase
    settings: Settings
    client: WebClient
    digest: Any = None
    ack_first: AckFirst = field(default_factory=AckFirst)
    background: Executor | None = None
