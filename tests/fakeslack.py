"""A fake Slack Web API on loopback, speaking Slack's wire format, plus helpers to send requests
to our app exactly as Slack does (form-encoded and signed).

* ``POST/GET /api/<method>`` takes form or JSON bodies (and query strings), checks for a token
  like Slack does (``not_authed``), and answers ``{"ok": ...}`` with realistic defaults.
  Scheduled messages are stateful (schedule / list / delete).
* ``POST /response/<id>`` is a ``response_url``: record the JSON body, answer ``ok``.
* Every request is recorded in ``.calls`` as ``(method, params)``; response_url posts are
  recorded as ``("response/<id>", body)``.
* ``fail_next(method, status=..., error=..., retry_after=..., times=...)`` injects failures:
  HTTP 500, 429 with ``Retry-After``, or ``{"ok": false, "error": ...}``; ``accepted=True`` makes
  Slack carry the call out *before* failing (a 5xx after the message was queued or posted);
  ``delay=`` answers late (longer than the client's timeout: a timeout, after or before acting);
  ``until=`` (an Event) holds the answer until the test sets it (a call still in flight).
* ``wait_for(method)`` / ``wait_until(condition)`` block until the fake has seen the calls or its
  state (posts, queue) says so, woken by each request: no sleeps, and a late duplicate still counts.
* Only the Web API methods the bot calls are faked; any other answers ``unknown_method``.
* Posted messages (``chat.postMessage``, and scheduled ones once ``deliver_due`` says their time
  has come) are kept per channel in ``.history`` with their ``metadata``, for ``conversations.history``.

Use the ``fake_slack`` fixture; ``fake_slack.url`` is the SLACK_API_URL (ends with ``/api/``).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from slack_sdk.http_retry import builtin_handlers
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.signature import SignatureVerifier

JSON_FIELDS = ("blocks", "view", "attachments", "metadata")
Result = dict[str, Any] | Callable[[dict[str, Any]], dict[str, Any]]


@dataclass
class Failure:
    """One injected failure: an HTTP status, a Slack error, or both."""

    status: int = 200
    error: str | None = None
    retry_after: int | None = None
    accepted: bool = False
    delay: float = 0.0
    until: threading.Event | None = None


@dataclass
class Recorded:
    """Everything about one request the fake received."""

    method: str
    params: dict[str, Any]
    headers: dict[str, str]
    status: int = 200
    at: float = field(default_factory=time.perf_counter)


@dataclass
class FakeSlack:
    """The server's state; see the module docstring."""

    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    requests: list[Recorded] = field(default_factory=list)
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)
    member_of: list[str] = field(default_factory=list)
    scheduled: dict[str, dict[str, Any]] = field(default_factory=dict)
    socket_url: str = "ws://127.0.0.1:9/link/?ticket=fake"  # apps.connections.open's answer
    history: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._failures: dict[str, list[Failure]] = {}
        self._results: dict[str, Result] = {}
        self._changed = threading.Condition()
        self._ids = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self._payloads: dict[str, dict[str, Any]] = {}  # what list does not show: blocks, metadata

    # -- lifecycle -------------------------------------------------------------------------------
    def start(self) -> FakeSlack:
        fake = self

        class Handler(_Handler):
            server_state = fake

        self._server = _Server(("127.0.0.1", 0), Handler)
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="fakeslack", daemon=True
        ).start()
        return self

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def base(self) -> str:
        assert self._server is not None, "call start() first"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def url(self) -> str:
        """SLACK_API_URL for clients under test."""
        return f"{self.base}/api/"

    def response_url(self, response_id: str = "r1") -> str:
        """A ``response_url`` served by this fake."""
        return f"{self.base}/response/{response_id}"

    # -- configuration ---------------------------------------------------------------------------
    def fail_next(
        self,
        method: str,
        status: int = 200,
        error: str | None = None,
        retry_after: int | None = None,
        times: int = 1,
        *,
        accepted: bool = False,
        delay: float = 0.0,
        until: threading.Event | None = None,
    ) -> None:
        """Make the next ``times`` calls to ``method`` fail (use ``"response"`` for response URLs).

        ``accepted``: Slack acts on the call, then answers with the failure. ``delay``: seconds
        before answering (alone: a late success, e.g. past the client's timeout). ``until``: the
        answer waits (at most 60 s) until the test sets this event.
        """
        if status == 200 and error is None and not delay and until is None:
            raise ValueError("give a failing status, a Slack error, a delay or an event to wait for")
        failure = Failure(status, error, retry_after, accepted, delay, until)
        with self._changed:
            self._failures.setdefault(method, []).extend(failure for _ in range(times))

    def deliver_due(self, now: float | None = None) -> int:
        """Post every scheduled message whose time has come (as Slack does); returns how many."""
        now = time.time() if now is None else now
        with self._changed:
            due = [m for m in self.scheduled.values() if m["post_at"] <= now]
            for message in due:
                del self.scheduled[message["id"]]
                payload = {**message, **self._payloads.pop(message["id"], {})}
                self._add_to_history(message["channel_id"], payload, ts=f"{message['post_at']}.000000")
            return len(due)

    def posts(self, channel: str) -> list[dict[str, Any]]:
        """Messages posted in ``channel``, oldest first."""
        with self._changed:
            return list(self.history.get(channel, []))

    def _add_to_history(self, channel: str, params: dict[str, Any], ts: str) -> None:
        message = {"type": "message", "ts": ts, "text": params.get("text", ""), "bot_id": "BBOT"}
        for key in ("blocks", "metadata"):
            if params.get(key):
                message[key] = params[key]
        self.history.setdefault(channel, []).append(message)

    def set_result(self, method: str, result: Result) -> None:
        """Override the successful answer for ``method`` (a dict, or a function of the params)."""
        self._results[method] = result

    # -- inspection ------------------------------------------------------------------------------
    def calls_to(self, method: str) -> list[dict[str, Any]]:
        with self._changed:
            return [params for name, params in self.calls if name == method]

    def responses(self, response_id: str | None = None) -> list[dict[str, Any]]:
        """Bodies POSTed to response URLs (all of them, or one id's)."""
        with self._changed:
            return [
                params
                for name, params in self.calls
                if name.startswith("response/") and (response_id is None or name == f"response/{response_id}")
            ]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[dict[str, Any]]:
        """Block until ``method`` (or ``"response/<id>"``) has been called ``count`` times."""

        def found() -> list[dict[str, Any]]:
            return [p for name, p in self.calls if name == method]

        def seen() -> str:
            return f"expected {count} call(s) to {method} within {timeout}s; saw {[n for n, _ in self.calls]}"

        self.wait_until(lambda: len(found()) >= count, timeout, seen)
        with self._changed:
            return found()

    def wait_until(
        self, condition: Callable[[], object], timeout: float = 5.0, what: str | Callable[[], str] = ""
    ) -> None:
        """Block until ``condition()`` is true, re-checked whenever the fake receives a request or
        acts on one (a late post landing, a message queued); AssertionError after ``timeout``."""
        with self._changed:
            if not self._changed.wait_for(condition, timeout):
                message = what() if callable(what) else what
                raise AssertionError(message or f"condition still false after {timeout}s")

    # -- request handling ------------------------------------------------------------------------
    def _record(self, method: str, params: dict[str, Any], headers: dict[str, str], status: int) -> None:
        with self._changed:
            self.calls.append((method, params))
            self.requests.append(Recorded(method, params, headers, status))
            self._changed.notify_all()

    def _take_failure(self, method: str) -> Failure | None:
        with self._changed:
            queue = self._failures.get(method)
            return queue.pop(0) if queue else None

    def handle(
        self, path: str, params: dict[str, Any], headers: dict[str, str]
    ) -> tuple[int, dict[str, str], bytes]:
        if path.startswith("/response/"):
            method = "response/" + path.removeprefix("/response/")
            failure = self._take_failure("response") or self._take_failure(method)
            if failure is not None:
                self._record(method, params, headers, failure.status if failure.status != 200 else 404)
                return _failure_response(failure, text=True)
            self._record(method, params, headers, 200)
            return 200, {"Content-Type": "text/plain"}, b"ok"
        if not path.startswith("/api/"):
            return 404, {"Content-Type": "text/plain"}, b"not found"
        method = path.removeprefix("/api/")
        failure = self._take_failure(method)
        if failure is not None:
            self._record(method, params, headers, failure.status)
            result = self._result(method, params) if failure.accepted else None
            if failure.delay:
                time.sleep(failure.delay)
            if failure.until is not None:
                failure.until.wait(timeout=60)
            if failure.status != 200 or failure.error is not None:
                return _failure_response(failure)
            return _json(200, result if result is not None else self._result(method, params))
        self._record(method, params, headers, 200)
        if not (headers.get("authorization", "").startswith("Bearer x") or params.get("token")):
            return _json(200, {"ok": False, "error": "not_authed"})
        return _json(200, self._result(method, params))

    def _result(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        override = self._results.get(method)
        if override is not None:
            return override(params) if callable(override) else override
        default = getattr(self, "_api_" + method.replace(".", "_"), None)
        if default is None:
            return {"ok": False, "error": "unknown_method"}
        result = default(params)
        with self._changed:  # wake wait_until: Slack's state (history, queue) may have changed
            self._changed.notify_all()
        return result

    def _ts(self) -> str:
        return f"{int(time.time())}.{next(self._ids):06d}"

    # Default answers, one per Web API method, in Slack's shapes.
    def _api_auth_test(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "ok": True,
            "url": "https://fake.slack.test/",
            "team": "Fake",
            "user": "peel",
            "team_id": "T0FAKE",
            "user_id": "UBOT",
            "bot_id": "BBOT",
        }

    def _api_apps_connections_open(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "url": self.socket_url}

    def _api_chat_postMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        ts = self._ts()
        with self._changed:
            self._add_to_history(str(params.get("channel")), params, ts)
        return {
            "ok": True,
            "channel": params.get("channel"),
            "ts": ts,
            "message": {"type": "message", "text": params.get("text", ""), "ts": ts, "bot_id": "BBOT"},
        }

    def _api_chat_scheduleMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        message_id = f"Q{next(self._ids):08d}"
        post_at = int(params.get("post_at", 0))
        with self._changed:
            self.scheduled[message_id] = {
                "id": message_id,
                "channel_id": params.get("channel"),
                "post_at": post_at,
                "date_created": int(time.time()),
                "text": params.get("text", ""),
            }
            self._payloads[message_id] = {k: params[k] for k in ("blocks", "metadata") if params.get(k)}
        return {
            "ok": True,
            "channel": params.get("channel"),
            "scheduled_message_id": message_id,
            "post_at": post_at,
            "message": {"text": params.get("text", ""), "type": "delayed_message"},
        }

    def _api_chat_deleteScheduledMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        with self._changed:
            if self.scheduled.pop(str(params.get("scheduled_message_id")), None) is None:
                return {"ok": False, "error": "invalid_scheduled_message_id"}
        return {"ok": True}

    def _api_chat_scheduledMessages_list(self, params: dict[str, Any]) -> dict[str, Any]:
        with self._changed:
            items = [
                m
                for m in self.scheduled.values()
                if not params.get("channel") or m["channel_id"] == params.get("channel")
            ]
        return {"ok": True, "scheduled_messages": items, "response_metadata": {"next_cursor": ""}}

    def _api_conversations_history(self, params: dict[str, Any]) -> dict[str, Any]:
        oldest = float(params.get("oldest") or 0)
        latest = float(params.get("latest") or "inf")
        with_metadata = str(params.get("include_all_metadata", "")).lower() in ("1", "true")
        with self._changed:
            found = [
                {k: v for k, v in m.items() if k != "metadata" or with_metadata}
                for m in reversed(self.history.get(str(params.get("channel")), []))
                if oldest < float(m["ts"]) < latest
            ]
        limit = int(params.get("limit") or 100)
        return {"ok": True, "messages": found[:limit], "has_more": len(found) > limit}

    def _api_users_conversations(self, params: dict[str, Any]) -> dict[str, Any]:
        chosen = [self.channels.get(c, {"id": c, "name": f"channel-{c.lower()}"}) for c in self.member_of]
        return {"ok": True, "channels": chosen, "response_metadata": {"next_cursor": ""}}

    def _api_views_publish(self, params: dict[str, Any]) -> dict[str, Any]:
        view = params.get("view") or {}
        return {
            "ok": True,
            "view": {"id": f"V{next(self._ids):08d}", **(view if isinstance(view, dict) else {})},
        }


def _json(
    status: int, data: dict[str, Any], headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    return (
        status,
        {"Content-Type": "application/json; charset=utf-8", **(headers or {})},
        json.dumps(data).encode(),
    )


def _failure_response(failure: Failure, *, text: bool = False) -> tuple[int, dict[str, str], bytes]:
    headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else {}
    if failure.status == 429:
        return _json(429, {"ok": False, "error": "ratelimited"}, headers)
    if failure.status >= 500:
        return failure.status, {"Content-Type": "text/html", **headers}, b"<html>Internal Server Error</html>"
    if text:
        return (
            (failure.status if failure.status != 200 else 404),
            {"Content-Type": "text/plain"},
            (failure.error or "error").encode(),
        )
    return _json(failure.status, {"ok": False, "error": failure.error or "fatal_error"}, headers)


def _decode_json_fields(params: dict[str, Any]) -> dict[str, Any]:
    for key in JSON_FIELDS:
        value = params.get(key)
        if isinstance(value, str) and value[:1] in "[{":
            with contextlib.suppress(ValueError):
                params[key] = json.loads(value)
    return params


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # a burst of 50 clients must not overflow the listen backlog


class _Handler(BaseHTTPRequestHandler):
    server_state: FakeSlack
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        return None

    def _params(self) -> dict[str, Any]:
        params: dict[str, Any] = dict(parse_qsl(urlsplit(self.path).query))
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode() if length else ""
        if raw:
            if "json" in (self.headers.get("Content-Type") or ""):
                params.update(json.loads(raw))
            else:
                params.update(parse_qsl(raw, keep_blank_values=True))
        return _decode_json_fields(params)

    def _serve(self) -> None:
        params = self._params()
        headers = {k.lower(): v for k, v in self.headers.items()}
        status, out_headers, body = self.server_state.handle(urlsplit(self.path).path, params, headers)
        with contextlib.suppress(OSError):  # the client may have given up (timeout) before the answer
            self.send_response(status)
            for key, value in {**out_headers, "Content-Length": str(len(body))}.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

    do_GET = _serve
    do_POST = _serve


class _NoJitter:
    """Stands in for the ``random`` module slack_sdk's rate-limit handler adds to ``Retry-After``."""

    @staticmethod
    def random() -> float:
        return 0.0


def retry_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """slack_sdk's retry handlers wait exactly what Slack asks for: ``Retry-After`` seconds on a
    429 (without the random second slack_sdk adds), and no back-off (0.5-1.5 s, then 1.5-2.5 s)
    after a 5xx or a dropped connection. Which calls are retried, and how often, is unchanged."""
    monkeypatch.setattr(builtin_handlers, "random", _NoJitter)
    monkeypatch.setattr(BackoffRetryIntervalCalculator, "calculate_sleep_duration", lambda self, attempt: 0.0)


@pytest.fixture
def fake_slack(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSlack]:
    """A fresh fake Slack Web API on loopback for one test; clients retry it at once (see
    :func:`retry_at_once`), so a test of retries waits only for an explicit ``Retry-After``."""
    retry_at_once(monkeypatch)
    fake = FakeSlack().start()
    try:
        yield fake
    finally:
        fake.close()


# -- sending requests to our app the way Slack does --------------------------------------------------


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """Slack's v0 request signature, made by slack_sdk's own SignatureVerifier."""
    signed = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    assert signed is not None
    return signed


def signed_headers(secret: str, body: bytes, *, timestamp: int | None = None) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature(secret, ts, body)}


def command_body(
    text: str,
    response_url: str,
    *,
    user_id: str = "U0ASKER",
    channel_id: str = "C0CHAN",
    command: str = "/peel",
    trigger_id: str = "13345224609.738474920.8088930838d88f008e0",
) -> bytes:
    """A slash command exactly as Slack form-encodes it."""
    return urlencode(
        {
            "token": "legacy-verification-token",
            "team_id": "T0FAKE",
            "team_domain": "fake",
            "channel_id": channel_id,
            "channel_name": "general",
            "user_id": user_id,
            "user_name": "asker",
            "command": command,
            "text": text,
            "api_app_id": "A0PEEL",
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": trigger_id,
        }
    ).encode()


def action_body(
    action_id: str,
    value: str,
    response_url: str,
    *,
    user_id: str = "U0CLICK",
    channel_id: str = "C0CHAN",
    is_ephemeral: bool = True,
) -> bytes:
    """A block_actions button click as Slack sends it: form field ``payload`` holding JSON."""
    payload = {
        "type": "block_actions",
        "user": {"id": user_id, "username": "clicker", "team_id": "T0FAKE"},
        "api_app_id": "A0PEEL",
        "token": "legacy-verification-token",
        "container": {
            "type": "message",
            "message_ts": "1700000000.000100",
            "channel_id": channel_id,
            "is_ephemeral": is_ephemeral,
        },
        "trigger_id": "13345224609.738474920.8088930838d88f008e0",
        "team": {"id": "T0FAKE", "domain": "fake"},
        "channel": {"id": channel_id, "name": "general"},
        "response_url": response_url,
        "actions": [
            {
                "action_id": action_id,
                "block_id": "peel_actions",
                "type": "button",
                "value": value,
                "action_ts": "1700000001.000200",
            }
        ],
    }
    return urlencode({"payload": json.dumps(payload)}).encode()


def event_body(event: dict[str, Any], *, event_id: str = "Ev0HOME") -> bytes:
    """An Events API envelope (JSON)."""
    return json.dumps(
        {
            "token": "legacy-verification-token",
            "team_id": "T0FAKE",
            "api_app_id": "A0PEEL",
            "event": event,
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
        }
    ).encode()


@dataclass
class HttpResult:
    status: int
    body: bytes
    headers: dict[str, str]
    seconds: float

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


def post(
    url: str, body: bytes, headers: dict[str, str], *, content_type: str | None = None, timeout: float = 10.0
) -> HttpResult:
    """POST and return status/body/headers/elapsed without raising on HTTP errors."""
    if content_type is None:
        content_type = "application/json" if body[:1] == b"{" else "application/x-www-form-urlencoded"
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": content_type, **headers}
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read()
            return HttpResult(response.status, data, dict(response.headers), time.perf_counter() - started)
    except urllib.error.HTTPError as exc:
        return HttpResult(exc.code, exc.read(), dict(exc.headers), time.perf_counter() - started)


def signed_post(
    url: str,
    body: bytes,
    secret: str,
    *,
    timestamp: int | None = None,
    extra_headers: dict[str, str] | None = None,
) -> HttpResult:
    """POST ``body`` signed with ``secret`` as Slack would."""
    return post(url, body, {**signed_headers(secret, body, timestamp=timestamp), **(extra_headers or {})})
