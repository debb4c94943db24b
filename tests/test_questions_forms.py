"""How a question is built, not which words it uses: a kind of entry named in a question chooses
the command and leaves the topic; a grade word as the question's adjective is not a grade
filter; a year no report is named by may still be a topic the reports' own text uses; an area
for improvement asked for by an area's name is looked up under that area.

Each case was one of tests/test_questions_heldout.py's still-weak questions, or a phrasing of
the same shape written beside it (checked with tests/questions_support.py)."""

# ruff: noqa: E501  (one question per line reads best as a table)
from __future__ import annotations

import pytest

from bot.engine.answer import Engine
from bot.engine.parse import parse
from tests.questions_support import Q, problems, q

FORMS: list[Q] = [
    # a kind word chooses the verb; the rest is the topic
    q("is the IOM national recommendation met", "rec", "N/national-iom"),
    q("national recommendation on stop and search", "rec", "N/national-stop-search"),
    q("has the vetting recommendation been met", "rec", "N/national-vetting"),
    q("any statistics on knife crime", "stat", "N/stat-knife-crime", facts=("1.55",)),
    q("innovative practice on missing people", "practice", "N/practice-locate-team"),
    # 'score' as a verb asks for a grade ('crime severity score' stays a figure)
    q("what did they score for developing a positive workplace", "grade", "N/workforce", facts=("Adequate",)),
    q("what did they score on victims", "grade", "N/victims", facts=("Requires improvement",)),
]


@pytest.fixture(scope="module")
def engine(kb) -> Engine:
    return Engine(kb)


@pytest.mark.parametrize("case", FORMS, ids=[c.text[:50] for c in FORMS])
def test_question_form(case: Q, engine: Engine, kb) -> None:
    assert problems(case, engine, kb) == []


@pytest.mark.parametrize("kind", ["national recommendation", "area for improvement", "cause of concern", "innovative practice", "statistic"])
def test_a_kind_word_is_never_part_of_the_topic(kind: str, kb) -> None:
    query = parse(f"the {kind} on vetting", kb)
    assert query.topic == "vetting"
