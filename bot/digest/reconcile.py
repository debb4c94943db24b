"""Make Slack's queue match the plan: the only module of the digest that talks to Slack.

Design: each subscribed channel's posts for the next ``horizon_days`` sit in Slack's own queue
(``chat.scheduleMessage``), so they go out on time even while this app sleeps. ``reconcile``
first compares Slack's queue for the channel with the delivery log (settling claims left by a
process that died, re-queuing a post Slack no longer holds, deleting queued messages nobody
owns), then computes the wanted posts (days, instants, items, rendered payloads), compares them
with the log and changes only the difference. It runs on subscribe, unsubscribe and time change,
in the background after any digest command and when a process first serves a request, and from
``peel-bot digest run`` (cron), which also posts a day that was missed.

Exactly once: every Slack call happens under a claim in the delivery log (see ``store``), so two
processes reconciling at once cannot both post or schedule a day. ``chat.scheduleMessage`` and
``chat.postMessage`` are never retried blindly: after an answer that leaves open whether Slack
acted (a 5xx, a timeout, a dropped connection) Slack is asked first, and a message carrying the
day's marker (``metadata``) is adopted instead of sent again. Nothing a live claim may own is
ever deleted.
"""

from __future__ import annotations

import http.client
import logging
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.config import DigestSettings
from bot.digest import rotation
from bot.digest.background import Background
from bot.digest.render import Post, render_post
from bot.digest.schedule import Cadence, local_date, parse_time, post_days, post_instant
from bot.digest.store import (
    CLAIMED,
    DONE,
    POSTED,
    SCHEDULED,
    UNKNOWN,
    Delivery,
    DigestStore,
    Subscription,
)
from bot.engine.scope import Scope
from bot.knowledge import Entry, KnowledgeBase

log = logging.getLogger(__name__)

PAUSE_ERRORS = frozenset({"channel_not_found", "not_in_channel", "is_archived"})
GONE_ERRORS = frozenset({"invalid_scheduled_message_id"}) | PAUSE_ERRORS
LOCK_MARGIN = timedelta(seconds=90)  # a scheduled post this close to its time is left alone
STALE_CLAIM = timedelta(minutes=10)  # a claim older than this was left by a process that died
SEND_ATTEMPTS = 3  # tries of one post or schedule, each after checking Slack did not already take it
WAKE_EVERY = timedelta(minutes=10)  # background reconcile of every channel at most this often
HISTORY_SLACK = timedelta(minutes=2)  # how far before a claim to look for the post it may have made
MARKER_EVENT = "peel_digest"  # message metadata event type: which channel-day a message is for
SLACK_ERRORS = (SlackClientError, OSError, http.client.HTTPException)


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class PlannedPost:
    """One wanted post: the channel-day, its UTC instant and what it says."""

    post_date: date
    post_at: datetime
    entry: Entry
    post: Post


@dataclass
class Outcome:
    """What one reconcile of one channel did; ``failed`` holds Slack errors (also logged)."""

    channel_id: str
    scheduled: int = 0
    replaced: int = 0
    cancelled: int = 0
    posted: int = 0
    kept: int = 0
    adopted: int = 0
    failed: list[str] = field(default_factory=list)
    paused: str | None = None

    @property
    def ok(self) -> bool:
        return not self.failed and self.paused is None


@dataclass(frozen=True)
class NowResult:
    """The outcome of ``/peel digest now``; ``reason`` says why nothing was posted."""

    posted: bool
    title: str | None
    reason: str | None
    post_at: datetime | None = None


class _Stop(Exception):
    """A Slack error that ends this channel's reconcile (already logged and recorded)."""


def slack_error(exc: Exception) -> str:
    """Slack's error code, ``timeout``, or the exception type for other transport failures."""
    if isinstance(exc, SlackApiError):
        status = int(exc.response.status_code)
        return f"http_{status}" if status >= 500 else str(exc.response.get("error") or f"http_{status}")
    if isinstance(exc, TimeoutError):
        return "timeout"
    return type(exc).__name__


def ambiguous(exc: Exception) -> bool:
    """True when Slack may have acted on the call anyway: a 5xx, a timeout, a broken connection."""
    if isinstance(exc, SlackApiError):
        return int(exc.response.status_code) >= 500
    return not isinstance(exc, SlackClientError)


def in_flight(exc: Exception) -> bool:
    """True when no answer came at all (timeout, dropped connection): the call may still land."""
    return ambiguous(exc) and not isinstance(exc, SlackApiError)


def marker(day: date, uid: str) -> dict[str, Any]:
    """The message metadata that says which channel-day (and item) a digest message is."""
    return {"event_type": MARKER_EVENT, "event_payload": {"day": day.isoformat(), "uid": uid}}


class Digest:
    """The digest service: store + knowledge + Slack client + clock."""

    def __init__(
        self,
        store: DigestStore,
        kb: KnowledgeBase,
        client: WebClient,
        settings: DigestSettings,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self.store, self.kb, self.client, self.settings, self.now = store, kb, client, settings, now
        self._eligible = rotation.eligible(kb)
        self.scope = Scope(kb)
        self.background = Background()
        self._last_wake: datetime | None = None

    # ------------------------------------------------------------------ planning (no Slack)

    def _render(self, entry: Entry) -> Post:
        """The day's post for ``entry``, with the caveats its report puts on the grade it shows."""
        report = self.kb.report(entry.report.id)
        return render_post(entry, report.data.inconsistencies if report else ())

    def zone(self, sub: Subscription | None) -> ZoneInfo:
        return ZoneInfo(sub.zone if sub else self.settings.zone)

    def plan_items(
        self, channel_id: str, history: list[Delivery], days: list[date], cadence: Cadence
    ) -> list[Entry]:
        """The entries for ``days`` after the ``history`` rows (oldest first): statistics on the
        days the rotation gives them, findings on the others; only the subscribed force's, if one."""
        sub = self.store.subscription(channel_id)
        force = sub.force if sub is not None else None
        eligible = [e for e in self._eligible if force is None or e.report.force == force]
        findings, statistics = rotation.streams(eligible, channel_id)
        by_uid = {e.uid: e for e in (*findings, *statistics)}
        slots = [rotation.statistic_day(d, cadence, channel_id) for d in days]
        uids = rotation.next_items(
            [e.uid for e in findings], [e.uid for e in statistics], [r.uid for r in history], slots
        )
        return [by_uid[u] for u in uids]

    def plan(self, channel_id: str, days: int) -> list[PlannedPost]:
        """What the channel will get on its next ``days`` days from today, given the log so far.

        Uses the subscription's time and cadence, or the defaults when the channel has none.
        """
        now = self.now()
        sub = self.store.subscription(channel_id)
        zone = self.zone(sub)
        at = parse_time(sub.post_time) if sub else self.settings.default_time
        cadence = Cadence(sub.cadence) if sub else Cadence.WEEKDAYS
        today = local_date(now, zone)
        rows = self.store.deliveries(channel_id)
        fixed = [r for r in rows if self._fixed(r, now)]
        taken = {r.post_date for r in fixed}
        assert at is not None
        dates = [
            d for d in post_days(today, days, cadence) if d not in taken and post_instant(d, at, zone) > now
        ]
        entries = self.plan_items(channel_id, fixed, dates, cadence)
        return [
            PlannedPost(d, post_instant(d, at, zone), e, self._render(e))
            for d, e in zip(dates, entries, strict=False)
        ]

    @staticmethod
    def _fixed(row: Delivery, now: datetime) -> bool:
        """Rows reconcile must not change: done, being worked on, or too close to their time."""
        return row.status in DONE or row.status == CLAIMED or row.post_at <= now + LOCK_MARGIN

    # ------------------------------------------------------------------ background

    def reconcile_later(self, channel_id: str | None = None) -> Future[None]:
        """Reconcile one channel (or all) on the background thread; the answer does not wait."""
        if channel_id is None:
            return self.background.submit("*", self.reconcile_all)
        return self.background.submit(channel_id, lambda: self.reconcile(channel_id))

    def wake(self) -> Future[None] | None:
        """Reconcile every channel in the background, at most every ``WAKE_EVERY`` per process, so
        an app that only wakes now and then (a web request, a digest command) keeps queues filled."""
        now = self.now()
        if self._last_wake is not None and now - self._last_wake < WAKE_EVERY:
            return None
        self._last_wake = now
        return self.reconcile_later()

    # ------------------------------------------------------------------ reconcile

    def reconcile_all(self, only: str | None = None) -> list[Outcome]:
        """Reconcile every channel that has a subscription (inactive ones get their queue emptied),
        or only the channel ``only``.

        A failure on one channel, of any kind, is logged and the next channel is served.
        """
        outcomes = []
        for sub in self.store.subscriptions():
            if only is not None and sub.channel_id != only:
                continue
            try:
                outcomes.append(self.reconcile(sub.channel_id))
            except Exception as exc:  # a database error or a bug must not starve the other channels
                log.exception(
                    "digest reconcile crashed; will retry on the next run",
                    extra={"event": "digest_failed", "channel": sub.channel_id, "error": type(exc).__name__},
                )
                outcomes.append(Outcome(sub.channel_id, failed=[type(exc).__name__]))
        return outcomes

    def reconcile(self, channel_id: str, *, max_changes: int | None = None) -> Outcome:
        """Bring this channel's queued posts in line with Slack, its subscription and the knowledge.

        ``max_changes`` stops after that many posts are queued or moved (the rest is left to a
        background reconcile, so a command can answer quickly).
        """
        outcome = Outcome(channel_id)
        now = self.now()
        self.store.mark_sent(now)
        try:
            self._sync_queue(channel_id, now, outcome)
            self._reconcile(channel_id, now, outcome, max_changes)
        except _Stop:
            pass
        except SLACK_ERRORS as exc:  # reading Slack's queue or history
            outcome.failed.append(slack_error(exc))
            log.error(
                "digest reconcile failed; will retry on the next run",
                extra={"event": "digest_failed", "channel": channel_id, "error": slack_error(exc)},
            )
        log.info(
            "digest reconciled",
            extra={"event": "digest_reconcile", "channel": channel_id, **_counts(outcome)},
        )
        return outcome

    def _wanted(
        self, sub: Subscription | None, rows: dict[date, Delivery], now: datetime
    ) -> tuple[dict[date, datetime], date | None]:
        """Future post instants by day, and today's date when today's post is due but missing."""
        if sub is None or not sub.active or sub.paused_reason:
            return {}, None
        zone = ZoneInfo(sub.zone)
        at = parse_time(sub.post_time)
        assert at is not None
        today = local_date(now, zone)
        wanted: dict[date, datetime] = {}
        catch_up = None
        for day in post_days(today, self.settings.horizon_days, Cadence(sub.cadence)):
            instant = post_instant(day, at, zone)
            if instant > now + LOCK_MARGIN:
                wanted[day] = instant
            elif day == today and day not in rows and sub.active_since <= instant:
                catch_up = day
        return wanted, catch_up

    def _reconcile(self, channel_id: str, now: datetime, outcome: Outcome, max_changes: int | None) -> None:
        sub = self.store.subscription(channel_id)
        if sub is not None and sub.active and sub.paused_reason:
            outcome.paused = sub.paused_reason
        rows = {r.post_date: r for r in self.store.deliveries(channel_id)}
        wanted, catch_up = self._wanted(sub, rows, now)
        fixed = [r for r in rows.values() if self._fixed(r, now)]
        fixed_days = {r.post_date for r in fixed}
        days = ([catch_up] if catch_up else []) + [d for d in sorted(wanted) if d not in fixed_days]

        def changes() -> int:
            return outcome.posted + outcome.scheduled + outcome.replaced + outcome.cancelled

        assert sub is not None or not days  # no subscription: nothing wanted
        cadence = Cadence(sub.cadence) if sub else Cadence.WEEKDAYS
        for day, entry in zip(days, self.plan_items(channel_id, fixed, days, cadence), strict=False):
            if max_changes is not None and changes() >= max_changes:
                return
            post = self._render(entry)
            if day == catch_up:
                self._post_new(channel_id, day, post, now, outcome)
            elif day in rows:
                self._replace(rows[day], PlannedPost(day, wanted[day], entry, post), now, outcome)
            else:
                self._schedule_new(channel_id, PlannedPost(day, wanted[day], entry, post), now, outcome)
        for row in rows.values():
            if max_changes is not None and changes() >= max_changes:
                return
            if row.post_date not in wanted and not self._fixed(row, now) and row.status == SCHEDULED:
                self._cancel(row, now, outcome)

    # ------------------------------------------------------------------ /peel digest now

    def post_now(self, channel_id: str) -> NowResult:
        """Post today's item at once (taking it out of Slack's queue if it was waiting there).

        Never a second post on the same day: a day already posted, or being posted, is left alone.
        Only today changes: a day with nothing queued gets the item that follows everything
        already queued, so the coming days keep their items and Slack's queue stays as it is.
        """
        now = self.now()
        sub = self.store.subscription(channel_id)
        today = local_date(now, self.zone(sub))
        rows = self.store.deliveries(channel_id)
        row = next((r for r in rows if r.post_date == today), None)
        if row is not None and row.status == CLAIMED:
            return NowResult(posted=False, title=row.title, reason="busy")
        if row is not None and (row.status != SCHEDULED or row.post_at <= now):
            return NowResult(posted=False, title=row.title, reason="already_posted", post_at=row.post_at)
        outcome = Outcome(channel_id)
        try:
            if row is None:
                cadence = Cadence(sub.cadence) if sub else Cadence.WEEKDAYS
                entries = self.plan_items(channel_id, rows, [today], cadence)
                if not entries:
                    return NowResult(posted=False, title=None, reason="no_knowledge")
                post = self._render(entries[0])
                self._post_new(channel_id, today, post, now, outcome)
            else:
                post = self._post_queued_now(row, now, outcome)
        except _Stop:
            return NowResult(posted=False, title=None, reason=outcome.paused or outcome.failed[0])
        except SLACK_ERRORS as exc:
            return NowResult(posted=False, title=None, reason=slack_error(exc))
        if not outcome.posted:
            return NowResult(posted=False, title=None, reason="busy")
        return NowResult(posted=True, title=post.title, reason=None, post_at=now)

    def _post_queued_now(self, row: Delivery, now: datetime, outcome: Outcome) -> Post:
        entry = (
            self.kb.entry(row.uid) or self.plan_items(row.channel_id, [], [row.post_date], Cadence.DAILY)[0]
        )
        post = self._render(entry)
        token = self.store.claim_row(row, now=now)
        if token is None:
            return post
        claimed = _with_token(row, token)
        claimed.claimed_at = now
        self._unschedule(claimed, outcome)
        ts = self._post(claimed, post, outcome)
        self.store.finish(
            row.id,
            token,
            status=POSTED,
            message_ts=ts,
            scheduled_message_id=None,
            post_at=now,
            uid=post.uid,
            title=post.title,
            payload_hash=post.payload_hash,
        )
        outcome.posted += 1
        return post

    # ------------------------------------------------------------------ single changes

    def _post_new(self, channel_id: str, day: date, post: Post, now: datetime, outcome: Outcome) -> None:
        row = self.store.claim_day(
            channel_id,
            day,
            uid=post.uid,
            title=post.title,
            post_at=now,
            payload_hash=post.payload_hash,
            now=now,
        )
        if row is None:
            return
        ts = self._post(row, post, outcome)
        self.store.finish(row.id, row.claim_token or "", status=POSTED, message_ts=ts)
        outcome.posted += 1

    def _schedule_new(self, channel_id: str, plan: PlannedPost, now: datetime, outcome: Outcome) -> None:
        post = plan.post
        row = self.store.claim_day(
            channel_id,
            plan.post_date,
            uid=post.uid,
            title=post.title,
            post_at=plan.post_at,
            payload_hash=post.payload_hash,
            now=now,
        )
        if row is None:
            return
        message_id = self._schedule(row, plan, outcome)
        self._finish_scheduled(row, row.claim_token or "", message_id)
        outcome.scheduled += 1

    def _replace(self, row: Delivery, plan: PlannedPost, now: datetime, outcome: Outcome) -> None:
        post = plan.post
        if (row.uid, row.post_at, row.payload_hash) == (post.uid, plan.post_at, post.payload_hash):
            outcome.kept += 1
            return
        token = self.store.claim_row(
            row, now=now, uid=post.uid, title=post.title, post_at=plan.post_at, payload_hash=post.payload_hash
        )
        if token is None:
            return
        claimed = _with_token(row, token)
        self._unschedule(claimed, outcome)
        message_id = self._schedule(claimed, plan, outcome)
        self._finish_scheduled(claimed, token, message_id)
        outcome.replaced += 1

    def _finish_scheduled(self, row: Delivery, token: str, message_id: str) -> None:
        """Record the queued message; if our claim was taken over meanwhile (we were too slow),
        take the message back out of Slack's queue, since the day is someone else's now."""
        if self.store.finish(row.id, token, status=SCHEDULED, scheduled_message_id=message_id):
            return
        log.warning(
            "digest claim lost; withdrawing", extra={"event": "digest_claim_lost", "channel": row.channel_id}
        )
        try:
            self.client.chat_deleteScheduledMessage(channel=row.channel_id, scheduled_message_id=message_id)
        except SLACK_ERRORS as exc:  # left for the next reconcile, which deletes unknown messages
            log.warning("withdrawal failed", extra={"event": "digest_orphan", "error": slack_error(exc)})

    def _cancel(self, row: Delivery, now: datetime, outcome: Outcome) -> None:
        token = self.store.claim_row(row, now=now)
        if token is None:
            return
        self._unschedule(_with_token(row, token), outcome)
        self.store.release(row.id, token)
        outcome.cancelled += 1

    # ------------------------------------------------------------------ the two calls that post

    def _schedule(self, row: Delivery, plan: PlannedPost, outcome: Outcome) -> str:
        """Queue the day's message (carrying its marker); returns Slack's scheduled message id."""
        post_at = int(plan.post_at.timestamp())

        def call() -> str:
            response = self.client.chat_scheduleMessage(
                channel=row.channel_id,
                post_at=post_at,
                text=plan.post.text,
                blocks=plan.post.blocks,
                metadata=marker(plan.post_date, plan.post.uid),
            )
            return str(response["scheduled_message_id"])

        return self._send(row, outcome, call, lambda: self._find_queued(row, post_at, plan.post.text))

    def _post(self, row: Delivery, post: Post, outcome: Outcome) -> str:
        """Post the day's message now (carrying its marker); returns the message ts."""

        def call() -> str:
            response = self.client.chat_postMessage(
                channel=row.channel_id,
                text=post.text,
                blocks=post.blocks,
                metadata=marker(row.post_date, post.uid),
            )
            return str(response.get("ts") or "")

        return self._send(row, outcome, call, lambda: self._find_posted(row), posting=True)

    def _send(
        self,
        row: Delivery,
        outcome: Outcome,
        call: Callable[[], str],
        look: Callable[[], str | None],
        *,
        posting: bool = False,
    ) -> str:
        """Make a call that posts, never repeating it blindly.

        A definite refusal (4xx, a Slack error, 429s beyond the client's retries) frees the claim
        and stops the channel. After a 5xx Slack is asked (``look``) whether it acted anyway: its
        message is adopted, else the call is made again (up to ``SEND_ATTEMPTS``). After a timeout
        or a dropped connection the request may still land, so if Slack shows nothing yet the
        claim is held for crash recovery rather than sent again.
        """
        error: Exception | None = None
        for _ in range(SEND_ATTEMPTS):
            try:
                return call()
            except SLACK_ERRORS as exc:
                error = exc
                if not ambiguous(exc):
                    break
                found = self._check(row, outcome, exc, look, posting=posting)
                if found:
                    self._adopted(row, outcome)
                    return found
                if in_flight(exc):
                    self._hold(row, exc, outcome)
        assert error is not None
        self._fail(row, error, outcome, keep=False)
        raise AssertionError("unreachable")  # _fail always raises

    def _check(
        self,
        row: Delivery,
        outcome: Outcome,
        cause: Exception,
        look: Callable[[], str | None],
        *,
        posting: bool = False,
    ) -> str | None:
        """Ask Slack whether an ambiguous call went through. If even that fails, a post is marked
        ``unknown`` (never sent twice) and a queued day is left claimed (crash recovery settles it
        from Slack's queue once the claim is stale); this channel stops here."""
        try:
            return look()
        except SLACK_ERRORS as exc:
            error = slack_error(cause)
            if posting:
                self.store.finish(row.id, row.claim_token or "", status=UNKNOWN, error=f"{error}; unverified")
            self._log_failure(
                row,
                outcome,
                error,
                "digest Slack call failed and could not be checked; not repeated",
                check_error=slack_error(exc),
            )
            raise _Stop(error) from exc

    def _hold(self, row: Delivery, cause: Exception, outcome: Outcome) -> None:
        """Keep the claim of a call that got no answer (see ``_send``) and stop this channel."""
        error = slack_error(cause)
        self._log_failure(
            row, outcome, error, "digest Slack call unanswered; not repeated, settled on a later run"
        )
        raise _Stop(error)

    @staticmethod
    def _log_failure(row: Delivery, outcome: Outcome, error: str, message: str, **detail: str) -> None:
        """Count a failed channel-day and log it as one ``digest_failed`` line."""
        outcome.failed.append(error)
        extra = {"event": "digest_failed", "channel": row.channel_id, "day": str(row.post_date)}
        log.error(message, extra={**extra, "error": error, **detail})

    def _adopted(self, row: Delivery, outcome: Outcome) -> None:
        outcome.adopted += 1
        log.warning(
            "Slack failed after taking the message; adopted it instead of sending again",
            extra={"event": "digest_adopted", "channel": row.channel_id, "day": str(row.post_date)},
        )

    def _find_queued(self, row: Delivery, post_at: int, text: str) -> str | None:
        """A message in Slack's queue for this instant and text that the log does not own."""
        known = {r.scheduled_message_id for r in self.store.deliveries(row.channel_id)}
        for message_id, message in self._queued(row.channel_id).items():
            if message_id not in known and int(message["post_at"]) == post_at and message.get("text") == text:
                return message_id
        return None

    def _find_posted(self, row: Delivery) -> str | None:
        """The ts of the bot's message in the channel carrying this day's marker, if Slack has one."""
        since = (row.claimed_at or self.now()) - HISTORY_SLACK
        pages = self.client.conversations_history(
            channel=row.channel_id, oldest=f"{since.timestamp():.6f}", include_all_metadata=True, limit=200
        )
        for page in pages:
            for message in page.get("messages", []):
                meta = message.get("metadata") or {}
                payload = meta.get("event_payload") or {}
                if meta.get("event_type") == MARKER_EVENT and payload.get("day") == row.post_date.isoformat():
                    return str(message["ts"])
        return None

    def _unschedule(self, row: Delivery, outcome: Outcome) -> None:
        """Delete a queued message; one Slack no longer has (or can't reach) counts as deleted."""
        if not row.scheduled_message_id:
            return
        try:
            self.client.chat_deleteScheduledMessage(
                channel=row.channel_id, scheduled_message_id=row.scheduled_message_id
            )
        except SlackApiError as exc:
            if slack_error(exc) not in GONE_ERRORS:
                self._fail(row, exc, outcome, keep=True)
            log.info(
                "scheduled message already gone",
                extra={"event": "digest_unschedule", "channel": row.channel_id, "error": slack_error(exc)},
            )
        except SLACK_ERRORS as exc:
            self._fail(row, exc, outcome, keep=True)

    def _fail(self, row: Delivery, exc: Exception, outcome: Outcome, *, keep: bool) -> None:
        """Log, free or restore the claimed row, pause on channel errors, and stop this channel."""
        error = slack_error(exc)
        token = row.claim_token or ""
        if keep:  # the queued message is still there: put the row back as it was
            self.store.finish(
                row.id,
                token,
                status=SCHEDULED,
                uid=row.uid,
                title=row.title,
                post_at=row.post_at,
                payload_hash=row.payload_hash,
            )
        else:
            self.store.release(row.id, token)
        if error in PAUSE_ERRORS:
            self.store.pause(row.channel_id, error, self.now())
            outcome.paused = error
            log.warning(
                "digest paused",
                extra={"event": "digest_paused", "channel": row.channel_id, "error": error},
            )
        else:
            self._log_failure(row, outcome, error, "digest Slack call failed; will retry on the next run")
        raise _Stop(error)

    # ------------------------------------------------------------------ Slack's queue vs the log

    def _sync_queue(self, channel_id: str, now: datetime, outcome: Outcome) -> None:
        """Make the log and Slack's queue agree before planning.

        * a claim older than ``STALE_CLAIM`` was left by a process that died: settle it;
        * a queued post Slack no longer holds (deleted by hand, lost) frees its day, to be queued again;
        * a queued message the log does not know is deleted, but only while no live claim exists
          in the channel: such a message may be one another process has just queued and not yet
          recorded (the log is read *after* the queue, so anything recorded by then is known).
        """
        before = {r.id: r.scheduled_message_id for r in self.store.deliveries(channel_id)}
        sub = self.store.subscription(channel_id)
        if not before and (sub is None or not sub.active):
            return  # nothing queued and nothing wanted: no need to ask Slack
        queued = self._queued(channel_id)
        rows = self.store.deliveries(channel_id)
        for row in rows:
            if row.status == CLAIMED and row.claimed_at is not None and row.claimed_at < now - STALE_CLAIM:
                self._settle_stale(row, queued, now)
            elif (
                row.status == SCHEDULED
                and row.post_at > now + LOCK_MARGIN
                and row.scheduled_message_id not in queued
                and before.get(row.id) == row.scheduled_message_id  # recorded before the list was read
            ):
                token = self.store.claim_row(row, now=now)
                if token is not None:
                    self.store.release(row.id, token)
                    log.warning(
                        "queued post missing from Slack; queuing it again",
                        extra={"event": "digest_lost", "channel": channel_id, "day": str(row.post_date)},
                    )
        after = self.store.deliveries(channel_id)
        known = {r.scheduled_message_id for r in after if r.scheduled_message_id}
        orphans = [m for m in queued if m not in known]
        if not orphans:
            return
        if any(r.status == CLAIMED for r in after):
            log.info(
                "unknown queued messages left alone while a claim is live",
                extra={"event": "digest_orphan_kept", "channel": channel_id, "count": len(orphans)},
            )
            return
        for message_id in orphans:
            try:
                self.client.chat_deleteScheduledMessage(channel=channel_id, scheduled_message_id=message_id)
                log.warning(
                    "orphan queued message deleted", extra={"event": "digest_orphan", "channel": channel_id}
                )
            except SlackApiError as exc:
                if slack_error(exc) not in GONE_ERRORS:
                    log.warning(
                        "orphan queued message not deleted",
                        extra={"event": "digest_orphan", "channel": channel_id, "error": slack_error(exc)},
                    )

    def _settle_stale(self, row: Delivery, queued: dict[str, dict[str, Any]], now: datetime) -> None:
        """A dead process's claim: adopt the message it queued or posted, else free a future day;
        a due post found nowhere is marked ``unknown`` (not retried, so never posted twice)."""
        token = self.store.claim_row(row, now=now)
        if token is None:
            return  # someone else is settling it
        row = _with_token(row, token)
        post_at = int(row.post_at.timestamp())
        message_id = next((m for m, msg in queued.items() if int(msg["post_at"]) == post_at), None)
        if message_id:
            self.store.finish(row.id, token, status=SCHEDULED, scheduled_message_id=message_id)
            return
        try:
            ts = self._find_posted(row)
        except SLACK_ERRORS:
            ts = None
        if ts:
            self.store.finish(row.id, token, status=POSTED, message_ts=ts)
            return
        if row.post_at > now + LOCK_MARGIN:
            self.store.release(row.id, token)
            return
        self.store.finish(row.id, token, status=UNKNOWN, error="interrupted while posting")
        log.warning(
            "digest post interrupted; not retried",
            extra={"event": "digest_unknown", "channel": row.channel_id, "day": str(row.post_date)},
        )

    def _queued(self, channel_id: str) -> dict[str, dict[str, Any]]:
        """Slack's queued messages for the channel, by scheduled message id."""
        queued: dict[str, dict[str, Any]] = {}
        for page in self.client.chat_scheduledMessages_list(channel=channel_id):
            for message in page.get("scheduled_messages", []):
                queued[str(message["id"])] = dict(message)
        return queued


def _with_token(row: Delivery, token: str) -> Delivery:
    row.claim_token = token
    return row


def _counts(outcome: Outcome) -> dict[str, object]:
    return {
        "scheduled": outcome.scheduled,
        "replaced": outcome.replaced,
        "cancelled": outcome.cancelled,
        "posted": outcome.posted,
        "kept": outcome.kept,
        "adopted": outcome.adopted,
        "failed": ",".join(outcome.failed),
        "paused": outcome.paused,
    }
