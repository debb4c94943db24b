"""Build the Bolt app: settings + knowledge -> Services -> App with every listener registered.

This module only wires; behaviour lives in ``bot/listeners`` and ``bot/slack/retries.py``.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App

from bot.config import Settings
from bot.knowledge import KnowledgeBase
from bot.listeners import actions, commands, home
from bot.listeners.errors import handle_error
from bot.services import Services
from bot.slack.client import make_web_client, verify_token
from bot.slack.retries import ignore_retries

LISTENER_MODULES = (commands, actions, home)
WORKER_THREADS = 8


def build_services(settings: Settings, kb: KnowledgeBase, *, verify: bool = True) -> Services:
    """Create the shared Web API client (checking the token once) and bundle it with the knowledge."""
    client = make_web_client(settings)
    if verify:
        verify_token(client, settings)
    return Services(kb=kb, settings=settings, client=client)


def build_app(services: Services) -> App:
    """A Bolt App that acks in the request thread and does the work in a thread pool.

    ``process_before_response=True`` runs each ack function before the HTTP response is
    returned (no executor queueing in the way of the 3-second limit); the lazy listeners then
    answer from ``WORKER_THREADS`` background threads.
    """
    settings = services.settings
    app = App(
        client=services.client,
        signing_secret=settings.signing_secret,
        request_verification_enabled=not settings.socket_mode,
        token_verification_enabled=False,
        process_before_response=True,
        listener_executor=ThreadPoolExecutor(max_workers=WORKER_THREADS, thread_name_prefix="peel"),
    )
    app.middleware(ignore_retries)
    app.error(handle_error)
    for module in LISTENER_MODULES:
        module.register(app, services)
    return app
