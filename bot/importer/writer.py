"""Write a draft as YAML the loader reads back unchanged, byte for byte the same for the same input."""

from __future__ import annotations

import difflib
from typing import Any

import yaml

from bot.importer.draft import Draft
from bot.knowledge.models import ReportFile

HEADER = """\
# Drafted by `peel-bot import` from {seed}.
# Every quote, title, judgment, point, status, progress, period and section is verbatim from the
# seed (whitespace folded, glossary markup read as the term); ids, labels, units and keywords are
# ours. Work through `review:` (line = line in the seed), then run `peel-bot check`.
"""
WIDTH = 100
KEY_ORDER = (
    "id",
    "title",
    "force",
    "inspectorate",
    "published",
    "label",
    "year",
    "aliases",
    "grade_scale",
    "seed",
    "caveat",
    "area",
    "name",
    "label",
    "title",
    "grade",
    "judgment",
    "overall",
    "section",
    "value",
    "unit",
    "comparator",
    "comparator_label",
    "period",
    "quote",
    "points_lead",
    "points",
    "in_text",
    "alleviated",
    "status",
    "progress",
    "recommendations",
    "other_quotes",
    "reading",
    "why",
    "keywords",
)


class _Dumper(yaml.SafeDumper):
    """Block scalars for multi-paragraph text; lists of keywords stay on one line."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=">")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


class _Flow(list[Any]):
    """A short list written on one line (keywords, aliases, the grade scale)."""


def _flow(dumper: yaml.SafeDumper, value: _Flow) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(_Flow, _flow)
FLOW_KEYS = ("keywords", "aliases", "grade_scale")


def _ordered(value: Any) -> Any:
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: (KEY_ORDER.index(k) if k in KEY_ORDER else len(KEY_ORDER), k))
        return {
            k: _Flow(value[k]) if k in FLOW_KEYS else _ordered(value[k])
            for k in keys
            if k != "line" and (value[k] is not None or k == "grade")  # null only where it means 'ungraded'
        }
    if isinstance(value, list):
        return [_ordered(v) for v in value]
    return value


def render(draft: Draft) -> str:
    """The knowledge file's text: header, ``review:`` first, then the report's sections."""
    body: dict[str, Any] = {"review": [note.model_dump() for note in draft.review]}
    body["report"] = _ordered(draft.data["report"])
    for name in ("areas", *ReportFile.ITEM_LISTS):
        body[name] = _ordered(draft.data.get(name, []))
    text = yaml.dump(
        body, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=WIDTH, default_flow_style=False
    )
    return HEADER.format(seed=draft.data["report"]["seed"]) + text


def unified_diff(old: str, new: str, name: str) -> str:
    """What re-importing would change in ``name`` (empty when nothing)."""
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{name}", f"b/{name}"
        )
    )
