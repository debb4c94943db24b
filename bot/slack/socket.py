"""Socket Mode: connect out to Slack over a WebSocket (no public URL needed; ideal locally).

When ``PORT`` is set, ``/healthz`` is also served, answering 503 while the socket is down.
"""

from __future__ import annotations

import logging
import threading
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.config import Settings
from bot.slack.http import health_app

log = logging.getLogger(__name__)


class _QuietHandler(WSGIRequestHandler):
    """Health probes arrive every few seconds; don't log each one."""

    def log_message(self, format: str, *args: object) -> None:
        return None


def socket_handler(app: App, settings: Settings) -> SocketModeHandler:
    """Bolt's Socket Mode handler using the app-level token and the app's Web API client."""
    return SocketModeHandler(app, app_token=settings.app_token, web_client=app.client)


def start_health_server(handler: SocketModeHandler, port: int, host: str = "0.0.0.0") -> WSGIServer:
    """Serve ``/healthz`` from a daemon thread; healthy while the WebSocket is connected."""

    def check() -> tuple[bool, dict[str, Any]]:
        connected = bool(handler.client.is_connected())
        return connected, {"mode": "socket", "connected": connected}

    server = make_server(host, port, health_app(check), handler_class=_QuietHandler)
    threading.Thread(target=server.serve_forever, name="healthz", daemon=True).start()
    return server


def serve_socket(app: App, settings: Settings, *, health_port: int | None) -> None:
    """Connect and block until interrupted."""
    handler = socket_handler(app, settings)
    if health_port is not None:
        start_health_server(handler, health_port)
    log.info("socket mode starting", extra={"event": "startup", "mode": "socket"})
    handler.start()
