"""Turn an engine Reply into Slack message payloads, with Share / Show more buttons.

Buttons carry the sanitised query and page (not the rendered answer): the engine is pure, so
re-asking gives the same answer and the payload stays far below Slack's 2,000-character value cap.
"""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.blocks import ActionsBlock, ButtonElement, ContextBlock, MarkdownTextObject

from bot.engine.reply import Reply

ACTION_SHARE = "peel_share"
ACTION_MORE = "peel_more"
MAX_BUTTON_VALUE = 2000
MAX_MESSAGE_BLOCKS = 50  # Slack's limit per message (the digest's posts use it too)


def encode_state(query: str, page: int) -> str:
    """Button value for re-asking ``query`` at ``page``."""
    return json.dumps({"q": query, "p": page}, ensure_ascii=False, separators=(",", ":"))


def decode_state(value: object) -> tuple[str, int]:
    """Inverse of :func:`encode_state`; raises ValueError on anything else (a button from an older
    version of the bot, or a forged click)."""
    try:
        data = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        data = None
    query = data.get("q") if isinstance(data, dict) else None
    page = data.get("p") if isinstance(data, dict) else None
    if not isinstance(query, str) or type(page) is not int or page < 1:
        raise ValueError("malformed button value")
    return query, page


def _buttons(reply: Reply, *, share: bool) -> list[dict[str, Any]]:
    elements = []
    if share:
        elements.append(
            ButtonElement(
                text="Share to channel",
                action_id=ACTION_SHARE,
                value=encode_state(reply.query, reply.page),
                style="primary",
            )
        )
    if reply.has_more:
        elements.append(
            ButtonElement(
                text=f"Show more ({reply.page + 1}/{reply.pages})",
                action_id=ACTION_MORE,
                value=encode_state(reply.query, reply.page + 1),
            )
        )
    if not elements or any(len(e.value or "") > MAX_BUTTON_VALUE for e in elements):
        return []
    return [ActionsBlock(block_id="peel_actions", elements=elements).to_dict()]


def _note(text: str) -> list[dict[str, Any]]:
    return [ContextBlock(elements=[MarkdownTextObject(text=text)]).to_dict()]


def _fit(blocks: list[dict[str, Any]], tail: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [*blocks[: MAX_MESSAGE_BLOCKS - len(tail)], *tail]


def private_message(reply: Reply, *, buttons: bool = True) -> dict[str, Any]:
    """An ephemeral reply: the answer plus Share and (when truncated) Show more."""
    tail = _buttons(reply, share=True) if buttons else []
    return {"response_type": "ephemeral", "text": reply.text, "blocks": _fit(reply.blocks, tail)}


def public_message(reply: Reply, note: str, *, buttons: bool = True) -> dict[str, Any]:
    """A message for the whole channel: the answer, who asked or shared it, and Show more."""
    tail = [*_note(note), *(_buttons(reply, share=False) if buttons else [])]
    return {"response_type": "in_channel", "text": reply.text, "blocks": _fit(reply.blocks, tail)}
