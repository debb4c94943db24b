"""Search keywords derived from the report's own text: its glossary terms and defined acronyms.

The report links the terms it treats as key words to its glossary (``[term](#)`` in the seed) and
defines abbreviations in brackets ('integrated offender management (IOM)'); those are the words
users type. Nothing is hand-picked per report.
"""

from __future__ import annotations

import re
from collections import Counter

from bot.knowledge.provenance import fold, strip_markup

_GLOSSARY_LINK = re.compile(r"\[((?:[^\]\\]|\\.)*)\]\(#\)")  # the seed's [term](#) markup
_ACRONYM = re.compile(r"\(([A-Z][A-Za-z&]*[A-Z]s?)\)")
MAX_ITEM_KEYWORDS = 6
MAX_AREA_KEYWORDS = 10
COMMON_SHARE = 0.04  # a glossary term found in more than this share of paragraphs is no keyword
FRAMEWORK_WORDS = frozenset({"AFI", "AFIs", "PEEL", "HMIC", "HMICFRS"})  # every report has these


class Vocabulary:
    """The report's glossary terms (longest first) for finding them in a passage."""

    def __init__(self, raw: str) -> None:
        terms = {fold(m.group(1).replace("\\", "")).strip(" .,'‘’") for m in _GLOSSARY_LINK.finditer(raw)}
        terms = {re.sub(r"\s*\([A-Za-z&]+\)$", "", t) for t in terms}  # its acronym is found on its own
        terms = {
            t for t in terms if 2 < len(t) <= 40 and not t[:1].isdigit() and not t.lower().startswith("view ")
        }
        patterns = {t: _Term(t) for t in terms}
        paragraphs = [(p, _caseless(p)) for p in strip_markup(raw).split("\n") if p.strip()]
        limit = max(COMMON_SHARE * len(paragraphs), 3)
        # a term in every other paragraph ('staff') tells one passage from another no better than 'the'
        common = {t for t, term in patterns.items() if sum(1 for p in paragraphs if term.search(*p)) > limit}
        self.terms = sorted(terms - common, key=lambda t: (-len(t), t))
        self._patterns = [(t, patterns[t]) for t in self.terms]

    def found(self, text: str) -> list[tuple[int, str]]:
        """(position, keyword) of every glossary term and defined acronym in ``text``."""
        hits: list[tuple[int, str]] = []
        caseless = _caseless(text)
        for term, pattern in self._patterns:
            match = pattern.search(text, caseless)
            if match:
                hits.append((match.start(), term.lower() if not term.isupper() else term))
        hits.extend(
            (m.start(1), m.group(1)) for m in _ACRONYM.finditer(text) if m.group(1) not in FRAMEWORK_WORDS
        )
        return hits

    def for_item(self, text: str) -> list[str]:
        return _unique([k for _, k in sorted(self.found(text))])[:MAX_ITEM_KEYWORDS]

    def for_area(self, label: str | None, text: str) -> list[str]:
        counts = Counter(k for _, k in self.found(text))
        ranked = [k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
        return _unique(([label.lower()] if label else []) + ranked)[:MAX_AREA_KEYWORDS]


# The characters outside ASCII that an IGNORECASE pattern matches with ASCII letters (re's docs)
_ASCII_LOOKALIKES = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def _caseless(text: str) -> str:
    """``text`` lower-cased with one character per character, for :class:`_Term`'s quick check."""
    return text.translate(_ASCII_LOOKALIKES).lower()


class _Term:
    """A glossary term as a whole-word, case-insensitive pattern. Most passages lack most terms, so
    an ASCII term is first looked for as a plain substring of the caseless passage (which every
    match is); only a passage that has it runs the regular expression."""

    def __init__(self, term: str) -> None:
        self.pattern = re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE)
        self.needle = term.lower() if term.isascii() else ""

    def search(self, text: str, caseless: str) -> re.Match[str] | None:
        if self.needle not in caseless:
            return None
        return self.pattern.search(text)


def _unique(words: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for word in words:
        if word.casefold() not in seen:
            seen.add(word.casefold())
            out.append(word)
    return out
