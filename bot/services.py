"""What every listener needs, built once at start-up and passed in (no globals)."""

from __future__ import annotations

from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field

from slack_sdk import WebClient
from slack_sdk.web import SlackResponse

from bot.config import Settings
from bot.digest.reconcile import Digest
from bot.engine.answer import Engine, engine_for
from bot.engine.scope import default_force_setting
from bot.knowledge import KnowledgeBase

WORKER_THREADS = 8


def _background() -> Executor:
    # Threads start on first use, so a pool built before gunicorn forks its workers is safe.
    return ThreadPoolExecutor(WORKER_THREADS, thread_name_prefix="peel")


@dataclass
class Services:
    """The loaded knowledge and its answer engine, the settings and a Web API client.

    ``engine`` is built from ``kb`` when the Services are made (at start-up, not on the first
    command). ``digest`` is the daily digest (its store opened and schema upgraded at start-up).
    ``background`` runs the work that follows an acknowledgement. ``identity`` is the
    start-up ``auth.test`` answer (the bot's user and team), reused by Bolt.
    """

    kb: KnowledgeBase
    settings: Settings
    client: WebClient
    digest: Digest
    background: Executor = field(default_factory=_background)
    identity: SlackResponse | None = None
    engine: Engine = field(init=False)

    def __post_init__(self) -> None:
        self.engine = engine_for(self.kb)  # the one the start-up cache loaded, else built now
        self.engine.use_default_force(default_force_setting())  # ConfigError naming a bad one
