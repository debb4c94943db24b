"""Settings from the environment, validated once at start-up.

Every problem is a :class:`ConfigError` whose message is one sentence naming the variable to fix,
so a misconfigured deployment says exactly what is wrong instead of failing later inside Slack.
Secrets are kept out of ``repr`` so they never reach a log line by accident.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

DEFAULT_PORT = 3000
DEFAULT_API_URL = "https://slack.com/api/"
_SIGNING_SECRET = re.compile(r"[0-9a-fA-F]{32}")  # what Slack shows on Basic Information
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class ConfigError(Exception):
    """A missing or invalid setting; ``str()`` is one sentence naming the variable."""


@dataclass(frozen=True)
class Settings:
    """Everything the Slack app needs from its environment."""

    bot_token: str = field(repr=False)
    signing_secret: str | None = field(repr=False)
    app_token: str | None = field(default=None, repr=False)
    api_url: str = DEFAULT_API_URL
    port: int = DEFAULT_PORT
    log_level: str = "INFO"

    @property
    def socket_mode(self) -> bool:
        """Socket Mode when an app-level token is configured, HTTP otherwise."""
        return self.app_token is not None

    @property
    def secrets(self) -> tuple[str, ...]:
        """Values that must never appear in a log line or a reply."""
        return tuple(s for s in (self.bot_token, self.signing_secret, self.app_token) if s)


def _get(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name)
    if value is None or not value.strip():
        return None
    return value.strip()


def _bot_token(env: Mapping[str, str]) -> str:
    token = _get(env, "SLACK_BOT_TOKEN")
    if token is None:
        raise ConfigError(
            "SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-…) "
            "from your app's OAuth & Permissions page."
        )
    if not token.startswith("xoxb-") or any(c.isspace() for c in token):
        raise ConfigError(
            "SLACK_BOT_TOKEN is not a bot token: it must start with 'xoxb-' "
            "(the Bot User OAuth Token, not a user or app-level token)."
        )
    return token


def _app_token(env: Mapping[str, str]) -> str | None:
    token = _get(env, "SLACK_APP_TOKEN")
    if token is not None and (not token.startswith("xapp-") or any(c.isspace() for c in token)):
        raise ConfigError(
            "SLACK_APP_TOKEN is not an app-level token: it must start with 'xapp-' "
            "(Basic Information → App-Level Tokens, scope connections:write)."
        )
    return token


def _signing_secret(env: Mapping[str, str], *, required: bool) -> str | None:
    secret = _get(env, "SLACK_SIGNING_SECRET")
    if secret is None:
        if required:
            raise ConfigError(
                "SLACK_SIGNING_SECRET is not set: copy the Signing Secret from your app's "
                "Basic Information page (or set SLACK_APP_TOKEN to use Socket Mode)."
            )
        return None
    if not _SIGNING_SECRET.fullmatch(secret):
        raise ConfigError(
            f"SLACK_SIGNING_SECRET is malformed ({len(secret)} characters): it should be the 32 hexadecimal "
            "characters shown on your app's Basic Information page, without quotes or spaces."
        )
    return secret


def _api_url(env: Mapping[str, str]) -> str:
    url = _get(env, "SLACK_API_URL")
    if url is None:
        return DEFAULT_API_URL
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"SLACK_API_URL must be an http(s) URL such as {DEFAULT_API_URL}, not {url!r}.")
    return url if url.endswith("/") else url + "/"


def _port(env: Mapping[str, str]) -> int:
    raw = _get(env, "PORT")
    if raw is None:
        return DEFAULT_PORT
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ConfigError(f"PORT must be a whole number from 1 to 65535, not {raw!r}.")
    return int(raw)


def _log_level(env: Mapping[str, str]) -> str:
    level = (_get(env, "LOG_LEVEL") or "INFO").upper()
    if level not in _LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL must be one of {', '.join(_LOG_LEVELS)}, not {level!r}.")
    return level


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read and validate settings (default: ``os.environ``); raises :class:`ConfigError`."""
    env = os.environ if env is None else env
    bot_token = _bot_token(env)
    app_token = _app_token(env)
    return Settings(
        bot_token=bot_token,
        signing_secret=_signing_secret(env, required=app_token is None),
        app_token=app_token,
        api_url=_api_url(env),
        port=_port(env),
        log_level=_log_level(env),
    )
