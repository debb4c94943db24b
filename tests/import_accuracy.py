"""How close `peel-bot import` gets to the hand-curated knowledge: the figures of README "Adding a report".

Run ``python -m tests.import_accuracy`` to print the table; ``tests/test_import.py`` asserts it.
Items are matched by quote: an imported and a curated item match when the opening words (title, or
first sentence of the quote) of either occur in the other's verbatim text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.importer import Draft, import_report
from bot.knowledge.provenance import fold, strip_markup

ROOT = Path(__file__).resolve().parents[1]
SEEDS = {
    "peel-2021-22-west-midlands": ROOT / "seeds" / "peel-2021-22-west-midlands.txt",
    "peel-2016-effectiveness-west-midlands": ROOT / "seeds" / "peel-2016-effectiveness-west-midlands.txt",
}
KINDS = ("improvements", "concerns", "recommendations", "national_recommendations", "practices")
OPENING = 80


@dataclass(frozen=True)
class Score:
    kind: str
    curated: int
    imported: int
    matched: int

    @property
    def recall(self) -> float:
        return self.matched / self.curated if self.curated else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.imported if self.imported else 1.0


def _norm(text: str) -> str:
    return fold(strip_markup(text)).replace("’", "'").casefold()


def _opening(item: dict[str, Any]) -> str:
    text = item.get("title") or item["quote"]
    sentence = re.split(r"(?<=[.:])\s", _norm(text), maxsplit=1)[0]
    return sentence[:OPENING]


def _text(item: dict[str, Any]) -> str:
    return _norm(" ".join(str(item.get(k) or "") for k in ("title", "quote", "progress")))


def same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return _opening(a) in _text(b) or _opening(b) in _text(a)


def matches(curated: list[dict[str, Any]], imported: list[dict[str, Any]]) -> int:
    """One-to-one matches, greedy in file order."""
    free = list(imported)
    count = 0
    for item in curated:
        hit = next((i for i in free if same(item, i)), None)
        if hit is not None:
            free.remove(hit)
            count += 1
    return count


def items(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    if kind == "recommendations":
        return [r for c in data.get("concerns") or [] for r in c.get("recommendations") or []]
    return list(data.get(kind) or [])


def load_curated(report_id: str) -> dict[str, Any]:
    return yaml.safe_load((ROOT / "knowledge" / f"{report_id}.yaml").read_text(encoding="utf-8"))


def imported(report_id: str) -> Draft:
    return import_report(SEEDS[report_id], ROOT, report_id=report_id)


def grades(data: dict[str, Any]) -> dict[str, str | None]:
    """Area name (folded) -> grade, for every area."""
    return {_norm(a["name"]): a["grade"] for a in data["areas"]}


def statistic_recall(curated: dict[str, Any], draft: dict[str, Any]) -> tuple[int, int]:
    """Curated statistics with an imported one of identical value, comparator and period, same sentence."""
    found = 0
    for stat in curated.get("statistics") or []:
        want = (str(stat["value"]), _opt(stat.get("comparator")), _opt(stat.get("period")))
        quote = _norm(stat["quote"])
        if any(
            (str(s["value"]), _opt(s.get("comparator")), _opt(s.get("period"))) == want
            and (_norm(s["quote"]) in quote or quote in _norm(s["quote"]))
            for s in draft.get("statistics") or []
        ):
            found += 1
    return found, len(curated.get("statistics") or [])


def _opt(value: Any) -> str | None:
    return None if value is None else str(value)


def scores(report_id: str, draft: Draft | None = None) -> list[Score]:
    curated = load_curated(report_id)
    data = (draft or imported(report_id)).data
    out = []
    for kind in KINDS:
        mine, theirs = items(data, kind), items(curated, kind)
        out.append(Score(kind, len(theirs), len(mine), matches(theirs, mine)))
    return out


def table() -> str:
    """README table: one row per measure, one column per seed."""
    columns: list[list[str]] = []
    for report_id in SEEDS:
        draft = imported(report_id)
        curated = load_curated(report_id)
        ours, theirs = grades(draft.data), grades(curated)
        same_grades = sum(ours.get(name, "missing") == grade for name, grade in theirs.items())
        cells = [
            f"{same_grades}/{len(theirs)} (100 %)"
            if same_grades == len(theirs)
            else f"{same_grades}/{len(theirs)}"
        ]
        for score in scores(report_id, draft):
            if score.curated == 0 and score.imported == 0:
                cells.append("none in the report, none imported")
            else:
                cells.append(
                    f"{score.recall:.0%} / {score.precision:.0%} ({score.matched} of {score.curated}; "
                    f"{score.imported} imported)"
                )
        found, total = statistic_recall(curated, draft.data)
        cells.append(f"{found / total:.0%} ({found} of {total}; {len(draft.data['statistics'])} imported)")
        cells.append("0")  # the loader and tests/test_import.py check every field
        cells.append(str(len(draft.review)))
        columns.append(cells)
    measures = [
        "grades and graded areas identical",
        *(f"{kind.replace('_', ' ')}: recall / precision" for kind in KINDS),
        "statistics with identical value, comparator and period",
        "fields not verbatim",
        "review notes",
    ]
    rows = ["| measure | " + " | ".join(SEEDS) + " |", "|---" * (len(SEEDS) + 1) + "|"]
    rows += [f"| {m} | " + " | ".join(c[i] for c in columns) + " |" for i, m in enumerate(measures)]
    return "\n".join(rows)


if __name__ == "__main__":
    print(table())
