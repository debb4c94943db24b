"""``peel-bot digest run|plan|list``: the cron catch-up and a look at the plan, from the shell."""

from __future__ import annotations

import click
from slack_sdk import WebClient

from bot.cli.knowledge import load_or_exit
from bot.config import ConfigError, load_digest_settings, load_settings
from bot.digest.commands import EPHEMERAL_STORAGE, describe
from bot.digest.reconcile import Digest, Outcome
from bot.digest.schedule import format_local
from bot.digest.service import start_digest
from bot.digest.store import DigestStore


def _offline_digest() -> Digest:
    """A Digest for commands that only read the database: its client is never called, and an
    SQLite file that does not exist yet is not created."""
    try:
        settings = load_digest_settings()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    store = DigestStore.open(settings.database_url, create=False)
    return Digest(store, load_or_exit(), WebClient(), settings)


def _state(outcome: Outcome) -> str:
    if outcome.failed:
        return "FAILED " + ",".join(outcome.failed)
    return f"paused ({outcome.paused})" if outcome.paused else "ok"


@click.group()
def digest() -> None:
    """The daily digest: catch up, show the plan, list subscriptions."""


@digest.command()
@click.option("--channel", help="Reconcile only this channel id.")
def run(channel: str | None) -> None:
    """Post any due-but-missing post of today and queue the next days' posts in Slack.

    Idempotent: safe to run as often as you like (Heroku Scheduler, cron) and from two places
    at once. Logs JSON lines like serve. A failure on one channel does not stop the others;
    exits 1 at the end when a Slack call failed (it is retried on the next run).
    """
    try:
        settings = load_settings()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    from bot.slack.server import setup_logging  # the Slack stack loads only when it is used

    setup_logging(settings)
    if settings.digest.ephemeral_storage:
        raise click.ClickException(EPHEMERAL_STORAGE)
    try:
        service = start_digest(settings, load_or_exit())
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        outcomes = service.reconcile_all(only=channel)
    finally:
        service.store.close()
    for o in outcomes:
        click.echo(
            f"{o.channel_id}: {_state(o)}; posted {o.posted}, scheduled {o.scheduled}, "
            f"replaced {o.replaced}, cancelled {o.cancelled}, unchanged {o.kept}"
        )
    if not outcomes:
        click.echo(f"no subscription for {channel}" if channel else "no subscriptions")
    if any(o.failed for o in outcomes):
        raise SystemExit(1)


@digest.command()
@click.option("--channel", required=True, help="Channel id, e.g. C0123456789.")
@click.option(
    "--days", default=10, show_default=True, type=click.IntRange(1, 366), help="Calendar days ahead."
)
def plan(channel: str, days: int) -> None:
    """Show what the channel will get on its coming post days (read-only: no Slack calls, no writes)."""
    service = _offline_digest()
    try:
        sub = service.store.subscription(channel)
        zone = service.zone(sub)
        for planned in service.plan(channel, days):
            click.echo(f"{format_local(planned.post_at, zone)}  {planned.entry.uid}  {planned.post.title}")
    finally:
        service.store.close()


@digest.command(name="list")
def list_subscriptions() -> None:
    """List every subscription, its schedule and state (read-only)."""
    service = _offline_digest()
    try:
        subs = service.store.subscriptions()
        for sub in subs:
            click.echo(f"{sub.channel_id}  {describe(service, sub)}")
        if not subs:
            click.echo("no subscriptions")
    finally:
        service.store.close()


def register(group: click.Group) -> None:
    group.add_command(digest)
