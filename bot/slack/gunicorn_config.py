"""Gunicorn settings for HTTP mode, shared by the Procfile (``gunicorn -c python:bot.slack.gunicorn_config``)
and ``peel-bot serve``, so both start the same way.

The app is built once in the master before the workers fork (``preload_app``): settings, knowledge
and the bot token are checked once, and a problem stops the server with one line. The limits keep
one client from holding a worker for long; Slack's requests are small and quick. Gunicorn is still
not a front-line server (a few slow clients can hold every thread): run it behind a router.
"""

import errno
import os
import socket
import sys
from typing import Any

worker_class = "gthread"
workers = 2
threads = 4
preload_app = True
timeout = 30  # a worker silent for this long is restarted
graceful_timeout = 10
keepalive = 5
limit_request_line = 4094  # bytes in the request line (method, path, query)
limit_request_fields = 50
limit_request_field_size = 8190
# Bodies are capped at bot.slack.guard.MAX_BODY_BYTES by the app itself (gunicorn has no such limit),
# and a body that stops arriving frees its thread after SLACK_BODY_TIMEOUT_SECONDS (default 5 s).


def port_problem(host: str, port: int) -> str | None:
    """Why gunicorn could not listen on ``host:port``, as one sentence, or None if it can."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return f"port {port} (PORT) is in use by another program: stop it or choose another PORT."
            return f"cannot listen on {host}:{port} (PORT): {exc.strerror or exc}."
    return None


def on_starting(server: Any) -> None:
    """Gunicorn hook, in the master before it binds: a port it cannot listen on stops start-up with
    one line (gunicorn itself would log ten lines over five seconds of retries)."""
    inherited = server.LISTENERS or os.environ.get("GUNICORN_FD") or os.environ.get("LISTEN_FDS")
    if inherited or server.cfg.reuse_port:
        return
    for address in server.cfg.address:
        if isinstance(address, tuple) and (problem := port_problem(str(address[0]), int(address[1]))):
            print(f"peel-bot cannot start: {problem}", file=sys.stderr, flush=True)
            sys.exit(2)


SETTINGS: dict[str, Any] = {
    name: value
    for name, value in dict(globals()).items()
    if not name.startswith("_") and name.islower() and isinstance(value, int | str | bool)
}
SETTINGS["on_starting"] = on_starting
