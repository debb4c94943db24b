"""Reconcile against the fake Slack Web API, on SQLite and PostgreSQL.

The clock starts on Thursday 27 March 2025 at 12:00 UTC; British Summer Time starts on Sunday
30 March, so a 09:00 London post is at 09:00 UTC on Friday 28 March and at 08:00 UTC from Monday.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from bot.digest.render import render_post
from bot.digest.service import RATE_LIMIT_RETRIES
from bot.digest.store import CLAIMED, POSTED, SCHEDULED, SENT, UNKNOWN
from tests.digest_support import CHANNEL, at_once, queued, subscribe, synthetic_kb, utc

# weekdays from Thu 27 March for 14 days, minus today (09:00 already passed when subscribing)
EXPECTED = (
    [utc(2025, 3, 28, 9)]
    + [utc(2025, 3, d, 8) for d in (31,)]
    + [utc(2025, 4, d, 8) for d in (1, 2, 3, 4, 7, 8, 9)]
)


def test_subscribe_schedules_the_next_days_at_the_right_utc_instants(make_digest, fake_slack):
    digest = make_digest()
    subscribe(digest)
    outcome = digest.reconcile(CHANNEL)
    assert outcome.ok and outcome.scheduled == len(EXPECTED) and outcome.posted == 0
    assert queued(fake_slack) == [int(t.timestamp()) for t in EXPECTED]
    rows = digest.store.deliveries(CHANNEL)
    assert [r.post_at for r in rows] == EXPECTED
    assert {r.status for r in rows} == {SCHEDULED}
    assert {r.scheduled_message_id for r in rows} == set(fake_slack.scheduled)
    assert len({r.uid for r in rows}) == len(rows)  # no repeats
    # what Slack was asked to post is exactly the rendered entry, with its button
    calls = fake_slack.calls_to("chat.scheduleMessage")
    first = digest.kb.entry(rows[0].uid)
    assert calls[0]["blocks"] == render_post(first).blocks
    assert calls[0]["channel"] == CHANNEL


def test_reconcile_is_idempotent_and_survives_a_restart(make_digest, fake_slack):
    digest = make_digest()
    subscribe(digest)
    digest.reconcile(CHANNEL)
    before = len(fake_slack.calls)
    assert digest.reconcile(CHANNEL).kept == len(EXPECTED)
    restarted = make_digest()  # a new process: new engine, same database
    outcome = restarted.reconcile(CHANNEL)
    assert outcome.kept == len(EXPECTED) and outcome.scheduled == outcome.replaced == 0
    # each run reads Slack's queue once to check it against the log, and changes nothing
    assert [name for name, _ in fake_slack.calls[before:]] == ["chat.scheduledMessages.list"] * 2
    assert restarted.store.subscription(CHANNEL).active


def test_unsubscribe_removes_every_queued_post(make_digest, fake_slack):
    digest = make_digest()
    subscribe(digest)
    digest.reconcile(CHANNEL)
    digest.store.unsubscribe(CHANNEL, user_id="U1", now=digest.now())
    outcome = digest.reconcile(CHANNEL)
    assert outcome.cancelled == len(EXPECTED)
    assert fake_slack.scheduled == {}
    assert digest.store.deliveries(CHANNEL) == []


def test_changing_the_time_reschedules_with_the_same_items(make_digest, fake_slack):
    digest = make_digest()
    subscribe(digest)
    digest.reconcile(CHANNEL)
    items = [r.uid for r in digest.store.deliveries(CHANNEL)]
    subscribe(digest, post_time="08:30")
    outcome = digest.reconcile(CHANNEL)
    assert outcome.replaced == len(EXPECTED)
    assert queued(fake_slack) == [int((t - timedelta(minutes=30)).timestamp()) for t in EXPECTED]
    assert [r.uid for r in digest.store.deliveries(CHANNEL)] == items
    assert len(fake_slack.calls_to("chat.deleteScheduledMessage")) == len(EXPECTED)


def test_a_later_time_today_adds_todays_post(make_digest, fake_slack):
    digest = make_digest()
    subscribe(digest)
    digest.reconcile(CHANNEL)
    subscribe(digest, post_time="14:30")  # it is 12:00 on Thursday: 14:30 today is still to come
    outcome = digest.reconcile(CHANNEL)
    assert outcome.ok and outcome.scheduled == 1 and outcome.replaced == len(EXPECTED)
    later = [utc(2025, 3, 27, 14, 30), *(t + timedelta(hours=5, minutes=30) for t in EXPECTED)]
    assert queued(fake_slack) == [int(t.timestamp()) for t in later]
    assert len({r.uid for r in digest.store.deliveries(CHANNEL)}) == len(later)


def test_changing_to_daily_adds_weekends(make_digest, fake_slack):
    digest = make_digest()
    subscribe(digest)
    digest.reconcile(CHANNEL)
    subscribe(digest, cadence="daily")
    outcome = digest.reconcile(CHANNEL)
    assert outcome.ok
    days = [r.post_date for r in digest.store.deliveries(CHANNEL)]
    assert days == [date(2025, 3, 28) + timedelta(days=i) for i in range(13)]
    assert len(queued(fake_slack)) == 13
    assert len({r.uid for r in digest.store.deliveries(CHANNEL)}) == 13


def test_two_reconciles_at_once_leave_no_duplicates(make_digest, fake_slack):
    first, second = make_digest(), make_digest()
    subscribe(first)
    outcomes: list = []
    at_once(lambda digest: outcomes.append(digest.reconcile(CHANNEL)), [first, second])
    assert all(o.ok for o in outcomes)
    assert sum(o.scheduled for o in outcomes) == len(EXPECTED)
    assert queued(fake_slack) == [int(t.timestamp()) for t in EXPECTED]  # one message per day
    assert Counter(r.status for r in first.store.deliveries(CHANNEL)) == {SCHEDULED: len(EXPECTED)}


def test_a_429_storm_delays_but_loses_nothing(make_digest, fake_slack):
    digest = make_digest()
    subscribe(digest)
    # more 429s in a row than the client's retries: the first run gives up part-way
    fake_slack.fail_next("chat.scheduleMessage", status=429, retry_after=0, times=RATE_LIMIT_RETRIES + 2)
    first = digest.reconcile(CHANNEL)
    assert first.failed == ["ratelimited"]
    assert [r.status for r in digest.store.deliveries(CHANNEL)] == [SCHEDULED] * first.scheduled
    second = digest.reconcile(CHANNEL)  # the next run (cron, or the next subscribe) finishes the job
    assert second.ok
    assert first.scheduled + second.scheduled == len(EXPECTED)
    assert queued(fake_slack) == [int(t.timestamp()) for t in EXPECTED]
    assert any(r.status == 429 for r in fake_slack.requests)


def test_server_errors_are_retried_within_one_run(make_digest, fake_slack):
    digest = make_digest()
    subscribe(digest)
    fake_slack.fail_next("chat.scheduleMessage", status=503, times=1)
    fake_slack.fail_next("chat.scheduleMessage", status=429, retry_after=0, times=2)
    outcome = digest.reconcile(CHANNEL)
    assert outcome.ok and outcome.scheduled == len(EXPECTED)
    assert len(queued(fake_slack)) == len(EXPECTED)


@pytest.mark.parametrize("error", ["channel_not_found", "not_in_channel", "is_archived"])
def test_channel_errors_pause_the_subscription(make_digest, fake_slack, error, caplog):
    digest = make_digest()
    subscribe(digest)
    fake_slack.fail_next("chat.scheduleMessage", error=error)
    outcome = digest.reconcile(CHANNEL)
    assert outcome.paused == error and outcome.scheduled == 0
    assert digest.store.subscription(CHANNEL).paused_reason == error
    assert digest.store.deliveries(CHANNEL) == []  # the claim was released, not left dangling
    assert any(getattr(r, "error", None) == error for r in caplog.records)
    assert digest.reconcile(CHANNEL).scheduled == 0  # paused: nothing more is queued
    subscribe(digest)  # subscribing again clears the pause
    assert digest.reconcile(CHANNEL).scheduled == len(EXPECTED)


def test_other_failures_are_logged_and_retried_next_run(make_digest, fake_slack, caplog):
    digest = make_digest()
    subscribe(digest)
    fake_slack.fail_next("chat.scheduleMessage", error="invalid_auth")
    outcome = digest.reconcile(CHANNEL)
    assert outcome.failed == ["invalid_auth"] and outcome.paused is None
    assert any(getattr(r, "event", None) == "digest_failed" for r in caplog.records)
    assert digest.reconcile(CHANNEL).scheduled == len(EXPECTED)


def test_days_pass_posts_are_recorded_and_the_horizon_moves(make_digest, fake_slack, clock):
    digest = make_digest()
    subscribe(digest)
    digest.reconcile(CHANNEL)
    planned = [r.uid for r in digest.store.deliveries(CHANNEL)]
    fake_slack.scheduled.pop(digest.store.deliveries(CHANNEL)[0].scheduled_message_id)  # Slack posted it
    clock.set(utc(2025, 3, 28, 12, 0))
    outcome = digest.reconcile(CHANNEL)
    rows = digest.store.deliveries(CHANNEL)
    assert rows[0].status == SENT
    assert outcome.scheduled == 1 and outcome.kept == len(EXPECTED) - 1  # Thu 10 April joins
    assert rows[-1].post_date == date(2025, 4, 10)
    assert [r.uid for r in rows[:-1]] == planned
    assert digest.store.last_done(CHANNEL, clock()).uid == planned[0]


def test_a_missed_day_is_posted_once_by_the_catch_up_run(make_digest, fake_slack, clock):
    digest = make_digest()
    clock.set(utc(2025, 3, 30, 20, 0))  # subscribed on Sunday evening ...
    subscribe(digest, cadence="weekdays")
    clock.set(utc(2025, 3, 31, 10, 0))  # ... and nothing ran until Monday 11:00 BST
    outcome = digest.reconcile(CHANNEL)
    assert outcome.posted == 1
    [posted] = fake_slack.calls_to("chat.postMessage")
    today = digest.store.deliveries(CHANNEL)[0]
    assert (today.post_date, today.status) == (date(2025, 3, 31), POSTED) and today.message_ts
    assert posted["channel"] == CHANNEL and posted["blocks"] == render_post(digest.kb.entry(today.uid)).blocks
    assert today.uid not in {r.uid for r in digest.store.deliveries(CHANNEL)[1:]}
    assert digest.reconcile(CHANNEL).posted == 0  # exactly once
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_no_catch_up_for_a_day_that_began_before_the_subscription(make_digest, fake_slack):
    digest = make_digest()
    subscribe(digest)  # 12:00 on Thursday: Thursday's 09:00 was before it
    assert digest.reconcile(CHANNEL).posted == 0
    assert fake_slack.calls_to("chat.postMessage") == []


def test_a_knowledge_change_replaces_only_the_affected_posts(make_digest, fake_slack):
    digest = make_digest()
    subscribe(digest)
    digest.reconcile(CHANNEL)
    rows = digest.store.deliveries(CHANNEL)
    position, removed = next((i, r.uid) for i, r in enumerate(rows) if "/afi-" in r.uid)
    kb = synthetic_kb()
    for report in kb.reports:  # the knowledge loses that area for improvement
        keep = [i for i in report.data.improvements if f"{report.meta.id}/{i.id}" != removed]
        report.data = report.data.model_copy(update={"improvements": keep})
    changed = make_digest(kb=type(kb)(reports=kb.reports, topics=kb.topics, root=kb.root))
    outcome = changed.reconcile(CHANNEL)
    after = changed.store.deliveries(CHANNEL)
    assert outcome.ok
    assert removed not in {r.uid for r in after}
    assert [r.uid for r in after[:position]] == [r.uid for r in rows[:position]]
    assert outcome.kept >= position and outcome.replaced >= 1
    assert len({r.uid for r in after}) == len(EXPECTED)
    assert queued(fake_slack) == [int(t.timestamp()) for t in EXPECTED]


def test_a_claim_left_by_a_crashed_process_is_settled(make_digest, fake_slack, clock):
    digest = make_digest()
    subscribe(digest)
    digest.reconcile(CHANNEL)
    rows = digest.store.deliveries(CHANNEL)
    # process A died after Slack queued Monday's post but before recording it ...
    token = digest.store.claim_row(rows[1], now=clock())
    assert token
    # ... and process B died before Slack queued Tuesday's
    token2 = digest.store.claim_row(rows[2], now=clock())
    fake_slack.scheduled.pop(rows[2].scheduled_message_id)
    clock.advance(minutes=11)
    outcome = digest.reconcile(CHANNEL)
    assert outcome.ok and token2
    after = digest.store.deliveries(CHANNEL)
    assert after[1].status == SCHEDULED and after[1].scheduled_message_id == rows[1].scheduled_message_id
    assert after[2].status == SCHEDULED and after[2].scheduled_message_id != rows[2].scheduled_message_id
    assert queued(fake_slack) == [int(t.timestamp()) for t in EXPECTED]
    assert CLAIMED not in {r.status for r in after}


def test_a_post_interrupted_at_its_time_is_never_repeated(make_digest, fake_slack, clock):
    digest = make_digest()
    clock.set(utc(2025, 3, 31, 7, 0))
    subscribe(digest)
    clock.set(utc(2025, 3, 31, 9, 0))
    row = digest.store.claim_day(
        CHANNEL,
        date(2025, 3, 31),
        uid="new-report/afi-1",
        title="t",
        post_at=clock(),
        payload_hash="h",
        now=clock(),
    )
    clock.advance(minutes=15)
    digest.reconcile(CHANNEL)
    assert digest.store.deliveries(CHANNEL)[0].status == UNKNOWN
    assert fake_slack.calls_to("chat.postMessage") == []
    assert row is not None
