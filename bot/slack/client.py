"""Slack Web API and ``response_url`` clients with slack_sdk's retry handlers.

Both retry connection errors, HTTP 500/503 and 429 (honouring ``Retry-After``), so a brief Slack
hiccup never turns into a lost answer.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.http_retry import HttpRequest, HttpResponse, RetryHandler, RetryState
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.web import SlackResponse
from slack_sdk.webhook import WebhookClient

from bot.config import DEFAULT_API_URL, ConfigError, Settings

log = logging.getLogger(__name__)
_quiet = logging.getLogger(f"{__name__}.startup")
_quiet.setLevel(logging.CRITICAL)

RETRIES = 2
SERVER_ERRORS = (500, 503)  # Slack's transient ones; ALL_SERVER_ERRORS for work that can wait
ALL_SERVER_ERRORS = range(500, 600)
TIMEOUT_SECONDS = 10
STARTUP_TIMEOUT_SECONDS = 5
_BAD_TOKEN_ERRORS = {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"}


class DeliveryError(Exception):
    """A reply could not be delivered to its ``response_url`` even after retries."""


class NarrowedRetryHandler(RetryHandler):
    """``inner``'s retries, narrowed to the given HTTP ``statuses`` (slack_sdk's server-error handler
    retries only 500 and 503) and to the Web API ``methods`` that are safe to repeat (None: any)."""

    def __init__(
        self,
        inner: RetryHandler,
        *,
        statuses: Collection[int] | None = None,
        methods: Collection[str] | None = None,
    ) -> None:
        super().__init__(max_retry_count=inner.max_retry_count, interval_calculator=inner.interval_calculator)
        self.inner = inner
        self.statuses = None if statuses is None else frozenset(statuses)
        self.methods = None if methods is None else frozenset(methods)

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if self.methods is not None and request.url.rstrip("/").rsplit("/", 1)[-1] not in self.methods:
            return False
        if self.statuses is not None:
            return response is not None and response.status_code in self.statuses
        return self.inner._can_retry(state=state, request=request, response=response, error=error)


def retry_handlers(
    *,
    connection: int = RETRIES,
    server: int = RETRIES,
    rate_limit: int = RETRIES,
    statuses: Collection[int] = SERVER_ERRORS,
    methods: Collection[str] | None = None,
) -> list[RetryHandler]:
    """Fresh handlers: connection errors, the given 5xx ``statuses`` (with backoff) and 429s
    (after ``Retry-After``), each retried up to its own count. With ``methods``, connection errors
    and 5xx are retried only for those Web API methods (a 429 means Slack did nothing: always)."""
    server_errors = ServerErrorRetryHandler(max_retry_count=server)
    return [
        NarrowedRetryHandler(ConnectionErrorRetryHandler(max_retry_count=connection), methods=methods),
        NarrowedRetryHandler(server_errors, statuses=statuses, methods=methods),
        RateLimitErrorRetryHandler(max_retry_count=rate_limit),
    ]


def make_web_client(settings: Settings) -> WebClient:
    """A bot-token WebClient aimed at ``SLACK_API_URL``."""
    return WebClient(
        token=settings.bot_token,
        base_url=settings.api_url,
        timeout=TIMEOUT_SECONDS,
        retry_handlers=retry_handlers(),
    )


def _startup_client(settings: Settings, token: str | None) -> WebClient:
    """One try, short timeout: a start-up check answers in seconds with one line, not after retries."""
    return WebClient(
        token=token,
        base_url=settings.api_url,
        timeout=STARTUP_TIMEOUT_SECONDS,
        retry_handlers=[],
        logger=_quiet,  # the ConfigError says it all; slack_sdk would log the failure a second time
    )


def _check_token(settings: Settings, variable: str, method: str, fix: str) -> SlackResponse:
    """Call ``method`` with the token in ``variable``; any failure is a one-sentence ConfigError."""
    token = settings.app_token if variable == "SLACK_APP_TOKEN" else settings.bot_token
    where = "SLACK_API_URL" if settings.api_url != DEFAULT_API_URL else "Slack's Web API"
    try:
        return _startup_client(settings, token).api_call(method)
    except SlackApiError as exc:
        error = exc.response.get("error", "unknown_error")
        if error in _BAD_TOKEN_ERRORS:
            raise ConfigError(f"{variable} was rejected by Slack ({error}): {fix}.") from None
        if exc.response.status_code != 200 or str(error).startswith("Received a response in a non-JSON"):
            raise ConfigError(  # a proxy, a typo in the URL, or Slack having an outage: not the token
                f"{where} at {settings.api_url} answered {method} with HTTP {exc.response.status_code} "
                f"and no Slack answer, so {variable} could not be checked."
            ) from None
        raise ConfigError(f"{variable} could not be checked: {method} failed with {error}.") from None
    except (SlackRequestError, OSError, ValueError) as exc:
        raise ConfigError(
            f"{where} could not be reached at {settings.api_url} to check {variable} ({type(exc).__name__})."
        ) from None


def verify_token(settings: Settings) -> SlackResponse:
    """``auth.test`` once, so a bad bot token stops start-up with a sentence naming the variable."""
    return _check_token(
        settings,
        "SLACK_BOT_TOKEN",
        "auth.test",
        "reinstall the app and copy the current Bot User OAuth Token",
    )


def verify_app_token(settings: Settings) -> None:
    """``apps.connections.open`` once, so a bad app-level token stops Socket Mode the same way."""
    _check_token(
        settings,
        "SLACK_APP_TOKEN",
        "apps.connections.open",
        "create an app-level token with the connections:write scope and copy it",
    )


def send_to_response_url(response_url: str, payload: dict[str, Any]) -> None:
    """POST a message to a ``response_url``; raises :class:`DeliveryError` if Slack refuses it."""
    webhook = WebhookClient(response_url, timeout=TIMEOUT_SECONDS, retry_handlers=retry_handlers())
    try:
        response = webhook.send_dict(payload)
    except (SlackRequestError, OSError) as exc:
        raise DeliveryError(f"response_url unreachable ({type(exc).__name__})") from None
    if response.status_code != 200:
        raise DeliveryError(f"response_url answered HTTP {response.status_code}: {response.body[:200]}")
