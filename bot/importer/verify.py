"""Check every field the draft will state against the report before it is written.

Each entry is validated with the knowledge schema's own model and each of its ``VERBATIM`` fields
is looked up in the seed with the provenance helpers the loader uses. An optional field that fails
is dropped, an entry whose required text fails is dropped; both leave a review note.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from bot.importer.draft import Draft, Entry
from bot.knowledge.models import Concern, Inconsistency, Recommendation, ReportFile, ReportMeta, Strict
from bot.knowledge.provenance import is_verbatim

MODELS = ReportFile.entry_models()


def _required(model: type[Strict], name: str) -> bool:
    return model.model_fields[name].is_required()


def _check_fields(
    entry: Entry, model: type[Strict], seed: str, where: str, line: int | None, draft: Draft
) -> bool:
    """Drop failing optional verbatim fields; False when a required one fails."""
    for name in model.VERBATIM:
        value: Any = entry.get(name)
        if value is None:
            continue
        values = value if isinstance(value, list) else [value]
        bad = [v for v in values if not is_verbatim(v, seed)]
        if not bad:
            continue
        if _required(model, name) or (isinstance(value, list) and model is Inconsistency):
            draft.note(where, line, f"dropped: its {name} is not verbatim in the report: “{bad[0][:80]}”")
            return False
        if isinstance(value, list):
            entry[name] = [v for v in values if v not in bad]
        else:
            del entry[name]
        draft.note(f"{where}.{name}", line, f"left out: not verbatim in the report: “{bad[0][:80]}”")
    return True


def verified(draft: Draft, seed: str) -> None:
    """Filter ``draft.data`` in place to entries that are valid and verbatim."""
    data = draft.data
    meta = data["report"]
    if not _check_fields(meta, ReportMeta, seed, "report", None, draft):
        raise ValueError("the report's title is not verbatim in its own text")
    for list_name, model in MODELS.items():
        kept = []
        for entry in data.get(list_name, []):
            line = entry.get("line")
            where = f"{list_name}.{entry.get('id')}"
            if not _check_fields(entry, model, seed, where, line, draft):
                continue
            if model is Concern:
                entry["recommendations"] = [
                    r
                    for r in entry.get("recommendations", [])
                    if _check_fields(
                        r, Recommendation, seed, f"{where}.recommendations", r.get("line"), draft
                    )
                ]
            try:
                model.model_validate(_clean(entry))
            except ValidationError as exc:
                draft.note(where, line, "dropped: " + "; ".join(e["msg"] for e in exc.errors()))
                continue
            kept.append(entry)
        data[list_name] = kept


def _clean(entry: Entry) -> Entry:
    out = {k: v for k, v in entry.items() if k != "line"}
    if "recommendations" in out:
        out["recommendations"] = [_clean(r) for r in out["recommendations"]]
    return out
