"""Regression tests from the hostile-traffic probe (issue 10's "done when"): signed requests whose
shape Slack never sends, a slash command mentioning "payload", stale buttons, stalled bodies, and
fuzzed /peel text through the signed HTTP path. Each was a 5xx, a traceback or a lost answer."""

from __future__ import annotations

import json
import logging
import random
import re
import socket
import threading
from typing import Any
from urllib.parse import parse_qs, parse_qsl, urlencode

import pytest

from bot.config import load_settings
from bot.listeners.actions import STALE
from bot.listeners.commands import command_message
from bot.listeners.payloads import ACTION_MORE, ACTION_SHARE
from bot.slack.app import build_services
from bot.slack.guard import Rejection, RequestGuard
from bot.slack.logs import JsonFormatter
from bot.slack.socket import client_log
from tests.fakeslack import action_body, command_body, event_body, signed_headers
from tests.slack_support import BOT, SECRET, raw_post, rejections

FORM = (b"Content-Type", b"application/x-www-form-urlencoded")
JSON = (b"Content-Type", b"application/json")


def signed(body: bytes, content_type: tuple[bytes, bytes] = FORM) -> list[tuple[bytes, bytes]]:
    return [content_type, *((k.encode(), v.encode()) for k, v in signed_headers(SECRET, body).items())]


def changed(fields: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """``fields`` with ``changes`` applied (a value of None removes the field)."""
    return {k: v for k, v in {**fields, **changes}.items() if v is not None}


def click(url: str, /, **changes: Any) -> bytes:
    """A Show more click with some of the payload's fields replaced or removed."""
    body = action_body(ACTION_MORE, '{"q":"aoi","p":2}', url).decode()
    payload = json.loads(parse_qs(body)["payload"][0])
    return urlencode({"payload": json.dumps(changed(payload, changes))}).encode()


def command(url: str, /, **changes: str | None) -> bytes:
    """A /peel command with some of its form fields replaced or removed."""
    return urlencode(changed(dict(parse_qsl(command_body("aoi", url).decode())), changes)).encode()


def event(inner: Any, **envelope: Any) -> bytes:
    body = json.loads(event_body({"type": "app_home_opened", "user": "U1"}))
    body["event"] = inner
    body.update(envelope)
    return json.dumps(body).encode()


URL = "http://127.0.0.1:9/response/never"
# (what, body, content type, reason): each was a 500 with a traceback, or a traceback after the ack.
MALFORMED = [
    ("two payload fields", b"payload=%7B%7D&payload=%5B%5D", FORM, "more than one payload field"),
    ("event is a string", event("x"), JSON, "event without a type"),
    ("event is null", event(None), JSON, "event without a type"),
    ("event without a type", event({"user": "U1"}), JSON, "event without a type"),
    (
        "event user is a number",
        event({"type": "app_home_opened", "user": 5}),
        JSON,
        "event user is not an id",
    ),
    ("Home opened by nobody", event({"type": "app_home_opened"}), JSON, "event user is not an id"),
    (
        "container is a string",
        click(URL, container="x"),
        FORM,
        "payload container, channel or team is not an object",
    ),
    (
        "rate-limit notice with a null event",
        event(None, type="app_rate_limited"),
        JSON,
        "event without a type",
    ),
    (
        "view without a type",
        click(URL, type="view_submission", view={"id": "V1"}),
        FORM,
        "payload view is not an object with a type",
    ),
    ("payload without a type", click(URL, type=None), FORM, "payload without a type"),
    ("user is a string", click(URL, user="U1"), FORM, "payload user is not an object with an id"),
    ("user without an id", click(URL, user={}), FORM, "payload user is not an object with an id"),
    ("click without a user", click(URL, user=None), FORM, "block_actions without a user"),
    (
        "click without a response_url",
        click(URL, response_url=None),
        FORM,
        "block_actions without a response_url",
    ),
    (
        "action without an id",
        click(URL, actions=[{"value": "x"}]),
        FORM,
        "block_actions with a malformed action",
    ),
    (
        "action value is a list",
        click(URL, actions=[{"action_id": "digest_more", "value": [1]}]),
        FORM,
        "block_actions with a malformed action",
    ),
    (
        "command without a response_url",
        command(URL, response_url=None),
        FORM,
        "slash command without response_url",
    ),
    ("command without a channel", command(URL, channel_id=None), FORM, "slash command without channel_id"),
    ("command without a user", command(URL, user_id=""), FORM, "slash command without user_id"),
    (
        "command answering to a file",
        command(URL, response_url="file:///etc/passwd"),
        FORM,
        "response_url is not an http(s) URL",
    ),
]


@pytest.mark.parametrize(("what", "body", "content_type", "reason"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_signed_payloads_slack_never_sends_are_400_in_one_line(
    slack, logged, what, body, content_type, reason
):
    status, text = raw_post(slack.events, body, signed(body, content_type))
    assert (status, text.decode()) == (400, reason), what
    slack.settle()
    assert slack.fake.responses() == [] and slack.fake.calls_to("views.publish") == []
    assert [line["reason"] for line in rejections(logged)] == [reason]
    assert "Traceback" not in logged.getvalue()


def test_a_payload_bolt_cannot_read_is_a_logged_400_not_a_500(slack, logged):
    """The last line of defence: whatever shape Bolt trips over is a 400 with the place it broke."""
    body = event({"type": "app_home_opened", "user": "U1"}, authorizations=5)
    status, text = raw_post(slack.events, body, signed(body, JSON))
    assert (status, text) == (400, b"payload Bolt could not read")
    (line,) = rejections(logged)
    assert line["error_type"] == "TypeError" and re.fullmatch(r"\w+\.py:\d+", line["where"])
    assert "Traceback" not in logged.getvalue()


@pytest.mark.parametrize("text", ["what is the payload of aoi", "aoi"])
def test_a_command_mentioning_payload_is_answered(slack, text):
    """Bolt's parser reads any form containing the text "payload" as an empty interactivity request
    (404, "dispatch_failed" in Slack); the guard hands Bolt the fields it checked instead."""
    body = command_body(text, slack.fake.response_url("p1"), channel_id="C0PAYLOAD")
    body += b"&channel_name=payload-team"
    assert raw_post(slack.events, body, signed(body)) == (200, b"")
    assert slack.reply("p1")["response_type"] == "ephemeral"


@pytest.mark.parametrize(
    "value",
    ["{{", "[1, 2]", '{"q": 1, "p": 1}', '{"q": "aoi", "p": 0}', '{"q": "aoi", "p": true}', "x" * 1000],
)
@pytest.mark.parametrize("action", [ACTION_MORE, ACTION_SHARE])
def test_a_stale_or_forged_button_gets_a_friendly_answer_and_one_line(slack, logged, action, value):
    assert slack.click(action, value, response_id="b1").status == 200
    assert slack.reply("b1") == {"response_type": "ephemeral", "replace_original": False, "text": STALE}
    slack.settle()
    assert len(slack.fake.responses("b1")) == 1
    lines = [json.loads(line) for line in logged.getvalue().splitlines()]
    assert [line["event"] for line in lines if line["level"] != "info"] == ["stale_button"]
    assert "Traceback" not in logged.getvalue()


def test_a_stalled_body_frees_its_thread_with_408():
    """Under gunicorn the guard reads from the client's socket with a timeout (a real socket here)."""
    server, client = socket.socketpair()
    with server, client:
        client.sendall(b"text=ao")  # 7 of the 100 bytes announced, then nothing
        environ = {
            "CONTENT_LENGTH": "100",
            "gunicorn.socket": server,
            "wsgi.input": server.makefile("rb"),
            "REMOTE_ADDR": "10.0.0.9",
        }
        guard = RequestGuard(SECRET, body_timeout=0.2)
        with pytest.raises(Rejection) as caught:
            guard.read(environ)
        assert (caught.value.status, caught.value.reason) == (408, "body not received within 0.2 s")
        assert (
            server.gettimeout() is None and server.recv(10) == b""
        )  # reading side shut: gunicorn won't wait
        assert guard.rejected()["by_reason"] == {"body not received within 0.2 s": 1}


@pytest.mark.parametrize(
    ("error", "traceback"), [(ConnectionRefusedError(111, "refused"), False), (KeyError("bug"), True)]
)
def test_socket_mode_network_errors_are_one_line_and_bugs_keep_their_traceback(error, traceback):
    """slack_sdk logs each failed reconnection with ``logger.exception``, every interval while
    Slack is out of reach; through our client logger a network error is its message alone."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    client_log.addHandler(handler)
    try:
        try:
            raise error
        except Exception as exc:
            client_log.exception(f"Failed to connect (error: {exc}); Retrying...")
    finally:
        client_log.removeHandler(handler)
    line = json.loads(JsonFormatter().format(records[0]))
    assert ("Traceback" in line.get("error", "")) is traceback
    assert line["message"].startswith("Failed to connect (error:")
    if not traceback:
        assert line["error_type"] == "ConnectionRefusedError"


# -- fuzzed /peel text through the signed HTTP path ---------------------------------------------------

PIECES = [
    "grade",
    "aoi",
    "help",
    "digest",
    "subscribe",
    "status",
    "public",
    "compare",
    "2021/22",
    "West Midlands",
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<@U123>",
    "<@U123|bob>",
    "<!subteam^S123|@team>",
    "<#C1|gen>",
    "&lt;!channel&gt;",
    "@channel",
    "*bold*",
    "`code`",
    "> quote",
    "\u202e",
    "\u200b",
    "\u2066",
    "\ufeff",
    "\x00",
    "\x1b[31m",
    "\r\n",
    "שלום",
    "مرحبا",
    "日本語",
    "Ｇｒａｄｅ",
    "\U0001f600",
    "&",
    "<",
    ">",
    "payload",
    "25:99",
    "-1",
    "99999999999999999999",
    "%s%n",
    "${jndi:x}",
    "../../etc/passwd",
    "' OR 1=1 --",
]
MENTION = re.compile(r"<[!@#]")
HTTP_FUZZ_CASES = 120  # through signed HTTP; ENGINE_FUZZ_CASES go straight to the command handler
ENGINE_FUZZ_CASES = 5_500


def fuzzed_text(rng: random.Random) -> str:
    kind = rng.randrange(40)
    if kind < 4:
        return "".join(rng.choice("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ ") for _ in range(rng.randint(1, 40)))
    if kind == 4:  # up to ~10,000 characters, one case in forty
        return " ".join(rng.choice(PIECES) for _ in range(rng.randint(1, 3))) * rng.randint(200, 1000)
    if kind < 13:
        return "digest " + " ".join(rng.choice(PIECES) for _ in range(rng.randint(0, 4)))
    return " ".join(rng.choice(PIECES) for _ in range(rng.randint(0, 8)))


def slack_valid(message: dict[str, Any], asker: str) -> list[str]:
    """What Slack would refuse or mis-render in ``message``: sizes, and any mention but the asker's."""
    problems = []
    blocks = message.get("blocks", [])
    if len(blocks) > 50 or len(message.get("text", "")) > 40_000 or not (blocks or message.get("text")):
        problems.append(f"{len(blocks)} blocks, {len(message.get('text', ''))} chars of text")
    for block in blocks:
        text = (block.get("text") or {}).get("text", "")
        limit = 150 if block["type"] == "header" else 3000
        if len(text) > limit:
            problems.append(f"{block['type']} of {len(text)} characters")
        for element in block.get("elements", []):
            if len(element.get("value", "")) > 2000 or len(element.get("text", "")) > 3000:
                problems.append("element over its limit")
    seen = json.dumps(
        [message.get("text"), [b for b in blocks if b["type"] != "actions"]], ensure_ascii=False
    )
    problems += [f"mention {m.group()!r}" for m in MENTION.finditer(seen.replace(f"<@{asker}>", ""))]
    return problems


def test_fuzzed_commands_through_signed_http_are_acked_and_answered_validly(slack, logged):
    rng = random.Random(20261122)
    texts = [fuzzed_text(rng) for _ in range(HTTP_FUZZ_CASES)]
    statuses: list[int] = []

    def send(chunk: list[tuple[int, str]]) -> None:
        for n, text in chunk:
            escaped = (
                text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            )  # as Slack sends it
            statuses.append(slack.command(escaped, response_id=f"f{n}", user_id="U0FUZZ").status)

    numbered = list(enumerate(texts))
    threads = [threading.Thread(target=send, args=(numbered[i::4],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    slack.settle()
    assert statuses == [200] * HTTP_FUZZ_CASES
    for n, text in numbered:
        (reply,) = slack.fake.responses(f"f{n}")
        assert slack_valid(reply, "U0FUZZ") == [], text[:80]
        assert not reply["text"].startswith(":warning:"), text[:80]
    log = logged.getvalue()
    assert "Traceback" not in log and '"level": "error"' not in log
    assert SECRET not in log and BOT not in log and "hooks.slack" not in log


def test_fuzzed_commands_through_the_command_handler_give_valid_replies(fake_slack, kb):
    """Everything /peel does after the ack (parse, answer or digest, Block Kit), 5,500 seeded texts,
    half of them escaped the way Slack sends them."""
    env = {"SLACK_BOT_TOKEN": BOT, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": fake_slack.url}
    services = build_services(load_settings(env), kb)
    rng = random.Random(10)
    failures = []
    for n in range(ENGINE_FUZZ_CASES):
        text = fuzzed_text(rng)
        if n % 2:
            text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        message = command_message(text, channel_id="C0FUZZ", user_id="U0FUZZ", services=services)
        if problems := slack_valid(message, "U0FUZZ"):
            failures.append((text[:80], problems[:2]))
    assert failures == []


def test_a_bug_of_ours_under_bolt_keeps_its_traceback(slack, logged, monkeypatch):
    """The 400 fallback must not hide our own bugs: a crash in our error handler (Bolt's last resort
    when a middleware fails) is logged in full."""
    import bot.listeners.errors as errors
    import bot.slack.retries as retries

    monkeypatch.setattr(retries, "retry_number", lambda request: 1 / 0)
    monkeypatch.setattr(errors, "new_ref", lambda: 1 / 0)
    body = command_body("aoi", slack.fake.response_url("bug"))
    assert raw_post(slack.events, body, signed(body)) == (400, b"payload Bolt could not read")
    lines = [json.loads(line) for line in logged.getvalue().splitlines()]
    (failure,) = [line for line in lines if line["message"] == "request failed in our code"]
    assert failure["at"].startswith("bot/listeners/errors.py:") and "ZeroDivisionError" in failure["error"]
