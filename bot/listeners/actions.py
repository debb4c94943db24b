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


STALE = (
    "That button can no longer be used (it may come from an older version of the bot). "
    "Ask again with `/peel …` and use the buttons on the new answer."
)


def _clicked(body: dict[str, Any]) -> tuple[str, int] | None:
    """The query and page a button carries, or None (after telling the clicker) if it can't be read."""
    action = body["actions"][0]
    try:
        return decode_state(action.get("value"))
    except ValueError:
        send_to_response_url(
            body["response_url"], {"response_type": "ephemeral", "replace_original": False, "text": STALE}
        )
        log.warning(
            "unreadable button value",
            extra={"event": "stale_button", "action": str(action.get("action_id"))[:40], "user": _user(body)},
        )
        return None


def _user(body: dict[str, Any]) -> str | None:
    user = body.get("user")
    return user.get("id") if isinstance(user, dict) else None


def share(body: dict[str, Any], services: Services) -> None:
    """Post the answer in the channel, credited to the clicker, then remove the ephemeral copy."""
    clicked = _clicked(body)
    if clicked is None:
        return
    query, page = clicked
    user_id = body["user"]["id"]
    reply = services.engine.answer(query, page=page)
    message = public_message(reply, f"Shared by <@{user_id}>")
    send_to_response_url(body["response_url"], {**message, "replace_original": False})
    send_to_response_url(body["response_url"], {"delete_original": True})
    log.info("shared", extra={"event": "share", "user": user_id, "page": page})


def show_more(body: dict[str, Any], services: Services) -> None:
    """Next page: replaces an ephemeral reply in place; on a channel post, shows it to the clicker only."""
    clicked = _clicked(body)
    if clicked is None:
        return
    query, page = clicked
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
