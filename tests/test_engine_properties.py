"""Property: any text at all gets a reply within Slack's limits, with no live mention."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from slack_sdk.models.blocks import Block

from bot.engine.answer import engine_for
from bot.engine.reply import MAX_REPLY_BLOCKS, Reply

WORDS = st.sampled_from(
    ["grade", "aoi", "afi", "concern", "rec", "stat", "practice", "find", "compare", "summary", "help",
     "digest", "public", "2016", "2021/22", "latest", "2019", "soc", "asb", "999", "dash", "crime",
     "investgating", "<!channel>", "<@U123>", "@here", "&", "<", ">", "*", "_", "`", "🚓", "\x00", " "]
)  # fmt: skip
TEXTS = st.one_of(st.text(max_size=700), st.lists(WORDS, max_size=12).map(" ".join))


def check_reply(reply: Reply) -> None:
    assert isinstance(reply, Reply)
    assert reply.text and len(reply.text) <= 3000
    assert 0 < len(reply.blocks) <= MAX_REPLY_BLOCKS
    assert 1 <= reply.page <= reply.pages
    for data in reply.blocks:
        block = Block.parse(data)
        assert block is not None
        block.to_dict()  # raises SlackObjectFormationError past Slack's limits
        if data["type"] == "header":
            assert len(data["text"]["text"]) <= 150
        if data["type"] == "section":
            assert len(data["text"]["text"]) <= 3000
        if data["type"] == "context":
            assert len(data["elements"]) <= 10
    payload = json.dumps(reply.to_message(), ensure_ascii=False)
    assert "<!" not in payload and "<@" not in payload and "<#" not in payload
    assert "<" not in reply.text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS, page=st.integers(min_value=-3, max_value=50))
def test_any_text_gets_a_safe_reply(kb, text, page):
    check_reply(engine_for(kb).answer(text, page=page))
