"""Forces as scope: with reports of two forces loaded, each question is answered from its force's
reports only, and a year of the other force's report is no answer for this one."""

from __future__ import annotations

import dataclasses

import pytest

from bot.engine.answer import Engine
from bot.engine.scope import Scope
from bot.knowledge.loader import KnowledgeBase

NEW = "peel-2021-22-west-midlands"
OLD = "peel-2016-effectiveness-west-midlands"


@pytest.fixture(scope="module")
def two_forces(kb) -> KnowledgeBase:
    """The real reports, the 2016 one relabelled as Kent Police's (its facts unchanged)."""
    reports = [
        dataclasses.replace(r, meta=r.meta.model_copy(update={"force": "Kent Police"}))
        if r.meta.id == OLD
        else r
        for r in kb.reports
    ]
    return KnowledgeBase(reports=reports, topics=kb.topics, root=kb.root)


def test_a_force_narrows_to_its_reports(two_forces):
    scope = Scope(two_forces)
    assert scope.resolve(["Kent Police"], ()).report_ids == (OLD,)
    assert scope.resolve(["West Midlands Police"], ()).report_ids == (NEW,)
    assert scope.resolve([], ()).report_ids == ()  # nothing named: every report


def test_a_year_of_another_forces_report_is_nothing(two_forces):
    resolved = Scope(two_forces).resolve(["West Midlands Police"], (OLD,))
    assert resolved.nothing and resolved.report_ids == ()


def test_a_force_with_no_report_is_missing(two_forces):
    assert Scope(two_forces).resolve(["Essex Police"], ()).missing_forces == ("Essex Police",)


def test_answers_come_from_the_named_forces_reports_only(two_forces):
    engine = Engine(two_forces)
    kent = engine.answer("how good is kent at investigating crime")
    assert kent.entries and all(uid.startswith(OLD) for uid in kent.entries)
    wmp = engine.answer("wmp grade investigating")
    assert wmp.entries and all(uid.startswith(NEW) for uid in wmp.entries)


def test_a_force_in_a_year_it_has_no_report_for(two_forces):
    reply = Engine(two_forces).answer("wmp investigating 2016")
    assert reply.text.startswith("No report for West Midlands Police in 2016 is loaded.")
    assert reply.entries == ()
