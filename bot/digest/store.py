"""Subscriptions and the delivery log in SQL, through SQLAlchemy (SQLite file or PostgreSQL).

Exactly-once delivery rests on the unique ``(channel_id, post_date)`` of the delivery log: a
process claims a day by inserting its row *before* calling Slack, so of two racing processes
only one can post or schedule that day. Rows already scheduled are changed only by whoever wins
a compare-and-set on their status (``claim_row``).
"""

from __future__ import annotations

import functools
import logging
import os
import sqlite3
import time
import uuid
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.sql.schema import ScalarElementColumnDefault

log = logging.getLogger(__name__)

SCHEDULED = "scheduled"  # waiting in Slack's queue (chat.scheduleMessage)
SENT = "sent"  # was scheduled and its time has passed: Slack posted it
POSTED = "posted"  # posted directly (chat.postMessage)
CLAIMED = "claimed"  # a process is talking to Slack about this row right now
UNKNOWN = "unknown"  # a process died mid-post: not retried, so never posted twice
DONE = (SENT, POSTED, UNKNOWN)


class UTCDateTime(sa.TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores naive values)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    pass


class Subscription(Base):
    """A channel's digest: when, how often, and whether it is paused by a Slack error."""

    __tablename__ = "digest_subscriptions"

    channel_id: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    post_time: Mapped[str] = mapped_column(sa.String(5))  # HH:MM local
    cadence: Mapped[str] = mapped_column(sa.String(16))
    zone: Mapped[str] = mapped_column(sa.String(64))
    active: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    active_since: Mapped[datetime] = mapped_column(UTCDateTime)
    paused_reason: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    changed_by: Mapped[str | None] = mapped_column(sa.String(32), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    force: Mapped[str | None] = mapped_column(sa.String(100), nullable=True)  # None: every force


class Delivery(Base):
    """One channel-day of the digest: what is (or was) posted, when, and Slack's id for it."""

    __tablename__ = "digest_deliveries"
    __table_args__ = (sa.UniqueConstraint("channel_id", "post_date", name="uq_digest_channel_day"),)

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, autoincrement=True)
    channel_id: Mapped[str] = mapped_column(sa.String(32), index=True)
    post_date: Mapped[date] = mapped_column(sa.Date)
    uid: Mapped[str] = mapped_column(sa.String(200))
    title: Mapped[str] = mapped_column(sa.String(300), default="")
    post_at: Mapped[datetime] = mapped_column(UTCDateTime)
    payload_hash: Mapped[str] = mapped_column(sa.String(64))
    status: Mapped[str] = mapped_column(sa.String(16))
    claim_token: Mapped[str | None] = mapped_column(sa.String(36), nullable=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    scheduled_message_id: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)
    message_ts: Mapped[str | None] = mapped_column(sa.String(32), nullable=True)
    error: Mapped[str | None] = mapped_column(sa.String(200), nullable=True)


def make_engine(url: str) -> Engine:
    """An engine for ``url``; an SQLite file's folder is created, and SQLite waits for locks."""
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        Path(url.removeprefix("sqlite:///")).expanduser().parent.mkdir(parents=True, exist_ok=True)
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
            dbapi_conn.execute("PRAGMA journal_mode=WAL")

        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def _rowcount(result: sa.Result[Any]) -> int:
    """Rows an UPDATE or DELETE matched. Its result is a CursorResult; ``Session.execute`` is typed
    as returning any Result."""
    return cast("sa.CursorResult[Any]", result).rowcount


SCHEMA_LOCK_ID = 4242005  # PostgreSQL advisory lock taken while the schema is upgraded
SCHEMA_ATTEMPTS = 5


def upgrade_schema(engine: Engine) -> list[str]:
    """Create missing tables and add missing (nullable or defaulted) columns; returns what it did.

    Run once per process start: new versions of the app only ever add tables and columns, so
    this is the whole migration story. Two processes starting at once must not trip over each
    other: PostgreSQL serialises them with an advisory lock; SQLite with ``BEGIN IMMEDIATE``
    (the database's write lock, taken before looking); and whoever still loses a race (a
    ``CREATE`` of a table that appeared meanwhile, or SQLite's "database is locked" while another
    connection switches the file to WAL) simply looks again a moment later.
    """
    for attempt in range(SCHEMA_ATTEMPTS):
        try:
            done = _upgrade_once(engine)
            break
        except (sa.exc.OperationalError, sa.exc.ProgrammingError) as exc:
            text = str(exc).lower()
            if attempt == SCHEMA_ATTEMPTS - 1 or not ("exist" in text or "locked" in text):
                raise
            time.sleep(0.05 * (attempt + 1))
    for line in done:
        log.info("digest schema: %s", line)
    return done


def _upgrade_once(engine: Engine) -> list[str]:
    done: list[str] = []
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text(f"SELECT pg_advisory_xact_lock({SCHEMA_LOCK_ID})"))
        elif conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        inspector = sa.inspect(conn)
        existing = set(inspector.get_table_names())
        for table in Base.metadata.sorted_tables:
            if table.name not in existing:
                table.create(conn)
                done.append(f"created table {table.name}")
                continue
            have = {c["name"] for c in inspector.get_columns(table.name)}
            for column in table.columns:
                if column.name in have:
                    continue
                ddl = column.type.compile(dialect=conn.dialect)
                default = ""
                if isinstance(column.default, ScalarElementColumnDefault):
                    literal = sa.literal(column.default.arg).compile(
                        dialect=conn.dialect, compile_kwargs={"literal_binds": True}
                    )
                    default = f" DEFAULT {literal}"
                conn.execute(sa.text(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {ddl}{default}'))
                done.append(f"added column {table.name}.{column.name}")
    return done


def _forget_parent_connections(ref: weakref.ref[DigestStore]) -> None:
    store = ref()
    if store is not None:
        store.engine.dispose(close=False)


class DigestStore:
    """The repository: every read and write of digest state goes through here.

    Built once at start-up, also in gunicorn's master before it forks (``--preload``): a forked
    worker drops the connections it inherited (without closing the parent's) and opens its own.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        os.register_at_fork(after_in_child=functools.partial(_forget_parent_connections, weakref.ref(self)))

    @classmethod
    def open(cls, url: str, *, create: bool = True) -> DigestStore:
        """Connect and bring the schema up to date.

        With ``create=False`` (read-only commands) an SQLite file that does not exist yet is not
        created: the store is an empty in-memory database instead.
        """
        file = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else None
        if not create and file and file != ":memory:" and not Path(file).expanduser().exists():
            url = "sqlite://"
        engine = make_engine(url)
        upgrade_schema(engine)
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _session(self) -> Iterator[Session]:
        with self._sessions.begin() as session:
            yield session

    # ------------------------------------------------------------------ subscriptions

    def subscription(self, channel_id: str) -> Subscription | None:
        with self._session() as s:
            return s.get(Subscription, channel_id)

    def subscriptions(self, *, active_only: bool = False) -> list[Subscription]:
        query = sa.select(Subscription).order_by(Subscription.channel_id)
        if active_only:
            query = query.where(Subscription.active.is_(True))
        with self._session() as s:
            return list(s.scalars(query))

    def subscribe(
        self,
        channel_id: str,
        *,
        post_time: str,
        cadence: str,
        zone: str,
        user_id: str | None,
        now: datetime,
        force: str | None = None,
    ) -> Subscription:
        """Create or change a subscription (``force``: one force's findings, None: every force's);
        (re)activates it and clears any pause."""
        with self._session() as s:
            sub = s.get(Subscription, channel_id)
            if sub is None:
                sub = Subscription(channel_id=channel_id, active=False)
                s.add(sub)
            if not sub.active or sub.paused_reason:
                sub.active_since = now
            sub.post_time, sub.cadence, sub.zone, sub.force = post_time, cadence, zone, force
            sub.active, sub.paused_reason, sub.paused_at = True, None, None
            sub.changed_by, sub.updated_at = user_id, now
        return sub

    def unsubscribe(self, channel_id: str, *, user_id: str | None, now: datetime) -> bool:
        """Deactivate; the row (and the delivery log) stays, so a later subscribe continues the rotation."""
        with self._session() as s:
            sub = s.get(Subscription, channel_id)
            if sub is None or not sub.active:
                return False
            sub.active, sub.changed_by, sub.updated_at = False, user_id, now
            return True

    def pause(self, channel_id: str, reason: str, now: datetime) -> None:
        with self._session() as s:
            sub = s.get(Subscription, channel_id)
            if sub is not None and sub.paused_reason != reason:
                sub.paused_reason, sub.paused_at, sub.updated_at = reason, now, now

    # ------------------------------------------------------------------ delivery log

    def deliveries(self, channel_id: str, *, since: date | None = None) -> list[Delivery]:
        """The channel's log, oldest day first."""
        query = sa.select(Delivery).where(Delivery.channel_id == channel_id).order_by(Delivery.post_date)
        if since is not None:
            query = query.where(Delivery.post_date >= since)
        with self._session() as s:
            return list(s.scalars(query))

    def last_done(self, channel_id: str, now: datetime) -> Delivery | None:
        """The most recent delivery Slack has posted: posted, recorded as sent, or queued for a
        time that has passed (Slack posted it even if no reconcile has recorded that yet)."""
        posted = sa.or_(
            Delivery.status.in_([SENT, POSTED]),
            sa.and_(Delivery.status == SCHEDULED, Delivery.post_at <= now),
        )
        query = (
            sa.select(Delivery)
            .where(Delivery.channel_id == channel_id, posted)
            .order_by(Delivery.post_date.desc())
            .limit(1)
        )
        with self._session() as s:
            return s.scalars(query).first()

    def claim_day(
        self,
        channel_id: str,
        post_date: date,
        *,
        uid: str,
        title: str,
        post_at: datetime,
        payload_hash: str,
        now: datetime,
    ) -> Delivery | None:
        """Insert the day's row as CLAIMED by a fresh token; None if the day is already taken."""
        row = Delivery(
            channel_id=channel_id,
            post_date=post_date,
            uid=uid,
            title=title[:300],
            post_at=post_at,
            payload_hash=payload_hash,
            status=CLAIMED,
            claim_token=str(uuid.uuid4()),
            claimed_at=now,
        )
        try:
            with self._session() as s:
                s.add(row)
        except IntegrityError:
            return None
        return row

    def claim_row(self, row: Delivery, *, now: datetime, **values: object) -> str | None:
        """Compare-and-set ``row`` (as last read) to CLAIMED, writing ``values`` (the intended new
        uid, instant...) with it; the new token, or None if someone changed the row since."""
        token = str(uuid.uuid4())
        query = (
            sa.update(Delivery)
            .where(
                Delivery.id == row.id,
                Delivery.status == row.status,
                Delivery.claim_token.is_not_distinct_from(row.claim_token),
            )
            .values(status=CLAIMED, claim_token=token, claimed_at=now, **values)
            .execution_options(synchronize_session=False)
        )
        with self._session() as s:
            won = _rowcount(s.execute(query)) == 1
        return token if won else None

    def finish(self, row_id: int, token: str, **values: object) -> bool:
        """Write the outcome of a claim (status, ids, ...) and release it; False if the claim was lost."""
        query = (
            sa.update(Delivery)
            .where(Delivery.id == row_id, Delivery.claim_token == token)
            .values(claim_token=None, claimed_at=None, **values)
            .execution_options(synchronize_session=False)
        )
        with self._session() as s:
            return bool(_rowcount(s.execute(query)))

    def release(self, row_id: int, token: str) -> bool:
        """Delete a claimed row (Slack did not take it, or it was cancelled): the day is free again."""
        query = sa.delete(Delivery).where(Delivery.id == row_id, Delivery.claim_token == token)
        with self._session() as s:
            return bool(_rowcount(s.execute(query.execution_options(synchronize_session=False))))

    def mark_sent(self, before: datetime) -> int:
        """SCHEDULED rows whose time has passed were posted by Slack: record that."""
        query = (
            sa.update(Delivery)
            .where(Delivery.status == SCHEDULED, Delivery.post_at <= before)
            .values(status=SENT)
            .execution_options(synchronize_session=False)
        )
        with self._session() as s:
            return _rowcount(s.execute(query))

    def stale_claims(self, older_than: timedelta, now: datetime) -> list[Delivery]:
        """Claims left by a process that died mid-call."""
        query = sa.select(Delivery).where(Delivery.status == CLAIMED, Delivery.claimed_at < now - older_than)
        with self._session() as s:
            return list(s.scalars(query))
