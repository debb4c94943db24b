"""The preview's web server: a small WSGI app on loopback, served by the standard library.

Pages are plain HTML forms (no script): typing a command or clicking a button POSTs, the
workspace changes, and the browser is redirected to the page showing the result. Requests whose
``Host`` is not this loopback address, or whose ``Origin`` is another site, are refused, so
neither another web page nor a DNS-rebinding trick can drive the preview.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import parse_qs, urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from bot.preview.blocks import UnsupportedBlock
from bot.preview.pages import channel_page, digest_page, error_page, home_page
from bot.preview.workspace import UnknownAction, Workspace

HOST = "127.0.0.1"
DEFAULT_PORT = 8000
MAX_FORM_BYTES = 16_384
LOOPBACK_NAMES = ("127.0.0.1", "localhost")

log = logging.getLogger(__name__)

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
PAGES: dict[str, Callable[[Workspace], str]] = {"/": channel_page, "/home": home_page, "/digest": digest_page}


class _Refused(Exception):
    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status


def _allowed_host(environ: dict[str, Any]) -> bool:
    host = urlsplit("//" + environ.get("HTTP_HOST", "")).hostname or ""
    return host in LOOPBACK_NAMES


def _allowed_origin(environ: dict[str, Any]) -> bool:
    origin = environ.get("HTTP_ORIGIN")
    if not origin or origin == "null":
        return origin is None
    return (urlsplit(origin).hostname or "") in LOOPBACK_NAMES


def _form(environ: dict[str, Any]) -> dict[str, str]:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_FORM_BYTES:
        raise _Refused("413 Content Too Large", "That form is too large.")
    body = environ["wsgi.input"].read(length).decode("utf-8", "replace") if length else ""
    return {key: values[0] for key, values in parse_qs(body, keep_blank_values=True).items()}


def _html(start_response: StartResponse, status: str, body: str) -> list[bytes]:
    data = body.encode("utf-8")
    start_response(
        status,
        [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(len(data))),
            ("Cache-Control", "no-store"),
            ("X-Frame-Options", "DENY"),
        ],
    )
    return [data]


def _redirect(start_response: StartResponse, location: str) -> list[bytes]:
    start_response("303 See Other", [("Location", location), ("Content-Length", "0")])
    return []


def _post(workspace: Workspace, path: str, form: dict[str, str]) -> str:
    """Apply a command or a click; returns where the browser should look next."""
    if path == "/peel":
        message = workspace.command(form.get("text", ""))
        return f"/#m{message.id}"
    if path == "/click":
        raw_id = form.get("message", "0")
        message_id = int(raw_id) if raw_id.isdigit() and int(raw_id) > 0 else None
        try:
            message = workspace.click(message_id, form.get("action_id", ""), form.get("value", ""))
        except (UnknownAction, ValueError, KeyError) as exc:
            raise _Refused("400 Bad Request", f"That button cannot be used: {exc}") from None
        return f"/#m{message.id}"
    raise _Refused("404 Not Found", "There is no such page.")


class PreviewApp:
    """The WSGI application over one :class:`Workspace`."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "/") or "/"
        method = environ.get("REQUEST_METHOD", "GET")
        try:
            if not _allowed_host(environ):
                raise _Refused("403 Forbidden", "The preview answers only on this computer (127.0.0.1).")
            if method == "POST":
                if not _allowed_origin(environ):
                    raise _Refused("403 Forbidden", "Only the preview's own pages may send commands.")
                return _redirect(start_response, _post(self.workspace, path, _form(environ)))
            if method not in ("GET", "HEAD"):
                raise _Refused("405 Method Not Allowed", f"{method} is not used here.")
            page = PAGES.get(path)
            if page is None:
                raise _Refused("404 Not Found", "There is no such page.")
            return _html(start_response, "200 OK", page(self.workspace))
        except _Refused as exc:
            return _html(start_response, exc.status, error_page(exc.status, str(exc)))
        except UnsupportedBlock as exc:
            log.error("preview cannot render a payload: %s", exc)
            detail = f"{exc}. The bot sent something the preview does not know how to draw."
            return _html(
                start_response, "500 Internal Server Error", error_page("Unsupported Block Kit", detail)
            )


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


def make_preview_server(workspace: Workspace, port: int = DEFAULT_PORT) -> WSGIServer:
    """A threaded HTTP server for the preview, bound to loopback only (port 0: any free port)."""
    return make_server(
        HOST, port, PreviewApp(workspace), server_class=_ThreadingServer, handler_class=_QuietHandler
    )


class BackgroundPreview:
    """The preview served from a thread, for tests and the screenshot script (``with`` closes it)."""

    def __init__(self, workspace: Workspace, port: int = 0) -> None:
        self.workspace = workspace
        self.server = make_preview_server(workspace, port)
        self.thread = threading.Thread(target=self.server.serve_forever, name="peel-preview", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server.server_port}"

    def __enter__(self) -> BackgroundPreview:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()
