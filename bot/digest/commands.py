"""``/peel digest subscribe|unsubscribe|status|now``: thin command layer over :class:`Digest`."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import SectionBlock

from bot.digest.reconcile import Digest, NowResult, Outcome
from bot.digest.schedule import Cadence, format_local, parse_time
from bot.digest.store import SCHEDULED, Subscription
from bot.engine.render import mrkdwn
from bot.engine.reply import Reply
from bot.engine.text import echo_user_text, escape_mrkdwn
from bot.services import Services

log = logging.getLogger(__name__)

VERB = "digest"
USAGE = (
    "*Daily digest* — one PEEL finding in this channel each morning:\n"
    "• `/peel digest subscribe [HH:MM] [weekdays|daily] [force|all]` — start, or change the time "
    "(default {time}, weekdays, {zone}) or the force whose findings are posted (default: every force)\n"
    "• `/peel digest unsubscribe` — stop\n"
    "• `/peel digest status` — next post time and what was last posted\n"
    "• `/peel digest now` — post today's finding now"
)
REFUSAL = (
    "Sorry, only this workspace's digest admins can change digest subscriptions. "
    "Ask one of them, or use `/peel digest status` to see the current one."
)
EPHEMERAL_STORAGE = (
    "The digest is switched off on this deployment: it runs on Heroku (DYNO is set) without "
    "DATABASE_URL, and a dyno's disk is wiped at every restart, so subscriptions would be lost. "
    "Add Heroku Postgres (it sets DATABASE_URL) and restart."
)
ALL_WORDS = ("all", "every", "any")  # 'subscribe all': every force's findings
LOW_HORIZON = timedelta(days=3)  # status warns when fewer days than this are queued in Slack
CHANGES = ("subscribe", "start", "unsubscribe", "stop", "now")
PAUSE_HINTS = {
    "not_in_channel": "the app is not a member of this channel: invite it (`/invite`), then subscribe again",
    "channel_not_found": "Slack could not find this channel for the app: invite it, then subscribe again",
    "is_archived": "this channel is archived: unarchive it, then subscribe again",
}


def handle_digest(args: str, *, channel_id: str, user_id: str, services: Services) -> Reply:
    """Entry point from the ``/peel`` listener; afterwards every channel is reconciled in the
    background (at most every few minutes), so an app that only wakes now and then keeps its
    queues filled."""
    reply = run_command(services.digest, args, channel_id=channel_id, user_id=user_id)
    if not services.digest.settings.ephemeral_storage:
        services.digest.wake()
    return reply


def run_command(digest: Digest, args: str, *, channel_id: str, user_id: str) -> Reply:
    """Dispatch one ``/peel digest`` command (ephemeral replies)."""
    words = args.split()
    action = words[0].lower() if words else "help"
    rest = words[1:]
    if action in CHANGES and digest.settings.ephemeral_storage:
        return _reply(EPHEMERAL_STORAGE)
    if action in ("subscribe", "start", "unsubscribe", "stop") and not digest.settings.may_change(user_id):
        log.info(
            "digest change refused", extra={"event": "digest_refused", "user": user_id, "channel": channel_id}
        )
        return _reply(REFUSAL)
    if action in ("subscribe", "start"):
        return _subscribe(digest, rest, channel_id=channel_id, user_id=user_id)
    if action in ("unsubscribe", "stop"):
        return _unsubscribe(digest, channel_id=channel_id, user_id=user_id)
    if action == "status":
        return _reply(status_text(digest, channel_id))
    if action == "now":
        result = digest.post_now(channel_id)
        digest.reconcile_later(channel_id)  # normally a no-op: only today changed
        return _reply(now_text(result))
    prefix = "" if action == "help" else f"I don't know `{echo_user_text(words[0])}`.\n"
    return _reply(prefix + usage(digest))


def usage(digest: Digest) -> str:
    return USAGE.format(time=digest.settings.default_time.strftime("%H:%M"), zone=digest.settings.zone)


def _reply(text: str) -> Reply:
    return Reply(text=text, blocks=[SectionBlock(text=mrkdwn(text)).to_dict()], verb=VERB, query=VERB)


def _subscribe(digest: Digest, words: list[str], *, channel_id: str, user_id: str) -> Reply:
    current = digest.store.subscription(channel_id)
    at = parse_time(current.post_time) if current else digest.settings.default_time
    cadence = Cadence(current.cadence) if current else Cadence.WEEKDAYS
    force = current.force if current else None
    others: list[str] = []
    for word in words:
        if parse_time(word) is not None:
            at = parse_time(word)
        elif word.lower() in (c.value for c in Cadence):
            cadence = Cadence(word.lower())
        else:
            others.append(word)
    if others:  # the rest names a force ('wmp', 'west midlands police') or all of them
        named = " ".join(others)
        if named.lower() in ALL_WORDS or named.lower() == "all forces":
            force = None
        elif (found := digest.scope.force_named(named)) is None:
            return _reply(f"I don't understand `{echo_user_text(named)}`.\n" + usage(digest))
        elif found not in digest.scope.loaded_forces:
            loaded = escape_mrkdwn(digest.scope.loaded_text())
            missing = f"No report for {escape_mrkdwn(found)} is loaded."
            return _reply(f"{missing} {loaded}")
        else:
            force = found
    assert at is not None
    zone = current.zone if current else digest.settings.zone
    digest.store.subscribe(
        channel_id,
        post_time=at.strftime("%H:%M"),
        cadence=cadence.value,
        zone=zone,
        user_id=user_id,
        now=digest.now(),
        force=force,
    )
    outcome = digest.reconcile(channel_id, max_changes=1)  # the next post (and any channel error) now
    if outcome.ok:
        digest.reconcile_later(channel_id)  # the rest of the horizon after the answer
    log.info("digest subscribed", extra={"event": "digest_subscribe", "user": user_id, "channel": channel_id})
    about = f" about {escape_mrkdwn(force)}" if force else ""
    head = (
        f"Subscribed: a PEEL finding{about} here at {at:%H:%M} ({escape_mrkdwn(zone)}) "
        f"{_cadence_words(cadence)}."
    )
    return _reply("\n".join([head, *_trouble(outcome), status_text(digest, channel_id, brief=True)]))


def _unsubscribe(digest: Digest, *, channel_id: str, user_id: str) -> Reply:
    if not digest.store.unsubscribe(channel_id, user_id=user_id, now=digest.now()):
        return _reply("This channel has no digest subscription.")
    now = digest.now()
    queued = sum(1 for r in digest.store.deliveries(channel_id) if r.status == SCHEDULED and r.post_at > now)
    digest.reconcile_later(channel_id)
    log.info(
        "digest unsubscribed", extra={"event": "digest_unsubscribe", "user": user_id, "channel": channel_id}
    )
    removing = f" ({queued} queued post{'s' if queued != 1 else ''} being removed)" if queued else ""
    return _reply(f"Unsubscribed: no more daily findings here{removing}.")


def _cadence_words(cadence: Cadence) -> str:
    return "every weekday" if cadence is Cadence.WEEKDAYS else "every day"


def _trouble(outcome: Outcome) -> list[str]:
    if outcome.paused:
        return [f":warning: Paused: {PAUSE_HINTS.get(outcome.paused, outcome.paused)}."]
    if outcome.failed:
        return [
            ":warning: Slack did not accept every change just now; it will be retried automatically "
            f"({', '.join(sorted(set(outcome.failed)))})."
        ]
    return []


def describe(digest: Digest, sub: Subscription) -> str:
    """One line for a subscription: when, and whether it is paused or stopped."""
    when = f"{sub.post_time} ({escape_mrkdwn(sub.zone)}) {_cadence_words(Cadence(sub.cadence))}"
    if sub.force:
        when += f", {escape_mrkdwn(sub.force)}'s findings"
    elif len(digest.scope.loaded_forces) > 1:
        when += ", every force's findings"
    if not sub.active:
        return f"unsubscribed (was {when})"
    if sub.paused_reason:
        return f":warning: paused — {PAUSE_HINTS.get(sub.paused_reason, sub.paused_reason)} (was {when})"
    return when


def status_text(digest: Digest, channel_id: str, *, brief: bool = False) -> str:
    """Subscription, next post (time and title) and the last post, for ``status`` and App Home."""
    sub = digest.store.subscription(channel_id)
    lines = [] if brief else [f"*Digest:* {describe(digest, sub)}" if sub else "*Digest:* not subscribed"]
    now = digest.now()
    zone = digest.zone(sub)
    rows = digest.store.deliveries(channel_id)
    upcoming = [r for r in rows if r.status == SCHEDULED and r.post_at > now]
    if sub and sub.active and not sub.paused_reason:
        if upcoming:
            nxt = upcoming[0]
            lines.append(f"*Next post:* {format_local(nxt.post_at, zone)} — {escape_mrkdwn(nxt.title)}")
        else:
            lines.append("*Next post:* not queued yet (it will be on the next run)")
        if not brief:
            lines.append(horizon_line(digest, upcoming[-1].post_at if upcoming else None, zone))
    last = digest.store.last_done(channel_id, now)
    if last is not None and not brief:
        lines.append(f"*Last posted:* {format_local(last.post_at, zone)} — {escape_mrkdwn(last.title)}")
    elif not brief:
        lines.append("*Last posted:* nothing yet")
    return "\n".join(lines)


def horizon_line(digest: Digest, last_queued: datetime | None, zone: ZoneInfo) -> str:
    """How far ahead Slack holds posts; a warning when that is under ``LOW_HORIZON``."""
    now = digest.now()
    ahead = (last_queued - now) if last_queued else timedelta(0)
    text = (
        f"*Queued in Slack up to:* {format_local(last_queued, zone)} ({ahead.days} days ahead)"
        if last_queued
        else "*Queued in Slack:* nothing"
    )
    if ahead < LOW_HORIZON:
        text += (
            "\n:warning: Fewer than 3 days are queued: posts stop when the queue runs out. The queue is "
            "refilled whenever the app runs; on a host that sleeps, schedule `peel-bot digest run` daily."
        )
    return text


def now_text(result: NowResult) -> str:
    if result.posted:
        return f"Posted today's finding: {escape_mrkdwn(result.title or '')}"
    if result.reason == "already_posted":
        return f"Today's finding is already posted: {escape_mrkdwn(result.title or '')}"
    if result.reason == "busy":
        return "Today's finding is being posted right now."
    if result.reason == "no_knowledge":
        return "There is nothing to post: no findings are loaded."
    hint = PAUSE_HINTS.get(result.reason or "", f"Slack said `{result.reason}`; please try again later")
    return f":warning: Could not post: {hint}."
