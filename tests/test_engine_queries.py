"""Realistic /peel queries and the facts their answers must contain.

Every expected fact listed under ``seed`` is also checked against the seed text of the report
it comes from, so these expectations are tied to the source reports, not to the bot's output.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pytest

from bot.engine.answer import answer
from bot.engine.render import grade_marker
from bot.engine.reply import Reply
from bot.knowledge.provenance import fold, read_seed
from tests.questions_support import reply_text

NEW = "PEEL 2021/22 Police effectiveness, efficiency and legitimacy An inspection of West Midlands Police"
OLD = "PEEL: Police effectiveness 2016 An inspection of West Midlands Police"
CAVEAT = "it isn't possible to make direct comparisons between the grades awarded this year"
NEW_ID = "peel-2021-22-west-midlands"
OLD_ID = "peel-2016-effectiveness-west-midlands"


@dataclass(frozen=True)
class Case:
    query: str
    must: tuple[str, ...] = ()  # shown somewhere in the reply
    seed: tuple[tuple[str, str], ...] = ()  # (report id, fragment): in the seed AND in the reply
    source: tuple[tuple[str, str], ...] = ()  # (report id, fragment): in the seed (grounds `must`)
    absent: tuple[str, ...] = ()  # never shown
    starts: str | None = None  # the reply's first section starts with this
    order: tuple[str, ...] = ()  # these appear in this order
    public: bool = False


def c(query: str, *must: str, **kw: object) -> Case:
    extra = tuple(kw.pop("must", ()))  # type: ignore[arg-type]
    return Case(query, tuple(must) + extra, **kw)  # type: ignore[arg-type]


def new(fragment: str) -> tuple[str, str]:
    return (NEW_ID, fragment)


def old(fragment: str) -> tuple[str, str]:
    return (OLD_ID, fragment)


CASES = [
    # ------------------------------------------------------------------ grade
    c(
        "grade investigating 2021/22",
        "Requires improvement",
        "Investigating crime",
        NEW,
        source=(
            new(
                "Investigating crime Requires improvement West Midlands Police requires improvement at "
                "investigating crime."
            ),
        ),
        absent=(OLD,),
    ),
    c("grade investgating 2021/22", "Requires improvement", "Investigating crime", NEW, absent=(OLD,)),
    c("grade crime investigating latest", "Requires improvement", "Investigating crime", absent=(OLD,)),
    c(
        "grade vulnerable 2016",
        "Requires improvement",
        OLD,
        source=(
            old(
                "How effective is the force at protecting those who are vulnerable from harm, and "
                "supporting victims? Requires improvement"
            ),
        ),
        absent=(NEW,),
    ),
    c(
        "grade vulnerable",
        "Protecting vulnerable people",
        "protecting those who are vulnerable from harm",
        source=(new("Protecting vulnerable people Requires improvement"),),
        order=(NEW, OLD),
    ),
    c(
        "grade investigating 2016",
        "Good",
        "How effective is the force at investigating crime and reducing re-offending?",
        source=(old("How effective is the force at investigating crime and reducing re-offending? Good"),),
        absent=("Requires improvement", NEW),
    ),
    c(
        "grade soc 2016",
        "Good",
        "How effective is the force at tackling serious and organised crime?",
        source=(old("How effective is the force at tackling serious and organised crime? Good"),),
        absent=("Requires improvement",),
    ),
    c(
        "grade serious organized crime",
        "Disrupting serious organised crime",
        "tackling serious and organised crime",
        source=(new("Disrupting serious organised crime Good"),),
        absent=("Requires improvement",),
    ),
    c(
        "grade respnding to the public",
        "Adequate",
        "Responding to the public",
        source=(new("Responding to the public Adequate"),),
    ),
    c(
        "grade treatment of the public latest",
        "Good",
        "Engaging with and treating the public with fairness and respect",
        source=(new("Engaging with and treating the public with fairness and respect Good"),),
        absent=(OLD,),
    ),
    c(
        "grade managing offenders 2021-22",
        "Adequate",
        source=(new("Managing offenders and suspects Adequate"),),
        absent=(OLD,),
    ),
    c(
        "grade workforce",
        "Adequate",
        source=(new("Building, supporting and protecting the workforce Adequate"),),
    ),
    c(
        "grade value for money",
        "Good",
        source=(new("Strategic planning, organisational management and value for money Good"),),
    ),
    c(
        "grade strategic policing requirement 2021",
        "Ungraded",
        ":white_circle:",
        "Meeting the strategic policing requirement",
        source=(new("We do not make graded judgments in these areas."),),
    ),
    c("grade specialist capabilities", "Ungraded", "How effective are the force's specialist capabilities?"),
    c("grade armed threats 2021", "Ungraded", "Protecting the public against armed threats", absent=(OLD,)),
    c(
        "grade crime data integrity",
        "Good",
        "Crime data integrity",
        source=(new("Crime data integrity Good But the force is good at recording crime."),),
    ),
    c("grade recording data about crime", "Crime data integrity", "Good"),
    c(
        "grade supporting victims 2021/22",
        "Requires improvement",
        source=(new("Providing a service to the victims of crime Requires improvement"),),
    ),
    c("grades prevention 2016", "Good", "preventing crime, tackling anti-social behaviour", absent=(NEW,)),
    # 'crime' runs through most entries: too general to pick an area, but real areas are offered
    c(
        "grade crime",
        "/peel grade Investigating crime",
        starts="“crime” is too general",
        absent=("Requires improvement", "match about equally"),
    ),
    c("grade zebra crossings", starts="No area matches “zebra crossings”."),
    # areas whose own name or grid label holds "the public" tie; a keyword ('public order') or a
    # judgment's "public service organisations" is no match, so 2016 shows nothing
    c(
        "grade the public",
        "3 areas in 2021/22 match about equally",
        "Responding to the public",
        "Protecting the public against armed threats",
        "Engaging with and treating the public with fairness and respect",
        "No matching area in 2016.",
        source=(new("Treatment of the public"),),
        absent=("Meeting the strategic policing requirement", OLD),
    ),
    c("grade responding", "Responding to the public", "No matching area in 2016.", absent=(OLD,)),
    c(
        "grade serious and organised crime",
        "Disrupting serious organised crime",
        "How effective is the force at tackling serious and organised crime?",
    ),
    c(
        "grade sex offenders",
        "Managing offenders and suspects",
        "How effective is the force at investigating crime and reducing re-offending?",
    ),
    c(
        "<!channel> grade investigating",
        "Requires improvement",
        "Investigating crime",
        "Good",
        order=(NEW, OLD),
    ),
    c("🚓 grade investigating 2021/22", "Requires improvement", absent=(OLD,)),
    c(
        "grade overall 2016",
        "Good",
        "keeping people safe and reducing crime",
        seed=(
            old(
                "West Midlands Police is good in respect of its effectiveness at keeping people safe "
                "and reducing crime."
            ),
        ),
    ),
    c("grade investigating crime public", "Requires improvement", public=True),
    c("public grade investigating", "Requires improvement", public=True),
    c("grade responding to the public public", "Adequate", public=True),
    c("grade", OLD, NEW, "Investigating crime"),
    # ------------------------------------------------------------------ compare
    c(
        "compare vulnerable",
        NEW,
        OLD,
        CAVEAT,
        "Requires improvement",
        seed=(new("However, these changes mean that it isn't possible to make direct comparisons"),),
        order=(NEW, OLD, CAVEAT),
    ),
    c(
        "compare investigating",
        "Requires improvement",
        "Good",
        CAVEAT,
        order=("Requires improvement", "Good"),
    ),
    c("compare soc", "Disrupting serious organised crime", "tackling serious and organised crime", CAVEAT),
    c("compare organized crime", "Disrupting serious organised crime", CAVEAT),
    c("compare preventing crime", "Preventing crime and anti-social behaviour", "Good", CAVEAT),
    c("compare zebra", starts="No area matches “zebra”."),
    # ------------------------------------------------------------------ summary
    c(
        "summary",
        NEW,
        OLD,
        "Investigating crime",
        "Ungraded",
        CAVEAT,
        "How effective are the force's specialist capabilities?",
        order=(NEW, OLD),
    ),
    c("summary 2016", OLD, "Ungraded", "Requires improvement", absent=(NEW,)),
    c("summary latest", NEW, "Adequate", absent=(OLD,)),
    c(
        "summary 2021-22",
        NEW,
        "Strategic planning, organisational management and value for money",
        absent=(OLD,),
    ),
    c("2016", OLD, "Good", absent=(NEW,)),
    # ------------------------------------------------------------------ areas for improvement
    c(
        "aoi investigating 2021/22",
        seed=(
            new(
                "The force needs to improve how it investigates reported crimes and must make sure that "
                "its investigations are proportionate, thorough and prompt."
            ),
            new("it allocates cases to investigators quickly;"),
        ),
        must=("• it allocates cases to investigators quickly;", "Area for improvement", NEW),
        absent=(OLD,),
    ),
    c(
        "afi investgating",
        "The force needs to improve how it investigates reported crimes",
        seed=(old("although the force is taking steps to improve initial investigation"),),
    ),
    c(
        "aois sex offenders",
        seed=(
            new("The force should review how it manages sex offenders"),
            old(
                "The force should improve its approach to reducing the risk posed by dangerous and "
                "sexual offenders"
            ),
        ),
        order=(NEW, OLD),
    ),
    c(
        "afis 2016",
        seed=(
            old("The force should adopt a structured and consistent problem-solving process"),
            old("The force should ensure that it maps all organised crime groups promptly"),
        ),
        absent=(NEW,),
    ),
    c(
        "improvement soc",
        seed=(
            new(
                "West Midlands Police should make sure it has effective processes for identifying, "
                "understanding and prioritising serious and organised crime"
            ),
            old("The force should ensure that it maps all organised crime groups promptly"),
        ),
    ),
    c("aoi ocg 2016", "maps all organised crime groups promptly", absent=(NEW,)),
    c("aoi problem solving", "structured and consistent problem-solving process"),
    c(
        "aoi diversity information",
        seed=(
            new(
                "The force should make sure that it improves how it collects diversity information from "
                "crime victims"
            ),
        ),
    ),
    c(
        "aoi demand",
        seed=(
            new(
                "The force should make sure that when it responds to changes in demand, it assesses how "
                "these decisions may affect its ability to address its priorities"
            ),
        ),
    ),
    c("aoi zebra crossings", starts="No area for improvement matches “zebra crossings”."),
    c("aoi latest", "The force needs to improve how it investigates reported crimes", absent=(OLD,)),
    c("aoi asb", "tackle crime and anti-social behaviour more effectively"),
    c(
        "aoi vulnerable people 2016",
        seed=(old("The force should improve the quality of investigations involving vulnerable people"),),
    ),
    c(
        "improvements investigating zebra",
        starts="No area for improvement matches",
        must=("Did you mean", "/peel aoi investigating"),
    ),
    # ------------------------------------------------------------------ causes of concern
    c(
        "concern domestic abuse",
        "Cause of concern",
        "Recommendation",
        seed=(
            old("The force's response to domestic abuse is a cause of concern to HMIC."),
            old("there is effective supervision of the initial risk assessment process"),
        ),
    ),
    c(
        "coc missing children",
        seed=(
            old("The force's response to missing and absent children is a cause of concern to HMIC."),
            old("call takers understand and use the missing and absent category appropriately;"),
            old("the cause of concern identified in 2015 has not been alleviated"),
        ),
        must=("not alleviated",),
    ),
    c(
        "concern dash",
        "DASH risk assessment",
        "The force's response to domestic abuse is a cause of concern to HMIC.",
    ),
    c("concerns 2021/22", starts="No causes of concern in 2021/22."),
    c(
        "concern 2016",
        "alleviated",
        seed=(
            old(
                "These changes have alleviated successfully that part of the domestic abuse cause of concern"
            ),
        ),
    ),
    c("concern zebra", starts="No cause of concern matches “zebra”."),
    # ------------------------------------------------------------------ recommendations
    c(
        "rec stop and search",
        "National recommendation",
        seed=(
            new(
                "In 2017, we recommended that all forces should monitor and analyse comprehensive stop "
                "and search data"
            ),
            new("West Midlands Police has made progress against many areas of this national recommendation"),
        ),
    ),
    c(
        "rec vetting",
        seed=(
            new(
                "In 2019, we recommended that all forces should immediately comply with all elements of "
                "the national guidance on vetting"
            ),
        ),
    ),
    c(
        "recs missing children",
        "call takers understand and use the missing and absent category appropriately;",
    ),
    c(
        "recommendation rocu",
        seed=(old("A recommendation arising from that inspection (Recommendation 3)"),),
    ),
    c("rec", "National recommendation", "Recommendation", NEW, OLD),
    c("rec zebra", starts="No recommendation matches “zebra”."),
    # ------------------------------------------------------------------ statistics
    c(
        "stat 999",
        "87.6 percent",
        seed=(new("The force's data shows it answers 87.6 percent of calls within the target time."),),
    ),
    c(
        "stat knife crime",
        "1.55 offences per 1,000 population",
        "year ending 31 March 2021",
        seed=(new("knife crime offences (1.55 offences per 1,000 population)"),),
    ),
    c(
        "stat domestic abuse incidents 2021/22",
        "29.8",
        "England and Wales: *20.4 incidents per 1,000 population*",
        seed=(
            new("recorded 29.8 domestic abuse-related incidents per 1,000 population"),
            new("the England and Wales rate of 20.4"),
        ),
        absent=(OLD,),
    ),
    c(
        "stats victim satisfaction",
        "82.2%",
        "England and Wales: *83.3%*",
        "12 months to 30 June 2016",
        seed=(
            old(
                "Victim satisfaction with the overall service provided by the police 12 months to 30 "
                "June 2016"
            ),
        ),
    ),
    c(
        "stat calls for assistance",
        "322 per 1,000 population",
        "England and Wales: *240 per 1,000 population*",
        seed=(
            old(
                "Calls for assistance per 1,000 population 12 months to 30 June 2016 West Midlands "
                "Police 322 England and Wales 240"
            ),
        ),
    ),
    c(
        "stat organised crime groups 2016",
        "18 per million population",
        "England and Wales: *46 per million population*",
        absent=(NEW,),
    ),
    c(
        "stat vetting",
        "19 percent",
        seed=(new("approximately 19 percent of the workforce need vetting"),),
    ),
    c(
        "statistic crime severity score",
        "18 (highest of all forces in England and Wales)",
        seed=(new("the force was given a crime severity score of 18"),),
    ),
    c("stat firearms", "24.5 offences per 100,000 population"),
    c(
        "stat 101",
        "two thirds",
        seed=(new("Only two thirds are answered within its locally-set target of three minutes"),),
    ),
    c(
        "stat use of force",
        "11,187",
        seed=(new("West Midlands Police recorded 11,187 uses of force"),),
        absent=("This Work Matters", "PEQF", "abstraction", "anti-social behaviour powers"),
    ),
    # 'non-emergency 101' is not about 999 emergencies
    c("stat 999 latest", "87.6 percent", absent=("two thirds", OLD)),
    # statistics are matched by their own words, not the name of the section they sit in
    c("stat asb 2016", "Anti-social behaviour incidents", absent=("Burglary in a dwelling", NEW)),
    # 'force', 'police', the force's name and 'crime' run through everything: never a match alone
    # "force" is question scaffolding and a force's name is scope, not topic: both list everything
    c("aoi force", "Area for improvement", starts="Every area for improvement"),
    c("stat west midlands police", "for West Midlands Police", starts="Every statistic"),
    c("find crime", starts="“crime” is too general"),
    c("stat knife crime west midlands", "1.55 offences per 1,000 population"),
    c("aoi vetting", starts="No area for improvement matches", must=("/peel find vetting",)),
    c("aoi missing children", starts="No area for improvement matches", must=("/peel aoi missing",)),
    c(
        "stat burglary",
        "11.0",
        "England and Wales: *8.1 per 1,000 households*",
        source=(old("The rate of burglary in a dwelling is the rate for 1,000 households"),),
    ),
    c("stat zebra", starts="No statistic matches “zebra”."),
    # a year whose statistics only touch the words (calls for assistance in general) has no answer
    c("stat 999 2016", starts="No statistic matches “999” in 2016.", absent=("87.6", "322")),
    # the entry holding the specific word comes first, whatever its report's age
    c(
        "find cyber capacity",
        order=("does not currently have sufficient cyber-investigation capacity", "capacity and capability"),
        seed=(old("does not currently have sufficient cyber-investigation capacity"),),
    ),
    c("stat iom", "2,889 offenders", seed=(old("The IOM scheme manages 2,889 offenders"),)),
    # "spend" is the users' word for the reports' "expenditure" (topics.yaml; issue 8 item 4)
    c(
        "stat neighbourhood policing spend",
        "£32 per head of population",
        seed=(old("expenditure on neighbourhood policing is £32 per head population"),),
    ),
    # ------------------------------------------------------------------ innovative practice
    c(
        "practice detective academy",
        "Innovative practice",
        seed=(
            new(
                "West Midlands Police's detective academy supports investigators' recruitment and development"
            ),
        ),
    ),
    c("practice", "Innovative practice", "detective academy", "locate team", absent=(OLD,)),
    c("practice 2016", starts="No innovative practice in 2016."),
    c(
        "practice missing people",
        "locate team provides effective support to investigations involving missing people",
    ),
    # ------------------------------------------------------------------ find and free text
    c(
        "find sex offenders",
        "The force should review how it manages sex offenders",
        "Managing offenders and suspects",
    ),
    c("find thrive", "THRIVE"),
    c("find bob-e", "Bob-E"),
    c("domestic abuse risk assessment", "domestic abuse", "Search results"),
    c("find dash 2016", "DASH risk assessment", absent=(NEW,)),
    c("find", starts="What should I look for?"),
    c("zebra crossings", starts="No finding, statistic or recommendation matches “zebra crossings”."),
    c("find s&s", "stop and search"),
    c("find mash", "multi-agency safeguarding hubs"),
    c("find missing childrn", "missing"),
    c("find neighborhood policing", "neighbourhood"),
    # ------------------------------------------------------------------ help, digest
    c("help", "/peel grade", "/peel compare", "/peel summary", "latest"),
    c("", "/peel grade"),
    c("   ", "/peel grade"),
    c("/peel help", "/peel aoi"),
    c("digest subscribe", starts="Digest commands work in a Slack channel"),
    # ------------------------------------------------------------------ hostile input
    c("<!channel>", "/peel grade"),
    c("aoi <b>zebra</b> <!here>", "&lt;b&gt;zebra&lt;/b&gt;", starts="No area for improvement matches"),
    c("grade <@U123> investigating <!channel>", "Requires improvement", "Investigating crime"),
    c("grade investigating @here", "Investigating crime", absent=("@here",)),
    c("find @channel zebra&crossings", "zebra&amp;crossings", starts="No finding", absent=("@channel",)),
    c("x" * 10_000, "cut to 500 characters"),
    c("aoi inves\x00tigating\x07", "The force needs to improve how it investigates reported crimes"),
    c("grade 🚓 investigating", "Requires improvement"),
    c("'; DROP TABLE grades; --", starts="No"),
    c("aoi 2019", starts="No report matches “2019”.", must=("2021/22", "2016")),
    c("aoi investigating 2019 2016", "Ignored “2019”", absent=(NEW,)),
    c("grade <script>alert(1)</script>", absent=("<script>",)),
]


NO_MATCH_QUERIES = [
    "zebra crossings",
    "improvements investigating zebra",
    "stat neighbourhood policing zebra",
    "aoi missing children",
    "aoi vetting",
    "aoi ict",
    "grade crime",
    "concern vetting",
    "practice domestic abuse",
    "rec vetting 2016",
    "stat zebra victims 2016",
    "grade zebra investigating",
    "compare zebra prevention",
    "aoi zebra crossings 2021/22",
    "find @channel zebra&crossings",
]


def suggestions(reply: Reply) -> list[str]:
    """The commands offered under "Did you mean", without their /peel prefix."""
    text = html.unescape(reply_text(reply)).replace("\u2060", "")
    line = next((part for part in text.split("\n") if part.startswith("Did you mean:")), "")
    return [s.removeprefix("/peel ") for s in re.findall(r"`([^`]+)`", line)]


def test_every_suggestion_is_a_command_that_answers(kb) -> None:
    """ "Did you mean" offers only real topics: each suggested command, run, finds something."""
    offered = 0
    for query in NO_MATCH_QUERIES:
        reply = answer(query, kb)
        first = html.unescape(first_section(reply))
        assert first.startswith("No ") or "too general" in first, query
        for command in suggestions(reply):
            offered += 1
            followed = html.unescape(first_section(answer(command, kb)))
            assert not followed.startswith("No ") and "too general" not in followed, (query, command)
    assert offered >= 10  # the check is not vacuous


def test_no_suggestion_for_words_the_reports_never_use(kb) -> None:
    """ "crossings" occurs in neither report, so it is never offered (nor fuzzily read as 'costing')."""
    for report in kb.reports:
        assert "crossing" not in read_seed(kb.root / report.meta.seed)
    assert suggestions(answer("zebra crossings", kb)) == []


def first_section(reply: Reply) -> str:
    return next(b["text"]["text"] for b in reply.blocks if b["type"] == "section")


@pytest.mark.parametrize("case", CASES, ids=[repr(case.query[:40]) for case in CASES])
def test_query(kb, case: Case) -> None:
    reply = answer(case.query, kb)
    raw = reply_text(reply)
    shown = html.unescape(raw)
    folded = fold(shown)
    for fragment in case.must:
        assert fold(fragment) in (folded if "&" not in fragment else fold(raw)), fragment
    for report_id, fragment in case.seed + case.source:
        report = kb.report(report_id)
        assert report is not None
        assert fold(fragment) in read_seed(kb.root / report.meta.seed), f"not in the seed: {fragment}"
    for _, fragment in case.seed:
        assert fold(fragment) in folded, f"not in the reply: {fragment}"
    for fragment in case.absent:
        assert fragment not in raw, fragment
        assert "<" in fragment or fragment not in shown, fragment
    if case.starts is not None:
        assert html.unescape(first_section(reply)).startswith(case.starts)
    positions = [folded.find(fold(f)) for f in case.order]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), case.order
    assert reply.public is case.public
    assert "<!" not in raw and "<@" not in raw


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 80


def test_a_year_never_promotes_a_looser_area_match(kb):
    """Without a year, "the public" names 2021/22 areas and 2016 has none; with 2016 the answer
    must say so rather than fall back to an area that only shares a keyword word."""
    reply = answer("grade the public 2016", kb)
    assert reply.text.startswith("No area matches")
    assert not any(grade_marker(a.grade) in str(reply.blocks) for r in kb.reports for a in r.data.areas)


def test_a_question_reaches_the_command_it_names(kb):
    reply = answer("what grade did they get for investigating in 2016", kb)
    assert reply.verb == "grade"
    assert "Good" in reply.text and "investigating crime and reducing re-offending" in reply.text
    (report,) = [r for r in kb.reports if r.meta.label == "2016"]
    graded = "How effective is the force at investigating crime and reducing re-offending? Good"
    assert graded in read_seed(kb.root / report.meta.seed)  # the grade the seed gives
