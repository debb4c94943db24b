"""Fuzzy matching of what users type against the knowledge: the only package that knows rapidfuzz.

``tuning`` holds the scorers, cut-offs and weights; ``tokens`` turns text into searched words;
``index`` builds the ``MatchIndex`` once per knowledge base and searches it; ``suggestions``
offers "Did you mean" topics and loosened questions when nothing matches.
"""

from bot.engine.match.index import MatchIndex
from bot.engine.match.partial import PartialMatch, last_sentence
from bot.engine.match.suggestions import Suggestions
from bot.engine.match.tokens import STOPWORDS, fold_plural, words
from bot.engine.match.tuning import AMBIGUITY_MARGIN, MATCH_CUTOFF, SUGGESTIONS

__all__ = [
    "AMBIGUITY_MARGIN",
    "MATCH_CUTOFF",
    "STOPWORDS",
    "SUGGESTIONS",
    "MatchIndex",
    "PartialMatch",
    "Suggestions",
    "fold_plural",
    "last_sentence",
    "words",
]
