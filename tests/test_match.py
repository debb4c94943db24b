"""The match index: typos, plurals, word order, spellings, synonyms, cut-offs, suggestions."""

from __future__ import annotations

import dataclasses

import pytest

from bot.engine.match import MATCH_CUTOFF, MatchIndex, Suggestions, fold_plural, words
from bot.knowledge.loader import KnowledgeBase
from bot.knowledge.models import Recommendation, TopicsFile

NEW_ID = "peel-2021-22-west-midlands"
OLD_ID = "peel-2016-effectiveness-west-midlands"


@pytest.fixture(scope="module")
def index(kb):
    return MatchIndex(kb)


def top_area(index, query, report_id):
    found = index.search(query, kinds=("area",), report_ids=(report_id,))
    return found[0][0] if found else None


@pytest.mark.parametrize(
    "query",
    [
        "investigating crime",
        "investigating",
        "investgating",  # typo
        "invesitgating crime",  # transposition
        "crime investigating",  # word order
        "Investigating Crime!",
        "investigation",  # inflection
    ],
)
def test_area_queries_find_investigating_crime(index, query):
    assert top_area(index, query, NEW_ID) == f"{NEW_ID}/investigating-crime"


def test_scores_are_0_to_100_and_best_first(index):
    found = index.search("sex offenders")
    assert found
    scores = [score for _, score in found]
    assert all(MATCH_CUTOFF <= s <= 100 for s in scores)
    assert max(scores) == 100


def test_results_are_real_entry_ids(kb, index):
    for uid, _ in index.search("domestic abuse"):
        assert kb.entry(uid) is not None


@pytest.mark.parametrize("query", ["zebra crossings", "quantum chromodynamics", "", "the of and", "!!!"])
def test_nothing_matches_nonsense(index, query):
    assert index.search(query) == []


def test_one_unknown_rare_word_is_not_a_weak_guess(index):
    assert index.search("investigating zebra", kinds=("improvement",)) == []


def test_kind_and_report_filters(index):
    for uid, _ in index.search("investigating", kinds=("improvement",), report_ids=(OLD_ID,)):
        assert uid.startswith(OLD_ID + "/")


def test_plurals_fold():
    assert fold_plural("offenders") == "offender"
    assert fold_plural("priorities") == "priority"
    assert fold_plural("process") == "process"
    assert words("Anti-social behaviour, the force's") == [
        "anti",
        "social",
        "antisocial",
        "behaviour",
        "the",
        "force",
    ]


def test_hyphenless_compound_matches(index):
    assert index.search("antisocial behaviour", kinds=("improvement",))


def with_topics(kb: KnowledgeBase, **topics) -> KnowledgeBase:
    return KnowledgeBase(reports=list(kb.reports), topics=TopicsFile(**topics), root=kb.root)


def with_recommendation_keywords(kb: KnowledgeBase, keywords: list[str]) -> tuple[KnowledgeBase, str]:
    """The knowledge with the first recommendation given ``keywords`` (validated as loaded)."""
    report = next(r for r in kb.reports if any(c.recommendations for c in r.data.concerns))
    concern = next(c for c in report.data.concerns if c.recommendations)
    first = concern.recommendations[0]
    rec = Recommendation.model_validate({**first.model_dump(), "keywords": keywords})
    recs = [rec, *concern.recommendations[1:]]
    concerns = [
        c.model_copy(update={"recommendations": recs}) if c is concern else c for c in report.data.concerns
    ]
    changed = dataclasses.replace(report, data=report.data.model_copy(update={"concerns": concerns}))
    reports = [changed if r is report else r for r in kb.reports]
    return KnowledgeBase(reports=reports, topics=kb.topics, root=kb.root), f"{report.meta.id}/{rec.id}"


def test_a_recommendation_is_found_by_its_own_keywords(kb):
    plain, uid = with_recommendation_keywords(kb, [])
    assert MatchIndex(plain).search("qzvx", kinds=("recommendation",)) == []
    keyed, uid = with_recommendation_keywords(kb, ["qzvx"])
    assert [u for u, _ in MatchIndex(keyed).search("qzvx", kinds=("recommendation",))] == [uid]


def test_synonyms_expand_to_report_wording(kb):
    plain = MatchIndex(with_topics(kb))
    assert plain.search("zz top", kinds=("area",)) == []
    index = MatchIndex(with_topics(kb, synonyms={"zz top": ["serious and organised crime"]}))
    found = {uid for uid, _ in index.search("zz top", kinds=("area",))}
    assert f"{NEW_ID}/serious-organised-crime" in found


def test_spellings_replace_words_before_matching(kb):
    assert MatchIndex(with_topics(kb)).search("protecting qzvx", kinds=("area",)) == []
    index = MatchIndex(with_topics(kb, spellings={"qzvx": "vulnerable"}))
    found = [uid for uid, _ in index.search("protecting qzvx", kinds=("area",), report_ids=(NEW_ID,))]
    assert found[0] == f"{NEW_ID}/vulnerable"


@pytest.mark.parametrize(
    ("query", "uid"),
    [
        ("soc", f"{NEW_ID}/serious-organised-crime"),
        ("organized crime", f"{NEW_ID}/serious-organised-crime"),
        ("asb", f"{NEW_ID}/preventing-crime"),
        ("999", f"{NEW_ID}/responding"),
    ],
)
def test_real_vocabulary(index, query, uid):
    found = [u for u, _ in index.search(query, kinds=("area",), report_ids=(NEW_ID,))]
    assert uid in found[:3]


def test_dash_finds_the_domestic_abuse_concern(index):
    found = [u for u, _ in index.search("dash", kinds=("concern",))]
    assert found and "domestic-abuse" in found[0]


def test_suggestions_are_real_topics_at_most_three(kb, index):
    names = {a.label or a.name for r in kb.reports for a in r.data.areas}
    suggestions = Suggestions(index, kb).suggest("investigating zebra", kinds=("improvement",))
    assert 0 < len(suggestions) <= 3
    assert suggestions[0] == "investigating"  # the query less its unknown word finds something
    assert all(s in names or index.search(s, kinds=("improvement",)) for s in suggestions)


def test_no_suggestions_for_nonsense(kb, index):
    assert Suggestions(index, kb).suggest("qqqq wwww") == []


def entry_words(kb, uid):
    entry = kb.entry(uid)
    item = entry.item
    parts = [getattr(item, name, None) or "" for name in ("label", "title", "name", "quote")]
    return " ".join([*parts, *getattr(item, "keywords", [])]).lower()


def test_fuzzy_matches_keep_the_first_letters(index):
    """'crossings' is in neither report; 'costing' is 80% similar but starts differently."""
    assert index.search("crossings") == []
    assert index.search("investgating", kinds=("area",))  # a typo inside the word still matches


@pytest.mark.parametrize("phrase", ["use of force", "stop and search"])
def test_a_phrase_matches_where_its_words_stand_together(kb, index, phrase):
    found = index.search(phrase, kinds=("statistic",))
    assert found
    for uid, _ in found:  # 'use' in a section name plus 'force' elsewhere is no match
        text = entry_words(kb, uid).replace("uses of force", "use of force")
        assert phrase in text, uid


def test_phrases_may_differ_in_and_but_not_in_other_small_words(kb):
    index = MatchIndex(with_topics(kb, synonyms={"zz top": ["use of force"]}))
    found = {uid for uid, _ in index.search("zz top")}
    assert found
    for uid in found:  # "to use force resources" (2016) is not "use of force"
        assert "use force resources" not in entry_words(kb, uid), uid


def test_generic_words_alone_match_nothing(kb, index):
    force = kb.reports[0].meta.force
    for query in ("force", "crime", force, f"{force} force"):
        assert index.too_general(query), query
        assert index.search(query) == []
    assert not index.too_general("knife crime")
    assert index.search("knife crime", kinds=("statistic",))


def test_one_word_of_a_keyword_phrase_ranks_below_a_name(index):
    """'public' is in area names and in the keyword 'public order': the names come first."""
    found = dict(index.search("public", kinds=("area",), report_ids=(NEW_ID,)))
    assert found[f"{NEW_ID}/responding"] > found.get(f"{NEW_ID}/strategic-policing-requirement", 0) + 4


def test_area_judgment_words_alone_are_no_match(index):
    """The 2016 vulnerability judgment mentions 'investigating offences' but is not about investigating."""
    found = {uid for uid, _ in index.search("investigating", kinds=("area",))}
    assert f"{OLD_ID}/vulnerability" not in found
    assert f"{OLD_ID}/investigating" in found


def test_a_year_with_only_weaker_neighbours_has_no_answer(index):
    """'categorised' is printed in 2021/22; 2016 holds only another form of it ('categorise'
    or a near spelling): with the year asked for, that is no answer rather than a weak guess."""
    best = index.search("categorised", limit=1)
    assert best and best[0][0].startswith(NEW_ID) and best[0][1] == 100.0
    assert index.search("categorised", report_ids=(OLD_ID,)) == []


def test_a_mention_in_the_year_asked_for_is_still_an_answer(kb, index):
    """2016 names burglary in a statistic's label; 2021/22 only in a finding's text, which still answers."""
    (uid, _), *_ = index.search("burglary", report_ids=(NEW_ID,))
    entry = kb.entry(uid)
    assert entry is not None and "burglary" in entry.item.quote.lower()


@pytest.mark.parametrize(("typed", "printed"), [("answering", "answered"), ("respond", "responding")])
def test_other_forms_of_a_word_match(kb, index, typed, printed):
    """simplemma's lemmas: a typed word finds the forms the reports print."""
    found = {uid for uid, _ in index.search(typed)}
    holding = {
        e.uid
        for e in kb.entries()
        if printed in words(" ".join(str(v) for v in e.item.model_dump().values()))
    }
    assert found & holding


def test_an_expansion_counts_less_than_the_typed_word(index):
    """'cyber' is printed; 'digital' (one of its expansions) alone ranks below it."""
    found = index.search("cyber")
    scores = dict(found)
    assert scores["peel-2016-effectiveness-west-midlands/cyber-investigation-capacity"] == 100.0
    assert scores["peel-2021-22-west-midlands/practice-digital-kiosks"] < 100.0


def test_numbers_are_read_as_printed():
    assert words("per 1000 people") == words("per 1,000 people")
    assert words("in 2016") == ["in", "2016"]  # a year keeps its four digits


def test_an_abbreviation_ranks_the_entry_named_by_its_spelt_out_form_first(kb) -> None:
    """'iom' reads like 'integrated offender management' when equal matches are ordered, so the
    finding titled by the spelt-out words opens the results, not the shortest headline holding
    'IOM' (the 'IOM scheme caseload' figure)."""
    index = MatchIndex(kb)
    assert index.search("iom")[0][0].endswith("/integrated-offender-management")
