"""``peel-bot digest run|plan|list``: the cron catch-up and a look at the plan, from the shell."""

from __future__ import annotations

import click
from slack_sdk import WebClient

from bot.cli.knowledge import load_or_exit
from bot.config import ConfigError, load_settings
from bot.digest.commands import describe
from bot.digest.reconcile import Digest
from bot.digest.schedule import format_local
from bot.digest.service import build_digest, digest_client


def _offline_digest() -> Digest:
    """A Digest for commands that only read the database (its client is never called)."""
    return build_digest(load_or_exit(), WebClient())


@click.group()
def digest() -> None:
    """The daily digest: catch up, show the plan, list subscriptions."""


@digest.command()
@click.option("--channel", help="Reconcile only this channel id.")
def run(channel: str | None) -> None:
    """Post any due-but-missing post of today and queue the next days' posts in Slack.

    Idempotent: safe to run as often as you like (Heroku Scheduler, cron) and from two places
    at once. Exits 1 when a Slack call failed (it is retried on the next run).
    """
    try:
        settings = load_settings()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    service = build_digest(load_or_exit(), digest_client(settings.bot_token, settings.api_url))
    try:
        outcomes = [service.reconcile(channel)] if channel else service.reconcile_all()
    finally:
        service.store.close()
    for o in outcomes:
        state = f"paused ({o.paused})" if o.paused else ("FAILED " + ",".join(o.failed) if o.failed else "ok")
        click.echo(
            f"{o.channel_id}: {state}; posted {o.posted}, scheduled {o.scheduled}, replaced {o.replaced}, "
            f"cancelled {o.cancelled}, unchanged {o.kept}"
        )
    if not outcomes:
        click.echo("no subscriptions")
    if any(o.failed for o in outcomes):
        raise SystemExit(1)


@digest.command()
@click.option("--channel", required=True, help="Channel id, e.g. C0123456789.")
@click.option(
    "--days", default=10, show_default=True, type=click.IntRange(1, 366), help="Calendar days ahead."
)
def plan(channel: str, days: int) -> None:
    """Show what the channel will get on its coming post days (no Slack calls)."""
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
    """List every subscription, its schedule and state."""
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
