"""Typed schema of the knowledge digest: one YAML file per report, plus a shared vocabulary.

Every fact the bot states lives in a field listed in the model's ``VERBATIM`` tuple; the loader
checks each of those against the report's seed text, word for word (whitespace folded).
Fields outside ``VERBATIM`` are our own metadata (ids, labels, search keywords), never facts.
"""

from __future__ import annotations

from typing import ClassVar, Literal, TypeAlias, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Kind = Literal[
    "area",
    "improvement",
    "concern",
    "recommendation",
    "national_recommendation",
    "practice",
    "finding",
    "statistic",
    "inconsistency",
]

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
UNGRADED = "Ungraded"  # how an area with ``grade: null`` is named to users


def _present(*texts: str | None) -> list[str]:
    return [text for text in texts if text]


class Strict(BaseModel):
    """Base: unknown keys are errors, values are immutable once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    VERBATIM: ClassVar[tuple[str, ...]] = ()


class ReportMeta(Strict):
    """Who published what, when, and the words users type to pick it."""

    id: str = Field(pattern=ID_PATTERN, description="Stable id, e.g. peel-2021-22-west-midlands")
    title: str
    force: str
    inspectorate: str
    published: str = Field(
        pattern=r"^(January|February|March|April|May|June|July|August|September|"
        r"October|November|December) \d{4}$",
        description="Month and year, e.g. 'November 2021'",
    )
    label: str = Field(description="The label users type and see, e.g. '2021/22'")
    year: int = Field(ge=2000, le=2100, description="First year of the inspection period; orders reports")
    aliases: list[str] = Field(default_factory=list, description="Other ways users write this report's year")
    grade_scale: list[str] = Field(min_length=2, description="Grades the report uses, best first")
    seed: str = Field(description="Seed text path, relative to the project root")
    caveat: str | None = Field(default=None, description="Report's own warning about comparing grades")

    VERBATIM: ClassVar[tuple[str, ...]] = ("title", "caveat")


class Item(Strict):
    """Common to every finding: a stable id, the area it belongs to, and its verbatim source."""

    id: str = Field(pattern=ID_PATTERN)
    area: str = Field(pattern=ID_PATTERN, description="Id of the area (section) the item belongs to")
    quote: str = Field(min_length=8, description="Verbatim source text in the seed")
    keywords: list[str] = Field(default_factory=list, description="Extra search words (not shown as facts)")

    KIND: ClassVar[Kind]
    VERBATIM: ClassVar[tuple[str, ...]] = ("quote",)


class TitledItem(Item):
    """An item with a heading of its own: what it is called is its title."""

    title: str | None = None

    @property
    def headings(self) -> list[str]:
        return _present(self.title)


class Area(Strict):
    """An inspected area (a section or question of the report) and its graded judgment."""

    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(description="The report's heading for the area")
    label: str | None = Field(default=None, description="The report's own short label (judgments grid)")
    grade: str | None = Field(description="Grade exactly as the report gives it; null when ungraded")
    judgment: str | None = Field(default=None, description="The one-sentence judgment, verbatim")
    overall: bool = Field(default=False, description="True for the report's overall judgment")
    quote: str = Field(min_length=8, description="Verbatim text giving the grade (or saying it is ungraded)")
    keywords: list[str] = Field(default_factory=list)

    KIND: ClassVar[Kind] = "area"
    VERBATIM: ClassVar[tuple[str, ...]] = ("name", "label", "judgment", "quote")

    @property
    def graded(self) -> bool:
        return self.grade is not None

    @property
    def headings(self) -> list[str]:
        """What the entry is called, as searched and ranked: the area's name and label."""
        return _present(self.name, self.label)

    @property
    def texts(self) -> list[str]:
        """The entry's verbatim text, searched for its words: the grade's quote and the judgment."""
        return _present(self.quote, self.judgment)

    @model_validator(mode="after")
    def _grade_in_quote(self) -> Area:
        if self.grade is not None and self.grade.lower() not in self.quote.lower():
            raise ValueError(f"grade {self.grade!r} does not appear in the area's quote")
        return self


class Improvement(TitledItem):
    """An area for improvement (AFI), with the sub-points the report lists under it."""

    title: str | None = Field(default=None, description="The AFI's headline sentence, verbatim")
    points_lead: str | None = Field(
        default=None, description="e.g. 'In the next 12 months, the force needs to make sure that:'"
    )
    points: list[str] = Field(default_factory=list)
    in_text: bool = Field(default=False, description="Stated inside running text rather than an AFI box")

    KIND: ClassVar[Kind] = "improvement"
    VERBATIM: ClassVar[tuple[str, ...]] = ("quote", "title", "points_lead", "points")

    @property
    def texts(self) -> list[str]:
        return [*_present(self.quote, self.points_lead), *self.points]


class Recommendation(Strict):
    """A recommendation the report makes to address a cause of concern."""

    id: str = Field(pattern=ID_PATTERN)
    quote: str = Field(min_length=8, description="The recommendation's lead text, verbatim")
    points: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list, description="Extra search words (not shown as facts)")

    KIND: ClassVar[Kind] = "recommendation"
    VERBATIM: ClassVar[tuple[str, ...]] = ("quote", "points")

    @property
    def headings(self) -> list[str]:
        """None of its own: it is found by its text and its cause of concern's title."""
        return []

    @property
    def texts(self) -> list[str]:
        return [*_present(self.quote), *self.points]


class Concern(TitledItem):
    """A cause of concern and the recommendations that address it."""

    alleviated: bool = False
    status: str | None = Field(default=None, description="Verbatim sentence on whether it was alleviated")
    recommendations: list[Recommendation] = Field(default_factory=list)

    KIND: ClassVar[Kind] = "concern"
    VERBATIM: ClassVar[tuple[str, ...]] = ("quote", "title", "status")

    @property
    def texts(self) -> list[str]:
        return _present(self.quote, self.status)

    @model_validator(mode="after")
    def _alleviated_has_status(self) -> Concern:
        if self.alleviated and not self.status:
            raise ValueError("an alleviated cause of concern needs the report's 'status' sentence saying so")
        return self


class NationalRecommendation(TitledItem):
    """Progress on a national recommendation (stop and search, vetting, ROCU action plan...)."""

    status: str = Field(description="Verbatim phrase giving the force's progress")
    progress: str | None = Field(default=None, description="Verbatim paragraph on progress")

    KIND: ClassVar[Kind] = "national_recommendation"
    VERBATIM: ClassVar[tuple[str, ...]] = ("quote", "title", "status", "progress")

    @property
    def texts(self) -> list[str]:
        return _present(self.quote, self.status, self.progress)


class Practice(TitledItem):
    """Innovative practice the report highlights."""

    title: str

    KIND: ClassVar[Kind] = "practice"
    VERBATIM: ClassVar[tuple[str, ...]] = ("quote", "title")

    @property
    def texts(self) -> list[str]:
        return _present(self.quote)


class Finding(TitledItem):
    """A main finding: its heading and its text (or a faithful excerpt)."""

    title: str
    section: str | None = Field(default=None, description="Sub-heading the finding sits under, verbatim")

    KIND: ClassVar[Kind] = "finding"
    VERBATIM: ClassVar[tuple[str, ...]] = ("quote", "title", "section")

    @property
    def texts(self) -> list[str]:
        return _present(self.quote, self.section)


class Statistic(Item):
    """A figure a reader would quote, with its comparator and period."""

    label: str = Field(description="Our short description of the figure")
    value: str = Field(description="The figure as printed, without its unit, e.g. '87.6' or '+6.2'")
    unit: str = Field(description="e.g. 'percent', '%', 'per 1,000 population', 'people'")
    comparator: str | None = Field(default=None, description="England and Wales figure as printed")
    comparator_label: str = "England and Wales"
    period: str | None = Field(default=None, description="Period the figure covers, verbatim")
    section: str | None = Field(
        default=None, description="Heading the figure is printed under, when not its area's (verbatim)"
    )

    KIND: ClassVar[Kind] = "statistic"
    VERBATIM: ClassVar[tuple[str, ...]] = ("quote", "period", "section")

    @property
    def headings(self) -> list[str]:
        """Our label for the figure (the figure itself is no search word)."""
        return _present(self.label)

    @property
    def texts(self) -> list[str]:
        return _present(self.quote, self.section, self.period, self.unit)

    @model_validator(mode="after")
    def _numbers_in_quote(self) -> Statistic:
        if self.value not in self.quote:
            raise ValueError(f"value {self.value!r} does not appear in the statistic's quote")
        if self.comparator is not None and self.comparator not in self.quote:
            raise ValueError(f"comparator {self.comparator!r} does not appear in the statistic's quote")
        return self


class Inconsistency(TitledItem):
    """Where the report contradicts itself, and which reading the bot uses."""

    title: str = Field(description="Our one-line description of the inconsistency")
    other_quotes: list[str] = Field(min_length=1, description="The conflicting passages, verbatim")
    reading: str = Field(description="The value the bot uses")
    why: str = Field(description="Why that reading")

    KIND: ClassVar[Kind] = "inconsistency"
    VERBATIM: ClassVar[tuple[str, ...]] = ("quote", "other_quotes")

    @property
    def texts(self) -> list[str]:
        return [*_present(self.quote), *self.other_quotes]


EntryItem: TypeAlias = (
    Area
    | Improvement
    | Concern
    | Recommendation
    | NationalRecommendation
    | Practice
    | Finding
    | Statistic
    | Inconsistency
)
"""What one knowledge entry holds: an area or one finding of any kind. Each has ``KIND``, ``id``,
``quote``, ``keywords``, ``headings`` (what it is called) and ``texts`` (its verbatim text)."""


class ReviewNote(Strict):
    """An open question ``peel-bot import`` left for a maintainer: what, where (seed line), and why."""

    what: str
    line: int | None = Field(default=None, description="Line of the seed the question is about")
    why: str


class ReportFile(Strict):
    """The whole of one ``knowledge/<report>.yaml`` file."""

    review: list[ReviewNote] = Field(
        default_factory=list, description="The importer's open questions; not facts, never shown to users"
    )
    report: ReportMeta
    areas: list[Area] = Field(min_length=1)
    improvements: list[Improvement] = Field(default_factory=list)
    concerns: list[Concern] = Field(default_factory=list)
    national_recommendations: list[NationalRecommendation] = Field(default_factory=list)
    practices: list[Practice] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    statistics: list[Statistic] = Field(default_factory=list)
    inconsistencies: list[Inconsistency] = Field(default_factory=list)

    ITEM_LISTS: ClassVar[tuple[str, ...]] = (
        "improvements",
        "concerns",
        "national_recommendations",
        "practices",
        "findings",
        "statistics",
        "inconsistencies",
    )

    @classmethod
    def entry_models(cls) -> dict[str, type[Strict]]:
        """Each list of entries in a report file (``areas``, then ``ITEM_LISTS``) and its model."""
        return {name: get_args(cls.model_fields[name].annotation)[0] for name in ("areas", *cls.ITEM_LISTS)}


class Force(Strict):
    """A police force and the names people call it by (lower case; 'wmp', 'west mids')."""

    name: str = Field(description="The force's official name, as reports name it")
    aliases: list[str] = Field(default_factory=list, description="Short forms users type, lower case")

    @field_validator("aliases")
    @classmethod
    def _lowercase_aliases(cls, value: list[str]) -> list[str]:
        for alias in value:
            if alias != alias.lower():
                raise ValueError(f"force alias {alias!r} must be lower case")
        return value


class Subject(Strict):
    """Something other inspectorates inspect (prisons, fire and rescue…): no loaded report covers it."""

    name: str = Field(description="How the reply names it, e.g. 'fire and rescue services'")
    aliases: list[str] = Field(min_length=1, description="Words users type for it, lower case")


class TopicsFile(Strict):
    """Shared vocabulary: words users type that the reports don't.

    ``forces`` and ``subjects`` are scope, not topics: a question naming a force is about that
    force's reports, one naming another inspectorate's subject is about no loaded report.
    """

    synonyms: dict[str, list[str]] = Field(
        default_factory=dict,
        description="User term (abbreviation, slang) -> the report wording it stands for",
    )
    spellings: dict[str, str] = Field(
        default_factory=dict, description="US or variant spelling -> the reports' UK spelling"
    )
    forces: list[Force] = Field(default_factory=list, description="Police forces and their short forms")
    subjects: list[Subject] = Field(
        default_factory=list, description="Other inspectorates' subjects, which no PEEL report covers"
    )

    @model_validator(mode="after")
    def _scope_names_unique(self) -> TopicsFile:
        owners: dict[str, str] = {}
        for name, aliases in [(f.name, f.aliases) for f in self.forces] + [
            (s.name, s.aliases) for s in self.subjects
        ]:
            for alias in [name.lower(), *aliases]:
                if owners.setdefault(alias, name) != name:
                    raise ValueError(f"{alias!r} names both {owners[alias]!r} and {name!r}")
        return self

    @field_validator("synonyms")
    @classmethod
    def _lowercase_keys(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for key, expansions in value.items():
            if key != key.lower():
                raise ValueError(f"synonym key {key!r} must be lower case")
            if not expansions:
                raise ValueError(f"synonym {key!r} has no expansions")
        return value
