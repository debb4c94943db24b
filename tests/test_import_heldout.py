"""`peel-bot import` on held-out reports (tests/heldout.py): other forces, grades, AFIs and noise.

Each case must import with every grade right, every AFI found, none invented and the force named,
and the written file must pass `peel-bot check` and the completeness scan.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from bot.cli import main
from bot.importer import import_text
from bot.importer.writer import render
from bot.knowledge.completeness import scan, uncovered
from bot.knowledge.loader import load_report
from tests import heldout

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def results():
    return {make.__name__: heldout.run(make) for make in heldout.CASES}


CASE_NAMES = [make.__name__ for make in heldout.CASES]


@pytest.mark.parametrize("name", CASE_NAMES)
def test_every_grade_right_every_afi_found_none_invented_force_named(results, name):
    case, _, score = results[name]
    assert score.problems == [], score.problems
    assert score.grades_right == score.grades_total == len(case.truth.grades)
    assert score.afis_found == score.afis_total and score.invented == 0
    assert score.force_named


@pytest.mark.parametrize("name", CASE_NAMES)
def test_consistent_grades_leave_nothing_about_areas_to_review(results, name):
    _, draft, _ = results[name]
    notes = [n for n in draft.review if n.what.startswith("areas.")]
    assert notes == []


@pytest.mark.parametrize("name", CASE_NAMES)
def test_the_written_file_passes_the_loader_and_the_completeness_scan(results, name, tmp_path):
    case, draft, _ = results[name]
    (tmp_path / "seeds").mkdir()
    (tmp_path / "knowledge").mkdir()
    (tmp_path / "seeds" / "heldout.txt").write_text(case.text, encoding="utf-8")
    out = tmp_path / "knowledge" / "heldout.yaml"
    out.write_text(render(draft), encoding="utf-8")
    report = load_report(out, tmp_path)  # raises on any field that is not verbatim
    assert uncovered(report, scan(case.text)) == []
    assert "West Midlands" not in out.read_text(encoding="utf-8")


def test_cli_import_then_check_beside_the_real_reports(tmp_path, monkeypatch):
    case = heldout.avon_and_somerset()
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    shutil.copytree(ROOT / "knowledge", tmp_path / "knowledge")
    monkeypatch.setenv("KNOWLEDGE_DIR", str(tmp_path / "knowledge"))
    seed = tmp_path / "seeds" / "avon.txt"
    seed.write_text(case.text, encoding="utf-8")
    runner = CliRunner()
    first = runner.invoke(main, ["import", str(seed)])
    assert first.exit_code == 0, first.output
    assert "force: Avon and Somerset Constabulary;" in first.output
    assert "Investigating crime = Inadequate" in first.output
    # the round's own label is shared with West Midlands' report of the round: no note, check passes
    assert "note:" not in first.output
    assert runner.invoke(main, ["check"]).exit_code == 0
    # the same force's report of the round imported again under another id: the label is its twice
    twin = runner.invoke(main, ["import", str(seed), "--id", "peel-2021-22-avon-twin"])
    note = next(line for line in twin.output.splitlines() if line.startswith("note:"))
    assert "2021/22" in note and "also name peel-2021-22-avon-and-somerset.yaml" in note
    assert '--label "2021/22 Avon and Somerset" --alias "Avon and Somerset 2021/22"' in twin.output
    assert runner.invoke(main, ["check"]).exit_code == 2
    (tmp_path / "knowledge" / "peel-2021-22-avon-twin.yaml").unlink()
    data = yaml.safe_load((tmp_path / "knowledge" / "peel-2021-22-avon-and-somerset.yaml").read_text("utf-8"))
    assert data["report"]["force"] == "Avon and Somerset Constabulary"
    check = runner.invoke(main, ["check"])
    assert check.exit_code == 0, check.output


def _line(text: str, words: str) -> int:
    return next(n for n, t in enumerate(text.split("\n"), 1) if words in t)


def test_an_afi_stated_only_in_running_text_is_kept_and_listed_for_review(results):
    for name, words in [
        ("city_of_london", "control room staff can get mental health advice"),
        ("devon_and_cornwall", "use this domestic abuse pilot"),
    ]:
        case, draft, _ = results[name]
        line = _line(case.text, words)
        (afi,) = [i for i in draft.data["improvements"] if i["line"] == line]
        assert afi["in_text"] and words in afi["title"] and afi["title"] in afi["quote"]
        assert any(n.what == "improvements" and n.line == line and "confirm" in n.why for n in draft.review)


def test_a_mention_of_a_removed_afi_goes_to_review_not_into_the_file(results):
    case, draft, _ = results["metropolitan"]
    line = next(
        n for n, t in enumerate(case.text.split("\n"), 1) if "the quality of investigations is an area" in t
    )
    assert any(n.what == "improvements" and n.line == line for n in draft.review)
    case, draft, _ = results["devon_and_cornwall"]
    line = next(
        n for n, t in enumerate(case.text.split("\n"), 1) if "This is an area for improvement for" in t
    )
    assert any(n.what == "improvements" and n.line == line for n in draft.review)


def test_a_wrapped_section_heading_keeps_its_items_in_its_own_area(results):
    _, draft, _ = results["devon_and_cornwall"]
    areas = {a["id"]: a for a in draft.data["areas"]}
    assert areas["vulnerability"]["name"].endswith("harm, and supporting victims?")
    new = next(c for c in draft.data["concerns"] if "management of organised crime groups" in c["quote"])
    assert new["area"] == "serious-organised-crime"
    quality = next(i for i in draft.data["improvements"] if "quality of investigations" in i["quote"])
    assert quality["area"] == "vulnerability"


@pytest.mark.parametrize(
    ("cover", "force"),
    [
        ("An inspection of Avon and Somerset\nConstabulary\n", "Avon and Somerset Constabulary"),
        ("An inspection of the Metropolitan Police Service\n", "Metropolitan Police Service"),
        ("An inspection of City of\nLondon Police\n", "City of London Police"),
    ],
)
def test_the_force_on_the_cover_line(cover, force):
    raw = heldout.seed(heldout.SEED_2021).replace("An inspection of West Midlands Police\n", cover)
    meta = import_text(raw, "seeds/x.txt").data["report"]
    assert meta["force"] == force
    assert meta["title"].endswith(cover.replace("\n", " ").strip())


@pytest.mark.parametrize(
    ("force", "article"),
    [
        ("Dyfed-Powys Police", False),
        ("City of London Police", False),
        ("Metropolitan Police Service", True),
        ("Hampshire and Isle of Wight Constabulary", False),
    ],
)
def test_without_a_cover_line_the_most_named_force_keeps_its_whole_name(force, article):
    raw = heldout.rename(heldout.seed(heldout.SEED_2021), force, "Elsewhere", article=article)
    raw = raw.replace(f"An inspection of {'the ' if article else ''}{force}\n", "")
    draft = import_text(raw, "seeds/x.txt")
    assert draft.data["report"]["force"] == force
    assert any(n.what == "report.title / report.force" for n in draft.review)


def test_a_footnote_mark_on_a_heading_stays_in_the_quote_not_the_name(results):
    _, draft, _ = results["avon_and_somerset"]
    area = next(a for a in draft.data["areas"] if a["id"] == "managing-offenders")
    assert area["name"] == "Managing offenders and suspects" and area["grade"] == "Requires improvement"
    assert area["quote"].startswith("Managing offenders and suspects⁶")


@pytest.mark.parametrize(
    ("name", "area_id", "judgment"),
    [
        (
            "avon_and_somerset",
            "responding",
            "Avon and Somerset Constabulary is adequate at responding to the public.",
        ),
        (
            "devon_and_cornwall",
            "vulnerability",
            "Devon and Cornwall Police is inadequate in investigating offences",
        ),
    ],
)
def test_a_judgment_sentence_cut_by_a_page_break_is_read_whole(results, name, area_id, judgment):
    _, draft, _ = results[name]
    area = next(a for a in draft.data["areas"] if a["id"] == area_id)
    assert area["judgment"].startswith(judgment) and area["judgment"].endswith(".")
