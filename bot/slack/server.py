"""Start-up: settings -> logs -> knowledge -> app, for both HTTP and Socket Mode."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from bot.config import Settings
from bot.knowledge import KnowledgeBase, load_knowledge
from bot.slack.app import build_app, build_services
from bot.slack.http import create_wsgi_app
from bot.slack.logs import configure_logging

if TYPE_CHECKING:
    from wsgiref.types import WSGIApplication

log = logging.getLogger(__name__)


def http_wsgi_app(settings: Settings, kb: KnowledgeBase | None = None) -> WSGIApplication:
    """The complete HTTP-mode WSGI app (Slack at /slack/events, health at /healthz)."""
    kb = kb if kb is not None else load_knowledge()
    services = build_services(settings, kb)
    app = build_app(services)

    def check() -> tuple[bool, dict[str, Any]]:
        return True, {"mode": "http", "reports": len(kb.reports)}

    log.info("http app ready", extra={"event": "startup", "mode": "http", "reports": len(kb.reports)})
    return create_wsgi_app(app, check, services.ack_first)


def setup_logging(settings: Settings) -> None:
    """Structured, redacted logs at the configured level."""
    configure_logging(settings.log_level, settings.secrets)
