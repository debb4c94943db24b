"""``peel-bot check``: validate knowledge/ and show what it holds."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from bot.engine.answer import Engine
from bot.knowledge import KnowledgeBase, KnowledgeError
from bot.knowledge.cache import build, cache_dir, load_engine

knowledge_option = click.option(  # check, ask, console and preview all take it
    "--knowledge",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    help="Knowledge directory (default: $KNOWLEDGE_DIR or the project's knowledge/).",
)


KIND_COLUMNS = (
    ("area", "areas"),
    ("improvement", "AFIs"),
    ("concern", "concerns"),
    ("recommendation", "recs"),
    ("national_recommendation", "national"),
    ("practice", "practice"),
    ("finding", "findings"),
    ("statistic", "stats"),
    ("inconsistency", "inconsist."),
)


def engine_or_exit(directory: Path | None = None) -> Engine:
    """The answer engine (from the start-up cache when it is fresh), or print every problem in
    knowledge/ (file:line: problem) and exit with status 2."""
    try:
        return load_engine(directory)
    except KnowledgeError as exc:
        click.echo(str(exc), err=True)
        raise SystemExit(2) from None


def load_or_exit(directory: Path | None = None) -> KnowledgeBase:
    """Knowledge ready to serve (its engine built or loaded from the cache, so ``engine_for``
    finds it), or every problem (file:line: problem) and exit with status 2."""
    return engine_or_exit(directory).kb


def counts_table(kb: KnowledgeBase) -> str:
    """A plain-text table: one row per report, one column per kind of entry, plus totals."""
    headers = ["report", *(title for _, title in KIND_COLUMNS), "total"]
    rows = []
    totals: Counter[str] = Counter()
    for report in kb.reports:
        counts: Counter[str] = Counter(e.kind for e in report.entries())
        totals.update(counts)
        rows.append(
            [report.meta.label, *(str(counts[k]) for k, _ in KIND_COLUMNS), str(sum(counts.values()))]
        )
    rows.append(["all", *(str(totals[k]) for k, _ in KIND_COLUMNS), str(sum(totals.values()))])
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows[:-1]), rule, line(rows[-1])])


@click.command()
@knowledge_option
def check(directory: Path | None) -> None:
    """Validate knowledge/ (schema, grades, ids, verbatim quotes) and print counts per report and kind.

    Always checks everything, never trusting the start-up cache, and then refreshes the cache
    ($PEEL_BOT_CACHE_DIR, default $XDG_CACHE_HOME/peel-bot) so the next start only loads it.
    Exits 2 and lists every problem as FILE:LINE: PROBLEM when anything is wrong.
    """
    try:
        kb = build(directory).kb
    except KnowledgeError as exc:
        click.echo(str(exc), err=True)
        raise SystemExit(2) from None
    click.echo(counts_table(kb))
    topics = kb.topics
    click.echo(f"\nvocabulary: {len(topics.synonyms)} synonyms, {len(topics.spellings)} spellings")
    click.echo("OK: every quote was found verbatim in its seed.")
    where = cache_dir()
    click.echo(f"start-up cache: {where}" if where is not None else "start-up cache: off")


def register(group: click.Group) -> None:
    group.add_command(check)
