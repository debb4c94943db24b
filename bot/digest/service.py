"""Wire the digest up: a patient Slack client, the store, and one Digest per process.

The digest is background work, so its client waits out longer 429 storms than the interactive
client does and retries every 5xx (not only 500/503) with exponential backoff.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

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

from bot.digest.reconcile import Digest, utc_now
from bot.digest.settings import DigestSettings
from bot.digest.store import DigestStore
from bot.knowledge import KnowledgeBase

RATE_LIMIT_RETRIES = 8
SERVER_ERROR_RETRIES = 3
CONNECTION_RETRIES = 3
TIMEOUT_SECONDS = 15

_lock = threading.Lock()


class AnyServerErrorRetryHandler(ServerErrorRetryHandler):
    """Retry every HTTP 5xx, with the handler's backoff."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is not None and 500 <= response.status_code < 600


def retry_handlers() -> list[RetryHandler]:
    return [
        ConnectionErrorRetryHandler(max_retry_count=CONNECTION_RETRIES),
        AnyServerErrorRetryHandler(max_retry_count=SERVER_ERROR_RETRIES),
        RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
    ]


def digest_client(token: str, base_url: str) -> WebClient:
    """A WebClient for digest work: same token and API URL, more patient retries."""
    return WebClient(token=token, base_url=base_url, timeout=TIMEOUT_SECONDS, retry_handlers=retry_handlers())


def build_digest(
    kb: KnowledgeBase,
    client: WebClient,
    settings: DigestSettings | None = None,
    now: Callable[[], datetime] = utc_now,
) -> Digest:
    """Open the store named by the settings (default: the environment) and make a Digest."""
    settings = settings or DigestSettings.from_env()
    return Digest(DigestStore.open(settings.database_url), kb, client, settings, now)


def digest_for(services: Any) -> Digest:
    """The app's Digest, built on first use and kept on ``services.digest``."""
    with _lock:
        if not isinstance(services.digest, Digest):
            app_client: WebClient = services.client
            services.digest = build_digest(
                services.kb, digest_client(app_client.token or "", app_client.base_url)
            )
        return services.digest
