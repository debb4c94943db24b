"""Provenance: every fact in knowledge/ is in its report, and the loader refuses anything that isn't."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.cli import main
from bot.knowledge import KnowledgeError, load_knowledge
from bot.knowledge.loader import DEFAULT_KNOWLEDGE_DIR, PROJECT_ROOT, TOPICS_FILE
from bot.knowledge.models import Recommendation, ReportFile, ReportMeta
from bot.knowledge.provenance import fold, is_verbatim, normalise_seed, strip_markup

SEED_2021 = PROJECT_ROOT / "seeds" / "peel-2021-22-west-midlands.txt"
REPORT_FILES = sorted(p for p in DEFAULT_KNOWLEDGE_DIR.glob("*.yaml") if p.name != TOPICS_FILE)
LISTS = ReportFile.entry_models()
KIND_OF_LIST = {name: model.KIND for name, model in LISTS.items()}
# Minimum statistics per report after the data review pruned low-value figures; together at least 60.
MIN_STATISTICS = {"peel-2021-22-west-midlands": 30}


def _raw(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _verbatim_fields(model: type, data: dict, where: str):
    for name in model.VERBATIM:
        value = data.get(name)
        values = value if isinstance(value, list) else [value]
        for i, text in enumerate(values):
            if text is not None:
                yield f"{where}.{name}[{i}]", text


def _all_verbatim(raw: dict):
    """Every verbatim string in a raw report file, read straight from YAML (not via the loader)."""
    yield from _verbatim_fields(ReportMeta, raw["report"], "report")
    for list_name, model in LISTS.items():
        for item in raw.get(list_name) or []:
            where = f"{list_name}/{item['id']}"
            yield from _verbatim_fields(model, item, where)
            for rec in item.get("recommendations") or []:
                yield from _verbatim_fields(Recommendation, rec, f"{where}/{rec['id']}")


# --------------------------------------------------------------------------- the real files


def test_there_are_report_files():
    assert REPORT_FILES, "knowledge/ holds no report files"


@pytest.mark.parametrize("path", REPORT_FILES, ids=[p.stem for p in REPORT_FILES])
def test_every_verbatim_field_is_in_the_seed(path):
    raw = _raw(path)
    seed = normalise_seed((PROJECT_ROOT / raw["report"]["seed"]).read_text(encoding="utf-8"))
    missing = [
        f"{where}: {fold(text)[:90]}" for where, text in _all_verbatim(raw) if not is_verbatim(text, seed)
    ]
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("path", REPORT_FILES, ids=[p.stem for p in REPORT_FILES])
def test_loader_keeps_every_item_of_the_file(kb, path):
    raw = _raw(path)
    expected = Counter({KIND_OF_LIST[name]: len(raw.get(name) or []) for name in LISTS})
    expected["recommendation"] = sum(len(c.get("recommendations") or []) for c in raw.get("concerns") or [])
    loaded = Counter(e.kind for e in kb.entries(report_id=raw["report"]["id"]))
    assert +loaded == +expected


def test_every_statistic_value_and_comparator_is_in_its_quote(kb):
    for entry in kb.entries(kind="statistic"):
        stat = entry.item
        assert stat.value in stat.quote, entry.uid
        assert stat.comparator is None or stat.comparator in stat.quote, entry.uid


def test_statistic_counts(kb):
    counts = Counter(e.report.id for e in kb.entries(kind="statistic"))
    for report_id, minimum in MIN_STATISTICS.items():
        assert counts[report_id] >= minimum, (report_id, counts[report_id])
    if len(kb.reports) >= 2:
        assert sum(counts.values()) >= 60


def test_every_grade_is_on_its_reports_scale(kb):
    for entry in kb.entries(kind="area"):
        if entry.item.grade is not None:
            assert entry.item.grade in entry.report.grade_scale, entry.uid


def test_2021_grades_match_the_judgments_grid(kb):
    """The grid lists grades column by column; each section restates its own. Both must agree."""
    grid = {
        "Good": ["Preventing crime", "Recording data about crime", "Treatment of the public",
                 "Disrupting serious organised crime", "Good use of resources"],
        "Adequate": ["Responding to the public", "Managing offenders", "Developing a positive workplace"],
        "Requires improvement": ["Investigating crime", "Supporting victims", "Protecting vulnerable people"],
    }  # fmt: skip
    areas = [e.item for e in kb.entries(kind="area", report_id="peel-2021-22-west-midlands")]
    assert {a.label: a.grade for a in areas if a.grade} == {
        label: grade for grade, labels in grid.items() for label in labels
    }
    assert sorted(a.id for a in areas if a.grade is None) == [
        "armed-threats",
        "strategic-policing-requirement",
    ]


# --------------------------------------------------------------------------- provenance helpers


def test_fold_and_markup():
    assert fold("  a\n\n b\t c ") == "a b c"
    assert strip_markup("its [integrated offender management \\(IOM\\)](#) programme") == (
        "its integrated offender management (IOM) programme"
    )
    assert normalise_seed("the [control room](#)\n\nstaff") == "the control room staff"


def test_curly_quotes_are_not_folded():
    seed = normalise_seed(SEED_2021.read_text(encoding="utf-8"))
    assert is_verbatim("we found that it wasn’t applied properly in 22 cases", seed)
    assert not is_verbatim("we found that it wasn't applied properly in 22 cases", seed)
    assert not is_verbatim("   ", seed)


_SEED_WORDS = normalise_seed(SEED_2021.read_text(encoding="utf-8")).split(" ")


@settings(max_examples=60, deadline=None)
@given(
    start=st.integers(min_value=0, max_value=len(_SEED_WORDS) - 30),
    length=st.integers(min_value=1, max_value=30),
    gaps=st.lists(st.sampled_from([" ", "\n", "\n\n", "  ", "\t"]), min_size=30, max_size=30),
)
def test_any_rewrapped_run_of_seed_words_is_verbatim(start, length, gaps):
    seed = " ".join(_SEED_WORDS)
    words = _SEED_WORDS[start : start + length]
    rewrapped = "".join(w + g for w, g in zip(words, gaps, strict=False)).strip()
    assert is_verbatim(rewrapped, seed)
    assert not is_verbatim(rewrapped + " zzqx", seed)


# --------------------------------------------------------------------------- loader rejections

FILE = "knowledge/test.yaml"
VALID = [
    "report:",
    "  id: test-report",
    "  title: Responding to the public",
    "  force: Test Police",
    "  inspectorate: HMICFRS",
    "  published: November 2021",
    "  label: test",
    "  year: 2021",
    "  grade_scale: [Good, Adequate, Requires improvement]",
    "  seed: seeds/test.txt",
    "areas:",
    "  - id: responding",
    "    name: Responding to the public",
    "    grade: Adequate",
    "    quote: Responding to the public Adequate West Midlands Police is adequate at responding",
    "findings:",
    "  - id: finding-finances",
    "    area: responding",
    "    title: The force manages its finances well",
    "    quote: The force uses its reserves prudently and, despite significant cost pressures",
]


def _line(lines: list[str], text: str) -> int:
    """1-based line number of the (unique) line containing ``text``."""
    found = [i + 1 for i, line in enumerate(lines) if text in line]
    assert len(found) == 1, (text, found)
    return found[0]


def _write(tmp_path: Path, lines: list[str]) -> Path:
    (tmp_path / "seeds").mkdir(exist_ok=True)
    shutil.copy(SEED_2021, tmp_path / "seeds" / "test.txt")
    directory = tmp_path / "knowledge"
    directory.mkdir(exist_ok=True)
    (directory / "test.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return directory


def _problems(tmp_path: Path, lines: list[str]) -> list[str]:
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(_write(tmp_path, lines))
    return [str(p) for p in info.value.problems]


def _replace(lines: list[str], old: str, new: str | list[str]) -> list[str]:
    i = _line(lines, old) - 1
    return [*lines[:i], *([new] if isinstance(new, str) else new), *lines[i + 1 :]]


def test_valid_minimal_file_loads(tmp_path):
    kb = load_knowledge(_write(tmp_path, VALID))
    assert [e.uid for e in kb.entries()] == ["test-report/responding", "test-report/finding-finances"]


def test_rejects_malformed_yaml(tmp_path):
    lines = _replace(VALID, "    grade: Adequate", "   grade: Adequate")  # mis-indented key
    (problem,) = _problems(tmp_path, lines)
    assert problem.startswith(f"{FILE}:{_line(lines, 'grade: Adequate')}: YAML syntax error: ")


def test_rejects_unterminated_string_at_end_of_file(tmp_path):
    lines = _replace(VALID, "    grade: Adequate", '    grade: "Adequate')
    (problem,) = _problems(tmp_path, lines)
    assert problem == f"{FILE}:{len(lines) + 1}: YAML syntax error: found unexpected end of stream"


def test_rejects_unknown_grade(tmp_path):
    lines = _replace(VALID, "    grade: Adequate", "    grade: Inadequate")
    lines = _replace(
        lines, "    quote: Responding", "    quote: Outstanding Good Adequate Requires improvement Inadequate"
    )
    (problem,) = _problems(tmp_path, lines)
    assert problem.startswith(f"{FILE}:{_line(lines, 'grade: Inadequate')}: areas[0].grade: ")
    assert "unknown grade 'Inadequate'" in problem


def test_rejects_duplicate_id(tmp_path):
    second = [
        "  - id: finding-finances",
        "    area: responding",
        "    title: The force collaborates to improve services",
        "    quote: The force maintains mature and well-established collaborations.",
    ]
    lines = VALID + second
    (problem,) = _problems(tmp_path, lines)
    first = VALID.index("  - id: finding-finances") + 1
    assert problem == (
        f"{FILE}:{len(VALID) + 1}: findings[1]: duplicate id 'finding-finances' (first at line {first})"
    )


def test_rejects_missing_field(tmp_path):
    lines = [line for line in VALID if not line.startswith("    title:")]
    (problem,) = _problems(tmp_path, lines)
    assert (
        problem == f"{FILE}:{_line(lines, 'id: finding-finances')}: findings[0].title: missing required field"
    )


def test_rejects_unknown_field(tmp_path):
    lines = _replace(VALID, "    area: responding", ["    area: responding", "    colour: red"])
    (problem,) = _problems(tmp_path, lines)
    assert problem == (
        f"{FILE}:{_line(lines, 'colour: red')}: findings[0].colour: unknown field (not part of the schema)"
    )


def test_rejects_quote_not_in_seed(tmp_path):
    lines = _replace(VALID, "    title: The force manages", "    title: The force manages its finances badly")
    (problem,) = _problems(tmp_path, lines)
    assert problem.startswith(f"{FILE}:{_line(lines, 'finances badly')}: findings[0].title: ")
    assert "quote not found verbatim in seeds/test.txt" in problem
    assert "The force manages its finances badly" in problem


def test_rejects_unknown_area_reference(tmp_path):
    lines = _replace(VALID, "    area: responding", "    area: nowhere")
    (problem,) = _problems(tmp_path, lines)
    assert problem == f"{FILE}:{_line(lines, 'area: nowhere')}: findings[0].area: unknown area 'nowhere'"


def test_rejects_duplicate_key(tmp_path):
    lines = [*VALID, "    title: The force manages its finances well"]
    (problem,) = _problems(tmp_path, lines)
    assert problem == f"{FILE}:{len(lines)}: duplicate key 'title'"


def test_every_problem_is_reported_in_one_run(tmp_path):
    lines = _replace(VALID, "    area: responding", "    area: nowhere")
    lines = _replace(lines, "    title: The force manages", "    title: Not in the report at all")
    problems = _problems(tmp_path, lines)
    assert len(problems) == 2
    assert {int(p.split(":")[1]) for p in problems} == {
        _line(lines, "area: nowhere"),
        _line(lines, "Not in the"),
    }


# --------------------------------------------------------------------------- peel-bot check


def test_check_command_on_real_knowledge(kb):
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split() for line in result.output.splitlines() if line.strip()}
    assert rows["report"][:3] == ["report", "areas", "AFIs"]
    for report in kb.reports:
        row = rows[report.meta.label]
        assert int(row[-1]) == len(list(report.entries()))
        assert int(row[1]) == len(report.data.areas)
    assert int(rows["all"][-1]) == len(kb.entries())
    assert "OK: every quote was found verbatim" in result.output


def test_check_command_on_broken_copy(tmp_path):
    lines = _replace(VALID, "    title: The force manages", "    title: The force manages its finances badly")
    directory = _write(tmp_path, lines)
    result = CliRunner().invoke(main, ["check", "--knowledge", str(directory)])
    assert result.exit_code == 2
    output = result.output + (result.stderr or "")
    line = _line(lines, "finances badly")
    assert f"{FILE}:{line}: findings[0].title: quote not found verbatim" in output
    assert "OK:" not in output
