"""The Procfile's web process, run for real: gunicorn serving bot.slack.wsgi:app on loopback."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.fakeslack import command_body, post, signed_post
from tests.slack_support import raw_post

ROOT = Path(__file__).resolve().parents[1]
SECRET = "5ec7e7abcdef0123456789abcdef0123"
BOT = "xoxb-77-88-gunicorntest"
BODY_TIMEOUT = "0.5"  # SLACK_BODY_TIMEOUT_SECONDS: a stalled body is refused after half a second, not 5 s


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def web_command(port: int) -> list[str]:
    """The Procfile's ``web:`` line with $PORT filled in, bound to loopback."""
    line = next(line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("web:"))
    argv = shlex.split(line.removeprefix("web:").replace("$PORT", str(port)))
    argv = [a.replace("0.0.0.0", "127.0.0.1") for a in argv]
    return [str(Path(sys.executable).with_name(argv[0])), *argv[1:]]


def serve_command(port: int) -> list[str]:
    """``peel-bot serve`` (HTTP mode), which must start exactly like the Procfile."""
    return [str(Path(sys.executable).with_name("peel-bot")), "serve"]


def start(env_overrides: dict[str, str], port: int, command=web_command) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env.update(env_overrides, PORT=str(port))
    return subprocess.Popen(
        command(port), cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def wait_healthy(url: str, process: subprocess.Popen, timeout: float = 20) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited: {process.stderr.read()}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=3) as response:
                return {"status": response.status}
        except OSError:  # refused, reset or timed out while the workers boot
            time.sleep(0.1)
    raise AssertionError("gunicorn never became healthy")


@pytest.fixture
def stop():
    processes = []
    yield processes.append
    for process in processes:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)


def test_web_process_serves_slack_and_refuses_hostile_requests(fake_slack, stop):
    """The Procfile's line and ``peel-bot serve`` (which must start exactly like it), run side by
    side, so the stalled bodies' timeouts run out together."""
    commands = {"procfile": web_command, "serve": serve_command}
    ports = {name: free_port() for name in commands}
    processes = {
        name: start(
            {
                "SLACK_BOT_TOKEN": f"{BOT}-{name}",
                "SLACK_SIGNING_SECRET": SECRET,
                "SLACK_API_URL": fake_slack.url,
                "SLACK_BODY_TIMEOUT_SECONDS": BODY_TIMEOUT,
            },
            ports[name],
            command,
        )
        for name, command in commands.items()
    }
    for process in processes.values():
        stop(process)
    stalled = {}
    for name, port in ports.items():
        assert wait_healthy(f"http://127.0.0.1:{port}", processes[name]) == {"status": 200}, name
        stalled[name] = socket.create_connection(("127.0.0.1", port), timeout=float(BODY_TIMEOUT) + 10)
        stalled[name].sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\ntext=ao")
    for name, port in ports.items():
        serves_slack_and_refuses_hostile_requests(fake_slack, name, f"http://127.0.0.1:{port}")
    for name, connection in stalled.items():
        with connection:  # sent 7 of 100 bytes, then nothing: its thread is freed, the client told why
            reason = f"body not received within {BODY_TIMEOUT} s".encode()
            refusal = b""
            while not refusal.endswith(reason) and (chunk := connection.recv(1000)):
                refusal += chunk  # the head and the body may come in separate segments
            assert refusal.startswith(b"HTTP/1.1 408 ") and refusal.endswith(reason), (name, refusal)
    for process in processes.values():
        process.terminate()
    for name, process in processes.items():
        _, stderr = process.communicate(timeout=15)
        assert "Traceback" not in stderr and "payload=" not in stderr, name
        assert '"event": "rejected"' in stderr, name


def serves_slack_and_refuses_hostile_requests(fake_slack, name: str, url: str) -> None:
    events = url + "/slack/events"
    for n in range(4):  # both workers answer some
        ack = signed_post(events, command_body("help", fake_slack.response_url(f"{name}{n}")), SECRET)
        assert ack.status == 200
        (reply,) = fake_slack.wait_for(f"response/{name}{n}", timeout=10)
        assert reply["response_type"] == "ephemeral" and reply["blocks"]
    checks = [r for r in fake_slack.requests if r.method == "auth.test"]
    token = f"Bearer {BOT}-{name}"
    assert [r.headers["authorization"] for r in checks].count(token) == 1  # in the master, before forking

    form = [(b"Content-Type", b"application/x-www-form-urlencoded")]
    assert raw_post(events, b"payload=%7Bbroken", form) == (401, b"unsigned")
    bad_ts = [(b"X-Slack-Request-Timestamp", b"abc"), (b"X-Slack-Signature", b"v0=" + b"0" * 64)]
    assert raw_post(events, b"text=aoi", form + bad_ts)[0] == 401
    assert raw_post(events, b"payload=" + b"x" * (10 * 1024 * 1024), form)[0] == 413
    long_line = post(url + "/slack/events?" + "x" * 5000, b"", {})
    assert long_line.status == 414  # gunicorn's limit_request_line
    headers = [(f"X-Filler-{i}".encode(), b"1") for i in range(60)]
    assert raw_post(events, b"", form + headers)[0] == 431  # gunicorn's limit_request_fields
    with urllib.request.urlopen(url + "/healthz", timeout=3) as response:
        assert "rejected" in json.load(response)


def test_procfile_web_process_stops_with_the_missing_variable(stop):
    process = start({"SLACK_SIGNING_SECRET": SECRET}, free_port())
    stop(process)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode != 0
    assert "peel-bot cannot start: SLACK_BOT_TOKEN is not set" in stderr


def test_procfile_web_process_refuses_invalid_knowledge(fake_slack, stop, tmp_path):
    """A broken knowledge file stops the server with file, line and problem — no traceback."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", knowledge)
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    report = next(p for p in sorted(knowledge.glob("*.yaml")) if p.name != "topics.yaml")
    lines = report.read_text().splitlines()
    line_no = next(i for i, line in enumerate(lines) if line.strip().startswith("judgment:")) + 1
    lines[line_no - 1] = lines[line_no - 1].split("judgment:")[0] + "judgment: The force is brilliant."
    report.write_text("\n".join(lines) + "\n")
    env = {"SLACK_BOT_TOKEN": BOT, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": fake_slack.url}
    process = start({**env, "KNOWLEDGE_DIR": str(knowledge)}, free_port())
    stop(process)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode != 0
    assert "peel-bot cannot start: knowledge/ is invalid" in stderr
    assert f"knowledge/{report.name}:{line_no}: " in stderr
    assert "judgment: quote not found verbatim" in stderr
    assert "Traceback" not in stderr


@pytest.mark.parametrize("command", [web_command, serve_command], ids=["procfile", "peel-bot serve"])
def test_a_port_in_use_stops_start_up_with_one_line(fake_slack, stop, command):
    """Gunicorn alone would log ten lines over five seconds of retries, then exit."""
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {"SLACK_BOT_TOKEN": BOT, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": fake_slack.url}
        process = start(env, port, command)
        stop(process)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 2
    assert stderr.strip().splitlines()[-1] == (
        f"peel-bot cannot start: port {port} (PORT) is in use by another program: "
        "stop it or choose another PORT."
    )
    assert "Traceback" not in stderr and "[ERROR]" not in stderr
