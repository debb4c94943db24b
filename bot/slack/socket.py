"""Socket Mode: connect out to Slack over a WebSocket (no public URL needed; ideal locally).

The connection uses slack_sdk's aiohttp client (through slack_bolt's adapter), the one that
notices a dead peer: aiohttp sends a WebSocket ping every ``ping_interval`` seconds and closes
the connection when the pong is more than half an interval late, and the client checks its
connection every interval and reconnects when it is closed (or, failing everything else, when no
pong has come back for four intervals). With the default 5 s that is a new connection within about
13 s of any kind of drop — a close frame, a ``disconnect`` message, a reset, a TCP close without a
close frame, or a peer that silently stops answering — with the loop asleep in between.
(The built-in client took 58 s to notice a TCP close without a close frame and spun a CPU core
meanwhile; the websocket-client adapter has no pong timeout at all.)

Health is judged from the last pong: ``/healthz`` (served on ``PORT`` when it is set) answers 200
only while the WebSocket is open and a pong arrived within ``2 × ping_interval + 1`` seconds.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import aiohttp
from slack_bolt import App
from slack_bolt.adapter.socket_mode.aiohttp import SocketModeHandler
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings
from bot.slack.client import TIMEOUT_SECONDS
from bot.slack.guard import Rejection, check_envelope
from bot.slack.http import HealthCheck, health_app

PING_INTERVAL_SECONDS = 5.0
NETWORK_ERRORS = (OSError, aiohttp.ClientError, asyncio.TimeoutError)

log = logging.getLogger(__name__)


class NetworkErrorsInOneLine(logging.Filter):
    """slack_sdk logs every failed (re)connection with a traceback, every interval while Slack is out
    of reach; the message already names the network error, so the traceback is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], NETWORK_ERRORS):
            record.error_type = type(record.exc_info[1]).__name__
            record.exc_info, record.exc_text = None, None
        return True


client_log = logging.getLogger(f"{__name__}.client")  # the Socket Mode client's own, filtered, logger
client_log.addFilter(NetworkErrorsInOneLine())


class _QuietHandler(WSGIRequestHandler):
    """Health probes arrive every few seconds; don't log each one."""

    def log_message(self, format: str, *args: object) -> None:
        return None


class CheckedSocketModeHandler(SocketModeHandler):
    """slack_bolt's aiohttp handler, with each envelope's payload checked like an HTTP request's
    (``bot/slack/guard.py``) before Bolt sees it: one Slack never sends is acknowledged (so it is
    not redelivered), logged as one line and dropped, instead of a traceback from deep in Bolt."""

    # slack_bolt's aiohttp handler narrows its base's client type (with its own ignore); ours repeats it
    async def handle(self, client: SocketModeClient, req: SocketModeRequest) -> None:  # type: ignore[override]
        try:
            check_envelope(req.type, req.payload)
        except Rejection as rejection:
            log.warning(
                "envelope rejected",
                extra={"event": "rejected", "reason": rejection.reason, "envelope_type": str(req.type)[:40]},
            )
            await client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id))
            return
        await super().handle(client, req)


class SocketMode:
    """Bolt's aiohttp Socket Mode handler, run on its own event loop, with a pong-based health check.

    :meth:`run` blocks (``peel-bot serve``); tests call it from a thread and end it with :meth:`stop`.
    """

    def __init__(self, app: App, settings: Settings, *, ping_interval: float = PING_INTERVAL_SECONDS) -> None:
        if settings.app_token is None:
            raise ValueError("Socket Mode needs SLACK_APP_TOKEN")
        self.app = app
        self.settings = settings
        self.app_token = settings.app_token
        self.ping_interval = ping_interval
        self.handler: CheckedSocketModeHandler | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()

    def run(self) -> None:
        """Connect and serve until :meth:`stop` (or Ctrl-C)."""
        asyncio.run(self._serve())

    def stop(self) -> None:
        """Close the connection and make :meth:`run` return (callable from any thread)."""
        self._ready.wait(timeout=10)
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)

    def wait_ready(self, timeout: float = 10.0) -> bool:
        """Block until the client exists (the first connection may still be on its way)."""
        return self._ready.wait(timeout)

    def health(self) -> tuple[bool, dict[str, Any]]:
        """Healthy while the WebSocket is open and the last pong is at most two intervals old."""
        client = self.handler.client if self.handler is not None else None
        session = client.current_session if client is not None else None
        connected = session is not None and not session.closed
        last = client.last_ping_pong_time if client is not None else None
        age = None if last is None else round(max(time.time() - last, 0.0), 1)
        fresh = age is not None and age <= 2 * self.ping_interval + 1
        return connected and fresh, {"mode": "socket", "connected": connected, "last_pong_seconds_ago": age}

    async def _serve(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        web_client = AsyncWebClient(
            token=self.settings.bot_token, base_url=self.settings.api_url, timeout=TIMEOUT_SECONDS
        )
        self.handler = CheckedSocketModeHandler(
            self.app,
            app_token=self.app_token,
            web_client=web_client,
            ping_interval=self.ping_interval,
            logger=client_log,
        )
        # slack_bolt leaves these two unannotated; name their types once here.
        connect: Callable[[], Awaitable[None]] = self.handler.connect_async
        close: Callable[[], Awaitable[None]] = self.handler.close_async
        self._ready.set()
        try:
            log.info("socket mode connecting", extra={"event": "startup", "mode": "socket"})
            await connect()
            await self._stop.wait()
        finally:
            await close()


def start_health_server(
    check: HealthCheck, port: int, host: str = "0.0.0.0", *, poll_interval: float = 0.5
) -> WSGIServer:
    """Serve ``/healthz`` from a daemon thread; ``shutdown()`` returns within ``poll_interval``."""
    server = make_server(host, port, health_app(check), handler_class=_QuietHandler)
    serve = functools.partial(server.serve_forever, poll_interval=poll_interval)
    threading.Thread(target=serve, name="healthz", daemon=True).start()
    return server


def serve_socket(app: App, settings: Settings, *, health_port: int | None) -> None:
    """Connect and block until interrupted."""
    socket_mode = SocketMode(app, settings)
    if health_port is not None:
        start_health_server(socket_mode.health, health_port)
    socket_mode.run()
