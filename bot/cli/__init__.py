"""The ``peel-bot`` command line: a thin click layer over the library.

Each sub-module owns one group of commands and exposes ``register(group)``.
"""

from __future__ import annotations

import os

import click

from bot.cli import ask, digest, importer, knowledge, preview, serve

COMMAND_MODULES = (knowledge, serve, ask, digest, preview, importer)


@click.group(invoke_without_command=True)
@click.version_option(package_name="peel-bot")
@click.pass_context
def main(ctx: click.Context) -> None:
    """peel-bot: PEEL inspection findings for Slack.

    With no command: serves Slack when SLACK_BOT_TOKEN is set, otherwise opens the local
    console so you can try every /peel command without Slack.
    """
    if ctx.invoked_subcommand is None:
        if os.environ.get("SLACK_BOT_TOKEN"):
            ctx.invoke(serve.serve)
        else:
            ctx.invoke(ask.console)


for _module in COMMAND_MODULES:
    _module.register(main)
