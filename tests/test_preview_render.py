"""The preview's mrkdwn converter and Block Kit renderer: Slack's rules, and a loud failure on the unknown."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from bot.engine.render import GRADE_MARKERS, OTHER_GRADE_MARKER, UNGRADED_MARKER
from bot.engine.text import escape_mrkdwn, quote_lines
from bot.preview.blocks import UnsupportedBlock, shown_block, shown_blocks
from bot.preview.mrkdwn import emojize, plain_to_html, to_html

SLACK_EMOJI = {  # what Slack draws for the bot's grade markers
    ":star2:": "🌟",
    ":large_green_circle:": "🟢",
    ":large_yellow_circle:": "🟡",
    ":large_orange_circle:": "🟠",
    ":red_circle:": "🔴",
    ":white_circle:": "⚪",
    ":large_blue_circle:": "🔵",
}


def soup(markup: str) -> BeautifulSoup:
    return BeautifulSoup(str(markup), "html.parser")


def test_every_grade_marker_the_bot_uses_becomes_slacks_emoji():
    markers = {*GRADE_MARKERS.values(), UNGRADED_MARKER, OTHER_GRADE_MARKER}
    assert markers <= set(SLACK_EMOJI)
    for code in markers:
        assert emojize(f"{code} *Good*") == f"{SLACK_EMOJI[code]} *Good*"


def test_unknown_shortcode_stays_text_as_in_slack():
    assert emojize(":not_an_emoji: and :warning:") == ":not_an_emoji: and ⚠️"


@pytest.mark.parametrize(
    ("text", "tag", "inner"),
    [("a *bold* b", "b", "bold"), ("a _it_ b", "i", "it"), ("a ~gone~ b", "s", "gone"), ("(*x*)", "b", "x")],
)
def test_emphasis(text, tag, inner):
    html = soup(to_html(text))
    assert html.find(tag).get_text() == inner
    assert html.get_text() == text.replace(text[text.index(inner) - 1], "")


@pytest.mark.parametrize(
    "text",
    ["5*3*4", "snake_case_name", "*unclosed", "* spaced *", "a*b* c", "*across\nlines*"],
)
def test_markers_inside_words_or_unbalanced_are_text(text):
    html = soup(to_html(text))
    assert not html.find(["b", "i", "s"])
    assert html.get_text() == text.replace("\n", "")


def test_nested_emphasis_and_code_is_left_alone():
    html = soup(to_html("*bold _and italic_* then `code *not bold*`"))
    assert html.find("b").find("i").get_text() == "and italic"
    assert html.find("code").get_text() == "code *not bold*"
    assert len(html.find_all("b")) == 1


def test_block_quotes_group_consecutive_lines_and_keep_blank_quoted_lines():
    text = "*Area for improvement*\n" + quote_lines("First line\n\n• point one\n• point two") + "\nafter"
    html = soup(to_html(text))
    quotes = html.find_all("blockquote")
    assert len(quotes) == 1
    assert quotes[0].find_all("br")  # the empty quoted line survives as a break
    assert [b.get_text() for b in quotes[0].select(".bullet")] == ["• point one", "• point two"]
    assert html.get_text().endswith("after")


def test_escaped_text_shows_as_typed_and_cannot_inject_html():
    typed = "<script>alert(1)</script> & <!channel> <@U123>"
    html = to_html(escape_mrkdwn(typed))
    assert "<script>" not in html
    assert soup(html).get_text() == typed
    assert not soup(html).select(".mention")


def test_control_sequences_links_mentions_and_broadcasts():
    text = "<https://example.org/a?b=1&amp;c=2|the *report*> <#C1> <@U1> <@U2|ann> <!here> <mailto:x@y.z>"
    html = soup(to_html(text, {"C1": "general", "U1": "you"}))
    link = html.find("a")
    assert link["href"] == "https://example.org/a?b=1&c=2"
    assert link.find("b").get_text() == "report"
    assert [m.get_text() for m in html.select(".mention")] == ["#general", "@you", "@ann", "@here"]
    assert html.find_all("a")[1]["href"] == "mailto:x@y.z"


def test_javascript_links_are_not_links():
    html = soup(to_html("<javascript:alert(1)|click>"))
    assert not html.find("a")


def test_plain_text_converts_emoji_unless_turned_off():
    assert str(plain_to_html(":star2: a <b>")) == "🌟 a &lt;b&gt;"
    assert str(plain_to_html(":star2:", emoji=False)) == ":star2:"


def _mrkdwn(text):
    return {"type": "mrkdwn", "text": text}


def _plain(text):
    return {"type": "plain_text", "text": text, "emoji": True}


def test_each_block_type_the_bot_sends_is_drawn():
    blocks = [
        {"type": "header", "text": _plain("Grades")},
        {"type": "section", "text": _mrkdwn(":large_green_circle: *Good* — Area")},
        {"type": "context", "elements": [_mrkdwn("Report · Section: _x_")]},
        {"type": "divider"},
        {
            "type": "actions",
            "block_id": "peel_actions",
            "elements": [
                {
                    "type": "button",
                    "text": _plain("Share"),
                    "action_id": "a",
                    "value": "1",
                    "style": "primary",
                },
                {"type": "button", "text": _plain("More"), "action_id": "b", "value": "2"},
            ],
        },
    ]
    shown = shown_blocks(blocks, {})
    assert [b.type for b in shown] == ["header", "section", "context", "divider", "actions"]
    assert str(shown[0].html) == "Grades"
    assert soup(shown[1].html).find("b").get_text() == "Good"
    assert soup(shown[2].parts[0]).find("i").get_text() == "x"
    assert [(b.action_id, b.value, b.style, str(b.label)) for b in shown[4].buttons] == [
        ("a", "1", "primary", "Share"),
        ("b", "2", "", "More"),
    ]


@pytest.mark.parametrize(
    ("block", "complaint"),
    [
        ({"type": "image", "image_url": "x", "alt_text": "y"}, "type 'image'"),
        ({"type": "rich_text", "elements": []}, "type 'rich_text'"),
        ({"type": "section", "text": _mrkdwn("x"), "accessory": {"type": "image"}}, "accessory"),
        ({"type": "section", "fields": [_mrkdwn("x")]}, "fields"),
        ({"type": "header", "text": _mrkdwn("*x*")}, "'mrkdwn'"),
        ({"type": "context", "elements": [{"type": "image", "image_url": "x"}]}, "'image'"),
        ({"type": "actions", "elements": [{"type": "static_select"}]}, "'static_select'"),
        (
            {
                "type": "actions",
                "elements": [{"type": "button", "text": _plain("x"), "action_id": "a", "url": "u"}],
            },
            "url",
        ),
        (
            {
                "type": "actions",
                "elements": [{"type": "button", "text": _plain("x"), "action_id": "a", "style": "x"}],
            },
            "style",
        ),
        ({"type": "section", "text": {"type": "mrkdwn", "text": "x", "color": "red"}}, "color"),
    ],
)
def test_anything_else_fails_loudly(block, complaint):
    with pytest.raises(UnsupportedBlock, match=complaint):
        shown_block(block, {}, 3)
