"""Button clicks: **Share to channel** and **Show more**.

Both re-ask the engine with the query and page stored in the button, then answer through the
click's ``response_url`` so they work wherever the original reply was shown.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App

from bot.listeners.errors import ack_then
from bot.listeners.payloads import ACTION_MORE, ACTION_SHARE, decode_state, private_message, public_message
from bot.services import Services
from bot.slack.client import send_to_response_url

log = logging.getLogger(__name__)


def _clicked(body: dict[str, Any]) -> tuple[str, int]:
    return decode_state(body["actions"][0]["value"])


def share(body: dict[str, Any], services: Services) -> None:
    """Post the answer in the channel, credited to the clicker, then remove the ephemeral copy."""
    query, page = _clicked(body)
    user_id = body["user"]["id"]
    reply = services.engine.answer(query, page=page)
    message = public_message(reply, f"Shared by <@{user_id}>")
    send_to_response_url(body["response_url"], {**message, "replace_original": False})
    send_to_response_url(body["response_url"], {"delete_original": True})
    log.info("shared", extra={"event": "share", "user": user_id, "page": page})


def show_more(body: dict[str, Any], services: Services) -> None:
    """Next page: replaces an ephemeral reply in place; on a channel post, shows it to the clicker only."""
    query, page = _clicked(body)
    reply = services.engine.answer(query, page=page)
    message = private_message(reply)
    in_place = bool((body.get("container") or {}).get("is_ephemeral"))
    send_to_response_url(body["response_url"], {**message, "replace_original": in_place})
    log.info("show more", extra={"event": "more", "user": body["user"]["id"], "page": page})


def register(app: App, services: Services) -> None:
    """Wire both buttons: ack first, then answer on ``services.background``."""

    def share_clicked(body: dict[str, Any]) -> None:
        share(body, services)

    def more_clicked(body: dict[str, Any]) -> None:
        show_more(body, services)

    app.action(ACTION_SHARE)(ack_then(share_clicked, services))
    app.action(ACTION_MORE)(ack_then(more_clicked, services))
