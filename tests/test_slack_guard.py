"""Hostile HTTP against the real WSGI app on loopback: every bad request is a 4xx (never a 5xx,
never a 200), logged as one short JSON line without its body, counted in /healthz, and nothing
reaches Bolt or Slack."""

from __future__ import annotations

import json
import socket
import time
import urllib.request
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from bot.slack.guard import MAX_BODY_BYTES, MAX_JSON_DEPTH, parse_request
from tests.fakeslack import action_body, command_body, post, signed_headers
from tests.slack_support import SECRET, raw_post, rejections

MARKER = "hostile-marker-7f3a"  # in every hostile body; must never reach a log line


def signed(body: bytes, content_type: str = "application/x-www-form-urlencoded") -> list[tuple[bytes, bytes]]:
    headers = signed_headers(SECRET, body)
    return [(b"Content-Type", content_type.encode())] + [(k.encode(), v.encode()) for k, v in headers.items()]


def form(**fields: str) -> bytes:
    return urlencode({**fields, "marker": MARKER}).encode()


def ts() -> bytes:
    return str(int(time.time())).encode()


GOOD_SIG = b"v0=" + b"0" * 64
FORM = (b"Content-Type", b"application/x-www-form-urlencoded")

UNSIGNED = {
    "json labelled form": form(payload="{}"),
    "broken payload": form(payload="{broken"),
    "empty payload": form(payload=""),
    "null payload": form(payload="null"),
    "list payload": form(payload="[1, 2]"),
    "deep nesting": b"payload=" + b"%5B" * 50_000 + MARKER.encode(),
}

# (what, body, headers, status, reason): requests whose signature headers can never verify.
MALFORMED_SIGNATURES = [
    ("timestamp abc", [(b"X-Slack-Request-Timestamp", b"abc"), (b"X-Slack-Signature", GOOD_SIG)]),
    ("float timestamp", [(b"X-Slack-Request-Timestamp", ts() + b".5"), (b"X-Slack-Signature", GOOD_SIG)]),
    ("empty timestamp", [(b"X-Slack-Request-Timestamp", b""), (b"X-Slack-Signature", GOOD_SIG)]),
    ("400 digits", [(b"X-Slack-Request-Timestamp", b"9" * 400), (b"X-Slack-Signature", GOOD_SIG)]),
    ("non-ASCII signature", [(b"X-Slack-Request-Timestamp", ts()), (b"X-Slack-Signature", "v0=é☃".encode())]),
    ("latin-1 signature", [(b"X-Slack-Request-Timestamp", ts()), (b"X-Slack-Signature", b"v0=\xe9" * 20)]),
    ("empty signature", [(b"X-Slack-Request-Timestamp", ts()), (b"X-Slack-Signature", b"")]),
]


def health(slack) -> dict:
    with urllib.request.urlopen(slack.url + "/healthz") as response:
        return json.load(response)


@pytest.mark.parametrize("what", UNSIGNED)
def test_unsigned_garbage_is_401_and_never_parsed(slack, logged, what):
    body = UNSIGNED[what]
    content_type = b"application/json" if what == "json labelled form" else FORM[1]
    status, text = raw_post(slack.events, body, [(b"Content-Type", content_type)])
    assert status == 401, what
    assert text == b"unsigned"
    (line,) = rejections(logged)
    assert line["reason"] == "unsigned" and line["status"] == 401 and line["bytes"] == len(body)
    assert line["client"] == "127.0.0.1" and line["level"] == "warning"
    assert MARKER not in logged.getvalue() and "Traceback" not in logged.getvalue()


@pytest.mark.parametrize(("what", "headers"), MALFORMED_SIGNATURES, ids=[m[0] for m in MALFORMED_SIGNATURES])
def test_malformed_signature_headers_are_401(slack, logged, what, headers):
    body = command_body("aoi", slack.fake.response_url("x")) + b"&m=" + MARKER.encode()
    status, text = raw_post(slack.events, body, [FORM, *headers])
    assert status == 401, what
    assert text == b"malformed signature headers"
    slack.settle()
    assert slack.fake.responses() == []
    assert [line["reason"] for line in rejections(logged)] == ["malformed signature headers"]
    assert MARKER not in logged.getvalue() and '"error"' not in logged.getvalue()


@pytest.mark.parametrize(
    ("what", "body", "content_type", "reason"),
    [
        (
            "broken payload",
            form(payload="{broken"),
            "application/x-www-form-urlencoded",
            "payload is not JSON",
        ),
        ("empty payload", form(payload=""), "application/x-www-form-urlencoded", "payload is not JSON"),
        (
            "null payload",
            form(payload="null"),
            "application/x-www-form-urlencoded",
            "payload is not a JSON object",
        ),
        (
            "list payload",
            form(payload="[1]"),
            "application/x-www-form-urlencoded",
            "payload is not a JSON object",
        ),
        ("form labelled json", form(text="aoi"), "application/json", "body is not JSON"),
        ("json list", b'["' + MARKER.encode() + b'"]', "application/json", "body is not a JSON object"),
        ("deep nesting", b'{"a":' * 5000 + b"1" + b"}" * 5000, "application/json", "body is not JSON"),
        (
            "deep but parseable",
            b'{"a":' * 100 + b"1" + b"}" * 100,
            "application/json",
            "body nests too deeply",
        ),
        (
            "not a form",
            b"%%%&&&==" + MARKER.encode(),
            "application/x-www-form-urlencoded",
            "body is not a form",
        ),
    ],
)
def test_signed_garbage_is_400_not_500(slack, logged, what, body, content_type, reason):
    """Even with a valid signature (a leaked secret, or a bug on Slack's side) nothing crashes."""
    status, text = raw_post(slack.events, body, signed(body, content_type))
    assert (status, text.decode()) == (400, reason), what
    slack.settle()
    assert slack.fake.responses() == []
    assert [line["reason"] for line in rejections(logged)] == [reason]


def test_non_utf8_body_is_400(slack, logged):
    body = b"text=\xff\xfe" + MARKER.encode()
    headers = [FORM, (b"X-Slack-Request-Timestamp", ts()), (b"X-Slack-Signature", GOOD_SIG)]
    assert raw_post(slack.events, body, headers) == (400, b"body is not UTF-8")
    assert MARKER not in logged.getvalue()


def test_a_signed_click_with_no_actions_is_400(slack, logged):
    body = action_body("peel_more", '{"q": "aoi", "p": 2}', slack.fake.response_url("a1"))
    payload = json.loads(parse_qs(body.decode())["payload"][0])
    payload["actions"] = []
    empty = urlencode({"payload": json.dumps(payload)}).encode()
    assert raw_post(slack.events, empty, signed(empty)) == (400, b"block_actions without actions")
    slack.settle()
    assert slack.fake.responses() == []


def test_ten_megabytes_are_refused_unread(slack, logged):
    body = b"payload=" + b"x" * (10 * 1024 * 1024)
    started = time.perf_counter()
    status, text = raw_post(slack.events, body, [FORM])
    assert status == 413 and text == f"body over {MAX_BODY_BYTES} bytes".encode()
    assert time.perf_counter() - started < 2
    (line,) = rejections(logged)
    assert line["bytes"] == len(body) and len(logged.getvalue()) < 1000


def test_a_body_at_the_cap_is_still_read_and_checked(slack):
    body = command_body("x" * (MAX_BODY_BYTES - 1000), slack.fake.response_url("big"))
    assert MAX_BODY_BYTES - 1000 < len(body) <= MAX_BODY_BYTES
    assert raw_post(slack.events, body, signed(body)) == (200, b"")
    assert slack.reply("big")["response_type"] == "ephemeral"


def test_requests_without_a_length_are_411(slack):
    assert post(slack.events, b"", {}, content_type="application/x-www-form-urlencoded").status == 401
    parts = urlsplit(slack.events)
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as conn:
        conn.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert conn.recv(100).split()[1] == b"411"


def test_rejections_are_counted_in_healthz(slack):
    raw_post(slack.events, form(payload="{broken"), [FORM])
    raw_post(slack.events, form(payload="{broken"), [FORM])
    raw_post(
        slack.events, b"x", [FORM, (b"X-Slack-Request-Timestamp", b"abc"), (b"X-Slack-Signature", GOOD_SIG)]
    )
    assert slack.command("aoi").status == 200
    assert health(slack)["rejected"] == {
        "total": 3,
        "by_reason": {"unsigned": 2, "malformed signature headers": 1},
    }


def test_shape_check_accepts_what_slack_sends():
    parse_request(
        command_body("aoi", "https://hooks.slack.com/x").decode(), "application/x-www-form-urlencoded"
    )
    parse_request(action_body("peel_more", "{}", "https://hooks.slack.com/x").decode(), "")
    event = {"type": "event_callback", "event": {"type": "app_home_opened", "user": "U1", "a": [[{"b": 1}]]}}
    parse_request(json.dumps(event), "application/json")
    nested: dict = {}
    for _ in range(MAX_JSON_DEPTH - 1):
        nested = {"a": nested}
    parse_request(json.dumps(nested), "application/json; charset=utf-8")
