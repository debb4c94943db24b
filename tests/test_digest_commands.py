"""``/peel digest ...``, App Home's digest section and the post's button, against the fake Slack."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from slack_bolt import App, BoltRequest

from bot.config import DigestSettings, load_settings
from bot.digest.commands import REFUSAL, handle_digest
from bot.digest.home import NONE_YET, subscription_blocks
from bot.digest.reconcile import Digest
from bot.digest.render import ACTION_DIGEST_MORE, topic_query
from bot.digest.service import digest_client
from bot.digest.store import POSTED, SCHEDULED, DigestStore
from bot.engine.answer import answer
from bot.listeners import digest as digest_listener
from bot.listeners.commands import command_message
from bot.services import Services
from bot.slack.app import build_services
from bot.slack.client import make_web_client
from tests.digest_support import Clock, utc
from tests.fakeslack import action_body

CHANNEL = "C0TEAM"
BOT = "xoxb-4242-4343-notarealtokenatall"


@pytest.fixture
def clock() -> Clock:
    return Clock(utc(2025, 3, 27, 7, 0))  # Thursday 07:00 GMT


@pytest.fixture
def services(kb, fake_slack, db_url, clock):
    settings = load_settings(
        {"SLACK_BOT_TOKEN": BOT, "SLACK_SIGNING_SECRET": "ab" * 16, "SLACK_API_URL": fake_slack.url}
    )
    digest = Digest(DigestStore.open(db_url), kb, digest_client(BOT, fake_slack.url), DigestSettings(), clock)
    services = Services(kb=kb, settings=settings, client=make_web_client(settings), digest=digest)
    yield services
    digest.background.join()
    digest.store.close()


def run(services, text, user="U1", channel=CHANNEL):
    """One command, then wait for the background work it started (a real user would not)."""
    reply = handle_digest(text, channel_id=channel, user_id=user, services=services)
    services.digest.background.join()
    return reply


def test_subscribe_with_defaults_queues_posts_and_says_when(services, fake_slack):
    reply = run(services, "subscribe")
    assert "09:00 (Europe/London) every weekday" in reply.text
    rows = services.digest.store.deliveries(CHANNEL)
    # Thursday 07:00: today's 09:00 is still to come, so 10 weekdays from today are queued
    assert len(rows) == len(fake_slack.scheduled) == 10
    assert rows[0].post_date == date(2025, 3, 27)
    assert f"*Next post:* Thu 27 Mar 09:00 GMT — {rows[0].title}" in reply.text
    assert reply.public is False and reply.blocks[0]["text"]["text"] == reply.text


def test_subscribe_with_time_and_cadence(services, fake_slack):
    run(services, "subscribe 7:45 daily")
    sub = services.digest.store.subscription(CHANNEL)
    assert (sub.post_time, sub.cadence) == ("07:45", "daily")
    assert len(fake_slack.scheduled) == 14
    run(services, "subscribe 10:15")  # changing the time keeps the cadence
    sub = services.digest.store.subscription(CHANNEL)
    assert (sub.post_time, sub.cadence) == ("10:15", "daily")
    assert {m["post_at"] % 86400 for m in fake_slack.scheduled.values()} == {
        10 * 3600 + 15 * 60,
        9 * 3600 + 15 * 60,
    }


def test_bad_arguments_get_usage_and_change_nothing(services, fake_slack):
    reply = run(services, "subscribe 25:00")
    assert "I don't understand `25:00`" in reply.text and "/peel digest subscribe [HH:MM]" in reply.text
    assert services.digest.store.subscription(CHANNEL) is None
    assert "I don't know `<@U2>`" not in run(services, "<@U2>").text  # user text is escaped
    assert "&lt;@U2&gt;" in run(services, "<@U2>").text
    assert "/peel digest now" in run(services, "").text


def test_only_admins_may_change_subscriptions_when_configured(services, fake_slack):
    services.digest.settings = DigestSettings(admins=frozenset({"UADMIN"}))
    for text in ("subscribe", "unsubscribe"):
        assert run(services, text, user="UOTHER").text == REFUSAL
    assert services.digest.store.subscription(CHANNEL) is None and fake_slack.scheduled == {}
    assert "Subscribed" in run(services, "subscribe", user="UADMIN").text
    assert "*Digest:*" in run(services, "status", user="UOTHER").text  # anyone may look


def test_unsubscribe_removes_the_queue(services, fake_slack):
    assert run(services, "unsubscribe").text == "This channel has no digest subscription."
    run(services, "subscribe")
    reply = run(services, "unsubscribe")
    assert "10 queued posts being removed" in reply.text
    assert fake_slack.scheduled == {}
    assert "unsubscribed" in run(services, "status").text


def test_status_shows_next_and_last_post_and_pauses(services, fake_slack, clock):
    assert run(services, "status").text == "*Digest:* not subscribed\n*Last posted:* nothing yet"
    run(services, "subscribe")
    first = services.digest.store.deliveries(CHANNEL)[0]
    clock.set(utc(2025, 3, 27, 12, 0))
    services.digest.reconcile(CHANNEL)  # Slack posted Thursday's at 09:00
    text = run(services, "status").text
    assert f"*Last posted:* Thu 27 Mar 09:00 GMT — {first.title}" in text
    assert "*Next post:* Fri 28 Mar 09:00 GMT" in text
    fake_slack.fail_next("chat.deleteScheduledMessage", error="is_archived")
    fake_slack.fail_next("chat.scheduleMessage", error="is_archived")
    reply = run(services, "subscribe 11:00")
    assert ":warning: Paused: this channel is archived" in reply.text
    assert "paused — this channel is archived" in run(services, "status").text


def test_now_posts_todays_item_once_and_replans(services, fake_slack):
    run(services, "subscribe")
    today = services.digest.store.deliveries(CHANNEL)[0]
    assert today.status == SCHEDULED
    reply = run(services, "now")
    assert reply.text == f"Posted today's finding: {today.title}"
    [posted] = fake_slack.calls_to("chat.postMessage")
    assert posted["channel"] == CHANNEL
    rows = services.digest.store.deliveries(CHANNEL)
    assert (rows[0].status, rows[0].uid) == (POSTED, today.uid)
    assert today.scheduled_message_id not in fake_slack.scheduled  # taken out of Slack's queue
    assert len(fake_slack.scheduled) == 9 and len({r.uid for r in rows}) == 10
    assert run(services, "now").text == f"Today's finding is already posted: {today.title}"
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_now_in_a_channel_without_subscription_and_when_not_a_member(services, fake_slack):
    fake_slack.fail_next("chat.postMessage", error="not_in_channel")
    assert "the app is not a member of this channel" in run(services, "now", channel="C0OTHER").text
    assert services.digest.store.deliveries("C0OTHER") == []
    assert run(services, "now", channel="C0OTHER").text.startswith("Posted today's finding: ")
    assert len(services.digest.store.deliveries("C0OTHER")) == 1


def test_the_peel_command_routes_digest_to_us(services, fake_slack):
    message = command_message("digest subscribe 08:15", channel_id=CHANNEL, user_id="U1", services=services)
    assert message["response_type"] == "ephemeral"
    assert "08:15 (Europe/London)" in message["text"]
    services.digest.background.join()  # the rest of the horizon is queued after the answer
    assert len(fake_slack.scheduled) == 10


def test_the_digest_is_built_at_start_up_from_the_settings(kb, fake_slack, tmp_path):
    path = tmp_path / "d" / "digest.sqlite3"
    settings = load_settings(
        {
            "SLACK_BOT_TOKEN": BOT,
            "SLACK_SIGNING_SECRET": "ab" * 16,
            "SLACK_API_URL": fake_slack.url,
            "DIGEST_DB_PATH": str(path),
            "DIGEST_TZ": "America/New_York",
        }
    )
    services = build_services(settings, kb)
    try:
        assert isinstance(services.digest, Digest) and services.digest.settings is settings.digest
        assert path.exists()  # the schema was created at start-up, not on first use
        assert services.digest.client.base_url == fake_slack.url
        reply = run(services, "subscribe")
        assert "(America/New_York)" in reply.text and fake_slack.calls_to("chat.scheduleMessage")
    finally:
        services.digest.store.close()


def test_home_lists_the_subscriptions_of_the_users_channels(services, fake_slack):
    assert subscription_blocks(services, "U1", services.client)[1]["elements"][0]["text"] == NONE_YET
    run(services, "subscribe")
    run(services, "subscribe 10:00 daily", channel="C0ELSEWHERE")
    fake_slack.member_of = [CHANNEL, "C0RANDOM"]
    blocks = subscription_blocks(services, "U1", services.client)
    assert blocks[0]["text"]["text"] == "Daily digest"
    texts = [b["text"]["text"] for b in blocks[1:]]
    assert len(texts) == 1 and texts[0].startswith(f"<#{CHANNEL}> — 09:00 (Europe/London) every weekday")
    assert "*Next post:*" in texts[0]
    [call] = fake_slack.calls_to("users.conversations")
    assert call["user"] == "U1"


def digest_app(services) -> App:
    """A Bolt app with only the digest's listeners, dispatched to directly (no HTTP, no signature)."""
    app = App(
        client=services.client,
        signing_secret="abc123",
        request_verification_enabled=False,
        token_verification_enabled=False,
        process_before_response=True,
    )
    digest_listener.register(app, services)
    return app


def test_the_more_button_answers_with_the_findings_section(services, fake_slack):
    entry = next(e for e in services.kb.entries() if e.kind == "improvement")
    app = digest_app(services)
    body = action_body(ACTION_DIGEST_MORE, entry.uid, fake_slack.response_url("m1"), is_ephemeral=False)
    response = app.dispatch(
        BoltRequest(body=body.decode(), headers={"content-type": ["application/x-www-form-urlencoded"]})
    )
    assert response.status == 200
    [message] = fake_slack.wait_for("response/m1")
    expected = answer(topic_query(entry), services.kb)
    assert message["response_type"] == "ephemeral" and message["replace_original"] is False
    assert message["blocks"][: len(expected.blocks)] == expected.blocks
    gone = digest_listener.more_message("no-such/report-item", services)
    assert gone["text"] == digest_listener.GONE


def test_status_counts_a_post_slack_has_made_before_any_reconcile(services, fake_slack, clock):
    run(services, "subscribe")
    first = services.digest.store.deliveries(CHANNEL)[0]
    clock.set(utc(2025, 3, 27, 9, 1))  # Slack posted Thursday's at 09:00; nothing has run since
    text = handle_digest("status", channel_id=CHANNEL, user_id="U1", services=services).text
    assert f"*Last posted:* Thu 27 Mar 09:00 GMT — {first.title}" in text
    assert "*Next post:* Fri 28 Mar 09:00 GMT" in text


def test_status_says_how_far_ahead_posts_are_queued_and_warns_when_short(services, fake_slack, clock):
    run(services, "subscribe")
    text = run(services, "status").text
    assert "*Queued in Slack up to:* Wed 9 Apr 09:00 BST (13 days ahead)" in text and ":warning:" not in text
    services.digest.settings = DigestSettings(horizon_days=2)
    run(services, "subscribe", channel="C0SHORT")
    short = run(services, "status", channel="C0SHORT").text
    assert "(1 days ahead)" in short and ":warning: Fewer than 3 days are queued" in short
    assert "peel-bot digest run" in short


def test_digest_changes_are_refused_on_heroku_without_a_database_url(services, fake_slack):
    services.digest.settings = DigestSettings(ephemeral_storage=True)
    for text in ("subscribe", "unsubscribe", "now"):
        reply = run(services, text)
        assert "DATABASE_URL" in reply.text and "Heroku" in reply.text
    assert services.digest.store.subscription(CHANNEL) is None and fake_slack.calls == []
    assert "*Digest:* not subscribed" in run(services, "status").text


def test_now_with_nothing_queued_today_changes_no_other_day(services, fake_slack, clock):
    clock.set(utc(2025, 3, 27, 12, 0))  # Thursday's 09:00 is past: Friday on are queued
    run(services, "subscribe")
    before = {r.post_date: r.uid for r in services.digest.store.deliveries(CHANNEL)}
    calls = len(fake_slack.calls)
    assert run(services, "now").text.startswith("Posted today's finding: ")
    made = [name for name, _ in fake_slack.calls[calls:]]
    assert made.count("chat.postMessage") == 1
    assert "chat.deleteScheduledMessage" not in made and "chat.scheduleMessage" not in made
    after = {r.post_date: r.uid for r in services.digest.store.deliveries(CHANNEL)}
    assert {d: u for d, u in after.items() if d != date(2025, 3, 27)} == before  # same items
    assert after[date(2025, 3, 27)] not in before.values()


def test_now_with_todays_post_queued_cancels_only_that_one(services, fake_slack):
    run(services, "subscribe")  # Thursday 07:00: today's 09:00 post is queued
    calls = len(fake_slack.calls)
    run(services, "now")
    made = [name for name, _ in fake_slack.calls[calls:]]
    assert made.count("chat.deleteScheduledMessage") == 1 and made.count("chat.postMessage") == 1
    assert "chat.scheduleMessage" not in made


def test_a_time_change_answers_before_requeuing_the_horizon(services, fake_slack):
    run(services, "subscribe")
    gate = threading.Event()
    services.digest.background.submit("hold", gate.wait)  # the background thread is busy
    calls = len(fake_slack.calls)
    reply = handle_digest("subscribe 10:30", channel_id=CHANNEL, user_id="U1", services=services)
    made = [name for name, _ in fake_slack.calls[calls:]]
    assert "10:30" in reply.text and "*Next post:* Thu 27 Mar 10:30 GMT" in reply.text
    assert made.count("chat.scheduleMessage") == 1  # only the next post before answering
    gate.set()
    services.digest.background.join()
    assert {m["post_at"] % 86400 for m in fake_slack.scheduled.values()} == {
        10 * 3600 + 30 * 60,
        9 * 3600 + 30 * 60,
    }
    assert len(fake_slack.scheduled) == 10


def test_any_request_wakes_a_background_reconcile_of_every_channel(services, fake_slack, clock):
    run(services, "subscribe")
    run(services, "subscribe", channel="C0OTHER")
    clock.advance(days=3)  # the app slept: the horizon must move forward for every channel
    app = digest_app(services)
    entry = next(e for e in services.kb.entries() if e.kind == "improvement")
    body = action_body(ACTION_DIGEST_MORE, entry.uid, fake_slack.response_url("w1"))
    app.dispatch(
        BoltRequest(body=body.decode(), headers={"content-type": ["application/x-www-form-urlencoded"]})
    )
    services.digest.background.join()
    for channel in (CHANNEL, "C0OTHER"):
        last = services.digest.store.deliveries(channel)[-1]
        assert last.post_date == date(2025, 4, 11)  # 14 days from Sunday 30 March (was Wed 9 April)


def test_now_when_slack_times_out_answers_and_never_posts_twice(services, fake_slack, clock):
    run(services, "subscribe")
    services.digest.client.timeout = 0.3
    fake_slack.fail_next("chat.postMessage", delay=0.8)  # Slack posts it late, after the client gave up
    reply = run(services, "now")
    assert reply.text.startswith(":warning: Could not post:") and "timeout" in reply.text
    fake_slack.wait_for("chat.postMessage")
    fake_slack.wait_until(lambda: fake_slack.posts(CHANNEL), what="Slack never made the late post")
    assert "Today's finding is" in run(services, "now").text  # held, not posted again
    clock.advance(minutes=11)
    services.digest.reconcile(CHANNEL)  # recovery finds the post Slack made, by its marker
    [today] = [r for r in services.digest.store.deliveries(CHANNEL) if r.post_date == date(2025, 3, 27)]
    assert today.status == POSTED and len(fake_slack.posts(CHANNEL)) == 1
