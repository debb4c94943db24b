"""Exactly once when Slack fails the way Slack fails (issue 9, defects 1, 2 and 6), on SQLite and
PostgreSQL: 5xx after Slack accepted the call, timeouts, a message Slack holds that the log does
not know, two real processes racing, kill -9 mid-call, and a slow chat.scheduleMessage racing
crash recovery. Each test counts what Slack actually holds or posted per channel-day.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections import Counter
from datetime import date, timedelta

import pytest

from bot.digest.store import CLAIMED, POSTED, SCHEDULED, UNKNOWN, make_engine, upgrade_schema
from tests.digest_support import CHANNEL, START, at_once, open_store, queued, subscribe, utc

DAYS = 9  # weekdays queued from Thursday 27 March 12:00 for 14 days (see test_digest_reconcile)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def one_per_day(fake_slack, channel: str = CHANNEL) -> bool:
    """No instant holds two queued messages (every digest day has one instant)."""
    return all(n == 1 for n in Counter(queued(fake_slack, channel)).values())


def digest_posts(fake_slack, channel: str = CHANNEL) -> list[str]:
    """The day marker of every digest message posted in the channel."""
    return [m["metadata"]["event_payload"]["day"] for m in fake_slack.posts(channel) if m.get("metadata")]


# -- defect 1: a 5xx after Slack accepted the call is not retried blindly ----------------------------


@pytest.mark.parametrize("status", [500, 504])
def test_a_5xx_after_slack_queued_the_message_adopts_it_instead_of_queuing_twice(
    make_digest, fake_slack, status
):
    digest = make_digest()
    subscribe(digest)
    fake_slack.fail_next("chat.scheduleMessage", status=status, accepted=True)
    outcome = digest.reconcile(CHANNEL)
    assert len(queued(fake_slack)) == DAYS and one_per_day(fake_slack)
    assert outcome.ok and outcome.adopted == 1 and outcome.scheduled == DAYS
    rows = digest.store.deliveries(CHANNEL)
    assert {r.scheduled_message_id for r in rows} == set(fake_slack.scheduled)
    assert len(fake_slack.calls_to("chat.scheduleMessage")) == DAYS  # the 5xx one was not repeated


def test_a_5xx_before_slack_acted_is_sent_again_after_checking(make_digest, fake_slack):
    digest = make_digest()
    subscribe(digest)
    fake_slack.fail_next("chat.scheduleMessage", status=500)  # Slack did nothing
    outcome = digest.reconcile(CHANNEL)
    assert len(queued(fake_slack)) == DAYS and one_per_day(fake_slack)
    assert outcome.ok and outcome.scheduled == DAYS
    assert fake_slack.calls_to("chat.scheduledMessages.list")  # it looked before sending again


def test_a_5xx_after_slack_posted_the_catch_up_post_is_not_posted_twice(make_digest, fake_slack, clock):
    digest = make_digest()
    clock.set(utc(2025, 3, 30, 20, 0))
    subscribe(digest)
    clock.set(utc(2025, 3, 31, 10, 0))  # Monday's 09:00 BST post was missed: the run posts it
    fake_slack.fail_next("chat.postMessage", status=502, accepted=True)
    outcome = digest.reconcile(CHANNEL)
    assert len(fake_slack.posts(CHANNEL)) == 1 and digest_posts(fake_slack) == ["2025-03-31"]
    assert outcome.ok and outcome.posted == 1 and outcome.adopted == 1
    [today] = [r for r in digest.store.deliveries(CHANNEL) if r.post_date == date(2025, 3, 31)]
    assert today.status == POSTED and today.message_ts == fake_slack.posts(CHANNEL)[0]["ts"]
    assert digest.reconcile(CHANNEL).posted == 0 and digest_posts(fake_slack) == ["2025-03-31"]


def test_a_5xx_after_slack_posted_now_is_not_posted_twice(make_digest, fake_slack):
    digest = make_digest()
    subscribe(digest)
    digest.reconcile(CHANNEL)
    fake_slack.fail_next("chat.postMessage", status=500, accepted=True)
    result = digest.post_now(CHANNEL)
    assert len(fake_slack.posts(CHANNEL)) == 1 and digest_posts(fake_slack) == ["2025-03-27"]
    assert result.posted
    assert digest.post_now(CHANNEL).reason == "already_posted"
    assert len(fake_slack.posts(CHANNEL)) == 1


def test_when_slack_cannot_even_be_checked_the_post_is_marked_unknown_not_repeated(
    make_digest, fake_slack, clock
):
    digest = make_digest()
    clock.set(utc(2025, 3, 30, 20, 0))
    subscribe(digest)
    clock.set(utc(2025, 3, 31, 10, 0))
    fake_slack.fail_next("chat.postMessage", status=500, accepted=True)
    fake_slack.fail_next("conversations.history", error="missing_scope")  # no channels:history
    outcome = digest.reconcile(CHANNEL)
    assert outcome.failed == ["http_500"]
    [today] = [r for r in digest.store.deliveries(CHANNEL) if r.post_date == date(2025, 3, 31)]
    assert today.status == UNKNOWN
    digest.reconcile(CHANNEL)
    assert len(fake_slack.calls_to("chat.postMessage")) == 1 and len(fake_slack.posts(CHANNEL)) == 1


def test_every_run_reconciles_slacks_queue_against_the_log(make_digest, fake_slack):
    digest = make_digest()
    subscribe(digest)
    digest.reconcile(CHANNEL)
    rows = digest.store.deliveries(CHANNEL)
    # someone deletes Monday's queued post in Slack, and a message the log never recorded
    # (an earlier ambiguous failure) sits in the queue; no claim is stale
    del fake_slack.scheduled[rows[1].scheduled_message_id]
    stray = digest.client.chat_scheduleMessage(
        channel=CHANNEL, post_at=int(rows[2].post_at.timestamp()), text="x"
    )
    outcome = digest.reconcile(CHANNEL)
    assert outcome.ok and outcome.scheduled == 1
    assert stray["scheduled_message_id"] not in fake_slack.scheduled
    assert len(queued(fake_slack)) == DAYS and one_per_day(fake_slack)
    assert {r.scheduled_message_id for r in digest.store.deliveries(CHANNEL)} == set(fake_slack.scheduled)


# -- defect 2: timeouts are caught per call and per channel -------------------------------------------


def test_a_timeout_after_slack_queued_the_message_adopts_it(make_digest, fake_slack):
    digest = make_digest(timeout=0.3)
    subscribe(digest)
    fake_slack.fail_next("chat.scheduleMessage", delay=0.8, accepted=True)  # queued, answer too late
    outcome = digest.reconcile(CHANNEL)
    assert len(queued(fake_slack)) == DAYS and one_per_day(fake_slack)
    assert outcome.ok and outcome.adopted == 1


def test_a_timeout_stops_only_its_channel_and_is_settled_later_without_a_duplicate(
    make_digest, fake_slack, clock
):
    digest = make_digest(timeout=0.3)
    subscribe(digest, channel="C0A")
    subscribe(digest, channel="C0B")
    # Slack takes 0.8 s over C0A's first schedule (the client gives up after 0.3 s, and Slack's queue
    # shows nothing yet), then queues the message anyway
    fake_slack.fail_next("chat.scheduleMessage", delay=0.8)
    outcomes = {o.channel_id: o for o in digest.reconcile_all()}
    assert outcomes["C0A"].failed == ["timeout"]
    assert outcomes["C0B"].ok and len(queued(fake_slack, "C0B")) == DAYS
    [held] = digest.store.deliveries("C0A")
    assert held.status == CLAIMED  # not sent again: the request may still land
    fake_slack.wait_for("chat.scheduleMessage", count=DAYS + 1)
    fake_slack.wait_until(lambda: queued(fake_slack, "C0A"), what="Slack never queued it")  # ... and it does
    clock.advance(minutes=11)  # a later run finds the claim stale and adopts what Slack holds
    outcome = digest.reconcile("C0A")
    assert outcome.ok
    assert one_per_day(fake_slack, "C0A") and len(queued(fake_slack, "C0A")) == DAYS
    assert CLAIMED not in {r.status for r in digest.store.deliveries("C0A")}
    assert {r.scheduled_message_id for r in digest.store.deliveries("C0A")} == {
        m["id"] for m in fake_slack.scheduled.values() if m["channel_id"] == "C0A"
    }


def test_a_timeout_reading_slacks_queue_fails_the_channel_not_the_run(make_digest, fake_slack):
    digest = make_digest(timeout=0.3)
    subscribe(digest, channel="C0A")
    subscribe(digest, channel="C0B")
    fake_slack.fail_next("chat.scheduledMessages.list", delay=0.8)  # C0A's, the first channel's
    outcomes = {o.channel_id: o for o in digest.reconcile_all()}
    assert outcomes["C0A"].failed == ["timeout"] and outcomes["C0A"].scheduled == 0
    assert outcomes["C0B"].ok and len(queued(fake_slack, "C0B")) == DAYS


# -- defect 6: recovery never touches a live claim ----------------------------------------------------


def test_recovery_leaves_alone_a_message_another_process_has_just_queued(
    make_digest, fake_slack, clock, db_url
):
    """Process A (a real process) is mid-call: Slack has queued its message and the answer is slow.
    Process B finds a stale claim from a third, dead process in the same channel and settles it.
    B must not delete A's message as an orphan, or that day is silently lost."""
    second = make_digest(now=lambda: clock() + timedelta(minutes=2))  # process B, two minutes on
    subscribe(second)
    dead = second.store.claim_day(  # left at 11:51 by a process that died: stale for B, not yet for A
        CHANNEL,
        date(2025, 4, 9),
        uid="new-report/afi-1",
        title="t",
        post_at=utc(2025, 4, 9, 8),
        payload_hash="h",
        now=clock() - timedelta(minutes=9),
    )
    assert dead is not None
    answer = threading.Event()  # Slack answers A's call only once B is done
    fake_slack.fail_next("chat.scheduleMessage", until=answer, accepted=True)
    first = worker(db_url, fake_slack, now=clock())  # process A, at 12:00
    first.stdin.write("go\n")
    first.stdin.flush()
    fake_slack.wait_until(lambda: fake_slack.scheduled, timeout=30)  # Slack has queued A's post
    second.reconcile(CHANNEL)  # recovers the dead claim while A's claim is live
    answer.set()
    first.communicate(timeout=60)
    assert first.returncode == 0
    [friday] = [r for r in second.store.deliveries(CHANNEL) if r.post_date == date(2025, 3, 28)]
    assert friday.status == SCHEDULED and friday.scheduled_message_id in fake_slack.scheduled
    assert second.reconcile(CHANNEL).ok  # and a later run still holds one message per day
    assert len(queued(fake_slack)) == DAYS and one_per_day(fake_slack)


# -- real processes ------------------------------------------------------------------------------------


def worker(db_url: str, fake_slack, channel: str = CHANNEL, now=START) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.digest_worker", db_url, fake_slack.url, channel, now.isoformat()],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline().strip() == "ready"
    return process


def test_two_processes_racing_leave_one_message_per_day(make_digest, fake_slack, db_url):
    subscribe(make_digest())
    racers = [worker(db_url, fake_slack) for _ in range(2)]
    for process in racers:
        process.stdin.write("go\n")
        process.stdin.flush()
    outcomes = [json.loads(p.communicate(timeout=60)[0]) for p in racers]
    assert all(p.returncode == 0 for p in racers)
    assert sum(o["scheduled"] for o in outcomes) == DAYS
    assert len(queued(fake_slack)) == DAYS and one_per_day(fake_slack)


def test_kill_9_mid_call_is_recovered_without_a_duplicate(make_digest, fake_slack, db_url, clock):
    digest = make_digest()
    subscribe(digest)
    fake_slack.fail_next("chat.scheduleMessage", delay=30, accepted=True)  # Slack queues, then hangs
    process = worker(db_url, fake_slack)
    process.stdin.write("go\n")
    process.stdin.flush()
    fake_slack.wait_for("chat.scheduleMessage", timeout=30)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    [claimed] = digest.store.deliveries(CHANNEL)
    assert claimed.status == CLAIMED
    assert digest.reconcile(CHANNEL).ok  # a fresh claim is left alone: nothing else queued twice
    assert one_per_day(fake_slack)
    clock.advance(minutes=11)
    assert digest.reconcile(CHANNEL).ok  # stale now: the message Slack queued is adopted
    rows = digest.store.deliveries(CHANNEL)
    assert [r.status for r in rows] == [SCHEDULED] * DAYS
    assert len(queued(fake_slack)) == DAYS and one_per_day(fake_slack)
    assert {r.scheduled_message_id for r in rows} == set(fake_slack.scheduled)


def test_connections_creating_the_schema_at_once_all_succeed(db_url, tmp_path):
    """Defect 5: four engines (as four processes would) create the schema of a new database at once."""
    sqlite = db_url.startswith("sqlite")
    for round_ in range(10 if sqlite else 3):
        url = f"sqlite:///{tmp_path / f'new{round_}.sqlite3'}" if sqlite else db_url
        if not sqlite:  # an empty database again
            cleaner = make_engine(url)
            with cleaner.begin() as conn:
                for table in ("digest_deliveries", "digest_subscriptions"):
                    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")
            cleaner.dispose()
        engines = [make_engine(url) for _ in range(4)]
        errors: list[Exception] = []

        def open_(engine, errors=errors):
            try:
                upgrade_schema(engine)
            except Exception as exc:
                errors.append(exc)

        at_once(open_, engines)
        for engine in engines:
            engine.dispose()
        assert errors == []


def test_processes_creating_the_schema_at_once_all_start(tmp_path):
    db_url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.digest_worker",
                db_url,
                "http://unused/",
                CHANNEL,
                "-",
                "open-only",
            ],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    for process in processes:  # all imported and waiting: start them together
        assert process.stdout.readline().strip() == "ready"
    errors = [p.communicate("go\n", timeout=60)[1] for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0], errors
    with open_store(db_url) as store:
        assert store.subscriptions() == []
