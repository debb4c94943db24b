"""Which command a question means: how it asks, not what it asks about.

Each class of wording below is a rule in bot/engine/question.py, bot/engine/parse.py or
bot/engine/commands.py (improvement wanted is ``aoi``; red flags are causes of concern; plural grade
words and the overall picture are the summary; 'how well' of one entry's topic is that entry; a bare
figure is a statistic; 'singled out as good practice' is practice; progress words ask for a concern's
status; a question after a context sentence keeps the context's words its answer holds, and a last
clause naming no topic refers back to it; the verdict on a topic is its grade; words in brackets
are an aside). The wordings are this file's own, checked with tests/questions_support.py, with guards that the
neighbouring wordings keep their command."""

# ruff: noqa: E501  (one question per line reads best as a table)
from __future__ import annotations

import pytest

from bot.engine.answer import Engine
from bot.engine.parse import parse
from tests.questions_support import NO, Q, problems, q, shown_text

N_AFIS = "N/afi-investigations|N/afi-victim-diversity|N/afi-sex-offenders|N/afi-soc-mapping|N/afi-demand-priorities"
O_CONCERNS = "O/domestic-abuse-risk-assessment-concern|O/missing-children-concern|O/domestic-abuse-suspects-concern-2015"

INTENT: list[Q] = [
    # improvement wanted ('need to do better', 'want improved', 'asked to fix', 'needs sorting') is aoi
    q("where does wmp need to do better on investigations", "aoi", "N/afi-investigations"),
    q("what did the inspectorate want improved about demand and priorities", "aoi", "N/afi-demand-priorities"),
    q("what were they asked to fix on problem solving in 2016", "aoi", "O/problem-solving-afi", only="O"),
    q("what needs sorting on organised crime group mapping", "aoi", "N/afi-soc-mapping|O/ocg-mapping-afi"),
    q("what do they want the force to change about victim diversity data", "aoi", "N/afi-victim-diversity"),
    q("what have we got to improve before the next inspection", "aoi", N_AFIS, only="N"),
    q("is there an issue with sex offender management in 2016", "aoi", "O/sex-offender-management-afi", only="O"),
    # ...while being told what to do stays a recommendation
    q("what were they told to do about stop and search", "rec", "N/national-stop-search"),
    # warning signs are causes of concern
    q("any warning signs in the 2016 inspection", "concern", O_CONCERNS, only="O"),
    q("what were the most worrying findings in 2016", "concern", O_CONCERNS, only="O"),
    # every grade at once: areas picked by a grade, plural grade words, the whole picture
    q("which sections were we rated good in", "summary", "N/crime-data-integrity", "N/treatment-of-public"),
    q("show me all the ratings for 2016", "summary", "O/overall", "O/preventing", only="O"),
    q("headline grades from 2016", "summary", "O/overall", only="O"),
    q("what's the big picture for west mids", "summary", "O/overall", "N/victims"),
    # ...the overall grade asked in the singular stays a grade; 'how the force fared on' is one grade
    q("what was the overall rating in 2016", "grade", "O/overall", facts=("Good",), only="O"),
    q("how the force fared on protecting vulnerable people in 2016", "grade", "O/vulnerability", facts=("Requires improvement",), only="O"),
    # 'how well'/'how does' of a topic one entry names (no section's name): that entry, a figure first
    q("how well is THRIVE used in the control room", "stat", "N/stat-thrive-used-well", facts=("187",)),
    q("how do they manage foreign national offenders", "find", "N/finding-foreign-nationals"),
    q("how does wmp handle pre-charge bail", "find", "N/finding-bail-rui"),
    # ...a topic sharing a word with a section's name keeps the grade
    q("how well do they look after victims", "grade", "N/investigating-crime"),
    q("how well do they investigate crime", "grade", "N/investigating-crime", "O/investigating"),
    # a bare phrase whose best match is a figure is a statistic; 'tell me about' stays a search
    q("vetting backlog", "stat", "N/stat-vetting-backlog-now"),
    q("domestic abuse arrests 2016", "stat", "O/domestic-abuse-arrest-rate", facts=("52.4",), only="O"),
    q("tell me about body worn video", "find"),
    # a question opening on a figure asks for one, whatever improvement word follows
    q("how many extra violent crimes were recorded because of the improvement", "stat", "N/stat-extra-violent-crimes", facts=("18,500",)),
    q("what percentage of violent crime gets recorded now, is that an improvement", "stat", "N/stat-violent-crime-recorded-2018|N/stat-violent-crime-recorded"),
    q("how many areas for improvement did they get in 2016", "aoi", "O/problem-solving-afi", only="O"),
    # praise phrases are filler: 'picked out as innovative' is practice on the topic
    q("was the locate team picked out as innovative practice", "practice", "N/practice-locate-team"),
    q("what are they doing well to recruit a more representative workforce", "practice|find", "N/practice-workforce-representation"),
    # progress on recommendations: the concern and its status; a national one, its own progress
    q("have the 2016 recommendations on domestic abuse been actioned", "concern", "O/domestic-abuse-risk-assessment-concern|O/domestic-abuse-suspects-concern-2015", only="O"),
    q("has the vetting recommendation been implemented", "rec", "N/national-vetting"),
    q("did the 2019 recommendations on vetting get done", "rec", "N/national-vetting", facts=("2019",)),
    q("has the missing children concern been addressed", "concern", "O/missing-children-concern"),
    q("have they sorted the vetting backlog out", "", "N/national-vetting|N/hmi-vetting|N/stat-vetting-needed|N/stat-vetting-backlog-now"),
    # a context sentence, then the question: the context's scope and the words its answer holds
    q("our team is reviewing domestic abuse work for the board. in 2016 what was the issue with risk assessments?", "aoi|concern", "O/domestic-abuse-risk-assessment-concern", only="O"),
    # ...and a last clause asking for a kind of entry without naming it refers back to the context
    q("the chair keeps raising missing children. has that concern been dealt with?", "concern", "O/missing-children-concern"),
    q("the audit committee asked about vetting again, which HMICFRS first raised in 2019 - has that recommendation been met?", "rec", "N/national-vetting", facts=("2019",)),
    q("we are looking at fire service vetting - has it met the recommendation?", NO),
    q("my colleague in greater manchester is asking about vetting - has it met the recommendation?", NO),
    # the verdict on a topic is its grade; 'better now than' compares; 'how does it compare' is a figure
    q("what was the verdict on preventing crime in 2021", "grade", "N/preventing-crime", facts=("Good",), only="N"),
    q("is investigating crime better now than in 2016", "compare", "N/investigating-crime", "O/investigating"),
    q("victim satisfaction in 2016 - how does it compare with the national average", "stat", "O/victim-satisfaction-panel", facts=("82.2",), only="O"),
    # being told to do something is a recommendation; a kind of entry asked 'since' is that kind's
    q("has the force done what it was told about IOM", "rec", "N/national-iom"),
    q("is problem solving still an area for improvement since 2016", "aoi", "O/problem-solving-afi"),
    # 'how many' asks for a figure even after the topic ('should' does not make it a recommendation)
    q("wanted persons on the PNC - how many should have been circulated", "stat", "O/pnc-wanted-rate"),
    # no concern on it, then the next kind of entry asked for ('issue': areas for improvement)
    q("has the 2018 issue with victim diversity data been sorted", "aoi", "N/afi-victim-diversity"),
    # 'these days' is the newest report, never a topic word
    q("how good are they at protecting vulnerable people these days", "grade", "N/vulnerable", facts=("Requires improvement",), only="N"),
    # words in brackets are an aside; plural 'results' is every grade
    q("any causes of concern in 2016 (the big ones)", "concern", O_CONCERNS, only="O"),
    q("their results for 2016", "summary", "O/overall", only="O"),
    q("knife crime (per 1,000) in 2021", "stat", "N/stat-knife-crime", facts=("1.55",), only="N"),
    # out of scope stays honest however it is asked
    q("what does greater manchester police need to do better on investigations", NO),
    q("what did they want improved in 2019", NO),
    q("how does merseyside compare with the national average on knife crime", NO),
    q("any causes of concern for the fire service (the big ones)", NO),
]


@pytest.mark.parametrize("case", INTENT, ids=[c.text[:50] for c in INTENT])
def test_question_intent(case: Q, engine: Engine, kb) -> None:
    assert problems(case, engine, kb) == []


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("what do they need to do better on sex offenders", "sex offenders"),
        ("what did the inspectors want changed about ocg mapping", "ocg mapping"),
        ("what does the force need to fix on investigations", "investigations"),
        ("what needs improving around problem solving", "problem solving"),
        ("what were they told to improve about demand", "demand"),
        ("have they sorted vetting out", "vetting"),
    ],
)
def test_improvement_scaffolding_never_stays_in_the_topic(text: str, topic: str, kb) -> None:
    assert parse(text, kb).topic == topic


def test_a_typed_command_is_untouched_by_question_words(engine: Engine) -> None:
    assert engine.answer("rec missing children 2016").verb == "rec"
    assert engine.answer("grade responding").verb == "grade"
    assert engine.answer("find vetting backlog").verb == "find"
    assert engine.answer("summary 2016").verb == "summary"


def test_the_context_words_kept_are_named_and_the_story_ignored(engine: Engine) -> None:
    reply = engine.answer("our team is reviewing domestic abuse work for the board. in 2016 what was the issue with risk assessments?")
    text = shown_text(reply)
    assert "“domestic abuse risk assessments”" in text
    assert "ignored:" in text and "board" in text
