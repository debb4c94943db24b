"""``/peel``: acknowledge at once, then answer through the command's ``response_url``.

Replying through ``response_url`` (not chat.postMessage) works in DMs and in private channels
the bot is not a member of.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from slack_bolt import App

from bot.digest.commands import handle_digest
from bot.listeners.errors import ack_then
from bot.listeners.payloads import private_message, public_message
from bot.services import Services
from bot.slack.client import send_to_response_url

COMMAND = "/peel"
DIGEST_VERB = "digest"

log = logging.getLogger(__name__)


def from_slack(text: str) -> str:
    """Slack sends a command's ``&``, ``<`` and ``>`` as HTML entities; read them as typed.

    Safe because every echo of user text is escaped again on the way out.
    """
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def command_message(text: str, *, channel_id: str, user_id: str, services: Services) -> dict[str, Any]:
    """The full payload to post for ``/peel <text>`` (as Slack sent it), public or ephemeral."""
    text = from_slack(text)
    query = services.engine.parse(text)
    if query.verb == DIGEST_VERB:
        reply = handle_digest(query.args, channel_id=channel_id, user_id=user_id, services=services)
        buttons = False
    else:
        reply = services.engine.answer(text)
        buttons = True
    if reply.public:
        return public_message(reply, f"Asked by <@{user_id}>", buttons=buttons)
    return private_message(reply, buttons=buttons)


def answer_command(body: dict[str, Any], services: Services) -> None:
    """Compute the answer and deliver it; exceptions are handled by the caller's guard."""
    started = time.perf_counter()
    message = command_message(
        body.get("text", ""), channel_id=body["channel_id"], user_id=body["user_id"], services=services
    )
    send_to_response_url(body["response_url"], message)
    log.info(
        "answered",
        extra={
            "event": "command",
            "user": body["user_id"],
            "channel": body["channel_id"],
            "public": message["response_type"] == "in_channel",
            "ms": round((time.perf_counter() - started) * 1000, 1),
        },
    )


def register(app: App, services: Services) -> None:
    """Wire ``/peel``: ack first, answer in the background."""

    def answer_peel(body: dict[str, Any]) -> None:
        answer_command(body, services)

    app.command(COMMAND)(ack_then(answer_peel, services))
