"""Turn a seed into a report the importer has never seen: another force, other grades, other AFIs.

Deterministic and committed, so the test of an unseen report is repeatable: ``wessex()`` rewrites the
2021/22 seed, ``avalon()`` the 2016 one. Each change is made the way the inspectorate would write
it: a new grade moves the area's cell in the judgments grid (or its row of the overview table) and
changes the section's own grade line and judgment sentence; an AFI is cut out with its box, and a
new one is written in the same layout as the report's other AFIs. ``python -m tests.fictional``
regenerates the fixtures under ``tests/fixtures/`` (fictional forces' reports of both rounds, each
labelled as its round is, so they load beside the real reports and share the round's label).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SEED_2021 = ROOT / "seeds" / "peel-2021-22-west-midlands.txt"
SEED_2016 = ROOT / "seeds" / "peel-2016-effectiveness-west-midlands.txt"


@dataclass(frozen=True)
class Fixture:
    """A fictional report committed under tests/fixtures/, labelled as the real report of its round."""

    make: Callable[[], Fiction]
    id: str
    label: str
    aliases: list[str]
    force: str


PHRASE = {
    "Outstanding": "is outstanding at",
    "Good": "is good at",
    "Adequate": "is adequate at",
    "Requires improvement": "requires improvement at",
    "Inadequate": "is inadequate at",
}


@dataclass
class Fiction:
    """The fictional report's text and what an import of it must find."""

    text: str
    force: str
    grades: dict[str, str | None]  # area name -> grade
    afi_openings: list[str] = field(default_factory=list)  # the opening words of every AFI, in order
    removed_afi: str = ""
    added_afi: str = ""


def _once(text: str, old: str, new: str) -> str:
    if text.count(old) != 1:
        raise ValueError(f"expected exactly one {old[:60]!r}, found {text.count(old)}")
    return text.replace(old, new)


def _rename(text: str, force: str, place: str) -> str:
    text = text.replace("West Midlands Police", force).replace("West Midlands", place)
    return text.replace("Wendy Williams", "Alex Morgan")


def _regrade_grid(text: str, label: str, grade: str) -> str:
    """Move ``label`` to ``grade``'s column of the flattened judgments grid (filled column by column)."""
    lines = text.split("\n")
    head = next(i for i, line in enumerate(lines) if line.startswith("Outstanding\tGood\t"))
    grades = lines[head].split("\t")
    rows = []
    i = head + 1
    while "\t" in lines[i]:
        rows.append(lines[i].split("\t"))
        i += 1
    columns: list[list[str]] = [[] for _ in grades]
    for col in range(len(grades)):
        columns[col] = [row[col] for row in rows if col < len(row) and row[col]]
    for column in columns:
        if label in column:
            column.remove(label)
    columns[grades.index(grade)].append(label)
    depth = max(len(c) for c in columns)
    rebuilt = ["\t".join(c[r] if r < len(c) else "" for c in columns) for r in range(depth)]
    return "\n".join([*lines[: head + 1], *rebuilt, *lines[i:]])


def _regrade_section(text: str, heading: str, old: str, new: str, force: str) -> str:
    """The section's grade line and its judgment sentence ('X is good at …')."""
    old_block = f"\n{heading}\n\n{old}\n\n{force} {PHRASE[old]}"
    return _once(text, old_block, f"\n{heading}\n\n{new}\n\n{force} {PHRASE[new]}")


def wessex(raw: str | None = None) -> Fiction:
    """The 2021/22 seed as 'Wessex Constabulary': three grades changed, one AFI cut, one added."""
    force = "Wessex Constabulary"
    text = _rename(raw if raw is not None else SEED_2021.read_text(encoding="utf-8"), force, "Wessex")
    changes = [
        ("Responding to the public", "Responding to the public", "Adequate", "Requires improvement"),
        ("Managing offenders and suspects", "Managing offenders", "Adequate", "Good"),
        (
            "Strategic planning, organisational management and value for money",
            "Good use of resources",
            "Good",
            "Outstanding",
        ),
    ]
    for heading, label, old, new in changes:
        text = _regrade_grid(text, label, new)
        text = _regrade_section(text, heading, old, new, force)
    removed = (
        f"{force} should make sure it has effective processes for identifying, understanding and "
        "prioritising serious and organised crime (SOC), including mapping and scoring"
    )
    start = text.index(f"Area for improvement\n\n{removed}")
    end = text.index("Main findings", start)
    text = text[:start] + text[end:]
    text = _once(text, "\nArea for improvement\t28\n", "\n")
    added = (
        "The force should make sure it has enough capacity in its public protection teams to respond "
        "promptly to incidents involving vulnerable people"
    )
    afi = (
        f"Area for improvement\n\n{added}\n\n"
        "During our inspection, we found that demand for the force's public protection teams often "
        "exceeded their capacity. Some incidents involving vulnerable people waited several hours for "
        "a response. The force should review how it allocates officers to these teams.\n\n"
    )
    judgment = f"{force} requires improvement at protecting vulnerable people.\n\n"
    text = _once(text, judgment, judgment + afi)
    grades = {
        "Providing a service to the victims of crime": "Requires improvement",
        "Crime data integrity": "Good",
        "Engaging with and treating the public with fairness and respect": "Good",
        "Preventing crime and anti-social behaviour": "Good",
        "Responding to the public": "Requires improvement",
        "Investigating crime": "Requires improvement",
        "Protecting vulnerable people": "Requires improvement",
        "Managing offenders and suspects": "Good",
        "Disrupting serious organised crime": "Good",
        "Meeting the strategic policing requirement": None,
        "Protecting the public against armed threats": None,
        "Building, supporting and protecting the workforce": "Adequate",
        "Strategic planning, organisational management and value for money": "Outstanding",
    }
    openings = [
        "The force needs to improve how it investigates reported crimes",
        "The force should make sure that it improves how it collects diversity information",
        added,
        "The force should review how it manages sex offenders",
        "The force should make sure that when it responds to changes in demand",
    ]
    return Fiction(text, force, grades, openings, removed, added)


def mercia(raw: str | None = None) -> Fiction:
    """The 2021/22 seed as 'Mercia Police': a third force of the round, graded differently from
    both others in two areas (for the cross-force comparison), its AFIs as the seed has them."""
    force = "Mercia Police"
    text = _rename(raw if raw is not None else SEED_2021.read_text(encoding="utf-8"), force, "Mercia")
    text = _regrade_grid(text, "Managing offenders", "Inadequate")
    text = _regrade_section(text, "Managing offenders and suspects", "Adequate", "Inadequate", force)
    text = _regrade_grid(text, "Investigating crime", "Good")  # its grade line is split in the seed
    text = _once(
        text,
        f"\nInvestigating crime\n\nRequires\nimprovement\n\n{force} requires improvement at",
        f"\nInvestigating crime\n\nGood\n\n{force} is good at",
    )
    grades = {
        **wessex().grades,
        "Responding to the public": "Adequate",
        "Investigating crime": "Good",
        "Managing offenders and suspects": "Inadequate",
        "Strategic planning, organisational management and value for money": "Good",
    }
    return Fiction(text, force, grades)


def avalon(raw: str | None = None) -> Fiction:
    """The 2016 seed as 'Avalon Police': two grades changed, one AFI cut, one added (bulleted lists)."""
    force = "Avalon Police"
    text = _rename(raw if raw is not None else SEED_2016.read_text(encoding="utf-8"), force, "Avalon")
    question = "How effective is the force at investigating crime and reducing re-offending?"
    # overview table row, then the section's summary box and its judgment sentence
    text = _once(text, f"{question}\n\n\n\nGood\n", f"{question}\n\n\n\nRequires improvement\n")
    section = text.index(f"{question}\n\nWhen a crime occurs")
    box = text.index("Summary of findings\n\n\n\nGood\n\n", section)
    old_box = (
        "Summary of findings\n\n\n\nGood\n\n"
        "Although we found some areas where the force can improve, Avalon Police is good at"
    )
    new_box = "Summary of findings\n\n\n\nRequires improvement\n\nAvalon Police requires improvement at"
    assert text[box:].startswith(old_box)
    text = text[:box] + new_box + text[box + len(old_box) :]
    specialist = "How effective are the force's specialist capabilities?"
    text = _once(text, f"{specialist}\n\nUngraded\n", f"{specialist}\n\nGood\n")
    box = text.index("Summary of findings\n\nUngraded\n\n")
    text = (
        text[:box]
        + "Summary of findings\n\nGood\n\nAvalon Police is good at using its specialist capabilities. "
        + text[box + len("Summary of findings\n\nUngraded\n\n") :]
    )
    removed = (
        "The force should ensure that it maps all organised crime groups promptly following identification "
        "and re-assesses them at regular intervals in line with national standards."
    )
    text = _once(text, f"- {removed}\n", "")
    added = (
        "The force should ensure that officers record the reasons for their decisions when they close an "
        "investigation without a suspect being identified."
    )
    lead = "Areas for improvement\n\n- The force should improve its approach to reducing the risk posed by"
    text = _once(
        text,
        lead,
        lead.replace("\n\n- ", f"\n\n- {added}\n- ", 1),
    )
    preventing = (
        "How effective is the force at preventing crime, tackling anti-social behaviour and keeping people "
        "safe?"
    )
    vulnerable = (
        "How effective is the force at protecting those who are vulnerable from harm, and supporting victims?"
    )
    grades = {
        "How effective is the force at keeping people safe and reducing crime?": "Good",
        preventing: "Good",
        question: "Requires improvement",
        vulnerable: "Requires improvement",
        "How effective is the force at tackling serious and organised crime?": "Good",
        specialist: "Good",
    }
    openings = [
        "The force should adopt a structured and consistent problem-solving process",
        "In 2016, although the force is taking steps to improve initial investigation",
        added,
        "The force should improve its approach to reducing the risk posed by dangerous and sexual offenders",
        "The force should improve the quality of investigations involving vulnerable people",
        "The force should improve its approach to the management of serious and organised crime",
        "The force should continue to improve its understanding of the impact of its work",
    ]
    return Fiction(text, force, grades, openings, removed, added)


# Each force's report carries its round's label and aliases, as the real report of that round does.
ROUND_2021 = ("2021/22", ["2021", "2022", "2021-22", "2021/2022", "21/22"])
ROUND_2016 = ("2016", ["2016/17", "2016-17", "16/17", "2017"])
FIXTURE_REPORTS = (
    Fixture(wessex, "peel-2021-22-wessex", *ROUND_2021, "Wessex Constabulary"),
    Fixture(mercia, "peel-2021-22-mercia", *ROUND_2021, "Mercia Police"),
    Fixture(avalon, "peel-2016-effectiveness-avalon", *ROUND_2016, "Avalon Police"),
)


def fixture_text(fixture: Fixture) -> str:
    return fixture.make().text


def fixture_yaml(fixture: Fixture) -> str:
    """What ``peel-bot import`` makes of the committed fictional seed."""
    from bot.importer import import_report
    from bot.importer.writer import render

    seed = FIXTURES / "seeds" / f"{fixture.id}.txt"
    draft = import_report(seed, FIXTURES, report_id=fixture.id, label=fixture.label, aliases=fixture.aliases)
    return render(draft)


def write_fixtures() -> None:
    """Regenerate tests/fixtures/{seeds,knowledge}/ from the seeds."""
    for fixture in FIXTURE_REPORTS:
        seed = FIXTURES / "seeds" / f"{fixture.id}.txt"
        seed.parent.mkdir(parents=True, exist_ok=True)
        seed.write_text(fixture_text(fixture), encoding="utf-8")
        out = FIXTURES / "knowledge" / f"{fixture.id}.yaml"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(fixture_yaml(fixture), encoding="utf-8")


if __name__ == "__main__":
    write_fixtures()
