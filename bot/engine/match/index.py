"""Fuzzy matching of what users type against the knowledge: the only module that knows rapidfuzz.

The index is built once per knowledge base. Every entry becomes a document with three weighted
fields (its headline — area name, labels, titles, keywords —, its verbatim text, and the name of
the section it sits in). A query is cut into terms; each term is matched to words of the
vocabulary (exactly, or by rapidfuzz similarity for typos and inflections), and a document's
score is the share of the query's terms it contains, weighted by how rare each term is. So a
query whose rare words are missing scores low and is reported as "no match" rather than guessed.
Ties are ordered by how closely the document's headline reads like the query.
"""

from __future__ import annotations

import math
import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from itertools import accumulate, chain
from operator import itemgetter

from rapidfuzz import process

from bot.engine.match.tokens import STOPWORDS, as_needle, field_text, lemma, phrase_words, processed, words
from bot.engine.match.tuning import (
    ABBREVIATION_LENGTH,
    AREA_TEXT_WEIGHT,
    DATED_KINDS,
    EXACT_ONLY_LENGTH,
    EXPANSION_FACTOR,
    FIELD_WEIGHTS,
    FUZZY_PREFIX,
    GENERIC_SHARE,
    HEADLINE_BLEND,
    HEADLINE_QUERY_LIMIT,
    HEADLINE_SCORER,
    LEMMA_MIN_LENGTH,
    LEMMA_SIMILARITY,
    MATCH_CUTOFF,
    NO_SECTION_KINDS,
    OTHER_YEAR_PENALTY,
    PHRASE_APART,
    PHRASE_OPTIONAL,
    PHRASE_WORDS,
    POSTING_CACHE,
    PREFIX_LENGTH,
    RERANK_LIMIT,
    SHORT_WORD_CUTOFF,
    SHORT_WORD_LENGTH,
    SIMILAR_BAND,
    SIMILAR_CACHE,
    WORD_CANDIDATES,
    WORD_CUTOFF,
    WORD_SCORER,
    YEAR_MARGIN,
)
from bot.knowledge.loader import Entry, KnowledgeBase
from bot.knowledge.models import TopicsFile

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")  # a year a headline or a query names

ALL_KINDS = "*"  # posting-list key for documents of every kind
FIELD_MARK = "\x00"  # starts each field in the packed phrase fields (never part of a needle)


# --------------------------------------------------------------------------- documents


def _headline_parts(entry: Entry) -> list[str]:
    """What an entry is called: its own headings, then (a recommendation) its concern's title."""
    parent = entry.parent.headings if entry.parent is not None else []
    return [*entry.item.headings, *parent]


def _keywords(entry: Entry) -> tuple[list[str], list[str]]:
    """An entry's search keywords: single words, and phrases (whose words alone are not the topic)."""
    single: list[str] = []
    multi: list[str] = []
    for keyword in entry.item.keywords:
        (multi if len(phrase_words(keyword)) > 1 else single).append(keyword)
    return single, multi


def _text_parts(entry: Entry) -> list[str]:
    """An entry's verbatim text, then (a recommendation) its concern's quote."""
    parent = [entry.parent.quote] if entry.parent is not None else []
    return [*entry.item.texts, *parent]


@dataclass(frozen=True, slots=True)
class Doc:
    uid: str
    kind: str
    report_id: str
    headline: str  # processed, for HEADLINE_SCORER
    section: str  # the section's display name, offered as a suggestion


@dataclass(frozen=True)
class Term:
    """One thing the user asked about: a word, or a vocabulary phrase with its report wordings."""

    alternatives: tuple[tuple[str, ...], ...]


# --------------------------------------------------------------------------- the index


class MatchIndex:
    """Every entry of a knowledge base, indexed once for fuzzy search.

    Posting lists are kept per kind of entry, so a search for areas never walks findings. They
    are stored packed (``Packed``: 5 bytes a posting instead of ~100 as a dict) and unpacked into
    dicts, remembered up to POSTING_CACHE postings, only for the words a query uses.
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self.docs: list[Doc] = []
        self._postings: dict[str, dict[str, dict[int, float]]] = {}  # word -> kind -> doc -> weight
        self._df: dict[str, int] = {}  # word -> documents containing it
        self._by_uid: dict[str, int] = {}
        self._fields: list[tuple[tuple[float, str], ...]] = []  # doc -> (weight, text), best first;
        # packed into ``_field_text`` once every entry is added
        self._phrases: set[tuple[str, ...]] = set()  # multi-word keywords, recognised in queries
        self._named: dict[int, tuple[str, str]] = {}  # area -> names, as written and loosely
        for entry in kb.entries():
            self._add(entry)
        vocab = sorted(self._postings, key=lambda w: (len(w), w))
        self._by_length = vocab
        self._lengths = [len(w) for w in vocab]
        self._by_prefix: dict[str, list[str]] = {}
        self._by_lemma: dict[str, list[str]] = {}  # the forms of a word the knowledge uses
        self._lemmas: dict[str, str] = {}  # vocabulary word -> its lemma: a process started from
        # the cache loads simplemma's dictionary (~20 MB, ~0.15 s) only for a word the knowledge lacks
        for word in vocab:
            self._by_prefix.setdefault(word[:PREFIX_LENGTH], []).append(word)
            if len(word) >= LEMMA_MIN_LENGTH and word.isalpha():
                self._lemmas[word] = lemma(word)
                self._by_lemma.setdefault(self._lemmas[word], []).append(word)
        self._kinds = tuple(dict.fromkeys(doc.kind for doc in self.docs))
        built = [p for by_kind in self._postings.values() for p in by_kind.values()]
        self._weights = sorted({weight for posting in built for weight in posting.values()})
        code = {weight: i for i, weight in enumerate(self._weights)}
        self._packed: dict[str, dict[str, Packed]] = {
            word: {kind: _pack(posting, code) for kind, posting in by_kind.items()}
            for word, by_kind in self._postings.items()
        }
        self._postings = {}  # word -> kind -> doc -> weight, unpacked on use (see ``_posting``)
        self._unpacked = 0  # postings held in ``_postings``
        common = GENERIC_SHARE * len(self.docs)
        self._generic = frozenset(w for w, df in self._df.items() if df >= common).union(
            *(words(report.meta.force) for report in kb.reports)
        )
        self._synonyms, self._spellings = _vocabulary(kb.topics)
        self._phrase_sizes = sorted(
            {len(key) for key in (*self._synonyms, *self._phrases) if len(key) <= PHRASE_WORDS} | {1},
            reverse=True,
        )
        self._pack_fields()
        self._similar_cache: dict[str, list[tuple[str, float]]] = {}
        self._held: dict[str, dict[int, float]] = {}  # phrase needle -> documents holding it
        self._held_packed: dict[str, Packed] = {}  # the same, packed once the index is built
        for phrase in chain(self._phrases, self._synonyms, *self._synonyms.values()):
            if len(phrase) > 1:
                self._phrase_docs(phrase)
        field_code = {weight: i for i, weight in enumerate(self._field_weights)}
        self._held_packed = {needle: _pack(held, field_code) for needle, held in self._held.items()}
        self._held = {}  # unpacked on use, like the posting lists
        self._postings, self._unpacked = {}, 0

    def _pack_fields(self) -> None:
        """All documents' phrase fields in one ASCII string (a few bytes of overhead per document
        rather than ~500): ``FIELD_MARK``, the field's weight code, its text, for each field best
        first; document ``d`` spans ``_field_starts[d]:_field_starts[d + 1]``."""
        self._field_weights = sorted({weight for fields in self._fields for weight, _ in fields})
        code = {weight: chr(1 + i) for i, weight in enumerate(self._field_weights)}
        chunks = ["".join(FIELD_MARK + code[w] + text for w, text in fields) for fields in self._fields]
        self._field_starts = array("i", accumulate(map(len, chunks), initial=0))
        self._field_text = "".join(chunks)
        self._fields = []

    def _best_field(self, doc: int, needle: str) -> float | None:
        """The weight of the best field of ``doc`` holding ``needle``, if any."""
        text, start, end = self._field_text, self._field_starts[doc], self._field_starts[doc + 1]
        at = text.find(needle, start, end)
        if at < 0:
            return None
        return self._field_weights[ord(text[text.rfind(FIELD_MARK, start, at) + 1]) - 1]

    def __getstate__(self) -> dict[str, object]:
        """What is pickled (the start-up cache): the built index, without what answering caches."""
        answering = {"_postings": {}, "_unpacked": 0, "_similar_cache": {}, "_held": {}}
        return {**vars(self), **answering}

    def _posting(self, word: str, kind: str) -> dict[int, float]:
        """Documents holding ``word`` (of ``kind``, or ALL_KINDS) with their weights, unpacked once
        and remembered. The dict is shared: callers must not modify it."""
        by_kind = self._postings.get(word)
        if by_kind is not None:
            posting = by_kind.get(kind)
            if posting is not None:
                return posting
        packed = self._packed.get(word)
        if not packed:
            return {}
        kinds = packed.values() if kind == ALL_KINDS else [packed[kind]] if kind in packed else []
        posting = _unpack(kinds, self._weights)
        if self._unpacked + len(posting) > POSTING_CACHE:
            self._postings, self._unpacked = {}, 0
        self._postings.setdefault(word, {})[kind] = posting
        self._unpacked += len(posting)
        return posting

    def _add(self, entry: Entry) -> None:
        index = len(self.docs)
        head = _headline_parts(entry)
        single, multi = _keywords(entry)
        section = entry.area.label or entry.area.name
        named = head or single + multi
        self.docs.append(Doc(entry.uid, entry.kind, entry.report.id, processed(" ".join(named[:2])), section))
        self._by_uid[entry.uid] = index
        sections = [] if entry.kind in NO_SECTION_KINDS else [entry.area.name, entry.area.label or ""]
        text_weight = AREA_TEXT_WEIGHT if entry.kind == "area" else FIELD_WEIGHTS["text"]
        fields = sorted(
            (
                (FIELD_WEIGHTS["section"], sections),
                (FIELD_WEIGHTS["keyword_part"], multi),
                (text_weight, _text_parts(entry)),
                (FIELD_WEIGHTS["keyword"], single),
                (FIELD_WEIGHTS["headline"], head),
            ),
            key=itemgetter(0),
        )
        best: dict[str, float] = {}
        for weight, texts in fields:  # lowest weight first, so a word keeps its best field's weight
            best.update(dict.fromkeys(words(" ".join(texts)), weight))
        for word, weight in best.items():
            self._postings.setdefault(word, {}).setdefault(entry.kind, {})[index] = weight
            self._df[word] = self._df.get(word, 0) + 1
        # for phrases, a whole keyword phrase counts as much as a single keyword
        phrase_fields = [
            (FIELD_WEIGHTS["keyword"] if texts is multi else weight, texts) for weight, texts in fields
        ]
        phrase_fields.sort(key=itemgetter(0), reverse=True)
        self._fields.append(
            tuple((weight, field_text(texts, PHRASE_OPTIONAL)) for weight, texts in phrase_fields if texts)
        )
        if entry.kind == "area":
            names = [*head, *single, *multi]
            self._named[index] = (field_text(names), field_text(names, PHRASE_OPTIONAL))
        self._phrases.update(key for key in map(tuple, map(words, multi)) if len(key) > 1)

    # ----------------------------------------------------------------------- query side

    def terms(self, query: str) -> list[Term]:
        """The query's terms: synonyms expanded, spellings anglicised, stop words dropped."""
        tokens = [self._spellings.get(w, w) for w in words(query)]
        terms: list[Term] = []
        i = 0
        while i < len(tokens):
            for size in self._phrase_sizes:
                key = tuple(tokens[i : i + size])
                if len(key) < size:
                    continue
                if key in self._synonyms:
                    terms.append(Term(tuple(dict.fromkeys((key, *self._synonyms[key])))))
                elif size > 1 and key in self._phrases:
                    terms.append(Term((key,)))
                elif size > 1 or key[0] in STOPWORDS:
                    continue
                else:
                    terms.append(Term((key,)))
                i += size
                break
            else:
                i += 1
        return terms

    def names_phrase(self, uid: str, query: str) -> bool:
        """True when an area's name, label or keywords hold the query's words in a row: as typed
        ('the public' is in 'Responding to the public', not in 'public order'), or, for two or
        more words besides articles and 'and', ignoring those ('serious and organised crime')."""
        doc = self._by_uid.get(uid)
        if doc not in self._named:
            return False
        typed = [self._spellings.get(w, w) for w in words(query)]
        loose = [w for w in typed if w not in PHRASE_OPTIONAL]
        exact, loose_text = self._named[doc]
        return (len(typed) > 1 and as_needle(typed) in exact) or (
            len(loose) > 1 and as_needle(loose) in loose_text
        )

    def holds_phrase(self, uid: str, query: str) -> bool:
        """True when an entry holds the query's words (two or more; articles and 'and' aside) in a
        row, in any of its fields: 'adopt offender' is in "the IOM team uses local neighbourhood
        officers to 'adopt an offender'", not in a text that only holds both words apart."""
        doc = self._by_uid.get(uid)
        typed = [w for w in (self._spellings.get(w, w) for w in words(query)) if w not in PHRASE_OPTIONAL]
        return doc is not None and len(typed) > 1 and self._best_field(doc, as_needle(typed)) is not None

    def is_generic(self, term: Term) -> bool:
        return all(w in self._generic or w in STOPWORDS for phrase in term.alternatives for w in phrase)

    def is_generic_word(self, word: str) -> bool:
        """True when a vocabulary word is in so many entries (or in a force's name) it names no topic."""
        return word in self._generic or word in STOPWORDS

    def holds(self, uid: str, text: str) -> bool:
        """True when an entry holds every term of ``text`` (or a look-alike, synonym or spelling of it)."""
        doc = self._by_uid.get(uid)
        terms = self.terms(text)
        if doc is None or not terms:
            return False
        return all(doc in self._term_scores(term, self._kinds)[0] for term in terms)

    def doc_frequency(self, word: str) -> int:
        """How many entries hold ``word`` (a vocabulary word; 0 for any other)."""
        return self._df.get(word, 0)

    def section(self, uid: str) -> str:
        """The display name of the section an entry sits in."""
        return self.docs[self._by_uid[uid]].section

    def known(self, word: str) -> bool:
        """True when the reports use ``word`` itself or a form of it (not merely a look-alike)."""
        return any(score >= LEMMA_SIMILARITY for _, score in self.similar_words(word))

    def too_general(self, query: str) -> bool:
        """True when every word of the query is generic ('force', the force's name...): such words
        occur throughout the reports, so they cannot single out an answer."""
        terms = self.terms(query)
        return bool(terms) and all(self.is_generic(term) for term in terms)

    def similar_words(self, word: str) -> list[tuple[str, float]]:
        """Vocabulary words close to a typed word, with their similarity (100 = the same word)."""
        cached = self._similar_cache.get(word)
        if cached is not None:
            return cached
        if len(word) <= EXACT_ONLY_LENGTH or word.isdigit():
            found = [(word, 100.0)] if word in self._packed else []
        else:
            if word in self._packed:
                choices: Iterable[str] = self._by_prefix.get(word[:PREFIX_LENGTH], [])
            else:
                low = bisect_left(self._lengths, math.ceil(len(word) * 2 / 3))
                high = bisect_right(self._lengths, len(word) * 3 // 2)
                choices = self._by_length[low:high]
            cutoff = SHORT_WORD_CUTOFF if len(word) <= SHORT_WORD_LENGTH else WORD_CUTOFF
            found = [
                (choice, score)
                for choice, score, _ in process.extract(
                    word, choices, scorer=WORD_SCORER, score_cutoff=cutoff, limit=WORD_CANDIDATES
                )
            ]
            found = [
                (choice, score)
                for choice, score in found
                if score >= found[0][1] - SIMILAR_BAND and choice[:FUZZY_PREFIX] == word[:FUZZY_PREFIX]
            ]
            if word.isalpha():
                close = dict(found)
                forms = self._by_lemma.get(self._lemmas.get(word) or lemma(word), ())
                found += [(form, LEMMA_SIMILARITY) for form in forms if form not in close]
                found.sort(key=itemgetter(1), reverse=True)
        if len(self._similar_cache) >= SIMILAR_CACHE:
            self._similar_cache.clear()
        self._similar_cache[word] = found
        return found

    def _word_scores(self, word: str, kinds: tuple[str, ...]) -> tuple[dict[int, float], int]:
        """Each document's score (0-1) for one typed word, and how many documents hold it.

        The score is the field weight times the word's similarity. The dict may be a posting
        list itself: callers must not modify it.
        """
        similar = self.similar_words(word)
        if not similar:
            return {}, 0
        df = max(self._df[choice] for choice, _ in similar)
        first, similarity = similar[0]
        if kinds == self._kinds:
            kinds = (ALL_KINDS,)
        if len(similar) == 1 and similarity == 100.0 and len(kinds) == 1:
            return self._posting(first, kinds[0]), df
        scores: dict[int, float] = {}
        for choice, similarity in reversed(similar):  # least similar first: closer words overwrite
            factor = similarity / 100.0
            for kind in kinds:
                posting = self._posting(choice, kind)
                if posting:
                    scores.update({doc: weight * factor for doc, weight in posting.items()})
        return scores, df

    def _term_scores(self, term: Term, kinds: tuple[str, ...]) -> tuple[dict[int, float], int]:
        """Each document's best score (0-1) for one term over its alternatives, and its frequency.

        A phrase alternative scores the mean of its words, and only where all of them occur.
        """
        best: dict[int, float] | None = None
        owned = False  # True once ``best`` is our own dict rather than a posting list
        df = 0
        singles = {phrase[0] for phrase in term.alternatives if len(phrase) == 1}
        typed_found = False  # the typed words themselves occur: their expansions count a little less
        for position, phrase in enumerate(term.alternatives):
            if len(phrase) > 1 and singles.intersection(phrase):
                continue  # holds a word that is an alternative on its own: adds no documents
            content = [w for w in phrase if w not in STOPWORDS] or list(phrase)
            per_word = [self._word_scores(word, kinds) for word in content]
            if len(per_word) == 1:
                scores = per_word[0][0]
            else:
                scores = self._as_phrase(phrase, _all_words(sorted((s for s, _ in per_word), key=len)))
            if position == 0:
                typed_found = bool(scores)
                df = min(count for _, count in per_word)
            elif typed_found and len(phrase) == 1:  # a related word ('emergency' for '999'), where
                scores = {doc: value * EXPANSION_FACTOR for doc, value in scores.items()}  # a phrase
                # is the words spelt out ('serious and organised crime' for 'soc') and counts in full
            else:
                df = max(df, min(count for _, count in per_word))
            if best is None:
                best, owned = scores, len(per_word) > 1 or (position > 0 and typed_found and len(phrase) == 1)
                continue
            if not owned:
                best, owned = dict(best), True
            get = best.get
            for doc, value in scores.items():
                if value > get(doc, 0.0):
                    best[doc] = value
        return best or {}, df

    def _phrase_docs(self, phrase: tuple[str, ...]) -> dict[int, float]:
        """Documents holding a phrase word for word (articles and 'and' aside), each with the
        weight of its best field holding it; worked out once per phrase."""
        needle_words = [w for w in phrase if w not in PHRASE_OPTIONAL]
        needle = as_needle(needle_words)
        held = self._held.get(needle)
        if held is None and needle in self._held_packed:
            held = self._held[needle] = _unpack([self._held_packed[needle]], self._field_weights)
        if held is None:
            content = [w for w in needle_words if w not in STOPWORDS] or needle_words
            postings = sorted((self._posting(w, ALL_KINDS) for w in content), key=len)
            candidates = set(postings[0]).intersection(*postings[1:])
            held = {}
            for doc in candidates:
                weight = self._best_field(doc, needle)
                if weight is not None:
                    held[doc] = weight
            self._held[needle] = held
        return held

    def _as_phrase(self, phrase: tuple[str, ...], scores: dict[int, float]) -> dict[int, float]:
        """Documents holding a phrase's words: the weight of the best field holding them as the
        phrase, or PHRASE_APART of their mean score when they only occur apart."""
        get = self._phrase_docs(phrase).get
        return {doc: get(doc) or mean * PHRASE_APART for doc, mean in scores.items()}

    def search(
        self,
        query: str,
        *,
        kinds: Collection[str] | None = None,
        report_ids: Collection[str] | None = None,
        cutoff: float = MATCH_CUTOFF,
        limit: int | None = None,
    ) -> list[tuple[str, float]]:
        """Entries matching ``query`` as ``(uid, score)``, best first; scores are 0-100.

        With ``limit``, only that many of the best are returned.
        """
        terms = self.terms(query)
        if not terms or all(self.is_generic(term) for term in terms):
            return []
        wanted_kinds = self._kinds if kinds is None else tuple(k for k in self._kinds if k in kinds)
        weighted = []
        for term in terms:
            term_scores, df = self._term_scores(term, wanted_kinds)
            weighted.append((1.0 + math.log((len(self.docs) + 1) / (df + 1)), term_scores))
        total = sum(weight for weight, _ in weighted)
        needed = cutoff * total / 100.0
        scores = _combine(weighted, needed)
        docs = self.docs
        scale = 100.0 / total
        if report_ids is None:
            wanted = [(doc, value * scale) for doc, value in scores.items() if value >= needed]
        else:
            allowed = frozenset(report_ids)
            wanted = [
                (doc, value * scale)
                for doc, value in scores.items()
                if value >= needed and docs[doc].report_id in allowed
            ]
            best = max(scores.values(), default=0.0) * scale
            if wanted and max(score for _, score in wanted) < best - YEAR_MARGIN:
                wanted = []  # only weaker neighbours in the years asked for: no answer ('999' in 2016)
        wanted.sort(key=itemgetter(1), reverse=True)  # stable: equal scores keep index order
        if limit is not None:
            wanted = wanted[:limit]
        top, rest = wanted[:RERANK_LIMIT], wanted[RERANK_LIMIT:]
        headlines = [docs[doc].headline for doc, _ in top]
        by_position: dict[int, float] = {}
        for text in dict.fromkeys((processed(query), _spelled_out(terms))):
            for _, value, position in process.extract(
                text[:HEADLINE_QUERY_LIMIT], headlines, scorer=HEADLINE_SCORER, limit=None
            ):
                by_position[position] = max(value, by_position.get(position, 0.0))
        asked_years = frozenset(_YEAR.findall(processed(query)))
        dated = [  # a figure labelled with a year not asked for is a past comparator
            docs[doc].kind in DATED_KINDS and bool(frozenset(_YEAR.findall(docs[doc].headline)) - asked_years)
            for doc, _ in top
        ]
        order = sorted(
            range(len(top)),
            key=lambda i: (
                -(
                    (1 - HEADLINE_BLEND) * top[i][1]
                    + HEADLINE_BLEND * by_position.get(i, 0.0)
                    - (OTHER_YEAR_PENALTY if dated[i] else 0.0)
                ),
                top[i][0],
            ),
        )
        return [(docs[top[i][0]].uid, round(top[i][1], 1)) for i in order] + [
            (docs[doc].uid, round(score, 1)) for doc, score in rest
        ]


def _spelled_out(terms: Iterable[Term]) -> str:
    """The query with each abbreviation read as its first spelt-out form ('iom' as 'integrated
    offender management'), so the entry named by it reads like the query when results are ordered."""
    out: list[str] = []
    for term in terms:
        typed = term.alternatives[0]
        spelt = term.alternatives[1] if len(term.alternatives) > 1 else typed
        short = len(typed) == 1 and len(typed[0]) <= ABBREVIATION_LENGTH and len(spelt) > 1
        out += spelt if short else typed
    return " ".join(out)


Packed = tuple[bytes, bytes]  # a posting list: document numbers (C ints), then weight codes


def _pack(posting: dict[int, float], code: dict[float, int]) -> Packed:
    return array("i", posting).tobytes(), bytes(code[weight] for weight in posting.values())


def _unpack(parts: Iterable[Packed], weights: list[float]) -> dict[int, float]:
    """Packed lists back into one ``doc -> weight`` dict, in their order."""
    get = weights.__getitem__
    pairs = (zip(memoryview(docs).cast("i"), map(get, codes), strict=True) for docs, codes in parts)
    return dict(chain.from_iterable(pairs))


def _all_words(per_word: list[dict[int, float]]) -> dict[int, float]:
    """Mean score of documents holding every word (``per_word`` smallest first)."""
    common = per_word[0].keys() & per_word[1].keys()
    for other in per_word[2:]:
        common &= other.keys()
    count = len(per_word)
    scores = dict.fromkeys(common, 0.0)
    for posting in per_word:
        for doc in common:
            scores[doc] += posting[doc]
    return {doc: total / count for doc, total in scores.items()}


def _combine(weighted: list[tuple[float, dict[int, float]]], needed: float) -> dict[int, float]:
    """Sum each document's weighted term scores, skipping documents that cannot reach ``needed``.

    A document missing every one of the rarest terms cannot reach the cut-off when the other
    terms' weights add up to less than it, so only documents holding one of those are summed.
    """
    if len(weighted) == 1:
        weight, scores = weighted[0]
        return {doc: weight * value for doc, value in scores.items()}
    ordered = sorted(weighted, key=lambda pair: len(pair[1]))
    rest = sum(weight for weight, _ in ordered)
    essential = 0
    while essential < len(ordered) and rest >= needed:
        rest -= ordered[essential][0]
        essential += 1
    essential = max(essential, 1)
    first_weight, first_scores = ordered[0]
    combined = {doc: first_weight * value for doc, value in first_scores.items()}
    for weight, scores in ordered[1:essential]:  # every document of these terms is a candidate
        get = combined.get
        for doc, value in scores.items():
            combined[doc] = get(doc, 0.0) + weight * value
    for weight, scores in ordered[essential:]:
        if len(scores) < len(combined):
            for doc, value in scores.items():
                if doc in combined:
                    combined[doc] += weight * value
        else:
            get = scores.get
            for doc in combined:
                held = get(doc)
                if held:
                    combined[doc] += weight * held
    return combined


# --------------------------------------------------------------------------- vocabulary


def _vocabulary(topics: TopicsFile) -> tuple[dict[tuple[str, ...], list[tuple[str, ...]]], dict[str, str]]:
    spellings = {processed(us): processed(uk) for us, uk in topics.spellings.items()}
    single = {us: uk for us, uk in spellings.items() if " " not in us and us}
    synonyms: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for key, expansions in topics.synonyms.items():
        key_words = tuple(single.get(w, w) for w in words(key))
        if key_words:
            synonyms.setdefault(key_words, []).extend(
                tuple(phrase_words(e)) for e in expansions if phrase_words(e)
            )
    return synonyms, single
