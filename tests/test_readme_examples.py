"""The README's Commands section tells the truth: every example row's reply fragments are in the
bot's real reply, and the command it says a question is read as is the one the bot names."""

from __future__ import annotations

import re

import pytest

from bot.engine.answer import Engine
from bot.engine.commands import BY_NAME
from tests.questions_support import shown_text
from tests.readme_examples import README, SECTION, Example, examples, fragments, normalise

EXAMPLES = examples()
_READ_AS = re.compile(r"Read as `/peel ([^`]+)`")


def test_the_commands_section_has_examples_of_every_kind_of_answer() -> None:
    verbs = {example.read_as.split()[0] for example in EXAMPLES if example.read_as}
    verbs |= {example.typed.split()[0] for example in EXAMPLES if example.typed.split()[0] in BY_NAME}
    assert {"grade", "stat", "aoi", "concern", "rec", "practice", "compare", "summary", "find"} <= verbs
    replies = " ".join(" ".join(example.fragments) for example in EXAMPLES)
    assert "No report for" in replies and "No report on" in replies  # another force, another service
    assert any("ignored:" in example.note for example in EXAMPLES)  # a partial answer says what it left out


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: f"line{e.line}")
def test_a_readme_reply_is_the_real_reply(engine: Engine, example: Example) -> None:
    real = normalise(shown_text(engine.answer(example.typed)))
    missing = [fragment for fragment in example.fragments if fragment not in real]
    assert not missing, f"README.md:{example.line} `{example.typed}` shows {missing}, not in: {real[:600]}"


@pytest.mark.parametrize("example", [e for e in EXAMPLES if e.read_as], ids=lambda e: f"line{e.line}")
def test_a_question_is_read_as_the_readme_says(engine: Engine, example: Example) -> None:
    reply = shown_text(engine.answer(example.typed))
    said = _READ_AS.search(reply)
    query = engine.parse(example.typed)
    read = said.group(1) if said else f"{query.verb} {query.topic}".strip()
    assert example.read_as == read or (not said and example.read_as.startswith(read)), (
        f"README.md:{example.line} says `{example.read_as}`, the bot reads `{read}`"
    )


def test_every_command_the_readme_names_exists() -> None:
    section = README.read_text(encoding="utf-8").split(SECTION)[1].split("\n## ")[0]
    table = section.split("| command |")[1].split("\n\n")[0]  # the command table, to its end
    named = set(re.findall(r"^\| `([a-z]+)[ `]", table, flags=re.MULTILINE))
    assert len(named) >= 9 and named <= set(BY_NAME), named - set(BY_NAME)


def test_fragments_leave_out_comments_and_marks() -> None:
    cell = "🟢 **Good** — Investigating [then each report's grades] · > *Finding* …"
    assert fragments(cell) == ("Good — Investigating", "Finding")
