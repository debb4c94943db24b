"""The **More on …** button under a digest post (the finding's section, shown to the clicker only),
and the digest's wake-up: any request a process serves starts a background reconcile of every
channel (at most every few minutes), so an app that sleeps between requests keeps queues filled."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltResponse

from bot.digest.render import ACTION_DIGEST_MORE, topic_query
from bot.engine.answer import answer
from bot.listeners.errors import acknowledge, guarded
from bot.listeners.payloads import private_message
from bot.services import Services
from bot.slack.client import send_to_response_url

log = logging.getLogger(__name__)

GONE = "That finding is no longer in the bot's knowledge; try `/peel help` to see what it knows."


def more_message(uid: str, services: Services) -> dict[str, Any]:
    """The ephemeral answer for a click on a digest post's button (value: the entry uid)."""
    entry = services.kb.entry(uid)
    if entry is None:
        return {"response_type": "ephemeral", "replace_original": False, "text": GONE}
    message = private_message(answer(topic_query(entry), services.kb))
    return {**message, "replace_original": False}


def show_topic(body: dict[str, Any], services: Services) -> None:
    uid = body["actions"][0]["value"]
    send_to_response_url(body["response_url"], more_message(uid, services))
    log.info("digest more", extra={"event": "digest_more", "user": body["user"]["id"], "uid": uid})


def register(app: App, services: Services) -> None:
    """Wire the digest post's button (ack first, answer lazily) and the wake-up middleware."""

    def clicked(body: dict[str, Any]) -> None:
        show_topic(body, services)

    def wake_digest(next_: Callable[[], BoltResponse]) -> BoltResponse:
        if not services.digest.settings.ephemeral_storage:
            services.digest.wake()  # returns at once: the work runs on the digest's own thread
        return next_()

    app.middleware(wake_digest)
    app.action(ACTION_DIGEST_MORE)(ack=acknowledge, lazy=[guarded(clicked)])
