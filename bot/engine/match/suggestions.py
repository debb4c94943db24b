"""What to offer or try when a query matches nothing whole: "Did you mean" topics, and the
question less one word the user added as context.

Every suggestion is checked to find something in the same kinds and reports, so "Did you mean"
never leads nowhere.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable

from rapidfuzz import process

from bot.engine.match.index import MatchIndex, Term
from bot.engine.match.tokens import STOPWORDS, processed, words
from bot.engine.match.tuning import (
    DROP_WORD_LIMIT,
    HEADLINE_QUERY_LIMIT,
    HEADLINE_SCORER,
    LOOSE_SCORE,
    LOOSE_TERMS,
    NEAR_MISS_CUTOFF,
    NEAR_MISS_LIMIT,
    SIMILAR_CACHE,
    SUGGEST_CUTOFF,
    SUGGESTIONS,
)
from bot.knowledge.loader import KnowledgeBase


class Suggestions:
    """Suggestions for one knowledge base and its index; the section names offered are built once."""

    def __init__(self, index: MatchIndex, kb: KnowledgeBase) -> None:
        self.index = index
        self._topics = _topic_choices(kb)
        self._section_finds: dict[tuple[str, frozenset[str] | None, frozenset[str] | None], bool] = {}

    def __getstate__(self) -> dict[str, object]:
        """What is pickled (the start-up cache): without what answering caches."""
        return {**vars(self), "_section_finds": {}}

    def loosened(
        self, query: str, *, kinds: Collection[str] | None = None, report_ids: Collection[str] | None = None
    ) -> list[tuple[str, str]]:
        """Ways to answer a question that matches nothing whole: ``(query less one word, the word)``,
        best first. Only a word the reports use may go ('back', 'scheme', 'share': context the
        user added); a word they never use ('tasers', 'ambulance') may be the very topic, so it
        stays and the answer stays an honest no-match. What is left must still name a topic (two
        terms or one of the knowledge's phrases) and be found in an entry word for word."""
        tokens = query.split()
        phrases = _phrase_count(self.index.terms(query))
        out: list[tuple[float, bool, int, str, str]] = []
        for i, token in enumerate(tokens):
            dropped = words(token)
            if not dropped or not all(self.index.known(w) for w in dropped):
                continue
            rest = " ".join(tokens[:i] + tokens[i + 1 :])
            terms = [t for t in self.index.terms(rest) if not self.index.is_generic(t)]
            if _phrase_count(terms) < phrases:  # never half a phrase: 'missing people' stays whole
                continue
            if len(terms) < LOOSE_TERMS and not _phrase_count(terms):
                continue
            found = self.index.search(rest, kinds=kinds, report_ids=report_ids, cutoff=LOOSE_SCORE, limit=1)
            if found:
                held = self.index.holds_phrase(found[0][0], rest)  # what is left, in a row in the entry
                df = max(self.index.doc_frequency(w) for w in dropped)
                out.append((found[0][1], held, df, rest, token))
        out.sort(key=lambda c: (-c[0], not c[1], -c[2]))  # best answer first, one holding what is left
        return [(rest, token) for _, _, _, rest, token in out]  # as typed; then leave out the commoner word

    def suggest(
        self, query: str, *, kinds: Collection[str] | None = None, report_ids: Collection[str] | None = None
    ) -> list[str]:
        """Up to SUGGESTIONS real topics for a query that matched nothing, each one checked to
        find something with the same kinds and reports (so "Did you mean" never leads nowhere).

        First the query less one word, then the sections of near-miss entries, then section
        names that read like the query and share a word with it.
        """

        def finds(text: str) -> bool:
            return bool(self.index.search(text, kinds=kinds, report_ids=report_ids, limit=1))

        shorter = _less_one_word(query, finds)
        picked = [shorter] if shorter is not None else []
        scope = (_frozen(kinds), _frozen(report_ids))
        for name in self._sections(query, kinds, report_ids):
            if len(picked) >= SUGGESTIONS:
                break
            if name not in picked and self._section_finds_something(name, scope, finds):
                picked.append(name)
        return picked

    def _sections(
        self, query: str, kinds: Collection[str] | None, report_ids: Collection[str] | None
    ) -> list[str]:
        """Candidate sections, best first, each once: those of the near-miss entries, then the
        section names that read like the query."""
        near = self.index.search(
            query, kinds=kinds, report_ids=report_ids, cutoff=NEAR_MISS_CUTOFF, limit=NEAR_MISS_LIMIT
        )
        named = self._named_like(query, kinds, report_ids)
        return list(dict.fromkeys([*(self.index.section(uid) for uid, _ in near), *named]))

    def _named_like(
        self, query: str, kinds: Collection[str] | None, report_ids: Collection[str] | None
    ) -> list[str]:
        """Section names of the kinds and reports asked that read like the query (rapidfuzz) and
        share a word, or a close one, with it; best first."""
        choices = {
            name: key
            for name, key, kind, report_id in self._topics
            if (kinds is None or kind in kinds) and (report_ids is None or report_id in report_ids)
        }
        found = process.extract(
            processed(query)[:HEADLINE_QUERY_LIMIT],
            choices,
            scorer=HEADLINE_SCORER,
            score_cutoff=SUGGEST_CUTOFF,
            limit=NEAR_MISS_LIMIT,
        )
        typed_words = {w for w in words(query) if w not in STOPWORDS}
        wanted = typed_words.union(*(dict(self.index.similar_words(w)) for w in typed_words))
        return [name for _, _, name in found if wanted.intersection(choices[name].split())]

    def _section_finds_something(
        self,
        name: str,
        scope: tuple[frozenset[str] | None, frozenset[str] | None],
        finds: Callable[[str], bool],
    ) -> bool:
        """Whether a section's name, searched as a topic, finds an entry in ``scope`` (kinds,
        reports). Section names are a fixed, small set, so each answer is worked out once."""
        key = (name, *scope)
        known = self._section_finds.get(key)
        if known is None:
            if len(self._section_finds) >= SIMILAR_CACHE:
                self._section_finds.clear()
            known = self._section_finds[key] = finds(name)
        return known


def _frozen(values: Collection[str] | None) -> frozenset[str] | None:
    return frozenset(values) if values is not None else None


def _less_one_word(query: str, finds: Callable[[str], bool]) -> str | None:
    """The first query less one word (the last word left out first) that finds something, for
    queries of two to DROP_WORD_LIMIT words."""
    typed = query.split()
    if not 1 < len(typed) <= DROP_WORD_LIMIT:
        return None
    drops = (" ".join(typed[:i] + typed[i + 1 :]) for i in reversed(range(len(typed))))
    return next((text for text in drops if finds(text)), None)


def _phrase_count(terms: Iterable[Term]) -> int:
    """How many of ``terms`` are phrases of several words ('knife crime', 'missing people')."""
    return sum(len(term.alternatives[0]) > 1 for term in terms)


def _topic_choices(kb: KnowledgeBase) -> list[tuple[str, str, str, str]]:
    """(display name, processed name, kind, report id) for every section that holds entries."""
    out: dict[tuple[str, str, str], tuple[str, str, str, str]] = {}
    for entry in kb.entries():
        name = entry.area.label or entry.area.name
        key = (name, entry.kind, entry.report.id)
        out.setdefault(key, (name, processed(name), entry.kind, entry.report.id))
    return list(out.values())
