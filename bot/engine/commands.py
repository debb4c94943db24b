"""The ``/peel`` commands, one record each: adding a command touches this file only.

Each ``Command`` says what words name it when typed first, what kinds of entry it searches, how
its replies are titled and counted, its help line, and the question words that ask for it when
no command word is typed (read by ``bot.engine.question``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import get_args

from bot.knowledge.models import Kind

KIND_NAMES: dict[str, tuple[str, str]] = {
    "area": ("area", "areas"),
    "improvement": ("area for improvement", "areas for improvement"),
    "concern": ("cause of concern", "causes of concern"),
    "recommendation": ("recommendation", "recommendations"),
    "national_recommendation": ("national recommendation", "national recommendations"),
    "practice": ("innovative practice", "innovative practice"),
    "finding": ("finding", "findings"),
    "statistic": ("statistic", "statistics"),
    "inconsistency": ("inconsistency", "inconsistencies"),
}


@dataclass(frozen=True)
class Command:
    """One command: its names, what it searches, how its replies read, and how it is asked for."""

    name: str
    aliases: tuple[str, ...]  # words naming it when typed first (besides its name)
    kinds: tuple[str, ...]  # kinds of entry searched; () for the grade and overview commands
    title: str  # the reply's header
    noun: tuple[str, str]  # what its answer is made of, singular and plural
    args: str  # how it is typed, for help
    help: str  # what it gives, for help
    asked: str = ""  # question words asking for it, '|'-separated ('how many|percentage')
    question_kinds: tuple[str, ...] = ()  # kinds searched when asked in words, if wider

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


AREA = KIND_NAMES["area"]
# improvement asked for as what someone wants done ('what do they need to do better on', 'what did
# inspectors want changed', 'what were they told to improve'): scaffolding of ``aoi``, never topic
# words and never ``rec`` ('what did they tell them to do about' stays a recommendation)
_WANTING = ("need", "needs", "needed", "want", "wants", "wanted")
_IMPROVING = (
    "improve", "fix", "change", "do better", "work on", "address", "sort out", "get better", "be better",
)
_IMPROVED = (
    "improving", "improved", "improvement", "fixing", "fixed", "changing", "changed", "work", "attention",
    "addressing", "sorting", "sorting out", "sorted", "sorted out", "doing", "done",
)
_WANTED_OF = (
    *_WANTING, "told", "asked", "urged", "advised", "expected", "required", "have", "has", "had", "got",
    *(f"{w} {who}" for w in _WANTING for who in ("us", "them", "the force", "it")),
)
IMPROVEMENT_WANTED = "|".join(
    (
        *(f"{who} to {what}" for who in _WANTED_OF for what in (*_IMPROVING, "do", "do about")
          if what in _IMPROVING or " " in who),  # 'want us to do' (not 'need to do': a recommendation)
        *(f"{who} {what}" for who in _WANTING for what in _IMPROVED),
    )
)
COMMANDS: tuple[Command, ...] = (
    Command(
        "help", ("?",), (), "PEEL inspection findings", ("command", "commands"), "",
        "what I can do, with examples",
    ),
    Command(
        "grade", ("grades",), (), "Grades", AREA, "<area> [year]", "the grade(s) for an area, per report",
        asked="how good|any good|how well|how effective|how did|how do|how does|how is|how are|how were|"
        "how was|how have|how has|rated|rating|ratings|graded|grade|grades|grading|judged|judgment|"
        "judgement|failing|good at|summary|score on|scored|let down|went well|doing well|strengths|"
        "strength|get for|got for|awarded|scored for|scored in|"
        "scoring for|scoring on|scoring in",  # 'did they score' too (bot.engine.question.SCORERS)
    ),
    Command(
        "aoi", ("aois", "afi", "afis", "improvement", "improvements"), ("improvement",),
        "Areas for improvement", KIND_NAMES["improvement"], "<topic> [year]",
        "areas for improvement, verbatim (also: afi, improvement)",
        asked="improve|improvement|improvements|improving|wrong|problem|problems|weakness|weaknesses|weak|"
        "fall short|falls short|shortcomings|failings|needs fixing|need fixing|needs to improve|"
        "need to improve|do better|could do better|gaps|afi|afis|aoi|aois|area for improvement|"
        "areas for improvement|criticise|criticised|criticises|criticism|criticisms|criticize|criticized|"
        "criticizes|critical of|issue|issues|the issue with|room for improvement|" + IMPROVEMENT_WANTED,
        question_kinds=("improvement", "concern"),  # 'what's wrong with…' means causes of concern too
    ),
    Command(
        "concern", ("concerns", "coc"), ("concern",), "Causes of concern", KIND_NAMES["concern"],
        "<topic> [year]", "causes of concern and their recommendations (also: coc)",
        asked="concern|concerns|cause of concern|causes of concern|alleviated|sorted|sorted out|sort out|"
        "resolved|fixed|fix|coc|red flag|red flags|warning sign|warning signs|alarm bells|worries|worrying|"
        "most worrying|serious concerns|get done|got done|gets done|getting done|been done|implemented|"
        "actioned|acted on|acted upon|dealt with|put right|been addressed",
    ),
    Command(
        "rec", ("recs", "recommendation", "recommendations"), ("national_recommendation", "recommendation"),
        "Recommendations", KIND_NAMES["recommendation"], "<topic> [year]",
        "recommendations: national ones and those under causes of concern",
        asked="recommend|recommended|recommends|recommendation|recommendations|should|rec|recs|met the|met|"
        "progress|tell them to|told them to|tell them to do|told them to do|asked them to|told the force to|"
        "need to do|needs to do|have to do|has to do|must do|must|to do about|what they were told|"
        "what it was told|what the force was told|what we were told|were told to do|was told to do",
        # 'what should they do about…' is answered by areas for improvement too ('the force should…')
        question_kinds=("national_recommendation", "recommendation", "improvement"),
    ),
    Command(
        "stat", ("stats", "statistic", "statistics"), ("statistic",), "Key statistics",
        KIND_NAMES["statistic"], "<topic> [year]", "key statistics with comparator, period and source",
        asked="how many|how much|how long|how big|how often|how high|how quickly|how fast|percentage|"
        "percent|proportion|rate|"
        "rates|figure|figures|number|numbers|statistic|statistics|stat|stats|what share|count|total|"
        "change in|increase in|rise in|fall in|drop in|reduction in|decrease in|go up|went up|gone up|"
        "go down|went down|gone down|going up|goes up|going down|goes down|rise|rises|rising|risen|rose|"
        "how does it compare|how do they compare|how does that compare|how does this compare|"
        "how do we compare",
    ),
    Command(
        "practice", ("practices",), ("practice",), "Innovative practice", KIND_NAMES["practice"],
        "<topic> [year]", "innovative practice",
        asked="practice|practices|innovative|good practice|best practice|innovative practice",
    ),
    Command(
        "find", ("search",), get_args(Kind), "Search results",
        ("finding, statistic or recommendation", "findings, statistics and recommendations"),
        "<words>", "search every finding, statistic and recommendation",
    ),
    Command(
        "compare", (), (), "Grades across reports", AREA, "<area>",
        "an area's grades across reports, with the inspectorate's caveat",
        asked="since|between|got worse|got better|gotten worse|gotten better|over time|before and after|"
        "getting better|getting worse|get better|get worse|better now|worse now|better now than|"
        "worse now than|better than it was|worse than it was|better than before|worse than before",
    ),
    Command("summary", (), (), "Grades at a glance", AREA, "[year]", "every grade of a report at a glance"),
    Command(
        "digest", (), (), "Daily digest", ("digest", "digests"), "…",
        "daily digest subscriptions (in a channel)",
    ),
)  # fmt: skip
BY_NAME = {command.name: command for command in COMMANDS}
VERBS = {name: command.name for command in COMMANDS for name in command.names}  # typed word -> command
