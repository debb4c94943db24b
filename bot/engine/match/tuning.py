"""Named constants of the fuzzy matching: scorers, cut-offs, field weights, cache sizes.

One place to read and tune how strict matching is; ``tokens``, ``index`` and ``suggestions``
import what they use from here.
"""

from __future__ import annotations

from rapidfuzz import fuzz

WORD_SCORER = fuzz.ratio  # similarity of one typed word to one vocabulary word (typos, inflections)
HEADLINE_SCORER = fuzz.WRatio  # similarity of the whole query to a headline (orders close results)
WORD_CUTOFF = 80.0  # a vocabulary word at least this similar counts as the typed word...
SHORT_WORD_LENGTH = 5  # ...but a typed word this short or shorter must be closer: one letter swapped
SHORT_WORD_CUTOFF = 84.0  # in five ('taser' → 'taker') is another word, one dropped ('crme') a typo
FUZZY_PREFIX = 2  # ...when it starts with the same letters (typos rarely hit the first ones)
EXACT_ONLY_LENGTH = 3  # words this short (soc, asb, 999) must match exactly
PREFIX_LENGTH = 4  # a known word is also matched to its inflections sharing this prefix
WORD_CANDIDATES = 6  # at most this many vocabulary words per typed word
SIMILAR_BAND = 12.0  # ...and only those within this of the closest one
MATCH_CUTOFF = 70.0  # a document must score this much (0-100) to be an answer
AMBIGUITY_MARGIN = 4.0  # areas scoring within this of the best are shown together
ABBREVIATION_LENGTH = 5  # a typed word this short with a spelt-out expansion is an abbreviation ('iom')
HEADLINE_BLEND = 0.10  # share of the headline similarity in the ordering score
OTHER_YEAR_PENALTY = 3.0  # a headline naming a year the question did not ask for is a past comparator
# ('recorded at the 2018 re-inspection'): it follows the current figure it otherwise ties with
DATED_KINDS = frozenset({"statistic"})  # kinds whose label is a name (a finding's title is a sentence)
RERANK_LIMIT = 30  # only the best documents (the first pages) are re-scored against their headlines
SUGGEST_CUTOFF = 70.0  # a topic at least this similar may be offered as "Did you mean"
NEAR_MISS_CUTOFF = 35.0  # entries scoring this much lend their section to "Did you mean"
NEAR_MISS_LIMIT = 20  # near-miss entries and similar topic names considered for "Did you mean"
SUGGESTIONS = 3
HEADLINE_QUERY_LIMIT = 200  # characters of the query compared with headlines
POSTING_CACHE = 300_000  # entries of posting lists kept as dicts while answering (~25 MB)
WORD_CACHE = 100_000  # processed forms of distinct tokens remembered
SIMILAR_CACHE = 50_000  # typed words whose vocabulary neighbours are remembered
DROP_WORD_LIMIT = 6  # for queries up to this many words, suggest the query less one word
LEMMA_LANGUAGE = "en"  # simplemma's dictionary: 'answering', 'answered' and 'answers' are 'answer'
LEMMA_SIMILARITY = 90.0  # another form of the typed word counts this much (a typo-free inflection)
EXPANSION_FACTOR = 0.9  # a vocabulary expansion counts this share of the typed word itself, when that
# occurs too ('cyber' over 'digital'); the typed word's own frequency weighs the term
YEAR_MARGIN = 12.0  # years whose best entry is this far below another report's best have no answer: a
# mention in the text (0.9) is an answer, a related word or a typo (at most ~0.86) is not
LEMMA_MIN_LENGTH = 4  # shorter words are abbreviations or numbers, never inflected
LOOSE_SCORE = 97.0  # a question less one word answers only if what is left names an entry (its title,
# label or keywords hold it: in the text alone is a passing mention, <= 90); and still names a topic:
LOOSE_TERMS = 2  # at least this many terms, or one phrase of the knowledge ('weather birmingham' less
# 'weather' is no question about Birmingham)

FIELD_WEIGHTS = {"headline": 1.0, "keyword": 0.95, "text": 0.9, "keyword_part": 0.8, "section": 0.75}
AREA_TEXT_WEIGHT = 0.5  # an area is what its name says: words of its judgment alone are no match
PHRASE_OPTIONAL = frozenset({"a", "an", "and", "the"})  # may differ between a phrase and the text;
# other small words may not: 'use of force' is not 'use force resources'
PHRASE_APART = 0.5  # a phrase whose words occur only apart scores this share of their mean
PHRASE_WORDS = 5  # longest vocabulary or keyword phrase recognised in a query
GENERIC_SHARE = 0.4  # a word in this share of all entries (or in the force's name) names no topic
# the most numerous kinds, found by their own words only: a figure is about what its label says,
# not about every word of the section it sits in
NO_SECTION_KINDS = frozenset({"finding", "statistic"})
PARTIAL_SCORE = 50.0  # a question no entry holds whole is answered by its best entry when that covers this
# much (0-100, IDF- and field-weighted) of the question's known specific words; swept 45-70 on the dev
# sets: 45-50 answer most, and no out-of-scope question is answered at any of them (the guards below
# decide that, not this)
RARE_SHARE = 0.15  # a word in at most this share of entries is rare: it can name a topic on its own
# (0.25 lets 'response' or 'domestic' carry 'ambulance response times'-like questions: three answered)
ANCHOR_WORDS = 2  # an unknown word, or a topic word the best entry lacks, is left out only when this many
# rare words are left to carry the question ('police dog unit', 'ambulance response times' stay no-matches)
