"""Structured logs: one JSON object per line, and no secret ever reaches a line."""

from __future__ import annotations

import io
import json
import logging

import pytest

from bot.slack.logs import REDACTED, configure_logging, redact

SECRET = "0123456789abcdef0123456789abcdef"
BOT = "xoxb-1111-2222-abcdef"


@pytest.fixture
def stream():
    out = io.StringIO()
    handler = configure_logging("INFO", [SECRET, BOT], stream=out)
    yield out
    logging.getLogger().removeHandler(handler)


def lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_lines_are_json_with_extras(stream):
    logging.getLogger("peel.test").info("answered %s", "ok", extra={"event": "command", "ms": 12.5})
    (entry,) = lines(stream)
    assert entry["message"] == "answered ok"
    assert entry["level"] == "info"
    assert entry["logger"] == "peel.test"
    assert entry["event"] == "command" and entry["ms"] == 12.5


def test_secrets_are_redacted_from_messages_args_extras_and_tracebacks(stream):
    log = logging.getLogger("peel.test")
    log.warning("token %s secret " + SECRET, BOT, extra={"detail": f"Bearer {BOT}"})
    try:
        raise RuntimeError(f"failed with {BOT} and {SECRET}")
    except RuntimeError:
        log.exception("boom")
    log.info("someone pasted xapp-1-A0-123-abc and xoxp-9-9-9 into a channel")
    raw = stream.getvalue()
    assert BOT not in raw and SECRET not in raw
    assert "xapp-1" not in raw and "xoxp-9" not in raw
    warning, error, info = lines(stream)
    assert warning["message"] == f"token {REDACTED} secret {REDACTED}"
    assert warning["detail"] == f"Bearer {REDACTED}"
    assert "RuntimeError: failed with [redacted] and [redacted]" in error["error"]
    assert info["message"].count(REDACTED) == 2


def test_redact_leaves_ordinary_text_alone():
    text = "Grade: requires improvement (xox is not a token)"
    assert redact(text, [SECRET]) == text


def test_redaction_leaves_the_record_intact_for_other_handlers(stream):
    """Redacting happens in our formatter: a handler added after ours still gets args and exc_info."""
    seen: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record):
            seen.append(record)

    keep = Keep()
    logging.getLogger().addHandler(keep)
    try:
        try:
            raise ValueError(f"bad {BOT}")
        except ValueError:
            logging.getLogger("peel.test").exception("failed for %s", "U1")
    finally:
        logging.getLogger().removeHandler(keep)
    (record,) = seen
    assert record.args == ("U1",) and record.msg == "failed for %s"
    assert record.exc_info is not None and record.exc_info[0] is ValueError
    (entry,) = lines(stream)
    assert entry["message"] == "failed for U1" and BOT not in stream.getvalue()
    assert "ValueError: bad [redacted]" in entry["error"]


def test_capabilities_in_urls_are_redacted():
    """slack_sdk logs at DEBUG apps.connections.open's answer (its wss:// URL grants a connection)
    and every response_url it posts to (anyone holding one can post into the channel)."""
    line = "{'ok': True, 'url': 'wss://wss-primary.slack.com/link/?ticket=7f3a-b2c9_x&app_id=A0PEEL'}"
    assert redact(line) == "{'ok': True, 'url': 'wss://wss-primary.slack.com/link/?ticket=[redacted]&app_id=A0PEEL'}"
    line = "Sending a request - url: https://hooks.slack.com/commands/T0/123/AbC, body: {}"
    assert redact(line) == "Sending a request - url: https://hooks.slack.com/[redacted], body: {}"
