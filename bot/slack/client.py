"""Slack Web API and ``response_url`` clients with slack_sdk's retry handlers.

Both retry connection errors, HTTP 500/503 and 429 (honouring ``Retry-After``), so a brief Slack
hiccup never turns into a lost answer.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.http_retry import RetryHandler
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.webhook import WebhookClient

from bot.config import DEFAULT_API_URL, ConfigError, Settings

log = logging.getLogger(__name__)

RETRIES = 2
TIMEOUT_SECONDS = 10
_BAD_TOKEN_ERRORS = {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"}


class DeliveryError(Exception):
    """A reply could not be delivered to its ``response_url`` even after retries."""


def retry_handlers() -> list[RetryHandler]:
    """Fresh handlers for connection errors, 5xx and rate limits."""
    return [
        ConnectionErrorRetryHandler(max_retry_count=RETRIES),
        ServerErrorRetryHandler(max_retry_count=RETRIES),
        RateLimitErrorRetryHandler(max_retry_count=RETRIES),
    ]


def make_web_client(settings: Settings) -> WebClient:
    """A bot-token WebClient aimed at ``SLACK_API_URL``."""
    return WebClient(
        token=settings.bot_token,
        base_url=settings.api_url,
        timeout=TIMEOUT_SECONDS,
        retry_handlers=retry_handlers(),
    )


def verify_token(client: WebClient, settings: Settings) -> dict[str, Any]:
    """Call ``auth.test`` once so a bad token stops start-up with a sentence naming the variable."""
    try:
        return dict(client.auth_test().data)  # type: ignore[arg-type]
    except SlackApiError as exc:
        error = exc.response.get("error", "unknown_error")
        if error in _BAD_TOKEN_ERRORS:
            raise ConfigError(
                f"SLACK_BOT_TOKEN was rejected by Slack ({error}): reinstall the app and copy "
                "the current Bot User OAuth Token."
            ) from None
        raise ConfigError(f"SLACK_BOT_TOKEN could not be checked: auth.test failed with {error}.") from None
    except (SlackRequestError, OSError) as exc:
        where = "SLACK_API_URL" if settings.api_url != DEFAULT_API_URL else "Slack's Web API"
        raise ConfigError(
            f"{where} could not be reached at {settings.api_url} to check SLACK_BOT_TOKEN "
            f"({type(exc).__name__})."
        ) from None


def send_to_response_url(response_url: str, payload: dict[str, Any]) -> None:
    """POST a message to a ``response_url``; raises :class:`DeliveryError` if Slack refuses it."""
    webhook = WebhookClient(response_url, timeout=TIMEOUT_SECONDS, retry_handlers=retry_handlers())
    try:
        response = webhook.send_dict(payload)
    except (SlackRequestError, OSError) as exc:
        raise DeliveryError(f"response_url unreachable ({type(exc).__name__})") from None
    if response.status_code != 200:
        raise DeliveryError(f"response_url answered HTTP {response.status_code}: {response.body[:200]}")
