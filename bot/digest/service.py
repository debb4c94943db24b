"""Wire the digest up: a Slack client whose retries can never post twice, the store, the Digest.

The digest is background work, so its client waits out longer 429 storms than the interactive
client does. A 429 means Slack did nothing, so every call retries it. A 5xx, a timeout or a dropped
connection may come *after* Slack queued or posted the message, so those are retried blindly only
for calls that are safe to repeat (listing, reading, deleting); ``chat.scheduleMessage`` and
``chat.postMessage`` are retried by :class:`~bot.digest.reconcile.Digest` itself, after checking
Slack for the message (issue 9, defect 1). This differs from ``bot.slack.client.retry_handlers``
(which retries 500/503 for every call), hence a factory of its own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.http_retry import RetryHandler
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.config import DigestSettings, Settings
from bot.digest.reconcile import Digest, utc_now
from bot.digest.store import DigestStore
from bot.knowledge import KnowledgeBase

log = logging.getLogger(__name__)

RATE_LIMIT_RETRIES = 8
SERVER_ERROR_RETRIES = 3
CONNECTION_RETRIES = 3
TIMEOUT_SECONDS = 15
SAFE_TO_REPEAT = frozenset(
    {"chat.scheduledMessages.list", "conversations.history", "chat.deleteScheduledMessage", "auth.test"}
)


class SafeToRepeat(RetryHandler):
    """``inner``'s retries (any 5xx, or connection errors) for calls in ``SAFE_TO_REPEAT`` only."""

    def __init__(self, inner: RetryHandler, *, any_5xx: bool = False) -> None:
        super().__init__(max_retry_count=inner.max_retry_count, interval_calculator=inner.interval_calculator)
        self.inner, self.any_5xx = inner, any_5xx

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if request.url.rstrip("/").rsplit("/", 1)[-1] not in SAFE_TO_REPEAT:
            return False
        if self.any_5xx:
            return response is not None and 500 <= response.status_code < 600
        return self.inner._can_retry(state=state, request=request, response=response, error=error)


def retry_handlers() -> list[RetryHandler]:
    return [
        SafeToRepeat(ConnectionErrorRetryHandler(max_retry_count=CONNECTION_RETRIES)),
        SafeToRepeat(ServerErrorRetryHandler(max_retry_count=SERVER_ERROR_RETRIES), any_5xx=True),
        RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
    ]


def digest_client(token: str, base_url: str, *, timeout: int | None = None) -> WebClient:
    """A WebClient for digest work: same token and API URL, retries that never repeat a post."""
    return WebClient(
        token=token, base_url=base_url, timeout=timeout or TIMEOUT_SECONDS, retry_handlers=retry_handlers()
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
    if settings.digest.ephemeral_storage:
        log.warning(
            "digest disabled: DYNO is set but DATABASE_URL is not, and a dyno's disk is wiped at every "
            "restart; add Heroku Postgres",
            extra={"event": "digest_disabled"},
        )
    return build_digest(settings.digest, kb, digest_client(settings.bot_token, settings.api_url))
