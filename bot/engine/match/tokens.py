"""Text analysis: how a query or an entry's text becomes the words that are searched.

Lower case, apostrophes dropped, hyphenated words split and joined, plurals folded, numbers read
as printed, lemmas (simplemma) for inflections, and the stop words no topic is made of.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from functools import lru_cache

import simplemma

from bot.engine.match.tuning import LEMMA_LANGUAGE, WORD_CACHE

STOPWORDS = frozenset(
    {
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "do",
        "does",
        "for",
        "from",
        "how",
        "i",
        "in",
        "is",
        "it",
        "me",
        "of",
        "on",
        "or",
        "our",
        "show",
        "tell",
        "the",
        "their",
        "this",
        "to",
        "us",
        "was",
        "we",
        "what",
        "whats",
        "which",
        "with",
        "about",
        "any",
        "all",
        "did",
        "get",
        "got",
        "they",
        "has",
        "have",
        "were",
        "can",
        "you",
        "give",
        "please",
    }
)

NEGATING_PREFIXES = frozenset({"non"})  # a hyphenated word with one of these is not about its parts

_APOSTROPHES = re.compile(r"['’‘`]")
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_THOUSANDS = re.compile(r"(?<![\d,.])(\d{1,3})(\d{3})(?![\d,.])")  # '1000' is printed '1,000'
_YEAR = re.compile(r"^(?:19|20)\d\d$")


def fold_plural(word: str) -> str:
    """Fold simple English plurals so 'offenders' and 'offender' are one word."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=WORD_CACHE)
def _token_words(token: str) -> tuple[str, ...]:
    if "-" in token:
        parts = token.split("-")
        parts_kept = parts[:1] if parts[0] in NEGATING_PREFIXES else parts  # 'non-emergency' ≠ 'emergency'
        return (*(fold_plural(p) for p in parts_kept), fold_plural("".join(parts)))
    return (fold_plural(token),)


def _with_commas(match: re.Match[str]) -> str:
    number = match.group(0)
    return number if _YEAR.match(number) else f"{match.group(1)},{match.group(2)}"


def words(text: str) -> list[str]:
    """The processor: lower case, apostrophes dropped, hyphenated words split and joined, plurals
    folded, and four- to six-digit numbers read as printed ('1000' is '1,000'; years stay)."""
    out: list[str] = []
    text = _THOUSANDS.sub(_with_commas, _APOSTROPHES.sub("", text.lower()))
    for token in _WORD.findall(text):
        out.extend(_token_words(token))
    return out


def phrase_words(text: str) -> list[str]:
    """Like ``words`` but a hyphenated word stays one word ('anti-social' -> 'antisocial')."""
    return [fold_plural(t.replace("-", "")) for t in _WORD.findall(_APOSTROPHES.sub("", text.lower()))]


def processed(text: str) -> str:
    """A string's words joined by spaces, as compared by the headline scorer."""
    return " ".join(words(text))


@lru_cache(maxsize=WORD_CACHE)
def lemma(word: str) -> str:
    """The dictionary form of a word ('answering' -> 'answer')."""
    return str(simplemma.lemmatize(word, lang=LEMMA_LANGUAGE))


def field_text(parts: Iterable[str], stopwords: Collection[str] = frozenset()) -> str:
    """Processed parts for phrase look-ups: ' a b | c d ' (a phrase never spans two parts)."""
    texts = (" ".join(w for w in words(p) if w not in stopwords) for p in parts if p)
    return " " + " | ".join(texts) + " "


def as_needle(phrase: Iterable[str]) -> str:
    """Words as looked for in a ``field_text``: whole words only."""
    return " " + " ".join(phrase) + " "
