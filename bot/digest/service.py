"""Wire the digest up: a Slack client whose retries can never post twice, the store, the Digest.

The digest is background work, so its client waits out longer 429 storms than the interactive
client does and retries any 5xx, with the Slack layer's ``retry_handlers``. A 429 means Slack did
nothing, so every call retries it. A 5xx, a timeout or a dropped connection may come *after* Slack
queued or posted the message, so those are retried by the client only for calls that are safe to
repeat (listing, reading, deleting); ``chat.scheduleMessage`` and ``chat.postMessage`` are retried
by :class:`~bot.digest.reconcile.Digest` itself, after checking Slack for the message (issue 9,
defect 1).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.http_retry import RetryHandler
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot.config import ConfigError, DigestSettings, Settings
from bot.digest.reconcile import Digest, utc_now
from bot.digest.store import DigestStore
from bot.knowledge import KnowledgeBase
from bot.slack.client import ALL_SERVER_ERRORS, retry_handlers

log = logging.getLogger(__name__)

RATE_LIMIT_RETRIES = 8
SERVER_ERROR_RETRIES = 3
CONNECTION_RETRIES = 3
TIMEOUT_SECONDS = 15
SAFE_TO_REPEAT = frozenset(
    {"chat.scheduledMessages.list", "conversations.history", "chat.deleteScheduledMessage", "auth.test"}
)


def digest_retry_handlers() -> list[RetryHandler]:
    """The Slack layer's handlers (any 5xx, more 429s), connection and 5xx ones only where safe."""
    return retry_handlers(
        connection=CONNECTION_RETRIES,
        server=SERVER_ERROR_RETRIES,
        rate_limit=RATE_LIMIT_RETRIES,
        statuses=ALL_SERVER_ERRORS,
        methods=SAFE_TO_REPEAT,
    )


def digest_client(token: str, base_url: str, *, timeout: int | None = None) -> WebClient:
    """A WebClient for digest work: same token and API URL, retries that never repeat a post."""
    return WebClient(
        token=token,
        base_url=base_url,
        timeout=timeout or TIMEOUT_SECONDS,
        retry_handlers=digest_retry_handlers(),
    )


def build_digest(
    settings: DigestSettings,
    kb: KnowledgeBase,
    client: WebClient,
    now: Callable[[], datetime] = utc_now,
) -> Digest:
    """Open the store named by the settings (creating or upgrading its schema) and make a Digest."""
    return Digest(DigestStore.open(settings.database_url), kb, client, settings, now)


def start_digest(settings: Settings, kb: KnowledgeBase) -> Digest:
    """The app's Digest, built once at start-up with the bot's token and API URL.

    On Heroku without ``DATABASE_URL`` it still starts (the rest of the app is useful), but says
    so in the log; every digest change is then refused with the same explanation.
    """
    try:
        digest = build_digest(settings.digest, kb, digest_client(settings.bot_token, settings.api_url))
    except (OSError, SQLAlchemyError) as exc:
        raise ConfigError(database_problem(settings.digest, exc)) from None
    if settings.digest.ephemeral_storage:
        log.warning(
            "digest disabled: DYNO is set but DATABASE_URL is not, and a dyno's disk is wiped at every "
            "restart; add Heroku Postgres",
            extra={"event": "digest_disabled"},
        )
    return digest


def database_problem(settings: DigestSettings, exc: Exception) -> str:
    """One sentence naming the variable behind a database that cannot be opened (no password)."""
    variable = "DIGEST_DB_PATH" if settings.database_url.startswith("sqlite") else "DATABASE_URL"
    where = make_url(settings.database_url).render_as_string(hide_password=True)
    first = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0].rstrip(".")
    return f"{variable} could not be opened ({where}): {first}."
