"""The ranked partial match (bot/engine/match/partial.py): a question no entry holds whole is
answered for the words its best entry holds, the others named in the 'ignored' note; an unknown
word that is the question's most specific one blocks the answer; and the coverage threshold,
not luck, decides between an answer and an honest no-match. Real engines on the real knowledge
and on the fictional forces' (tests/fixtures), no mocks; ``engine`` is the session's (conftest)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.engine.answer import Engine
from bot.engine.match import partial, tuning
from bot.engine.match.partial import last_sentence
from bot.knowledge.loader import load_knowledge
from tests import fictional
from tests.questions_support import shown_text, uid

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def fictional_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """An engine over the fictional forces' reports alone: other entries, other document frequencies."""
    root = tmp_path_factory.mktemp("partial")
    (root / "knowledge").mkdir()
    (root / "seeds").mkdir()
    for path in (fictional.FIXTURES / "knowledge").glob("peel-*.yaml"):
        shutil.copy(path, root / "knowledge")
    for path in (fictional.FIXTURES / "seeds").glob("*.txt"):
        shutil.copy(path, root / "seeds")
    shutil.copy(ROOT / "knowledge" / "topics.yaml", root / "knowledge")
    return Engine(load_knowledge(root / "knowledge"))


# --------------------------------------------------------------------------- answered, words named


ANSWERED = [
    # (question, first entry shown, a fact of it in the reply, what the 'ignored' note names)
    ("domestic abuse arrest rate 2016 v england and wales", "O/domestic-abuse-arrest-rate", "52.4", "v"),
    ("how do our 999 figures compare nationally", "N/stat-999-answer-rate", "87.6", "compare"),
    ("what mark did they get for organised crime gangs in 2021", "N/serious-organised-crime", "Good", "mark"),
    ("weak spots in their problem solving 2016", "O/problem-solving-afi", "problem-solving", "spots"),
    (
        "how many trafficking cases did they pass to the NCA",
        "O/human-trafficking-referral-count", "79", "pass",
    ),
    (
        "what share of crimes ended up unsolved with no suspect found in 2016",
        "O/outcome-no-suspect-panel", "56.1", "up, unsolved",
    ),
    (  # context first, then the question: the last sentence is answered, the context named
        "ok so my editor wants a piece on the 101 line, readers keep complaining they can't get "
        "through and just hang up. what share of 101 calls get abandoned?",
        "N/stat-101-abandoned", "about one fifth of calls", "editor, wants, piece",
    ),
]


@pytest.mark.parametrize(("question", "first", "fact", "ignored"), ANSWERED)
def test_a_question_is_answered_for_what_its_best_entry_holds_and_says_what_was_ignored(
    engine: Engine, question: str, first: str, fact: str, ignored: str
) -> None:
    before = engine.index.search(engine.parse(question).topic, limit=1)
    assert not before or question.count(".") > 0  # nothing holds the question whole (or: context first)
    reply = engine.answer(question)
    text = shown_text(reply)
    assert reply.entries[0] == uid(first)
    assert fact in text
    assert f"ignored: {ignored}" in text


def test_the_year_asked_for_still_filters_a_partial_answer(engine: Engine) -> None:
    reply = engine.answer("domestic abuse arrest rate 2016 v england and wales")
    assert reply.entries and all(e.startswith("peel-2016-") for e in reply.entries)


def test_a_typed_command_is_never_answered_in_part(engine: Engine) -> None:
    reply = engine.answer("stat domestic abuse arrest rate v")
    assert not reply.entries
    assert shown_text(reply).startswith("No statistic matches")


def test_a_question_naming_a_command_is_still_a_question(engine: Engine) -> None:
    reply = engine.answer("what was the improvement point about crime scene evidence in 2016")
    assert reply.entries[0] == uid("O/initial-investigation-afi")
    assert "ignored: point" in shown_text(reply)


# --------------------------------------------------------------------------- out of scope: blocked


OUT_OF_SCOPE = [
    "how are they policing drones",
    "how many drones does the force have",
    "do they have a police dog unit",
    "how many police dogs does wmp have",
    "speed cameras in the west midlands",
    "how many officers are on pensions",
    "how do they police football matches",
    "football policing",
    "does west midlands police use facial recognition",
    "police helicopter response times",
    "how quick are west midlands ambulance response times",
    "how much council tax precept goes to policing",
    "how many complaints were made against wmp officers",
]


@pytest.mark.parametrize("question", OUT_OF_SCOPE)
def test_an_out_of_scope_question_stays_an_honest_no_match(engine: Engine, question: str) -> None:
    reply = engine.answer(question)
    assert not reply.entries
    assert shown_text(reply).startswith("No ")
    assert engine.partial.reduce(engine.parse(question).topic) is None


@pytest.mark.parametrize(
    ("topic", "unknown", "rest"),
    [
        ("policing drones", "drones", "policing"),
        ("dog unit", "dog", "unit"),
        ("helicopter response times", "helicopter", "response times"),
        ("facial recognition", "facial", "recognition"),
        ("officers pensions", "pensions", "officers"),
    ],
)
def test_an_unknown_topic_word_blocks_rather_than_is_ignored(
    engine: Engine, topic: str, unknown: str, rest: str
) -> None:
    """What is left would find entries on its own: the unknown word, the most specific one, is
    what stops the answer."""
    assert not engine.index.known(unknown)
    assert engine.index.search(rest, limit=1)
    assert engine.partial.reduce(topic) is None


def test_an_unknown_word_is_ignored_when_two_rare_words_carry_the_question(engine: Engine) -> None:
    found = engine.partial.reduce("missing children hotels")
    assert found is not None
    assert (found.topic, found.ignored) == ("missing children", ("hotels",))


def test_one_rare_word_never_answers_for_a_topic_word_left_out(engine: Engine) -> None:
    assert engine.index.search("ambulance", limit=1)  # 'ambulance' alone finds an entry...
    assert engine.partial.reduce("ambulance response times") is None  # ...but is not the question


def test_a_number_is_never_left_out(engine: Engine) -> None:
    assert engine.partial.reduce("999 compare") is not None
    assert engine.partial.reduce("burglary households 1066") is None  # no entry holds '1066'
    assert not engine.answer("I read that 1,500 officers left. how many officers left?").entries


@pytest.mark.parametrize(
    ("question", "rest"),
    [
        ("cps charging times in birmingham", "times birmingham"),  # the Crown Prosecution Service's work
        ("knife crime in schools", "knife crime"),  # schools are Ofsted's
        ("nhs waiting times birmingham", "times birmingham"),
    ],
)
def test_a_word_naming_another_organisation_is_never_left_out(
    engine: Engine, question: str, rest: str
) -> None:
    """What is left finds an entry on its own, but the question is about another organisation's
    work: no answer about the police's, only an honest no-match."""
    assert engine.index.search(rest, limit=1)
    reply = engine.answer(question)
    assert not reply.entries
    assert shown_text(reply).startswith("No ")


# --------------------------------------------------------------------------- the threshold


def test_the_coverage_threshold_decides(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """'mapping gangs weather rural': its best entry covers ~39 of 100 (mapping, gangs): below
    PARTIAL_SCORE no answer; the same question with the threshold under that coverage is answered."""
    topic = "mapping gangs weather rural"
    best = engine.index.search(topic, cutoff=1.0, limit=1)[0][1]
    assert best < tuning.PARTIAL_SCORE
    assert engine.partial.reduce(topic) is None
    monkeypatch.setattr(partial, "PARTIAL_SCORE", best - 1.0)
    found = engine.partial.reduce(topic)
    assert found is not None
    assert (found.topic, found.ignored) == ("mapping gangs", ("weather", "rural"))


def test_an_answer_above_the_threshold(engine: Engine) -> None:
    topic = "mapping gangs weather"
    assert engine.index.search(topic, cutoff=1.0, limit=1)[0][1] >= tuning.PARTIAL_SCORE
    found = engine.partial.reduce(topic)
    assert found is not None
    assert (found.topic, found.ignored) == ("mapping gangs", ("weather",))


def test_generic_words_alone_are_no_answer(engine: Engine) -> None:
    assert engine.partial.reduce("crime police force") is None


# --------------------------------------------------------------------------- fixture knowledge


def test_fictional_forces_are_answered_in_part_and_blocked_alike(fictional_engine: Engine) -> None:
    reply = fictional_engine.answer("how do our 999 figures compare nationally")
    assert reply.verb == "stat" and reply.entries
    assert "Read as `/peel stat 999` · ignored: compare" in shown_text(reply)
    for question in ("how are they policing drones", "do they have a police dog unit"):
        assert not fictional_engine.answer(question).entries


# --------------------------------------------------------------------------- everyday paraphrases


@pytest.mark.parametrize(
    ("question", "first", "fact"),
    [  # knowledge/topics.yaml's everyday paraphrases: idioms no word of which the reports use so
        ("how did wmp score on solving crime in 2021", "N/investigating-crime", "Requires improvement"),
        ("are they broke?", "N/resources", "value for money"),
        ("are they cooking the books on crime stats", "N/stat-violent-crime-recorded", "93.2"),
        ("how quickly do they pick up the phone", "N/stat-101-answer-rate", "two thirds of calls"),
        ("what were the big red flags in the 2016 report", "O/domestic-abuse-risk-assessment-concern",
         "Causes of concern"),  # 'red flags' asks for the concern command (test_questions_intent.py)
    ],
)
def test_an_everyday_idiom_reads_as_the_reports_wording(
    engine: Engine, question: str, first: str, fact: str
) -> None:
    reply = engine.answer(question)
    assert reply.entries[0] == uid(first)
    assert fact in shown_text(reply)


# --------------------------------------------------------------------------- sentences


def test_the_last_sentence_of_several_is_the_question() -> None:
    assert last_sentence("my editor wants a piece. what share of 101 calls get abandoned?") == (
        "what share of 101 calls get abandoned?"
    )
    assert last_sentence("what share of 101 calls get abandoned?") is None
    assert last_sentence("is the 2021/22 grade good? ") is None
    assert last_sentence("first... second!") == "second!"
