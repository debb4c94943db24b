"""``peel-bot ask`` and ``peel-bot console``: try every /peel command without Slack."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from slack_sdk.models.blocks import ContextBlock

from bot.cli.knowledge import engine_or_exit, knowledge_option
from bot.config import ConfigError
from bot.engine.answer import Engine
from bot.engine.plain import to_plain
from bot.engine.render import help_blocks
from bot.engine.reply import Reply
from bot.engine.scope import default_force_setting

QUIT_WORDS = ("quit", "exit", "q")
MORE_WORDS = ("more", "next")
PROMPT = "/peel "

def _engine(directory: Path | None) -> Engine:
    """The answer engine (from the start-up cache when it is fresh) with the process's
    PEEL_DEFAULT_FORCE, or the one-sentence problem and exit status 2."""
    engine = engine_or_exit(directory)
    try:
        engine.use_default_force(default_force_setting())
    except ConfigError as exc:
        click.echo(f"peel-bot cannot start: {exc}", err=True)
        raise SystemExit(2) from None
    return engine


def _payload(reply: Reply) -> str:
    return json.dumps(reply.to_message(), ensure_ascii=False)


@click.command()
@click.argument("text", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print the exact Slack message payload.")
@click.option("--batch", is_flag=True, help="Read one query per stdin line; write one JSON payload per line.")
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True, help="Page of an answer.")
@knowledge_option
def ask(text: tuple[str, ...], as_json: bool, batch: bool, page: int, directory: Path | None) -> None:
    """Answer one /peel command, e.g. `peel-bot ask grade <area> <year>`."""
    engine = _engine(directory)
    if batch:
        _batch(engine, page)
        return
    reply = engine.answer(" ".join(text), page=page)
    click.echo(_payload(reply) if as_json else to_plain(reply), nl=as_json)


def _batch(engine: Engine, page: int) -> None:
    """One JSON line out per line in. A line that is not UTF-8 gets ``{"error": ..., "line": n}``
    and a note on stderr, the others are still answered, and the exit status is 1."""
    bad = 0
    for number, raw in enumerate(sys.stdin.buffer, start=1):
        try:
            line = raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            bad += 1
            click.echo(f"line {number} is not UTF-8 text; skipped", err=True)
            click.echo(json.dumps({"error": "not UTF-8 text", "line": number}))
            continue
        click.echo(_payload(engine.answer(line, page=page)))
    if bad:
        raise SystemExit(1)


def banner(engine: Engine) -> str:
    """The console's greeting: what it is and a few commands to try."""
    examples = [
        line
        for block in help_blocks(engine.kb)
        if isinstance(block, ContextBlock)
        for element in block.elements
        for line in [getattr(element, "text", "")]
        if isinstance(line, str) and line.startswith("Try:")
    ]
    tries = examples[0].removeprefix("Try: ").replace("`", "") if examples else "/peel help"
    return (
        "peel-bot console — type any /peel command (the /peel prefix is optional).\n"
        f"Try: {tries}\n"
        "`more` shows the next page, `help` lists commands, `quit` or Ctrl-D exits."
    )


@click.command()
@knowledge_option
def console(directory: Path | None) -> None:
    """Interactive prompt for /peel commands (also reads piped stdin)."""
    engine = _engine(directory)
    interactive = sys.stdin.isatty()
    click.echo(banner(engine))
    last: Reply | None = None
    stream = sys.stdin
    while True:
        if interactive:
            click.echo(PROMPT, nl=False)
        line = stream.readline()
        if not line:
            break
        text = line.strip()
        if text.lower() in QUIT_WORDS:
            break
        if not text:
            continue
        if text.lower() in MORE_WORDS and last is not None:
            if not last.has_more:
                click.echo("That was the last page.\n")
                continue
            last = engine.answer(last.query, page=last.page + 1)
        else:
            last = engine.answer(text)
        click.echo(to_plain(last))
        if last.has_more:
            click.echo("(type `more` for the next page)\n")


def register(group: click.Group) -> None:
    group.add_command(ask)
    group.add_command(console)
