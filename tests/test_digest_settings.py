"""Digest settings: part of config.Settings, every DIGEST_* variable checked at start-up."""

from __future__ import annotations

from datetime import time

import pytest
from click.testing import CliRunner

from bot import config
from bot.cli import main
from bot.config import DigestSettings, database_url, load_digest_settings, load_settings
from bot.digest.service import database_problem
from tests.slack_support import config_problem

BASE = {"SLACK_BOT_TOKEN": "xoxb-1111-2222-abcdef", "SLACK_SIGNING_SECRET": "0123456789abcdef" * 2}


def test_defaults():
    settings = load_digest_settings({})
    assert DigestSettings().database_url == "sqlite:///data/digest.sqlite3"
    assert settings.database_url == f"sqlite:///{config.DEFAULT_DIGEST_DB_PATH}"  # a tmp file under tests
    assert settings.zone == "Europe/London"
    assert settings.default_time == time(9, 0)
    assert settings.horizon_days == 14
    assert settings.may_change("U_ANYONE")
    assert not settings.ephemeral_storage


def test_load_settings_validates_the_digest_with_everything_else():
    settings = load_settings({**BASE, "DIGEST_TZ": "America/New_York", "DIGEST_HORIZON_DAYS": "30"})
    assert settings.digest.zone == "America/New_York" and settings.digest.horizon_days == 30


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
    settings = load_digest_settings(
        {"DIGEST_TZ": "America/New_York", "DIGEST_ADMINS": " U01, W02AB ,,", "DIGEST_HORIZON_DAYS": "30"}
    )
    assert settings.zone == "America/New_York"
    assert settings.admins == {"U01", "W02AB"}
    assert settings.may_change("W02AB") and not settings.may_change("U03")
    assert settings.horizon_days == 30


@pytest.mark.parametrize(
    ("overrides", "variable"),
    [
        ({"DIGEST_TZ": "Mars/Olympus"}, "DIGEST_TZ"),
        ({"DIGEST_TZ": "../etc/passwd"}, "DIGEST_TZ"),
        ({"DIGEST_HORIZON_DAYS": "0"}, "DIGEST_HORIZON_DAYS"),
        ({"DIGEST_HORIZON_DAYS": "120"}, "DIGEST_HORIZON_DAYS"),
        ({"DIGEST_HORIZON_DAYS": "two weeks"}, "DIGEST_HORIZON_DAYS"),
        ({"DIGEST_ADMINS": "alice,bob"}, "DIGEST_ADMINS"),
        ({"DIGEST_ADMINS": "U01 U02"}, "DIGEST_ADMINS"),
        ({"DIGEST_DB_PATH": "/tmp"}, "DIGEST_DB_PATH"),
        ({"DATABASE_URL": "mysql://u@h/db"}, "DATABASE_URL"),
    ],
)
def test_each_bad_digest_setting_stops_start_up_with_one_line_naming_it(overrides, variable):
    assert config_problem({**BASE, **overrides}).startswith(variable)


def test_heroku_without_a_database_url_is_flagged():
    assert load_digest_settings({"DYNO": "web.1"}).ephemeral_storage
    assert not load_digest_settings({"DYNO": "web.1", "DATABASE_URL": "postgres://h/db"}).ephemeral_storage


@pytest.mark.parametrize(
    ("variable", "value"),
    [("DIGEST_TZ", "Mars/Olympus"), ("DIGEST_HORIZON_DAYS", "0"), ("DIGEST_ADMINS", "alice")],
)
def test_serve_and_digest_run_stop_with_one_line_naming_a_bad_digest_setting(monkeypatch, variable, value):
    for name, setting in {**BASE, variable: value}.items():
        monkeypatch.setenv(name, setting)
    monkeypatch.delenv("SLACK_APP_TOKEN", raising=False)
    served = CliRunner().invoke(main, ["serve"])
    assert served.exit_code == 2
    (line,) = served.output.strip().splitlines()
    assert line.startswith(f"peel-bot cannot start: {variable} must be")
    ran = CliRunner().invoke(main, ["digest", "run"])
    assert ran.exit_code == 1 and f"Error: {variable} must be" in ran.output
    assert "Traceback" not in served.output + ran.output


def test_a_database_that_cannot_be_opened_stops_start_up_with_one_line(monkeypatch, fake_slack):
    bad = {"DIGEST_DB_PATH": "/proc/no-such-dir/digest.sqlite3", "SLACK_API_URL": fake_slack.url}
    for name, setting in {**BASE, **bad}.items():
        monkeypatch.setenv(name, setting)
    monkeypatch.delenv("SLACK_APP_TOKEN", raising=False)
    served = CliRunner().invoke(main, ["serve"])
    assert served.exit_code == 2
    (line,) = served.output.strip().splitlines()
    assert line.startswith("peel-bot cannot start: DIGEST_DB_PATH could not be opened (sqlite:////proc/no-such")
    ran = CliRunner().invoke(main, ["digest", "run"])
    assert ran.exit_code == 1 and "Error: DIGEST_DB_PATH could not be opened" in ran.output


def test_a_database_url_problem_never_shows_the_password():
    settings = DigestSettings(database_url="postgresql+psycopg://user:s3cret@127.0.0.1:1/db")
    message = database_problem(settings, OSError("connection refused"))
    assert message.startswith("DATABASE_URL could not be opened (") and "s3cret" not in message
