"""Listener building blocks called directly, without Slack: payloads, App Home, Socket Mode health."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.config import load_settings
from bot.digest.commands import handle_digest
from bot.digest.home import NONE_YET
from bot.digest.service import start_digest
from bot.engine.answer import answer
from bot.engine.reply import Reply
from bot.listeners import home
from bot.listeners.payloads import (
    ACTION_MORE,
    ACTION_SHARE,
    decode_state,
    encode_state,
    private_message,
    public_message,
)
from bot.services import Services
from bot.slack.client import ALL_SERVER_ERRORS, SERVER_ERRORS, make_web_client, retry_handlers

BOT = "xoxb-1-2-unit"


@given(st.text(max_size=600), st.integers(min_value=1, max_value=10_000))
def test_button_state_round_trips_within_slacks_limit(query, page):
    value = encode_state(query, page)
    assert decode_state(value) == (query, page)
    assert len(value) <= 2000 or len(query) > 300


@pytest.mark.parametrize("value", ['{"q": 1, "p": 1}', '{"q": "x", "p": 0}', '{"q": "x"}', "nope"])
def test_malformed_button_values_are_rejected(value):
    with pytest.raises((ValueError, KeyError)):
        decode_state(value)


def _reply(blocks: int, page: int = 1, pages: int = 1) -> Reply:
    section = {"type": "section", "text": {"type": "mrkdwn", "text": "x"}}
    return Reply(text="t", blocks=[section] * blocks, page=page, pages=pages, query="q")


def test_messages_never_exceed_fifty_blocks_and_keep_their_buttons():
    message = private_message(_reply(60, page=1, pages=2))
    assert len(message["blocks"]) == 50
    actions = message["blocks"][-1]
    assert [e["action_id"] for e in actions["elements"]] == [ACTION_SHARE, ACTION_MORE]


def test_public_messages_credit_the_user_and_offer_no_share():
    message = public_message(_reply(2, page=2, pages=3), "Shared by <@U1>")
    assert message["response_type"] == "in_channel"
    assert message["blocks"][2]["type"] == "context" and "Shared by <@U1>" in json.dumps(message["blocks"][2])
    assert [e["action_id"] for e in message["blocks"][3]["elements"]] == [ACTION_MORE]
    assert json.loads(message["blocks"][3]["elements"][0]["value"]) == {"q": "q", "p": 3}


def test_overlong_queries_drop_the_buttons_rather_than_break_the_message():
    reply = Reply(text="t", blocks=[], query="x" * 2100)
    assert private_message(reply)["blocks"] == []


def test_real_answers_fit(kb):
    for text in ("find police", "stat", "aoi", "help", "compare"):
        reply = answer(text, kb)
        assert len(private_message(reply)["blocks"]) <= 50


@pytest.fixture
def services(kb, fake_slack):
    settings = load_settings(
        {"SLACK_BOT_TOKEN": BOT, "SLACK_SIGNING_SECRET": "ab" * 16, "SLACK_API_URL": fake_slack.url}
    )
    digest = start_digest(settings, kb)
    yield Services(kb=kb, settings=settings, client=make_web_client(settings), digest=digest)
    digest.background.join()
    digest.store.close()


def test_home_shows_the_digest_subscriptions_of_the_users_channels(services, fake_slack):
    handle_digest("subscribe 07:45 daily", channel_id="C0MINE", user_id="U1", services=services)
    handle_digest("subscribe", channel_id="C0OTHER", user_id="U2", services=services)
    fake_slack.member_of = ["C0MINE"]
    text = json.dumps(home.home_view(services, "U1", services.client)["blocks"])
    assert "Daily digest" in text
    assert "<#C0MINE>" in text and "07:45" in text
    assert "C0OTHER" not in text  # a channel the user is not in stays private


def test_home_says_when_none_of_the_users_channels_has_a_digest(services, fake_slack):
    fake_slack.member_of = ["C0MINE"]
    view = home.home_view(services, "U1", services.client)
    assert len(view["blocks"]) <= 100
    assert NONE_YET in json.dumps(view["blocks"][-1])


def test_home_survives_a_broken_digest_database(services, caplog):
    with services.digest.store.engine.begin() as conn:  # the database loses its tables
        conn.exec_driver_sql("DROP TABLE digest_subscriptions")
    view = home.home_view(services, "U1", services.client)
    note = json.dumps(view["blocks"][-1])
    assert "could not be loaded" in note
    ref = note.split("`")[1]
    assert any(getattr(r, "ref", None) == ref for r in caplog.records)
    assert "Good" in json.dumps(view["blocks"])  # the grades are still shown


@pytest.mark.parametrize(
    ("statuses", "retried"), [(SERVER_ERRORS, False), (ALL_SERVER_ERRORS, True)], ids=["default", "any 5xx"]
)
def test_retry_handlers_retry_the_statuses_asked_for(fake_slack, statuses, retried):
    client = WebClient(
        token=BOT, base_url=fake_slack.url, retry_handlers=retry_handlers(server=1, statuses=statuses)
    )
    fake_slack.fail_next("chat.postMessage", status=502)
    if retried:
        assert client.chat_postMessage(channel="C1", text="x")["ok"]
    else:
        with pytest.raises(SlackApiError):
            client.chat_postMessage(channel="C1", text="x")
    assert [r.status for r in fake_slack.requests] == ([502, 200] if retried else [502])
