"""The engine's answer to one command: Slack blocks plus what the Slack layer needs to page and share."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

MAX_REPLY_BLOCKS = 45  # Slack allows 50; the Slack layer appends an actions block (Share / Show more)


def new_ref() -> str:
    """A short id that ties what the user is told about a failure to its log line."""
    return uuid.uuid4().hex[:8]


@dataclass
class Reply:
    """A rendered answer.

    ``entries`` names what the page shows (``<report id>/<item id>``; a report summary shows
    its areas), so callers and tests can check an answer without reading its text.
    ``query`` is the sanitised command text; pass it back to ``answer(query, kb, page=page + 1)``
    for the next page. ``public`` is True when the user typed the word ``public``.
    """

    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)
    page: int = 1
    pages: int = 1
    query: str = ""
    public: bool = False
    verb: str = ""
    entries: tuple[str, ...] = ()  # uids of the entries shown on this page, in order

    @property
    def has_more(self) -> bool:
        """True when a later page exists."""
        return self.page < self.pages

    def to_message(self) -> dict[str, Any]:
        """The Slack message payload: fallback text and blocks."""
        return {"text": self.text, "blocks": self.blocks}
