"""``peel-bot import``: draft a verified knowledge file from a report's plain text."""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path
from typing import Any

import click
import yaml

from bot.importer import import_report
from bot.importer.writer import render, unified_diff
from bot.knowledge.loader import knowledge_dir
from bot.knowledge.models import ReportFile

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
COUNTED = ("areas", *(name for name in ReportFile.ITEM_LISTS if name != "inconsistencies"))


@click.command(name="import")
@click.argument("report", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--id", "report_id", help="Report id (default: from the round and the force, e.g. peel-2021-22-kent)."
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write (default: knowledge/<id>.yaml in $KNOWLEDGE_DIR or the project's knowledge/).",
)
@click.option(
    "--diff", "show_diff", is_flag=True, help="Show what would change in the existing file; write nothing."
)
@click.option(
    "--published", help="Publication month and year, when the text does not state it (e.g. 'May 2022')."
)
@click.option("--label", help="The label users type for this report (default: the round, e.g. 2021/22).")
@click.option("--alias", "aliases", multiple=True, help="Another way users write the label (repeatable).")
def import_command(
    report: Path,
    report_id: str | None,
    out: Path | None,
    show_diff: bool,
    published: str | None,
    label: str | None,
    aliases: tuple[str, ...],
) -> None:
    """Draft knowledge/<id>.yaml from REPORT.txt, a PEEL report in the plain-text form of seeds/.

    Every quote is checked verbatim against the report before it is written; what the importer
    cannot decide is listed under `review:` at the top of the file (with the report's line). Then
    review that list and the diff, and run `peel-bot check`. The same report always gives the same
    bytes, so `--diff` shows only what changed.
    """
    directory = out.parent if out else knowledge_dir()
    started = time.perf_counter()
    try:
        draft = import_report(
            report,
            seed_root(report, directory),
            report_id=report_id,
            published=published,
            label=label,
            aliases=list(aliases) if aliases else None,
        )
    except (ValueError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"{report}: {exc}") from None
    text = render(draft)
    target = out or directory / f"{draft.data['report']['id']}.yaml"
    elapsed = time.perf_counter() - started
    if show_diff:
        old = target.read_text(encoding="utf-8") if target.is_file() else ""
        changes = unified_diff(old, text, target.name)
        click.echo(changes if changes else f"{target}: no changes", nl=not changes)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    counts = Counter({name: len(draft.data.get(name, [])) for name in COUNTED})
    summary = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts.items())
    click.echo(f"wrote {target} in {elapsed:.2f} s: {summary}")
    force = draft.data["report"]["force"]
    click.echo(
        f"force: {force}; grades: "
        + ", ".join(f"{a['name'][:40]} = {a['grade'] or 'Ungraded'}" for a in draft.data["areas"])
    )
    if draft.review:
        click.echo(f"{len(draft.review)} to review (listed under `review:` in the file):")
        for note in draft.review:
            where = f"line {note.line}" if note.line else "report"
            click.echo(f"  {where}: {note.what}: {note.why}")
    else:
        click.echo("nothing to review")
    clash = shared_names(draft.data["report"], target)
    if clash:
        names, others = clash
        suggestion = _own_label(draft.data["report"])
        click.echo(
            f"note: {', '.join(names)} also name{'s' if len(names) == 1 else ''} {', '.join(others)}; "
            "`peel-bot check` refuses one force's reports sharing a label or alias. Re-run with "
            f'--label "{suggestion[0]}" --alias "{suggestion[1]}"'
        )
    click.echo("next: read the diff, then run `peel-bot check`")


def seed_root(report: Path, directory: Path) -> Path:
    """The folder the written ``seed:`` path is relative to: the project whose knowledge/ the bot
    reads when the report lies inside it (so a draft written elsewhere with --out still checks once
    moved into knowledge/), else the parent of the folder written to, as the loader resolves it."""
    project = knowledge_dir().resolve().parent
    return project if report.resolve().is_relative_to(project) else directory.resolve().parent


def shared_names(meta: dict[str, Any], target: Path) -> tuple[list[str], list[str]] | None:
    """The written report's id, or label and aliases, that another knowledge file beside it also
    uses: its id, or its label or an alias when both are the same force's (reports of different
    forces in one round share its label).

    Advice only: the import's output never depends on other files.
    """
    labels = {n.lower() for n in [meta["label"], *meta.get("aliases", [])]}
    shared: set[str] = set()
    others: list[str] = []
    for path in sorted(target.parent.glob("*.yaml")):
        if path.resolve() == target.resolve():
            continue
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
        except (yaml.YAMLError, OSError, UnicodeDecodeError):
            continue
        report = data.get("report") if isinstance(data, dict) else None
        if not isinstance(report, dict):
            continue
        same_force = str(report.get("force", "")).lower() == str(meta["force"]).lower()
        theirs = {str(n).lower() for n in [report.get("label"), *(report.get("aliases") or [])]}
        both = {meta["id"].lower()} & {str(report.get("id")).lower()}
        if same_force:
            both |= labels & theirs
        if both:
            shared |= both
            others.append(path.name)
    return (sorted(shared), others) if shared else None


def _own_label(meta: dict[str, Any]) -> tuple[str, str]:
    """A label and alias naming the force as well as the round, e.g. '2021/22 Kent' / 'Kent 2021/22'."""
    place = re.sub(r"\s+(?:Police Service|Police|Constabulary)$", "", meta["force"])
    return f"{meta['label']} {place}", f"{place} {meta['label']}"


def register(group: click.Group) -> None:
    group.add_command(import_command)
