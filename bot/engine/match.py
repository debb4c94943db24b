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
from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.knowledge.loader import Entry, KnowledgeBase
from bot.knowledge.models import Area, Concern, TopicsFile

# --------------------------------------------------------------------------- tuning constants

WORD_SCORER = fuzz.ratio  # similarity of one typed word to one vocabulary word (typos, inflections)
HEADLINE_SCORER = fuzz.WRatio  # similarity of the whole query to a headline (orders close results)
WORD_CUTOFF = 80.0  # a vocabulary word at least this similar counts as the typed word
EXACT_ONLY_LENGTH = 3  # words this short (soc, asb, 999) must match exactly
PREFIX_LENGTH = 4  # a known word is also matched to its inflections sharing this prefix
WORD_CANDIDATES = 6  # at most this many vocabulary words per typed word
MATCH_CUTOFF = 70.0  # a document must score this much (0-100) to be an answer
AMBIGUITY_MARGIN = 4.0  # areas scoring within this of the best are shown together
HEADLINE_BLEND = 0.15  # share of the headline similarity in the ordering score
RERANK_LIMIT = 60  # only this many best documents are re-scored against their headlines
SUGGEST_CUTOFF = 70.0  # a topic at least this similar may be offered as "Did you mean"
NEAR_MISS_CUTOFF = 35.0  # entries scoring this much lend their section to "Did you mean"
SUGGESTIONS = 3
DROP_WORD_LIMIT = 6  # for queries up to this many words, suggest the query less one word

FIELD_WEIGHTS = {"headline": 1.0, "text": 0.9, "section": 0.75}

STOPWORDS = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "do", "does", "for", "from", "how", "i", "in",
        "is", "it", "me", "of", "on", "or", "our", "show", "tell", "the", "their", "this", "to", "us",
        "was", "we", "what", "whats", "which", "with", "about", "any", "all",
    }
)

_APOSTROPHES = re.compile(r"['’‘`]")
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


# --------------------------------------------------------------------------- processing


def fold_plural(word: str) -> str:
    """Fold simple English plurals so 'offenders' and 'offender' are one word."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """The processor: lower case, apostrophes dropped, hyphenated words split and joined, plurals folded."""
    out: list[str] = []
    for match in _WORD.finditer(_APOSTROPHES.sub("", text.lower())):
        token = match.group()
        if "-" in token:
            parts = token.split("-")
            out.extend(fold_plural(p) for p in parts)
            out.append(fold_plural("".join(parts)))
        else:
            out.append(fold_plural(token))
    return out


def processed(text: str) -> str:
    """A string's words joined by spaces, as compared by the headline scorer."""
    return " ".join(words(text))


# --------------------------------------------------------------------------- documents


def _headline_parts(entry: Entry) -> list[str]:
    item = entry.item
    parts: list[str | None] = []
    if isinstance(item, Area):
        parts += [item.name, item.label]
    elif entry.kind == "statistic":
        parts.append(item.label)  # type: ignore[attr-defined]
    else:
        parts.append(getattr(item, "title", None))
    if isinstance(entry.parent, Concern):
        parts.append(entry.parent.title)
    parts += getattr(item, "keywords", [])
    return [p for p in parts if p]


def _text_parts(entry: Entry) -> list[str]:
    item = entry.item
    parts: list[str] = []
    for name in ("quote", "judgment", "points_lead", "status", "progress", "section", "period", "unit"):
        value = getattr(item, name, None)
        if isinstance(value, str):
            parts.append(value)
    for name in ("points", "other_quotes"):
        parts += getattr(item, name, None) or []
    if isinstance(entry.parent, Concern):
        parts.append(entry.parent.quote)
    return parts


def headline(entry: Entry) -> str:
    """The short name of an entry: area name, title or statistic label (first headline part)."""
    parts = _headline_parts(entry)
    return parts[0] if parts else entry.area.name


@dataclass(frozen=True)
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
    """Every entry of a knowledge base, indexed once for fuzzy search."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.docs: list[Doc] = []
        self._postings: dict[str, dict[int, float]] = {}
        self._by_uid: dict[str, int] = {}
        for entry in kb.entries():
            self._add(entry)
        vocab = sorted(self._postings, key=lambda w: (len(w), w))
        self._by_length = vocab
        self._lengths = [len(w) for w in vocab]
        self._by_prefix: dict[str, list[str]] = {}
        for word in vocab:
            self._by_prefix.setdefault(word[:PREFIX_LENGTH], []).append(word)
        self._synonyms, self._spellings = _vocabulary(kb.topics)
        self._topics = _topic_choices(kb)

    def _add(self, entry: Entry) -> None:
        index = len(self.docs)
        head = _headline_parts(entry)
        section = entry.area.label or entry.area.name
        self.docs.append(Doc(entry.uid, entry.kind, entry.report.id, processed(" ".join(head[:2])), section))
        self._by_uid[entry.uid] = index
        fields = {
            "headline": head,
            "text": _text_parts(entry),
            "section": [entry.area.name, entry.area.label or ""],
        }
        for field, texts in fields.items():
            weight = FIELD_WEIGHTS[field]
            for word in {w for text in texts for w in words(text)}:
                posting = self._postings.setdefault(word, {})
                if posting.get(index, 0.0) < weight:
                    posting[index] = weight

    # ----------------------------------------------------------------------- query side

    def terms(self, query: str) -> list[Term]:
        """The query's terms: synonyms expanded, spellings anglicised, stop words dropped."""
        tokens = [self._spellings.get(w, w) for w in words(query)]
        terms: list[Term] = []
        i = 0
        while i < len(tokens):
            for size in (3, 2, 1):
                key = tuple(tokens[i : i + size])
                if len(key) == size and key in self._synonyms:
                    terms.append(Term(((*key,), *self._synonyms[key])))
                    i += size
                    break
            else:
                if tokens[i] not in STOPWORDS:
                    terms.append(Term(((tokens[i],),)))
                i += 1
        return terms

    def _similar_words(self, word: str) -> list[tuple[str, float]]:
        """Vocabulary words close to a typed word, with their similarity (100 = the same word)."""
        if len(word) <= EXACT_ONLY_LENGTH or word.isdigit():
            return [(word, 100.0)] if word in self._postings else []
        if word in self._postings:
            choices: Iterable[str] = self._by_prefix.get(word[:PREFIX_LENGTH], [])
        else:
            low = bisect_left(self._lengths, math.ceil(len(word) * 2 / 3))
            high = bisect_right(self._lengths, len(word) * 3 // 2)
            choices = self._by_length[low:high]
        found = process.extract(
            word, choices, scorer=WORD_SCORER, score_cutoff=WORD_CUTOFF, limit=WORD_CANDIDATES
        )
        return [(choice, score) for choice, score, _ in found]

    def _word_scores(self, word: str) -> dict[int, float]:
        """Each document's score (0-1) for one typed word: field weight times word similarity.

        The result may be a posting list itself: callers must not modify it.
        """
        similar = self._similar_words(word)
        if not similar:
            return {}
        first, similarity = similar[0]
        if len(similar) == 1 and similarity == 100.0:
            return self._postings[first]
        scores: dict[int, float] = {}
        get = scores.get
        for choice, similarity in similar:
            factor = similarity / 100.0
            for doc, weight in self._postings[choice].items():
                value = weight * factor
                if value > get(doc, 0.0):
                    scores[doc] = value
        return scores

    def _term_scores(self, term: Term) -> dict[int, float]:
        """Each document's best score (0-1) for one term, over the term's alternatives.

        A phrase alternative scores the mean of its words, and only where all of them occur.
        """
        best: dict[int, float] = {}
        for phrase in term.alternatives:
            content = [w for w in phrase if w not in STOPWORDS] or list(phrase)
            per_word = [self._word_scores(word) for word in content]
            if len(per_word) == 1:
                scores = per_word[0]
                if not best:
                    best = dict(scores)
                    continue
            else:
                common = set(per_word[0]).intersection(*per_word[1:])
                scores = {doc: sum(s[doc] for s in per_word) / len(per_word) for doc in common}
            get = best.get
            for doc, value in scores.items():
                if value > get(doc, 0.0):
                    best[doc] = value
        return best

    def search(
        self,
        query: str,
        *,
        kinds: Collection[str] | None = None,
        report_ids: Collection[str] | None = None,
        cutoff: float = MATCH_CUTOFF,
    ) -> list[tuple[str, float]]:
        """Entries matching ``query`` as ``(uid, score)``, best first; scores are 0-100."""
        terms = self.terms(query)
        if not terms:
            return []
        total = 0.0
        scores: dict[int, float] = {}
        get = scores.get
        for term in terms:
            term_scores = self._term_scores(term)
            weight = 1.0 + math.log((len(self.docs) + 1) / (len(term_scores) + 1))
            total += weight
            for doc, value in term_scores.items():
                scores[doc] = get(doc, 0.0) + weight * value
        needed = cutoff * total / 100.0
        docs = self.docs
        scale = 100.0 / total
        wanted = [
            (doc, value * scale)
            for doc, value in scores.items()
            if value >= needed
            and (kinds is None or docs[doc].kind in kinds)
            and (report_ids is None or docs[doc].report_id in report_ids)
        ]
        wanted.sort(key=lambda pair: (-pair[1], pair[0]))
        top, rest = wanted[:RERANK_LIMIT], wanted[RERANK_LIMIT:]
        similarity = process.extract(
            processed(query),
            [docs[doc].headline for doc, _ in top],
            scorer=HEADLINE_SCORER,
            limit=None,
        )
        by_position = {position: value for _, value, position in similarity}
        order = sorted(
            range(len(top)),
            key=lambda i: (
                -((1 - HEADLINE_BLEND) * top[i][1] + HEADLINE_BLEND * by_position.get(i, 0.0)),
                top[i][0],
            ),
        )
        return [(docs[top[i][0]].uid, round(top[i][1], 1)) for i in order] + [
            (docs[doc].uid, round(score, 1)) for doc, score in rest
        ]

    def suggest(
        self,
        query: str,
        *,
        kinds: Collection[str] | None = None,
        report_ids: Collection[str] | None = None,
        limit: int = SUGGESTIONS,
    ) -> list[str]:
        """Up to ``limit`` real topics (section names) for a query that matched nothing.

        First the query less one word (when that finds something), then the sections of
        near-miss entries, then section names that read like the query.
        """
        picked: list[str] = []
        typed = query.split()
        if 1 < len(typed) <= DROP_WORD_LIMIT:
            for i in reversed(range(len(typed))):
                shorter = " ".join(typed[:i] + typed[i + 1 :])
                if self.search(shorter, kinds=kinds, report_ids=report_ids):
                    picked.append(shorter)
                    break
        for uid, _ in self.search(query, kinds=kinds, report_ids=report_ids, cutoff=NEAR_MISS_CUTOFF):
            section = self.docs[self._by_uid[uid]].section
            if section not in picked:
                picked.append(section)
        choices = {
            name: key
            for name, key, kind, report_id in self._topics
            if (kinds is None or kind in kinds) and (report_ids is None or report_id in report_ids)
        }
        found = process.extract(
            processed(query), choices, scorer=HEADLINE_SCORER, score_cutoff=SUGGEST_CUTOFF, limit=limit
        )
        picked += [name for _, _, name in found if name not in picked]
        return picked[:limit]


# --------------------------------------------------------------------------- vocabulary


def _vocabulary(topics: TopicsFile) -> tuple[dict[tuple[str, ...], list[tuple[str, ...]]], dict[str, str]]:
    spellings = {processed(us): processed(uk) for us, uk in topics.spellings.items()}
    single = {us: uk for us, uk in spellings.items() if " " not in us and us}
    synonyms: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for key, expansions in topics.synonyms.items():
        key_words = tuple(single.get(w, w) for w in words(key))
        if key_words:
            synonyms.setdefault(key_words, []).extend(tuple(words(e)) for e in expansions if words(e))
    return synonyms, single


def _topic_choices(kb: KnowledgeBase) -> list[tuple[str, str, str, str]]:
    """(display name, processed name, kind, report id) for every section that holds entries."""
    out: dict[tuple[str, str, str], tuple[str, str, str, str]] = {}
    for entry in kb.entries():
        name = entry.area.label or entry.area.name
        key = (name, entry.kind, entry.report.id)
        out.setdefault(key, (name, processed(name), entry.kind, entry.report.id))
    return list(out.values())
