"""`peel-bot import`: accuracy against the curated knowledge, verbatim output, determinism, the CLI,
and reports it has never seen (tests/fictional.py)."""

from __future__ import annotations

import functools
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from bot.cli import main
from bot.importer import import_report, import_text
from bot.importer.draft import Draft
from bot.importer.keywords import Vocabulary
from bot.importer.writer import render
from bot.knowledge.completeness import scan, uncovered
from bot.knowledge.loader import load_knowledge, load_report
from bot.knowledge.provenance import is_verbatim, normalise_seed
from tests import fictional
from tests.import_accuracy import ROOT, SEEDS, grades, items, load_curated, scores, statistic_recall

THRESHOLD = 0.95
STATISTICS_THRESHOLD = 0.80


@pytest.fixture(scope="module")
def drafts():
    return {report_id: import_report(path, ROOT, report_id=report_id) for report_id, path in SEEDS.items()}


@functools.cache
def unedited(report_id: str) -> Draft:
    """The draft of a seed as it is, for the tests that edit one thing in it (never changed)."""
    return import_text(SEEDS[report_id].read_text(encoding="utf-8"), "seeds/x.txt")


def _written(draft, tmp_path: Path, name: str = "draft.yaml") -> Path:
    """The draft as a knowledge file next to a copy of the project's seeds (same relative seed path)."""
    root = tmp_path / "root"
    (root / "knowledge").mkdir(parents=True, exist_ok=True)
    if not (root / "seeds").exists():
        shutil.copytree(ROOT / "seeds", root / "seeds")
    out = root / "knowledge" / name
    out.write_text(render(draft), encoding="utf-8")
    return out


@pytest.mark.parametrize("report_id", list(SEEDS))
def test_grades_and_graded_areas_identical_to_curated(drafts, report_id):
    ours, theirs = grades(drafts[report_id].data), grades(load_curated(report_id))
    assert ours == theirs


@pytest.mark.parametrize("report_id", list(SEEDS))
def test_findings_recall_and_precision_at_least_95_percent(drafts, report_id):
    for score in scores(report_id, drafts[report_id]):
        assert score.recall >= THRESHOLD, score
        assert score.precision >= THRESHOLD, score


@pytest.mark.parametrize("report_id", list(SEEDS))
def test_statistics_recall_at_least_80_percent(drafts, report_id):
    found, total = statistic_recall(load_curated(report_id), drafts[report_id].data)
    assert total and found / total >= STATISTICS_THRESHOLD, (found, total)


@pytest.mark.parametrize("report_id", list(SEEDS))
def test_every_field_verbatim_and_the_loader_accepts_it(drafts, report_id, tmp_path):
    report = load_report(_written(drafts[report_id], tmp_path), tmp_path / "root")  # raises on any problem
    seed = normalise_seed(SEEDS[report_id].read_text(encoding="utf-8"))
    checked = 0
    for entry in report.entries():
        for name in type(entry.item).VERBATIM:
            value = getattr(entry.item, name)
            for text in value if isinstance(value, list) else [value]:
                if text is not None:
                    assert is_verbatim(text, seed), (entry.uid, name, text)
                    checked += 1
        if entry.kind == "statistic":  # the unit is cut from the text as well (or left empty)
            assert not entry.item.unit or is_verbatim(entry.item.unit, seed), (entry.uid, entry.item.unit)
    assert checked > 200


@pytest.mark.parametrize("report_id", list(SEEDS))
def test_completeness_scan_finds_no_marker_without_an_entry(drafts, report_id, tmp_path):
    report = load_report(_written(drafts[report_id], tmp_path), tmp_path / "root")
    markers = scan(SEEDS[report_id].read_text(encoding="utf-8"))
    assert markers
    assert uncovered(report, markers) == []


def test_report_metadata_comes_from_the_text(drafts):
    meta = drafts["peel-2021-22-west-midlands"].data["report"]
    assert meta["force"] == "West Midlands Police"
    assert (meta["label"], meta["year"], meta["published"], meta["inspectorate"]) == (
        "2021/22",
        2021,
        "November 2021",
        "HMICFRS",
    )
    assert meta["caveat"].startswith("However, these changes mean that it isn't possible")
    old = drafts["peel-2016-effectiveness-west-midlands"].data["report"]
    assert (old["label"], old["published"], old["inspectorate"]) == ("2016", "March 2017", "HMIC")
    assert old["grade_scale"] == ["Outstanding", "Good", "Requires improvement", "Inadequate"]
    assert "caveat" not in old


def test_2016_organised_crime_wording_quirk_is_an_inconsistency_read_as_good(drafts):
    draft = drafts["peel-2016-effectiveness-west-midlands"]
    (inconsistency,) = draft.data["inconsistencies"]
    assert inconsistency["area"] == "serious-organised-crime"
    assert inconsistency["reading"] == "Good"
    assert (
        "overall the force requires improvement at tackling serious and organised crime"
        in inconsistency["quote"]
    )
    area = next(a for a in draft.data["areas"] if a["id"] == "serious-organised-crime")
    assert area["grade"] == "Good" and "judgment" not in area
    assert any(note.line == 1127 and "requires improvement" in note.why for note in draft.review)


def test_2016_concerns_carry_their_recommendations_and_alleviated_status(drafts):
    concerns = drafts["peel-2016-effectiveness-west-midlands"].data["concerns"]
    status = {c["quote"][:40]: (c.get("alleviated", False), len(c["recommendations"])) for c in concerns}
    assert sorted(status.values()) == [(False, 1), (False, 1), (True, 1)]
    missing = next(c for c in concerns if "missing and absent children" in c["quote"])
    assert len(missing["recommendations"][0]["points"]) == 3
    assert "has not been alleviated" in missing["status"]


def test_same_input_gives_the_same_bytes():
    path = SEEDS["peel-2021-22-west-midlands"]
    first = render(import_report(path, ROOT))
    second = render(import_text(path.read_text(encoding="utf-8"), "seeds/peel-2021-22-west-midlands.txt"))
    assert first == second
    assert first.startswith("# Drafted by `peel-bot import`")


# --------------------------------------------------------------------------- the command


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(ROOT / "seeds", root / "seeds")
    (root / "knowledge").mkdir()
    shutil.copy(ROOT / "knowledge" / "topics.yaml", root / "knowledge")
    return root


def test_cli_import_writes_a_file_that_check_accepts(tmp_path, monkeypatch):
    root = _project(tmp_path)
    monkeypatch.setenv("KNOWLEDGE_DIR", str(root / "knowledge"))
    runner = CliRunner()
    result = runner.invoke(
        main, ["import", str(root / "seeds" / "peel-2016-effectiveness-west-midlands.txt")]
    )
    assert result.exit_code == 0, result.output
    written = root / "knowledge" / "peel-2016-effectiveness-west-midlands.yaml"
    assert f"wrote {written}" in result.output
    assert "line 1127" in result.output and "1 to review" in result.output
    data = yaml.safe_load(written.read_text(encoding="utf-8"))
    assert data["report"]["seed"] == "seeds/peel-2016-effectiveness-west-midlands.txt"
    assert data["review"][0]["line"] == 1127
    check = runner.invoke(main, ["check", "--knowledge", str(root / "knowledge")])
    assert check.exit_code == 0, check.output
    assert "OK: every quote was found verbatim" in check.output


def test_cli_diff_shows_what_changed_and_writes_nothing(tmp_path):
    root = _project(tmp_path)
    seed = root / "seeds" / "peel-2021-22-west-midlands.txt"
    out = root / "knowledge" / "wm.yaml"
    runner = CliRunner()
    assert runner.invoke(main, ["import", str(seed), "--out", str(out)]).exit_code == 0
    unchanged = runner.invoke(main, ["import", str(seed), "--out", str(out), "--diff"])
    assert unchanged.exit_code == 0 and "no changes" in unchanged.output
    edited = out.read_text(encoding="utf-8").replace("grade: Adequate", "grade: Good", 1)
    out.write_text(edited, encoding="utf-8")
    diff = runner.invoke(main, ["import", str(seed), "--out", str(out), "--diff"])
    assert diff.exit_code == 0
    assert diff.output.startswith("--- a/wm.yaml\n+++ b/wm.yaml\n")
    assert "-  grade: Good\n+  grade: Adequate\n" in diff.output
    assert out.read_text(encoding="utf-8") == edited  # --diff never writes


def test_a_draft_written_elsewhere_names_its_seed_as_the_project_does(tmp_path):
    """--out outside knowledge/ (to review first): the seed path is the project's own, so the
    draft checks once moved into knowledge/ (it used to be relative to the output's folder)."""
    seed = SEEDS["peel-2016-effectiveness-west-midlands"]
    out = tmp_path / "review" / "draft.yaml"
    assert CliRunner().invoke(main, ["import", str(seed), "--out", str(out)]).exit_code == 0
    meta = yaml.safe_load(out.read_text(encoding="utf-8"))["report"]
    assert meta["seed"] == "seeds/peel-2016-effectiveness-west-midlands.txt"


def test_cli_help_and_bad_input(tmp_path):
    runner = CliRunner()
    help_text = runner.invoke(main, ["import", "--help"]).output
    assert "REPORT.txt" in help_text and "--diff" in help_text and "review" in help_text
    not_peel = tmp_path / "recipe.txt"
    not_peel.write_text("Pancakes\n\nMix flour, eggs and milk.\n", encoding="utf-8")
    result = runner.invoke(main, ["import", str(not_peel), "--out", str(tmp_path / "k" / "x.yaml")])
    assert result.exit_code == 1
    assert "is it a PEEL report?" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "k" / "x.yaml").exists()


def test_missing_publication_date_goes_to_review_and_published_option_fills_it():
    raw = SEEDS["peel-2021-22-west-midlands"].read_text(encoding="utf-8")
    undated = raw.replace("November 2021 | © HMICFRS 2021", "© HMICFRS 2021")
    draft = import_text(undated, "seeds/x.txt")
    assert any(note.what == "report.published" for note in draft.review)
    dated = import_text(undated, "seeds/x.txt", published="November 2021")
    assert dated.data["report"]["published"] == "November 2021"
    assert not any(note.what == "report.published" for note in dated.review)


def test_grid_and_section_disagreeing_goes_to_review_not_a_silent_pick():
    raw = SEEDS["peel-2021-22-west-midlands"].read_text(encoding="utf-8")
    text = fictional._regrade_grid(raw, "Responding to the public", "Good")  # the section still says Adequate
    draft = import_text(text, "seeds/x.txt")
    area = next(a for a in draft.data["areas"] if a["id"] == "responding")
    assert area["grade"] == "Adequate"  # the section's own grade line, and…
    (note,) = [n for n in draft.review if n.what == "areas.responding.grade"]
    assert "judgments grid): Good" in note.why and "Adequate" in note.why  # …the disagreement is listed


def test_an_afi_mentioned_only_in_running_text_goes_to_review():
    raw = SEEDS["peel-2016-effectiveness-west-midlands"].read_text(encoding="utf-8")
    box = (
        "Area for improvement\n\n- The force should adopt a structured and consistent problem-solving process"
    )
    text = raw.replace(
        box, "Area for improvement\n\n- The force should keep its neighbourhood plans up to date"
    )
    draft = import_text(text, "seeds/x.txt")
    titles = [i.get("title", "") for i in draft.data["improvements"]]
    assert not any("problem-solving" in t for t in titles)
    assert any(
        n.line == 454 and "This is an area for improvement for the force." in n.why for n in draft.review
    )


# --------------------------------------------------------------------------- reports it has never seen


@pytest.mark.parametrize("make", [fictional.wessex, fictional.avalon], ids=["2021-22", "2016"])
def test_a_fictional_force_imports_with_exactly_its_grades_and_afis(make):
    fiction = make()
    draft = import_text(fiction.text, "seeds/fiction.txt")
    data = draft.data
    assert data["report"]["force"] == fiction.force
    assert fiction.force in data["report"]["title"]
    assert {a["name"]: a["grade"] for a in data["areas"]} == fiction.grades
    titles = [(i.get("title") or i["quote"]) for i in items(data, "improvements")]
    assert len(titles) == len(fiction.afi_openings)
    assert all(title.startswith(opening) for title, opening in zip(titles, fiction.afi_openings, strict=True))
    assert not any(fiction.removed_afi[:60] in i["quote"] for i in data["improvements"])
    assert not any(n.what.startswith("areas.") for n in draft.review)
    assert "West Midlands" not in render(draft)


@pytest.mark.parametrize("fixture", fictional.FIXTURE_REPORTS, ids=lambda f: f.id)
def test_fixtures_are_the_current_import_of_the_fictional_report(fixture):
    seed = fictional.FIXTURES / "seeds" / f"{fixture.id}.txt"
    assert seed.read_text(encoding="utf-8") == fictional.fixture_text(fixture)
    committed = fictional.FIXTURES / "knowledge" / f"{fixture.id}.yaml"
    assert committed.read_text(encoding="utf-8") == fictional.fixture_yaml(fixture), (
        "run python -m tests.fictional"
    )


def test_fixtures_load_beside_the_real_reports(tmp_path):
    root = _project(tmp_path)
    for name in SEEDS:
        shutil.copy(ROOT / "knowledge" / f"{name}.yaml", root / "knowledge")
    for fixture in fictional.FIXTURE_REPORTS:
        shutil.copy(fictional.FIXTURES / "seeds" / f"{fixture.id}.txt", root / "seeds")
        shutil.copy(fictional.FIXTURES / "knowledge" / f"{fixture.id}.yaml", root / "knowledge")
    result = CliRunner().invoke(main, ["check", "--knowledge", str(root / "knowledge")])
    assert result.exit_code == 0, result.output
    kb = load_knowledge(root / "knowledge")
    forces = {r.meta.id: r.meta.force for r in kb.reports}
    assert forces == {
        **{name: "West Midlands Police" for name in SEEDS},
        **{f.id: f.force for f in fictional.FIXTURE_REPORTS},
    }
    assert {r.meta.label for r in kb.reports} == {"2021/22", "2016"}  # forces share the round's label


NEW_AFI = "The force should make sure that its control room staff record every call outcome accurately"
NEW_BODY = (
    "We found that some call outcomes were not recorded. So the force cannot be sure it understands demand."
)
SEX_OFFENDERS_END = "As well as affecting the quality of investigations, this is affecting SOMs' welfare."


@pytest.mark.parametrize(
    ("anchor", "added", "plural"),
    [
        (
            "West Midlands Police is adequate at responding to the public.",
            f"\n\nArea for improvement\n\n{NEW_AFI}\n\n{NEW_BODY}",
            False,
        ),
        (
            "West Midlands Police is adequate at responding to the public.",
            f"\n\nArea for improvement\n\n{NEW_AFI}.\n\n{NEW_BODY} In the next 12 months, the force needs "
            "to make sure that:\n\n- it records outcomes;\n- it audits them; and\n- it reports them.",
            False,
        ),
        (SEX_OFFENDERS_END, f"\n\nArea for improvement\n\n{NEW_AFI}\n\n{NEW_BODY}", False),
        (SEX_OFFENDERS_END, f"\n\n{NEW_AFI}.\n\n{NEW_BODY}", True),
    ],
    ids=[
        "new box",
        "new box with points",
        "second box in a section",
        "second AFI under 'Areas for improvement'",
    ],
)
def test_an_added_afi_is_found_in_each_box_layout(anchor, added, plural):
    raw = SEEDS["peel-2021-22-west-midlands"].read_text(encoding="utf-8")
    text = raw.replace(anchor, anchor + added, 1)
    if plural:
        text = text.replace(
            "Area for improvement\n\nThe force should review",
            "Areas for improvement\n\nThe force should review",
        )
    before = [i["title"] for i in unedited("peel-2021-22-west-midlands").data["improvements"]]
    improvements = import_text(text, "seeds/x.txt").data["improvements"]
    after = [i["title"] for i in improvements]
    assert len(after) == len(before) + 1
    (new,) = [t for t in after if t.startswith(NEW_AFI)]
    assert [t for t in after if t != new] == before
    if "points" in added:
        afi = next(i for i in improvements if i["title"] == new)
        assert afi["points"] == ["it records outcomes", "it audits them", "it reports them"]


@pytest.mark.parametrize("removed", range(6))
def test_removing_any_2016_afi_leaves_exactly_the_others(removed):
    raw = SEEDS["peel-2016-effectiveness-west-midlands"].read_text(encoding="utf-8")
    base = unedited("peel-2016-effectiveness-west-midlands").data["improvements"]
    boxed = [i for i in base if not i.get("in_text")]
    target = boxed[removed]
    lines = raw.split("\n")
    start = next(n for n, line in enumerate(lines) if line.startswith("- " + target["quote"][:60]))
    end = start + 1
    while lines[end].startswith(" - "):
        end += 1
    text = "\n".join(lines[:start] + lines[end:])
    titles = [i["title"] for i in import_text(text, "seeds/x.txt").data["improvements"]]
    assert titles == [i["title"] for i in base if i is not target]


def test_without_its_cover_line_the_force_is_the_one_named_most_and_flagged_for_review():
    raw = SEEDS["peel-2021-22-west-midlands"].read_text(encoding="utf-8")
    draft = import_text(raw.replace("An inspection of West Midlands Police", ""), "seeds/x.txt")
    assert draft.data["report"]["force"] == "West Midlands Police"
    assert any(n.what == "report.title / report.force" and "check both" in n.why for n in draft.review)


def test_fields_that_are_not_verbatim_never_reach_the_file():
    from bot.importer.verify import verified

    seed = normalise_seed(
        "PEEL 2021/22\n\nThe force should record crime accurately.\n\nIt records most crime.\n"
    )
    draft = Draft()
    draft.data = {
        "report": {"title": "PEEL 2021/22", "caveat": "Grades cannot be compared."},
        "areas": [],
        "improvements": [
            {
                "id": "afi-ok",
                "area": "a",
                "line": 3,
                "title": "The force should record crime quickly.",
                "quote": "The force should record crime accurately.",
            },
            {
                "id": "afi-invented",
                "area": "a",
                "line": 5,
                "quote": "The force should close every police station.",
            },
        ],
    }
    verified(draft, seed)
    (kept,) = draft.data["improvements"]
    assert kept["id"] == "afi-ok" and "title" not in kept  # the invented title is left out, the item kept
    assert "caveat" not in draft.data["report"]
    notes = {(n.what, n.line) for n in draft.review}
    assert ("improvements.afi-ok.title", 3) in notes
    assert ("improvements.afi-invented", 5) in notes
    assert ("report.caveat", None) in notes


@pytest.mark.parametrize(
    "passage",
    [
        "Its SEX OFFENDERS unit and the Kelvin ward",
        "ſex offenders managed near the \u212aELVIN ward",  # lookalikes IGNORECASE matches with ASCII
        "\u0130ntegrated offender management (IOM) works",
        "sex offenders' homes; sex offenderss; Café Kelvin",  # whole words only
        "Nothing here",
    ],
)
def test_glossary_terms_are_found_in_any_case_exactly_where_their_pattern_matches(passage):
    glossary = "Terms: [sex offenders](#), [Kelvin](#), [integrated offender management](#), [café](#)."
    vocabulary = Vocabulary("\n".join([glossary, *(f"Filler paragraph {n}." for n in range(100))]))
    assert len(vocabulary.terms) == 4
    expected = []
    for term in vocabulary.terms:
        match = re.search(rf"(?<!\w){re.escape(term)}(?!\w)", passage, re.IGNORECASE)
        if match:
            expected.append((match.start(), term.lower()))
    expected += [(m.start(1), m.group(1)) for m in re.finditer(r"\(([A-Z][A-Za-z&]*[A-Z]s?)\)", passage)]
    assert vocabulary.found(passage) == expected
