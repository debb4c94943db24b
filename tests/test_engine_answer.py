"""answer(): the Reply contract, paging, block limits, caching, and never raising."""

from __future__ import annotations

import json

import pytest

from bot.engine import answer as answer_module
from bot.engine.answer import Engine, answer, engine_for
from bot.engine.reply import MAX_REPLY_BLOCKS, Reply


def all_pages(engine: Engine, text: str) -> list[Reply]:
    first = engine.answer(text)
    pages = [first]
    while pages[-1].has_more:
        pages.append(engine.answer(first.query, page=pages[-1].page + 1))
    return pages


def test_reply_contract(kb):
    reply = answer("grade investigating", kb)
    assert isinstance(reply, Reply)
    assert reply.to_message() == {"text": reply.text, "blocks": reply.blocks}
    assert reply.text
    assert reply.verb == "grade"
    assert reply.query == "grade investigating"
    assert (reply.page, reply.pages, reply.has_more) == (1, 1, False)
    json.dumps(reply.to_message())


def test_long_lists_are_paged_with_whole_entries(kb, engine):
    pages = all_pages(engine, "find investigating")
    assert len(pages) > 1
    assert [p.page for p in pages] == list(range(1, len(pages) + 1))
    assert all(p.pages == len(pages) for p in pages)
    seen: list[str] = []
    for reply in pages:
        assert len(reply.blocks) <= MAX_REPLY_BLOCKS
        contexts = [b for b in reply.blocks if b["type"] == "context"]
        seen += [c["elements"][0]["text"] for c in contexts if "Section:" in c["elements"][0]["text"]]
    total = len(engine.index.search("investigating"))
    assert len(seen) == total  # every match shown exactly once across the pages


def test_paged_reply_says_what_is_not_shown(engine):
    reply = engine.answer("stat")
    assert reply.has_more
    footer = reply.blocks[-1]["elements"][0]["text"]
    assert footer.startswith("Showing 1–")
    assert "more not shown" in footer and "Narrow it with a year" in footer


def test_page_past_the_end_is_the_last_page(engine):
    last = engine.answer("stat", page=10_000)
    assert last.page == last.pages and not last.has_more


def test_no_topic_lists_everything_of_that_kind_for_a_year(kb, engine):
    old = kb.reports[-1]
    afis = kb.entries(kind="improvement", report_id=old.meta.id)
    text = json.dumps(engine.answer(f"aoi {old.meta.label}").blocks)
    assert text.count("Area for improvement") == len(afis)


def test_engine_is_cached_per_knowledge_base(kb):
    assert engine_for(kb) is engine_for(kb)


def test_bug_becomes_an_apology_not_a_stack_trace(kb, monkeypatch, caplog):
    engine = Engine(kb)

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(engine, "_items", broken)
    reply = engine.answer("aoi investigating")
    assert reply.text.startswith("Sorry, something went wrong")
    assert "secret internals" not in json.dumps(reply.to_message())
    assert "RuntimeError" in caplog.text  # logged with its stack trace for us


def test_answer_survives_a_broken_knowledge_base(monkeypatch, kb):
    def broken(_kb):
        raise RuntimeError("boom")

    monkeypatch.setattr(answer_module, "engine_for", broken)
    assert answer("grade soc", kb).text.startswith("Sorry")


def test_digest_outside_slack_is_a_friendly_pointer(kb):
    reply = answer("digest list", kb)
    assert reply.verb == "digest"
    assert "Slack channel" in reply.text


def test_cached_blocks_are_not_shared_with_callers(engine):
    first = engine.answer("aoi investigating")
    entry = next(b for b in first.blocks if "Area for improvement" in b.get("text", {}).get("text", ""))
    entry["text"]["text"] = "tampered"
    assert "tampered" not in json.dumps(engine.answer("aoi investigating").blocks)


def test_ties_are_labelled_not_guessed(engine):
    text = json.dumps(engine.answer("grade the public 2021/22").blocks)
    assert "match about equally" in text


# ------------------------------------------------------------------ scope and the question layer


def reply_text(reply: Reply) -> str:
    return json.dumps(reply.blocks, ensure_ascii=False) + reply.text


@pytest.mark.parametrize(
    ("text", "force"),
    [
        ("how good are greater manchester at investigating crime", "Greater Manchester Police"),
        ("the met victims 2016", "Metropolitan Police Service"),
        ("police scotland summary", "Police Scotland"),
    ],
)
def test_a_force_with_no_loaded_report_gets_no_answer_from_another(kb, engine, text, force):
    reply = engine.answer(text)
    assert reply.text.startswith(f"No report for {force} is loaded.")
    assert reply.entries == ()
    assert all(r.meta.label in reply.text for r in kb.reports)  # the list of what is loaded


def test_a_loaded_force_filters_like_a_year(engine):
    by_force = engine.answer("grade investigating west midlands police")
    assert by_force.entries == engine.answer("grade investigating").entries
    assert "for West Midlands Police" in reply_text(by_force)  # the force is named, not dropped


def test_another_inspectorates_subject_gets_no_answer(engine):
    reply = engine.answer("how good is the fire service")
    assert reply.text.startswith("No report on fire and rescue services is loaded")
    assert reply.entries == ()


@pytest.mark.parametrize(
    "text", ["summary investigating", "summary of 2016", "summary wmp latest", "summary zebra"]
)
def test_summary_with_words_never_fails(engine, text):
    reply = engine.answer(text)
    assert "something went wrong" not in reply.text
    assert reply.verb == "summary"


def test_summary_with_an_area_shows_its_grades(engine):
    reply = engine.answer("summary investigating")
    assert reply.entries[:2] == (
        "peel-2021-22-west-midlands/investigating-crime",
        "peel-2016-effectiveness-west-midlands/investigating",
    )


def test_a_question_says_how_it_was_read_and_what_was_ignored(engine):
    text = reply_text(engine.answer("is west mids investigating crime properly"))
    assert "Read as `/peel grade investigating crime`" in text
    assert "ignored: properly" in text


def test_a_command_typed_as_such_gets_no_reading_note(engine):
    assert "Read as" not in reply_text(engine.answer("grade investigating"))


def test_an_inferred_command_that_finds_nothing_falls_back_to_search(engine):
    reply = engine.answer("what percentage of officers are trained on thrive")
    assert reply.verb == "find" and reply.entries
    assert "No statistic matches, so these are search results." in reply_text(reply)


def test_grades_named_without_a_topic_list_the_areas_given_them(kb, engine):
    reply = engine.answer("which areas were rated good in 2016")
    graded = {f"{r.meta.id}/{a.id}" for r in kb.reports for a in r.data.areas if a.grade == "Good"}
    assert reply.entries and set(reply.entries) <= graded
    assert all(uid.startswith("peel-2016") for uid in reply.entries)


def test_a_grade_named_beside_a_topic_is_mentioned_not_dropped(engine):
    reply = engine.answer("is investigating rated good")
    assert "you asked about the grade Good: shown is the grade the report gives" in reply_text(reply)
    assert reply.entries[0] == "peel-2021-22-west-midlands/investigating-crime"  # its real grade first


def test_every_grade_asked_for_in_words_says_how_it_was_read(engine):
    text = reply_text(engine.answer("tell me how west midlands police did in their latest inspection"))
    assert "Read as `/peel summary 2021/22` for West Midlands Police" in text
    overall = reply_text(engine.answer("what was the overall verdict"))
    assert "Read as `/peel grade overall verdict`" in overall
    assert "Read as" not in reply_text(engine.answer("summary 2016"))  # typed as a command


@pytest.mark.parametrize(
    ("text", "areas"),
    [  # 2021/22 grades SOC Good in 'Disrupting serious organised crime' (seed line 62, 'Good' column)
        ("how good is west mids at tackling soc", ("serious-organised-crime", "serious-organised-crime")),
        ("did wmp improve on missing children since 2016", ("vulnerable", "vulnerability")),
        ("grade missing children", ("vulnerable", "vulnerability")),
    ],
)
def test_an_extra_word_never_hides_the_other_reports_area(engine, text, areas):
    """A word only one report's area name holds ('tackling', 'missing children') still finds the
    other report's area on the topic; 'No matching area in …' is said only where there is none."""
    reply = engine.answer(text)
    assert tuple(uid.split("/")[1] for uid in reply.entries[:2]) == areas
    assert [uid.split("/")[0] for uid in reply.entries[:2]] == [
        "peel-2021-22-west-midlands", "peel-2016-effectiveness-west-midlands"
    ]
    assert "No matching area" not in reply.text + json.dumps(reply.blocks)


def test_no_matching_area_is_still_said_where_a_report_has_none(engine):
    reply = engine.answer("grade the public")  # 2016 has only 'public service organisations'
    assert all(uid.startswith("peel-2021-22-west-midlands/") for uid in reply.entries)
    assert "No matching area in 2016." in json.dumps(reply.blocks)


@pytest.mark.parametrize(
    "text",
    [
        "has the missing children concern been fixed",
        "has the missing children concern been sorted since 2016",
    ],
)
def test_has_a_concern_been_fixed_shows_it_and_that_the_later_report_raised_none(engine, text):
    """2016's cause of concern on missing children 'has not been alleviated' (seed); 2021/22 has
    no cause of concern, so the reply says so instead of leaving the newer report out."""
    reply = engine.answer(text)
    assert reply.verb == "concern"  # 'concern … sorted' outranks 'since'
    assert reply.entries[0] == "peel-2016-effectiveness-west-midlands/missing-children-concern"
    blocks = json.dumps(reply.blocks)
    assert "has not been alleviated" in blocks
    assert "No causes of concern in 2021/22." in blocks
    assert not [e for e in engine.kb.entries(kind="concern") if e.report.id == "peel-2021-22-west-midlands"]


def test_a_concern_asked_of_a_report_with_none_says_it_has_none(engine):
    reply = engine.answer("is the DA cause of concern still open in 2021")
    assert (reply.verb, reply.entries) == ("concern", ())
    assert reply.text.startswith("No causes of concern in 2021/22.")


def test_still_outstanding_after_a_topic_means_unresolved_not_the_grade(engine):
    reply = engine.answer("is the domestic abuse concern still outstanding")
    assert reply.verb == "concern"
    assert reply.entries[0] == "peel-2016-effectiveness-west-midlands/domestic-abuse-risk-assessment-concern"
    assert "Outstanding" not in json.dumps(reply.blocks)
    assert engine.parse("is the domestic abuse concern still outstanding").grades == ()
    assert engine.parse("which areas were rated outstanding").grades == ("Outstanding",)


@pytest.mark.parametrize(
    "text", ["grade soc 2016", "summary 2016", "compare soc", "which areas were rated good"]
)
def test_the_2016_soc_grade_carries_the_reports_contradiction(engine, text):
    """Seed 2016: the grade table and summary box say Good (the knowledge's inconsistency
    'soc-grade-wording'), one sentence says 'requires improvement': shown wherever the grade is."""
    shown = reply_text(engine.answer(text))
    assert "Caveat: Serious and organised crime is graded Good, but one summary sentence says" in shown
    assert shown.count("Caveat: Serious and organised crime") == 1


def test_a_grade_without_a_contradiction_has_no_caveat(engine):
    assert "Caveat:" not in reply_text(engine.answer("grade investigating"))


def test_a_grade_asked_about_says_plainly_what_is_shown(engine):
    text = reply_text(engine.answer("was soc rated requires improvement in 2016"))
    assert "you asked about the grade Requires improvement: shown is the grade the report gives" in text
    assert "Good" in text and "Caveat:" in text


def test_a_grade_for_a_publication_year_names_the_report_it_is(engine):
    """The 2016 report was published March 2017 (its meta): '2017' gets its grade, saying so."""
    reply = engine.answer("grade investigating 2017")
    assert reply.entries == ("peel-2016-effectiveness-west-midlands/investigating",)
    assert "“2017” names the 2016 report, published March 2017." in reply_text(reply)
    assert "names the" not in reply_text(engine.answer("grade investigating 2016"))


@pytest.mark.parametrize(
    "text", ["what was the overall verdict on west midlands police", "compare soc", "summary", "grade soc"]
)
def test_no_two_dividers_in_a_row(engine, text):
    types = [block["type"] for page in all_pages(engine, text) for block in page.blocks]
    assert "divider" in types
    assert "divider, divider" not in ", ".join(types)
