"""Build the Bolt app: settings + knowledge -> Services -> App with every listener registered.

This module only wires; behaviour lives in ``bot/listeners`` and ``bot/slack/retries.py``.
"""

from __future__ import annotations

from slack_bolt import App
from slack_bolt.middleware.authorization import SingleTeamAuthorization
from slack_sdk.web import SlackResponse

from bot.config import Settings
from bot.digest.service import start_digest
from bot.knowledge import KnowledgeBase
from bot.listeners import actions, commands, digest, home
from bot.listeners.errors import handle_error
from bot.services import Services
from bot.slack.client import make_web_client, verify_app_token, verify_token
from bot.slack.retries import ignore_retries

LISTENER_MODULES = (commands, actions, home, digest)


def build_services(settings: Settings, kb: KnowledgeBase) -> Services:
    """Check the tokens (the one ``auth.test`` of the process; in Socket Mode also the app-level
    token) and build everything once: the Web API client, the answer engine and the worker pool."""
    identity = verify_token(settings)
    if settings.socket_mode:
        verify_app_token(settings)
    client = make_web_client(settings)
    services = Services(kb=kb, settings=settings, client=client, digest=start_digest(settings, kb))
    services.identity = identity
    return services


def _reuse_identity(app: App, identity: SlackResponse | None) -> None:
    """Hand our start-up ``auth.test`` result to Bolt's authorization, which would otherwise call
    ``auth.test`` again (Bolt has no public setter for it)."""
    for middleware in app._middleware_list:
        if isinstance(middleware, SingleTeamAuthorization) and identity is not None:
            middleware.auth_test_result = identity


def build_app(services: Services) -> App:
    """A Bolt App that acks in the request thread and does the work on ``services.background``.

    ``process_before_response=True`` runs each ack function before the HTTP response is
    returned (no executor queueing in the way of the 3-second limit). Bolt's own signature check is
    off: in HTTP mode every request has passed ``bot/slack/guard.py`` before Bolt sees it, and Socket
    Mode has no signatures. So this App must only be served through ``create_wsgi_app`` or Socket Mode.
    """
    app = App(
        client=services.client,
        request_verification_enabled=False,
        token_verification_enabled=False,  # build_services already ran auth.test
        process_before_response=True,
        listener_executor=services.background,
    )
    _reuse_identity(app, services.identity)
    app.middleware(ignore_retries)
    app.error(handle_error)
    for module in LISTENER_MODULES:
        module.register(app, services)
    return app
