"""HTTP mode: one WSGI app routing ``/slack/events`` to Bolt and ``/healthz`` to a health check,
served by gunicorn (the same server the Procfile runs).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from gunicorn.app.base import BaseApplication
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.slack.priority import AckFirst

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"

HealthCheck = Callable[[], tuple[bool, dict[str, Any]]]


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


def create_wsgi_app(app: App, check: HealthCheck, ack_first: AckFirst | None = None) -> WSGIApplication:
    """Slack's requests (commands, interactivity, events) to Bolt; health checks to ``check``.

    With ``ack_first``, each Slack request counts as in flight so background answers wait for it.
    """
    slack = SlackRequestHandler(app, path=EVENTS_PATH)
    health = health_app(check)
    gate = ack_first or AckFirst(quiet=0, max_wait=0)

    def wsgi(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH:
            return health(environ, start_response)
        with gate.acknowledging():
            return slack(environ, start_response)

    return wsgi


class GunicornServer(BaseApplication):
    """Run a WSGI app factory under gunicorn with options given in code (no config file)."""

    def __init__(self, factory: Callable[[], WSGIApplication], options: dict[str, Any]) -> None:
        self.factory = factory
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> WSGIApplication:
        return self.factory()


def serve_http(factory: Callable[[], WSGIApplication], *, port: int, workers: int, threads: int) -> None:
    """Serve on ``0.0.0.0:port`` with gunicorn threads (Bolt's lazy listeners need them)."""
    GunicornServer(
        factory,
        {"bind": f"0.0.0.0:{port}", "workers": workers, "threads": threads, "worker_class": "gthread"},
    ).run()
