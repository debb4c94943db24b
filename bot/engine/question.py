"""The question layer: how people ask, read into a command, before anything is matched.

A question carries words no report prints ("how good is", "did they fix", "tell me about").
Left in, they sink the match, because an answer must hold the rare words typed. The reader cuts
the text into phrases, longest first, and sorts each into one of:

- a *scope* name: a force or another inspectorate's subject (from ``Scope``);
- a *grade* the reports use ("requires improvement", "good");
- an *intent*: words that say which command is meant ("how many" → ``stat``);
- a *topic phrase* the knowledge itself uses ("problem solving", "use of force", "stop and
  search"): kept whole, so its words are never read as intent or scaffolding;
- *grammar* (question words, pronouns, "the report", "hmicfrs"): dropped silently;
- *filler* ("properly", "stuff"): dropped, and named in the reply's "ignored" note;
- anything else is the topic.

Chat spellings are read as the words they stand for first ("wots", "gud", "doin", "2" between
two words), and searched as those words when they stay in the topic.

``wordfreq`` was measured for telling scaffolding from topic words and does not separate them
(zipf: "sorted" 3.83, "drones" 3.78, "zebra" 3.4) while adding ~190 ms to start-up and 58 MB; the
lists below are the question language itself, and small.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bot.engine.commands import BY_NAME, KIND_NAMES
from bot.engine.scope import Scope, name_words
from bot.knowledge.loader import KnowledgeBase

PHRASE_LIMIT = 6  # longest name or phrase recognised ("hampshire and isle of wight constabulary")
TOPIC_PHRASE_LIMIT = 5  # longest knowledge phrase kept whole (longer area names are sentences)
ARTICLES = frozenset({"a", "an", "the"})
JOINERS = ARTICLES | {"and", "of", "to"}  # kept beside a topic word where the
# knowledge has them there ('the public', 'treatment of the public'); other small words are dropped

GRAMMAR = frozenset(
    """
    a an the is are was were be been being am do does did done has have had having will would
    could can may might shall must i im me my we us our you your they them their theyre it its
    this that these those there theres here what whats which who whom whose when where why how
    if whether about on in at of for to from with by into onto as than then so or and any some
    all anything something everything tell show give find know let please thanks thank hi hello
    hey also just very still ever now get got getting gets go going gone say said says saying
    mention mentioned mentions report reports inspection inspections inspector inspectors
    inspectorate hmic hmicfrs hmicfrss peel force forces constabulary police there like ok okay
    re much many area areas sections went goes made make makes take takes took taken see seen saw found
    findings regarding wat wot abt r u ur ya pls plz thx tho wanna gonna list every each overview
    raise raised raises gave given issued over end ends ended anywhere somewhere everywhere around
    bout back cops coppers too before b4 happens needed hows whos wheres whens whys wots wats dont
    doesnt didnt isnt arent wasnt werent havent hasnt hadnt cant couldnt wont wouldnt shouldnt but
    because though although yet yo id ive youd youve theyd theyve weve most
    - – — / | … ...
    """.split()  # noqa: SIM905 (a word list reads best as text); dashes join a topic to its question
)
FILLER = frozenset(
    """
    properly really actually basically currently recently lately generally look looking looks handle
    handles handling
    deal dealing deals stuff things thing job doing happening happened situation perform
    performing performance performed sort enough dealt handled coping cope doing bad terrible
    awful great big biggest main major behind top news status worst best worse highest lowest
    praise praised check checked checking
    sorry dumb stupid silly question questions quick quickly wondering wonder curious interested wise
    cheers mate guys folks honestly literally kinda sorta example examples instance instances weakest
    strongest weaker stronger highlight highlighted highlights noted observed commented conclude concluded
    reveal revealed uncovered discovered flagged spotted think thought feel felt believe reckon part
    cover covers covered
    """.split()  # noqa: SIM905 (a word list reads best as text)
)
SCAFFOLDING = GRAMMAR | FILLER
# phrases of being noticed ('was the detective academy singled out as good practice'): dropped, and
# named in the reply's "ignored" note, like FILLER
FILLER_PHRASES = (
    "singled out", "single out", "picked out", "held up", "pointed out", "called out", "marked out",
)
# grade words asking how something is done rather than how it was judged: where the topic names no
# graded section but an entry holds it whole ('how well do control room staff use THRIVE', 'how does
# the force manage pre-charge bail'), the question is about that entry, not a section's grade
MANNER = {  # -> the command answering it: 'how well' asks for a measure, a statistic first; 'what
    # are they doing well to…' for what was done well, innovative practice first
    "how well": "stat", "how does": "find", "how do": "find", "how is": "find", "how are": "find",
    "how was": "find", "how were": "find", "how has": "find", "how have": "find",
    "doing well": "practice", "went well": "practice",
}

# which command a question asks for: the first of these whose words it holds ('since' outranks
# 'how good'); each command's words are its ``asked`` in bot/engine/commands.py
INTENT_ORDER = ("compare", "concern", "aoi", "rec", "practice", "stat", "change", "grade", "rank")
CHANGE_WORDS = (  # ask for compare too, but below every other command's words: 'the crime rate
    "changed|change|changes|compared|compare|comparison|versus|vs|better than|worse than|"
    "better or worse|worse or better|improved|got better"
)  # compared to england and wales' is a statistic (shown with its comparator), 'how has it changed'
# a comparison


def _asked(group: str) -> str:
    """The words asking for a command: its own, and the names of the kinds of entry it gives
    ('national recommendation' asks for ``rec``; it is never a topic phrase, so 'is the IOM
    national recommendation met' looks for IOM among the recommendations)."""
    if group == "change":
        return CHANGE_WORDS
    if group == "rank":
        return "|".join(RANKINGS)
    command = BY_NAME[group]
    kinds = "|".join(name for kind in command.kinds for name in KIND_NAMES[kind])
    return "|".join(dict.fromkeys(f"{command.asked}|{kinds}".strip("|").split("|")))


# every figure is shown with its England and Wales comparator: asking for it adds no topic
COMPARATORS = (
    "england and wales", "e and w", "e&w", "national average", "the national average", "other forces",
    "nationally",
    "in the country", "the country", "across the country", "in england", "of any force", "of all forces",
    "any other force", "other force", "national rate", "national figure", "national level", "the average",
    "average", "ranking", "rankings", "ranked", "rank", "league table",
)
# set against one of them ('compared with england and wales', 'vs E&W', 'the worst force for') a
# question asks for figures: every figure is shown with its comparator, and no report ranks forces
# by grade. The lowest-priority intent: 'how good are they compared with other forces' stays a grade
RANKINGS = tuple(
    dict.fromkeys(
        f"{lead}{article}{comparator}"
        for comparator in (*COMPARATORS, "worst force", "best force", "worst forces", "best forces")
        for lead in (
            "", "compared with ", "compared to ", "compare with ", "compare to ", "compares with ",
            "compares to ", "vs ", "versus ", "against ", "than ",
        )
        for article in ("", "the ")  # 'compare with the national figure'
        if len(f"{lead}{article}{comparator}".split()) <= 6
        and not (article and comparator.startswith("the "))
    )
)
INTENTS: tuple[tuple[str, str], ...] = tuple((group, _asked(group)) for group in INTENT_ORDER)

CHAT = {  # chat spellings read as the words they stand for, so they can form phrases ('hw gd' is 'how good')
    "hw": "how", "gd": "good", "wht": "what", "wat": "what", "wot": "what", "abt": "about", "bout": "about",
    "b4": "before", "n": "and", "thru": "through", "cos": "because", "coz": "because", "gud": "good",
    "wiv": "with", "wif": "with", "wid": "with", "tho": "though", "bcos": "because", "bc": "because",
    "wen": "when", "dat": "that",
}
ACRONYMS = {"IT": "ict"}  # typed in capitals, a scaffolding word's spelling is a topic's acronym
_EDGES = "\"'“”‘’.,;:!?()[]{}*_`~"
# a digit standing for a word between two words ('get 4 investigating', 'respond 2 the public'),
# unless it counts what follows ('4 weeks', '2 areas': a plural, or one of these)
CHAT_DIGITS = {"2": "to", "4": "for"}
COUNTED = frozenset({"per", "percent", "people", "staff", "police", "million", "thousand", "hundred"})
# a grade named without a topic is a filter ('which areas were rated good') only where the question
# asks which areas; otherwise it is the question's adjective ('are west mids police good'), answered
# by every grade
GRADE_SELECTORS = frozenset(
    """
    which where what whats anywhere anything any area areas section sections list everything ones show
    """.split()  # noqa: SIM905 (a word list reads best as text)
)
# judging words: filler beside a topic ('bad at investigating'), but alone with the force they ask
# how it did ('are wmp bad'), answered by every grade
JUDGING = frozenset({
    "bad", "terrible", "awful", "great", "worse", "worst", "best", "performing", "performance", "weakest",
    "strongest", "weaker", "stronger",
})
# a topic asking how the force did as a whole: its overall judgments, then every grade
OVERALL_WORDS = frozenset({
    "overall", "general", "whole", "judgement", "judgment", "verdict", "verdicts", "conclusion",
    "conclusions", "headline", "headlines", "summarise", "summarize", "summarised", "summarized", "summary",
    "nutshell", "gist", "picture", "rundown", "snapshot", "results",
})
VERDICTS = frozenset({"verdict", "verdicts", "conclusion", "conclusions"})  # of a topic: its grade
# a grade word in the plural asks for every grade ('the headline ratings', 'their overall grades'):
# with no topic but the force as a whole, every grade at a glance
EVERY_GRADE = frozenset({
    "grades", "ratings", "gradings", "scores", "results", "picture", "rundown", "snapshot",
})
# 'score' after who is scored ('did they score for', 'what did wmp score on') asks for a grade; after
# a topic word ('crime severity score') it is a figure
SCORE_VERBS = frozenset({"score", "scored", "scoring", "scores"})
SCORERS = frozenset({"they", "it", "did", "does", "do", "force", "police"})
VERB_OF_INTENT = {"change": "compare", "rank": "stat"}
# words of a figure asked for: inside a topic phrase the knowledge uses ('answer rate', 'crime
# severity score') they still ask for a statistic, and stay in the topic
FIGURE_WORDS = frozenset({
    "rate", "rates", "percentage", "percent", "proportion", "ratio", "score", "number", "numbers", "per",
    "%", "share",
})
# 'how west midlands police did overall', 'how the force is doing': 'how' and a verb of doing with
# only names, scaffolding and filler between ask how it did, like 'how did'
HOW_DID = frozenset({
    "did", "do", "does", "doing", "done", "fare", "fared", "faring", "performed", "perform", "performing",
    "went", "go", "going", "get", "got", "getting",
})
HOW_DID_ON = frozenset({"did", "fared", "performed"})  # 'how the force did on …': its grade there
# a grade's single word straight before a topic word is that topic's adjective ('outstanding
# domestic abuse suspects', 'inadequate training'), unless a judging word leads it ('rated good')
GRADE_CUES = frozenset({
    "rated", "graded", "judged", "as", "was", "were", "is", "are", "be", "been", "being", "got", "get",
    "received", "awarded", "given", "found", "assessed",
})
UNRESOLVED = frozenset({"outstanding", "open", "unresolved"})  # after 'still': not yet resolved
CONCERNS = frozenset({"concern", "concerns", "cause", "causes"})
TOPIC_INTENTS = frozenset({"change"})  # stay topic words when another command is asked for
CONNECTIVES = frozenset({"vs", "versus"})  # words of change that are never a topic's ('2016 vs 2021')
PARTICLE_VERBS = frozenset({"sort", "sorted", "sorting", "sorts"})  # 'sorted vetting out'
# a kind of entry named: 'how many recommendations' counts entries, not a figure
KIND_WORDS = frozenset(name for names in KIND_NAMES.values() for name in names) | {
    "aoi", "aois", "afi", "afis", "improvements", "concern", "concerns", "recommendations", "recs",
    "practice",
}
_SPLIT = re.compile(r"[^a-z0-9&]+")
BARE_WORDS_CACHED = 4096  # tokens remembered: the knowledge's phrases use ~850, the rest is what users type
_POSSESSIVE = re.compile(r"['’]s\b")


@functools.lru_cache(maxsize=BARE_WORDS_CACHED)
def bare_words(token: str) -> tuple[str, ...]:
    """A token as the reader compares it: lower case, no apostrophes, '&' as 'and', hyphens
    splitting ("dyfed-powys", "anti-social" are two words here)."""
    text = _POSSESSIVE.sub("", token.lower()).replace("’", "").replace("'", "")
    return tuple("and" if w == "&" else w for w in _SPLIT.split(text) if w)


@dataclass(frozen=True)
class Span:
    """Consecutive tokens the reader recognised as one thing."""

    kind: str  # "force", "subject", "grade", "intent", "grammar" or "filler"
    value: str  # the force, subject or grade named, the intent group, or the word
    tokens: tuple[int, ...]  # indices into the reader's input
    words: tuple[str, ...] = ()  # the words read, as compared ('how', 'many')


@dataclass
class Reading:
    """What the reader made of the words of a question (token indices refer to its input)."""

    topic: list[int] = field(default_factory=list)  # tokens kept as the topic
    spans: list[Span] = field(default_factory=list)  # everything else, in order
    figure: bool = False  # the topic holds a word of a figure ('rate', 'score', 'per')
    spelt: dict[int, str] = field(default_factory=dict)  # token -> the word a chat spelling stands for

    def values(self, kind: str) -> list[str]:
        """The forces, subjects, grades, intents or dropped words recognised, in order."""
        return list(dict.fromkeys(span.value for span in self.spans if span.kind == kind))

    def tokens(self, kind: str) -> list[int]:
        return [i for span in self.spans if span.kind == kind for i in span.tokens]


def _intent_table() -> dict[tuple[str, ...], tuple[str, str]]:
    """Every intent phrase as the reader compares it, and its group (a higher priority group
    overwrites a phrase shared with a lower one); built once, as INTENTS are constants."""
    table: dict[tuple[str, ...], tuple[str, str]] = {}
    for group, phrases in reversed(INTENTS):
        for text in phrases.split("|"):
            words = tuple(w for token in text.split() for w in bare_words(token))
            table[words or (text,)] = ("intent", group)
    return table


_INTENT_TABLE = _intent_table()
_INTENTS_AS_TYPED = frozenset(tuple(text.split()) for _, phrases in INTENTS for text in phrases.split("|"))


class QuestionReader:
    """Phrase tables built once per knowledge base; ``read`` is pure and fast."""

    def __init__(self, kb: KnowledgeBase, scope: Scope | None = None) -> None:
        scope = scope or Scope(kb)
        self.table: dict[tuple[str, ...], tuple[str, str]] = {}
        self.pairs: set[tuple[str, str]] = set()  # (grammar word, word) pairs the knowledge uses
        for phrase in _knowledge_phrases(kb):
            if len(phrase) <= TOPIC_PHRASE_LIMIT:
                self.table[phrase] = ("topic", "")
            self.pairs.update(p for p in itertools.pairwise(phrase) if JOINERS.intersection(p))
        for typed in _INTENTS_AS_TYPED:
            self.table.pop(typed, None)  # an intent wins over a topic phrase
        grades = {g for r in kb.reports for g in r.meta.grade_scale}
        for grade in sorted(grades):
            for words in _grade_forms(name_words(grade)):
                self.table[words] = ("grade", grade)
        self.table.update(_INTENT_TABLE)
        for text in FILLER_PHRASES:
            self.table[tuple(text.split())] = ("filler", text)
        for words, (kind, name) in scope.names.items():
            self.table[words] = (kind, name)
        self._rank = {group: i for i, (group, _) in enumerate(INTENTS)}

    def read(self, tokens: Sequence[str]) -> Reading:
        """Sort the words of ``tokens`` (the question less its command word, years and
        ``public``) into scope, grades, intent, topic and dropped words."""
        words: list[str] = []
        owner: list[int] = []  # word -> token index
        for i, token in enumerate(tokens):
            acronym = ACRONYMS.get(token.strip(_EDGES))  # 'IT' in capitals is no pronoun
            for word in (acronym,) if acronym else bare_words(token) or (token,):
                words.append(CHAT.get(word) or _dropped_g(word))
                owner.append(i)
        for n, word in enumerate(words[1:-1], start=1):
            after = words[n + 1]
            counted = after in COUNTED or (after.endswith("s") and not after.endswith("ss"))
            if word in CHAT_DIGITS and words[n - 1].isalpha() and after.isalpha() and not counted:
                words[n] = CHAT_DIGITS[word]
        reading = Reading()
        for n, word in enumerate(words):  # a one-word token typed in chat is read as spelt ('2', 'wiv')
            if owner.count(owner[n]) == 1 and bare_words(tokens[owner[n]]) not in ((word,), ()):
                reading.spelt[owner[n]] = word
        spans: list[tuple[int, int, str, str]] = []  # (first word, size, kind, value)
        i = 0
        while i < len(words):
            size, kind, value = self._longest(words, i)
            if kind == "" and words[i] in FILLER:
                kind, value = "filler", words[i]
            elif kind == "" and words[i] in GRAMMAR:
                kind, value = "grammar", words[i]
            if kind == "" and words[i] in SCORE_VERBS and spans and (
                spans[-1][2] == "force" or words[i - 1] in SCORERS
            ):
                kind, value = "intent", "grade"
            spans.append((i, size, kind, value))
            i += size
        spans = self._adjective_grades(words, spans)
        spans = _particles(words, spans)
        spans = [  # 'still outstanding', 'outstanding concerns': unresolved, no grade
            (sp[0], sp[1], "filler", words[sp[0]]) if _unresolved(words, sp[0], sp[1]) else sp for sp in spans
        ]
        did = -1 if any(kind == "intent" for _, _, kind, _ in spans) else _asks_how_it_did(words, spans)
        if did >= 0:
            how = next(n for n, span in enumerate(spans) if words[span[0]] == "how")
            spans[how] = (spans[how][0], spans[how][1], "intent", "grade")
            spans[did] = (spans[did][0], spans[did][1], "grammar", words[spans[did][0]])  # 'fared'
        kept = [False] * len(words)
        for start, size, kind, _ in spans:
            if kind in ("", "topic"):
                kept[start : start + size] = [True] * size
        for _ in range(2):  # a grammar word the knowledge uses beside a topic word stays: 'the public'
            for start, _, kind, _ in spans:
                if kind == "grammar" and not kept[start]:
                    kept[start] = self._joins(words, kept, start)
        for start, size, kind, value in spans:
            if not kept[start]:
                tokens_read = tuple(dict.fromkeys(owner[start : start + size]))
                reading.spans.append(Span(kind, value, tokens_read, tuple(words[start : start + size])))
        reading.topic = sorted({owner[i] for i, keep in enumerate(kept) if keep})  # tokens stay whole
        reading.figure = any(keep and words[i] in FIGURE_WORDS for i, keep in enumerate(kept))
        return reading

    @staticmethod
    def _adjective_grades(
        words: Sequence[str], spans: list[tuple[int, int, str, str]]
    ) -> list[tuple[int, int, str, str]]:
        """A one-word grade straight before a topic word, not led by a judging word, is read as
        part of the topic ('outstanding domestic abuse suspects')."""
        out = list(spans)
        for n, (start, size, kind, _) in enumerate(spans[:-1]):
            if kind != "grade" or size != 1 or spans[n + 1][2] not in ("", "topic"):
                continue
            if start == 0 or words[start - 1] not in GRADE_CUES:
                out[n] = (start, size, "", "")
        return out

    def _joins(self, words: Sequence[str], kept: Sequence[bool], i: int) -> bool:
        """An article before a topic word, or 'and'/'of'/'to' between two, where the knowledge
        puts them there."""
        before = i > 0 and kept[i - 1] and (words[i - 1], words[i]) in self.pairs
        after = i + 1 < len(words) and kept[i + 1] and (words[i], words[i + 1]) in self.pairs
        if words[i] in ARTICLES:
            return bool(after)
        return bool((before or after) and i > 0 and kept[i - 1] and i + 1 < len(words) and kept[i + 1])

    def grade_filters(self, tokens: Sequence[str]) -> bool:
        """True when grades named in a question without a topic pick areas ('which areas require
        improvement', 'were they judged inadequate anywhere') rather than describe the force."""
        return any(word in GRADE_SELECTORS for token in tokens for word in bare_words(token))

    def intent(self, reading: Reading) -> str | None:
        """The highest-priority intent group the question holds, if any; a figure's word inside
        a topic phrase ('the 999 answer rate') asks for a statistic, and so does a question opening
        on one ('how many extra crimes were recorded thanks to the improvement') unless it names
        a kind of entry ('how many areas for improvement')."""
        groups = reading.values("intent")
        if "compare" in groups and sum(s.value == "concern" for s in reading.spans) > 1:
            return "concern"  # 'has the concern been sorted since 2016': a concern and its outcome
        if _opens_on_a_figure(reading):
            return "stat"
        named = _kind_named(reading)
        if "compare" in groups and named is not None:
            return named  # 'still an area for improvement since 2016': those entries in every report
        if groups:
            return min(groups, key=self._rank.__getitem__)
        return "stat" if reading.figure else None

    def _longest(self, words: Sequence[str], start: int) -> tuple[int, str, str]:
        for size in range(min(PHRASE_LIMIT, len(words) - start), 0, -1):
            found = self.table.get(tuple(words[start : start + size]))
            if found is not None:
                return size, found[0], found[1]
        return 1, "", ""


def _grade_forms(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """A grade's words and, for a grade led by a verb, that verb's other tenses: 'required
    improvement' and 'requiring improvement' name 'Requires improvement' as much as it does."""
    forms = [words]
    if len(words) > 1 and words[0].endswith("s"):
        stem = words[0].removesuffix("s").removesuffix("e")
        forms += [(form, *words[1:]) for form in (stem + "e", stem + "ed", stem + "ing")]
    return forms


def _asks_how_it_did(words: Sequence[str], spans: Sequence[tuple[int, int, str, str]]) -> int:
    """'how' followed by a verb of doing, asked of the force as a whole: no topic word but 'overall'
    ('how west mids did overall', 'how the force did in its latest inspection'; 'how r they doing on
    domestic abuse' stays a search), or of a topic after a verb that is done ('how the force did on
    keeping people safe'). The index of that verb's span; -1 for none."""
    whole = not any(
        kind in ("", "topic") and words[start] not in OVERALL_WORDS
        for start, _, kind, _ in spans
    )
    asking = False
    for n, (start, _, kind, _) in enumerate(spans):
        word = words[start]
        if word == "how":
            asking = True
        elif asking and word in HOW_DID:
            return n if whole or word in HOW_DID_ON else -1
        elif kind in ("", "topic", "intent"):
            asking = False
    return -1


def _opens_on_a_figure(reading: Reading) -> bool:
    """The question's first intent asks for a figure as questions do ('how many', 'what
    percentage'), and no intent names a kind of entry."""
    intents = [span for span in reading.spans if span.kind == "intent"]
    if not intents or intents[0].value != "stat" or _kind_named(reading) is not None:
        return False
    first = intents[0]
    before = first.tokens[0] - 1
    asking = [s.value for s in reading.spans if s.kind == "grammar" and s.tokens and s.tokens[-1] == before]
    return first.words[0] == "how" or any(word in ("what", "which") for word in asking)


def _kind_named(reading: Reading) -> str | None:
    """The intent group of a kind of entry the question names ('areas for improvement'), if any."""
    return next(
        (s.value for s in reading.spans if s.kind == "intent" and " ".join(s.words) in KIND_WORDS),
        None,
    )


def _particles(
    words: Sequence[str], spans: list[tuple[int, int, str, str]]
) -> list[tuple[int, int, str, str]]:
    """'out' parted from the verb it belongs to ('have they sorted vetting out'): grammar."""
    out = list(spans)
    parted = False
    for n, (start, size, kind, _) in enumerate(spans):
        parted = parted or (kind == "intent" and words[start] in PARTICLE_VERBS)
        if parted and kind == "" and words[start] == "out":
            out[n] = (start, size, "grammar", "out")
    return out


def _unresolved(words: Sequence[str], start: int, size: int) -> bool:
    """A word saying something is not yet resolved: 'open', 'unresolved' or 'outstanding' after
    'still' ('is the concern still outstanding'), or 'outstanding' before 'concern(s)'."""
    if size != 1 or words[start] not in UNRESOLVED:
        return False
    after = words[start + 1] if start + 1 < len(words) else ""
    before = words[start - 1] if start else ""
    return before == "still" or (words[start] == "outstanding" and after in CONCERNS)


def _dropped_g(word: str) -> str:
    """A scaffolding word typed without its last letter ('doin', 'goin', 'lookin'), as spelt."""
    return word + "g" if word.endswith("in") and word + "g" in SCAFFOLDING else word


def asks_every_grade(tokens: Sequence[str], reading: Reading) -> bool:
    """True when ``reading`` (of ``tokens``) asks for every grade at once: a grade word in the
    plural ('the headline ratings') or the whole picture ('the overall picture')."""
    asking = [
        i for span in reading.spans if span.kind == "intent" and span.value == "grade" for i in span.tokens
    ]
    return any(word in EVERY_GRADE for i in (*asking, *reading.topic) for word in bare_words(tokens[i]))


def asks_manner(tokens: Sequence[str], reading: Reading) -> str:
    """The command answering ``reading`` (of ``tokens``) when its grade words all ask how something
    is done ('how well': ``stat``; 'how does': ``find``), none how it was judged ('how good',
    'rated'); "" otherwise."""
    asking = [
        MANNER.get(" ".join(w for i in span.tokens for w in bare_words(tokens[i])), "")
        for span in reading.spans
        if span.kind == "intent" and span.value == "grade"
    ]
    return asking[0] if asking and all(asking) else ""


def is_overall(topic: str) -> bool:
    """True when a topic only asks about the force as a whole ('overall', 'the overall verdict',
    'headline conclusions')."""
    found = [w for token in topic.split() for w in bare_words(token) if w not in ARTICLES]
    return bool(found) and all(w in OVERALL_WORDS for w in found)


def verb_of(intent: str) -> str:
    """The command an intent group asks for."""
    return VERB_OF_INTENT.get(intent, intent)


def _knowledge_phrases(kb: KnowledgeBase) -> Iterable[tuple[str, ...]]:
    """Short phrases the knowledge itself uses: vocabulary terms, keyword phrases, area labels."""
    texts: list[str] = []
    for key, expansions in kb.topics.synonyms.items():
        texts += [key, *expansions]
    for entry in kb.entries():
        texts += [k for k in getattr(entry.item, "keywords", []) if " " in k.strip()]
    for report in kb.reports:
        for area in report.data.areas:
            texts += [t for t in (area.name, area.label) if t]
    for text in texts:
        words = tuple(w for token in text.split() for w in bare_words(token))
        if len(words) > 1:
            yield words
