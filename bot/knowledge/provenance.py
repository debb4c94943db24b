"""Verbatim matching of knowledge quotes against a report's seed text.

The only relaxation is whitespace folding: line breaks, page breaks and runs of spaces in the
converted PDF text count as one space. The seed's glossary-link markup ``[term](#)`` is not
report text (the seeds README: "the term itself is the text"), so it is read as ``term``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

_WHITESPACE = re.compile(r"\s+")
_GLOSSARY_LINK = re.compile(r"\[((?:[^\]\\]|\\.)*)\]\(#\)")
_ESCAPE = re.compile(r"\\(.)")


def fold(text: str) -> str:
    """Collapse every run of whitespace to one space and trim the ends."""
    return _WHITESPACE.sub(" ", text).strip()


def strip_markup(text: str) -> str:
    """Replace ``[term](#)`` glossary links (with their ``\\(`` escapes) by the term itself."""
    return _GLOSSARY_LINK.sub(lambda m: _ESCAPE.sub(r"\1", m.group(1)), text)


def normalise_seed(raw: str) -> str:
    """The seed as the report reads: markup resolved, whitespace folded."""
    return fold(strip_markup(raw))


SEED_CACHE = 8  # normalised seeds kept: reports sharing a seed read it once, and a hundred
# reports' seeds are not all held in memory after they are verified


def read_seed(path: Path) -> str:
    """Read and normalise a seed file; read again once it changes (``peel-bot check`` in a
    long-lived process, or a test, must see the seed as it is now)."""
    stat = path.stat()
    return _read_seed(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=SEED_CACHE)
def _read_seed(path: Path, mtime_ns: int, size: int) -> str:
    return normalise_seed(path.read_text(encoding="utf-8"))


def is_verbatim(quote: str, seed_text: str) -> bool:
    """True when ``quote`` (whitespace folded) occurs in the normalised ``seed_text``."""
    folded = fold(quote)
    return bool(folded) and folded in seed_text
