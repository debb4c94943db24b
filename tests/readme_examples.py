"""The README's example replies, read from its Commands section, and the bot's real ones.

Every table there whose header starts ``| you type |`` (or ``| command |``, by its example
column) shows what a user types and what the bot replies, shortened. A reply cell is fragments
of the real reply joined by `` · `` or cut by ``…``; text in [square brackets] is the README's own
comment, not output. ``tests/test_readme_examples.py`` checks every fragment against the engine;
``python -m tests.readme_examples`` prints each example's real reply, to refresh a row that drifted.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SECTION = "## Commands"
_CODE = re.compile(r"`((?:\\`|[^`])+)`")
_COMMENT = re.compile(r"\[[^\]]*\]")
_EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\u2b50\u26aa\u26ab]|:[a-z0-9_+-]+:")
_MARKS = re.compile(r"[*_`>“”\"]")
_CUTS = re.compile(r" · |…|\.\.\.")
MIN_FRAGMENT = 4  # characters; shorter leftovers of a cut ('(', 'then') say nothing


@dataclass(frozen=True)
class Example:
    """One README row: where it is, what is typed, the command it is read as (None: not shown or
    '—'), and the fragments of the reply it shows."""

    line: int
    typed: str
    read_as: str | None
    fragments: tuple[str, ...]
    note: str = ""  # the whole 'read as' cell ('… · ignored: handling')


def normalise(text: str) -> str:
    """Text as compared: no emoji or their :codes:, no mrkdwn marks or quotes, one space."""
    return " ".join(_MARKS.sub("", _EMOJI.sub(" ", text)).split())


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip().strip("|").split(" | ")]


def _code(cell: str) -> str | None:
    found = _CODE.search(cell)
    return found.group(1).replace("\\`", "`") if found else None


def fragments(cell: str) -> tuple[str, ...]:
    """The pieces of real output a reply cell shows (comments in [brackets] left out)."""
    pieces = (normalise(p).strip(" ()") for p in _CUTS.split(_COMMENT.sub(" · ", cell)))
    return tuple(p for p in pieces if len(p) >= MIN_FRAGMENT)


def examples(readme: Path = README) -> list[Example]:
    """Every example row of the README's Commands section, in order."""
    lines = readme.read_text(encoding="utf-8").splitlines()
    start = lines.index(SECTION)
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("## "))
    found: list[Example] = []
    header: list[str] = []
    for number in range(start, end):
        line = lines[number].strip()
        if not line.startswith("|"):
            header = []
            continue
        cells = _cells(line)
        if not header:
            header = cells
            continue
        if set(line) <= set("|- "):
            continue
        row = dict(zip(header, cells, strict=False))
        if header[0] == "you type":
            typed, read, note = _code(row["you type"]), _code(row["read as"]), row["read as"]
        elif header[0] == "command" and (_code(row.get("example", "")) or "").startswith("/peel "):
            typed, read, note = (_code(row["example"]) or "").removeprefix("/peel "), None, ""
        else:
            continue
        reply = next(cell for name, cell in row.items() if name.startswith("reply"))
        if typed and fragments(reply):
            found.append(Example(number + 1, typed, read, fragments(reply), note))
    return found


def main() -> None:
    """Print every example's real reply (what the engine says now), to refresh README rows."""
    from bot.engine.answer import Engine
    from bot.knowledge import load_knowledge
    from tests.questions_support import shown_text

    engine = Engine(load_knowledge())
    for example in examples():
        print(f"README.md:{example.line}: {example.typed}\n  {shown_text(engine.answer(example.typed))}\n")


if __name__ == "__main__":
    sys.exit(main())
