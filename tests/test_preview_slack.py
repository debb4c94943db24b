"""The preview's in-process Slack: Slack's response shapes and errors for the methods the bot calls."""

from __future__ import annotations

import time

import pytest
from slack_sdk.errors import SlackApiError

from bot.preview.slack import PreviewSlack, UnsupportedSlackMethod


@pytest.fixture
def slack():
    posts = []
    client = PreviewSlack("U1", {"C1": "general"}, lambda channel, message: posts.append((channel, message)))
    client.posts = posts
    return client


def test_post_message_reaches_the_channel_and_returns_a_ts(slack):
    blocks = [{"type": "divider"}]
    response = slack.chat_postMessage(channel="C1", text="hi", blocks=blocks)
    assert response["ok"] and float(response["ts"]) > 0
    assert slack.posts == [("C1", {"text": "hi", "blocks": blocks})]


def test_schedule_list_and_delete_like_slack(slack):
    at = int(time.time()) + 3600
    queued = slack.chat_scheduleMessage(channel="C1", post_at=at, text="later", blocks=[])[
        "scheduled_message_id"
    ]
    listed = [page["scheduled_messages"] for page in slack.chat_scheduledMessages_list(channel="C1")]
    assert listed == [[{"id": queued, "channel_id": "C1", "post_at": at, "text": "later"}]]
    assert slack.chat_deleteScheduledMessage(channel="C1", scheduled_message_id=queued)["ok"]
    with pytest.raises(SlackApiError) as gone:
        slack.chat_deleteScheduledMessage(channel="C1", scheduled_message_id=queued)
    assert gone.value.response["error"] == "invalid_scheduled_message_id"


def test_slack_errors_for_unknown_channels_and_past_times(slack):
    with pytest.raises(SlackApiError) as missing:
        slack.chat_postMessage(channel="C404", text="x")
    assert missing.value.response["error"] == "channel_not_found"
    with pytest.raises(SlackApiError) as past:
        slack.chat_scheduleMessage(channel="C1", post_at=int(time.time()) - 1, text="x")
    assert past.value.response["error"] == "time_in_past"


def test_users_conversations_lists_the_users_channels_only(slack):
    assert [c["id"] for page in slack.users_conversations(user="U1") for c in page["channels"]] == ["C1"]
    assert [c["id"] for page in slack.users_conversations(user="U2") for c in page["channels"]] == []


def test_any_other_method_fails_loudly(slack):
    with pytest.raises(UnsupportedSlackMethod, match=r"chat\.update"):
        slack.chat_update(channel="C1", ts="1", text="x")
