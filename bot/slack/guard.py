"""The door in front of Bolt: size, signature and shape checked before anything is parsed.

Bolt parses a request's body before it checks the signature, so unsigned garbage could reach its
parsers (and a 10 MB body cost seconds of CPU). Here every POST is read with a size cap, its
``X-Slack-Signature`` is verified with slack_sdk's :class:`SignatureVerifier`, and only then is the
body parsed, once, and checked to have the shape Slack sends (which Bolt and our listeners index
without checking); Bolt is handed that checked object. A failure is a 4xx with a short plain
reason, one JSON log line (reason, size, client address; never the body) and a count per reason
that ``/healthz`` reports.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import socket
import threading
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from slack_sdk.signature import Clock, SignatureVerifier

from bot.config import DEFAULT_BODY_TIMEOUT_SECONDS

if TYPE_CHECKING:
    from wsgiref.types import WSGIEnvironment

MAX_BODY_BYTES = 1_000_000  # Slack's largest payloads (modal submissions) are a few tens of kB
MAX_JSON_DEPTH = 64  # Slack's deepest payloads nest about ten levels
_COMMAND_FIELDS = ("user_id", "channel_id", "response_url")
_EVENTS_WITH_A_USER = frozenset({"app_home_opened"})
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")
_CLIENT_CHARS = 64

log = logging.getLogger(__name__)


@dataclass
class Rejection(Exception):
    """Why a request was turned away: an HTTP status and a short reason (safe to log and return)."""

    status: int
    reason: str


def _depth(value: Any) -> int:
    """How deeply ``value`` nests lists and objects, without recursing."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if level > MAX_JSON_DEPTH:
                break
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


def _json_object(text: str, what: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise Rejection(400, f"{what} is not JSON") from None
    if not isinstance(data, dict):
        raise Rejection(400, f"{what} is not a JSON object")
    if _depth(data) > MAX_JSON_DEPTH:
        raise Rejection(400, f"{what} nests too deeply")
    return data


def _is_json(text: str, content_type: str) -> bool:
    """Bolt's rule: JSON when labelled so or when the body starts with ``{``."""
    return content_type.split(";")[0].strip().lower() == "application/json" or text.startswith("{")


def _check_event(body: dict[str, Any]) -> None:
    """Events API: an ``event``, when present, is an object with a string ``type``, and a ``user``
    id or object (an id where Slack always sends one)."""
    if "event" not in body:
        return
    event = body["event"]
    if not isinstance(event, dict) or not isinstance(event.get("type"), str):
        raise Rejection(400, "event without a type")
    user = event.get("user")
    if ("user" in event and not isinstance(user, str | dict)) or (  # user_change sends an object
        event["type"] in _EVENTS_WITH_A_USER and not isinstance(user, str)
    ):
        raise Rejection(400, "event user is not an id")


def _is_object_with(value: Any, key: str) -> bool:
    return isinstance(value, dict) and isinstance(value.get(key), str)


def _check_interactive(payload: dict[str, Any]) -> None:
    """Interactivity: a string ``type``; ``user``/``view`` objects as Slack sends them; and for a
    click, actions with string ids and values, and a ``response_url`` unless it came from a view."""
    if not isinstance(payload.get("type"), str):
        raise Rejection(400, "payload without a type")
    if "user" in payload and not _is_object_with(payload["user"], "id"):
        raise Rejection(400, "payload user is not an object with an id")
    if "view" in payload and not _is_object_with(payload["view"], "type"):
        raise Rejection(400, "payload view is not an object with a type")
    if not all(isinstance(payload.get(key, {}), dict) for key in ("container", "channel", "team")):
        raise Rejection(400, "payload container, channel or team is not an object")
    if payload["type"] != "block_actions":
        return
    actions = payload.get("actions")
    if not isinstance(actions, list) or not actions or not all(isinstance(a, dict) for a in actions):
        raise Rejection(400, "block_actions without actions")
    if not all(_is_object_with(a, "action_id") and isinstance(a.get("value", ""), str) for a in actions):
        raise Rejection(400, "block_actions with a malformed action")
    if not _is_object_with(payload.get("user"), "id"):
        raise Rejection(400, "block_actions without a user")
    container = payload.get("container")
    from_view = isinstance(container, dict) and container.get("type") == "view"
    if not from_view and not str(payload.get("response_url", "")).startswith(("https://", "http://")):
        raise Rejection(400, "block_actions without a response_url")


def _check_command(form: dict[str, Any]) -> None:
    """A slash command carries who, where and a ``response_url`` to answer on (Slack always sends them)."""
    missing = [name for name in _COMMAND_FIELDS if not str(form.get(name) or "").strip()]
    if missing:
        raise Rejection(400, f"slash command without {missing[0]}")
    if not str(form["response_url"]).startswith(("https://", "http://")):
        raise Rejection(400, "response_url is not an http(s) URL")


def parse_request(text: str, content_type: str) -> dict[str, Any]:
    """The object Bolt will see, parsed once and checked to have the shape Slack sends, or
    :class:`Rejection`: an Events API JSON object, an interactivity form's ``payload`` object, or a
    slash command's form fields.

    Bolt is then handed this object (as JSON), not the original body: its own parser reads any
    form containing the text ``payload`` (``/peel payload``, a channel named #payload) as an empty
    interactivity request, and what it reads must be exactly what was checked here.
    """
    if _is_json(text, content_type):
        body = _json_object(text, "body")
        _check_event(body)
        return body
    try:
        form = parse_qs(text, keep_blank_values=True, strict_parsing=bool(text), max_num_fields=200)
    except ValueError:
        raise Rejection(400, "body is not a form") from None
    if "payload" in form:
        if len(form["payload"]) > 1:
            raise Rejection(400, "more than one payload field")
        payload = _json_object(form["payload"][0], "payload")
        _check_interactive(payload)
        return payload
    fields = {name: values[-1] for name, values in form.items()}
    if "command" in fields:
        _check_command(fields)
    return fields


def check_envelope(kind: str, payload: object) -> None:
    """Socket Mode: the same checks for an envelope's payload (a slash command's fields, an Events
    API envelope or an interactivity payload) as :func:`parse_request` makes for HTTP."""
    if not isinstance(payload, dict):
        raise Rejection(400, "payload is not a JSON object")
    checks = {"slash_commands": _check_command, "events_api": _check_event, "interactive": _check_interactive}
    if kind in checks:
        checks[kind](payload)


class RequestGuard:
    """Reads and checks one Slack request; counts what it rejects (thread-safe)."""

    def __init__(
        self,
        signing_secret: str,
        *,
        max_bytes: int = MAX_BODY_BYTES,
        body_timeout: float = DEFAULT_BODY_TIMEOUT_SECONDS,
        clock: Clock | None = None,
    ) -> None:
        self.verifier = SignatureVerifier(signing_secret, clock or Clock())
        self.max_bytes = max_bytes
        self.body_timeout = body_timeout
        self._rejected: Counter[str] = Counter()
        self._lock = threading.Lock()

    def read(self, environ: WSGIEnvironment) -> dict[str, Any]:
        """The verified, parsed and checked body of a POST (see :func:`parse_request`), or raise
        :class:`Rejection` (logged and counted)."""
        try:
            body = self._body(environ, self._length(environ))
            self._verify(environ, body)
            return parse_request(body.decode(), environ.get("CONTENT_TYPE") or "")
        except Rejection as rejection:
            self.record(rejection, environ)
            raise

    def rejected(self) -> dict[str, Any]:
        """Rejections since start-up, for ``/healthz``: the total and a count per reason."""
        with self._lock:
            return {"total": sum(self._rejected.values()), "by_reason": dict(self._rejected)}

    def _length(self, environ: WSGIEnvironment) -> int:
        raw = (environ.get("CONTENT_LENGTH") or "").strip()
        if not raw:
            raise Rejection(411, "no Content-Length")
        if not raw.isdigit():
            raise Rejection(400, "bad Content-Length")
        size = int(raw)
        if size > self.max_bytes:
            raise Rejection(413, f"body over {self.max_bytes} bytes")
        return size

    def _body(self, environ: WSGIEnvironment, size: int) -> bytes:
        """Read ``size`` bytes; under gunicorn, a client that stops sending mid-body gets 408 after
        ``body_timeout`` seconds instead of holding a worker thread for as long as it likes."""
        if not size:
            return b""
        sock = environ.get("gunicorn.socket")
        if not isinstance(sock, socket.socket):
            body: bytes = environ["wsgi.input"].read(size)
        else:
            sock.settimeout(self.body_timeout)
            try:
                body = environ["wsgi.input"].read(size)
            except TimeoutError:
                with contextlib.suppress(OSError):  # gunicorn must not wait for the rest either
                    sock.shutdown(socket.SHUT_RD)
                raise Rejection(408, f"body not received within {self.body_timeout:g} s") from None
            finally:
                sock.settimeout(None)
        if len(body) != size:
            raise Rejection(400, "body shorter than Content-Length")
        return body

    def _verify(self, environ: WSGIEnvironment, body: bytes) -> None:
        timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP")
        signature = environ.get("HTTP_X_SLACK_SIGNATURE")
        if timestamp is None or signature is None:
            raise Rejection(401, "unsigned")
        if not _TIMESTAMP.fullmatch(timestamp) or not _SIGNATURE.fullmatch(signature):
            raise Rejection(401, "malformed signature headers")
        try:
            text = body.decode()
        except UnicodeDecodeError:
            raise Rejection(400, "body is not UTF-8") from None
        if not self.verifier.is_valid(text, timestamp, signature):
            raise Rejection(401, "bad or expired signature")

    def record(self, rejection: Rejection, environ: WSGIEnvironment, **details: Any) -> None:
        """Count ``rejection`` and log it as one line (reason, status, size, client, ``details``)."""
        with self._lock:
            self._rejected[rejection.reason] += 1
        length = (environ.get("CONTENT_LENGTH") or "").strip()
        forwarded = (environ.get("HTTP_X_FORWARDED_FOR") or "").split(",")[0].strip()
        log.warning(
            "request rejected",
            extra={
                "event": "rejected",
                "reason": rejection.reason,
                "status": rejection.status,
                "bytes": int(length) if length.isdigit() and len(length) < 16 else None,
                "client": str(environ.get("REMOTE_ADDR") or "unknown")[:_CLIENT_CHARS],
                "forwarded_for": forwarded[:_CLIENT_CHARS] or None,
                **details,
            },
        )
