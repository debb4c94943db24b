"""Start-up: settings -> logs -> knowledge -> app, for both HTTP and Socket Mode."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.config import ConfigError, Settings
from bot.knowledge import KnowledgeBase
from bot.knowledge.cache import load_engine
from bot.services import Services
from bot.slack.app import build_app, build_services
from bot.slack.guard import RequestGuard
from bot.slack.http import create_wsgi_app
from bot.slack.logs import configure_logging

if TYPE_CHECKING:
    from wsgiref.types import WSGIApplication

log = logging.getLogger(__name__)


def check_knowledge_dir(env: Mapping[str, str] | None = None) -> None:
    """A ``KNOWLEDGE_DIR`` that is not a folder is a setting problem: one line naming the variable."""
    where = (os.environ if env is None else env).get("KNOWLEDGE_DIR", "").strip()
    if where and not Path(where).is_dir():
        raise ConfigError(
            f"KNOWLEDGE_DIR must name the folder holding the knowledge files, and {where!r} is not a folder."
        )


def http_wsgi_app(settings: Settings, kb: KnowledgeBase | None = None) -> WSGIApplication:
    """The complete HTTP-mode WSGI app (Slack at /slack/events, health at /healthz), built once."""
    if kb is None:
        check_knowledge_dir()
        kb = load_engine().kb  # from the start-up cache when it is fresh
    return wsgi_app_for(build_services(settings, kb))


def wsgi_app_for(services: Services) -> WSGIApplication:
    """The HTTP-mode WSGI app around ready-built ``services``."""
    secret = services.settings.signing_secret
    if secret is None:
        raise ConfigError("SLACK_SIGNING_SECRET is not set, and HTTP mode needs it to verify requests.")
    reports = len(services.kb.reports)

    def check() -> tuple[bool, dict[str, Any]]:
        return True, {"mode": "http", "reports": reports}

    log.info("http app ready", extra={"event": "startup", "mode": "http", "reports": reports})
    guard = RequestGuard(secret, body_timeout=services.settings.body_timeout)
    return create_wsgi_app(build_app(services), check, guard)


def setup_logging(settings: Settings) -> None:
    """Structured, redacted logs at the configured level."""
    configure_logging(settings.log_level, settings.secrets)
