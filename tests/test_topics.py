"""The shared vocabulary (knowledge/topics.yaml) only ever points at wording the reports really use.

A synonym expansion or a spelling target that no report contains would make a query look for text
that cannot be there, so every one is checked against the seeds (markup resolved, whitespace folded,
case ignored) — the same reading of the seeds that the loader's provenance check uses.
"""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from bot.knowledge import KnowledgeBase, load_knowledge
from bot.knowledge.models import TopicsFile
from bot.knowledge.provenance import fold, read_seed

KB = load_knowledge()
TOPICS = KB.topics
SYNONYM_EXPANSIONS = [(key, expansion) for key, values in TOPICS.synonyms.items() for expansion in values]

# Terms the team agreed users type; each must be in the vocabulary.
REQUIRED_SYNONYMS = (
    "soc", "ocg", "ocgs", "asb", "da", "dash", "cse", "iom", "spr", "mash", "marac", "mappa", "rocu",
    "vfm", "999", "101", "cdi", "afi", "pcc", "ppu", "thrive", "rui", "bame", "ict", "sio",
    "stop and search", "s&s", "sex offenders", "rso", "mental health", "missing", "vetting", "cyber",
    "firearms", "knife crime", "county lines", "modern slavery", "hate crime", "victims", "use of force",
    "wellbeing", "neighbourhood",
)  # fmt: skip
REQUIRED_SPELLINGS = {
    "organized": "organised",
    "organization": "organisation",
    "behavior": "behaviour",
    "neighborhood": "neighbourhood",
    "defense": "defence",
    "program": "programme",
    "analyze": "analyse",
    "offense": "offence",
    "judgement": "judgment",
}


def _seed_texts(kb: KnowledgeBase) -> list[str]:
    return [read_seed(kb.root / report.meta.seed).lower() for report in kb.reports]


SEEDS = _seed_texts(KB)


def _occurs(phrase: str) -> bool:
    wanted = fold(phrase).lower()
    return any(wanted in seed for seed in SEEDS)


def _occurs_as_word(word: str) -> bool:
    pattern = re.compile(rf"(?<![a-z]){re.escape(word.lower())}(?![a-z])")
    return any(pattern.search(seed) for seed in SEEDS)


def test_the_knowledge_base_loads_the_vocabulary(kb):
    assert kb.topics.synonyms and kb.topics.spellings
    assert kb.topics == TOPICS


@pytest.mark.parametrize(
    ("key", "expansion"), SYNONYM_EXPANSIONS, ids=[f"{k}->{e}" for k, e in SYNONYM_EXPANSIONS]
)
def test_every_synonym_expansion_occurs_in_a_seed(key, expansion):
    assert _occurs(expansion), f"synonym {key!r}: {expansion!r} is in no seed"


@pytest.mark.parametrize("key", sorted(TOPICS.synonyms))
def test_synonym_keys_are_lower_case_and_folded(key):
    assert key == key.lower() == fold(key)


@pytest.mark.parametrize("key", sorted(TOPICS.synonyms))
def test_synonym_expansions_are_distinct(key):
    folded = [fold(e).lower() for e in TOPICS.synonyms[key]]
    assert len(folded) == len(set(folded)), f"{key!r} repeats an expansion"


@pytest.mark.parametrize("term", REQUIRED_SYNONYMS)
def test_agreed_user_terms_are_in_the_vocabulary(term):
    assert term in TOPICS.synonyms


@pytest.mark.parametrize(("variant", "uk"), sorted(TOPICS.spellings.items()))
def test_every_spelling_target_occurs_in_a_seed(variant, uk):
    assert _occurs(uk), f"spelling {variant!r} -> {uk!r}: {uk!r} is in no seed"


@pytest.mark.parametrize(("variant", "uk"), sorted(TOPICS.spellings.items()))
def test_spellings_never_rewrite_a_word_the_reports_use(variant, uk):
    """'program' may become 'programme' only because no report says 'program' on its own."""
    assert not _occurs_as_word(variant), f"{variant!r} is itself report wording"
    assert variant != uk


@pytest.mark.parametrize(("variant", "uk"), sorted(TOPICS.spellings.items()))
def test_spellings_are_single_lower_case_words(variant, uk):
    """Spellings replace one typed word by one word, so neither side may hold spaces or hyphens."""
    assert re.fullmatch(r"[a-z]+", variant), variant
    assert re.fullmatch(r"[a-z]+", uk), uk


@pytest.mark.parametrize(("variant", "uk"), sorted(REQUIRED_SPELLINGS.items()))
def test_agreed_spellings_are_in_the_vocabulary(variant, uk):
    assert TOPICS.spellings.get(variant) == uk


def test_occurrence_check_can_fail():
    """Guards the guard: a phrase no report uses is reported missing, and case and spacing are ignored."""
    assert not _occurs("neighborhood watch scheme")
    assert _occurs("SERIOUS   and\norganised crime")
    assert not _occurs_as_word("program")
    assert _occurs_as_word("programme")


def test_upper_case_synonym_key_is_rejected():
    with pytest.raises(ValidationError, match="lower case"):
        TopicsFile(synonyms={"SOC": ["serious and organised crime"]})


def test_synonym_without_expansions_is_rejected():
    with pytest.raises(ValidationError, match="no expansions"):
        TopicsFile(synonyms={"soc": []})


# ------------------------------------------------------------------ forces and subjects (scope)

TERRITORIAL = 43  # police forces of England and Wales
OTHER_UK_FORCES = {
    "British Transport Police",
    "Civil Nuclear Constabulary",
    "Ministry of Defence Police",
    "Police Scotland",
    "Police Service of Northern Ireland",
}


def test_every_territorial_force_is_named_once():
    names = [f.name for f in TOPICS.forces]
    assert len(names) == len(set(names))
    assert len([n for n in names if n not in OTHER_UK_FORCES]) == TERRITORIAL
    assert set(names) >= OTHER_UK_FORCES


@pytest.mark.parametrize(
    ("alias", "force"),
    [
        ("wmp", "West Midlands Police"),
        ("west mids", "West Midlands Police"),
        ("gmp", "Greater Manchester Police"),
        ("the met", "Metropolitan Police Service"),
        ("tvp", "Thames Valley Police"),
        ("dyfed-powys", "Dyfed-Powys Police"),
    ],
)
def test_common_short_forms_name_their_force(alias, force):
    assert alias in next(f for f in TOPICS.forces if f.name == force).aliases


def test_every_loaded_report_names_a_listed_force():
    assert {r.meta.force for r in KB.reports} <= {f.name for f in TOPICS.forces}


def test_an_alias_naming_two_forces_is_rejected():
    with pytest.raises(ValidationError, match="names both"):
        TopicsFile(forces=[{"name": "A Police", "aliases": ["x"]}, {"name": "B Police", "aliases": ["x"]}])


def test_an_upper_case_force_alias_is_rejected():
    with pytest.raises(ValidationError, match="lower case"):
        TopicsFile(forces=[{"name": "A Police", "aliases": ["WMP"]}])


def test_no_force_alias_is_a_word_the_question_layer_needs():
    """'met' alone is a verb ('has it met the recommendation'); short forms are never common words."""
    aliases = {a for f in TOPICS.forces for a in f.aliases}
    assert not aliases & {"met", "the", "police", "force", "staffs", "beds", "london"}
