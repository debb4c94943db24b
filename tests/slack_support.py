"""The real HTTP-mode WSGI app on loopback for Slack tests, with a worker pool that can say when
all the work started by a request has finished (so tests wait on that, not on a sleep)."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import socket
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest

from bot.config import ConfigError, load_settings
from bot.services import WORKER_THREADS, Services
from bot.slack.app import build_services
from bot.slack.logs import configure_logging
from bot.slack.server import wsgi_app_for
from tests.fakeslack import FakeSlack, HttpResult, action_body, command_body, signed_post

BOT = "xoxb-4242-4343-notarealtokenatall"
SECRET = "8f742231b10e8888abcd99eeeddd85a5"


class TrackedExecutor(ThreadPoolExecutor):
    """A thread pool that knows how many tasks are queued or running."""

    def __init__(self) -> None:
        super().__init__(WORKER_THREADS, thread_name_prefix="test-peel")
        self._busy = 0
        self._changed = threading.Condition()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        with self._changed:
            self._busy += 1
        future = super().submit(fn, *args, **kwargs)
        future.add_done_callback(self._done)
        return future

    def _done(self, _: Future[Any]) -> None:
        with self._changed:
            self._busy -= 1
            self._changed.notify_all()

    def wait_idle(self, timeout: float = 10.0) -> None:
        """Block until every submitted task has finished."""
        with self._changed:
            if not self._changed.wait_for(lambda: self._busy == 0, timeout):
                raise AssertionError(f"{self._busy} background task(s) still running after {timeout}s")


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _Quiet(WSGIRequestHandler):
    def log_message(self, format, *args):
        return None


@dataclass
class Running:
    url: str
    fake: FakeSlack
    services: Services

    @property
    def events(self) -> str:
        return self.url + "/slack/events"

    def command(self, text: str, response_id: str = "r1", **kwargs: Any) -> HttpResult:
        body = command_body(text, self.fake.response_url(response_id), **kwargs)
        return signed_post(self.events, body, SECRET)

    def click(self, action_id: str, value: str, response_id: str = "a1", **kwargs: Any) -> HttpResult:
        body = action_body(action_id, value, self.fake.response_url(response_id), **kwargs)
        return signed_post(self.events, body, SECRET)

    def reply(self, response_id: str = "r1", count: int = 1) -> dict[str, Any]:
        return self.fake.wait_for(f"response/{response_id}", count=count)[count - 1]

    def settle(self) -> None:
        """Wait until all work started by the requests sent so far has finished."""
        executor = self.services.background
        assert isinstance(executor, TrackedExecutor)
        executor.wait_idle()


@pytest.fixture
def slack(fake_slack, kb) -> Iterator[Running]:
    """The real WSGI app (guard, Bolt, listeners) served on loopback against the fake Slack."""
    settings = load_settings(
        {"SLACK_BOT_TOKEN": BOT, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": fake_slack.url}
    )
    services = build_services(settings, kb)
    services.background = TrackedExecutor()
    server = make_server("127.0.0.1", 0, wsgi_app_for(services), server_class=_Server, handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield Running(f"http://127.0.0.1:{server.server_port}", fake_slack, services)
    finally:
        server.shutdown()
        server.server_close()
        services.background.shutdown(wait=True)
        # digest work a request queued (a reconcile) finishes against this test's fake Slack, and
        # cannot log into a later test's output (as it did when xdist ordered tests differently)
        services.digest.background.join()


def raw_post(
    url: str, body: bytes, headers: list[tuple[bytes, bytes]], *, timeout: float = 10
) -> tuple[int, bytes]:
    """POST with exact bytes (headers that http.client would refuse), tolerating the server closing
    the connection before the whole body is sent; returns (status, body)."""
    parts = urlsplit(url)
    head = [
        b"POST " + parts.path.encode() + b" HTTP/1.1",
        b"Host: " + parts.netloc.encode(),
        b"Connection: close",
    ]
    head += [name + b": " + value for name, value in headers]
    head.append(b"Content-Length: " + str(len(body)).encode())
    with socket.create_connection((parts.hostname, parts.port), timeout=timeout) as conn:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # answered early (413)
            conn.sendall(b"\r\n".join(head) + b"\r\n\r\n" + body)
        response = b""
        try:
            while chunk := conn.recv(65536):
                response += chunk
        except ConnectionResetError:
            pass
    status_line, _, rest = response.partition(b"\r\n")
    return int(status_line.split()[1]), rest.partition(b"\r\n\r\n")[2]


@pytest.fixture
def logged() -> Iterator[io.StringIO]:
    """Every log line (JSON, redacted as in production) written while the test runs."""
    out = io.StringIO()
    handler = configure_logging("INFO", [SECRET, BOT], stream=out)
    yield out
    logging.getLogger().removeHandler(handler)
    logging.getLogger().setLevel(logging.WARNING)


def rejections(out: io.StringIO) -> list[dict[str, Any]]:
    """The ``rejected`` log lines in ``out``."""
    return [e for e in map(json.loads, out.getvalue().splitlines()) if e.get("event") == "rejected"]


@pytest.fixture
def keep_root_logging() -> Iterator[None]:
    """``serve`` and ``digest run`` install the JSON log handler on the root logger; undo that."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def config_problem(environ: dict[str, str]) -> str:
    """The ConfigError ``load_settings(environ)`` raises, checked to be one sentence."""
    with pytest.raises(ConfigError) as caught:
        load_settings(environ)
    message = str(caught.value)
    assert message.count(". ") == 0 and message.endswith(".") and "\n" not in message, message
    return message
