"""Make Slack's queue match the plan: the only module of the digest that talks to Slack.

Design: each subscribed channel's posts for the next ``horizon_days`` sit in Slack's own queue
(``chat.scheduleMessage``), so they go out on time even while this app sleeps. ``reconcile``
computes the wanted posts (days, instants, items, rendered payloads), compares them with the
delivery log and changes only the difference; it runs on subscribe, unsubscribe, time change,
at start-up (so a knowledge change reschedules) and from ``peel-bot digest run`` (cron), which
also posts a day that was missed. Every Slack call happens under a claim in the delivery log
(see ``store``), so two processes reconciling at once cannot both post or schedule a day.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.digest import rotation
from bot.digest.render import Post, render_post
from bot.digest.schedule import Cadence, local_date, parse_time, post_days, post_instant
from bot.digest.settings import DigestSettings
from bot.digest.store import CLAIMED, DONE, POSTED, SCHEDULED, UNKNOWN, Delivery, DigestStore, Subscription
from bot.knowledge import Entry, KnowledgeBase

log = logging.getLogger(__name__)

PAUSE_ERRORS = frozenset({"channel_not_found", "not_in_channel", "is_archived"})
GONE_ERRORS = frozenset({"invalid_scheduled_message_id"}) | PAUSE_ERRORS
LOCK_MARGIN = timedelta(seconds=90)  # a scheduled post this close to its time is left alone
STALE_CLAIM = timedelta(minutes=10)  # a claim older than this was left by a process that died


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
    """Slack's error code, or the exception type for transport failures."""
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error") or f"http_{exc.response.status_code}")
    return type(exc).__name__


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

    # ------------------------------------------------------------------ planning (no Slack)

    def order(self, channel_id: str) -> list[Entry]:
        return rotation.channel_order(self._eligible, channel_id)

    def zone(self, sub: Subscription | None) -> ZoneInfo:
        return ZoneInfo(sub.zone if sub else self.settings.zone)

    def plan_items(self, channel_id: str, history: list[Delivery], count: int) -> list[Entry]:
        """The next ``count`` entries after the ``history`` rows (oldest first)."""
        order = self.order(channel_id)
        by_uid = {e.uid: e for e in order}
        uids = rotation.next_uids([e.uid for e in order], [r.uid for r in history], count)
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
        entries = self.plan_items(channel_id, fixed, len(dates))
        return [
            PlannedPost(d, post_instant(d, at, zone), e, render_post(e))
            for d, e in zip(dates, entries, strict=False)
        ]

    @staticmethod
    def _fixed(row: Delivery, now: datetime) -> bool:
        """Rows reconcile must not change: done, being worked on, or too close to their time."""
        return row.status in DONE or row.status == CLAIMED or row.post_at <= now + LOCK_MARGIN

    # ------------------------------------------------------------------ reconcile

    def reconcile_all(self) -> list[Outcome]:
        """Reconcile every channel that has a subscription (inactive ones get their queue emptied)."""
        return [self.reconcile(sub.channel_id) for sub in self.store.subscriptions()]

    def reconcile(self, channel_id: str) -> Outcome:
        """Bring this channel's queued posts in line with its subscription and the knowledge."""
        outcome = Outcome(channel_id)
        now = self.now()
        self.store.mark_sent(now)
        try:
            self._recover_stale(channel_id, now)
            self._reconcile(channel_id, now, outcome)
        except _Stop:
            pass
        except SlackClientError as exc:  # listing Slack's queue during crash recovery
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

    def _reconcile(self, channel_id: str, now: datetime, outcome: Outcome) -> None:
        sub = self.store.subscription(channel_id)
        rows = {r.post_date: r for r in self.store.deliveries(channel_id)}
        wanted, catch_up = self._wanted(sub, rows, now)
        fixed = [r for r in rows.values() if self._fixed(r, now)]
        fixed_days = {r.post_date for r in fixed}
        days = ([catch_up] if catch_up else []) + [d for d in sorted(wanted) if d not in fixed_days]
        for day, entry in zip(days, self.plan_items(channel_id, fixed, len(days)), strict=False):
            post = render_post(entry)
            if day == catch_up:
                self._post_new(channel_id, day, post, now, outcome)
            elif day in rows:
                self._replace(rows[day], PlannedPost(day, wanted[day], entry, post), now, outcome)
            else:
                self._schedule_new(channel_id, PlannedPost(day, wanted[day], entry, post), now, outcome)
        for row in rows.values():
            if row.post_date not in wanted and not self._fixed(row, now) and row.status == SCHEDULED:
                self._cancel(row, now, outcome)

    # ------------------------------------------------------------------ /peel digest now

    def post_now(self, channel_id: str) -> NowResult:
        """Post today's item at once (taking it out of Slack's queue if it was waiting there).

        Never a second post on the same day: a day already posted, or being posted, is left alone.
        Afterwards the queue is reconciled, since the rotation has moved on.
        """
        now = self.now()
        sub = self.store.subscription(channel_id)
        today = local_date(now, self.zone(sub))
        rows = self.store.deliveries(channel_id)
        row = next((r for r in rows if r.post_date == today), None)
        if row is not None and (row.status != SCHEDULED or row.post_at <= now):
            return NowResult(posted=False, title=row.title, reason="already_posted", post_at=row.post_at)
        outcome = Outcome(channel_id)
        try:
            if row is None:
                fixed = [r for r in rows if self._fixed(r, now)]
                entries = self.plan_items(channel_id, fixed, 1)
                if not entries:
                    return NowResult(posted=False, title=None, reason="no_knowledge")
                post = render_post(entries[0])
                self._post_new(channel_id, today, post, now, outcome)
            else:
                post = self._post_queued_now(row, now, outcome)
        except _Stop:
            return NowResult(posted=False, title=None, reason=outcome.paused or outcome.failed[0])
        if not outcome.posted:
            return NowResult(posted=False, title=None, reason="busy")
        self.reconcile(channel_id)
        return NowResult(posted=True, title=post.title, reason=None, post_at=now)

    def _post_queued_now(self, row: Delivery, now: datetime, outcome: Outcome) -> Post:
        entry = self.kb.entry(row.uid) or self.plan_items(row.channel_id, [], 1)[0]
        post = render_post(entry)
        token = self.store.claim_row(row, now=now)
        if token is None:
            return post
        claimed = _with_token(row, token)
        self._unschedule(claimed, outcome)
        response = self._call(
            claimed, "chat_postMessage", outcome, channel=row.channel_id, text=post.text, blocks=post.blocks
        )
        self.store.finish(
            row.id,
            token,
            status=POSTED,
            message_ts=response.get("ts"),
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
        response = self._call(
            row, "chat_postMessage", outcome, channel=channel_id, text=post.text, blocks=post.blocks
        )
        self.store.finish(row.id, row.claim_token or "", status=POSTED, message_ts=response.get("ts"))
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
        message_id = self._schedule(row, row.claim_token or "", plan, outcome)
        self.store.finish(row.id, row.claim_token or "", status=SCHEDULED, scheduled_message_id=message_id)
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
        message_id = self._schedule(claimed, token, plan, outcome)
        self.store.finish(row.id, token, status=SCHEDULED, scheduled_message_id=message_id)
        outcome.replaced += 1

    def _cancel(self, row: Delivery, now: datetime, outcome: Outcome) -> None:
        token = self.store.claim_row(row, now=now)
        if token is None:
            return
        self._unschedule(_with_token(row, token), outcome)
        self.store.release(row.id, token)
        outcome.cancelled += 1

    def _schedule(self, row: Delivery, token: str, plan: PlannedPost, outcome: Outcome) -> str:
        response = self._call(
            row,
            "chat_scheduleMessage",
            outcome,
            channel=row.channel_id,
            post_at=int(plan.post_at.timestamp()),
            text=plan.post.text,
            blocks=plan.post.blocks,
        )
        return str(response["scheduled_message_id"])

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
        except SlackClientError as exc:
            self._fail(row, exc, outcome, keep=True)

    def _call(self, row: Delivery, method: str, outcome: Outcome, **kwargs: object) -> dict[str, object]:
        try:
            return dict(getattr(self.client, method)(**kwargs).data)
        except SlackClientError as exc:
            self._fail(row, exc, outcome, keep=False)
            raise AssertionError("unreachable") from exc  # _fail always raises

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
            outcome.failed.append(error)
            log.error(
                "digest Slack call failed; will retry on the next run",
                extra={
                    "event": "digest_failed",
                    "channel": row.channel_id,
                    "day": str(row.post_date),
                    "error": error,
                },
            )
        raise _Stop(error)

    # ------------------------------------------------------------------ crash recovery

    def _recover_stale(self, channel_id: str, now: datetime) -> None:
        """Settle claims left by a process that died mid-call, without ever posting twice.

        A future post: adopt the message Slack queued for that instant, if any, else free the day.
        A due post: Slack may or may not have posted it, so it is marked ``unknown``, not retried.
        """
        stale = [r for r in self.store.stale_claims(STALE_CLAIM, now) if r.channel_id == channel_id]
        if not stale:
            return
        queued = self._queued(channel_id)
        for row in stale:
            token = self.store.claim_row(row, now=now)
            if token is None:
                continue
            if row.post_at <= now + LOCK_MARGIN:
                self.store.finish(row.id, token, status=UNKNOWN, error="interrupted while posting")
                log.warning(
                    "digest post interrupted; not retried",
                    extra={"event": "digest_unknown", "channel": channel_id, "day": str(row.post_date)},
                )
                continue
            message_id = queued.pop(int(row.post_at.timestamp()), None)
            if message_id:
                self.store.finish(row.id, token, status=SCHEDULED, scheduled_message_id=message_id)
            else:
                self.store.release(row.id, token)
        known = {r.scheduled_message_id for r in self.store.deliveries(channel_id) if r.scheduled_message_id}
        for message_id in set(queued.values()) - known:
            try:
                self.client.chat_deleteScheduledMessage(channel=channel_id, scheduled_message_id=message_id)
            except SlackApiError as exc:
                log.warning(
                    "orphan scheduled message not deleted",
                    extra={"event": "digest_orphan", "channel": channel_id, "error": slack_error(exc)},
                )

    def _queued(self, channel_id: str) -> dict[int, str]:
        """Slack's queued messages for the channel: post_at -> scheduled message id."""
        queued: dict[int, str] = {}
        for page in self.client.chat_scheduledMessages_list(channel=channel_id):
            for message in page.get("scheduled_messages", []):
                queued[int(message["post_at"])] = str(message["id"])
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
        "failed": ",".join(outcome.failed),
        "paused": outcome.paused,
    }
