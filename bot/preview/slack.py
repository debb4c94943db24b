"""The preview's stand-in for the Slack Web API, answered in-process: no token, no network.

It is a real ``WebClient`` (so the digest and App Home code call it exactly as they call Slack)
whose ``api_call`` answers the handful of methods they use, in Slack's response shapes, and keeps
what was posted and queued in memory. Any other method raises, so a new Slack call cannot slip
past the preview unnoticed.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.web.slack_response import SlackResponse

PREVIEW_API_URL = "http://preview.invalid/api/"


@dataclass(frozen=True)
class Queued:
    """A message waiting in the channel's queue (``chat.scheduleMessage``)."""

    id: str
    channel: str
    post_at: int
    text: str
    blocks: list[dict[str, Any]]


class UnsupportedSlackMethod(NotImplementedError):
    """The code under preview called a Web API method the preview does not answer."""


class PreviewSlack(WebClient):
    """An in-memory Slack workspace with one user who is a member of ``channels``.

    ``on_post(channel, message)`` is called for every ``chat.postMessage``.
    """

    def __init__(
        self,
        user_id: str,
        channels: Mapping[str, str],
        on_post: Callable[[str, dict[str, Any]], None],
    ) -> None:
        super().__init__(token=None, base_url=PREVIEW_API_URL)
        self.user_id = user_id
        self.channels = dict(channels)
        self.on_post = on_post
        self.queued: dict[str, Queued] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def api_call(
        self,
        api_method: str,
        *,
        http_verb: str = "POST",
        files: dict[str, Any] | None = None,
        data: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
        json: dict[str, Any] | None = None,
        headers: dict[str, Any] | None = None,
        auth: dict[str, Any] | None = None,
    ) -> SlackResponse:
        """Answer one Web API call from memory, as Slack would."""
        args = {**(params or {}), **(data or {}), **(json or {})}
        handler = self._handlers().get(api_method)
        if handler is None:
            raise UnsupportedSlackMethod(f"the preview does not answer Slack's {api_method}")
        with self._lock:
            body = handler(args)
        response = SlackResponse(
            client=self,
            http_verb=http_verb,
            api_url=self.base_url + api_method,
            req_args={},
            data=body,
            headers={},
            status_code=200,
        )
        if not body.get("ok"):
            message = f"The request to the Slack API failed. (url: {response.api_url})"
            raise SlackApiError(message, response)  # type: ignore[no-untyped-call]  # unannotated in slack_sdk
        return response

    def _handlers(self) -> dict[str, Callable[[dict[str, Any]], dict[str, Any]]]:
        return {
            "chat.postMessage": self._post,
            "chat.scheduleMessage": self._schedule,
            "chat.deleteScheduledMessage": self._unschedule,
            "chat.scheduledMessages.list": self._list_queued,
            "users.conversations": self._conversations,
        }

    def _known(self, channel: str) -> dict[str, Any] | None:
        return None if channel in self.channels else {"ok": False, "error": "channel_not_found"}

    def _post(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = str(args.get("channel", ""))
        error = self._known(channel)
        if error:
            return error
        message = {"text": args.get("text", ""), "blocks": list(args.get("blocks") or [])}
        self.on_post(channel, message)
        return {"ok": True, "channel": channel, "ts": f"{time.time():.6f}", "message": message}

    def _schedule(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = str(args.get("channel", ""))
        error = self._known(channel)
        if error:
            return error
        post_at = int(args["post_at"])
        if post_at <= time.time():
            return {"ok": False, "error": "time_in_past"}
        queued = Queued(
            f"Q{next(self._ids):08d}",
            channel,
            post_at,
            str(args.get("text", "")),
            list(args.get("blocks") or []),
        )
        self.queued[queued.id] = queued
        return {"ok": True, "channel": channel, "scheduled_message_id": queued.id, "post_at": post_at}

    def _unschedule(self, args: dict[str, Any]) -> dict[str, Any]:
        if self.queued.pop(str(args.get("scheduled_message_id", "")), None) is None:
            return {"ok": False, "error": "invalid_scheduled_message_id"}
        return {"ok": True}

    def _list_queued(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = args.get("channel")
        listed = [
            {"id": q.id, "channel_id": q.channel, "post_at": q.post_at, "text": q.text}
            for q in sorted(self.queued.values(), key=lambda q: q.post_at)
            if channel in (None, q.channel)
        ]
        return {"ok": True, "scheduled_messages": listed, "response_metadata": {"next_cursor": ""}}

    def _conversations(self, args: dict[str, Any]) -> dict[str, Any]:
        member = args.get("user") in (None, self.user_id)
        listed = [{"id": cid, "name": name, "is_member": True} for cid, name in self.channels.items()]
        return {"ok": True, "channels": listed if member else [], "response_metadata": {"next_cursor": ""}}
