"""Digest configuration from the environment, read once at start-up."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from zoneinfo import ZoneInfo

DEFAULT_ZONE = "Europe/London"
DEFAULT_TIME = time(9, 0)
DEFAULT_DB_PATH = Path("data") / "digest.sqlite3"
DEFAULT_HORIZON_DAYS = 14
MAX_HORIZON_DAYS = 119  # chat.scheduleMessage accepts up to 120 days ahead


def database_url(env: Mapping[str, str]) -> str:
    """``DATABASE_URL`` made SQLAlchemy-ready, else an SQLite file at ``DIGEST_DB_PATH``.

    Heroku sets ``postgres://...``, which SQLAlchemy no longer accepts: both that and the plain
    ``postgresql://`` scheme are rewritten to use the psycopg 3 driver.
    """
    url = env.get("DATABASE_URL", "").strip()
    if url:
        for scheme in ("postgres://", "postgresql://"):
            if url.startswith(scheme):
                return "postgresql+psycopg://" + url[len(scheme) :]
        return url
    path = Path(env.get("DIGEST_DB_PATH", "").strip() or DEFAULT_DB_PATH)
    return f"sqlite:///{path}"


@dataclass(frozen=True)
class DigestSettings:
    """Where subscriptions live, the default zone and time, who may change them, how far ahead to plan."""

    database_url: str = f"sqlite:///{DEFAULT_DB_PATH}"
    zone: str = DEFAULT_ZONE
    default_time: time = DEFAULT_TIME
    admins: frozenset[str] = field(default_factory=frozenset)
    horizon_days: int = DEFAULT_HORIZON_DAYS

    def __post_init__(self) -> None:
        ZoneInfo(self.zone)  # fail at start-up, not at the first subscription
        if not 1 <= self.horizon_days <= MAX_HORIZON_DAYS:
            raise ValueError(f"DIGEST_HORIZON_DAYS must be between 1 and {MAX_HORIZON_DAYS}")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> DigestSettings:
        """Read DATABASE_URL, DIGEST_DB_PATH, DIGEST_TZ, DIGEST_ADMINS and DIGEST_HORIZON_DAYS."""
        env = os.environ if env is None else env
        admins = frozenset(a.strip() for a in env.get("DIGEST_ADMINS", "").split(",") if a.strip())
        return cls(
            database_url=database_url(env),
            zone=env.get("DIGEST_TZ", "").strip() or DEFAULT_ZONE,
            admins=admins,
            horizon_days=int(env.get("DIGEST_HORIZON_DAYS", "").strip() or DEFAULT_HORIZON_DAYS),
        )

    def may_change(self, user_id: str) -> bool:
        """Anyone may change subscriptions unless ``DIGEST_ADMINS`` lists who may."""
        return not self.admins or user_id in self.admins
