"""The door in front of Bolt: size, signature and shape checked before anything is parsed.

Bolt parses a request's body before it checks the signature, so unsigned garbage could reach its
parsers (and a 10 MB body cost seconds of CPU). Here every POST is read with a size cap, its
``X-Slack-Signature`` is verified with slack_sdk's :class:`SignatureVerifier`, and only then is the
body parsed, once, to check it has the shape Bolt expects. A failure is a 4xx with a short plain
reason, one JSON log line (reason, size, client address; never the body) and a count per reason
that ``/healthz`` reports.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from slack_sdk.signature import Clock, SignatureVerifier

if TYPE_CHECKING:
    from wsgiref.types import WSGIEnvironment

MAX_BODY_BYTES = 1_000_000  # Slack's largest payloads (modal submissions) are a few tens of kB
MAX_JSON_DEPTH = 64  # Slack's deepest payloads nest about ten levels
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


def check_shape(text: str, content_type: str) -> None:
    """Raise :class:`Rejection` unless the body is what Slack sends: a JSON object (Events API),
    or a form whose ``payload`` field, when present, is a JSON object (interactivity)."""
    if content_type.split(";")[0].strip().lower() == "application/json":
        _json_object(text, "body")
        return
    try:
        form = parse_qs(text, keep_blank_values=True, strict_parsing=bool(text), max_num_fields=200)
    except ValueError:
        raise Rejection(400, "body is not a form") from None
    if "payload" not in form:
        return
    payload = _json_object(form["payload"][0], "payload")
    if payload.get("type") == "block_actions":
        actions = payload.get("actions")
        if not isinstance(actions, list) or not actions or not all(isinstance(a, dict) for a in actions):
            raise Rejection(400, "block_actions without actions")


class RequestGuard:
    """Reads and checks one Slack request; counts what it rejects (thread-safe)."""

    def __init__(
        self, signing_secret: str, *, max_bytes: int = MAX_BODY_BYTES, clock: Clock | None = None
    ) -> None:
        self.verifier = SignatureVerifier(signing_secret, clock or Clock())
        self.max_bytes = max_bytes
        self._rejected: Counter[str] = Counter()
        self._lock = threading.Lock()

    def read(self, environ: WSGIEnvironment) -> bytes:
        """The verified body of a POST, or raise :class:`Rejection` (logged and counted)."""
        try:
            body = self._body(environ, self._length(environ))
            self._verify(environ, body)
            check_shape(body.decode(), environ.get("CONTENT_TYPE") or "")
        except Rejection as rejection:
            self._record(rejection, environ)
            raise
        return body

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
        body: bytes = environ["wsgi.input"].read(size) if size else b""
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

    def _record(self, rejection: Rejection, environ: WSGIEnvironment) -> None:
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
            },
        )
