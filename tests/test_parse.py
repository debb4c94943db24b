"""parse(): command words, years written any way, `public`, digest arguments, hostile text."""

from __future__ import annotations

import pytest

from bot.engine.parse import VERBS, parse, year_names
from bot.engine.text import USER_TEXT_LIMIT

NEW_ID = "peel-2021-22-west-midlands"
OLD_ID = "peel-2016-effectiveness-west-midlands"


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("help", "help"),
        ("grade investigating", "grade"),
        ("grades investigating", "grade"),
        ("aoi x", "aoi"),
        ("afi x", "aoi"),
        ("aois x", "aoi"),
        ("afis x", "aoi"),
        ("improvement x", "aoi"),
        ("concern x", "concern"),
        ("coc x", "concern"),
        ("rec x", "rec"),
        ("stat x", "stat"),
        ("practice x", "practice"),
        ("find x", "find"),
        ("compare x", "compare"),
        ("summary", "summary"),
        ("GRADE Investigating", "grade"),
        ("/peel aoi x", "aoi"),
        ("investigating crime", "find"),
    ],
)
def test_verbs_and_aliases(kb, text, verb):
    assert parse(text, kb).verb == verb


def test_unknown_first_word_is_an_implicit_find(kb):
    query = parse("sex offenders", kb)
    assert (query.verb, query.topic, query.implicit) == ("find", "sex offenders", True)


def test_every_alias_maps_to_a_command_the_engine_knows():
    assert set(VERBS.values()) == {
        "help", "grade", "aoi", "concern", "rec", "stat", "practice", "find", "compare", "summary", "digest",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("text", "report_id"),
    [
        ("aoi investigating 2016", OLD_ID),
        ("aoi 2016 investigating", OLD_ID),
        ("aoi investigating 2021/22", NEW_ID),
        ("aoi investigating 2021-22", NEW_ID),
        ("aoi investigating 2021", NEW_ID),
        ("aoi investigating latest", NEW_ID),
        ("aoi investigating (2016)", OLD_ID),
        ("2016 aoi investigating", OLD_ID),
    ],
)
def test_years_anywhere_resolve_to_reports(kb, text, report_id):
    query = parse(text, kb)
    assert query.verb == "aoi"
    assert query.report_ids == (report_id,)
    assert query.topic == "investigating"


def test_years_come_from_knowledge_not_code(kb):
    names = year_names(kb)
    for report in kb.reports:
        assert names[report.meta.label.lower()] == report.meta.id
        for alias in report.meta.aliases:
            assert names[alias.lower()] == report.meta.id
    assert names["latest"] == kb.reports[0].meta.id


def test_two_years_keep_both_reports(kb):
    assert set(parse("compare soc 2016 2021/22", kb).report_ids) == {NEW_ID, OLD_ID}


def test_no_year_means_every_report(kb):
    assert parse("grade investigating", kb).report_ids == ()


def test_unknown_year_is_reported_not_searched(kb):
    query = parse("aoi investigating 2019", kb)
    assert query.unknown_years == ("2019",)
    assert query.topic == "investigating"


@pytest.mark.parametrize(
    "text", ["public grade soc", "grade public soc", "grade soc public", "grade soc PUBLIC"]
)
def test_public_anywhere_sets_the_flag_and_leaves_the_topic(kb, text):
    query = parse(text, kb)
    assert query.public is True
    assert (query.verb, query.topic) == ("grade", "soc")


def test_the_public_is_a_topic_not_the_flag(kb):
    query = parse("grade responding to the public", kb)
    assert query.public is False
    assert query.topic == "responding to the public"


@pytest.mark.parametrize(
    ("text", "topic"),
    [("grade public order", "public order"), ("find public protection", "public protection")],
)
def test_public_in_a_phrase_the_reports_use_is_a_topic(kb, text, topic):
    query = parse(text, kb)
    assert query.public is False and query.topic == topic


def test_public_after_a_phrase_still_sets_the_flag(kb):
    query = parse("grade responding to the public public", kb)
    assert query.public is True and query.topic == "responding to the public"


def test_public_is_not_a_substring_match(kb):
    assert parse("find publication", kb).public is False


def test_digest_keeps_its_arguments(kb):
    query = parse("/peel digest subscribe #general 09:00 Public", kb)
    assert query.verb == "digest"
    assert query.args == "subscribe #general 09:00 Public"


@pytest.mark.parametrize("text", ["", "   ", "/peel", "\x00\x01"])
def test_empty_text_is_help(kb, text):
    assert parse(text, kb).verb == "help"


def test_long_text_is_cut_with_a_note(kb):
    query = parse("find " + "a" * 10_000, kb)
    assert len(query.raw) <= USER_TEXT_LIMIT
    assert any("cut to 500" in note for note in query.notes)


def test_control_characters_are_dropped(kb):
    query = parse("aoi inves\x00tigating\x1b", kb)
    assert query.topic == "investigating"


def test_mentions_are_not_topic_words(kb):
    query = parse("grade <@U123> investigating <!channel> @here", kb)
    assert query.topic == "investigating"
    assert "<@U123>" in query.raw  # kept in the re-askable text, escaped when shown


def test_raw_is_the_text_to_ask_again(kb):
    query = parse("/peel  aoi   investigating 2016 ", kb)
    assert query.raw == "aoi investigating 2016"
    assert parse(query.raw, kb) == query


@pytest.mark.parametrize(
    "text",
    ["<!channel> grade investigating", "<@U123> <!here> grade investigating", "🚓 grade investigating"],
)
def test_mentions_and_symbols_before_the_verb_are_skipped(kb, text):
    query = parse(text, kb)
    assert (query.verb, query.implicit) == ("grade", False)
    assert "investigating" in query.topic.split()
    assert "<" not in query.topic


def test_question_mark_is_still_help_after_a_mention(kb):
    assert parse("<@U123> ?", kb).verb == "help"


@pytest.mark.parametrize(
    ("text", "verb", "topic"),
    [
        ("what is the grade for soc", "grade", "soc"),
        ("show me the aois for sex offenders", "aoi", "sex offenders"),
        ("what are the causes of concern", "concern", ""),
    ],
)
def test_question_words_before_the_command_word(kb, text, verb, topic):
    query = parse(text, kb)
    assert (query.verb, query.topic) == (verb, topic)


# ------------------------------------------------------------------ the question layer


@pytest.mark.parametrize(
    ("text", "verb", "topic"),
    [
        ("investigating grade 2016", "grade", "investigating"),
        ("how many ocgs are there", "stat", "ocgs"),
        ("what did they recommend about stop and search", "rec", "stop and search"),
        ("has the missing persons concern been sorted", "concern", "missing persons"),
        ("what's wrong with how they deal with domestic abuse", "aoi", "domestic abuse"),
        ("what changed between 2016 and 2021 for vulnerable people", "compare", "vulnerable people"),
        ("any innovative practice on missing people", "practice", "missing people"),
        ("tell me about body worn video", "find", "body worn video"),
        ("how well do they respond to the public", "grade", "respond to the public"),
        ("aoi problem solving", "aoi", "problem solving"),  # a phrase the knowledge uses stays whole
        ("use of force", "find", "use of force"),
    ],
)
def test_questions_read_as_commands(kb, text, verb, topic):
    query = parse(text, kb)
    assert (query.verb, query.topic) == (verb, topic)


def test_a_typed_command_word_is_kept_and_not_inferred(kb):
    query = parse("grade investigating", kb)
    assert (query.verb, query.inferred, query.implicit) == ("grade", False, False)
    assert parse("how good is investigating", kb).inferred


def test_between_two_years_compares_both_and_since_one_compares_all(kb):
    assert len(parse("what changed between 2016 and 2021 for vulnerable people", kb).report_ids) == 2
    assert parse("has investigating got worse since 2016", kb).report_ids == ()


@pytest.mark.parametrize(
    ("text", "forces"),
    [
        ("is wmp any good at answering 999 calls", ("West Midlands Police",)),
        ("west mids knife crime", ("West Midlands Police",)),
        ("gmp grade", ("Greater Manchester Police",)),
        ("what did the met get for victims", ("Metropolitan Police Service",)),
        ("dyfed-powys vetting", ("Dyfed-Powys Police",)),
        ("have they met the vetting recommendation", ()),  # 'met' alone is no force
    ],
)
def test_forces_are_scope_not_topic(kb, text, forces):
    query = parse(text, kb)
    assert query.forces == forces
    assert not {"wmp", "mids", "gmp", "met", "dyfed", "powys"} & set(query.topic.lower().split())


def test_another_inspectorates_subject_alone_is_scope_and_beside_a_topic_a_word(kb):
    assert parse("what did inspectors say about prisons", kb).subjects == ("prisons",)
    beside = parse("iom work with probation", kb)
    assert beside.subjects == () and "probation" in beside.topic.split()


def test_a_subject_judged_on_a_topic_is_scope_and_the_force_judged_beside_it_a_word(kb):
    assert parse("how good is the probation service at iom", kb).subjects == ("probation services",)
    assert parse("how is the nca doing on county lines", kb).subjects == ("the National Crime Agency",)
    with_force = parse("how good is wmp at working with the nca", kb)  # the force is judged
    assert with_force.subjects == () and "nca" in with_force.topic.split()


def test_grades_named_are_kept(kb):
    assert parse("which areas were rated requires improvement", kb).grades == ("Requires improvement",)
    assert parse("how good is investigating", kb).grades == ()  # 'how good' asks for a grade


def test_filler_is_dropped_and_named(kb):
    query = parse("is west mids investigating crime properly", kb)
    assert (query.topic, query.ignored) == ("investigating crime", ("properly",))


@pytest.mark.parametrize("text", ["*grade* _investigating_ `2016`", "~grade~ *investigating* 2016"])
def test_mrkdwn_marks_are_read_as_the_words(kb, text):
    query = parse(text, kb)
    assert (query.verb, query.topic, len(query.report_ids)) == ("grade", "investigating", 1)
    assert "*" not in query.raw and "`" not in query.raw


def asked_phrases() -> list[tuple[str, str]]:
    from bot.engine.commands import COMMANDS

    return [(c.name, p) for c in COMMANDS for p in c.asked.split("|") if c.asked and p not in VERBS]


@pytest.mark.parametrize(("command", "phrase"), asked_phrases())
def test_each_commands_question_words_ask_for_it(kb, command, phrase):
    """The words in a Command's ``asked`` choose it when no command word is typed."""
    query = parse(f"{phrase} vetting", kb)
    assert (query.verb, query.inferred) == (command, True)
