"""Block Kit payloads to HTML: exactly the block and element types the bot sends, nothing more.

Anything else — a new block type, a section with fields or an accessory, an image element, a
button with a URL — raises :class:`UnsupportedBlock`, so the preview fails loudly instead of
quietly showing something other than what Slack would.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from bot.preview.mrkdwn import plain_to_html, to_html

# The keys each supported block and object may carry; any other key is unsupported.
BLOCK_KEYS: dict[str, frozenset[str]] = {
    "header": frozenset({"type", "block_id", "text"}),
    "section": frozenset({"type", "block_id", "text"}),
    "context": frozenset({"type", "block_id", "elements"}),
    "divider": frozenset({"type", "block_id"}),
    "actions": frozenset({"type", "block_id", "elements"}),
}
TEXT_KEYS = frozenset({"type", "text", "emoji", "verbatim"})
BUTTON_KEYS = frozenset({"type", "text", "action_id", "value", "style"})
BUTTON_STYLES = frozenset({"primary", "danger"})


class UnsupportedBlock(ValueError):
    """A payload holds something the preview does not render (and so cannot vouch for)."""


@dataclass(frozen=True)
class Button:
    """A button as shown, plus what a click sends back (Slack's ``action_id`` and ``value``)."""

    label: Markup
    action_id: str
    value: str
    style: str


@dataclass(frozen=True)
class ShownBlock:
    """One block ready for the template: its type and its rendered parts."""

    type: str
    html: Markup = field(default_factory=Markup)
    parts: tuple[Markup, ...] = ()
    buttons: tuple[Button, ...] = ()


def _check_keys(obj: Mapping[str, Any], allowed: frozenset[str], what: str) -> None:
    extra = sorted(set(obj) - allowed)
    if extra:
        raise UnsupportedBlock(f"{what} has {', '.join(extra)}, which the preview does not render")


def _text(obj: Any, names: Mapping[str, str], *, allow: tuple[str, ...], what: str) -> Markup:
    """A text object (mrkdwn or plain_text, as ``allow`` permits) as HTML."""
    if not isinstance(obj, Mapping) or obj.get("type") not in allow:
        kind = obj.get("type") if isinstance(obj, Mapping) else type(obj).__name__
        raise UnsupportedBlock(
            f"{what}: text of type {kind!r} is not rendered (expected {' or '.join(allow)})"
        )
    _check_keys(obj, TEXT_KEYS, what)
    text = str(obj.get("text", ""))
    if obj["type"] == "mrkdwn":
        return to_html(text, names)
    return plain_to_html(text, emoji=obj.get("emoji", True) is not False)


def _button(element: Any, where: str) -> Button:
    if not isinstance(element, Mapping) or element.get("type") != "button":
        kind = element.get("type") if isinstance(element, Mapping) else type(element).__name__
        raise UnsupportedBlock(f"{where}: element type {kind!r} is not rendered (only buttons are)")
    _check_keys(element, BUTTON_KEYS, f"{where} button")
    style = str(element.get("style", ""))
    if style and style not in BUTTON_STYLES:
        raise UnsupportedBlock(f"{where}: button style {style!r} is not one Slack knows")
    label = _text(element.get("text"), {}, allow=("plain_text",), what=f"{where} button")
    return Button(label, str(element["action_id"]), str(element.get("value", "")), style)


def shown_block(block: Mapping[str, Any], names: Mapping[str, str], index: int = 0) -> ShownBlock:
    """Validate one block and render its parts; raises :class:`UnsupportedBlock`."""
    kind = block.get("type")
    where = f"block {index} ({kind})"
    if kind not in BLOCK_KEYS:
        raise UnsupportedBlock(f"block {index}: type {kind!r} is not rendered by the preview")
    _check_keys(block, BLOCK_KEYS[kind], where)
    if kind == "header":
        return ShownBlock(kind, _text(block.get("text"), names, allow=("plain_text",), what=where))
    if kind == "section":
        return ShownBlock(kind, _text(block.get("text"), names, allow=("mrkdwn", "plain_text"), what=where))
    if kind == "context":
        parts = tuple(
            _text(e, names, allow=("mrkdwn", "plain_text"), what=where) for e in block.get("elements", [])
        )
        return ShownBlock(kind, parts=parts)
    if kind == "actions":
        return ShownBlock(kind, buttons=tuple(_button(e, where) for e in block.get("elements", [])))
    return ShownBlock(kind)


def shown_blocks(blocks: Sequence[Mapping[str, Any]], names: Mapping[str, str]) -> list[ShownBlock]:
    """Every block of a message or view, in order."""
    return [shown_block(block, names, i) for i, block in enumerate(blocks)]
