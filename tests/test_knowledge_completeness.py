"""Completeness: every marker a report sets (grade, AFI, concern, finding...) has a knowledge entry."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest

from bot.knowledge import KnowledgeBase, load_knowledge
from bot.knowledge.completeness import PEEL_GRADES, UNGRADED, Marker, scan, uncovered
from bot.knowledge.loader import Report

KB = load_knowledge()


def _markers(kb: KnowledgeBase, report: Report) -> list[Marker]:
    raw = (kb.root / report.meta.seed).read_text(encoding="utf-8")
    return scan(raw, [*report.meta.grade_scale, UNGRADED])


def _without(report: Report, list_name: str, item_id: str) -> Report:
    """A copy of ``report`` with one item removed, to prove the scanner notices."""
    items = [i for i in getattr(report.data, list_name) if i.id != item_id]
    assert len(items) < len(getattr(report.data, list_name)), item_id
    data = report.data.model_copy(update={list_name: items})
    return dataclasses.replace(report, data=data)


# --------------------------------------------------------------------------- real reports


@pytest.mark.parametrize("report", KB.reports, ids=[r.meta.id for r in KB.reports])
def test_every_marker_in_the_seed_has_an_entry(kb, report):
    missing = uncovered(report, _markers(kb, report))
    assert not missing, f"{report.meta.seed}: markers with no knowledge entry:\n" + "\n".join(
        f"  {m}" for m in missing
    )


def _only_area(report: Report, area_id: str) -> Report:
    areas = [a for a in report.data.areas if a.id == area_id]
    return dataclasses.replace(report, data=report.data.model_copy(update={"areas": areas}))


@pytest.mark.parametrize("report", KB.reports, ids=[r.meta.id for r in KB.reports])
def test_every_graded_area_matches_a_grade_line_in_the_seed(kb, report):
    """The other direction for grades: each graded area covers a grade line printing that grade."""
    markers = [m for m in _markers(kb, report) if m.kind == "area"]
    for area in report.data.areas:
        if area.grade is not None:
            alone = _only_area(report, area.id)
            assert any(not uncovered(alone, [m]) for m in markers), (
                f"{area.id}: no grade line says {area.grade}"
            )


def test_2021_scan_finds_the_reports_structure(kb):
    report = kb.report("peel-2021-22-west-midlands")
    assert report is not None
    counts = Counter(m.kind for m in _markers(kb, report))
    # Counted by hand in the seed: 11 graded sections, 4 AFI boxes, 2 "Progress on national
    # recommendation" blocks, 4 innovative practices, 11 HM Inspector's observations + 64 main findings.
    assert counts == {
        "area": 11,
        "improvement": 4,
        "national_recommendation": 2,
        "practice": 4,
        "finding": 75,
    }


def test_split_grade_line_is_read_as_one_grade(kb):
    report = kb.report("peel-2021-22-west-midlands")
    assert report is not None
    investigating = [m for m in _markers(kb, report) if m.heading == "Investigating crime"]
    assert [(m.grade, m.text) for m in investigating] == [
        ("Requires improvement", "West Midlands Police requires improvement at investigating crime.")
    ]


def test_removing_an_entry_makes_its_marker_uncovered(kb):
    report = kb.report("peel-2021-22-west-midlands")
    assert report is not None
    markers = _markers(kb, report)
    missing = uncovered(_without(report, "findings", "finding-finances"), markers)
    assert [m.text for m in missing] == ["The force manages its finances well"]
    missing = uncovered(_without(report, "improvements", "afi-soc-mapping"), markers)
    assert [m.kind for m in missing] == ["improvement"]


def test_wrong_grade_leaves_the_grade_marker_uncovered(kb):
    report = kb.report("peel-2021-22-west-midlands")
    assert report is not None
    areas = [
        a.model_copy(update={"grade": "Good"}) if a.id == "investigating-crime" else a
        for a in report.data.areas
    ]
    broken = dataclasses.replace(report, data=report.data.model_copy(update={"areas": areas}))
    missing = uncovered(broken, _markers(kb, report))
    assert [(m.kind, m.grade, m.heading) for m in missing] == [
        ("area", "Requires improvement", "Investigating crime")
    ]


# --------------------------------------------------------------------------- synthetic texts

SYNTHETIC = """Contents

Our judgments\t1
Main findings\t3
Area for improvement\t4
Things the force does\t5

Things the force does

Requires
improvement

The force requires improvement at doing things.

Area for improvement

The force should do things better. It should start now.

Main findings

In this section we set out our main findings.

The force answers calls quickly

It answered [most](#) calls within the target time. The force
\x20
is improving, and this paragraph was split by a page break
\x20
across three lines.

The force patrols well

Patrols are visible.

Chart caption that is not a heading

Things the force does

Good

Another section begins.
"""


def test_scan_finds_markers_in_a_synthetic_text():
    markers = scan(SYNTHETIC)
    assert [(m.kind, m.line, m.text, m.grade) for m in markers] == [
        ("area", 10, "The force requires improvement at doing things.", "Requires improvement"),
        ("improvement", 17, "The force should do things better.", None),
        ("finding", 23, "The force answers calls quickly", None),
        ("finding", 31, "The force patrols well", None),
        ("area", 39, "Another section begins.", "Good"),
    ]


def test_scan_skips_contents_lines():
    toc_only = "Contents\n\nArea for improvement\t7\n\nThe force should do better.\n"
    assert scan(toc_only) == []
    assert [m.text for m in scan(toc_only.replace("\t7", ""))] == ["The force should do better."]


def test_heading_shared_by_several_grade_lines_names_no_area():
    text = "Summary of findings\n\nGood\n\nIt is good.\n\nSummary of findings\n\nInadequate\n\nIt is not.\n"
    markers = scan(text)
    assert [(m.grade, m.heading, m.text) for m in markers] == [
        ("Good", None, "It is good."),
        ("Inadequate", None, "It is not."),
    ]


def test_grid_of_grades_uses_the_heading_not_the_next_question():
    text = "How good is A?\n\nGood\n\nHow good is B?\n\nUngraded\n\nOverall it is fine.\n"
    markers = scan(text, PEEL_GRADES)
    assert [(m.heading, m.grade, m.text) for m in markers] == [
        ("How good is A?", "Good", ""),
        ("How good is B?", "Ungraded", "Overall it is fine."),
    ]


def test_areas_for_improvement_list_gives_one_marker_per_top_level_bullet():
    text = (
        "Areas for improvement\n\n- The force should do A by ensuring that:\n - it does a1; and\n"
        " - it does a2.\n- The force should do B.\n\nNext heading\n"
    )
    assert [(m.kind, m.line, m.text) for m in scan(text)] == [
        ("improvement", 3, "The force should do A by ensuring that:"),
        ("improvement", 6, "The force should do B."),
    ]


def test_cause_of_concern_and_recommendations():
    text = (
        "Cause of concern\n\nThe response is a cause of concern. More text.\n\n"
        "Recommendations\n\nTo address this cause of concern, we recommend that:\n\n- it acts.\n"
    )
    assert [(m.kind, m.text) for m in scan(text)] == [
        ("concern", "The response is a cause of concern."),
        ("recommendation", "To address this cause of concern, we recommend that:"),
    ]
