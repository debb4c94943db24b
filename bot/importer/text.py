"""The report as the importer reads it: lines, paragraphs, sentences, headings and block spans.

Line numbers are 1-based as in an editor, so review notes point at the report's own lines. Text is
markup-resolved and whitespace-folded exactly as the provenance check reads the seed, so anything
cut from here is verbatim by construction (``verify.py`` still checks every field).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from bot.knowledge.completeness import BLOCK_KINDS, Marker, scan
from bot.knowledge.provenance import fold, strip_markup

_TOC_LINE = re.compile(r"^(?P<title>.*?\S)[\s.]*\t\s*\d+\s*$")
_TRAILING_NOTE = re.compile(r"[\d⁰¹²³⁴⁵⁶⁷⁸⁹,^{}]+$")
_SENTENCE_END = re.compile(r"(?<=[.!?])[’'\"”)]?\s+(?=[A-Z0-9‘'\"“(£])")
_FOOTNOTE = re.compile(r"^[⁰¹²³⁴⁵⁶⁷⁸⁹]+\s")
_CLOSERS = "'\"’”)"

# the block headings the completeness scan marks, plus the summary box that holds a grade
BLOCK_HEADINGS: dict[str, str] = {**BLOCK_KINDS, "summary of findings": "summary"}


def key(text: str) -> str:
    """Comparison form: straight apostrophes, case-folded, trailing footnote marks dropped."""
    return _TRAILING_NOTE.sub("", text.replace("’", "'").replace("‘", "'")).strip().casefold()


def without_note(text: str) -> str:
    """Text without a footnote mark glued to its end ('Responding to the public⁶')."""
    return _TRAILING_NOTE.sub("", text).rstrip() or text


def ends_sentence(text: str) -> bool:
    core = _TRAILING_NOTE.sub("", text).rstrip(_CLOSERS)
    return core.endswith((".", "!", "?"))


def sentences(text: str) -> list[str]:
    """Split folded text into sentences (keeps each sentence's own punctuation)."""
    return [s for s in _SENTENCE_END.split(text) if s]


def first_sentence(text: str) -> str:
    return sentences(text)[0] if text else text


@dataclass(frozen=True)
class Paragraph:
    """One paragraph: its first and last line (1-based) and its folded text.

    A paragraph cut by a page break (next part starts lower case) is joined; ``parts`` keeps the
    pieces so a quote can show the report's own break.
    """

    line: int
    last: int
    parts: tuple[str, ...]
    raw: str

    @property
    def text(self) -> str:
        return " ".join(self.parts)

    @property
    def quote(self) -> str:
        return "\n\n".join(self.parts)

    @property
    def bullet(self) -> bool:
        return self.raw.startswith("- ")

    @property
    def sub_bullet(self) -> bool:
        return self.raw[:1].isspace() and self.raw.lstrip().startswith("- ")

    @property
    def body(self) -> bool:
        """Running text: a sentence, a lead-in to a list, or a list item (not a heading)."""
        return self.bullet or self.sub_bullet or ends_sentence(self.text) or self.text.endswith(":")


class Document:
    """A report's text, indexed for the extractors."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.raw_lines = raw.splitlines()
        self.text_lines: list[str] = []
        self.toc_lines: set[int] = set()
        self.toc_titles: set[str] = set()
        for n, line in enumerate(self.raw_lines, start=1):
            toc = _TOC_LINE.match(line)
            if toc and "\t" in line and not line.startswith("\t"):
                title = fold(strip_markup(toc.group("title")))
                if not re.search(r"\t", toc.group("title")):
                    self.toc_lines.add(n)
                    self.toc_titles.add(key(title))
            self.text_lines.append(fold(strip_markup(line)))
        self.paragraphs = self._paragraphs()
        self._by_line = {n: p for p in self.paragraphs for n in range(p.line, p.last + 1)}
        self._position = {p: i for i, p in enumerate(self.paragraphs)}  # list.index compared every one
        self._keys = [key(t) for t in self.text_lines]  # lines_matching runs once per heading sought

    # ------------------------------------------------------------------ lines and paragraphs

    def text(self, line: int) -> str:
        return self.text_lines[line - 1]

    def _paragraphs(self) -> list[Paragraph]:
        out: list[Paragraph] = []
        n = 1
        total = len(self.raw_lines)
        while n <= total:
            text = self.text(n)
            if not text or n in self.toc_lines:
                n += 1
                continue
            parts, raw, last = [text], self.raw_lines[n - 1].rstrip(), n
            footnote = bool(_FOOTNOTE.match(raw))  # a page's footnote never continues on the next page
            while not footnote and not ends_sentence(parts[-1]) and not parts[-1].endswith((":", ";")):
                nxt = self._next_nonblank(last)
                if nxt is None or nxt - last > 4 or nxt in self.toc_lines:
                    break
                following = self.text(nxt)
                if not following[:1].islower() or self.raw_lines[nxt - 1].lstrip().startswith("- "):
                    break
                parts.append(following)
                last = nxt
            out.append(Paragraph(n, last, tuple(parts), raw))
            n = last + 1
        return out

    def _next_nonblank(self, line: int) -> int | None:
        for n in range(line + 1, len(self.raw_lines) + 1):
            if self.text(n):
                return n
        return None

    def paragraph_at(self, line: int) -> Paragraph | None:
        return self._by_line.get(line)

    def after(self, para: Paragraph) -> Iterator[Paragraph]:
        """The paragraphs following ``para``, in order."""
        yield from self.paragraphs[self._position[para] + 1 :]

    def next_paragraph(self, para: Paragraph) -> Paragraph | None:
        return next(self.after(para), None)

    def previous_paragraph(self, para: Paragraph) -> Paragraph | None:
        index = self._position[para]
        return self.paragraphs[index - 1] if index else None

    def is_footnote(self, para: Paragraph) -> bool:
        return bool(_FOOTNOTE.match(para.raw)) or para.text.startswith(("Source:", "For further information"))

    # ------------------------------------------------------------------ structure

    @cached_property
    def markers(self) -> list[Marker]:
        """The completeness scan's markers: every judgment, AFI, concern... the report marks."""
        return scan(self.raw)

    def block_kind(self, para: Paragraph) -> str | None:
        return BLOCK_HEADINGS.get(key(para.text))

    def is_toc_title(self, para: Paragraph) -> bool:
        return key(para.text) in self.toc_titles

    def lines_matching(self, wanted: str) -> list[int]:
        """Lines whose text is ``wanted`` (compared by ``key``), outside the contents and grid cells."""
        target = key(wanted)
        return [
            n
            for n, (t, k) in enumerate(zip(self.text_lines, self._keys, strict=True), 1)
            if t and k == target and n not in self.toc_lines and "\t" not in self.raw_lines[n - 1]
        ]

    def body_after(self, para: Paragraph, stop: set[int] | None = None) -> list[Paragraph]:
        """Running-text paragraphs after ``para`` up to the next heading, block or contents title.

        A footnote or source line ends the span too (a quote must be contiguous to be verbatim);
        ``stop`` lists lines where the span must end (e.g. the next item's heading).
        """
        out: list[Paragraph] = []
        for nxt in self.after(para):
            if stop and nxt.line in stop:
                break
            if self.is_footnote(nxt):
                break
            if self.block_kind(nxt) or self.is_toc_title(nxt) or not nxt.body:
                break
            out.append(nxt)
        return out


_STOP = frozenset(
    (
        "the",
        "and",
        "for",
        "that",
        "this",
        "with",
        "from",
        "have",
        "has",
        "had",
        "was",
        "were",
        "are",
        "its",
        "it's",
        "their",
        "them",
        "they",
        "which",
        "when",
        "what",
        "where",
        "who",
        "will",
        "would",
        "should",
        "could",
        "must",
        "need",
        "needs",
        "make",
        "makes",
        "sure",
        "ensure",
        "ensuring",
        "force",
        "forces",
        "police",
        "area",
        "areas",
        "improvement",
        "improvements",
        "improve",
        "improves",
        "improved",
        "also",
        "been",
        "being",
        "into",
        "than",
        "then",
        "there",
        "these",
        "those",
        "such",
        "some",
        "more",
        "most",
        "other",
        "only",
        "over",
        "under",
        "about",
        "after",
        "before",
        "while",
        "within",
        "all",
        "any",
        "each",
        "does",
        "doesn't",
        "don't",
        "isn't",
        "aren't",
        "can't",
        "not",
        "but",
        "our",
        "we",
        "us",
        "she",
        "his",
        "her",
        "him",
        "inspection",
        "hmic",
        "hmicfrs",
        "remains",
        "still",
        "applies",
    )
)
_WORD = re.compile(r"[a-z][a-z'-]*")


def content_words(text: str) -> set[str]:
    """Lower-case content words with a crude plural strip, for comparing two passages."""
    words = set()
    for word in _WORD.findall(text.casefold().replace("’", "'")):
        for part in word.split("-"):
            if len(part) < 3 or part in _STOP:
                continue
            words.add(part[:-1] if part.endswith("s") and len(part) > 4 else part)
    return words


def overlap(text: str, other: str) -> float:
    """Share of ``text``'s content words that ``other`` also uses (0 when ``text`` has none)."""
    mine = content_words(text)
    return len(mine & content_words(other)) / len(mine) if mine else 0.0


def similarity(text: str, other: str) -> float:
    """Cosine of the two passages' content-word sets (0 when either has none)."""
    mine, theirs = content_words(text), content_words(other)
    return len(mine & theirs) / (len(mine) * len(theirs)) ** 0.5 if mine and theirs else 0.0
