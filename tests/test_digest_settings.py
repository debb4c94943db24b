"""Digest settings from the environment."""

from __future__ import annotations

from datetime import time

import pytest

from bot.digest.settings import DigestSettings, database_url


def test_defaults():
    settings = DigestSettings.from_env({})
    assert settings.database_url == "sqlite:///data/digest.sqlite3"
    assert settings.zone == "Europe/London"
    assert settings.default_time == time(9, 0)
    assert settings.horizon_days == 14
    assert settings.may_change("U_ANYONE")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@host:5432/db", "postgresql+psycopg://u:p@host:5432/db"),
        ("postgresql://u:p@host/db", "postgresql+psycopg://u:p@host/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////var/x.db", "sqlite:////var/x.db"),
    ],
)
def test_database_url_is_rewritten_for_heroku(given, expected):
    assert database_url({"DATABASE_URL": given}) == expected


def test_sqlite_path_is_configurable_and_database_url_wins():
    assert database_url({"DIGEST_DB_PATH": "/tmp/d.sqlite3"}) == "sqlite:////tmp/d.sqlite3"
    assert database_url({"DIGEST_DB_PATH": "/tmp/d.sqlite3", "DATABASE_URL": "postgres://h/db"}).startswith(
        "postgresql+psycopg://"
    )


def test_zone_admins_and_horizon():
    settings = DigestSettings.from_env(
        {"DIGEST_TZ": "America/New_York", "DIGEST_ADMINS": " U1, U2 ,,", "DIGEST_HORIZON_DAYS": "30"}
    )
    assert settings.zone == "America/New_York"
    assert settings.admins == {"U1", "U2"}
    assert settings.may_change("U2") and not settings.may_change("U3")
    assert settings.horizon_days == 30


@pytest.mark.parametrize(
    "env", [{"DIGEST_TZ": "Mars/Olympus"}, {"DIGEST_HORIZON_DAYS": "0"}, {"DIGEST_HORIZON_DAYS": "121"}]
)
def test_bad_values_fail_at_start_up(env):
    with pytest.raises(Exception):  # noqa: B017  (ZoneInfoNotFoundError or ValueError)
        DigestSettings.from_env(env)
