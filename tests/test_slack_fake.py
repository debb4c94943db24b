"""The fake Slack server itself: wire format, recording and failure injection, exercised with
slack_sdk's real clients (so the digest tests can rely on it too)."""

from __future__ import annotations

import json
import time
import urllib.request

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.slack.client import retry_handlers


@pytest.fixture
def client(fake_slack):
    return WebClient(token="xoxb-fake", base_url=fake_slack.url, retry_handlers=retry_handlers())


def test_url_is_an_api_base(fake_slack):
    assert fake_slack.url.startswith("http://127.0.0.1:") and fake_slack.url.endswith("/api/")


def test_records_form_and_json_calls(fake_slack, client):
    client.chat_scheduledMessages_list(channel="C1")  # form-encoded
    posted = client.chat_postMessage(channel="C1", text="hi", blocks=[{"type": "divider"}])  # JSON
    assert posted["ok"] and posted["channel"] == "C1" and posted["ts"]
    assert fake_slack.calls[0] == ("chat.scheduledMessages.list", {"channel": "C1"})
    method, params = fake_slack.calls[1]
    assert method == "chat.postMessage"
    assert params["blocks"] == [{"type": "divider"}] and params["text"] == "hi"
    assert fake_slack.requests[1].headers["authorization"] == "Bearer xoxb-fake"


def test_calls_without_a_token_are_not_authed(fake_slack):
    with pytest.raises(SlackApiError) as caught:
        WebClient(base_url=fake_slack.url).auth_test()
    assert caught.value.response["error"] == "not_authed"


@pytest.mark.parametrize("method", ["no.such.method", "chat.update", "conversations.info"])
def test_unknown_methods_fail_like_slack(fake_slack, client, method):
    """Methods the bot never calls are not faked: a new call must add its endpoint knowingly."""
    with pytest.raises(SlackApiError, match="unknown_method"):
        client.api_call(method)


def test_injected_slack_errors(fake_slack, client):
    fake_slack.fail_next("chat.scheduledMessages.list", error="channel_not_found")
    fake_slack.fail_next("auth.test", error="invalid_auth", times=2)
    with pytest.raises(SlackApiError, match="channel_not_found"):
        client.chat_scheduledMessages_list(channel="C404")
    for _ in range(2):
        with pytest.raises(SlackApiError, match="invalid_auth"):
            client.auth_test()
    assert client.auth_test()["ok"]


def test_server_error_is_retried_by_the_retry_handler(fake_slack, client):
    fake_slack.fail_next("chat.postMessage", status=500)
    assert client.chat_postMessage(channel="C1", text="x")["ok"]
    assert [r.status for r in fake_slack.requests] == [500, 200]


def test_rate_limit_honours_retry_after(fake_slack, client):
    fake_slack.fail_next("views.publish", status=429, retry_after=1)
    started = time.monotonic()
    assert client.views_publish(user_id="U1", view={"type": "home", "blocks": []})["ok"]
    assert time.monotonic() - started >= 1.0
    assert [r.status for r in fake_slack.requests] == [429, 200]


def test_rate_limit_without_retries_surfaces(fake_slack):
    fake_slack.fail_next("chat.postMessage", status=429, retry_after=3)
    with pytest.raises(SlackApiError) as caught:
        WebClient(token="xoxb-fake", base_url=fake_slack.url, retry_handlers=[]).chat_postMessage(
            channel="C1", text="x"
        )
    assert caught.value.response.status_code == 429
    assert caught.value.response.headers["Retry-After"] == "3"


def test_scheduled_messages_are_stateful(fake_slack, client):
    first = client.chat_scheduleMessage(channel="C1", text="digest", post_at=2_000_000_000)
    client.chat_scheduleMessage(channel="C2", text="digest", post_at=2_000_000_060)
    listed = client.chat_scheduledMessages_list(channel="C1")["scheduled_messages"]
    assert [m["id"] for m in listed] == [first["scheduled_message_id"]]
    assert client.chat_deleteScheduledMessage(channel="C1", scheduled_message_id=listed[0]["id"])["ok"]
    with pytest.raises(SlackApiError, match="invalid_scheduled_message_id"):
        client.chat_deleteScheduledMessage(channel="C1", scheduled_message_id=listed[0]["id"])
    assert len(client.chat_scheduledMessages_list()["scheduled_messages"]) == 1


def test_configurable_channels_and_membership(fake_slack, client):
    fake_slack.channels = {"C1": {"id": "C1", "name": "ops", "is_private": True}}
    fake_slack.member_of = ["C1", "C2"]
    listed = client.users_conversations(user="U1")["channels"]
    assert listed == [{"id": "C1", "name": "ops", "is_private": True}, {"id": "C2", "name": "channel-c2"}]


def test_response_urls_record_and_can_fail(fake_slack):
    url = fake_slack.response_url("abc")
    assert WebhookClient(url).send_dict({"text": "hello", "response_type": "ephemeral"}).status_code == 200
    fake_slack.fail_next("response", status=500)
    assert WebhookClient(url, retry_handlers=[]).send_dict({"text": "again"}).status_code == 500
    assert fake_slack.responses("abc")[0] == {"text": "hello", "response_type": "ephemeral"}
    assert fake_slack.wait_for("response/abc", count=2)[1] == {"text": "again"}


def test_wait_for_times_out_with_what_it_saw(fake_slack):
    request = urllib.request.Request(fake_slack.url + "auth.test", data=b"token=xoxb-1", method="POST")
    json.load(urllib.request.urlopen(request))
    with pytest.raises(AssertionError, match=r"saw \['auth.test'\]"):
        fake_slack.wait_for("views.publish", timeout=0.2)


def test_wait_until_wakes_when_a_late_answer_lands(fake_slack, client):
    """A post Slack makes after the client gave up is seen as soon as it lands, not after a sleep."""
    fake_slack.fail_next("chat.postMessage", delay=0.5)
    impatient = WebClient(token="xoxb-fake", base_url=fake_slack.url, timeout=0.1, retry_handlers=[])
    with pytest.raises(Exception, match="timed out"):
        impatient.chat_postMessage(channel="C1", text="late")
    assert not fake_slack.posts("C1")
    started = time.monotonic()
    fake_slack.wait_until(lambda: fake_slack.posts("C1"), what="never posted")
    assert 0.2 < time.monotonic() - started < 2 and [m["text"] for m in fake_slack.posts("C1")] == ["late"]
    with pytest.raises(AssertionError, match="a second post"):
        fake_slack.wait_until(lambda: len(fake_slack.posts("C1")) > 1, timeout=0.2, what="a second post")
