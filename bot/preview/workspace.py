"""A one-user, one-channel Slack workspace held in memory, driven by the bot's own Slack code.

Every message is the exact payload the Slack path builds: ``/peel`` goes through the command
listener's ``command_message``; **Show more** and **Share to channel** rebuild their payloads
with the same builders the button listeners use; a digest post's **More on …** uses the digest
listener's ``more_message``; App Home is the listener's ``home_view``. The digest runs on a
throw-away SQLite file in a temporary folder and :class:`~bot.preview.slack.PreviewSlack`, so the
preview never touches ``data/digest.sqlite3``, the environment's database or Slack.
"""

from __future__ import annotations

import itertools
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.config import DigestSettings, Settings
from bot.digest.reconcile import Digest, PlannedPost, utc_now
from bot.digest.render import ACTION_DIGEST_MORE
from bot.digest.schedule import Cadence
from bot.digest.store import DigestStore
from bot.engine.answer import answer
from bot.knowledge import KnowledgeBase
from bot.listeners.commands import command_message
from bot.listeners.digest import more_message
from bot.listeners.home import home_view
from bot.listeners.payloads import ACTION_MORE, ACTION_SHARE, decode_state, private_message, public_message
from bot.preview.slack import PreviewSlack
from bot.services import Services

USER_ID = "U0PREVIEW"
USER_NAME = "you"
CHANNEL_ID = "C0PREVIEW"
CHANNEL_NAME = "peel-preview"
DIGEST_TIME = "09:00"
PLAN_DAYS = 10  # `peel-bot digest plan`'s default


class UnknownAction(ValueError):
    """A click names a message or an action the workspace does not have."""


@dataclass
class Message:
    """One message in the channel: the Slack payload exactly as the bot built it."""

    id: int
    payload: dict[str, Any]
    ephemeral: bool
    at: datetime
    command: str | None = None  # the /peel command it answers, when it answers one

    @property
    def blocks(self) -> list[dict[str, Any]]:
        return list(self.payload.get("blocks") or [])


@dataclass
class Workspace:
    """The preview's state: knowledge, the channel's messages, the digest and App Home."""

    kb: KnowledgeBase
    now: Callable[[], datetime] = utc_now
    messages: list[Message] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._ids = itertools.count(1)
        self._lock = threading.RLock()
        self._tmp = tempfile.TemporaryDirectory(prefix="peel-preview-")
        self.slack = PreviewSlack(USER_ID, {CHANNEL_ID: CHANNEL_NAME}, self._posted)
        database = Path(self._tmp.name) / "digest.sqlite3"
        settings = DigestSettings(database_url=f"sqlite:///{database}")  # defaults, not the environment's
        self.digest = Digest(DigestStore.open(settings.database_url), self.kb, self.slack, settings, self.now)
        self.services = Services(
            kb=self.kb,
            settings=Settings(bot_token="", signing_secret=None),
            client=self.slack,
            digest=self.digest,
        )
        self.digest.store.subscribe(
            CHANNEL_ID,
            post_time=DIGEST_TIME,
            cadence=Cadence.WEEKDAYS.value,
            zone=settings.zone,
            user_id=USER_ID,
            now=self.now(),
        )
        self.digest.reconcile(CHANNEL_ID)

    @property
    def names(self) -> dict[str, str]:
        """What Slack shows for the workspace's ids (``<#C…>``, ``<@U…>``)."""
        return {USER_ID: USER_NAME, CHANNEL_ID: CHANNEL_NAME}

    def close(self) -> None:
        """Close the digest store and delete its temporary folder."""
        self.digest.store.close()
        self._tmp.cleanup()

    # ------------------------------------------------------------------ the channel

    def _add(self, payload: dict[str, Any], *, ephemeral: bool, command: str | None = None) -> Message:
        message = Message(next(self._ids), payload, ephemeral, self.now(), command)
        self.messages.append(message)
        return message

    def _posted(self, channel: str, payload: dict[str, Any]) -> None:
        """A ``chat.postMessage`` from the digest (``/peel digest now``)."""
        with self._lock:
            self._add(payload, ephemeral=False)

    def command(self, text: str) -> Message:
        """``/peel <text>`` typed in the channel: the payload Slack would receive, appended."""
        with self._lock:
            payload = command_message(text, channel_id=CHANNEL_ID, user_id=USER_ID, services=self.services)
            return self._add(payload, ephemeral=payload["response_type"] == "ephemeral", command=text)

    def message(self, message_id: int | None) -> Message:
        """The channel message with this id; raises :class:`UnknownAction` when there is none."""
        for message in self.messages:
            if message.id == message_id:
                return message
        raise UnknownAction(f"no message {message_id} in the channel (it may have been deleted)")

    def click(self, message_id: int | None, action_id: str, value: str) -> Message:
        """A click on a button of a message: does what the bot's action listener does.

        Show more replaces an ephemeral reply in place (a public post gets a new private one);
        Share to channel posts the answer for everyone and deletes the private copy; a digest
        post's More on … adds a private answer. Returns the message now showing the result.
        """
        with self._lock:
            if action_id == ACTION_DIGEST_MORE:  # the digest tab's posts are not channel messages
                payload = more_message(value, self.services)
                payload.pop("replace_original", None)
                return self._add(payload, ephemeral=True)
            source = self.message(message_id)
            if action_id == ACTION_MORE:
                query, page = decode_state(value)
                payload = private_message(answer(query, self.kb, page=page))
                if source.ephemeral:
                    source.payload = payload
                    return source
                return self._add(payload, ephemeral=True)
            if action_id == ACTION_SHARE:
                query, page = decode_state(value)
                payload = public_message(answer(query, self.kb, page=page), f"Shared by <@{USER_ID}>")
                self.messages.remove(source)
                return self._add(payload, ephemeral=False, command=source.command)
            raise UnknownAction(f"the bot has no button {action_id!r}")

    # ------------------------------------------------------------------ App Home and digest

    def home(self) -> dict[str, Any]:
        """The App Home view Slack would be sent for this user."""
        with self._lock:
            return home_view(self.services, USER_ID, self.slack)

    def digest_plan(self, days: int = PLAN_DAYS) -> list[PlannedPost]:
        """What ``peel-bot digest plan --channel`` lists for the sample channel, with each post."""
        with self._lock:
            return self.digest.plan(CHANNEL_ID, days)
