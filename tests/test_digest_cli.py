"""``peel-bot digest run|plan|list`` through click's CliRunner, with the real clock."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.digest.schedule import post_instant
from tests.digest_support import open_store

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def env(tmp_path, fake_slack, monkeypatch):
    values = {
        "DIGEST_DB_PATH": str(tmp_path / "digest.sqlite3"),
        "SLACK_BOT_TOKEN": "xoxb-4242-4343-notarealtokenatall",
        "SLACK_SIGNING_SECRET": "ab" * 16,
        "SLACK_API_URL": fake_slack.url,
    }
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("DIGEST_TZ", raising=False)
    return values


def subscribe(env, channel="C0CLI", post_time="09:00", cadence="weekdays"):
    with open_store(f"sqlite:///{env['DIGEST_DB_PATH']}") as store:
        store.subscribe(
            channel,
            post_time=post_time,
            cadence=cadence,
            zone="Europe/London",
            user_id="U1",
            now=datetime.now(UTC),
        )


def weekday_instants(days: int, at: time = time(9)) -> list[datetime]:
    """09:00 London on each weekday of the next ``days`` calendar days that is still to come."""
    now = datetime.now(UTC)
    today = now.astimezone(LONDON).date()
    instants = [post_instant(today + timedelta(days=i), at, LONDON) for i in range(days)]
    return [t for t in instants if t.astimezone(LONDON).weekday() < 5 and t > now + timedelta(seconds=90)]


def test_run_queues_the_horizon_and_is_idempotent(env, fake_slack):
    subscribe(env)
    runner = CliRunner()
    first = runner.invoke(main, ["digest", "run"], env=env)
    assert first.exit_code == 0, first.output
    expected = weekday_instants(14)
    assert f"C0CLI: ok; posted 0, scheduled {len(expected)}," in first.output
    assert sorted(m["post_at"] for m in fake_slack.scheduled.values()) == [
        int(t.timestamp()) for t in expected
    ]
    second = runner.invoke(main, ["digest", "run", "--channel", "C0CLI"], env=env)
    assert second.exit_code == 0
    assert f"scheduled 0, replaced 0, cancelled 0, unchanged {len(expected)}" in second.output


def test_run_exits_1_when_slack_fails_and_names_the_error(env, fake_slack):
    subscribe(env)
    fake_slack.fail_next("chat.scheduleMessage", error="invalid_auth")
    result = CliRunner().invoke(main, ["digest", "run"], env=env)
    assert result.exit_code == 1
    assert "C0CLI: FAILED invalid_auth" in result.output


def test_run_without_a_token_says_which_variable(env):
    result = CliRunner().invoke(main, ["digest", "run"], env={**env, "SLACK_BOT_TOKEN": ""})
    assert result.exit_code != 0 and "SLACK_BOT_TOKEN" in result.output


def test_plan_shows_the_coming_posts_without_calling_slack(env, fake_slack):
    subscribe(env, post_time="13:45")
    result = CliRunner().invoke(main, ["digest", "plan", "--channel", "C0CLI", "--days", "10"], env=env)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    expected = weekday_instants(10, time(13, 45))
    assert len(lines) == len(expected)
    assert all(re.match(r"^\w{3} \d{1,2} \w{3} 13:45 (GMT|BST)  \S+/\S+  .+", line) for line in lines)
    assert len({line.split("  ")[1] for line in lines}) == len(lines)  # no repeats
    assert fake_slack.calls == []


def test_list_shows_subscriptions(env):
    assert CliRunner().invoke(main, ["digest", "list"], env=env).output == "no subscriptions\n"
    subscribe(env, channel="C0A", post_time="08:30", cadence="daily")
    result = CliRunner().invoke(main, ["digest", "list"], env=env)
    assert result.output == "C0A  08:30 (Europe/London) every day\n"


def test_run_logs_json_lines_like_serve(env, fake_slack, keep_root_logging):
    subscribe(env)
    fake_slack.fail_next("chat.scheduleMessage", error="invalid_auth")
    result = CliRunner().invoke(main, ["digest", "run"], env=env)
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    failed = [line for line in lines if line.get("event") == "digest_failed"]
    assert failed and failed[0]["channel"] == "C0CLI" and failed[0]["error"] == "invalid_auth"
    assert env["SLACK_BOT_TOKEN"] not in result.stderr


def test_a_timeout_on_one_channel_does_not_stop_the_others(env, fake_slack, monkeypatch, keep_root_logging):
    monkeypatch.setattr("bot.digest.service.TIMEOUT_SECONDS", 0.3)
    subscribe(env, channel="C0A")
    subscribe(env, channel="C0B")
    fake_slack.fail_next("chat.scheduledMessages.list", delay=0.8)  # C0A's queue: Slack hangs
    result = CliRunner().invoke(main, ["digest", "run"], env=env)
    assert result.exit_code == 1 and "Traceback" not in result.output + result.stderr
    assert "C0A: FAILED timeout" in result.output
    assert f"C0B: ok; posted 0, scheduled {len(weekday_instants(14))}," in result.output


def test_a_paused_channel_says_so_on_every_later_run(env, fake_slack, keep_root_logging):
    subscribe(env)
    fake_slack.fail_next("chat.scheduleMessage", error="not_in_channel")
    first = CliRunner().invoke(main, ["digest", "run"], env=env)
    assert "C0CLI: paused (not_in_channel)" in first.output
    later = CliRunner().invoke(main, ["digest", "run"], env=env)
    assert later.exit_code == 0 and "C0CLI: paused (not_in_channel); posted 0, scheduled 0" in later.output


def test_plan_and_list_never_create_the_database(env, tmp_path):
    path = tmp_path / "fresh" / "digest.sqlite3"
    fresh = {**env, "DIGEST_DB_PATH": str(path)}
    assert CliRunner().invoke(main, ["digest", "list"], env=fresh).output == "no subscriptions\n"
    plan = CliRunner().invoke(main, ["digest", "plan", "--channel", "C0NEW", "--days", "3"], env=fresh)
    assert plan.exit_code == 0
    assert not path.exists() and not path.parent.exists()


def test_run_refuses_on_heroku_without_a_database_url(env, fake_slack, keep_root_logging):
    result = CliRunner().invoke(main, ["digest", "run"], env={**env, "DYNO": "scheduler.1"})
    assert result.exit_code == 1 and "DATABASE_URL" in result.output and "Heroku" in result.output
    assert fake_slack.calls == []
