"""HTTP mode: one WSGI app routing ``/slack/events`` to Bolt and ``/healthz`` to a health check,
served by gunicorn (the same server the Procfile runs).
"""

from __future__ import annotations

import io
import json
import logging
import traceback
from collections.abc import Callable, Iterable
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gunicorn.app.base import BaseApplication
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.slack import gunicorn_config
from bot.slack.guard import Rejection, RequestGuard

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

_PROJECT = Path(__file__).resolve().parents[2]
_OUR_CODE = "bot/"

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"

HealthCheck = Callable[[], tuple[bool, dict[str, Any]]]

log = logging.getLogger(__name__)


def health_app(check: HealthCheck) -> WSGIApplication:
    """WSGI app answering ``GET /healthz`` with 200 (healthy) or 503, and a small JSON body."""

    def wsgi(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != HEALTH_PATH or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return _plain(start_response, "404 Not Found", b"Not Found")
        healthy, details = check()
        body = json.dumps({"ok": healthy, **details}).encode()
        status = "200 OK" if healthy else "503 Service Unavailable"
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]

    return wsgi


def _plain(start_response: StartResponse, status: str, body: bytes) -> list[bytes]:
    start_response(
        status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))]
    )
    return [body]


def create_wsgi_app(app: App, check: HealthCheck, guard: RequestGuard) -> WSGIApplication:
    """Slack's requests (commands, interactivity, events) to Bolt; health checks to ``check``.

    Every POST to ``/slack/events`` passes ``guard`` first (size cap, signature, shape), so Bolt
    only ever parses verified requests, as the JSON object the guard checked; a rejected one gets a
    4xx with a one-line reason.
    A signed payload whose shape Bolt cannot read (it indexes fields without checking them) is a
    400 too, logged and counted like any rejection. ``/healthz`` adds the guard's rejection counts
    to ``check``'s details.
    """
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def checked() -> tuple[bool, dict[str, Any]]:
        healthy, details = check()
        return healthy, {**details, "rejected": guard.rejected()}

    health = health_app(checked)

    def wsgi(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO")
        if path == HEALTH_PATH:
            return health(environ, start_response)
        if path != EVENTS_PATH or environ.get("REQUEST_METHOD") != "POST":
            return _plain(start_response, "404 Not Found", b"Not Found")
        try:
            checked = json.dumps(guard.read(environ)).encode()  # ASCII: lone surrogates survive
        except Rejection as rejection:
            return _refuse(start_response, rejection)
        environ.update({"wsgi.input": io.BytesIO(checked), "CONTENT_LENGTH": str(len(checked))})
        environ["CONTENT_TYPE"] = "application/json"
        try:
            return slack(environ, start_response)  # Bolt calls start_response only once it has an answer
        except Exception as exc:
            unreadable = Rejection(400, "payload Bolt could not read")
            where, ours = _where(exc)
            guard.record(unreadable, environ, error_type=type(exc).__name__, where=where)
            if ours:  # our bug, not a strange payload: keep the traceback
                log.error("request failed in our code", exc_info=exc, extra={"event": "error", "at": where})
            return _refuse(start_response, unreadable)

    return wsgi


def _refuse(start_response: StartResponse, rejection: Rejection) -> list[bytes]:
    status = f"{rejection.status} {HTTPStatus(rejection.status).phrase}"
    return _plain(start_response, status, rejection.reason.encode())


def _where(exc: BaseException) -> tuple[str, bool]:
    """``file:line`` where ``exc`` was raised (the innermost frame of our own code, if it passed
    through any below this module: then it is our bug), enough to find the assumption that broke."""
    frames = traceback.extract_tb(exc.__traceback__)[1:]  # the first is create_wsgi_app's own
    ours = [f for f in frames if Path(f.filename).is_relative_to(_PROJECT / _OUR_CODE)]
    if ours:
        return f"{Path(ours[-1].filename).relative_to(_PROJECT)}:{ours[-1].lineno}", True
    return (f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "unknown"), False


class GunicornServer(BaseApplication):  # type: ignore[misc]  # gunicorn ships no types
    """Serve an already built WSGI app under gunicorn with options given in code."""

    def __init__(self, app: WSGIApplication, options: dict[str, Any]) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> WSGIApplication:
        return self.application


def serve_http(app: WSGIApplication, *, port: int, workers: int, threads: int) -> None:
    """Serve ``app`` on ``0.0.0.0:port`` with the Procfile's gunicorn settings
    (``bot/slack/gunicorn_config.py``); ``app`` was built before the workers fork, like ``--preload``."""
    options = {**gunicorn_config.SETTINGS, "workers": workers, "threads": threads}
    GunicornServer(app, {**options, "bind": f"0.0.0.0:{port}"}).run()
