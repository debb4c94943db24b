"""Checking plain-English questions against the seeds, structurally.

A case names what a right answer is made of: the command the question was read as, the entries
shown first (by id), and grades or figures that must be in the reply *and* in that entry's seed.
``NO`` cases must get an honest no-match: no entry shown, the reply saying "No … ".
Every case also checks that no entry is shown from a report the question did not ask about.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from bot.engine.answer import Engine
from bot.engine.reply import Reply
from bot.knowledge.loader import KnowledgeBase
from bot.knowledge.provenance import fold, read_seed

NEW = "peel-2021-22-west-midlands"
OLD = "peel-2016-effectiveness-west-midlands"
NO = "no"  # an honest no-match


@dataclass(frozen=True)
class Q:
    """One question and what a right answer holds.

    ``verb``: the command answered ("stat|find" accepts either); ``first``: entry ids
    (``N/…`` 2021/22, ``O/…`` 2016); the first one is the first entry shown ("N/a|N/b" where a
    question is equally well answered by either) and the others are shown too; ``facts``: text
    in the reply and in the first entry's seed; ``only``: report shorthands (N, O) every shown
    entry must come from.
    """

    text: str
    verb: str = ""
    first: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    only: str = ""


def q(text: str, verb: str = "", *first: str, facts: tuple[str, ...] = (), only: str = "") -> Q:
    return Q(text, verb, tuple(first), facts, only)


def uid(short: str) -> str:
    report, _, item = short.partition("/")
    return f"{NEW if report == 'N' else OLD}/{item}"


def reply_text(reply: Reply) -> str:
    """Every piece of text the user sees (fallback + blocks), as sent."""
    parts = [reply.text]
    for block in reply.blocks:
        text = block.get("text")
        if isinstance(text, dict):
            parts.append(text["text"])
        parts += [e.get("text", "") for e in block.get("elements", []) if isinstance(e, dict)]
    return "\n".join(parts)


def shown_text(reply: Reply) -> str:
    """``reply_text`` with entities decoded and whitespace folded, for comparing with seeds."""
    return fold(html.unescape(reply_text(reply)))


def problems(case: Q, engine: Engine, kb: KnowledgeBase) -> list[str]:
    """Why the reply to ``case`` is wrong (empty when right)."""
    reply = engine.answer(case.text)
    out: list[str] = []
    shown = list(reply.entries)
    text = shown_text(reply)
    if case.verb == NO:
        if shown:
            out.append(f"expected no match, showed {shown[:3]}")
        if not text.startswith("No ") and "too general" not in text:
            out.append(f"expected 'No …', got {text[:80]!r}")
        return out
    if not shown:
        out.append(f"nothing shown: {text[:80]!r}")
    if case.verb and reply.verb not in case.verb.split("|"):
        out.append(f"verb {reply.verb!r}, expected {case.verb!r}")
    wanted = [uid(s) for s in case.first]
    if wanted:
        firsts = [uid(s) for s in case.first[0].split("|")]  # 'a|b': either is a right first answer
        if not shown or shown[0] not in firsts:
            out.append(f"first {shown[:1]}, expected {wanted[0]}")
        wanted[0] = shown[0] if shown and shown[0] in firsts else firsts[0]
        missing = [w for w in wanted[1:] if w not in shown]
        if missing:
            out.append(f"missing {missing}")
    if case.only:
        allowed = {NEW if r == "N" else OLD for r in case.only}
        stray = [s for s in shown if s.split("/")[0] not in allowed]
        if stray:
            out.append(f"entries from reports not asked about: {stray[:3]}")
    if case.facts:
        report_id = wanted[0].split("/")[0] if wanted else NEW
        report = kb.report(report_id)
        assert report is not None
        seed = read_seed(kb.root / report.meta.seed)
        for fact in case.facts:
            assert fold(fact) in seed, f"test error: {fact!r} is not in {report_id}'s seed"
            if fold(fact) not in text:
                out.append(f"fact {fact!r} not in the reply")
    return out


def score(cases: list[Q], engine: Engine, kb: KnowledgeBase) -> tuple[int, list[tuple[str, list[str]]]]:
    """How many cases are answered right, and the others with their problems."""
    wrong = [(c.text, p) for c in cases if (p := problems(c, engine, kb))]
    return len(cases) - len(wrong), wrong
