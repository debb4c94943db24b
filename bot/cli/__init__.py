"""The ``peel-bot`` command line: a thin click layer over the library.

Each sub-module owns one group of commands and exposes ``register(group)``. A module is imported
only when one of its commands runs (or ``--help`` lists them), so ``peel-bot ask`` starts without
loading the digest's database stack or the preview's web stack.
"""

from __future__ import annotations

import importlib
import os

import click

COMMAND_MODULES = {  # command name -> the bot.cli module that registers it
    "check": "knowledge",
    "serve": "serve",
    "ask": "ask",
    "console": "ask",
    "digest": "digest",
    "preview": "preview",
    "import": "importer",
}


class LazyGroup(click.Group):
    """Imports a command's module the first time the command is looked up."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMAND_MODULES})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMAND_MODULES.get(cmd_name)
        if module is not None and cmd_name not in self.commands:
            importlib.import_module(f"bot.cli.{module}").register(self)
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, invoke_without_command=True)
@click.version_option(package_name="peel-bot")
@click.pass_context
def main(ctx: click.Context) -> None:
    """peel-bot: PEEL inspection findings for Slack.

    With no command: serves Slack when SLACK_BOT_TOKEN is set, otherwise opens the local
    console so you can try every /peel command without Slack.
    """
    if ctx.invoked_subcommand is None:
        name = "serve" if os.environ.get("SLACK_BOT_TOKEN") else "console"
        command = main.get_command(ctx, name)
        assert command is not None  # both are in COMMAND_MODULES
        ctx.invoke(command)
