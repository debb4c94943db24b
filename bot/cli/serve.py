"""``peel-bot serve``: Socket Mode when SLACK_APP_TOKEN is set, otherwise HTTP under gunicorn."""

from __future__ import annotations

import os

import click

from bot.cli.knowledge import load_or_exit
from bot.config import ConfigError, Settings, load_settings
from bot.slack import gunicorn_config


def settings_or_exit() -> Settings:
    """Settings, or the one-sentence problem on stderr and exit status 2."""
    from bot.slack.server import check_knowledge_dir

    try:
        settings = load_settings()
        check_knowledge_dir()
        return settings
    except ConfigError as exc:
        click.echo(f"peel-bot cannot start: {exc}", err=True)
        raise SystemExit(2) from None


@click.command()
@click.option(
    "--workers", default=gunicorn_config.workers, show_default=True, help="HTTP mode: gunicorn workers."
)
@click.option(
    "--threads", default=gunicorn_config.threads, show_default=True, help="HTTP mode: threads per worker."
)
def serve(workers: int, threads: int) -> None:
    """Serve Slack: Socket Mode if SLACK_APP_TOKEN is set, else HTTP on $PORT (default 3000).

    Reads SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET (HTTP mode), SLACK_APP_TOKEN, SLACK_API_URL,
    PORT and LOG_LEVEL. Slack's requests go to /slack/events; health checks to /healthz.
    """
    settings = settings_or_exit()
    from bot.slack.app import build_app, build_services  # the Slack stack loads only when serving
    from bot.slack.http import serve_http
    from bot.slack.server import http_wsgi_app, setup_logging
    from bot.slack.socket import serve_socket

    setup_logging(settings)
    kb = load_or_exit()
    try:
        if settings.socket_mode:
            app = build_app(build_services(settings, kb))
            serve_socket(app, settings, health_port=settings.port if "PORT" in os.environ else None)
        else:  # built once here, before gunicorn forks its workers: the Procfile's --preload
            wsgi_app = http_wsgi_app(settings, kb)
            serve_http(wsgi_app, port=settings.port, workers=workers, threads=threads)
    except ConfigError as exc:
        click.echo(f"peel-bot cannot start: {exc}", err=True)
        raise SystemExit(2) from None


def register(group: click.Group) -> None:
    group.add_command(serve)
