"""Build the Bolt app: settings + knowledge -> Services -> App with every listener registered.

This module only wires; behaviour lives in ``bot/listeners`` and ``bot/slack/retries.py``.
"""

from __future__ import annotations

from slack_bolt import App

from bot.config import Settings
from bot.engine.answer import answer
from bot.knowledge import KnowledgeBase
from bot.listeners import actions, commands, digest, home
from bot.listeners.errors import handle_error
from bot.services import Services
from bot.slack.client import make_web_client, verify_token
from bot.slack.priority import AckFirstExecutor
from bot.slack.retries import ignore_retries

LISTENER_MODULES = (commands, actions, home, digest)
WORKER_THREADS = 8


def build_services(settings: Settings, kb: KnowledgeBase, *, verify: bool = True) -> Services:
    """Create the shared Web API client (checking the token once) and bundle it with the knowledge."""
    client = make_web_client(settings)
    if verify:
        verify_token(client, settings)
    answer("help", kb)  # build the engine's index now, not while the first user waits
    return Services(kb=kb, settings=settings, client=client)


def build_app(services: Services) -> App:
    """A Bolt App that acks in the request thread and does the work in a thread pool.

    ``process_before_response=True`` runs each ack function before the HTTP response is
    returned (no executor queueing in the way of the 3-second limit); the work that follows runs
    on ``services.background`` (``WORKER_THREADS`` threads), each task waiting its turn behind
    in-flight acknowledgements (``AckFirstExecutor``).
    """
    settings = services.settings
    if services.background is None:
        services.background = AckFirstExecutor(services.ack_first, WORKER_THREADS, thread_name_prefix="peel")
    app = App(
        client=services.client,
        signing_secret=settings.signing_secret,
        request_verification_enabled=not settings.socket_mode,
        token_verification_enabled=True,  # Bolt caches auth.test now, not on the first request
        process_before_response=True,
        listener_executor=services.background,
    )
    app.middleware(ignore_retries)
    app.error(handle_error)
    for module in LISTENER_MODULES:
        module.register(app, services)
    return app
