"""The real HTTP app on loopback, fed signed requests exactly as Slack sends them, answering
through a fake Slack (Web API + response_url)."""

from __future__ import annotations

import io
import json
import logging
import re
import time
import urllib.request
from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk.models.blocks import Block

from bot.engine.answer import Engine, answer
from bot.listeners.payloads import ACTION_MORE, ACTION_SHARE, decode_state
from bot.slack.logs import configure_logging
from tests.fakeslack import command_body, event_body, post, signed_post
from tests.slack_support import BOT, SECRET


def buttons(message: dict) -> dict[str, dict]:
    actions = [b for b in message["blocks"] if b["type"] == "actions"]
    return {e["action_id"]: e for block in actions for e in block["elements"]}


def assert_well_formed(message: dict) -> None:
    assert message["text"], "a fallback text is required"
    assert 0 < len(message["blocks"]) <= 50
    for block in message["blocks"]:
        assert Block.parse(block).to_dict() == block


def test_healthz(slack):
    with urllib.request.urlopen(slack.url + "/healthz") as response:
        assert response.status == 200
        assert json.load(response) == {
            "ok": True,
            "mode": "http",
            "reports": 2,
            "rejected": {"total": 0, "by_reason": {}},
        }


def test_unknown_paths_are_404(slack):
    assert post(slack.url + "/nope", b"x=1", {}).status == 404
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(slack.url + "/slack/events")
    assert caught.value.code == 404


def test_command_is_acked_at_once_then_answered_ephemerally(slack, kb):
    ack = slack.command("aoi", channel_id="D0DIRECT")
    assert ack.status == 200 and ack.body == b""
    assert ack.seconds < 1.0
    message = slack.reply()
    assert_well_formed(message)
    expected = answer("aoi", kb)
    assert message["response_type"] == "ephemeral"
    assert message["text"] == expected.text
    assert message["blocks"][: len(expected.blocks)] == expected.blocks
    share = buttons(message)[ACTION_SHARE]
    assert share["text"]["text"] == "Share to channel"
    assert decode_state(share["value"]) == ("aoi", 1)
    assert (ACTION_MORE in buttons(message)) == expected.has_more
    assert slack.fake.calls_to("chat.postMessage") == []  # DMs/private channels: response_url only


def test_public_posts_straight_to_the_channel(slack, kb):
    slack.command("grades public")
    message = slack.reply()
    assert_well_formed(message)
    assert message["response_type"] == "in_channel"
    assert message["blocks"][: len(answer("grades public", kb).blocks)] == answer("grades public", kb).blocks
    assert any("Asked by <@U0ASKER>" in json.dumps(b) for b in message["blocks"] if b["type"] == "context")
    assert ACTION_SHARE not in buttons(message)


def test_share_posts_in_channel_then_removes_the_ephemeral_copy(slack, kb):
    slack.command("aoi")
    share = buttons(slack.reply())[ACTION_SHARE]
    assert slack.click(ACTION_SHARE, share["value"], response_id="s1").status == 200
    posted, removed = slack.fake.wait_for("response/s1", count=2)
    assert_well_formed(posted)
    assert posted["response_type"] == "in_channel" and posted["replace_original"] is False
    assert posted["blocks"][: len(answer("aoi", kb).blocks)] == answer("aoi", kb).blocks
    assert any("Shared by <@U0CLICK>" in json.dumps(b) for b in posted["blocks"] if b["type"] == "context")
    assert removed == {"delete_original": True}


def test_show_more_pages_through_a_long_answer(slack, kb):
    first = answer("find victims", kb)
    assert first.pages >= 3, "needs a long answer to page through"
    slack.command("find victims")
    more = buttons(slack.reply())[ACTION_MORE]
    assert decode_state(more["value"]) == (first.query, 2)

    slack.click(ACTION_MORE, more["value"], response_id="m1")
    second = slack.reply("m1")
    assert_well_formed(second)
    assert second["replace_original"] is True  # the ephemeral reply is replaced in place
    assert (
        second["blocks"][: len(answer(first.query, kb, page=2).blocks)]
        == answer(first.query, kb, page=2).blocks
    )
    assert decode_state(buttons(second)[ACTION_MORE]["value"]) == (first.query, 3)
    assert decode_state(buttons(second)[ACTION_SHARE]["value"]) == (first.query, 2)


def test_show_more_on_a_channel_post_answers_only_the_clicker(slack, kb):
    value = json.dumps({"q": "find victims", "p": 2})
    slack.click(ACTION_MORE, value, response_id="m2", is_ephemeral=False)
    message = slack.reply("m2")
    assert message["response_type"] == "ephemeral" and message["replace_original"] is False
    assert message["text"] == answer("find victims", kb, page=2).text


def test_last_page_has_no_show_more(slack, kb):
    last = answer("find victims", kb).pages
    slack.click(ACTION_MORE, json.dumps({"q": "find victims", "p": last}), response_id="m3")
    assert ACTION_MORE not in buttons(slack.reply("m3"))


@pytest.mark.parametrize(
    ("headers", "why"),
    [
        ({}, "missing"),
        ("wrong-secret", "wrong"),
        ("stale", "five minutes old"),
    ],
)
def test_bad_signatures_are_rejected(slack, headers, why):
    body = command_body("aoi", slack.fake.response_url("bad"))
    if headers == "wrong-secret":
        result = signed_post(slack.events, body, "0" * 32)
    elif headers == "stale":
        result = signed_post(slack.events, body, SECRET, timestamp=int(time.time()) - 5 * 60 - 1)
    else:
        result = post(slack.events, body, {})
    assert result.status == 401, why
    slack.settle()
    assert slack.fake.responses() == []


def test_a_four_minute_old_signature_is_still_accepted(slack):
    body = command_body("aoi", slack.fake.response_url("ok"))
    assert signed_post(slack.events, body, SECRET, timestamp=int(time.time()) - 4 * 60).status == 200
    assert slack.reply("ok")["response_type"] == "ephemeral"


def test_a_retried_command_is_answered_once(slack):
    body = command_body("aoi", slack.fake.response_url("r1"))
    assert signed_post(slack.events, body, SECRET).status == 200
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert signed_post(slack.events, body, SECRET, extra_headers=retry).status == 200
    slack.reply()
    slack.settle()
    assert len(slack.fake.responses("r1")) == 1


def test_a_retried_event_publishes_once(slack):
    body = event_body({"type": "app_home_opened", "user": "U0HOME", "channel": "D0HOME", "tab": "home"})
    assert signed_post(slack.events, body, SECRET).status == 200
    retry = {"X-Slack-Retry-Num": "2", "X-Slack-Retry-Reason": "http_timeout"}
    assert signed_post(slack.events, body, SECRET, extra_headers=retry).status == 200
    slack.fake.wait_for("views.publish")
    slack.settle()
    assert len(slack.fake.calls_to("views.publish")) == 1


@pytest.mark.parametrize("reason", ["connection_failed", "http_error", "ssl_error", "unknown_error"])
def test_a_retry_for_a_lost_delivery_is_handled(slack, reason):
    """The first delivery never reached us (or failed): the retry is the only chance to publish."""
    body = event_body({"type": "app_home_opened", "user": "U0HOME", "channel": "D0HOME", "tab": "home"})
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": reason}
    assert signed_post(slack.events, body, SECRET, extra_headers=retry).status == 200
    (published,) = slack.fake.wait_for("views.publish")
    assert published["user_id"] == "U0HOME"
    slack.settle()
    assert len(slack.fake.calls_to("views.publish")) == 1


def test_app_home_is_published_with_grades_and_help(slack, kb):
    from bot.engine.render import grades_overview_blocks, help_blocks

    body = event_body({"type": "app_home_opened", "user": "U0HOME", "channel": "D0HOME", "tab": "home"})
    assert signed_post(slack.events, body, SECRET).status == 200
    (published,) = slack.fake.wait_for("views.publish")
    assert published["user_id"] == "U0HOME"
    view = published["view"]
    assert view["type"] == "home" and len(view["blocks"]) <= 100
    grades = [b.to_dict() for b in grades_overview_blocks(kb)]
    assert view["blocks"][: len(grades)] == grades
    help_dicts = [b.to_dict() for b in help_blocks(kb)]
    start = len(grades) + 1
    assert view["blocks"][start - 1]["type"] == "divider"
    assert view["blocks"][start : start + len(help_dicts)] == help_dicts
    text = json.dumps(view).lower()
    for report in kb.reports:
        assert report.meta.label.lower() in text
        for area in report.data.areas:
            if area.grade:
                assert area.grade.lower() in text, (report.meta.id, area.id)


def test_messages_tab_is_left_alone(slack):
    body = event_body({"type": "app_home_opened", "user": "U0HOME", "channel": "D0HOME", "tab": "messages"})
    assert signed_post(slack.events, body, SECRET).status == 200
    slack.settle()
    assert slack.fake.calls_to("views.publish") == []


def test_a_failure_becomes_a_friendly_message_with_a_reference(slack, monkeypatch, caplog):
    def explode(*args, **kwargs):
        raise RuntimeError("engine exploded")

    monkeypatch.setattr(Engine, "answer", explode)
    with caplog.at_level(logging.ERROR):
        assert slack.command("aoi").status == 200
        message = slack.reply()
    assert message["response_type"] == "ephemeral"
    assert "engine exploded" not in message["text"]
    ref = re.search(r"reference `([0-9a-f]{8})`", message["text"]).group(1)
    (record,) = [r for r in caplog.records if getattr(r, "ref", None) == ref]
    assert record.error_type == "RuntimeError" and record.user == "U0ASKER"


def test_response_url_server_errors_are_retried(slack):
    slack.fake.fail_next("response", status=500)
    slack.command("aoi")
    failed, delivered = slack.fake.wait_for("response/r1", count=2)
    assert delivered == failed and delivered["response_type"] == "ephemeral"
    assert [r.status for r in slack.fake.requests if r.method == "response/r1"] == [500, 200]


def test_undeliverable_reply_is_logged_not_silent(slack, caplog):
    slack.fake.fail_next("response", error="expired_url", status=404, times=2)
    with caplog.at_level(logging.ERROR):
        slack.command("aoi")
        slack.fake.wait_for("response/r1", count=2)
        slack.settle()  # the task that logs the failure has finished
    failures = [r for r in caplog.records if getattr(r, "error_type", None) == "DeliveryError"]
    assert len(failures) == 1
    assert "DeliveryError: response_url answered HTTP 404" in logging.Formatter().format(failures[0])


def test_digest_subscribe_in_a_channel_queues_posts_in_slack(slack):
    """/peel digest goes to the real digest feature: a subscription, posts queued on Slack's side."""
    # half a day from now: the next post is queued, never due (08:30 failed when run at 08:29)
    at = (datetime.now(UTC) + timedelta(hours=12)).strftime("%H:%M")
    slack.command(f"digest subscribe {at} daily", channel_id="C0DIGEST")
    message = slack.reply()
    assert message["response_type"] == "ephemeral" and buttons(message) == {}
    assert message["text"].startswith(f"Subscribed: a PEEL finding here at {at}")
    queued = slack.fake.calls_to("chat.scheduleMessage")
    assert queued and {call["channel"] for call in queued} == {"C0DIGEST"}
    assert len({call["post_at"] for call in queued}) == len(queued)  # one post a day, no duplicates

    slack.command("digest status", channel_id="C0DIGEST", response_id="r2")
    status = slack.reply("r2")["text"]
    assert at in status and "*Next post:*" in status


def test_command_text_is_read_as_typed_not_as_slack_escaped_it(slack, kb):
    """Slack sends `&`, `<`, `>` as entities: `stat s&amp;s` must answer what `stat s&s` answers."""
    slack.command("stat s&amp;s")
    message = slack.reply()
    expected = answer("stat s&s", kb)
    assert not expected.text.startswith("No ")
    assert message["text"] == expected.text
    slack.command("grade &lt;!channel&gt; investigating", response_id="r2")
    assert slack.reply("r2")["text"] == answer("grade investigating", kb).text  # a mention is not a word


def test_no_secret_in_any_log_line_or_reply(slack, monkeypatch):
    out = io.StringIO()
    handler = configure_logging("DEBUG", [BOT, SECRET], stream=out)
    try:
        slack.command("aoi")
        share = buttons(slack.reply())[ACTION_SHARE]
        slack.click(ACTION_SHARE, share["value"], response_id="s1")
        slack.fake.wait_for("response/s1", count=2)
        monkeypatch.setattr(Engine, "answer", lambda *a, **k: 1 / 0)
        slack.command("aoi", response_id="r2")
        slack.reply("r2")
        signed_post(slack.events, command_body("aoi", slack.fake.response_url("x")), "f" * 32)
        slack.settle()
    finally:
        logging.getLogger().removeHandler(handler)
        logging.getLogger().setLevel(logging.WARNING)
    logged = out.getvalue()
    assert logged.count("\n") >= 4
    for line in logged.splitlines():
        json.loads(line)
    assert BOT not in logged and SECRET not in logged
    replies = json.dumps(slack.fake.responses())
    assert BOT not in replies and SECRET not in replies
