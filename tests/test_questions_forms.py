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
from bot.engine.render import entry_text
from tests.questions_support import NEW, NO, OLD, Q, problems, q, shown_text

FORMS: list[Q] = [
    # a kind word chooses the verb; the rest is the topic
    q("is the IOM national recommendation met", "rec", "N/national-iom"),
    q("national recommendation on stop and search", "rec", "N/national-stop-search"),
    q("has the vetting recommendation been met", "rec", "N/national-vetting"),
    q("any statistics on knife crime", "stat", "N/stat-knife-crime", facts=("1.55",)),
    q("innovative practice on missing people", "practice", "N/practice-locate-team"),
    # a grade word as the question's adjective asks how the force did: every grade, not a filter
    q("are west mids police good", "grade|summary", "N/victims", "N/investigating-crime", "O/overall"),
    q("is the force inadequate", "grade|summary", "N/victims", "N/workforce"),
    q("how good are wmp", "grade|summary", "N/victims", "O/overall"),
    q("are wmp bad", "grade|summary", "N/victims", "O/overall"),
    q("were they outstanding in 2016", "grade|summary", "O/overall", "O/preventing", only="O"),
    # ...and an overall question gives the overall judgment first, then every grade
    q("how did west midlands do overall", "grade|summary", "O/overall", "N/victims", "N/workforce", facts=("Good",)),
    q("how are they doing overall in 2016", "grade|summary", "O/overall", "O/preventing", only="O"),
    # a year no report is for, used by the reports' own text on the topic, is part of the topic
    q("how many extra violent crimes got recorded since 2018", "find|stat", "N/stat-extra-violent-crimes", facts=("18,500",)),
    q("have they fixed the 2015 domestic abuse concerns", "concern", "O/domestic-abuse-risk-assessment-concern|O/domestic-abuse-suspects-concern-2015", only="O"),
    q("the 2019 vetting recommendation", "rec", "N/national-vetting", only="N"),
    # a year naming a report only by its publication ('2017': the 2016 report) with nothing there
    q("what happened to the 2017 stop and search recommendation", "rec", "N/national-stop-search", only="N"),
    q("rec vetting 2017", NO),  # the 2016 report has none, and no vetting entry mentions 2017
    q("vulnerable people grade 2017", "grade", "O/vulnerability", only="O"),  # a grade: the report it names
    # ...but never where nothing on the topic mentions it, nor for a grade (a grade is a report's)
    q("domestic abuse 2019", NO),
    q("victim satisfaction 2020", NO),
    q("how good were they at vetting in 2019", NO),
    q("stat vetting 2019", NO),
    # an area for improvement (or concern) asked for by a section's name: those filed under it
    q("what improvements are needed on protecting vulnerable people", "aoi", "O/vulnerable-investigations-afi"),
    q("causes of concern in protecting vulnerable people", "concern", "O/domestic-abuse-risk-assessment-concern", "O/missing-children-concern"),
    q("aoi protecting vulnerable people 2021", NO),  # none is filed there in 2021/22
    # 'score' as a verb asks for a grade ('crime severity score' stays a figure)
    q("what did they score for developing a positive workplace", "grade", "N/workforce", facts=("Adequate",)),
    q("what did they score on victims", "grade", "N/victims", facts=("Requires improvement",)),
    q("what did wmp score for investigating crime", "grade", "N/investigating-crime", "O/investigating"),
    q("whats the crime severity score for west midlands", "stat|find", "N/stat-crime-severity-score"),
    q("how did they do in general", "grade|summary", "O/overall", "N/victims"),
    # a report named relative to now: 'last time' is the previous round, 'this time' the newest
    q("has protecting vulnerable people improved since the last inspection", "compare", "N/vulnerable", "O/vulnerability", facts=("Requires improvement",)),
    q("did the soc grade change since last time", "compare", "N/serious-organised-crime", "O/serious-organised-crime", facts=("Good",)),
    q("what grade did they get for investigating this time", "grade", "N/investigating-crime", facts=("Requires improvement",), only="N"),
    q("investigating grade last time", "grade", "O/investigating", facts=("Good",), only="O"),
    q("what did the last inspection say about missing children", "", "O/missing-children-concern|O/missing-children-enduring-concern|O/missing-children-2015-findings", only="O"),
]


@pytest.mark.parametrize("case", FORMS, ids=[c.text[:50] for c in FORMS])
def test_question_form(case: Q, engine: Engine, kb) -> None:
    assert problems(case, engine, kb) == []


@pytest.mark.parametrize("kind", ["national recommendation", "area for improvement", "cause of concern", "innovative practice", "statistic"])
def test_a_kind_word_is_never_part_of_the_topic(kind: str, kb) -> None:
    query = parse(f"the {kind} on vetting", kb)
    assert query.topic == "vetting"


@pytest.mark.parametrize(
    "text, grades",
    [
        ("are west mids police good", ()),
        ("is the force requiring improvement", ()),
        ("which areas were rated good", ("Good",)),
        ("were they judged inadequate anywhere", ("Inadequate",)),
        ("what requires improvement in 2021", ("Requires improvement",)),
        ("list the good areas", ("Good",)),
    ],
)
def test_a_grade_filters_only_where_the_question_asks_which_areas(text: str, grades: tuple[str, ...], kb) -> None:
    query = parse(text, kb)
    assert query.grades == grades
    assert grades or query.verb == "grade"  # no filter: every grade, as asked


def test_an_adjective_grade_answers_with_every_grade_not_a_filtered_list(engine: Engine, kb) -> None:
    everything = engine.answer("summary").entries
    assert engine.answer("are west mids police good").entries == everything
    graded_good = engine.answer("which areas are graded good").entries
    assert graded_good and set(graded_good) < set(everything)


def test_a_year_read_as_a_topic_is_said_so_and_every_entry_shown_uses_it(engine: Engine, kb) -> None:
    reply = engine.answer("the 2019 vetting recommendation")
    text = shown_text(reply)
    assert "No report covers “2019”; these entries mention it." in text
    assert "Ignored" not in text
    entries = [kb.entry(uid) for uid in reply.entries]
    assert entries and all(e is not None and "2019" in entry_text(e) for e in entries)


@pytest.mark.parametrize(
    "text, verb",
    [
        ("has the 2018 victim diversity problem been fixed", "aoi"),  # no concern holds it: its improvement area
        ("2018 victim diversity data - sorted yet?", "aoi"),
        ("is the 2019 vetting recommendation met yet", "rec"),
    ],
)
def test_a_year_inside_a_progress_question_finds_the_entry_of_a_kin_kind_using_it(
    engine: Engine, kb, text: str, verb: str
) -> None:
    reply = engine.answer(text)
    assert reply.verb == verb
    assert "these entries mention it." in shown_text(reply)
    entries = [kb.entry(uid) for uid in reply.entries]
    assert entries and all(e is not None and e.report.id == NEW for e in entries)


@pytest.mark.parametrize(
    "text", ["has the 2019 investigating problem been fixed", "grade vetting 2019", "what was fixed in 2023"]
)
def test_a_year_no_entry_on_the_topic_uses_stays_an_honest_no(engine: Engine, text: str) -> None:
    reply = engine.answer(text)
    assert not reply.entries
    assert shown_text(reply).startswith("No report matches")


def test_entries_asked_for_by_a_section_name_are_those_filed_under_it(engine: Engine, kb) -> None:
    reply = engine.answer("what improvements are needed on protecting vulnerable people")
    entries = [kb.entry(uid) for uid in reply.entries]
    assert entries and all(e is not None and e.kind == "improvement" for e in entries)
    assert {(e.report.id, e.area.id) for e in entries if e is not None} == {(OLD, "vulnerability")}
    text = shown_text(reply)
    assert "No area for improvement is filed under “Protecting vulnerable people” in 2021/22." in text


def test_a_keyword_of_a_section_is_not_its_name(engine: Engine) -> None:
    assert engine.answer("aoi missing children").entries == ()  # a keyword of the 2016 vulnerability section


def test_a_publication_year_read_as_a_topic_is_said_so(engine: Engine) -> None:
    text = shown_text(engine.answer("the 2017 stop and search recommendation"))
    assert "None in 2016 (the report “2017” names); these entries mention “2017”." in text


@pytest.mark.parametrize(
    "text, topic",
    [
        ("whats the 999 answer rate", "999 answer rate"),  # 'rate' inside a phrase the knowledge uses
        ("whats west midlands crime severity score", "crime severity score"),
        ("what % of stop and search records had a reasonable rationale", "% stop and search records reasonable rationale"),
        ("share of recorded crime with a vulnerable victim", "share recorded crime vulnerable victim"),
        ("five year change in recorded crime 2016", "five year recorded crime"),
        ("victim satisfaction rate 2016 vs E&W", "victim satisfaction"),
        ("is west mids the worst force for knife crime?", "knife crime"),
    ],
)
def test_a_figure_is_asked_for_by_its_words_or_a_comparator(text: str, topic: str, kb) -> None:
    query = parse(text, kb)
    assert (query.verb, query.topic) == ("stat", topic)


def test_a_comparator_keeps_the_year_asked_for(kb) -> None:
    query = parse("domestic abuse incidents per 1,000 in 2021 compared with england and wales", kb)
    assert (query.verb, query.report_ids) == ("stat", (NEW,))  # not a comparison across years


@pytest.mark.parametrize(
    "text", ["victim satisfaction 2016 compared with the national figure", "victim satisfaction 2016 vs the average"]
)
def test_a_comparator_after_the_is_still_a_comparator(text: str, kb, engine: Engine) -> None:
    """'the national figure' is England and Wales's, not the other report's: one year stays one."""
    query = parse(text, kb)
    assert (query.verb, query.topic, query.report_ids) == ("stat", "victim satisfaction", (OLD,))
    assert all(entry.startswith(OLD) for entry in engine.answer(text).entries)


@pytest.mark.parametrize(
    "text",
    [
        "hi can you tell me how west midlands police did in their latest inspection",
        "is wmp the best force",
        "what's their weakest area",
        "can i get every area grade from the 2021 report pls",
    ],
)
def test_the_force_as_a_whole_is_its_summary(text: str, engine: Engine) -> None:
    reply = engine.answer(text)
    assert reply.verb == "summary"
    assert set(reply.entries) <= set(engine.answer("summary").entries) and reply.entries


@pytest.mark.parametrize("text", ["what was the overall verdict on west midlands police", "headline conclusions"])
def test_the_overall_verdict_opens_on_the_overall_judgment(text: str, engine: Engine) -> None:
    reply = engine.answer(text)
    assert reply.verb == "grade"
    assert reply.entries[0] == f"{OLD}/overall"


def test_a_one_word_grade_before_a_topic_word_is_its_adjective(kb) -> None:
    query = parse("did they fix the backlog of outstanding domestic abuse suspects", kb)
    assert query.grades == () and "outstanding" in query.topic.split()
    assert parse("were they rated outstanding for investigating", kb).grades == ("Outstanding",)


@pytest.mark.parametrize(
    "text, topic",
    [
        ("wots knife crime like in the west mids", "knife crime"),
        ("sorry if this is a dumb question but what is iom and hows it going", "iom"),
        ("hw gd r they at respondin 2 the public", "respondin to the public"),  # '2' between words is 'to'
        ("how r wmp doin wiv domestic abuse", "domestic abuse"),
        ("how many officers joined in 2 years", "officers joined 2 years"),  # a count stays a number
        ("new IT for investigators", "new ict investigators"),  # 'IT' in capitals is no pronoun
    ],
)
def test_chat_spellings_and_asides_are_scaffolding(text: str, topic: str, kb) -> None:
    assert parse(text, kb).topic == topic


def test_better_or_worse_and_improved_since_ask_for_a_comparison(kb) -> None:
    assert parse("protecting vulnerable people: better or worse than 2016?", kb).verb == "compare"
    assert parse("has investigating improved since 2016", kb).topic == "investigating"


def test_criticism_asks_for_areas_for_improvement(kb) -> None:
    assert parse("what did the 2016 report criticise", kb).verb == "aoi"


def test_the_crown_prosecution_service_is_another_inspectorates_subject(engine: Engine) -> None:
    reply = engine.answer("how is the crown prosecution service performing in the west midlands")
    assert not reply.entries
    assert shown_text(reply).startswith("No report on the Crown Prosecution Service is loaded")


def test_a_yes_no_question_about_the_force_asks_for_its_grade_on_the_topic(engine: Engine, kb) -> None:
    reply = engine.answer("is the force value for money")
    assert (reply.verb, reply.entries[0]) == ("grade", f"{NEW}/resources")
    assert parse("is stop and search in the west midlands racist", kb).verb == "find"  # its subject is no force


@pytest.mark.parametrize(
    "text, report",
    [
        ("how did the force do in the most recent inspection", NEW),
        ("current grades", NEW),
        ("what happened in the previous inspection", OLD),
        ("the earlier report on missing children", OLD),
    ],
)
def test_recent_and_previous_name_the_newest_and_the_round_before(text: str, report: str, kb) -> None:
    assert parse(text, kb).report_ids == (report,)


@pytest.mark.parametrize(
    ("text", "years", "topic"),
    [
        ("grade investigating last time", ("peel-2016-effectiveness-west-midlands",), "investigating"),
        ("grade investigating this inspection", ("peel-2021-22-west-midlands",), "investigating"),
        ("how good are they at investigating nowadays", ("peel-2021-22-west-midlands",), "investigating"),
        ("what are they currently doing on knife crime", ("peel-2021-22-west-midlands",), "knife crime"),
        ("grade investigating now", ("peel-2021-22-west-midlands",), "investigating"),
        ("is crime prevention better now than in 2016", (), "crime prevention"),  # compared across every report
        ("calls in the last 12 months", (), "calls last 12 months"),  # 'last' before a number stays
        ("at last a good grade", (), "last"),  # nor on its own
    ],
)
def test_last_time_and_this_time_name_reports_not_topic_words(text: str, years: tuple[str, ...], topic: str, kb) -> None:
    query = parse(text, kb)
    assert query.report_ids == years
    assert set(topic.split()) <= set(query.topic.split()) or query.topic == topic
