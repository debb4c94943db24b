"""Several forces side by side (issue 13): the real West Midlands reports beside fictional forces
of both rounds (tests/fictional.py, imported into tests/fixtures/), three of them in 2021/22.

Force-scoped questions, the cross-force comparison, "not loaded" answers and App Home are checked
through the engine and end to end through the Slack path (signed requests to the real WSGI app,
answering through the fake Slack); no reply may state a grade for the wrong force.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.config import ConfigError
from bot.engine.answer import Engine
from bot.engine.scope import round_key
from bot.knowledge.loader import KnowledgeBase, KnowledgeError, load_knowledge
from bot.knowledge.models import Area
from tests import fictional
from tests.fakeslack import event_body, signed_post
from tests.slack_support import SECRET

ROOT = Path(__file__).resolve().parents[1]
WMP = "West Midlands Police"


def _project(root: Path) -> Path:
    """A project directory holding the real knowledge and seeds plus every fictional force's."""
    (root / "knowledge").mkdir(parents=True)
    (root / "seeds").mkdir()
    for source in (ROOT, fictional.FIXTURES):
        for path in (source / "knowledge").glob("peel-*.yaml"):
            shutil.copy(path, root / "knowledge")
        for path in (source / "seeds").glob("*.txt"):
            shutil.copy(path, root / "seeds")
    shutil.copy(ROOT / "knowledge" / "topics.yaml", root / "knowledge")
    return root


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return _project(tmp_path_factory.mktemp("forces"))


@pytest.fixture(scope="module")
def kb(project) -> KnowledgeBase:
    """Overrides the session's real-knowledge ``kb`` here, so the Slack app serves every force."""
    return load_knowledge(project / "knowledge")


@pytest.fixture(autouse=True)
def _default_force(monkeypatch):
    monkeypatch.setenv("PEEL_DEFAULT_FORCE", "wmp")


@pytest.fixture(scope="module")
def engine(kb) -> Engine:
    return Engine(kb, default_force="wmp")


def _reports_of(kb: KnowledgeBase, force: str) -> set[str]:
    return {r.meta.id for r in kb.reports if r.meta.force == force}


def _area(kb: KnowledgeBase, report_id: str, area_id: str) -> Area:
    return next(a for r in kb.reports if r.meta.id == report_id for a in r.data.areas if a.id == area_id)


def _texts(blocks: list[dict]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


# --------------------------------------------------------------------------- loading


def test_forces_of_one_round_share_its_label(kb):
    by_round = Counter((round_key(r.meta), r.meta.label) for r in kb.reports)
    assert by_round[2021, "2021/22"] >= 3 and by_round[2016, "2016"] >= 2
    assert len({r.meta.force for r in kb.reports}) == 4


def test_one_force_may_not_use_a_label_twice(project, tmp_path):
    root = _project(tmp_path / "copy")
    wessex = (root / "knowledge" / "peel-2021-22-wessex.yaml").read_text(encoding="utf-8")
    twin = wessex.replace("id: peel-2021-22-wessex", "id: peel-2021-22-wessex-twin", 1)
    (root / "knowledge" / "peel-2021-22-wessex-twin.yaml").write_text(twin, encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(root / "knowledge")
    assert "label/alias '2021/22' of Wessex Constabulary is also used by" in str(caught.value)


# --------------------------------------------------------------------------- force as scope


@pytest.mark.parametrize("short", ["wessex", "mercia", "avalon", "wmp", "West Midlands Police"])
def test_every_grade_named_is_the_named_forces(kb, engine, short):
    force = engine.scope.force_named(short)
    assert force is not None
    own = _reports_of(kb, force)
    for report in (r for r in kb.reports if r.meta.id in own):
        for area in report.data.areas:
            reply = engine.answer(f"grade {area.label or area.name} {short}")
            assert reply.entries, (short, area.id)
            assert all(uid.split("/")[0] in own for uid in reply.entries), (short, reply.entries)
            shown = _texts(reply.blocks)
            for uid in reply.entries:
                rid, aid = uid.split("/")
                stated = _area(kb, rid, aid)
                assert f"{stated.grade or 'Ungraded'}* — {stated.name}" in shown
            assert force in shown


def test_a_year_means_the_round_across_forces_default_force_first(kb, engine):
    reply = engine.answer("grade investigating 2021/22")
    reports = [uid.split("/")[0] for uid in reply.entries]
    forces = [next(r.meta.force for r in kb.reports if r.meta.id == rid) for rid in reports]
    assert forces[0] == WMP
    assert sorted(forces) == sorted({r.meta.force for r in kb.reports if r.meta.label == "2021/22"})
    assert all(rid.startswith("peel-2021-22") for rid in reports)


def test_a_report_labelled_with_its_force_is_still_of_its_round(kb):
    """An import labelled the old way ('2021/22 Mercia') belongs to its year's round all the same."""
    reports = [
        dataclasses.replace(r, meta=r.meta.model_copy(update={"label": "2021/22 Mercia", "aliases": []}))
        if r.meta.force == "Mercia Police"
        else r
        for r in kb.reports
    ]
    engine = Engine(KnowledgeBase(reports=reports, topics=kb.topics, root=kb.root), default_force="wmp")
    assert "peel-2021-22-mercia/investigating-crime" in engine.answer("grade investigating 2021/22").entries
    mercia = engine.answer("grade investigating mercia 2021/22")
    assert mercia.entries == ("peel-2021-22-mercia/investigating-crime",)
    grid = _texts(engine.answer("compare investigating crime").blocks)
    assert "PEEL 2021/22: 1 force Good, 2 forces Requires improvement" in grid


def test_a_short_form_and_a_year_anywhere(kb, engine):
    reply = engine.answer("aoi sex offenders wmp 2021/22")
    assert reply.entries and {uid.split("/")[0] for uid in reply.entries} == {"peel-2021-22-west-midlands"}
    wessex = engine.answer("aoi sex offenders wessex 2021/22")
    assert wessex.entries and {uid.split("/")[0] for uid in wessex.entries} == {"peel-2021-22-wessex"}


def test_a_force_with_no_report_loaded(kb, engine):
    reply = engine.answer("grade investigating cleveland")
    assert reply.text.startswith("No report for Cleveland Police is loaded.")
    assert reply.entries == ()
    for report in kb.reports:
        assert report.meta.force in reply.text
    assert f"{WMP} (2021/22, 2016)" in reply.text


def test_a_force_in_a_round_it_has_no_report_for(engine):
    reply = engine.answer("grade investigating mercia 2016")
    assert reply.text.startswith("No report for Mercia Police in 2016 is loaded.")
    assert reply.entries == ()


def test_without_a_force_every_force_grouped_default_first(kb):
    reply = Engine(kb, default_force="mercia").answer("find sex offenders")
    force_of = {r.meta.id: r.meta.force for r in kb.reports}
    forces = [force_of[uid.split("/")[0]] for uid in reply.entries]
    assert forces and forces[0] == "Mercia Police"


# --------------------------------------------------------------------------- summary, compare, home


def test_summary_is_the_default_forces_and_summary_force_anothers(kb, engine):
    mine = engine.answer("summary")
    assert mine.entries and {u.split("/")[0] for u in mine.entries} == _reports_of(kb, WMP)
    assert "That is your force" in mine.text or "your force" in _texts(mine.blocks)
    theirs = engine.answer("summary avalon")
    assert {u.split("/")[0] for u in theirs.entries} == _reports_of(kb, "Avalon Police")


def _expected_grid_head(kb: KnowledgeBase, area_id: str, label: str) -> str:
    grades = Counter(
        a.grade for r in kb.reports if r.meta.label == label for a in r.data.areas if a.id == area_id
    )
    scale = next(r.meta.grade_scale for r in kb.reports if r.meta.label == label)
    parts = [f"{n} force{'s' if n > 1 else ''} {g}" for g in scale for n in [grades[g]] if n]
    return ", ".join(parts)


def test_compare_is_a_grid_of_forces_per_round(kb, engine):
    reply = engine.answer("compare investigating crime")
    shown = _texts(reply.blocks)
    head = _expected_grid_head(kb, "investigating-crime", "2021/22")
    assert "1 force Good" in head and "2 forces Requires improvement" in head  # the fixtures differ
    assert f"Investigating crime, PEEL 2021/22: {head}" in shown
    assert f"*{WMP}* (your force)" in shown
    assert "Mercia Police" in shown and "Wessex Constabulary" in shown
    caveat = next(r.meta.caveat for r in kb.reports if r.meta.caveat)
    assert caveat.split()[0] in shown and "2 other reports" in shown
    assert "PEEL 2016" in shown  # the older round is its own grid
    texts = [b["text"]["text"] for b in reply.blocks if b["type"] == "section"]
    grid = next(text for text in texts if "PEEL 2021/22:" in text)
    for report in (r for r in kb.reports if r.meta.label == "2021/22"):
        grade = _area(kb, report.meta.id, "investigating-crime").grade
        row = next(line for line in grid.splitlines() if report.meta.force in line)
        assert f"*{grade}*" in row, (report.meta.force, row)


def test_compare_for_a_named_force_highlights_it_in_its_rounds(engine):
    reply = engine.answer("compare investigating crime wessex")
    shown = _texts(reply.blocks)
    assert "*Wessex Constabulary*" in shown and "(your force)" not in shown
    assert "PEEL 2016" not in shown  # Wessex has no 2016 report


def test_with_one_force_compare_is_across_rounds_as_before():
    from bot.knowledge import load_knowledge as load

    single = Engine(load(ROOT / "knowledge"))
    reply = single.answer("compare investigating")
    assert "PEEL 2021/22:" not in _texts(reply.blocks)
    assert len({u.split("/")[0] for u in reply.entries}) == 2


def test_home_shows_the_default_forces_grades_and_their_standing(kb, engine):
    shown = _texts([b.to_dict() for b in engine.home_blocks()])
    wmp = _area(kb, "peel-2021-22-west-midlands", "investigating-crime")
    others = [
        _area(kb, r.meta.id, "investigating-crime").grade
        for r in kb.reports
        if r.meta.label == "2021/22" and r.meta.force != WMP
    ]
    scale = kb.reports[0].meta.grade_scale
    higher = sum(scale.index(g) < scale.index(wmp.grade) for g in others if g)
    assert f"{wmp.grade}* — {wmp.name} · vs {len(others)} other forces: {higher} higher" in shown
    assert "Wessex Constabulary" in shown and "Avalon Police" in shown
    assert "An inspection of Mercia Police" not in shown  # only the default force's own reports


# --------------------------------------------------------------------------- the setting


def test_default_force_is_validated():
    with pytest.raises(ConfigError, match="PEEL_DEFAULT_FORCE='Kent' has no report loaded"):
        Engine(load_knowledge(ROOT / "knowledge"), default_force="Kent")


def test_ask_refuses_an_unknown_default_force_in_one_line(project, monkeypatch):
    monkeypatch.setenv("PEEL_DEFAULT_FORCE", "Narnia Police")
    result = CliRunner().invoke(main, ["ask", "--knowledge", str(project / "knowledge"), "summary"])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0
    assert "PEEL_DEFAULT_FORCE='Narnia Police' is not a force I know" in result.output


# --------------------------------------------------------------------------- through Slack


def test_slack_force_scoped_question(slack, kb):
    slack.command("how good is mercia at investigating crime")
    message = slack.reply()
    shown = _texts(message["blocks"])
    mercia = _area(kb, "peel-2021-22-mercia", "investigating-crime")
    assert f"{mercia.grade}* — {mercia.name}" in shown and "Mercia Police" in shown
    assert "West Midlands Police is" not in shown and "Wessex" not in shown


def test_slack_cross_force_compare(slack, kb):
    slack.command("compare investigating crime 2021/22")
    message = slack.reply()
    shown = _texts(message["blocks"])
    assert f"PEEL 2021/22: {_expected_grid_head(kb, 'investigating-crime', '2021/22')}" in shown
    assert f"*{WMP}* (your force)" in shown
    assert "PEEL 2016:" not in shown
    assert message["text"].startswith("Investigating crime, PEEL 2021/22:")


def test_slack_force_not_loaded(slack):
    slack.command("aoi sex offenders cleveland")
    message = slack.reply()
    assert message["text"].startswith("No report for Cleveland Police is loaded.")
    assert "Wessex Constabulary (2021/22)" in message["text"]


def test_slack_app_home_shows_the_default_forces_standing(slack):
    body = event_body({"type": "app_home_opened", "user": "U0HOME", "channel": "D0HOME", "tab": "home"})
    assert signed_post(slack.events, body, SECRET).status == 200
    (published,) = slack.fake.wait_for("views.publish")
    shown = _texts(published["view"]["blocks"])
    assert "other forces:" in shown and "Other forces loaded for 2021/22" in shown


# --------------------------------------------------------------------------- digest per force


def _forces_of(kb: KnowledgeBase, uids) -> set[str]:
    force_of = {r.meta.id: r.meta.force for r in kb.reports}
    return {force_of[uid.split("/")[0]] for uid in uids}


def test_slack_digest_subscribes_to_one_force_then_all(slack, kb):
    slack.command("digest subscribe wmp daily", channel_id="C0DIGEST")
    message = slack.reply()
    assert message["text"].startswith("Subscribed: a PEEL finding about West Midlands Police here at")
    slack.settle()
    digest = slack.services.digest
    queued = [r.uid for r in digest.store.deliveries("C0DIGEST")]
    assert queued and slack.fake.calls_to("chat.scheduleMessage")
    assert _forces_of(kb, queued) == {WMP}
    assert _forces_of(kb, (p.entry.uid for p in digest.plan("C0DIGEST", 40))) == {WMP}

    slack.command("digest subscribe all", channel_id="C0DIGEST", response_id="r2")
    assert slack.reply("r2")["text"].startswith("Subscribed: a PEEL finding here at")
    assert digest.store.subscription("C0DIGEST").force is None
    planned = _forces_of(kb, (p.entry.uid for p in digest.plan("C0DIGEST", 40)))
    assert WMP in planned and len(planned) > 1

    slack.command("digest status", channel_id="C0DIGEST", response_id="r3")
    assert "every force's findings" in slack.reply("r3")["text"]


def test_slack_digest_refuses_a_force_not_loaded(slack):
    slack.command("digest subscribe cleveland", channel_id="C0DIGEST")
    text = slack.reply()["text"]
    assert text.startswith("No report for Cleveland Police is loaded.") and "Wessex Constabulary" in text
    assert slack.services.digest.store.subscription("C0DIGEST") is None
    slack.command("digest subscribe narnia", channel_id="C0DIGEST", response_id="r2")
    assert slack.reply("r2")["text"].startswith("I don't understand `narnia`")


def test_a_digest_database_from_before_forces_is_upgraded(db_url):
    import sqlalchemy as sa

    from bot.digest.store import DigestStore
    from tests.digest_support import utc

    store = DigestStore.open(db_url)
    when = utc(2025, 1, 1)
    store.subscribe("C0OLD", post_time="08:00", cadence="daily", zone="UTC", user_id="U1", now=when)
    with store.engine.begin() as conn:  # the table as the previous version made it
        conn.execute(sa.text("ALTER TABLE digest_subscriptions DROP COLUMN force"))
    store.close()
    upgraded = DigestStore.open(db_url)
    try:
        columns = {c["name"] for c in sa.inspect(upgraded.engine).get_columns("digest_subscriptions")}
        assert "force" in columns
        old = upgraded.subscription("C0OLD")
        assert old is not None and old.force is None and old.post_time == "08:00"  # every force, as before
    finally:
        upgraded.close()


def test_serve_stops_with_one_line_naming_a_bad_default_force(project, fake_slack, monkeypatch):
    monkeypatch.setenv("PEEL_DEFAULT_FORCE", "narnia")
    monkeypatch.setenv("KNOWLEDGE_DIR", str(project / "knowledge"))
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-4242-4343-notarealtokenatall")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SECRET)
    monkeypatch.setenv("SLACK_API_URL", fake_slack.url)
    monkeypatch.delenv("SLACK_APP_TOKEN", raising=False)
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1] == (  # after any start-up log lines
        "peel-bot cannot start: PEEL_DEFAULT_FORCE='narnia' is not a force I know; loaded forces: "
        + ", ".join(dict.fromkeys(r.meta.force for r in load_knowledge(project / "knowledge").reports))
        + "."
    )


@pytest.mark.parametrize(
    "text, force",
    [
        ("what happened to wmp's 2017 stop and search recommendation", "West Midlands Police"),
        ("the 2019 vetting recommendation for wmp", "West Midlands Police"),
    ],
)
def test_a_year_read_as_a_topic_keeps_to_the_force_asked_about(kb, engine, text, force):
    reply = engine.answer(text)
    assert reply.entries
    assert {uid.split("/")[0] for uid in reply.entries} <= _reports_of(kb, force)


def test_a_grade_the_report_contradicts_carries_its_caveat_in_the_grid(kb, engine):
    """The grid states every force's grade, so each grade its own report contradicts is marked ⚠️
    and its caveat follows the grid, naming the force (not only under the user's own sections)."""
    contradicted = [(r, i) for r in kb.reports if r.meta.label == "2016" for i in r.data.inconsistencies]
    assert {r.meta.force for r, _ in contradicted} >= {WMP}
    texts = [
        b["text"]["text"]
        for b in engine.answer("compare serious organised crime 2016").blocks
        if b["type"] == "section"
    ]
    grid = next(text for text in texts if "PEEL 2016:" in text)
    for report, item in contradicted:
        row = next(line for line in grid.splitlines() if line.startswith(":") and report.meta.force in line)
        assert f"{report.meta.force}" in row and "⚠️" in row.split(report.meta.force)[1].split(",")[0]
        assert any(
            item.title.split('"')[0].strip() in line and report.meta.force in line
            for line in grid.splitlines()
        )
