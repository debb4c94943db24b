"""Load and validate ``knowledge/``: YAML -> typed models -> one immutable KnowledgeBase.

Every problem is reported with the file, the line and what is wrong, and loading collects all
problems before failing, so one run of ``peel-bot check`` shows everything to fix.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import ValidationError

from bot.knowledge.models import (
    Area,
    Concern,
    EntryItem,
    Item,
    Kind,
    Recommendation,
    ReportFile,
    ReportMeta,
    Strict,
    TopicsFile,
)
from bot.knowledge.provenance import fold, is_verbatim, read_seed

PACKAGED_ROOT = Path(__file__).resolve().parents[1] / "_data"  # knowledge/ and seeds/ inside a wheel


def _project_root() -> Path:
    """The checkout's root when running from one, else the copy of knowledge/ and seeds/ that a
    wheel carries (``bot/_data``, see pyproject.toml), so ``pip install .`` works anywhere."""
    checkout = Path(__file__).resolve().parents[2]
    in_checkout = (checkout / "pyproject.toml").is_file() and (checkout / "knowledge").is_dir()
    return checkout if in_checkout else PACKAGED_ROOT


PROJECT_ROOT = _project_root()
DEFAULT_KNOWLEDGE_DIR = PROJECT_ROOT / "knowledge"
TOPICS_FILE = "topics.yaml"

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a knowledge file."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class KnowledgeError(Exception):
    """Raised when knowledge/ is invalid; ``problems`` holds every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = len(problems)
        head = f"Invalid knowledge: {count} problem{'s' if count != 1 else ''}"
        super().__init__("\n".join([head, *(f"  {p}" for p in problems)]))


@dataclass(frozen=True, slots=True)  # one per finding: no __dict__ each
class Entry:
    """One finding of any kind, with the report it comes from.

    ``uid`` is unique across the whole knowledge base: ``<report id>/<item id>``, made once so the
    index, the engine and the start-up cache share the one string.
    ``area`` is the section the item is filed under (an area's is the area itself); ``parent``
    is the cause of concern a recommendation belongs to.
    """

    report: ReportMeta
    kind: Kind
    item: EntryItem
    area: Area
    parent: Concern | None = None
    uid: str = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "uid", f"{self.report.id}/{self.item.id}")


@dataclass
class Report:
    """A loaded report: metadata, areas by id, and its validated file."""

    meta: ReportMeta
    data: ReportFile
    path: Path
    areas: dict[str, Area] = field(default_factory=dict)

    def entries(self) -> Iterator[Entry]:
        """Every area and item of this report, in file order."""
        for area in self.data.areas:
            yield Entry(self.meta, "area", area, area)
        for list_name in ReportFile.ITEM_LISTS:
            for item in getattr(self.data, list_name):
                area = self.areas[item.area]
                yield Entry(self.meta, item.KIND, item, area)
                if isinstance(item, Concern):
                    for rec in item.recommendations:
                        yield Entry(self.meta, "recommendation", rec, area, parent=item)


@dataclass
class KnowledgeBase:
    """Everything the bot knows: reports newest first, and the shared vocabulary."""

    reports: list[Report]
    topics: TopicsFile
    root: Path

    def __post_init__(self) -> None:
        self.reports.sort(key=lambda r: (r.meta.year, r.meta.id), reverse=True)
        self._entries = [entry for report in self.reports for entry in report.entries()]
        self._by_uid = {entry.uid: entry for entry in self._entries}

    def entries(self, kind: Kind | None = None, report_id: str | None = None) -> list[Entry]:
        """Entries, newest report first, optionally of one kind and/or one report."""
        return [
            e
            for e in self._entries
            if (kind is None or e.kind == kind) and (report_id is None or e.report.id == report_id)
        ]

    def entry(self, uid: str) -> Entry | None:
        """The entry with this ``<report id>/<item id>``, if any."""
        return self._by_uid.get(uid)

    def report(self, report_id: str) -> Report | None:
        return next((r for r in self.reports if r.meta.id == report_id), None)


# --------------------------------------------------------------------------- YAML with lines


if TYPE_CHECKING:  # the stubs' SafeLoader: CSafeLoader has the same interface
    _BaseLoader = yaml.SafeLoader
else:
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when PyYAML has it


class _UniqueKeyLoader(_BaseLoader):
    """SafeLoader that records duplicate mapping keys instead of silently keeping the last."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[str, int]] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                self.duplicates.append((str(key), key_node.start_mark.line + 1))
            seen.add(key)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


def _parse_yaml(path: Path, display: str) -> tuple[Any, yaml.Node | None]:
    text = path.read_text(encoding="utf-8")
    loader = _UniqueKeyLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise KnowledgeError([Problem(display, line, f"YAML syntax error: {problem}")]) from None
    finally:
        loader.dispose()
    if loader.duplicates:
        raise KnowledgeError(
            [Problem(display, line, f"duplicate key {key!r}") for key, line in loader.duplicates]
        )
    return data, node


def _line_of(node: yaml.Node | None, loc: Loc) -> int | None:
    """Best line for a location path: the deepest node the path reaches."""
    if node is None:
        return None
    line = node.start_mark.line + 1
    for part in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == part:
                    child = value_node
                    line = key_node.start_mark.line + 1
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
            line = child.start_mark.line + 1  # the item's own line, not the list's first line
        if child is None:
            break
        node = child
        if not isinstance(node, yaml.MappingNode):
            line = node.start_mark.line + 1
    return line


def _where(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _validation_problems(exc: ValidationError, display: str, node: yaml.Node | None) -> list[Problem]:
    problems = []
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "missing":
            msg = "missing required field"
        elif err["type"] == "extra_forbidden":
            msg = "unknown field (not part of the schema)"
        problems.append(Problem(display, _line_of(node, loc), f"{_where(loc)}: {msg}"))
    return problems


# --------------------------------------------------------------------------- semantic checks


def _short(text: str, limit: int = 90) -> str:
    text = fold(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _verbatim_problems(
    model: Strict, loc: Loc, seed_text: str, seed_name: str, display: str, node: yaml.Node | None
) -> Iterator[Problem]:
    for name in type(model).VERBATIM:
        value = getattr(model, name)
        values = [((*loc, name), value)] if isinstance(value, str) else []
        if isinstance(value, list):
            values = [((*loc, name, i), v) for i, v in enumerate(value)]
        for where, text in values:
            if not is_verbatim(text, seed_text):
                yield Problem(
                    display,
                    _line_of(node, where),
                    f"{_where(where)}: quote not found verbatim in {seed_name}: “{_short(text)}”",
                )


def _semantic_problems(
    data: ReportFile, root: Path, display: str, node: yaml.Node | None
) -> Iterator[Problem]:
    meta = data.report
    seed_path = root / meta.seed
    if not seed_path.is_file():
        yield Problem(display, _line_of(node, ("report", "seed")), f"report.seed: no such file {meta.seed}")
        seed_text = None
    else:
        seed_text = read_seed(seed_path)

    scale = {g.lower() for g in meta.grade_scale}
    area_ids: set[str] = set()
    ids: dict[str, Loc] = {}

    def claim(item_id: str, loc: Loc) -> Iterator[Problem]:
        if item_id in ids:
            first = _line_of(node, ids[item_id])
            yield Problem(
                display,
                _line_of(node, loc),
                f"{_where(loc)}: duplicate id {item_id!r} (first at line {first})",
            )
        else:
            ids[item_id] = (*loc, "id")

    checks: list[tuple[Strict, Loc]] = [(meta, ("report",))]
    for i, area in enumerate(data.areas):
        loc: Loc = ("areas", i)
        yield from claim(area.id, loc)
        area_ids.add(area.id)
        if area.grade is not None and area.grade.lower() not in scale:
            yield Problem(
                display,
                _line_of(node, (*loc, "grade")),
                f"{_where(loc)}.grade: unknown grade {area.grade!r}; this report's scale is "
                + ", ".join(meta.grade_scale)
                + " (use null for ungraded)",
            )
        checks.append((area, loc))

    for list_name in ReportFile.ITEM_LISTS:
        for i, item in enumerate(getattr(data, list_name)):
            loc = (list_name, i)
            yield from claim(item.id, loc)
            if item.area not in area_ids:
                yield Problem(
                    display,
                    _line_of(node, (*loc, "area")),
                    f"{_where(loc)}.area: unknown area {item.area!r}",
                )
            checks.append((item, loc))
            if isinstance(item, Concern):
                for j, rec in enumerate(item.recommendations):
                    rec_loc = (*loc, "recommendations", j)
                    yield from claim(rec.id, rec_loc)
                    checks.append((rec, rec_loc))

    if seed_text is not None:
        for model, loc in checks:
            yield from _verbatim_problems(model, loc, seed_text, meta.seed, display, node)


# --------------------------------------------------------------------------- entry point


def _display(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def load_report(path: Path, root: Path = PROJECT_ROOT) -> Report:
    """Load, validate and verify one report file; raises KnowledgeError with every problem."""
    display = _display(path, root)
    raw, node = _parse_yaml(path, display)
    if not isinstance(raw, dict):
        raise KnowledgeError(
            [Problem(display, 1, "expected a mapping with 'report:' and 'areas:' at the top")]
        )
    try:
        data = ReportFile.model_validate(raw)
    except ValidationError as exc:
        raise KnowledgeError(_validation_problems(exc, display, node)) from None
    problems = list(_semantic_problems(data, root, display, node))
    if problems:
        raise KnowledgeError(problems)
    return Report(meta=data.report, data=data, path=path, areas={a.id: a for a in data.areas})


def load_topics(path: Path, root: Path = PROJECT_ROOT) -> TopicsFile:
    """Load the shared vocabulary file."""
    display = _display(path, root)
    raw, node = _parse_yaml(path, display)
    try:
        return TopicsFile.model_validate(raw or {})
    except ValidationError as exc:
        raise KnowledgeError(_validation_problems(exc, display, node)) from None


def knowledge_dir() -> Path:
    """``$KNOWLEDGE_DIR`` if set, else the project's ``knowledge/``."""
    env = os.environ.get("KNOWLEDGE_DIR")
    return Path(env).resolve() if env else DEFAULT_KNOWLEDGE_DIR


def load_knowledge(directory: Path | None = None, root: Path | None = None) -> KnowledgeBase:
    """Load every ``*.yaml`` report in ``directory`` plus ``topics.yaml``.

    Seed paths in report files are resolved against ``root`` (default: the directory's parent).
    Raises KnowledgeError listing every problem in every file.
    """
    directory = directory or knowledge_dir()
    root = root or directory.parent
    if not directory.is_dir():
        raise KnowledgeError([Problem(str(directory), None, "knowledge directory not found")])
    problems: list[Problem] = []
    reports: list[Report] = []
    topics = TopicsFile()
    for path in sorted(directory.glob("*.yaml")):
        try:
            if path.name == TOPICS_FILE:
                topics = load_topics(path, root)
            else:
                reports.append(load_report(path, root))
        except KnowledgeError as exc:
            problems.extend(exc.problems)
    if not reports and not problems:
        problems.append(Problem(str(directory), None, "no report files (*.yaml) found"))
    problems.extend(_cross_report_problems(reports, root))
    if problems:
        raise KnowledgeError(problems)
    return KnowledgeBase(reports=reports, topics=topics, root=root)


def _cross_report_problems(reports: list[Report], root: Path) -> Iterator[Problem]:
    """Ids are unique; a label or alias is unique within a force (reports of different forces in
    the same round share the round's label, e.g. '2021/22')."""
    owners: dict[tuple[str, str], str] = {}
    for report in reports:
        display = _display(report.path, root)
        force = report.meta.force.lower()
        labels = (report.meta.label, *report.meta.aliases)
        names = [("", report.meta.id), *((force, n.lower()) for n in labels)]
        for name in dict.fromkeys(names):
            if name in owners:
                kind = f"label/alias {name[1]!r} of {report.meta.force}"
                what = kind if name[0] else f"report id {name[1]!r}"
                yield Problem(display, None, f"{what} is also used by {owners[name]}")
            else:
                owners[name] = display


__all__ = [
    "Entry",
    "Item",
    "KnowledgeBase",
    "KnowledgeError",
    "Problem",
    "Recommendation",
    "Report",
    "load_knowledge",
    "load_report",
]
