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
from datetime import time
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_PORT = 3000
DEFAULT_BODY_TIMEOUT_SECONDS = 5.0  # Slack sends its small bodies at once; a stalled one frees its thread
MAX_BODY_TIMEOUT_SECONDS = 60.0
DEFAULT_API_URL = "https://slack.com/api/"
_SIGNING_SECRET = re.compile(r"[0-9a-fA-F]{32}")  # what Slack shows on Basic Information
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class ConfigError(Exception):
    """A missing or invalid setting; ``str()`` is one sentence naming the variable."""


# -- the daily digest's settings (validated with the others by load_settings) ---------------------

DEFAULT_DIGEST_ZONE = "Europe/London"
DEFAULT_DIGEST_TIME = time(9, 0)
DEFAULT_DIGEST_DB_PATH = Path("data") / "digest.sqlite3"
DEFAULT_HORIZON_DAYS = 14
MAX_HORIZON_DAYS = 119  # chat.scheduleMessage accepts up to 120 days ahead
_SLACK_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")


@dataclass(frozen=True)
class DigestSettings:
    """Where subscriptions live, the default zone and time, who may change them, how far ahead to plan.

    ``ephemeral_storage`` is set on a Heroku-like platform (``DYNO``) without ``DATABASE_URL``:
    the SQLite file would vanish at the next restart, so digest changes are refused.
    """

    database_url: str = f"sqlite:///{DEFAULT_DIGEST_DB_PATH}"
    zone: str = DEFAULT_DIGEST_ZONE
    default_time: time = DEFAULT_DIGEST_TIME
    admins: frozenset[str] = field(default_factory=frozenset)
    horizon_days: int = DEFAULT_HORIZON_DAYS
    ephemeral_storage: bool = False

    def may_change(self, user_id: str) -> bool:
        """Anyone may change subscriptions unless ``DIGEST_ADMINS`` lists who may."""
        return not self.admins or user_id in self.admins


def database_url(env: Mapping[str, str]) -> str:
    """``DATABASE_URL`` made SQLAlchemy-ready, else an SQLite file at ``DIGEST_DB_PATH``.

    Heroku sets ``postgres://...``, which SQLAlchemy no longer accepts: both that and the plain
    ``postgresql://`` scheme are rewritten to use the psycopg 3 driver.
    """
    url = _get(env, "DATABASE_URL")
    if url:
        for scheme in ("postgres://", "postgresql://"):
            if url.startswith(scheme):
                return "postgresql+psycopg://" + url[len(scheme) :]
        if not url.startswith(("postgresql+", "sqlite:")):
            scheme = urlsplit(url).scheme
            raise ConfigError(f"DATABASE_URL must be a postgres:// or sqlite:/// URL, not {scheme!r}.")
        return url
    path = _get(env, "DIGEST_DB_PATH") or str(DEFAULT_DIGEST_DB_PATH)
    if Path(path).is_dir():
        raise ConfigError(f"DIGEST_DB_PATH must name a file, not the folder {path!r}.")
    return f"sqlite:///{path}"


def _digest_zone(env: Mapping[str, str]) -> str:
    zone = _get(env, "DIGEST_TZ") or DEFAULT_DIGEST_ZONE
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"DIGEST_TZ must be a zone name such as Europe/London, not {zone!r}.") from None
    return zone


def _digest_admins(env: Mapping[str, str]) -> frozenset[str]:
    admins = frozenset(a.strip() for a in (_get(env, "DIGEST_ADMINS") or "").split(",") if a.strip())
    bad = sorted(a for a in admins if not _SLACK_USER_ID.match(a))
    if bad:
        raise ConfigError(
            f"DIGEST_ADMINS must be comma-separated Slack user ids such as U0123ABCD, not {bad[0]!r}."
        )
    return admins


def _horizon_days(env: Mapping[str, str]) -> int:
    raw = _get(env, "DIGEST_HORIZON_DAYS")
    if raw is None:
        return DEFAULT_HORIZON_DAYS
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_HORIZON_DAYS:
        raise ConfigError(
            f"DIGEST_HORIZON_DAYS must be a whole number from 1 to {MAX_HORIZON_DAYS}, not {raw!r}."
        )
    return int(raw)


def load_digest_settings(env: Mapping[str, str] | None = None) -> DigestSettings:
    """The digest's part of the settings, alone (for commands that need no Slack token)."""
    env = os.environ if env is None else env
    return DigestSettings(
        database_url=database_url(env),
        zone=_digest_zone(env),
        admins=_digest_admins(env),
        horizon_days=_horizon_days(env),
        ephemeral_storage=bool(_get(env, "DYNO")) and not _get(env, "DATABASE_URL"),
    )


@dataclass(frozen=True)
class Settings:
    """Everything the Slack app needs from its environment."""

    bot_token: str = field(repr=False)
    signing_secret: str | None = field(repr=False)
    app_token: str | None = field(default=None, repr=False)
    api_url: str = DEFAULT_API_URL
    port: int = DEFAULT_PORT
    log_level: str = "INFO"
    body_timeout: float = DEFAULT_BODY_TIMEOUT_SECONDS  # seconds an HTTP request's body may take
    digest: DigestSettings = field(default_factory=DigestSettings)

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


def _body_timeout(env: Mapping[str, str]) -> float:
    raw = _get(env, "SLACK_BODY_TIMEOUT_SECONDS")
    if raw is None:
        return DEFAULT_BODY_TIMEOUT_SECONDS
    try:
        seconds = float(raw)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds <= MAX_BODY_TIMEOUT_SECONDS:  # also refuses nan and inf
        raise ConfigError(
            f"SLACK_BODY_TIMEOUT_SECONDS must be a number of seconds above 0 and at most "
            f"{MAX_BODY_TIMEOUT_SECONDS:g}, not {raw!r}."
        )
    return seconds


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
        body_timeout=_body_timeout(env),
        digest=load_digest_settings(env),
    )
