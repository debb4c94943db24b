"""``peel-bot preview``: see what the bot shows in Slack, in a browser, with no Slack app or tokens."""

from __future__ import annotations

from pathlib import Path

import click

from bot.cli.knowledge import knowledge_option, load_or_exit


@click.command()
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port on 127.0.0.1."
)
@knowledge_option
def preview(port: int, directory: Path | None) -> None:
    """Open a local page that shows /peel replies, App Home and the daily digest as Slack does.

    Serves http://127.0.0.1:PORT/ (this computer only). No Slack tokens or settings are read and
    nothing is written: the digest runs on a temporary database deleted on exit. Ctrl-C stops it.
    """
    from bot.preview.server import make_preview_server  # the web stack loads only when previewing
    from bot.preview.workspace import Workspace

    workspace = Workspace(load_or_exit(directory))
    try:
        server = make_preview_server(workspace, port)
    except OSError as exc:
        workspace.close()
        raise click.ClickException(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from None
    click.echo(f"peel-bot preview: open http://127.0.0.1:{server.server_port}/  (Ctrl-C stops it)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("stopped")
    finally:
        server.server_close()
        workspace.close()


def register(group: click.Group) -> None:
    group.add_command(preview)
