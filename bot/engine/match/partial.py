"""Ranked partial match: the fallback for a question no entry holds whole.

An answer must hold every rare word typed; a question carries words the reports never use
("ok so my editor wants a piece on…", "…arrest rate 2016 v england and wales"). When no entry
holds the question whole, its topic is cut into units (tokens; the tokens spelling one of the
knowledge's phrases, "problem solving", "red flags", stay one unit) and each is sorted:

- *silent*: stop words and punctuation, dropped without a word;
- *protected*: a number, a one-word grade or a one-word name of another organisation ("999",
  "outstanding", "cps"): never left out, so a number the best entry does not hold means no answer,
  and "cps charging times" is never answered about the police's own charging;
- *unknown*: the reports use no form of it ("editor", "drones"; a mere look-alike, "complaints"
  for "compliant", does not count);
- *generic*: in so many entries it names no topic ("crime", the force's name), or a one-word
  intent of the question layer left in the topic ("compare", "versus");
- *specific*: the rest, and every phrase.

Entries are ranked by ``MatchIndex.search`` on the specific and protected units: its score is
their IDF-weighted, field-weighted coverage, as for the strict match. The best entry answers when
it covers at least PARTIAL_SCORE and holds a *rare* word (in at most RARE_SHARE of entries); the
topic answered is the units it holds, and every other one is named in the "ignored" note.

An unknown word may be the very topic ("how are they policing drones", "police dog unit"): the
knowledge cannot say how specific it is, so it is taken to be the question's most specific word
and blocks the answer unless ANCHOR_WORDS rare words are left to carry the question; and a known
topic word the best entry lacks is left out only on the same condition ("ambulance" alone never
answers "ambulance response times").
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from bot.engine.match.index import MatchIndex
from bot.engine.match.tokens import STOPWORDS, words
from bot.engine.match.tuning import ANCHOR_WORDS, LEMMA_SIMILARITY, PARTIAL_SCORE, PHRASE_WORDS, RARE_SHARE
from bot.knowledge.loader import KnowledgeBase

SILENT, PROTECTED, UNKNOWN, GENERIC, SPECIFIC = "silent", "protected", "unknown", "generic", "specific"
_EDGES = "\"'“”‘’.,;:!?()[]{}*_`~-–—"
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=\S)")  # '… hang up. what share of 101 calls…'


@dataclass(frozen=True)
class Partial:
    """A question's topic cut to what its best entry holds, and the words left out (as typed)."""

    topic: str
    ignored: tuple[str, ...]


class PartialMatch:
    """The partial match of one knowledge base and its index; ``question_words`` are the question
    layer's own words (intent phrases), which name no topic when left in one."""

    def __init__(self, index: MatchIndex, kb: KnowledgeBase, question_words: Iterable[str] = ()) -> None:
        self.index = index
        self._rare = RARE_SHARE * len(index.docs)
        grades = (g for report in kb.reports for g in report.meta.grade_scale)
        self._grades = frozenset(found[0] for grade in grades if len(found := words(grade)) == 1)
        aliases = (alias for subject in kb.topics.subjects for alias in subject.aliases)
        self._bodies = frozenset(found[0] for alias in aliases if len(found := words(alias)) == 1)
        self._question = frozenset(found[0] for text in question_words if len(found := words(text)) == 1)

    def reduce(
        self, topic: str, *, kinds: Collection[str] | None = None, report_ids: Collection[str] | None = None
    ) -> Partial | None:
        """The part of ``topic`` the best entry (of ``kinds``, in ``report_ids``) holds, with the
        words left out; None when no entry covers enough of it, when a number would be left out,
        or when an unknown word is the question's most specific one."""
        units = [(unit, kind) for unit in self._units(topic) if (kind := self._kind(unit)) != SILENT]
        searched = [unit for unit, kind in units if kind in (SPECIFIC, PROTECTED)]
        anchors = [unit for unit in searched if self._rare_words(unit)]
        if not anchors:
            return None
        if any(kind == UNKNOWN for _, kind in units) and sum(map(self._rare_words, anchors)) < ANCHOR_WORDS:
            return None  # 'police dog unit', 'helicopter response times': the unknown word is the topic
        found = self.index.search(
            " ".join(searched), kinds=kinds, report_ids=report_ids, cutoff=PARTIAL_SCORE, limit=1
        )
        if not found:
            return None
        held = [unit for unit, kind in units if kind != UNKNOWN and self.index.holds(found[0][0], unit)]
        left = [(unit, kind) for unit, kind in units if unit not in held]
        if any(kind == PROTECTED for _, kind in left) or not any(unit in anchors for unit in held):
            return None  # never answer without a number asked for ('999'); nor on common words alone
        carried = sum(self._rare_words(unit) for unit in held)
        if carried < ANCHOR_WORDS and any(kind in (SPECIFIC, UNKNOWN) for _, kind in left):
            return None  # one rare word held, a topic word left out ('ambulance response times')
        ignored = tuple(dict.fromkeys(unit.strip(_EDGES) for unit, _ in left))
        return Partial(" ".join(held), ignored) if ignored else None

    def _units(self, topic: str) -> list[str]:
        """The topic's tokens, those spelling one of the knowledge's phrases ('red flags', 'problem
        solving') joined into one: a phrase is kept or left out whole."""
        tokens = topic.split()
        phrases = {t.alternatives[0] for t in self.index.terms(topic) if len(t.alternatives[0]) > 1}
        units: list[str] = []
        i = 0
        while i < len(tokens):
            longest = min(len(tokens) - i, PHRASE_WORDS)
            size = next((n for n in range(longest, 1, -1) if _spelt(tokens[i : i + n]) in phrases), 1)
            units.append(" ".join(tokens[i : i + size]))
            i += size
        return units

    def protects(self, tokens: Iterable[str]) -> bool:
        """True when a token is a number, a one-word grade or names another organisation: never left
        out of a question."""
        return any(self._kind(token) == PROTECTED for token in tokens)

    def _kind(self, unit: str) -> str:
        """How a token (or a phrase of the knowledge: always specific) of the topic counts."""
        found = [w for w in words(unit) if w not in STOPWORDS]
        if not found:
            return SILENT
        if any(w.isdigit() or w in self._grades or w in self._bodies for w in found):
            return PROTECTED
        if " " in unit:  # a phrase of the knowledge
            return SPECIFIC
        if not any(self.index.known(w) for w in found):
            return UNKNOWN
        if all(w in self._question or self.index.is_generic_word(w) for w in found):
            return GENERIC
        return SPECIFIC

    def _rare_words(self, unit: str) -> int:
        """How many words of ``unit`` are in few enough entries to name a topic, counting every
        entry their look-alikes and other forms are in ('policing' is in as many as 'police'); a
        phrase the knowledge has for an idiom ('red flags': a word of it unknown) counts whole."""
        found = [w for w in words(unit) if w not in STOPWORDS]
        similar = [self.index.similar_words(w) for w in found]
        if " " in unit and not all(any(score >= LEMMA_SIMILARITY for _, score in s) for s in similar):
            return len(found)
        frequencies = (max((self.index.doc_frequency(c) for c, _ in s), default=0) for s in similar)
        return sum(0 < df <= self._rare for df in frequencies)


def _spelt(tokens: list[str]) -> tuple[str, ...]:
    return tuple(w for token in tokens for w in words(token))


def last_sentence(text: str) -> str | None:
    """The last sentence of a text of several ('ok so my editor wants a piece on the 101 line…
    what share of 101 calls get abandoned?' → 'what share of 101 calls get abandoned?'): where
    people put the question after its context; None for a text of one sentence."""
    sentences = [s for s in _SENTENCE_END.split(text.strip()) if any(ch.isalnum() for ch in s)]
    return sentences[-1] if len(sentences) > 1 else None
