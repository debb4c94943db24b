"""Settings: every missing or invalid variable stops start-up with one sentence naming it."""

from __future__ import annotations

import time

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.config import DEFAULT_API_URL, DEFAULT_BODY_TIMEOUT_SECONDS, DEFAULT_PORT, ConfigError, load_settings
from bot.slack.client import STARTUP_TIMEOUT_SECONDS, verify_app_token, verify_token
from tests.slack_support import config_problem

BOT = "xoxb-1111-2222-abcdef"
SECRET = "0123456789abcdef0123456789abcdef"
APP = "xapp-1-A0PEEL-3333-feedface"


pytestmark = pytest.mark.usefixtures("keep_root_logging")  # serve installs the JSON log handler


def env(**overrides: str) -> dict[str, str]:
    base = {"SLACK_BOT_TOKEN": BOT, "SLACK_SIGNING_SECRET": SECRET}
    base.update(overrides)
    return {k: v for k, v in base.items() if v != "<unset>"}


def problem(**overrides: str) -> str:
    return config_problem(env(**overrides))


def test_http_mode_defaults():
    settings = load_settings(env())
    assert not settings.socket_mode
    assert settings.port == DEFAULT_PORT
    assert settings.api_url == DEFAULT_API_URL
    assert settings.body_timeout == DEFAULT_BODY_TIMEOUT_SECONDS
    assert settings.secrets == (BOT, SECRET)


def test_the_body_timeout_is_a_setting():
    assert load_settings(env(SLACK_BODY_TIMEOUT_SECONDS="2.5")).body_timeout == 2.5


def test_socket_mode_needs_no_signing_secret():
    settings = load_settings(env(SLACK_APP_TOKEN=APP, SLACK_SIGNING_SECRET="<unset>"))
    assert settings.socket_mode
    assert settings.signing_secret is None


@pytest.mark.parametrize(
    ("overrides", "variable"),
    [
        ({"SLACK_BOT_TOKEN": "<unset>"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "   "}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": "xoxp-user-token"}, "SLACK_BOT_TOKEN"),
        ({"SLACK_BOT_TOKEN": APP}, "SLACK_BOT_TOKEN"),
        ({"SLACK_SIGNING_SECRET": "<unset>"}, "SLACK_SIGNING_SECRET"),
        ({"SLACK_SIGNING_SECRET": '"abc def"'}, "SLACK_SIGNING_SECRET"),
        ({"SLACK_SIGNING_SECRET": SECRET[:31]}, "SLACK_SIGNING_SECRET"),  # truncated copy
        ({"SLACK_SIGNING_SECRET": SECRET + "0"}, "SLACK_SIGNING_SECRET"),
        ({"SLACK_SIGNING_SECRET": SECRET[:31] + "g"}, "SLACK_SIGNING_SECRET"),  # not hex
        ({"SLACK_APP_TOKEN": BOT}, "SLACK_APP_TOKEN"),
        ({"SLACK_API_URL": "slack.com/api"}, "SLACK_API_URL"),
        ({"SLACK_API_URL": "ftp://slack.com/api/"}, "SLACK_API_URL"),
        ({"PORT": "http"}, "PORT"),
        ({"PORT": "70000"}, "PORT"),
        ({"PORT": "0"}, "PORT"),
        ({"LOG_LEVEL": "chatty"}, "LOG_LEVEL"),
        ({"SLACK_BODY_TIMEOUT_SECONDS": "five"}, "SLACK_BODY_TIMEOUT_SECONDS"),
        ({"SLACK_BODY_TIMEOUT_SECONDS": "0"}, "SLACK_BODY_TIMEOUT_SECONDS"),
        ({"SLACK_BODY_TIMEOUT_SECONDS": "-1"}, "SLACK_BODY_TIMEOUT_SECONDS"),
        ({"SLACK_BODY_TIMEOUT_SECONDS": "61"}, "SLACK_BODY_TIMEOUT_SECONDS"),
        ({"SLACK_BODY_TIMEOUT_SECONDS": "nan"}, "SLACK_BODY_TIMEOUT_SECONDS"),
        ({"SLACK_BODY_TIMEOUT_SECONDS": "inf"}, "SLACK_BODY_TIMEOUT_SECONDS"),
    ],
)
def test_invalid_settings_name_the_variable(overrides, variable):
    assert variable in problem(**overrides)


def test_secret_values_never_appear_in_errors_or_repr():
    assert SECRET not in repr(load_settings(env()))
    assert BOT not in repr(load_settings(env()))
    assert "xapp-bad" not in problem(SLACK_APP_TOKEN="xapp-bad token")


def test_api_url_gets_a_trailing_slash():
    assert load_settings(env(SLACK_API_URL="http://127.0.0.1:9/api")).api_url == "http://127.0.0.1:9/api/"


def test_rejected_token_is_a_config_error_naming_it(fake_slack):
    settings = load_settings(env(SLACK_API_URL=fake_slack.url))
    fake_slack.fail_next("auth.test", error="invalid_auth")
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN was rejected by Slack \\(invalid_auth\\)"):
        verify_token(settings)
    assert verify_token(settings)["user_id"] == "UBOT"


def test_rejected_app_token_is_a_config_error_naming_it(fake_slack):
    settings = load_settings(env(SLACK_API_URL=fake_slack.url, SLACK_APP_TOKEN=APP))
    fake_slack.fail_next("apps.connections.open", error="invalid_auth")
    with pytest.raises(ConfigError, match="SLACK_APP_TOKEN was rejected by Slack \\(invalid_auth\\)"):
        verify_app_token(settings)
    verify_app_token(settings)
    (request,) = [r for r in fake_slack.requests if r.method == "apps.connections.open"][1:]
    assert request.headers["authorization"] == f"Bearer {APP}"


def test_unreachable_api_url_is_tried_once(fake_slack):
    settings = load_settings(env(SLACK_API_URL=fake_slack.url))
    fake_slack.fail_next("auth.test", status=503)
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN could not be checked"):
        verify_token(settings)
    assert len(fake_slack.calls_to("auth.test")) == 1  # no retries at start-up
    fake_slack.close()
    with pytest.raises(ConfigError, match=r"SLACK_API_URL could not be reached at http://127\.0\.0\.1:"):
        verify_token(settings)


def test_serve_reports_an_unreachable_api_url_in_one_line(monkeypatch, fake_slack):
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SECRET)
    monkeypatch.setenv("SLACK_API_URL", fake_slack.url)
    monkeypatch.delenv("SLACK_APP_TOKEN", raising=False)
    fake_slack.close()
    started = time.monotonic()
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 2
    assert time.monotonic() - started < STARTUP_TIMEOUT_SECONDS + 2
    (line,) = result.output.strip().splitlines()
    assert line.startswith("peel-bot cannot start: SLACK_API_URL could not be reached")


@pytest.mark.parametrize(
    ("mode", "method", "error", "variable"),
    [
        ({"SLACK_APP_TOKEN": APP}, "apps.connections.open", "invalid_auth", "SLACK_APP_TOKEN"),
        ({"SLACK_SIGNING_SECRET": SECRET}, "auth.test", "token_revoked", "SLACK_BOT_TOKEN"),
    ],
    ids=["socket mode, app token", "http, bot token"],
)
def test_serve_reports_a_rejected_token_in_one_line(monkeypatch, fake_slack, mode, method, error, variable):
    for name in ("SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "PORT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in {"SLACK_BOT_TOKEN": BOT, "SLACK_API_URL": fake_slack.url, **mode}.items():
        monkeypatch.setenv(name, value)
    fake_slack.fail_next(method, error=error)
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 2
    (line,) = result.output.strip().splitlines()
    assert line.startswith(f"peel-bot cannot start: {variable} was rejected by Slack ({error})")
    assert APP not in result.output and BOT not in result.output


def test_serve_stops_with_one_line_naming_the_variable(monkeypatch):
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 2
    assert result.output.strip().startswith("peel-bot cannot start: SLACK_BOT_TOKEN is not set")
    assert len(result.output.strip().splitlines()) == 1


def test_bare_peel_bot_serves_when_a_bot_token_is_set(monkeypatch):
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxp-a-user-token")
    result = CliRunner().invoke(main, [])
    assert result.exit_code == 2
    assert "peel-bot cannot start: SLACK_BOT_TOKEN is not a bot token" in result.output


@pytest.mark.parametrize("where", ["/nonexistent/knowledge", "/etc/hostname"])
def test_serve_names_a_knowledge_dir_that_is_not_a_folder(monkeypatch, where):
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SECRET)
    monkeypatch.setenv("KNOWLEDGE_DIR", where)
    monkeypatch.delenv("SLACK_APP_TOKEN", raising=False)
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 2
    (line,) = result.output.strip().splitlines()
    assert line == (
        f"peel-bot cannot start: KNOWLEDGE_DIR must name the folder holding the knowledge files, "
        f"and {where!r} is not a folder."
    )


def test_an_api_url_that_is_not_slack_is_named_not_the_token(fake_slack):
    """A typo in SLACK_API_URL (here a path the fake answers with a plain-text 404) is not a bad token."""
    settings = load_settings(env(SLACK_API_URL=fake_slack.base + "/nothing/"))
    with pytest.raises(ConfigError) as caught:
        verify_token(settings)
    assert str(caught.value) == (
        f"SLACK_API_URL at {fake_slack.base}/nothing/ answered auth.test with HTTP 404 and no Slack answer, "
        "so SLACK_BOT_TOKEN could not be checked."
    )
