"""Plain-text rendering of a Reply for terminals (``peel-bot ask`` and ``peel-bot console``)."""

from __future__ import annotations

import re
import textwrap
from typing import Any

from bot.engine.render import GRADE_MARKERS, OTHER_GRADE_MARKER, UNGRADED_MARKER
from bot.engine.reply import Reply

WIDTH = 100
EMOJI = {
    GRADE_MARKERS["outstanding"]: "★",
    GRADE_MARKERS["good"]: "🟢",
    GRADE_MARKERS["adequate"]: "🟡",
    GRADE_MARKERS["requires improvement"]: "🟠",
    GRADE_MARKERS["inadequate"]: "🔴",
    UNGRADED_MARKER: "⚪",
    OTHER_GRADE_MARKER: "🔵",
}
_BOLD = re.compile(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_([^_\n]+)_(?![\w_])")
_CODE = re.compile(r"`([^`\n]+)`")


def unmrkdwn(text: str) -> str:
    """mrkdwn to plain text: markers as emoji, emphasis dropped, entities decoded."""
    for code, char in EMOJI.items():
        text = text.replace(code, char)
    text = _BOLD.sub(r"\1", text)
    text = _ITALIC.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _wrap(line: str, indent: str = "") -> list[str]:
    if line.startswith("> "):
        return textwrap.wrap(line[2:], WIDTH - 4, initial_indent="  │ ", subsequent_indent="  │ ") or ["  │"]
    if line == ">":
        return ["  │"]
    return textwrap.wrap(line, WIDTH, initial_indent=indent, subsequent_indent=indent) or [""]


def block_text(block: dict[str, Any]) -> list[str]:
    """The lines of one block."""
    kind = block.get("type")
    if kind == "header":
        title = block["text"]["text"]
        return [title.upper(), "=" * min(len(title), WIDTH)]
    if kind == "divider":
        return ["-" * 40]
    if kind == "context":
        texts = [unmrkdwn(e.get("text", "")) for e in block.get("elements", [])]
        return [line for text in texts for line in _wrap(text, "    ")]
    if kind == "section":
        text = unmrkdwn(block.get("text", {}).get("text", ""))
        return [line for raw in text.split("\n") for line in _wrap(raw)]
    return []


def to_plain(reply: Reply) -> str:
    """The whole reply as readable text, with a note when more pages exist."""
    lines: list[str] = []
    for block in reply.blocks:
        lines += block_text(block)
        if block.get("type") in ("section", "context"):
            lines.append("")
    if reply.has_more:
        lines.append(f"(page {reply.page} of {reply.pages}; use --page {reply.page + 1} for more)")
    return "\n".join(lines).rstrip() + "\n"
