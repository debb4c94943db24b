"""Plain-English questions as a performance analyst, a PCC researcher, a journalist and an
inspector type them, each checked structurally against the seeds (tests/questions_support.py).

Typos, slang, short force names, word order and question scaffolding are all in here, and so are
questions the reports cannot answer (other forces, years with no report, topics and other
inspectorates' subjects the reports don't cover): those must get an honest no-match.
"""

# ruff: noqa: E501  (one question per line reads best as a table)
from __future__ import annotations

import pytest

from bot.engine.answer import Engine
from tests.questions_support import NO, Q, problems, q

QUESTIONS: list[Q] = [
    # ------------------------------------------------------------ grades, as people ask for them
    # the seed reports 999 answering under "Providing a service to the victims of crime"
    q("is wmp any good at answering 999 calls", "grade", "N/victims", "N/stat-999-answer-rate", facts=("Requires improvement", "87.6")),
    q("what grade did they get for treating people fairly", "grade", "N/treatment-of-public", facts=("Good",)),
    q("how good is west midlands police at investigating crime", "grade", "N/investigating-crime", "O/investigating"),
    q("investigating grade 2016", "grade", "O/investigating", facts=("Good",), only="O"),
    q("how were they rated for protecting vulnerable people", "grade", "N/vulnerable", "O/vulnerability"),
    q("how did wmp do on victims", "grade", "N/victims", facts=("Requires improvement",)),
    q("what was the rating for crime data integrity", "grade", "N/crime-data-integrity", facts=("Good",)),
    q("how is the force graded on preventing crime", "grade", "N/preventing-crime", facts=("Good",)),
    q("how well do they respond to the public", "grade", "N/responding", facts=("Adequate",)),
    q("how good is the force at managing offenders", "grade", "N/managing-offenders", facts=("Adequate",)),
    q("wmp soc grade", "grade", "N/serious-organised-crime", "O/serious-organised-crime"),
    q("whats the grade for the workforce", "grade", "N/workforce", facts=("Adequate",)),
    q("how do they look after their staff", "grade", "N/workforce"),
    q("value for money grade west mids", "grade", "N/resources", facts=("Good",)),
    q("what grade did west midlands get for serious organised crime in 2016", "grade", "O/serious-organised-crime", facts=("Good",), only="O"),
    q("grade for the vulnerable 2016 please", "grade", "O/vulnerability", only="O"),
    q("how effective are their specialist capabilities", "grade", "O/specialist-capabilities"),
    q("was the force good at keeping people safe in 2016", "grade", "O/overall", facts=("Good",), only="O"),
    q("are they rated well for fairness and respect", "grade", "N/treatment-of-public", facts=("Good",)),
    q("is west mids investigating crime properly", "", "N/investigating-crime"),
    q("how good are wmp at dealing with anti social behaviour", "grade", "N/preventing-crime"),
    q("West Midlands Police grade for investigating crime 2021/22", "grade", "N/investigating-crime", only="N"),
    q("grade for investgating", "grade", "N/investigating-crime"),
    q("*grade* _investigating_ `2016`", "grade", "O/investigating", facts=("Good",), only="O"),
    q("what grades did they get in 2016", "summary|grade", only="O"),
    q("overall grades please", "summary|grade"),
    q("which areas were rated requires improvement", "summary|grade"),
    q("summary investigating", "summary|grade", "N/investigating-crime"),
    q("summary of 2016", "summary|grade", only="O"),
    q("summary wmp latest", "summary|grade", only="N"),
    # ------------------------------------------------------------ statistics and figures
    q("what percentage of 999 calls are answered on time", "stat|find", "N/stat-999-answer-rate", facts=("87.6",)),
    q("999 answer rate", "stat|find", "N/stat-999-answer-rate", facts=("87.6",)),
    q("how many 101 calls get abandoned", "stat|find", "N/stat-101-abandoned"),
    q("whats the crime severity score for west midlands", "stat|find", "N/stat-crime-severity-score", facts=("18",)),
    q("how much knife crime is there", "stat|find", "N/stat-knife-crime", facts=("1.55",)),
    q("how many firearms offences", "stat|find", "N/stat-firearms-offences", facts=("24.5",)),
    q("how many ocgs are there", "stat|find", "O/ocgs-per-million-panel", facts=("18",)),
    q("what's the victim satisfaction rate", "stat|find", "O/victim-satisfaction-panel", facts=("82.2",)),
    q("how much do they spend on neighbourhood policing", "stat|find", "O/neighbourhood-policing-spend"),
    q("what proportion of crimes are recorded accurately", "stat|find", "N/stat-crime-recorded-accurately", facts=("95.49",)),
    q("how many use of force records", "stat|find", "N/stat-use-of-force-recorded|N/stat-use-of-force-expected", "N/stat-use-of-force-recorded", facts=("11,187",)),
    q("how many people still need vetting", "stat|find", "N/stat-vetting-backlog-now|N/stat-vetting-needed", "N/stat-vetting-needed", facts=("19",)),
    q("vetting backlog figure", "stat|find", "N/stat-vetting-backlog-now", facts=("2,300",)),
    q("how many officers are they recruiting under the uplift", "stat|find", "N/stat-uplift-recruits", facts=("2,800",)),
    q("domestic abuse incidents per 1000", "stat|find", "N/stat-domestic-abuse-incidents", facts=("29.8",)),
    q("what share of crime is domestic abuse 2016", "stat|find", "O/domestic-abuse-share-2016", facts=("10.5",), only="O"),
    q("domestic abuse arrest rate in 2016", "stat|find", "O/domestic-abuse-arrest-rate", facts=("52.4",), only="O"),
    q("how many iom offenders", "stat|find", "O/iom-offenders", facts=("2,889",)),
    q("re-offending rate for integrated offender management", "stat|find", "O/iom-reoffending-percent", facts=("17",)),
    q("number of computers awaiting examination", "stat|find", "O/htcu-computers-awaiting", facts=("47",)),
    q("how long do mobile phone examinations take", "stat|find", "O/mobile-phone-turnaround", facts=("35",)),
    q("how many wmnow subscribers", "stat|find", "N/stat-wmnow-subscribers", facts=("70,000",)),
    q("stop and search rationale percentage", "stat|find", "N/stat-stop-search-rationale", facts=("93",)),
    q("burglary figures 2016", "stat|find", "O/crime-rate-burglary", facts=("11.0",), only="O"),
    q("how much has recorded crime changed in 5 years", "stat|find", "O/crime-change-5-years-text"),
    q("asb incidents per 1000 people", "stat|find", "O/asb-incidents-2016|O/asb-reduction", "O/asb-incidents-2016", facts=("21",)),
    q("how many human trafficking cases went to the nca", "stat|find", "O/human-trafficking-referral-count", facts=("79",)),
    q("what's the charge rate", "stat|find", "O/outcome-charged-summonsed", facts=("14.2",)),
    q("how many missing foreign nationals were safeguarded", "stat|find", "N/stat-foreign-nationals-safeguarded", facts=("24",)),
    q("public satisfaction with local policing", "stat|find", "O/public-satisfaction", facts=("47",)),
    q("how much did outsourcing computer examinations cost", "stat|find", "O/htcu-outsourcing-cost"),
    q("control room training how many weeks", "stat|find", "N/stat-control-room-training"),
    # ------------------------------------------------------------ areas for improvement
    q("what's wrong with how they deal with domestic abuse", "aoi", "O/domestic-abuse-risk-assessment-concern", "N/afi-investigations"),
    q("what do they need to improve on investigations", "aoi", "N/afi-investigations"),
    q("problems with sex offender management", "aoi", "N/afi-sex-offenders", "O/sex-offender-management-afi"),
    q("weaknesses in organised crime mapping", "aoi"),
    q("what should wmp improve in 2021", "aoi", only="N"),
    q("areas for improvement 2016", "aoi", only="O"),
    q("where do they fall short on diversity data", "aoi", "N/afi-victim-diversity"),
    q("what needs fixing with problem solving", "aoi", "O/problem-solving-afi"),
    q("improvements needed for vulnerable people investigations", "aoi", "N/afi-investigations|O/vulnerable-investigations-afi", "N/afi-investigations", "O/vulnerable-investigations-afi"),
    q("afi on demand and priorities", "aoi", "N/afi-demand-priorities"),
    # ------------------------------------------------------------ causes of concern
    q("has the missing persons concern been sorted", "concern", "O/missing-children-concern"),
    q("did they fix the domestic abuse risk assessment problem", "concern", "O/domestic-abuse-risk-assessment-concern"),
    q("any causes of concern", "concern"),
    q("was the concern about domestic abuse suspects alleviated", "concern", "O/domestic-abuse-suspects-concern-2015"),
    q("causes of concern about missing kids", "concern", "O/missing-children-concern"),
    q("mispers concern", "concern", "O/missing-children-concern"),
    q("is the dash concern resolved", "concern", "O/domestic-abuse-risk-assessment-concern"),
    # ------------------------------------------------------------ recommendations
    q("what did they recommend about stop and search", "rec", "N/national-stop-search"),
    q("have they met the vetting recommendation", "rec", "N/national-vetting"),
    q("what should the force do about missing children", "rec", "O/missing-children-rec"),
    q("recommendations on domestic abuse", "rec", "O/domestic-abuse-risk-assessment-rec"),
    q("rocu action plan progress", "rec", "O/rocu-action-plan"),
    q("iom recommendation", "rec", "N/national-iom"),
    # ------------------------------------------------------------ practice
    q("any innovative practice on missing people", "practice", "N/practice-locate-team"),
    q("good practice detective academy", "practice", "N/practice-detective-academy"),
    q("what good practice did they find", "practice"),
    q("digital kiosks", "", "N/practice-digital-kiosks"),
    # ------------------------------------------------------------ compare
    q("what changed between 2016 and 2021 for vulnerable people", "compare", "N/vulnerable", "O/vulnerability"),
    q("has investigating crime got worse since 2016", "compare", "N/investigating-crime", "O/investigating"),
    q("compare serious organised crime 2016 vs 2021", "compare", "N/serious-organised-crime", "O/serious-organised-crime"),
    q("how has tackling organised crime changed", "compare", "N/serious-organised-crime", "O/serious-organised-crime"),
    # ------------------------------------------------------------ search-style questions
    q("anything on knife crime?", "", "N/stat-knife-crime"),
    q("tell me about body worn video", ""),
    q("what did the report say about county lines", ""),
    q("is there anything on modern slavery", ""),
    q("tell me about mental health", ""),
    q("what about cyber crime", ""),
    q("cse", ""),
    q("what does it say about child sexual exploitation in 2021", "", only="N"),
    q("what about kids", ""),
    q("staff wellbeing", "", "N/workforce|N/finding-wellbeing", "N/workforce"),
    q("officer welfare", "", "N/workforce|N/finding-response-demand"),
    q("wmp spend per head", "stat|find", "O/neighbourhood-policing-spend"),
    q("tell me about ocgs", ""),
    q("bob-e chat robot", "", "N/stat-bob-e"),
    q("what about thrive", "", "N/stat-thrive-used-well"),
    q("does hmicfrs say anything about the detective academy", "", "N/practice-detective-academy"),
    q("what did the peel report say about vetting", ""),
    q("tell me about the locate team", "", "N/practice-locate-team"),
    q("what about stop & search", ""),
    q("hmic on neighbourhood policing", ""),
    # ------------------------------------------------------------ slang, typos, loose wording
    q("wat grade did wmp get for investigatin", "grade", "N/investigating-crime", "O/investigating"),
    q("how r they doing on domestic violence", "find", "O/dvpo-dvpn"),
    q("tell me abt knife crime in 2021", "find", "N/stat-knife-crime", facts=("1.55",), only="N"),
    q("how well do they protect children", "grade", "N/vulnerable", "O/vulnerability"),
    q("do they have enough detectives", "find", "N/practice-detective-academy"),
    q("is there a cause of concern about domestic abuse", "concern", "O/domestic-abuse-risk-assessment-concern"),
    q("what grade for armed threats", "grade", "N/armed-threats"),
    q("victims satisfaction 2016", "find|stat", "O/victim-satisfaction-panel", facts=("82.2",), only="O"),
    q("have they fixed the backlog in computer examinations", "find", "O/htcu-turnaround|O/htcu-computers-awaiting"),
    q("how good is wmp", "grade|summary"),
    q("what's the overall grade", "grade", "O/overall", facts=("Good",)),
    q("what is the thrive model", "find", "O/thrive-inaccurate-assessment|O/thrive-plus-model"),
    q("what did the inspectors find on modern slavery", "find", "O/modern-slavery-and-fgm-work"),
    q("what are the biggest problems", "aoi"),
    q("what went well", "grade|summary"),
    q("list all the grades", "grade|summary"),
    q("show me every recommendation", "rec", "N/national-stop-search"),
    q("what did they recommend in 2016", "rec", only="O"),
    q("how many causes of concern were there", "concern", "O/domestic-abuse-risk-assessment-concern"),
    q("are victims being let down", "grade", "N/victims", facts=("Requires improvement",)),
    q("what is the crime rate compared to england and wales", "stat|find", "O/crime-rate-recorded", facts=("66.7",)),
    q("how are sex offenders managed", "grade", "N/managing-offenders", facts=("Adequate",)),
    q("are they good at preventing anti-social behaviour", "grade", "N/preventing-crime", "O/preventing"),
    q("what's happening with the vetting backlog", "", "N/stat-vetting-backlog-now", facts=("2,300",)),
    # the 2021/22 report has no cause of concern: saying so is the right answer
    q("any concerns in 2021", NO),
    # ------------------------------------------------------------ out of scope: other forces
    q("how good are greater manchester at investigating crime", NO),
    q("gmp grade", NO),
    q("what did the met get for victims", NO),
    q("metropolitan police knife crime", NO),
    q("how is merseyside police doing", NO),
    q("west yorkshire 999 answer rate", NO),
    q("avon and somerset vetting", NO),
    q("devon and cornwall summary", NO),
    q("police scotland grades", NO),
    q("south wales police rating for victims", NO),
    q("is staffordshire police any good", NO),
    q("compare west midlands with west mercia", NO),
    q("west yorks knife crime", NO),
    q("avon 999 calls", NO),
    # ------------------------------------------------------------ out of scope: years
    q("grade investigating 2019", NO),
    q("what was the 2018 peel grade for victims", NO),
    q("knife crime in 2024", NO),
    q("summary 2014", NO),
    # ------------------------------------------------------------ out of scope: topics, other inspectorates
    q("zebra crossings", NO),
    q("how are they handling drones", NO),
    q("what about the fire service", NO),
    q("fire and rescue inspection grade", NO),
    q("prison inspection findings", NO),
    q("what did ofsted say", NO),
    q("how are the courts performing", NO),
    q("probation grades", NO),
    # an organisation judged on a topic is the scope, not a search word: WMP's grade is no answer
    q("how is the national crime agency doing", NO),
    q("how is the nca performing", NO),
    q("how good is the nca at tackling soc", NO),
    q("how good is the probation service at iom", NO),
    q("how good are the probation services at iom", NO),
    q("how good is the fire service at iom", NO),
    # ... but where the reports mention it, beside a topic it is searched for (2016: 79 referrals)
    q("how many trafficking referrals to the NCA", "stat", "O/human-trafficking-referral-count", facts=("79",)),
    q("how many parking fines", NO),
    q("football banning orders", NO),
    q("what's the weather forecast", NO),
]


def test_there_are_enough_questions() -> None:
    assert len(QUESTIONS) >= 80
    assert sum(c.verb == NO for c in QUESTIONS) >= 20


@pytest.mark.parametrize("case", QUESTIONS, ids=[c.text[:50] for c in QUESTIONS])
def test_question(case: Q, engine: Engine, kb) -> None:
    assert problems(case, engine, kb) == []
