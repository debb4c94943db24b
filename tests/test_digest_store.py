"""The store on SQLite and on a real PostgreSQL server: schema, subscriptions, claims."""

from __future__ import annotations

import os
from datetime import date, timedelta

import sqlalchemy as sa

from bot.digest.store import CLAIMED, SCHEDULED, SENT, DigestStore, upgrade_schema
from tests.digest_support import at_once, open_store, utc

NOW = utc(2025, 3, 27, 12, 0)


def claim(store: DigestStore, day: date, channel: str = "C1", uid: str = "r/x"):
    return store.claim_day(
        channel, day, uid=uid, title="t", post_at=utc(2025, 3, 28, 9), payload_hash="h", now=NOW
    )


def test_schema_is_created_and_subscriptions_survive_a_restart(db_url):
    with open_store(db_url) as store:
        store.subscribe("C1", post_time="09:30", cadence="daily", zone="Europe/London", user_id="U1", now=NOW)
    with open_store(db_url) as store:  # a new process: new engine, same database
        sub = store.subscription("C1")
        assert sub is not None
        assert (sub.post_time, sub.cadence, sub.zone, sub.active) == ("09:30", "daily", "Europe/London", True)
        assert sub.active_since == NOW and sub.active_since.tzinfo is not None
        assert upgrade_schema(store.engine) == []  # already up to date: nothing to do


def test_an_older_schema_is_upgraded_in_place(db_url):
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:  # the log as an earlier version might have had it: no title / error
        conn.execute(
            sa.text(
                "CREATE TABLE digest_deliveries (id INTEGER PRIMARY KEY, channel_id VARCHAR(32), "
                "post_date DATE, uid VARCHAR(200), post_at TIMESTAMP, payload_hash VARCHAR(64), "
                "status VARCHAR(16), claim_token VARCHAR(36), claimed_at TIMESTAMP, "
                "scheduled_message_id VARCHAR(64), message_ts VARCHAR(32), "
                "CONSTRAINT uq_digest_channel_day UNIQUE (channel_id, post_date))"
            )
        )
        conn.execute(
            sa.text(
                "INSERT INTO digest_deliveries "
                "(id, channel_id, post_date, uid, post_at, payload_hash, status) "
                "VALUES (1, 'C1', '2025-03-20', 'r/old', '2025-03-20 09:00:00', 'h', 'sent')"
            )
        )
    engine.dispose()
    with open_store(db_url) as store:
        columns = {c["name"] for c in sa.inspect(store.engine).get_columns("digest_deliveries")}
        assert {"title", "error"} <= columns
        assert "digest_subscriptions" in sa.inspect(store.engine).get_table_names()
        [old] = store.deliveries("C1")
        assert (old.uid, old.status, old.title) == ("r/old", SENT, "")


def test_a_day_can_be_claimed_once(db_url):
    with open_store(db_url) as store:
        first = claim(store, date(2025, 3, 28))
        assert first is not None and first.status == CLAIMED and first.claim_token
        assert claim(store, date(2025, 3, 28), uid="r/other") is None
        assert claim(store, date(2025, 3, 28), channel="C2") is not None
        assert [r.uid for r in store.deliveries("C1")] == ["r/x"]


def test_racing_processes_claim_a_day_exactly_once(db_url):
    stores = [DigestStore.open(db_url) for _ in range(4)]
    wins: list[object] = []

    def race(store: DigestStore) -> None:
        for offset in range(5):
            if claim(store, date(2025, 4, 1) + timedelta(days=offset)) is not None:
                wins.append(offset)

    at_once(race, stores)
    try:
        assert sorted(wins) == [0, 1, 2, 3, 4]
        assert len(stores[0].deliveries("C1")) == 5
    finally:
        for s in stores:
            s.close()


def test_compare_and_set_on_a_row_has_one_winner(db_url):
    with open_store(db_url) as store:
        row = claim(store, date(2025, 3, 28))
        assert store.finish(row.id, row.claim_token, status=SCHEDULED, scheduled_message_id="Q1")
        [seen] = store.deliveries("C1")
        token = store.claim_row(seen, now=NOW, uid="r/new")
        assert token is not None
        assert store.claim_row(seen, now=NOW) is None  # the row changed since it was read
        assert not store.finish(row.id, "not-the-token", status=SCHEDULED)
        assert store.finish(row.id, token, status=SCHEDULED, scheduled_message_id="Q2")
        [after] = store.deliveries("C1")
        assert (after.uid, after.scheduled_message_id, after.claim_token) == ("r/new", "Q2", None)


def test_release_frees_the_day_and_mark_sent_records_passed_posts(db_url):
    with open_store(db_url) as store:
        row = claim(store, date(2025, 3, 28))
        assert store.release(row.id, row.claim_token)
        assert store.deliveries("C1") == []
        row = claim(store, date(2025, 3, 28))
        store.finish(row.id, row.claim_token, status=SCHEDULED, scheduled_message_id="Q1")
        assert store.mark_sent(utc(2025, 3, 28, 8, 59)) == 0
        assert store.mark_sent(utc(2025, 3, 28, 9, 0)) == 1
        assert store.last_done("C1", utc(2025, 3, 28, 9, 0)).status == SENT


def test_a_queued_post_whose_time_has_passed_counts_as_posted_before_it_is_recorded(db_url):
    with open_store(db_url) as store:
        row = claim(store, date(2025, 3, 28))  # queued for 09:00 on 28 March
        store.finish(row.id, row.claim_token, status=SCHEDULED, scheduled_message_id="Q1")
        assert store.last_done("C1", utc(2025, 3, 28, 8, 59)) is None
        done = store.last_done("C1", utc(2025, 3, 28, 9, 1))  # no mark_sent has run
        assert done is not None and done.status == SCHEDULED and done.uid == "r/x"


def test_unsubscribe_keeps_history_and_resubscribe_clears_a_pause(db_url):
    with open_store(db_url) as store:
        store.subscribe(
            "C1", post_time="09:00", cadence="weekdays", zone="Europe/London", user_id="U1", now=NOW
        )
        store.pause("C1", "not_in_channel", NOW)
        assert store.subscription("C1").paused_reason == "not_in_channel"
        later = NOW + timedelta(days=1)
        store.subscribe(
            "C1", post_time="10:00", cadence="weekdays", zone="Europe/London", user_id="U1", now=later
        )
        sub = store.subscription("C1")
        assert sub.paused_reason is None and sub.active_since == later and sub.post_time == "10:00"
        assert store.unsubscribe("C1", user_id="U2", now=later)
        assert not store.unsubscribe("C1", user_id="U2", now=later)
        assert store.subscription("C1").active is False
        assert [s.channel_id for s in store.subscriptions()] == ["C1"]
        assert store.subscriptions(active_only=True) == []


def test_a_forked_worker_drops_the_connections_it_inherited(db_url):
    with open_store(db_url) as store:
        store.subscriptions()  # the master has used the database: a connection sits in its pool
        assert store.engine.pool.checkedin() == 1
        pid = os.fork()
        if pid == 0:  # the worker: an empty pool of its own, and a working store
            ok = store.engine.pool.checkedin() == 0 and store.subscriptions() == []
            os._exit(0 if ok else 1)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        assert store.subscriptions() == []  # the master's connection still works
