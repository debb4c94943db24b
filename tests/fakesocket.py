"""A local Socket Mode endpoint on loopback, speaking Slack's wire format over a real WebSocket
(the ``websockets`` library), and able to drop the connection every way a network can.

* Each connection gets ``hello``; every JSON message the client sends with an ``envelope_id`` is
  recorded as its acknowledgement.
* :meth:`FakeSocketMode.send` pushes an envelope (``slash_commands``, ``events_api``, …) to the
  newest connection; :meth:`wait_ack` waits for the client to ack it by ``envelope_id``.
* :meth:`drop` ends the newest connection: ``disconnect`` (Slack's refresh message, socket left
  open), ``close`` (a close frame), ``rst`` (TCP reset), ``fin`` (TCP close with no close frame)
  or ``hang`` (the peer stops reading and answering, the TCP connection stays up).

Point ``apps.connections.open`` at it by setting ``fake_slack.socket_url = fake_socket.url``.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import socket
import struct
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed

DROPS = ("disconnect", "close", "rst", "fin", "hang")


@dataclass
class Connection:
    """One client connection and when it was opened."""

    websocket: ServerConnection
    opened: float = field(default_factory=time.monotonic)


class FakeSocketMode:
    """The server's state; see the module docstring."""

    def __init__(self) -> None:
        self.connections: list[Connection] = []
        self.acks: dict[str, dict[str, Any]] = {}
        self._changed = threading.Condition()
        self._ids = itertools.count(1)
        self._loop = asyncio.new_event_loop()
        self._server: Server | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, name="fakesocket", daemon=True)

    # -- lifecycle -------------------------------------------------------------------------------
    def start(self) -> FakeSocketMode:
        self._thread.start()
        self._server = self._run(self._listen())
        return self

    async def _listen(self) -> Server:
        return await serve(self._serve, "127.0.0.1", 0, ping_interval=None)

    def close(self) -> None:
        if self._server is not None:
            self._server.close(close_connections=False)
            for connection in self.connections:
                connection.websocket.transport.abort()
            self._run(self._server.wait_closed())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)

    @property
    def url(self) -> str:
        """What ``apps.connections.open`` returns."""
        assert self._server is not None, "call start() first"
        port = self._server.sockets[0].getsockname()[1]
        return f"ws://127.0.0.1:{port}/link/?ticket=fake-ticket&app_id=A0PEEL"

    # -- driving the client ----------------------------------------------------------------------
    def wait_connections(self, count: int, timeout: float = 10.0) -> Connection:
        """Block until ``count`` connections have been opened; returns the ``count``-th."""
        with self._changed:
            if not self._changed.wait_for(lambda: len(self.connections) >= count, timeout):
                got = len(self.connections)
                raise AssertionError(f"expected {count} connection(s) within {timeout}s; got {got}")
            return self.connections[count - 1]

    def send(self, kind: str, payload: dict[str, Any]) -> str:
        """Push an envelope to the newest connection; returns its ``envelope_id``."""
        envelope_id = f"env-{next(self._ids)}"
        message = {"envelope_id": envelope_id, "type": kind, "payload": payload}
        message["accepts_response_payload"] = True
        self._run(self.connections[-1].websocket.send(json.dumps(message)))
        return envelope_id

    def wait_ack(self, envelope_id: str, timeout: float = 5.0) -> dict[str, Any]:
        """Block until the client acknowledged ``envelope_id``; returns the ack message."""
        with self._changed:
            if not self._changed.wait_for(lambda: envelope_id in self.acks, timeout):
                raise AssertionError(f"no ack for {envelope_id} within {timeout}s")
            return self.acks[envelope_id]

    def drop(self, how: str) -> float:
        """End the newest connection ``how`` (one of ``DROPS``); returns when it happened."""
        websocket = self.connections[-1].websocket
        if how == "disconnect":
            message = {"type": "disconnect", "reason": "refresh_requested", "debug_info": {"host": "fake"}}
            self._run(websocket.send(json.dumps(message)))
        elif how == "close":
            self._run(websocket.close(1001, "going away"))
        else:
            self._loop.call_soon_threadsafe(self._cut, websocket, how)
        return time.monotonic()

    # -- server side -----------------------------------------------------------------------------
    def _run(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=10)

    @staticmethod
    def _cut(websocket: ServerConnection, how: str) -> None:
        transport = websocket.transport
        if how == "hang":
            transport.pause_reading()  # pings go unanswered; nothing is sent; TCP stays up
        elif how == "fin":
            transport.close()  # FIN, no close frame
        elif how == "rst":
            sock = transport.get_extra_info("socket")
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            transport.abort()  # with SO_LINGER 0: RST

    async def _serve(self, websocket: ServerConnection) -> None:
        with self._changed:
            self.connections.append(Connection(websocket))
            number = len(self.connections)
            self._changed.notify_all()
        hello = {
            "type": "hello",
            "num_connections": number,
            "debug_info": {"host": "applink-fake", "approximate_connection_time": 18060},
            "connection_info": {"app_id": "A0PEEL"},
        }
        await websocket.send(json.dumps(hello))
        with contextlib.suppress(ConnectionClosed):
            async for raw in websocket:
                message = json.loads(raw)
                if isinstance(message, dict) and "envelope_id" in message:
                    with self._changed:
                        self.acks[message["envelope_id"]] = message
                        self._changed.notify_all()


@pytest.fixture
def fake_socket() -> Iterator[FakeSocketMode]:
    """A fresh Socket Mode endpoint on loopback for one test."""
    fake = FakeSocketMode().start()
    try:
        yield fake
    finally:
        fake.close()
