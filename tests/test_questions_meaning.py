"""Everyday words read in the reports' vocabulary, and which of several matching entries leads.

Each class of miss found on the blind dev sets (issue 8) is checked here with wordings of our own,
not the dev sets' text: the vocabulary rows in knowledge/topics.yaml and the match ranking in
bot/engine/match/ are what make them pass, never a rule for one phrase.
"""

from __future__ import annotations

import pytest

from bot.engine.answer import Engine
from bot.engine.match.index import MatchIndex
from tests.questions_support import NO, Q, problems, q

# everyday verbs and nouns for the reports' topics
PARAPHRASES = [
    q(
        "how good are they at catching criminals",
        "grade",
        "N/investigating-crime",
        facts=("Requires improvement",),
    ),
    q("rating for looking after vulnerable people in 2016", "grade", "O/vulnerability", only="O"),
    q("is the force looking after vulnerable folks", "grade", "N/vulnerable"),
    q("how good are they at answering emergencies", "grade", "N/responding", facts=("Adequate",)),
    q("how many folk subscribe to wmnow", "stat", "N/stat-wmnow-subscribers", facts=("70,000",)),
    q("wmnow alerts subscribers", "stat", "N/stat-wmnow-subscribers"),
    q(
        "how many computers are still waiting to be examined",
        "stat",
        "O/htcu-computers-awaiting",
        facts=("47",),
    ),
    q("officers abusing their position for sex", "find", "N/finding-abuse-of-position"),
    q("what did they recommend about dash forms", "rec", "O/domestic-abuse-risk-assessment-rec"),
    q("staff worked into the ground with overtime", "find", "N/finding-response-demand|N/finding-wellbeing"),
    q(
        "domestic abuse victims who pull out of prosecutions",
        "stat|find",
        "O/da-outcome-evidential-victim-does-not-support|O/evidential-difficulties-victim-no-support|"
        "N/stat-outcome-16-accurate|N/stat-outcome-16-auditable|O/domestic-abuse-risk-assessment-concern",
    ),
]

# 'use force' is the police use of force, not 'the force' the question is about
USE_OF_FORCE = [
    q("how often do officers use force", "stat", "N/stat-use-of-force-recorded|N/stat-use-of-force-expected"),
    q(
        "is the force under-recording its use of force",
        "",
        "N/treatment-of-public|N/stat-use-of-force-expected",
    ),
    q("uses of force recorded by west mids", "stat", "N/stat-use-of-force-recorded", facts=("11,187",)),
    q("under-recorded use of force figures", "stat", "N/stat-use-of-force-expected"),
]

# among several entries that match, the current figure leads a past comparator
RANKING = [
    q(
        "proportion of violent crimes that get recorded",
        "stat",
        "N/stat-violent-crime-recorded",
        facts=("93.2",),
    ),
]

# words the reports don't know stay honest no-matches
STILL_NO = [
    q("how many police horses do they have", NO),
    q("do they use force on dogs at the pound", NO),
]

CASES = PARAPHRASES + USE_OF_FORCE + RANKING + STILL_NO


@pytest.mark.parametrize("case", CASES, ids=[c.text[:50] for c in CASES])
def test_everyday_wording_reads_as_the_reports_do(case: Q, engine: Engine, kb) -> None:
    assert problems(case, engine, kb) == []


def test_a_dated_figure_follows_the_current_one_it_ties_with(kb) -> None:
    """Both violent-crime recording figures match in full; the one labelled '2018' is the past
    comparator, first only when 2018 is asked for."""
    index = MatchIndex(kb)
    found = dict(index.search("violent crime recorded", kinds={"statistic"}))
    now, then = (f"peel-2021-22-west-midlands/stat-violent-crime-recorded{s}" for s in ("", "-2018"))
    assert found[now] == found[then]
    assert index.search("violent crime recorded", kinds={"statistic"})[0][0] == now
    assert index.search("violent crime recorded 2018", kinds={"statistic"})[0][0] == then
