"""Answer one ``/peel`` command: parse, match, render, paginate.

``Engine(kb)`` builds the match index once; the module-level ``answer()`` keeps one engine per
knowledge base. Answers are pure (no I/O) and never raise: an unexpected error becomes a short
apology, logged with its stack trace, never shown to the user.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import replace
from itertools import chain, islice
from typing import Any

from slack_sdk.models.blocks import Block

from bot.engine import render
from bot.engine.commands import BY_NAME
from bot.engine.match import (
    AMBIGUITY_MARGIN,
    SUGGESTIONS,
    MatchIndex,
    PartialMatch,
    Suggestions,
    last_sentence,
)
from bot.engine.pages import MAX_TIED_AREAS, Answer, Unit, Units, fixed_block, pack, showing
from bot.engine.parse import Query, parse, public_phrases, year_names
from bot.engine.question import ARTICLES, INTENTS, SCAFFOLDING, QuestionReader, bare_words, is_overall
from bot.engine.reply import MAX_REPLY_BLOCKS, Reply, new_ref
from bot.engine.scope import DEFAULT_FORCE_SETTING, Scope, name_words
from bot.engine.text import echo_user_text, escape_mrkdwn, truncate
from bot.knowledge.loader import Entry, KnowledgeBase
from bot.knowledge.models import Area, Concern, ReportMeta

log = logging.getLogger(__name__)

RELATED_STATISTICS = 2  # figures shown under an inferred grade ('is wmp any good at answering 999 calls')
RERANK_AREAS = 10  # best matches looked through for the sections covering a topic
LOOSE_TRIES = 2  # questions less one word tried when the whole question matches nothing
WHOLE_SCORE = 90.0  # a question held whole this well (every word in an entry's text at least) is not loosened
# in sections' names ('good use of resources') but not what they are about: a question sharing only
# these with a section's name is not about that section
SECTION_VERBS = frozenset({"use", "good", "effective"})
COVERING_SCORE = 92.0  # ...each naming the topic in its title, label or keywords (text alone: <= 90)
FALLBACK_LIMIT = 3000
FILED_VERBS = ("aoi", "concern", "rec", "practice")  # kinds listed by the area they are filed under
HELD_WHOLE_CACHE = 256  # topics remembered by _held_whole (a question asks it of one or two)
HOLDING_CACHE = 256  # (topic, reports) remembered by _reports_holding
CONTEXT_TRIES = 6  # words (or knowledge phrases) of a question's context, nearest first, tried with it
IGNORED_SHOWN = 6  # words of a question's context named in its 'ignored' note; more are shown as '…'
_CLAUSE_END = re.compile(r"(?<=[.?!])\s+(?=\S)|\s+[-–—]\s+")  # a sentence's end, or a dash between clauses
_CONTEXT_EDGES = "\"'“”‘’.,;:!?()[]{}*_`~-–—"
MAX_RESULTS = 200  # matches paged through; beyond this the reply asks the user to narrow the query


class Engine:
    """Answers commands against one knowledge base; build once, call ``answer`` many times.

    ``default_force`` is the user's force (a name or short form; None: the only force loaded):
    answers covering several forces put it first, ``summary`` and ``compare`` are about it. An
    unknown or unloaded force raises ConfigError, one sentence naming it. The process's
    ``PEEL_DEFAULT_FORCE`` is given with ``use_default_force`` where it starts (Services, ask).
    """

    def __init__(
        self, kb: KnowledgeBase, default_force: str | None = None, index: MatchIndex | None = None
    ) -> None:
        """``index``: a match index already built for ``kb`` (bot/knowledge/cache.py loads one)."""
        self.kb = kb
        self.scope = Scope(kb)
        self.default_force: str | None = None
        self._order: tuple[str, ...] = ()
        self.use_default_force(default_force)
        self.index = index if index is not None else MatchIndex(kb)
        self.suggestions = Suggestions(self.index, kb)
        self._whole: dict[tuple[str, tuple[str, ...]], bool] = {}  # see _held_whole
        self._holding: dict[tuple[str, tuple[str, ...]], frozenset[str]] = {}  # see _reports_holding
        self._last: tuple[Query | None, Query | None] = (None, None)  # see _last_question
        self._graded_units: dict[tuple[str, frozenset[str]], Unit | None] = {}  # see _graded_unit
        self.partial = PartialMatch(self.index, kb, (p for _, phrases in INTENTS for p in phrases.split("|")))
        self.years = year_names(kb)
        self.phrases = public_phrases(kb)
        self.reader = QuestionReader(kb, self.scope)
        self._reports = {r.meta.id: r for r in kb.reports}
        self._listed: dict[tuple[str, str], list[Entry]] = {}  # (report id, kind) -> entries
        for entry in kb.entries():
            self._listed.setdefault((entry.report.id, entry.kind), []).append(entry)
        self.units = Units(kb, self._name)
        self._section_words = frozenset(  # what graded sections are about (see _names_an_entry)
            w
            for entry in kb.entries(kind="area")
            for text in entry.area.headings
            for token in text.split()
            for w in bare_words(token)
            if not w.endswith("ing") and w not in SCAFFOLDING and w not in SECTION_VERBS
        )

    def use_default_force(self, setting: str | None) -> None:
        """Make ``setting`` (a force's name or short form, e.g. ``PEEL_DEFAULT_FORCE``; None: the
        only force loaded) the user's force. A setting of the process, not of the knowledge: an
        engine loaded ready-built is given it again. Raises ConfigError, one sentence naming the
        setting, for a force that is unknown or has no report loaded."""
        self.default_force = self.scope.default_force(setting)
        if setting:
            log.info("default force: %s (%s=%s)", self.default_force, DEFAULT_FORCE_SETTING, setting.strip())
        self._order = self.scope.ordered(self.default_force)

    # ----------------------------------------------------------------------- entry point

    def parse(self, text: str) -> Query:
        """``parse`` with this knowledge's year names and phrases, built once; a year names its
        round, so it covers every force's report of that round."""
        query = parse(text, self.kb, years=self.years, phrases=self.phrases, reader=self.reader)
        if query.report_ids:
            query = replace(query, report_ids=self.scope.rounds(query.report_ids))
        return query

    def answer(self, text: str, *, page: int = 1) -> Reply:
        """The reply to ``text`` (what follows ``/peel``); never raises."""
        try:
            query = self.parse(text)
        except Exception:
            return self._failure(text)
        try:
            return self._answer(query, page)
        except Exception:
            return self._failure(text, query)

    def _failure(self, text: str, query: Query | None = None) -> Reply:
        return failure_reply(f"engine error query_len={len(text or '')}", " Try `/peel help`.", query)

    def _answer(self, query: Query, page: int) -> Reply:
        verb = query.verb
        if verb == "digest":
            return self._simple(
                query, "Digest commands work in a Slack channel: type `/peel digest help` there."
            )
        query = self._referred(query) or query
        verb = query.verb
        if query.unknown_years and not query.report_ids:
            dated = self._year_as_topic(query, query.unknown_years)
            if dated is None:
                return self._no_report(query)
            query, verb = dated, dated.verb
        asked = query
        if query.forces or query.subjects:
            resolved = self.scope.resolve(query.forces, query.report_ids)
            if resolved.missing_forces or query.subjects or resolved.nothing:
                if resolved.missing_forces:  # no report at all for a force: its years don't matter
                    query = replace(query, report_ids=())
                return self._no_report(query, resolved.missing_forces or query.forces, query.subjects)
            query = replace(query, report_ids=resolved.report_ids)
        several = len(self.scope.loaded_forces) > 1
        if verb == "compare" and query.topic and several:
            compared = self._compare_forces(asked)
            compared.notes[:0] = self._reading_notes(query)
            return self._paginate(query, compared, page)
        if verb == "summary" and several and not query.forces and self.default_force and not query.grades:
            query = self._of_default_force(query)
        if verb == "help" or (
            query.implicit and not query.topic and not query.report_ids and not query.grades
        ):
            return self._help(query)
        if verb in ("summary", "grade", "compare", "find") and not query.topic and query.grades:
            return self._paginate(query, self._graded(query), page)
        overview = replace(query, verb="summary")  # every grade at a glance is the summary, however asked
        if verb in ("summary", "grade", "compare") and not query.topic:
            return self._paginate(overview, self._noted(overview, self._summary(overview)), page)
        asked_overall = (query.inferred or query.implicit) and is_overall(query.topic)
        if verb in ("summary", "grade", "find") and asked_overall:
            overall = replace(query, verb="grade", implicit=False, inferred=True) if verb == "find" else query
            return self._paginate(overall, self._noted(overall, self._summary(overall, overall=True)), page)
        if verb == "find" and not query.topic:
            if query.implicit:
                return self._paginate(overview, self._summary(overview), page)
            return self._simple(query, "What should I look for? For example `/peel find <words>`.")
        query, found = (
            self._last_asked(query) or self._loosened(query) or self._partial(query) or self._found(query)
        )
        if not found.found and query.alias_years:  # '2017' named the report published then; entries
            dated = self._year_as_topic(query, query.alias_years)  # on the topic may use it instead
            if dated is not None:
                query, found = self._loosened(dated) or self._found(dated)
        found.notes[:0] = self._reading_notes(query)
        if found.found and query.alias_years:  # 'grade investigating 2017': say which report that is
            quoted = ", ".join(f"“{y}”" for y in query.alias_years)
            named = "; ".join(
                f"the {escape_mrkdwn(m.label)} report, published {escape_mrkdwn(m.published)}"
                for m in (self._reports[r].meta for r in query.report_ids)
            )
            found.notes.append(f"{quoted} names {named}.")
        return self._paginate(query, found, page)

    def _year_as_topic(self, query: Query, years: Sequence[str]) -> Query | None:
        """A year no report is named by (or only by its publication year), read as part of the
        topic ('the 2019 vetting recommendation', 'since 2018', 'the 2017 stop and search
        recommendation') where entries on the topic use it; None when none does, so the reply stays
        "No report matches 2019" (or the report's own no-match)."""
        verb = "find" if query.verb == "compare" and query.inferred else query.verb  # 'since 2018'
        if not query.topic or verb in ("grade", "compare", "summary"):  # a grade is a report's: never
            return None  # one for a year no report is for
        topic = f"{query.topic} {' '.join(years)}"

        def mentioned(asked: str) -> bool:
            command = BY_NAME[asked]
            kinds = (query.inferred and command.question_kinds) or command.kinds
            return bool(self.index.search(topic, kinds=kinds, limit=1))

        # then the command asked for next ('did the 2019 recommendations on vetting get done'), then
        # a kin kind: an improvement area carried over from 2018 answers 'has the 2018 victim
        # diversity problem been fixed', though no concern does
        tried = [verb, query.then or verb]
        if query.inferred or query.implicit:
            tried += ["aoi", "rec", "find"] if verb in ("concern", "aoi", "rec") else ["find"]
        verb = next((asked for asked in dict.fromkeys(tried) if mentioned(asked)), "")
        if not verb:
            return None
        quoted = ", ".join(f"“{y}”" for y in years)
        if query.unknown_years:
            note = f"No report covers {quoted}; these entries mention it."
        else:
            labels = ", ".join(escape_mrkdwn(self._reports[r].meta.label) for r in query.report_ids)
            note = f"None in {labels} (the report {quoted} names); these entries mention {quoted}."
        forces = query.forces or tuple(dict.fromkeys(self.scope.force_of(r) for r in query.report_ids))
        widened = self.scope.resolve(forces, ()).report_ids  # every report of the force asked about
        return replace(
            query, verb=verb, then="", topic=topic, unknown_years=(), alias_years=(), report_ids=widened,
            notes=(*query.notes, note),
        )

    def _loosened(self, query: Query) -> tuple[Query, Answer] | None:
        """A question (not a command) none of whose entries of the kind asked for holds all its
        words ('good practice on finding missing people': a finding holds them, no practice does)
        is answered less one word it added, named in the 'ignored' note; None when it has an
        answer whole or none."""
        scope = query.report_ids or None
        if not (query.inferred or query.implicit):
            return None
        command = BY_NAME[query.verb]
        kinds = None if query.verb in ("find", "grade", "compare", "summary") else command.question_kinds
        asked = kinds or command.kinds
        whole = self._held_whole(query.topic, scope)
        strong = self.index.search(
            query.topic, kinds=None if kinds is None else asked, report_ids=scope, cutoff=WHOLE_SCORE, limit=1
        )
        if strong:  # every word in an entry of the kind asked for (not only look-alikes, or apart)
            return None
        loose = self.suggestions.loosened(query.topic, kinds=asked, report_ids=scope)
        if kinds is not None and not loose and not whole:  # the figure asked for is not there: any
            loose = self.suggestions.loosened(query.topic, report_ids=scope)  # entry will do
        loose = [(topic, word) for topic, word in loose if not self.partial.protects([word])]
        for topic, word in loose[:LOOSE_TRIES]:  # never without a number, grade or body asked about
            looser, answer = self._found(replace(query, topic=topic, ignored=(*query.ignored, word)))
            if answer.found:
                return looser, answer
        return None

    def _answerable_in_part(self, query: Query) -> bool:
        """A question (not a typed command: one starting with its command word; a question holding
        a command's name, 'what was the improvement point about…', is still a question) that no
        entry of any kind holds whole."""
        first = query.raw.split()[0].strip("*_`~").lower() if query.raw.split() else ""
        typed = not (query.inferred or query.implicit) and first in BY_NAME[query.verb].names
        return bool(query.topic) and not typed and not self._held_whole(query.topic, query.report_ids or None)

    def _last_asked(self, query: Query) -> tuple[Query, Answer] | None:
        """A question of several sentences no entry holds whole, answered by its last sentence
        alone, the context before it named as ignored; tried before the whole question is loosened
        (less one word of its context, it still matches nothing, and trying each word is slow)."""
        last = self._last_question(query) if self._answerable_in_part(query) else None
        if last is None or not self._held_whole(last.topic, last.report_ids or None):
            return None
        last_query, answer = self._loosened(last) or self._found(last)
        return (last_query, answer) if answer.found else None

    def _partial(self, query: Query) -> tuple[Query, Answer] | None:
        """A question no entry holds whole, answered for the words its best entry holds (of the
        kind asked for, else of any kind; the last sentence of several first), the others named
        in the 'ignored' note (bot/engine/match/partial.py); None when what is left is too weak.
        Tried before the strict answer is built, so a no-match's suggestions are worked out only
        when it is the reply."""
        if not self._answerable_in_part(query):
            return None
        last = self._last_question(query)
        for asked in (last, query) if last is not None else (query,):
            command = BY_NAME[asked.verb]
            kinds = None if asked.verb in ("find", "grade", "compare", "summary") else command.question_kinds
            for searched in dict.fromkeys((kinds or command.kinds or None, None)):
                scope = asked.report_ids or None
                partial = self.partial.reduce(asked.topic, kinds=searched, report_ids=scope)
                if partial is not None:
                    looser = replace(asked, topic=partial.topic, ignored=(*asked.ignored, *partial.ignored))
                    looser, answer = self._found(looser)
                    if answer.found:
                        return looser, answer
        return None

    def _held_whole(self, topic: str, report_ids: Sequence[str] | None) -> bool:
        """Whether an entry of any kind (in ``report_ids``) holds every word of ``topic``; remembered
        for the last few topics, as loosening and the partial match ask it of one question."""
        key = (topic, tuple(report_ids or ()))
        held = self._whole.get(key)
        if held is None:
            if len(self._whole) >= HELD_WHOLE_CACHE:
                self._whole.clear()
            held = self._whole[key] = bool(self.index.search(topic, report_ids=report_ids, limit=1))
        return held

    def _last_question(self, query: Query) -> Query | None:
        """The last sentence of a question of several, read on its own within the whole question's
        reports (context first, then the question: 'new to the team… in the old 2016 report. what
        was the issue with risk assessments?'); the words before it are named as ignored. None
        for one sentence, or when the last one names its own scope or the context holds a number.
        The last question read is remembered (asked by the sentence route, then the partial match)."""
        remembered = self._last  # one read: another thread may answer meanwhile
        if remembered[0] != query:
            remembered = self._last = (query, self._read_last(query))
        return remembered[1]

    def _read_last(self, query: Query) -> Query | None:
        sentence = last_sentence(query.raw)
        if sentence is None:
            return None
        last = self.parse(sentence)
        if not last.topic or last.forces or last.subjects or last.unknown_years or last.verb == "help":
            return None
        kept = set(last.topic.split())
        context = [t for t in query.topic.split() if t not in kept]
        if not context or self.partial.protects(context):
            return None
        report_ids = last.report_ids or query.report_ids
        held = self._context_held(last, context, report_ids)
        context = [t for t in context if t not in held]
        ignored = tuple(dict.fromkeys(t.strip(_CONTEXT_EDGES) for t in context if t.strip(_CONTEXT_EDGES)))
        shown = ignored[:IGNORED_SHOWN] + (("…",) if len(ignored) > IGNORED_SHOWN else ())
        return replace(
            last, raw=query.raw, public=query.public, report_ids=report_ids, forces=query.forces,
            ignored=(*query.ignored, *last.ignored, *shown), topic=" ".join((*held, last.topic)),
        )

    def _referred(self, query: Query) -> Query | None:
        """A question whose last clause asks for a kind of entry but names no topic, referring back to
        a context no entry holds whole or read as another command ('…whether the force has got on top of
        vetting since the inspectorate flagged it in 2019 - has it met the recommendation?'): that
        clause's command, of the nearest word (or phrase) of the context an entry of its kind is
        named by, the rest of the context ignored; None otherwise."""
        if not (query.inferred or query.implicit) or not query.topic:
            return None
        clauses = [c for c in _CLAUSE_END.split(query.raw.strip()) if any(ch.isalnum() for ch in c)]
        if len(clauses) < 2:
            return None
        asked = self.parse(clauses[-1])
        if asked.topic or not asked.inferred:
            return None
        if asked.verb == query.verb and self._held_whole(query.topic, query.report_ids or None):
            return None  # 'missing children and domestic abuse - any concerns?': the whole text
        if asked.forces or asked.subjects or asked.report_ids or asked.unknown_years or asked.grades:
            return None
        kinds = self._kinds_asked(asked)
        if kinds is None:  # a judgment ('gun crime - how bad is it') is of the whole text's topic
            return None
        scope = query.report_ids or None
        units = self._units(query.topic.split())
        cutoff = COVERING_SCORE  # named in a title or keywords, not only in passing
        held = (  # what 'it' stands for: the nearest an entry asked for is named by
            unit
            for unit in reversed(units[-CONTEXT_TRIES:])
            if self.index.search(" ".join(unit), kinds=kinds, report_ids=scope, cutoff=cutoff, limit=1)
        )
        named = next(held, None)
        if named is None:
            return None
        story = [t.strip(_CONTEXT_EDGES) for unit in units if unit is not named for t in unit]
        read = self.reader.read(story)
        if self.partial.protects(story) or read.values("subject") or read.values("force"):
            return None  # 'fire service vetting': never answered for the vetting of another service
        ignored = tuple(dict.fromkeys(t for t in story if t))
        shown = ignored[:IGNORED_SHOWN] + (("…",) if len(ignored) > IGNORED_SHOWN else ())
        return replace(
            asked, raw=query.raw, public=query.public, topic=" ".join(named), report_ids=query.report_ids,
            unknown_years=query.unknown_years, alias_years=query.alias_years, forces=query.forces,
            subjects=query.subjects,
            ignored=(*query.ignored, *asked.ignored, *shown),
        )

    def _kinds_asked(self, query: Query) -> tuple[str, ...] | None:
        """The kinds of entry a question's command searches (None: every kind)."""
        command = BY_NAME[query.verb]
        if query.verb in ("find", "grade", "compare", "summary"):
            return None
        return command.question_kinds or command.kinds

    def _units(self, tokens: Sequence[str]) -> list[list[str]]:
        """``tokens`` in units: a pair the knowledge uses as a phrase ('domestic abuse') is one."""
        units: list[list[str]] = []
        for token in tokens:
            words = tuple(t.strip(_CONTEXT_EDGES).lower() for t in (units[-1][-1], token)) if units else ()
            if words and self.reader.table.get(words, ("",))[0] == "topic":
                units[-1].append(token)
            else:
                units.append([token])
        return units

    def _context_held(self, last: Query, context: Sequence[str], report_ids: Sequence[str]) -> list[str]:
        """The context's words (a phrase of the knowledge's kept whole) the question's best entry
        holds as well as the question's own words ('…the domestic abuse stuff in the 2016 report.
        what was the issue with risk assessments?': the risk assessment entry on domestic abuse,
        not the one on sex offenders); the nearest CONTEXT_TRIES tried."""
        kinds = self._kinds_asked(last)
        scope = report_ids or None
        best = self.index.search(last.topic, kinds=kinds, report_ids=scope, limit=1)
        if not best:
            return []
        held: list[str] = []
        for unit in self._units(context)[-CONTEXT_TRIES:]:
            topic = " ".join((*unit, last.topic))
            found = self.index.search(topic, kinds=kinds, report_ids=scope, cutoff=best[0][1], limit=1)
            held += unit if found else []
        return held

    def _found(self, query: Query) -> tuple[Query, Answer]:
        """The answer for a topic, by the command's own kinds, then (for a question) by the
        sections covering it or by search; with the query as finally answered."""
        verb = query.verb
        found = self._grades(query) if verb in ("grade", "compare", "summary") else self._items(query)
        if query.phrase and verb == "find" and self._names_a_figure(found):
            return self._found(replace(query, verb="stat", implicit=False, inferred=True, phrase=False))
        if not found.found and verb in FILED_VERBS:
            found = self._filed_under(query) or found
        if query.inferred and verb == "grade" and not found.found and self._names_an_entry(query):
            return self._found(replace(query, verb=query.manner, manner=""))
        if query.inferred and verb == "grade" and not found.found:
            found = self._grades(query, covering=True)
            if found.found:
                self._add_figures(query, found)
            elif not query.manner and (judged := self._judged_less_a_word(query)) is not None:
                return judged
        if query.inferred and not found.found and query.then:
            then = replace(query, verb=query.then, then="")
            answered = self._items(then)
            if answered.found:
                return then, answered
        if query.inferred and not found.found:
            searched = self._items(replace(query, verb="find"))
            if searched.found:
                noun = BY_NAME[verb].noun[0]
                searched.notes.append(f"No {noun} matches, so these are search results.")
                query, found = replace(query, verb="find"), searched
        return query, found

    def _judged_less_a_word(self, query: Query) -> tuple[Query, Answer] | None:
        """A judgment asked of a topic no section holds whole nor any entry names ('is the force
        good at fighting organised crime'): the grade of the section named by the topic less one
        word the reports use, that word named as ignored; None when there is none."""
        scope = query.report_ids or None
        loose = self.suggestions.loosened(query.topic, kinds=("area",), report_ids=scope)
        for rest, word in loose[:LOOSE_TRIES]:
            looser = replace(query, topic=rest, ignored=(*query.ignored, word))
            found = self._grades(looser)
            if found.found:
                return looser, found
        return None

    def _names_a_figure(self, found: Answer) -> bool:
        """A bare phrase whose best match is a statistic ('outcome 16 cases categorised accurately')
        names that figure: it is answered as ``stat``, with its comparator, period and source."""
        first = next((unit.uid for unit in found.units if unit.uid), "") if found.found else ""
        entry = self.kb.entry(first) if first else None
        return entry is not None and entry.kind == "statistic"

    def _names_an_entry(self, query: Query) -> bool:
        """A grade asked for by how something is done ('how well do control room staff use THRIVE',
        'how does the force manage pre-charge bail') of a topic sharing no word with a section's
        name but named by an entry (in its title or keywords): that entry answers it ('how well do
        they look after victims' stays the grade of the section on victims); asked what is done
        well, an innovative practice holding the topic."""
        scope = query.report_ids or None
        if query.manner == "practice":  # 'what are they doing well to make the workforce representative'
            return bool(self.index.search(query.topic, kinds=("practice",), report_ids=scope, limit=1))
        words = {w for token in query.topic.split() for w in bare_words(token)}
        if not query.manner or self._section_words.intersection(words):
            return False
        return bool(self.index.search(query.topic, report_ids=scope, cutoff=COVERING_SCORE, limit=1))

    def _filed_under(self, query: Query) -> Answer | None:
        """The entries of the command's kind filed under the areas a topic names, where none holds
        the topic's words ('what improvements are needed on protecting vulnerable people': the areas
        for improvement of that section), saying which reports have none there; None when the topic
        names no area or none of its areas has any."""
        command = BY_NAME[query.verb]
        scope = self._scope(query)
        typed = " ".join(w for w in name_words(query.topic) if w not in ARTICLES)
        if len(typed.split()) < 2 or not any(  # a section's own name or label, not a keyword of it
            f" {typed} " in f" {' '.join(w for w in name_words(text) if w not in ARTICLES)} "
            for entry in self.kb.entries(kind="area")  # ('missing children' names no section)
            for text in entry.area.headings
        ):
            return None
        named = [  # that section, and the other reports' sections on it
            entry
            for uid, _ in self.index.search(query.topic, kinds=("area",))
            if self.index.names_phrase(uid, query.topic) and (entry := self.kb.entry(uid)) is not None
        ]
        units: list[Unit] = []
        notes: list[str] = []
        for report_id in scope:
            for section in (e for e in named if e.report.id == report_id):
                filed = [
                    e for kind in command.kinds for e in self._listed.get((report_id, kind), [])
                    if e.area.id == section.area.id
                ]
                units += [self.units.entry(e) for e in filed]
                if not filed:
                    name = escape_mrkdwn(section.area.name)
                    label = escape_mrkdwn(section.report.label)
                    notes.append(f"No {command.noun[0]} is filed under “{name}” in {label}.")
        if not units:
            return None
        topic = echo_user_text(query.topic)
        where = self._scope_words(query)
        lead = f"{command.title} filed under the sections named “{topic}”{where}, newest report first."
        return Answer(title=command.title, lead=lead, units=units, noun=command.noun, notes=notes)

    def _add_figures(self, query: Query, answer: Answer) -> None:
        """Under the grades of the sections covering a topic, the figures those very sections give
        on it ('is wmp any good at answering 999 calls': the 87.6 percent answer rate)."""
        shown = {uid for unit in answer.units for uid in (unit.uid,) if uid}
        found = self.index.search(
            query.topic, kinds=("statistic",), report_ids=query.report_ids or None, limit=MAX_RESULTS
        )
        entries = [e for e in (self.kb.entry(uid) for uid, _ in found) if e is not None]
        entries = [e for e in entries if f"{e.report.id}/{e.area.id}" in shown][:RELATED_STATISTICS]
        if entries:
            note = render.context(f"Figures in those sections on “{echo_user_text(query.topic)}”:")
            answer.units += [Unit.of([note], counted=False), *(self.units.entry(e) for e in entries)]

    def _noted(self, query: Query, answer: Answer) -> Answer:
        """``answer`` led by how its question was read ('Read as `/peel summary 2021/22`')."""
        answer.notes[:0] = self._reading_notes(query)
        return answer

    def _reading_notes(self, query: Query) -> list[str]:
        """How a question was read, when it was not typed as a command: the command it stands for
        and the words left out, so nothing is dropped silently."""
        if not (query.inferred or query.ignored or query.grades or query.forces):
            return []
        command = f"{query.verb} {query.topic}{self._labels(query)}".replace("  ", " ").strip()
        note = f"Read as `/peel {echo_user_text(command)}`"
        if query.forces:
            note += " for " + escape_mrkdwn(", ".join(query.forces))
        if query.grades:
            asked = escape_mrkdwn(" or ".join(query.grades))
            note += f" · you asked about the grade {asked}: shown is the grade the report gives"
        if query.ignored:
            note += " · ignored: " + echo_user_text(", ".join(query.ignored))
        return [note]

    # ----------------------------------------------------------------------- commands

    def _help(self, query: Query) -> Reply:
        blocks = render.help_blocks(self.kb)
        return self._reply(
            query,
            "What /peel can do: grades, areas for improvement, causes of concern, "
            "recommendations, statistics and innovative practice.",
            blocks,
        )

    def _simple(self, query: Query, message: str) -> Reply:
        """A one-section reply; ``message`` is our own plain text and is escaped here."""
        text = escape_mrkdwn(message)
        return self._reply(query, text, render.sections(text))

    def _no_report(self, query: Query, forces: Sequence[str] = (), subjects: Sequence[str] = ()) -> Reply:
        """No loaded report answers this: a year, a force or a subject none of them covers."""
        known = escape_mrkdwn(self.scope.loaded_text())
        if subjects:
            what = " or ".join(escape_mrkdwn(s) for s in subjects)
            lead = f"No report on {what} is loaded: the reports I know inspect police forces."
        elif forces:
            where = f" in {escape_mrkdwn(self._labels(query, ', ').strip(', '))}" if query.report_ids else ""
            lead = f"No report for {escape_mrkdwn(' or '.join(forces))}{where} is loaded."
        else:
            asked = ", ".join(f"“{echo_user_text(y)}”" for y in query.unknown_years)
            lead = f"No report matches {asked}."
        message = f"{lead} {known}"
        return self._reply(query, message, render.sections(message))

    def _scope(self, query: Query) -> list[str]:
        """The reports a query is about, grouped by force (the default force first), newest first."""
        wanted = set(query.report_ids)
        return [rid for rid in self._order if not wanted or rid in wanted]

    def _labels(self, query: Query, sep: str = " ") -> str:
        """The rounds of the query's reports, each once: ' 2021/22 2016'."""
        labels = dict.fromkeys(self._reports[r].meta.label for r in query.report_ids)
        return "".join(f"{sep}{label}" for label in labels)

    def _scope_words(self, query: Query) -> str:
        if not query.report_ids:
            return ""
        words = self._labels(query, ", ").strip(", ")
        forces = dict.fromkeys(self.scope.force_of(r) for r in query.report_ids)
        if len(forces) == 1 and len(self.scope.loaded_forces) > 1:
            words = f"{next(iter(forces))} {words}"
        return " in " + escape_mrkdwn(words)

    def _of_default_force(self, query: Query) -> Query:
        """``summary`` with no force named: the default force's reports (of the rounds asked, if it
        has any there)."""
        own = [rid for rid in self._scope(query) if self.scope.force_of(rid) == self.default_force]
        return replace(query, report_ids=tuple(own)) if own else query

    def _summary(self, query: Query, *, overall: bool = False) -> Answer:
        """Every grade of the reports asked about; ``overall``: their overall judgments first, in
        full ('how did west midlands do overall')."""
        scope = self._scope(query)
        units = [self.units.summary(report_id) for report_id in scope]
        forces = list(dict.fromkeys(self.scope.force_of(r) for r in scope))
        lead = "Every area and its grade, newest report first."
        if len(self.scope.loaded_forces) > 1:
            whose = forces[0] if len(forces) == 1 else "each force, grouped by force"
            lead = f"Every area and its grade for {escape_mrkdwn(whose)}, newest report first."
            if not query.forces and forces == [self.default_force]:
                lead += " That is your force; `/peel summary <force>` shows another."
        judgments = [
            self.units.entry(entry)
            for report_id in scope
            for entry in self._listed.get((report_id, "area"), [])
            if entry.area.overall
        ]
        if overall and judgments:
            units[:0] = [*judgments, Unit.of([render.divider()], counted=False)]
            lead = "The overall judgment, then e" + lead[1:]
        return Answer(
            title=BY_NAME["summary"].title,
            lead=lead,
            units=units,
            noun=("report", "reports"),
        )

    def _graded_unit(self, report_id: str, wanted: frozenset[str]) -> Unit | None:
        """One report's areas given one of the ``wanted`` grades (lower case), built once (at 100
        reports 'which areas were rated good' rendered 100 of them per question: ~5 ms)."""
        key = (report_id, wanted)
        if key not in self._graded_units:
            report = self._reports[report_id]
            areas = [a for a in report.data.areas if a.grade is not None and a.grade.lower() in wanted]
            unit = None
            if areas:
                text = render.report_grades_text(report.meta, areas, report.data.inconsistencies)
                unit = Unit.of(render.sections(text), report_id)
                unit.shows = tuple(f"{report_id}/{a.id}" for a in areas)
            self._graded_units[key] = unit
        return self._graded_units[key]

    def _graded(self, query: Query) -> Answer:
        """Every area given one of the grades named ('which areas require improvement')."""
        wanted = frozenset(g.lower() for g in query.grades)
        units = [unit for report_id in self._scope(query) if (unit := self._graded_unit(report_id, wanted))]
        grades = " or ".join(escape_mrkdwn(g) for g in query.grades)
        if not units:
            lead = f"No area is graded {grades}{self._scope_words(query)}."
            return Answer(title=BY_NAME["summary"].title, lead=lead, fallback=lead, found=False)
        return Answer(
            title=BY_NAME["summary"].title,
            lead=f"Areas graded {grades}{self._scope_words(query)}, newest report first.",
            units=units,
            noun=("report", "reports"),
        )

    def _suggestions(self, query: Query, kinds: Sequence[str]) -> list[str]:
        """'Did you mean' commands from real topics; each keeps the years asked for and parses back
        to the very verb and topic that were checked to find something."""
        verb = query.verb if not query.implicit else "find"
        scope = query.report_ids or None
        offered = self.suggestions.suggest(query.topic, kinds=kinds, report_ids=scope)
        tries = [(verb, topic) for topic in offered]
        if (
            verb != "find"
            and len(tries) < SUGGESTIONS
            and self.index.search(query.topic, report_ids=scope, limit=1)
        ):
            tries.append(("find", query.topic))  # the words are there, in other kinds of entry
        years = self._labels(query)
        several = len(self.scope.loaded_forces) > 1
        forces = "".join(f" {force}" for force in query.forces) if several else ""
        out = []
        for command_verb, topic in tries:
            command = f"{command_verb} {topic}{years}{forces}"
            again = self.parse(command)
            again_ids = self.scope.resolve(again.forces, again.report_ids).report_ids
            same = (again.verb, again_ids, again.public) == (command_verb, query.report_ids, False)
            finds = kinds if command_verb == verb else None
            if (
                same
                and again.topic
                and self.index.search(again.topic, kinds=finds, report_ids=scope, limit=1)
            ):
                out.append(command)
        return out

    def _no_match(self, query: Query, kinds: Sequence[str], noun: str) -> Answer:
        topic = echo_user_text(query.topic)
        if self.index.too_general(query.topic):
            lead = f"“{topic}” is too general to search on: it runs through all of the reports."
            lead += " Add a more specific word."
        else:
            lead = f"No {noun} matches “{topic}”{self._scope_words(query)}."
        return Answer(
            title=BY_NAME[query.verb].title,
            lead=lead,
            fallback=lead,
            found=False,
            deferred=lambda: [Unit.of(self._did_you_mean(query, kinds), counted=False)],
        )

    def _did_you_mean(self, query: Query, kinds: Sequence[str]) -> list[Block]:
        suggestions = self._suggestions(query, kinds)
        if suggestions:
            tried = " · ".join(f"`/peel {echo_user_text(s)}`" for s in suggestions)
            return [render.context(f"Did you mean: {tried}")]
        return [render.context("Try other words, or `/peel help` for examples.")]

    def _report_of(self, uid: str) -> str | None:
        entry = self.kb.entry(uid)
        return entry.report.id if entry is not None else None

    def _sections_covering(self, query: Query) -> list[tuple[str, float]]:
        """The areas holding the best matches for a topic no area is named by ('answering 999
        calls' is under 'Supporting victims'): one per report, from its best-matching entry."""
        found = self.index.search(query.topic, report_ids=query.report_ids or None, limit=RERANK_AREAS)
        areas: dict[str, tuple[str, float]] = {}
        for uid, score in found:
            if score < COVERING_SCORE:  # only named in passing: not what its section is about
                break
            entry = self.kb.entry(uid)
            if entry is not None and entry.report.id not in areas:
                areas[entry.report.id] = (f"{entry.report.id}/{entry.area.id}", score)
        return list(areas.values())

    def _area_matches(self, query: Query, *, covering: bool = False) -> list[tuple[str, float]]:
        """The areas a topic's grade is read from, best first, within the query's reports."""
        if covering:
            found = self._sections_covering(query)
        else:
            found = self.index.search(query.topic, kinds=("area",))
            named = [(uid, score) for uid, score in found if self.index.names_phrase(uid, query.topic)]
            # areas named by the very words typed outrank looser matches within each report; another
            # report's area holding the topic whole stays ('missing children': 2021/22 names 'missing
            # people'), one only sharing a word goes ('the public': 2016's 'public service organisations')
            naming = {self._report_of(uid) for uid, _ in named}
            found = [
                (u, sc) for u, sc in found
                if (u, sc) in named or (self._report_of(u) not in naming and (not named or sc >= WHOLE_SCORE))
            ]
        if query.report_ids:  # filtered after ranking, so a year never promotes a looser match
            wanted = set(query.report_ids)
            found = [(uid, score) for uid, score in found if self._report_of(uid) in wanted]
        matched = {self._report_of(uid) for uid, _ in found}
        for rid in self._scope(query) if found and not covering else ():
            if rid not in matched:  # a report no area of which holds every word: its own best area
                found += self._report_area(query, rid)
        return found

    def _report_area(self, query: Query, report_id: str) -> list[tuple[str, float]]:
        """The area of one report a topic another report's area matched is about, where none of
        its areas holds every word typed ('tackling soc': 2021/22's 'Disrupting serious organised
        crime'): its best area for the topic less one word, where what is left still matches an
        area of another report shown; else (for a question's ``compare``) the section its best
        matches sit in; empty when it has none."""
        scope = (report_id,)
        tokens = query.topic.split()
        others = [r for r in self._scope(query) if r != report_id]
        tried: list[tuple[float, str]] = []
        for i in range(len(tokens) if len(tokens) > 1 else 0):
            rest = " ".join(tokens[:i] + tokens[i + 1 :])
            if report_id not in self._reports_holding(rest, tuple(self._scope(query))):
                continue  # no area of this report holds it (the exact searches below would agree)
            own, other = (
                self.index.search(rest, kinds=("area",), report_ids=ids, cutoff=WHOLE_SCORE, limit=1)
                for ids in (scope, others)
            )
            if own and other:
                tried.append((own[0][1], own[0][0]))
        if tried:
            score, uid = max(tried)
            return [(uid, score)]
        if query.verb == "compare" and query.inferred:
            return self._sections_covering(replace(query, report_ids=scope))
        return []

    def _reports_holding(self, topic: str, scope: tuple[str, ...]) -> frozenset[str]:
        """The reports in ``scope`` an area of which holds ``topic`` (one search for all of them,
        remembered for the last few topics): a report outside it has no such area, so the
        per-report searches of ``_report_area`` are skipped for it (100 reports: 300 searches were
        made for 'treating people fairly', one per left-out word, report and side)."""
        key = (topic, scope)
        held = self._holding.get(key)
        if held is None:
            hits = self.index.search(topic, kinds=("area",), report_ids=scope, cutoff=WHOLE_SCORE)
            held = frozenset(r for uid, _ in hits if (r := self._report_of(uid)) is not None)
            if len(self._holding) >= HOLDING_CACHE:
                self._holding.clear()
            self._holding[key] = held
        return held

    def _grades(self, query: Query, *, covering: bool = False) -> Answer:
        """The grades of the areas a topic names (``covering``: of the sections its best matches
        sit in), per report asked about; areas matching about equally are shown together."""
        found = self._area_matches(query, covering=covering)
        if not found:
            return self._no_match(query, ("area",), BY_NAME[query.verb].noun[0])
        tied = self._tied_areas(query, found)
        answer = self._grades_answer(query, tied, covering=covering)
        answer.tail += self._grades_tail(query, list(tied))
        return answer

    def _tied_areas(self, query: Query, found: Sequence[tuple[str, float]]) -> dict[str, list[Entry]]:
        """Ranking: for each report asked about (in order) that has a match, its best areas —
        those within AMBIGUITY_MARGIN of its best, at most MAX_TIED_AREAS."""
        by_report: dict[str, list[tuple[Entry, float]]] = {}
        for uid, score in found:
            entry = self.kb.entry(uid)
            if entry is not None:
                by_report.setdefault(entry.report.id, []).append((entry, score))
        tied: dict[str, list[Entry]] = {}
        for report_id in self._scope(query):
            matches = by_report.get(report_id)
            if matches:
                best = matches[0][1]
                close = [entry for entry, score in matches if score >= best - AMBIGUITY_MARGIN]
                tied[report_id] = close[:MAX_TIED_AREAS]
        return tied

    def _grades_answer(self, query: Query, tied: dict[str, list[Entry]], *, covering: bool) -> Answer:
        """Rendering: each report's areas (after a note when several tie), and a plain-text
        fallback naming each grade."""
        units: list[Unit] = []
        summaries: list[str] = []
        for report_id, entries in tied.items():
            if len(entries) > 1:
                units.append(self.units.tie_note(report_id, len(entries)))
            units += [self.units.entry(entry) for entry in entries]
            summaries += [
                f"{area.name}: {area.grade or 'Ungraded'} ({self._name(entry.report)})"
                for entry in entries
                if isinstance(area := entry.item, Area)
            ]
        what = "Grades of the sections covering" if covering else "Grades for"
        return Answer(
            title=BY_NAME[query.verb].title,
            lead=f"{what} “{echo_user_text(query.topic)}”{self._scope_words(query)}, newest first.",
            units=units,
            noun=BY_NAME[query.verb].noun,
            fallback="; ".join(summaries),
        )

    def _grades_tail(self, query: Query, shown: list[str]) -> list[Block]:
        """Under the grades: the reports with no matching area (when none was asked for), and for
        ``compare`` each caveat about comparing grades, once per group of reports sharing it."""
        tail: list[Block] = []
        if len(shown) < len(self.kb.reports) and not query.report_ids:
            missing = [self._name(r.meta) for r in self.kb.reports if r.meta.id not in shown]
            tail.append(render.context(f"No matching area in {escape_mrkdwn(', '.join(missing))}."))
        if query.verb == "compare":
            tail += chain.from_iterable(self._caveats(shown))
        return tail

    def _caveats(self, report_ids: Sequence[str]) -> list[list[Block]]:
        """The reports' caveats about comparing grades, each once, naming the reports sharing it."""
        sharing: dict[str, list[ReportMeta]] = {}
        for report_id in report_ids:
            meta = self._reports[report_id].meta
            if meta.caveat:
                sharing.setdefault(meta.caveat, []).append(meta)
        return [render.caveat_blocks(reports[0], len(reports) - 1) for reports in sharing.values()]

    def home_blocks(self) -> list[Block]:
        """App Home's grades: with one force, every report's; with several, the default force's
        reports, each area's grade with where it stands among the other forces' grades for the
        same area in that round (or every report, grouped by force, when no default is set)."""
        if len(self.scope.loaded_forces) < 2 or self.default_force is None:
            overview = render.grades_overview_blocks(self.kb, self._order)
            if len(self.scope.loaded_forces) > 1:
                hint = f"Set `{DEFAULT_FORCE_SETTING}` to see your force's grades beside the others."
                overview.append(render.context(hint))
            return overview
        blocks: list[Block] = []
        for rid in self._order:
            report = self._reports[rid]
            if report.meta.force != self.default_force:
                break
            others = [self._reports[r] for r in self.scope.rounds([rid]) if r != rid]
            lines = [f"*{render.report_name(report.meta)}*"]
            for area in sorted(report.data.areas, key=lambda a: not a.overall):
                same = [(o.meta.force, a) for o in others for a in o.data.areas if _same_area(a, area)]
                lines.append(render.standing_line(area, same, report.meta.grade_scale))
            if blocks:
                blocks.append(render.divider())
            blocks += render.sections("\n".join(lines))
            among = ", ".join(sorted(o.meta.force for o in others)) or "none"
            among_text = f"Other forces loaded for {report.meta.label}: {among}."
            blocks.append(render.context(escape_mrkdwn(among_text)))
        return blocks

    def _name(self, meta: ReportMeta) -> str:
        """A report as users tell it apart: its label, with its force when several are loaded."""
        return f"{meta.force} {meta.label}" if len(self.scope.loaded_forces) > 1 else meta.label

    def _years_typed(self, query: Query) -> tuple[str, ...]:
        """The reports of the years typed in a query, whatever the parse kept of them."""
        words = (w.strip(".,;:!?()").lower() for w in query.raw.split())
        return self.scope.rounds({self.years[w] for w in words if w in self.years})

    def _compare_forces(self, query: Query) -> Answer:
        """``compare <area>`` with several forces loaded: per round (newest first), a grid of each
        force's grade for the area, grouped by grade with counts, the user's force in bold; the
        round's caveat about comparing; then the user's force's own sections, quoted."""
        highlight = query.forces[0] if query.forces else self.default_force
        named = query.report_ids or self._years_typed(query)  # parse drops compare's one year ('since')
        rounds = [ids for ids in self.scope.round_reports() if not named or not set(ids).isdisjoint(named)]
        if query.forces:  # a force named: the rounds it has a report in
            rounds = [ids for ids in rounds if any(self.scope.force_of(r) in query.forces for r in ids)]
        unscoped = replace(query, report_ids=())
        found = self._area_matches(unscoped)
        best: dict[str, Entry] = {}
        for uid, _ in found:
            entry = self.kb.entry(uid)
            if entry is not None and isinstance(entry.item, Area):
                best.setdefault(entry.report.id, entry)
        units: list[Unit] = []
        own: list[Unit] = []
        summaries: list[str] = []
        for ids in rounds:
            entries = list({best[r].report.force: best[r] for r in reversed(ids) if r in best}.values())
            entries.reverse()  # one per force: its newest report's match
            if not entries:
                continue
            forces = [self.scope.force_of(r) for r in ids]
            mine = highlight == self.default_force
            caveats = {
                e.uid: render.grade_caveats(e.item, self._reports[e.report.id].data.inconsistencies)
                for e in entries
                if isinstance(e.item, Area)
            }
            text, summary = render.force_grid(entries, forces, highlight, mine=mine, caveats=caveats)
            unit = Unit.of(render.sections(text), ids[0])
            unit.shows = tuple(e.uid for e in entries)
            units.append(unit)
            summaries.append(summary)
            units += [Unit.of(blocks, counted=False) for blocks in self._caveats(ids)]
            own += [self.units.entry(e) for e in entries if e.report.force == highlight]
        if not units:
            return self._no_match(query, ("area",), BY_NAME["compare"].noun[0])
        if own:
            note = render.context(f"{escape_mrkdwn(highlight or '')}'s sections, as its reports give them:")
            units += [Unit.of([note], counted=False), *own]
        return Answer(
            title=BY_NAME["compare"].title,
            lead=f"How the loaded forces compare on “{echo_user_text(query.topic)}”, newest round first.",
            units=units,
            noun=("round", "rounds"),
            fallback="; ".join(summaries),
        )

    def _items(self, query: Query) -> Answer:
        command = BY_NAME[query.verb]
        kinds = (query.inferred and command.question_kinds) or command.kinds
        scope = self._scope(query)
        noun = BY_NAME[query.verb].noun
        none = [rid for rid in scope if not any(self._listed.get((rid, kind)) for kind in kinds)]
        if query.topic and query.verb == "concern" and none == scope:  # 'is the DA concern open in 2021'
            return self._items(replace(query, topic=""))  # there are none in these reports: say so
        if query.topic:
            search_kinds = set(kinds)
            if query.verb == "concern":
                search_kinds.add("recommendation")
            if query.verb == "rec":
                search_kinds.add("concern")
            found = self.index.search(
                query.topic, kinds=search_kinds, report_ids=query.report_ids or None, limit=MAX_RESULTS + 1
            )
            more = len(found) > MAX_RESULTS
            found = found[:MAX_RESULTS]
            best = found[0][1] if found else 0.0
            strong = sum(score >= best - AMBIGUITY_MARGIN for _, score in found)
            resolved = self._resolve(query.verb, [uid for uid, _ in found])
            if not resolved:
                return self._no_match(query, kinds, noun[0])
            order = {rid: i for i, rid in enumerate(scope)}
            # newest report first among the best matches, then the weaker ones: an entry matched
            # on a generic word ('capacity') never comes before one holding the specific word ('cyber')
            entries = sorted(
                (entry for entry, _ in resolved.values()),
                key=lambda e: (resolved[e.uid][1] >= strong, order.get(e.report.id, len(order))),
            )
            lead = f"Matching “{echo_user_text(query.topic)}”{self._scope_words(query)}, newest report first."
        else:
            listed = (self._listed.get((rid, kind), []) for rid in scope for kind in kinds)
            entries = list(islice(chain.from_iterable(listed), MAX_RESULTS + 1))
            more = len(entries) > MAX_RESULTS
            entries = entries[:MAX_RESULTS]
            if not entries:
                where = self._scope_words(query) or " in any report"
                lead = f"No {noun[1]}{where}."
                return Answer(title=BY_NAME[query.verb].title, lead=lead, fallback=lead, noun=noun)
            lead = f"Every {noun[0]}{self._scope_words(query)}, newest report first."
        units = [self.units.entry(e) for e in entries]
        answer = Answer(title=BY_NAME[query.verb].title, lead=lead, units=units, noun=noun, capped=more)
        if query.verb == "concern":  # 'has the concern been fixed': where the other reports stand
            answer.notes += [f"No {noun[1]} in {escape_mrkdwn(self._reports[r].meta.label)}." for r in none]
        return answer

    def _resolve(self, verb: str, uids: Sequence[str]) -> dict[str, tuple[Entry, int]]:
        """Entries for matched uids, each with the rank of the match that brought it; concerns and
        their recommendations are shown the way the verb asks."""
        out: dict[str, tuple[Entry, int]] = {}
        for rank, uid in enumerate(uids):
            entry = self.kb.entry(uid)
            if entry is None:
                continue
            if verb == "concern" and entry.kind == "recommendation" and entry.parent is not None:
                concern = self.kb.entry(f"{entry.report.id}/{entry.parent.id}")
                if concern is not None:
                    out.setdefault(concern.uid, (concern, rank))
            elif verb == "rec" and isinstance(entry.item, Concern):
                for rec in entry.item.recommendations:
                    rec_entry = self.kb.entry(f"{entry.report.id}/{rec.id}")
                    if rec_entry is not None:
                        out.setdefault(rec_entry.uid, (rec_entry, rank))
            else:
                out.setdefault(uid, (entry, rank))
        return out

    # ----------------------------------------------------------------------- pages

    def _paginate(self, query: Query, answer: Answer, page: int) -> Reply:
        """Page ``page`` of an answer: title, lead and notes, the page's units, and (with several
        pages) which results it shows."""
        answer.settle()
        head: list[Block] = [*render.sections(answer.lead), *self._notes(query, answer)]
        budget = MAX_REPLY_BLOCKS - len(head) - 2  # the header, and the "showing" footer
        tail = [Unit.of(answer.tail, counted=False)] if answer.tail else []
        pages = pack(answer.units + tail, budget)
        page = min(max(page, 1), len(pages))
        shown = pages[page - 1]
        blocks = [fixed_block("header", answer.title), *(b.to_dict() for b in head)]
        blocks += self.units.page_blocks(shown)
        total = sum(u.counted for u in answer.units)
        if len(pages) > 1 or answer.capped:
            example = escape_mrkdwn(self.kb.reports[-1].meta.label)
            blocks.append(showing(pages, page, total, capped=answer.capped, example=example).to_dict())
        entries = [uid for unit in shown for uid in ((unit.uid,) if unit.uid else unit.shows)]
        fallback = answer.fallback or self._fallback(query, answer, total)
        return self._reply(
            query, fallback, blocks[:MAX_REPLY_BLOCKS], page=page, pages=len(pages), entries=entries
        )

    def _notes(self, query: Query, answer: Answer) -> list[Block]:
        """Context lines under the lead: how the question was read, years ignored, the answer's own."""
        notes: list[Block] = [render.context(escape_mrkdwn(n)) for n in query.notes]
        if query.unknown_years:
            ignored = ", ".join(f"“{echo_user_text(y)}”" for y in query.unknown_years)
            notes.append(render.context(f"Ignored {ignored}: no report for that year."))
        return notes + [render.context(n) for n in answer.notes]

    def _fallback(self, query: Query, answer: Answer, total: int) -> str:
        noun = answer.noun[0] if total == 1 else answer.noun[1]
        topic = f" matching “{echo_user_text(query.topic)}”" if query.topic else ""
        return f"{answer.title}{topic}: {total} {noun}{self._scope_words(query)}"

    def _reply(
        self,
        query: Query,
        text: str,
        blocks: Sequence[Block | dict[str, Any]],
        *,
        page: int = 1,
        pages: int = 1,
        entries: Sequence[str] = (),
    ) -> Reply:
        return Reply(
            text=truncate(text, FALLBACK_LIMIT),
            blocks=[b if isinstance(b, dict) else b.to_dict() for b in blocks],
            page=page,
            pages=pages,
            query=query.raw,
            public=query.public,
            verb=query.verb,
            entries=tuple(entries),
        )


def _same_area(one: Area, other: Area) -> bool:
    """Two forces' areas for the same question of a round: same id, or same name."""
    return one.id == other.id or one.name.lower() == other.name.lower()


_ENGINES: dict[int, tuple[KnowledgeBase, Engine]] = {}


def engine_for(kb: KnowledgeBase) -> Engine:
    """The cached engine of a knowledge base (built on first use)."""
    cached = _ENGINES.get(id(kb))
    if cached is None or cached[0] is not kb:
        cached = (kb, Engine(kb))
        _ENGINES[id(kb)] = cached
    return cached[1]


def remember(engine: Engine) -> Engine:
    """Make ``engine`` the one ``engine_for`` returns for its knowledge base (built elsewhere,
    e.g. from the start-up cache), and return it."""
    _ENGINES[id(engine.kb)] = (engine.kb, engine)
    return engine


def failure_reply(what: str, hint: str = "", query: Query | None = None) -> Reply:
    """The apology for a failure, logged (with its stack trace) under a reference the user is given."""
    ref = new_ref()
    log.exception("%s ref=%s", what, ref)
    message = f"Sorry, something went wrong answering that (reference {ref}).{hint}"
    return Reply(
        text=message,
        blocks=[render.sections(message)[0].to_dict()],
        query=query.raw if query else "",
        public=False,
        verb=query.verb if query else "",
    )


def answer(text: str, kb: KnowledgeBase, *, page: int = 1) -> Reply:
    """The reply to a ``/peel`` command (text after ``/peel``); never raises."""
    try:
        engine = engine_for(kb)
    except Exception:
        return failure_reply("engine build failed")
    return engine.answer(text, page=page)
