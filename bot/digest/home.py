"""App Home: the digest subscriptions of the channels the user is in."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient
from slack_sdk.models.blocks import ContextBlock, HeaderBlock, SectionBlock

from bot.digest.commands import describe, status_text
from bot.engine.render import mrkdwn
from bot.services import Services

MAX_CHANNELS = 20
NONE_YET = (
    "None of your channels has a daily digest yet. Type `/peel digest subscribe` in a channel to start one."
)


def user_channel_ids(client: WebClient, user_id: str) -> set[str]:
    """Every public and private channel the user is a member of (all pages)."""
    ids: set[str] = set()
    pages = client.users_conversations(user=user_id, types="public_channel,private_channel", limit=200)
    for page in pages:
        ids.update(channel["id"] for channel in page.get("channels", []))
    return ids


def subscription_blocks(services: Services, user_id: str, client: WebClient) -> list[dict[str, Any]]:
    """A 'Daily digest' section: each of the user's channels with a subscription, its schedule,
    pause state, next and last post."""
    digest = services.digest
    subs = [s for s in digest.store.subscriptions() if s.active]
    mine = user_channel_ids(client, user_id) if subs else set()
    shown = [s for s in subs if s.channel_id in mine]
    blocks: list[Any] = [HeaderBlock(text="Daily digest")]
    if not shown:
        blocks.append(ContextBlock(elements=[mrkdwn(NONE_YET)]))
    for sub in shown[:MAX_CHANNELS]:
        detail = status_text(digest, sub.channel_id, brief=True)
        text = f"<#{sub.channel_id}> — {describe(digest, sub)}" + (f"\n{detail}" if detail else "")
        blocks.append(SectionBlock(text=mrkdwn(text)))
    if len(shown) > MAX_CHANNELS:
        blocks.append(ContextBlock(elements=[mrkdwn(f"…and {len(shown) - MAX_CHANNELS} more channels.")]))
    return [b.to_dict() for b in blocks]
