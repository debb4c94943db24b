"""Framework facts of each PEEL round: grade scales, standard areas, grid labels.

These are the same in every force's report of a round (they come from the inspection framework,
not from any one force), so they may ship as data. ``id`` values are our own stable area ids.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AreaSpec:
    """One standard area (question) of a round."""

    id: str
    name: str
    label: str | None = None  # the round's short label in its judgments grid
    overall: bool = False
    within: str | None = None  # graded inside another area's section, whose findings it shares


@dataclass(frozen=True)
class Round:
    """A PEEL round: how its reports are graded and which areas they cover."""

    key: str
    grade_scale: tuple[str, ...]
    areas: tuple[AreaSpec, ...]
    inspectorate: str  # the inspectorate's name at the time, when the report does not spell it

    def spec(self, area_id: str) -> AreaSpec:
        return next(a for a in self.areas if a.id == area_id)


FOUR_TIERS = ("Outstanding", "Good", "Requires improvement", "Inadequate")
FIVE_TIERS = ("Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate")
UNGRADED_LINE = "Ungraded"

EFFECTIVENESS_2015_2017 = Round(
    key="peel-effectiveness",
    grade_scale=FOUR_TIERS,
    inspectorate="HMIC",
    areas=(
        AreaSpec(
            "overall", "How effective is the force at keeping people safe and reducing crime?", overall=True
        ),
        AreaSpec(
            "preventing",
            "How effective is the force at preventing crime, tackling anti-social behaviour and keeping "
            "people safe?",
        ),
        AreaSpec(
            "investigating", "How effective is the force at investigating crime and reducing re-offending?"
        ),
        AreaSpec(
            "vulnerability",
            "How effective is the force at protecting those who are vulnerable from harm, and supporting "
            "victims?",
        ),
        AreaSpec(
            "serious-organised-crime", "How effective is the force at tackling serious and organised crime?"
        ),
        AreaSpec("specialist-capabilities", "How effective are the force's specialist capabilities?"),
    ),
)

PEEL_2021_22 = Round(
    key="peel-2021-22",
    grade_scale=FIVE_TIERS,
    inspectorate="HMICFRS",
    areas=(
        AreaSpec("victims", "Providing a service to the victims of crime", "Supporting victims"),
        AreaSpec(
            "crime-data-integrity", "Crime data integrity", "Recording data about crime", within="victims"
        ),
        AreaSpec(
            "treatment-of-public",
            "Engaging with and treating the public with fairness and respect",
            "Treatment of the public",
        ),
        AreaSpec("preventing-crime", "Preventing crime and anti-social behaviour", "Preventing crime"),
        AreaSpec("responding", "Responding to the public", "Responding to the public"),
        AreaSpec("investigating-crime", "Investigating crime", "Investigating crime"),
        AreaSpec("vulnerable", "Protecting vulnerable people", "Protecting vulnerable people"),
        AreaSpec("managing-offenders", "Managing offenders and suspects", "Managing offenders"),
        AreaSpec(
            "serious-organised-crime",
            "Disrupting serious organised crime",
            "Disrupting serious organised crime",
        ),
        AreaSpec("strategic-policing-requirement", "Meeting the strategic policing requirement"),
        AreaSpec("armed-threats", "Protecting the public against armed threats"),
        AreaSpec(
            "workforce",
            "Building, supporting and protecting the workforce",
            "Developing a positive workplace",
        ),
        AreaSpec(
            "resources",
            "Strategic planning, organisational management and value for money",
            "Good use of resources",
        ),
    ),
)

ROUNDS: tuple[Round, ...] = (EFFECTIVENESS_2015_2017, PEEL_2021_22)
