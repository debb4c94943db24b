"""Turn the text after ``/peel`` into a Query: the command, its topic, the reports it names.

A command word may come first (``grade investigating``); otherwise the question layer
(``bot.engine.question``) reads the command from how the question is asked ("how many" is
``stat``), names the forces and grades it mentions and drops the scaffolding. Slack's mrkdwn
marks around words (``*grade*``, ``_2016_``) are read as the words.

Years are resolved from each report's own label, aliases, year and id (nothing hard-coded), and
may appear anywhere in the text; ``latest`` means the newest report. The word ``public`` anywhere
asks for the reply to be posted in the channel — except where it forms a phrase the knowledge
itself uses ("the public", "public order"), where it is a topic word.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from bot.engine.commands import VERBS
from bot.engine.match import STOPWORDS
from bot.engine.question import (
    CONNECTIVES,
    INTENTS,
    JUDGING,
    TOPIC_INTENTS,
    VERDICTS,
    QuestionReader,
    Reading,
    asks_every_grade,
    asks_manner,
    is_overall,
    verb_of,
)
from bot.engine.text import USER_TEXT_LIMIT, sanitize_user_text
from bot.knowledge.loader import KnowledgeBase

LATEST_WORDS = ("latest", "newest", "recent", "current")  # the newest report ('the most recent inspection')
PREVIOUS_WORDS = ("previous", "earlier")  # the round before the newest ('the previous inspection')
# a report named relative to now: 'since last time', 'the last inspection' is the previous round,
# 'this time', 'this inspection', 'these days' the newest (read as that year word, never as topic)
RELATIVE_REPORTS = {"last": "previous", "this": "latest", "next": "latest", "these": "latest"}
RELATIVE_NOUNS = frozenset({"time", "inspection", "inspections", "report", "round", "visit", "days"})
NOW_WORDS = frozenset({"now", "nowadays", "currently", "presently", "today"})  # the newest report
COMPARATIVES = frozenset({"better", "worse"})
PUBLIC_WORD = "public"
COMMAND_PREFIX = "/peel"
_EDGE_PUNCTUATION = "\"'“”‘’.,;:!?()[]{}"
_END_PUNCTUATION = "?!.,;:"  # 'anything on knife crime?' is about “knife crime”
_MARKS = re.compile(r"^[*_~`]+|[*_~`]+$")  # mrkdwn emphasis and code marks around a word
_MENTION = re.compile(r"^(?:<[@!#][^>]*>|@\w+)[.,;:!?]*$")  # Slack mentions are not topic words
ITEM_VERBS = ("concern", "aoi", "rec", "practice", "stat")  # commands listing entries of a kind
INTENT_RANK = {group: rank for rank, (group, _) in enumerate(INTENTS)}
JUDGED_BY = frozenset({"is", "are", "was", "were"})  # a yes/no question about the force: 'is the force…'
JUDGING_VERBS = frozenset({"grade", "summary", "compare"})  # commands judging whoever the question names
FORCE_WORDS = frozenset({"the", "force", "police", "they", "it", "constabulary", "forces"})
_YEARISH = re.compile(r"^(?:19|20)\d{2}(?:[/-]\d{2}(?:\d{2})?)?$|^\d{2}[/-]\d{2}$")


@dataclass(frozen=True)
class Query:
    """A parsed command.

    ``report_ids`` is empty when no year was given (every report applies). ``raw`` is the
    sanitised text, safe to send back for the next page. ``unknown_years`` holds year-like words
    that name no report.
    """

    verb: str
    topic: str = ""
    report_ids: tuple[str, ...] = ()
    public: bool = False
    raw: str = ""
    args: str = ""
    notes: tuple[str, ...] = ()
    unknown_years: tuple[str, ...] = ()
    implicit: bool = False  # True when no command word was typed (treated as find)
    inferred: bool = False  # True when the command was read from the question's wording
    forces: tuple[str, ...] = ()  # forces named ('wmp', 'the met'), by their official names
    subjects: tuple[str, ...] = ()  # other inspectorates' subjects asked about on their own
    grades: tuple[str, ...] = ()  # grades named ('requires improvement')
    ignored: tuple[str, ...] = ()  # words dropped as meaningless here ('properly')
    alias_years: tuple[str, ...] = ()  # years naming a report by another of its years ('2017': published)
    then: str = ""  # the command asked for next, where the one read finds nothing ('has the vetting
    # recommendation been implemented': no cause of concern on vetting, then its recommendation)
    phrase: bool = False  # a bare phrase, no question words before its topic ('knife crime 2021')
    manner: str = ""  # a grade asked for by how something is done ('how well', 'how does'): the
    # command answering it when no section but an entry is named by the topic (``stat``, ``find``)


def year_names(kb: KnowledgeBase) -> dict[str, str]:
    """Every word that names a report (lower case) -> the report id."""
    names: dict[str, str] = {}
    for report in kb.reports:
        meta = report.meta
        for name in (meta.id, meta.label, *meta.aliases):
            names.setdefault(name.lower(), meta.id)
    for report in kb.reports:
        names.setdefault(str(report.meta.year), report.meta.id)
    if kb.reports:
        for word in LATEST_WORDS:
            names.setdefault(word, kb.reports[0].meta.id)
        newest = kb.reports[0].meta.year
        before = [r.meta.id for r in kb.reports if r.meta.year < newest]
        for word in PREVIOUS_WORDS if before else ():
            names.setdefault(word, before[0])
    return names


def public_phrases(kb: KnowledgeBase) -> frozenset[tuple[str, str]]:
    """Adjacent word pairs holding ``public`` in the knowledge's area names, labels, keywords and
    vocabulary, e.g. ("the", "public") or ("public", "order"): there the word is a topic."""
    texts = [
        t
        for a in (r.data.areas for r in kb.reports)
        for area in a
        for t in (area.name, area.label, *area.keywords)
        if t
    ]
    texts += [t for key, values in kb.topics.synonyms.items() for t in (key, *values)]
    pairs: set[tuple[str, str]] = set()
    for text in texts:
        words = [_bare(w) for w in text.split()]
        pairs.update(pair for pair in itertools.pairwise(words) if PUBLIC_WORD in pair)
    return frozenset(pairs)


def _bare(token: str) -> str:
    return token.strip(_EDGE_PUNCTUATION).lower()


def _unmark(token: str) -> str:
    return _MARKS.sub("", token)


def _is_noise(token: str) -> bool:
    """A Slack mention or a token with no letters or digits (emoji, stray symbols): never a word."""
    return bool(_MENTION.match(token)) or (token not in VERBS and not any(ch.isalnum() for ch in token))


def _split_verb(tokens: list[str], years: dict[str, str]) -> tuple[str | None, list[str], bool]:
    """The command word (the first word that is not ``public``, a year, a mention, a symbol or a
    question word), the other words, and whether question words came before it ('did the
    recommendations…')."""
    for i, token in enumerate(tokens):
        bare = _bare(token) or token.lower()
        if bare == PUBLIC_WORD or bare in years or _is_noise(token) or bare in STOPWORDS:
            continue  # "what is the grade for soc": question words before the command word
        verb = VERBS.get(bare)
        if verb is None:
            break
        if verb == "digest":
            return verb, tokens[i + 1 :], False
        asked = [t for t in tokens[:i] if (_bare(t) or t.lower()) in STOPWORDS]
        before = [t for t in tokens[:i] if (_bare(t) or t.lower()) not in STOPWORDS]
        return verb, before + tokens[i + 1 :], bool(asked)
    return None, tokens, False


def _in_phrase(tokens: list[str], i: int, phrases: frozenset[tuple[str, str]]) -> bool:
    """True when ``tokens[i]`` and a neighbour form one of the knowledge's own phrases."""
    before = (_bare(tokens[i - 1]), PUBLIC_WORD) if i else None
    after = (PUBLIC_WORD, _bare(tokens[i + 1])) if i + 1 < len(tokens) else None
    return before in phrases or after in phrases


def parse(
    text: str,
    kb: KnowledgeBase,
    *,
    years: dict[str, str] | None = None,
    phrases: frozenset[tuple[str, str]] | None = None,
    reader: QuestionReader | None = None,
) -> Query:
    """Parse a command; ``years`` (``year_names``), ``phrases`` (``public_phrases``) and
    ``reader`` may be passed in to save rebuilding them."""
    years = year_names(kb) if years is None else years
    phrases = public_phrases(kb) if phrases is None else phrases
    reader = QuestionReader(kb) if reader is None else reader
    raw, cut = sanitize_user_text(text)
    notes = (f"Your text was cut to {USER_TEXT_LIMIT} characters.",) if cut else ()
    tokens = [t for t in (_unmark(t) for t in raw.split()) if t]
    if tokens and tokens[0].lower() == COMMAND_PREFIX:
        tokens = tokens[1:]
    raw = " ".join(tokens)
    if not tokens:
        return Query(verb="help", raw=raw, notes=notes)

    verb, rest, led = _split_verb(tokens, years)
    if led and verb == "compare":  # 'how does it compare with the national figure': a question's words
        verb, rest = None, tokens
    if verb == "digest":
        return Query(verb="digest", raw=raw, args=" ".join(rest), notes=notes)
    rest = _relative_reports(rest, years)

    public = False
    report_ids: list[str] = []
    unknown: list[str] = []
    aliased: list[str] = []
    own_years = {str(r.meta.year) for r in kb.reports}
    words: list[str] = []
    for i, token in enumerate(rest):
        bare = _bare(token)
        if bare == PUBLIC_WORD and not _in_phrase(rest, i, phrases):
            public = True
        elif bare in years:
            if years[bare] not in report_ids:
                report_ids.append(years[bare])
            if _YEARISH.match(bare) and bare.isdigit() and bare not in own_years:
                aliased.append(bare)
        elif _YEARISH.match(bare):
            unknown.append(bare)
        elif not _MENTION.match(token):  # symbols stay: they are echoed back, escaped
            words.append(token)
    reading = reader.read(words)
    intent = reader.intent(reading)
    if verb in ("grade", "summary") and {"compare", "change"} & set(reading.values("intent")):
        verb = "compare"  # 'grades in 2016 compared with 2021': grades across reports
    progress = led and verb == "rec" and intent == "concern"
    if progress:
        verb = None  # 'did the recommendations on missing children get done': the concern's progress
    topic = _topic(words, reading, verb, intent)
    aside: list[str] = []
    if verb is None and (asides := _asides(words)):  # '(the serious stuff)': an aside, named as ignored
        outside = _topic(words, reading, verb, intent, asides)
        if outside or intent is not None:
            aside = [w.strip(_EDGE_PUNCTUATION) for w in topic if w not in outside]
            topic = outside
    grades = reading.values("grade")
    if verb is None and grades and not topic and not reader.grade_filters(words):
        grades, intent = [], "grade"  # 'are west mids police good': every grade answers it
    elif verb is None and grades and not topic and intent in (None, "grade"):
        intent = "summary"  # 'which areas did they get requires improvement in': the areas so graded
    if verb is None and intent in (None, "grade") and (not topic or is_overall(" ".join(topic))):
        intent = "summary" if asks_every_grade(words, reading) else intent  # 'the headline ratings'
    verdicts = [w for w in topic if _bare(w) in VERDICTS]  # 'the verdict on keeping people safe': its grade
    if verb is None and intent is None and verdicts and not is_overall(" ".join(topic)):
        intent, topic = "grade", [w for w in topic if w not in verdicts]
    if verb is None and intent is None and not topic and JUDGING & set(reading.values("filler")):
        intent = "grade"  # 'are wmp bad', 'how is the force performing'
    if verb is None and intent is None and topic and _asks_about_the_force(words, reading):
        intent = "grade"  # 'is the force value for money': a judgment of the force on the topic
    if verb is None and intent == "rank" and not topic:
        intent = "grade"  # 'is wmp the best force': how it did, by every grade (no report ranks forces)
    asked = reading.values("intent")
    implicit = inferred = False
    if verb is None:
        inferred = intent is not None
        implicit = not inferred
        verb = verb_of(intent) if intent is not None else "find"
    subjects = reading.values("subject")
    if subjects and topic and not (verb in JUDGING_VERBS and _judges_the_subject(reading)):
        # a subject beside a topic is a search word ('iom with probation', 'referrals to the nca');
        # judged on the topic ('how good is the probation service at iom') it stays the scope
        keep = set(reading.tokens("subject")) | {words.index(t) for t in topic if t in words}
        topic, subjects = [w for i, w in enumerate(words) if i in keep], []
    if len(report_ids) == 1 and (verb == "compare" or "compare" in reading.values("intent")):
        report_ids = []  # 'since 2016': compared across every report, or every report's concerns
    return Query(
        verb=verb,
        topic=" ".join(topic),
        report_ids=tuple(report_ids),
        public=public,
        raw=raw,
        notes=notes,
        unknown_years=tuple(unknown),
        implicit=implicit,
        inferred=inferred,
        forces=tuple(reading.values("force")),
        subjects=tuple(subjects),
        grades=tuple(grades),
        ignored=(*reading.values("filler"), *aside),
        alias_years=tuple(aliased),
        manner=asks_manner(words, reading) if inferred and verb == "grade" else "",
        then=_then(verb, asked, progress) if inferred else "",
        phrase=implicit and not any(i < min(reading.topic, default=0) for i in reading.tokens("grammar")),
    )


def _then(verb: str, asked: list[str], progress: bool) -> str:
    """The command asked for next, after ``verb``: a recommendation's progress ('did the
    recommendations get done'), else the next kind of entry the question asks for ('is the 2018
    problem with victim diversity data still not fixed': no concern, then areas for improvement)."""
    if progress and verb == "concern":
        return "rec"
    ranked = sorted(asked, key=INTENT_RANK.__getitem__)
    following = [v for v in map(verb_of, ranked) if v in ITEM_VERBS and v != verb]
    return following[0] if verb in ITEM_VERBS and following else ""


def _relative_reports(tokens: list[str], years: dict[str, str]) -> list[str]:
    """'last time', 'this inspection', 'now' (and the like) as the year word naming that report,
    where the knowledge has one ('previous' needs an older report); other tokens as they are."""
    out: list[str] = []
    skip = False
    for i, token in enumerate(tokens):
        if skip:
            skip = False
            continue
        word = RELATIVE_REPORTS.get(_bare(token))
        following = _bare(tokens[i + 1]) if i + 1 < len(tokens) else ""
        if word in years and following in RELATIVE_NOUNS:
            out.append(word)
            skip = True
        elif _bare(token) in NOW_WORDS and "latest" in years and not (out and _bare(out[-1]) in COMPARATIVES):
            out.append("latest")  # 'how good are they at it now'; 'better now' asks for a comparison
        else:
            out.append(token)
    return out


def _judges_the_subject(reading: Reading) -> bool:
    """'how good is the probation service at iom', 'how is the nca doing on county lines': the
    subject is named before the topic, with no force before it, so it is what is judged."""
    first = min(reading.tokens("subject"))
    forces = reading.tokens("force")
    return first < min(reading.topic, default=first + 1) and not any(i < first for i in forces)


def _asks_about_the_force(words: list[str], reading: Reading) -> bool:
    """'is the force value for money', 'are wmp efficient': a yes/no question whose subject is the
    force (by name, or 'they', 'it', 'the force', 'the police'), asked of a topic."""
    if not words or _bare(words[0]) not in JUDGED_BY:
        return False
    subject = [s for s in reading.spans if s.tokens and s.tokens[0] > 0 and s.tokens[0] < min(reading.topic)]
    return bool(subject) and all(
        s.kind == "force" or (s.kind == "grammar" and s.value in FORCE_WORDS) for s in subject
    )


def _asides(words: list[str]) -> frozenset[int]:
    """The words said in brackets ('what were the causes of concern (the serious stuff)'), but
    never brackets holding a number ('knife crime (per 1,000)')."""
    groups: list[list[int]] = []
    inside = False
    for i, word in enumerate(words):
        if word.startswith("(") or not inside:
            groups.append([])
        inside = inside or word.startswith("(")
        if inside:
            groups[-1].append(i)
        inside = inside and not word.rstrip(_END_PUNCTUATION).endswith(")")
    return frozenset(
        i for group in groups if not any(ch.isdigit() for i in group for ch in words[i]) for i in group
    )


def _topic(
    words: list[str],
    reading: Reading,
    verb: str | None,
    inferred: str | None,
    aside: frozenset[int] = frozenset(),
) -> list[str]:
    """The topic's tokens, as typed, less those said ``aside``. After a typed command word, intent
    words asking for another command are topic words ('aoi recommendations' looks for that word in
    improvements); after a command read from the question, so are words of change ('how much has
    crime changed')."""
    keep = set(reading.topic)
    if verb is not None:
        own = {group for group, _ in INTENTS if verb_of(group) == verb} | {"grade"}
        keep |= {i for s in reading.spans if s.kind == "intent" and s.value not in own for i in s.tokens}
    elif inferred is not None and verb_of(inferred) != "compare":
        keep |= {
            i
            for s in reading.spans
            if s.kind == "intent" and s.value in TOPIC_INTENTS and not CONNECTIVES.intersection(s.words)
            for i in s.tokens
        }
    keep -= aside
    return [reading.spelt.get(i, w.rstrip(_END_PUNCTUATION) or w) for i, w in enumerate(words) if i in keep]
