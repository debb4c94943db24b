"""Text safety for Slack mrkdwn: escaping, user-input clean-up and splitting long quotes.

Everything placed into a Slack text field goes through ``escape_mrkdwn`` so that neither
knowledge text nor user input can form a link or a mention (``<!channel>``, ``<@U…>``).
"""

from __future__ import annotations

import re

USER_TEXT_LIMIT = 500
SECTION_TEXT_LIMIT = 3000
_BROADCASTS = re.compile(r"@(?=(channel|here|everyone)\b)", re.IGNORECASE)
_WORD_JOINER = "\u2060"
_SPACES = str.maketrans("\t\n\r", "   ")
_CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]"
)


def escape_mrkdwn(text: str) -> str:
    """Escape the three characters Slack treats as control sequences in mrkdwn."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def drop_control_chars(text: str) -> str:
    """Remove control, surrogate and private-use code points; tabs and line breaks become spaces."""
    return _CONTROL.sub("", text.translate(_SPACES))


def sanitize_user_text(text: str, limit: int = USER_TEXT_LIMIT) -> tuple[str, bool]:
    """Clean what a user typed: control characters dropped, whitespace folded, cut to ``limit``.

    Returns the cleaned text and whether it was cut.
    """
    cleaned = " ".join(drop_control_chars(text).split())
    if len(cleaned) <= limit:
        return cleaned, False
    return cleaned[:limit].rstrip(), True


def echo_user_text(text: str) -> str:
    """User text made safe to show back: escaped, and @channel/@here/@everyone defused."""
    return _BROADCASTS.sub("@" + _WORD_JOINER, escape_mrkdwn(text))


def quote_lines(text: str) -> str:
    """Render verbatim text as a mrkdwn block quote, one ``>`` per line."""
    lines = [line.strip() for line in text.splitlines()]
    return "\n".join(f"> {line}" if line else ">" for line in lines)


def split_text(text: str, limit: int = SECTION_TEXT_LIMIT) -> list[str]:
    """Split text into chunks of at most ``limit`` characters, at line, then word boundaries."""
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        pieces = _split_long_line(line, limit) if len(line) > limit else [line]
        for piece in pieces:
            candidate = f"{current}\n{piece}" if current else piece
            if len(candidate) <= limit:
                current = candidate
            else:
                if current:
                    chunks.append(current)
                current = piece
    if current or not chunks:
        chunks.append(current)
    return chunks


def _split_long_line(line: str, limit: int) -> list[str]:
    prefix = "> " if line.startswith(">") else ""
    pieces: list[str] = []
    rest = line
    while len(rest) > limit:
        cut = rest.rfind(" ", 0, limit)
        if cut <= len(prefix):
            cut = limit
            amp = rest.rfind("&", cut - 5, cut)
            if amp > len(prefix):
                cut = amp  # never split an escaped entity such as &amp;
        pieces.append(rest[:cut])
        rest = prefix + rest[cut:].lstrip()
    pieces.append(rest)
    return pieces


def truncate(text: str, limit: int) -> str:
    """Cut text to ``limit`` characters with an ellipsis (for headers and fallback text)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
