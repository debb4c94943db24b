"""Socket Mode against a real local WebSocket that speaks Slack's protocol (tests/fakesocket.py):
commands are acked by envelope_id and answered, every kind of drop is followed by a new
connection within a few ping intervals without spinning the CPU, and /healthz follows the pongs."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qsl

import pytest

from bot.config import load_settings
from bot.slack.app import build_app, build_services
from bot.slack.socket import PING_INTERVAL_SECONDS, SocketMode, start_health_server
from tests.fakeslack import FakeSlack, command_body
from tests.fakesocket import DROPS, FakeSocketMode

BOT = "xoxb-5-6-sockettest"
APP = "xapp-1-A0PEEL-7-sockettest"
PING = 0.5  # seconds; production uses PING_INTERVAL_SECONDS
RECONNECT_BOUND = 15.0 * PING / PING_INTERVAL_SECONDS + 1.0  # the 15 s promise, scaled, plus scheduling slack


@dataclass
class Running:
    fake: FakeSlack
    socket: FakeSocketMode
    mode: SocketMode
    health_url: str

    def health(self) -> tuple[int, dict]:
        try:
            with urllib.request.urlopen(self.health_url, timeout=2) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as exc:
            return exc.code, json.load(exc)

    def wait_health(self, status: int, timeout: float = 10.0) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            got, body = self.health()
            if got == status:
                return body
            if time.monotonic() > deadline:
                raise AssertionError(f"/healthz stayed {got} {body}, expected {status}")
            time.sleep(PING / 5)

    def command(self, text: str, response_id: str) -> str:
        """Send /peel over the newest connection; returns the envelope id once it is acked."""
        fields = dict(parse_qsl(command_body(text, self.fake.response_url(response_id)).decode()))
        envelope_id = self.socket.send("slash_commands", fields)
        self.socket.wait_ack(envelope_id)
        return envelope_id


@pytest.fixture
def running(fake_slack, fake_socket, kb) -> Iterator[Running]:
    fake_slack.socket_url = fake_socket.url
    env = {"SLACK_BOT_TOKEN": BOT, "SLACK_APP_TOKEN": APP, "SLACK_API_URL": fake_slack.url}
    settings = load_settings(env)
    services = build_services(settings, kb)
    mode = SocketMode(build_app(services), settings, ping_interval=PING)
    thread = threading.Thread(target=mode.run, name="socket-mode", daemon=True)
    thread.start()
    server = start_health_server(mode.health, 0, host="127.0.0.1", poll_interval=0.05)
    try:
        yield Running(fake_slack, fake_socket, mode, f"http://127.0.0.1:{server.server_port}/healthz")
    finally:
        server.shutdown()
        server.server_close()
        mode.stop()
        thread.join(timeout=10)
        assert not thread.is_alive()
        services.digest.background.join()  # no digest work outlives the test


def test_hello_then_a_command_is_acked_by_envelope_id_and_answered(running):
    running.socket.wait_connections(1)
    body = running.wait_health(200)
    assert body["mode"] == "socket" and body["connected"] is True
    assert body["last_pong_seconds_ago"] <= 2 * PING + 1
    envelope_id = running.command("aoi", "s1")
    assert running.socket.acks[envelope_id] == {"envelope_id": envelope_id}
    (reply,) = running.fake.wait_for("response/s1")
    assert reply["response_type"] == "ephemeral" and reply["blocks"]
    opened = [r for r in running.fake.requests if r.method == "apps.connections.open"]
    assert opened and all(r.headers["authorization"] == f"Bearer {APP}" for r in opened)


@pytest.mark.parametrize("how", DROPS)
def test_every_kind_of_drop_reconnects_quickly_without_spinning(running, how):
    first = running.socket.wait_connections(1)
    running.wait_health(200)
    cpu_before = time.process_time()
    dropped = running.socket.drop(how)
    second = running.socket.wait_connections(2, timeout=RECONNECT_BOUND + 5)
    waited = second.opened - dropped
    cpu = time.process_time() - cpu_before
    assert second is not first
    assert waited <= RECONNECT_BOUND, f"{how}: reconnected after {waited:.1f}s"
    assert cpu < 0.5 * max(waited, PING) + 0.3, f"{how}: {cpu:.2f}s CPU in {waited:.2f}s: a busy loop"
    running.wait_health(200)
    running.command("help", f"after-{how}")
    (reply,) = running.fake.wait_for(f"response/after-{how}")
    assert reply["blocks"]


def test_health_follows_the_pongs_while_slack_is_unreachable(running):
    running.socket.wait_connections(1)
    running.wait_health(200)
    running.fake.fail_next("apps.connections.open", status=503, times=3)  # no new connection for a while
    running.socket.drop("hang")
    body = running.wait_health(503, timeout=RECONNECT_BOUND)
    assert body["connected"] is False or body["last_pong_seconds_ago"] > 2 * PING + 1
    running.socket.wait_connections(2, timeout=30)
    assert running.wait_health(200)["connected"] is True


def test_health_is_503_before_the_first_connection(fake_slack, kb):
    env = {"SLACK_BOT_TOKEN": BOT, "SLACK_APP_TOKEN": APP, "SLACK_API_URL": fake_slack.url}
    settings = load_settings(env)
    mode = SocketMode(build_app(build_services(settings, kb)), settings)
    assert mode.health() == (False, {"mode": "socket", "connected": False, "last_pong_seconds_ago": None})


MALFORMED_ENVELOPES = [
    ("events_api", {"type": "event_callback", "event": None}, "event without a type"),
    (
        "events_api",
        {"type": "event_callback", "event": {"type": "app_home_opened"}},
        "event user is not an id",
    ),
    (
        "slash_commands",
        {"command": "/peel", "text": "aoi", "user_id": "U1", "channel_id": "C1"},
        "slash command without response_url",
    ),
    (
        "interactive",
        {"type": "block_actions", "user": "U1", "actions": [{"action_id": "peel_more"}]},
        "payload user is not an object with an id",
    ),
]


def test_envelopes_slack_never_sends_are_acked_and_logged_in_one_line(running, logged):
    """The HTTP guard's shape checks apply to Socket Mode too: acked (not redelivered), one warning
    line, no traceback, and the connection keeps serving."""
    running.socket.wait_connections(1)
    for kind, payload, _ in MALFORMED_ENVELOPES:
        envelope_id = running.socket.send(kind, payload)
        assert running.socket.wait_ack(envelope_id) == {"envelope_id": envelope_id}
    running.command("help", "after")
    assert running.fake.wait_for("response/after")[0]["blocks"]
    lines = [json.loads(line) for line in logged.getvalue().splitlines()]
    assert [line["reason"] for line in lines if line.get("event") == "rejected"] == [
        m[2] for m in MALFORMED_ENVELOPES
    ]
    assert "Traceback" not in logged.getvalue() and len(running.socket.connections) == 1
