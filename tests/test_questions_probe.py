"""Two question sets written blind for issue 8 by test authors who never saw the code (the "dev"
sets: /work/probes/dev/dev_a.py and dev_b.py), kept as regression tests once the bot was fixed by
*cause*, not by case.

Untouched, the bot answered 45/67 (dev_a) and 47/62 (dev_b) right — 92/129, 71 %; out of scope
18/19. The 37 failures, by cause (two questions have two):

- a figure asked for without a figure intent word (14; all now read as `stat`, one still ranked
  wrong): "rate"/"score" inside a phrase the knowledge uses ("the 999 answer rate", "crime
  severity score"), "%", "per 1,000", "share of", "change in", or a comparator ("vs E&W",
  "compared with england and wales", "the worst force for") — read as `find`, or as `compare`
  ("compared with");
- the force as a whole asked about in words the reader did not know (3 → 0): "how west midlands
  police did in their latest inspection", every grade asked for with no topic (now the
  `summary` it is);
- chat and abbreviations the reader did not know (4 → 0): "wots", "sorry if this is a dumb
  question … hows it going", "money wise", "10 secs";
- a grade word used as an adjective (1 → 0): "outstanding domestic abuse suspects";
- vocabulary (2 → 1): "organised crime gangs"; "hi-tech" (now known, but see below);
- another inspectorate's subject (1 → 0): the Crown Prosecution Service;
- the kind asked for holds no entry with every word while another kind does (1 → 0): "good
  practice on finding missing people" (a finding holds every word; the practice is now answered
  less "finding");
- ranking among entries of the right kind (4 → 3; the headline's share of the ordering score
  lowered from 0.15 to 0.10, so coverage of the words decides and the headline only orders close
  results: 'recorded crime per 1,000 population 2016') and meaning the words do not carry, or an
  expectation the reading disagrees with (9 → 8; 'is the force value for money' is now the grade
  of the section it names): the known misses below.

After: 60/67 and 58/62 — 118/129, 91 %; out of scope 19/19.

Known misses (not tested here; each is a cause still open):
- 'how good are they at recording crime accurately': no area holds "recording crime" as a phrase
  (its label is "Recording data about crime"); answered by search, the accuracy figure first.
- 'charge/summons rate 2016': the domestic abuse "Charged / Summoned" figure outranks the crime
  outcomes one ("summoned" is simplemma's form of "summons", "summonsed" only a look-alike).
- 'reoffending rate for offenders on the IOM scheme': the IOM caseload figure holds "offenders"
  and "scheme" and outranks the re-offending rate, whose label holds "rate" (an intent word).
- 'how much did recorded crime go up in the year to june 2016': the five-year change's text holds
  "June"; nothing reads "the year" as "one-year".
- 'what are they doing well to make the workforce more representative': "doing well" asks for a
  grade; "representative" is not "representation" to the lemmatiser (nor to a Snowball stemmer).
- 'how well do control room staff use THRIVE': "how well" asks for a grade; the THRIVE figure
  is shown third, under the grades of the sections covering it (the test expects the figure).
- 'how many computers were waiting for examination in the hi-tech crime unit': the figure's
  label is "Digital examination backlog"; no entry holds every word, and two are extra.
- 'ocg mapping - was the 2016 problem still there in 2021?': the 2021/22 area for improvement
  says "serious and organised crime" mapping, not OCG.
- 'are west mids police any good at catching burglars': no entry holds "catching" (read as arrest,
  apprehend) and burglary together, and "catching" is not a word the reports use, so it is never
  left out.
- 'is stop and search in the west midlands racist' (reading "racist" as the reports' words on
  disproportionality and bias answers it, but also 'is the force racist', which an earlier blind
  set rightly expects to be an honest no-match), 'how often do domestic abuse cases collapse
  because the victim pulls out': words no report uses ("racist", "collapse", "pulls out") are
  never left out, so these stay honest no-matches rather than guesses.
"""

# ruff: noqa: E501  (one question per line reads best as a table)
from __future__ import annotations

import pytest

from bot.engine.answer import Engine
from tests.questions_support import NO, Q, problems, q

DEV_A: list[Q] = [
    # analyst
    q('investigating grade 2021/22 for wmp', 'grade', 'N/investigating-crime', facts=('Requires improvement',), only='N'),
    q('can i get every area grade from the 2021 report pls', 'summary', only='N'),
    q('workforce grade 2021', 'grade', 'N/workforce', facts=('Adequate',), only='N'),
    q('managing offenders & suspects - what grade did they get', 'grade', 'N/managing-offenders', facts=('Adequate',)),
    q('SOC grade 2021/22', 'grade', 'N/serious-organised-crime', facts=('Good',), only='N'),
    q('grade for protecting the public against armed threats 2021', 'grade', 'N/armed-threats', only='N'),
    q('2016 grade for preventing crime and tackling asb', 'grade', 'O/preventing', facts=('Good',), only='O'),
    q('what percentage of 999 calls do they answer in 10 secs', 'stat', 'N/stat-999-answer-rate', facts=('87.6',)),
    q('knife crime offences per 1,000 population', 'stat', 'N/stat-knife-crime', facts=('1.55',)),
    q('domestic abuse incidents per 1,000 in 2021 compared with england and wales', 'stat', 'N/stat-domestic-abuse-incidents', facts=('29.8', '20.4'), only='N'),
    q('victim satisfaction rate 2016 vs E&W', 'stat', 'O/victim-satisfaction-panel', facts=('82.2', '83.3'), only='O'),
    q('how many ocgs per million population', 'stat', 'O/ocgs-per-million-panel', facts=('18',)),
    q('asb incidents per 1,000 people in 2016', 'stat', 'O/asb-incidents-2016|O/asb-reduction', facts=('21',), only='O'),
    q('five year change in recorded crime 2016', 'stat', 'O/crime-change-5-years-text', facts=('10.8',), only='O'),
    q('GAIN referrals per 100 OCGs', 'stat', 'O/gain-referrals', facts=('125.0',)),
    q('how many staff still need vetting', 'stat|rec', 'N/stat-vetting-backlog-now|N/stat-vetting-needed|N/national-vetting', facts=('2,300',)),
    # pcc
    q('has the missing kids concern from 2016 been sorted?', 'concern', 'O/missing-children-concern', facts=('has not been alleviated',), only='O'),
    q('any causes of concern in the 2021/22 inspection?', 'no'),
    q('did they fix the backlog of outstanding domestic abuse suspects from 2015', 'concern', 'O/domestic-abuse-suspects-concern-2015', facts=('has been alleviated',)),
    q('recommendation on supervising DASH risk assessments', 'rec|concern', 'O/domestic-abuse-risk-assessment-rec|O/domestic-abuse-risk-assessment-concern'),
    q('have wmp met the 2019 vetting recommendation yet', 'rec', 'N/national-vetting', facts=("hasn't yet met the recommendation made in 2019",)),
    q('what was recommended about the ROCU action plan', 'rec', 'O/rocu-action-plan'),
    q('do they record the ethnicity and disability of crime victims properly?', 'aoi|find', 'N/afi-victim-diversity'),
    q('2016 afis for organised crime - all of them', 'aoi', 'O/ocg-mapping-afi|O/four-p-afi|O/soc-impact-afi', 'O/ocg-mapping-afi', 'O/four-p-afi', 'O/soc-impact-afi', only='O'),
    q('what did they say they need to improve about demand and priorities', 'aoi', 'N/afi-demand-priorities'),
    q('workloads of specialist investigators for vulnerable people - improvement needed?', 'aoi', 'O/vulnerable-investigations-afi'),
    q('how many named DA suspects were outstanding in 2015', 'stat|concern', 'O/domestic-abuse-suspects-2015-count|O/domestic-abuse-suspects-concern-2015', facts=('750',)),
    q('any concerns about domestic abuse?', 'concern', 'O/domestic-abuse-risk-assessment-concern|O/domestic-abuse-suspects-concern-2015'),
    # inspector
    q('whats changed for vulnerable people since 2016', 'compare', 'N/vulnerable', 'O/vulnerability'),
    q('compare prevention between 2016 and 2021', 'compare', 'N/preventing-crime', 'O/preventing'),
    q('anything innovative they do?', 'practice', 'N/practice-detective-academy|N/practice-locate-team|N/practice-digital-kiosks|N/practice-workforce-representation'),
    q('good practice on finding missing people', 'practice', 'N/practice-locate-team'),
    q('MoRiLE', 'aoi|find', 'N/afi-soc-mapping|N/finding-spr-threats|O/morile-threat-assessment|O/vulnerability-understanding', 'N/afi-soc-mapping'),
    q('what % of stop and search records had a reasonable rationale', 'stat', 'N/stat-stop-search-rationale', facts=('93',)),
    q('how much demand does the Bob-E chat robot take off call handlers', 'stat|find', 'N/stat-bob-e', facts=('29',)),
    # journalist
    q('is west mids the worst force for knife crime?', 'stat', 'N/stat-knife-crime', facts=('1.55',)),
    q('how many officers are wmp recruiting under the uplift', 'stat', 'N/stat-uplift-recruits', facts=('2,800',)),
    q('are they any good at investigating crime?', 'grade', 'N/investigating-crime', 'O/investigating', facts=('Requires improvement',)),
    q('what % of the public are satisfied with local policing', 'stat', 'O/public-satisfaction', facts=('47',)),
    q('how many people subscribe to WMNow', 'stat', 'N/stat-wmnow-subscribers', facts=('70,000',)),
    q('how many missing foreign nationals were safeguarded', 'stat', 'N/stat-foreign-nationals-safeguarded', facts=('24',)),
    # newuser
    q('hi, could you tell me how west midlands police did overall in 2016?', 'grade|summary', 'O/overall', facts=('Good',), only='O'),
    q('whats the 999 answer rate', 'stat', 'N/stat-999-answer-rate', facts=('87.6',)),
    q('*grade* investigating `2016`', 'grade', 'O/investigating', facts=('Good',), only='O'),
    q('mispers concern', 'concern', 'O/missing-children-concern'),
    q('anything on county lines?', ''),
    # command
    q('grade vulnerable 2016', 'grade', 'O/vulnerability', facts=('Requires improvement',), only='O'),
    q('aoi sex offenders 2016', 'aoi', 'O/sex-offender-management-afi', only='O'),
    q('rec rocu', 'rec', 'O/rocu-action-plan'),
    q('compare investigating', 'compare', 'N/investigating-crime', 'O/investigating'),
    q('stat burglary 2016', 'stat', 'O/crime-rate-burglary', facts=('11.0',), only='O'),
    # oos
    q('gmp protecting vulnerable people grade', 'no'),
    q('kent police 999 answer rate', 'no'),
    q('merseyside knife crime per 1000', 'no'),
    q('wmp peel grades 2018', 'no'),
    q('investigating grade 2024', 'no'),
    q('west midlands fire service inspection rating', 'no'),
    q('how many drones does wmp have', 'no'),
    q('police precept council tax increase', 'no'),
    q('police dogs and mounted unit', 'no'),
]
DEV_B: list[Q] = [
    # journalist
    q('are they failing domestic abuse victims', '', 'O/domestic-abuse-risk-assessment-concern|N/vulnerable|O/vulnerability|N/finding-vulnerability-understanding|O/dash-concern-not-alleviated'),
    q('what percentage of 999 calls does wmp answer on time', 'stat', 'N/stat-999-answer-rate', facts=('87.6',)),
    q('was west midlands police rated inadequate for anything', 'no'),
    q('how many wmp staff still havent been vetted', 'stat|rec|find', 'N/stat-vetting-needed|N/national-vetting|N/stat-vetting-backlog-now|N/stat-vetting-2018-19'),
    q('how many organised crime gangs are there in the west midlands', 'stat|find', 'O/ocgs-per-million-panel|N/afi-soc-mapping'),
    q('whats west midlands crime severity score', 'stat', 'N/stat-crime-severity-score', facts=('18',)),
    q('how many of the cases inspectors looked at were investigated properly', 'stat', 'N/stat-cases-investigated-effectively', facts=('73',)),
    q('how many people are wanted on the PNC by west midlands police', 'stat', 'O/pnc-wanted-rate|O/pnc-non-bail'),
    q('gun crime in the west midlands - how bad is it', 'stat|find', 'N/stat-firearms-offences', facts=('24.5',)),
    q('how many domestic abuse suspects are still outstanding', 'stat|find', 'O/domestic-abuse-suspects-outstanding|O/domestic-abuse-suspects-2015-count|O/domestic-abuse-suspects-alleviated'),
    # newuser
    q('hi can you tell me how west midlands police did in their latest inspection', 'summary|grade', 'N/victims|N/crime-data-integrity|N/treatment-of-public|N/preventing-crime|N/responding|N/investigating-crime|N/vulnerable|N/managing-offenders|N/serious-organised-crime|N/workforce|N/resources', only='N'),
    q('tell me about the detective academy', 'practice|find', 'N/practice-detective-academy|O/detective-academy-cpd'),
    q('wots knife crime like in the west mids', 'stat|find', 'N/stat-knife-crime', facts=('1.55',)),
    q('hi, could you tell me what grade they got for preventing crime in 2016?', 'grade', 'O/preventing', facts=('Good',), only='O'),
    q('what about people with mental health problems', '', 'O/mental-health|N/finding-expertise|O/overall-mental-health|O/vulnerability-summary-mental-health|O/mental-health-flagged-incidents|O/mental-health-input'),
    q('what does it say about staff wellbeing', '', 'N/finding-wellbeing|N/finding-wellbeing-pandemic|N/workforce'),
    q('how is the force doing money wise', '', 'N/resources|N/finding-finances|O/neighbourhood-policing-spend'),
    q('`grade vulnerable 2021`', 'grade', 'N/vulnerable', facts=('Requires improvement',), only='N'),
    q('sorry if this is a dumb question but what is iom and hows it going', '', 'N/national-iom|N/finding-iom|O/integrated-offender-management|O/iom-scheme|N/managing-offenders|O/investigating-summary-iom'),
    q('whats the reoffending rate for iom offenders', 'stat', 'O/iom-reoffending-percent|O/iom-reoffending-rate', facts=('17',)),
    q('how many ppl subscribe to wmnow', 'stat', 'N/stat-wmnow-subscribers', facts=('70,000',)),
    q('what grade for treating people fairly', 'grade', 'N/treatment-of-public', facts=('Good',)),
    q('cse what did they find in 2021', '', 'N/finding-vulnerability-understanding|N/vulnerable|N/practice-locate-team|N/afi-sex-offenders|N/finding-spr-future', only='N'),
    q('do wmp have enough detectives', '', 'N/afi-investigations|N/afi-demand-priorities|N/finding-investigation-demand|N/practice-detective-academy|N/investigating-crime|N/hmi-investigating'),
    q('what is the burglary rate', 'stat', 'O/crime-rate-burglary', facts=('11.0',)),
    q("what's the deal with the locate team", 'practice|find', 'N/practice-locate-team|O/locate-team'),
    q('do they have a MASH', '', 'N/finding-mash|O/mash|O/mash-processes'),
    q('body worn video use by west mids officers', '', 'N/finding-fair-stop-search|O/golden-hour'),
    # command
    q('grade investigating 2016', 'grade', 'O/investigating', facts=('Good',), only='O'),
    q('aoi vetting', 'no'),
    q('stat 101', 'stat', 'N/stat-101-answer-rate|N/stat-101-abandoned'),
    q('rec stop and search', 'rec', 'N/national-stop-search'),
    q('compare investigating', 'compare', 'N/investigating-crime', 'O/investigating', facts=('Requires improvement',)),
    q('aoi sex offenders 2016', 'aoi', 'O/sex-offender-management-afi', only='O'),
    q('stat ocgs 2016', 'stat', 'O/ocgs-per-million-panel', facts=('18',), only='O'),
    q('aoi demand 2021/22', 'aoi', 'N/afi-demand-priorities', only='N'),
    q('stat burglary', 'stat', 'O/crime-rate-burglary', facts=('11.0',)),
    # analyst
    q('recorded crime per 1,000 population 2016', 'stat', 'O/crime-rate-recorded', facts=('66.7',), only='O'),
    q('what changed between 2016 and 2021 for serious and organised crime', 'compare', 'N/serious-organised-crime', 'O/serious-organised-crime', facts=('Good',)),
    q('charge rate 2016', 'stat', 'O/outcome-charged-summonsed', facts=('14.2',), only='O'),
    q('share of recorded crime with a vulnerable victim', 'stat', 'O/vulnerable-victim-crime-share', facts=('29.9',)),
    # pcc
    q('where are they at with the vetting recommendation', 'rec', 'N/national-vetting'),
    q('is the force value for money', 'grade', 'N/resources', facts=('Good',)),
    q('what did they tell them to do about investigations in 2021', 'aoi|rec', 'N/afi-investigations', only='N'),
    # inspector
    q('was the DA suspects cause of concern alleviated', 'concern', 'O/domestic-abuse-suspects-concern-2015', facts=('has been alleviated',)),
    q('apstra 2021', 'find|', 'N/finding-apstra', only='N'),
    q('how many outcome 16 cases were categorised accurately', 'stat', 'N/stat-outcome-16-accurate', facts=('28 out of 30',)),
    q('dash risk assessment concern 2016 recommendation', 'concern|rec', 'O/domestic-abuse-risk-assessment-concern|O/domestic-abuse-risk-assessment-rec', only='O'),
    # oos
    q('what grade did greater manchester police get for investigating crime', 'no'),
    q("the met's knife crime rate", 'no'),
    q('is staffordshire police good at protecting vulnerable people', 'no'),
    q('avon and somerset domestic abuse grade', 'no'),
    q('wmp peel grades 2023', 'no'),
    q('how good is west midlands fire service', 'no'),
    q('how is the crown prosecution service performing in the west midlands', 'no'),
    q('how many complaints were made against wmp officers', 'no'),
    q('does west midlands police use facial recognition', 'no'),
    q('how quick are west midlands ambulance response times', 'no'),
]


@pytest.mark.parametrize("case", DEV_A + DEV_B, ids=[c.text[:50] for c in DEV_A + DEV_B])
def test_dev_question(case: Q, engine: Engine, kb) -> None:
    assert problems(case, engine, kb) == []


def test_dev_sets_hold_out_of_scope_questions() -> None:
    """Out-of-scope questions (other forces, years with no report, other inspectorates' subjects)
    stay in the regression set: each must get an honest no-match."""
    assert sum(c.verb == NO for c in DEV_A + DEV_B) >= 15
