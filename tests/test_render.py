"""Rendering: verbatim quotes, report and section named, one marker per grade, escaping, limits."""

from __future__ import annotations

import json

import pytest
from slack_sdk.models.blocks import ContextBlock, SectionBlock

from bot.digest.render import render_post
from bot.engine.plain import block_text
from bot.engine.render import (
    GRADE_MARKERS,
    UNGRADED_MARKER,
    comparator_value,
    entry_blocks,
    escape,
    grade_marker,
    grades_overview_blocks,
    help_blocks,
    statistic_value,
    with_unit,
)
from bot.engine.text import echo_user_text, sanitize_user_text, split_text
from bot.knowledge.loader import Entry
from bot.knowledge.models import Area, Improvement, Statistic
from bot.knowledge.provenance import read_seed


def texts(blocks) -> str:
    out = []
    for block in blocks:
        data = block.to_dict()
        if "text" in data:
            out.append(data["text"]["text"])
        out += [e["text"] for e in data.get("elements", [])]
    return "\n".join(out)


@pytest.mark.parametrize(
    ("grade", "marker"),
    [
        ("Outstanding", ":star2:"),
        ("Good", ":large_green_circle:"),
        ("Adequate", ":large_yellow_circle:"),
        ("Requires improvement", ":large_orange_circle:"),
        ("Inadequate", ":red_circle:"),
        (None, ":white_circle:"),
    ],
)
def test_one_marker_per_grade(grade, marker):
    assert grade_marker(grade) == marker


def test_markers_are_distinct():
    assert len(set(GRADE_MARKERS.values()) | {UNGRADED_MARKER}) == len(GRADE_MARKERS) + 1


def test_escape():
    assert escape("a & b <!channel> <@U1>") == "a &amp; b &lt;!channel&gt; &lt;@U1&gt;"


def test_echo_defuses_broadcasts():
    shown = echo_user_text("hi @channel and @here <!everyone>")
    assert "@channel" not in shown and "@here" not in shown and "<!" not in shown


def test_sanitize_drops_control_characters_and_cuts():
    assert sanitize_user_text("a\x00b\x1b\tc") == ("ab c", False)
    text, cut = sanitize_user_text("word " * 200)
    assert cut and len(text) <= 500


def test_every_entry_names_its_report_and_section(kb):
    for entry in kb.entries():
        blocks = entry_blocks(entry)
        for block in blocks:
            block.to_dict()  # slack_sdk validates Slack's limits
        context = blocks[-1]
        assert isinstance(context, ContextBlock)
        line = context.elements[0].text
        assert escape(entry.report.title) in line
        assert escape(entry.report.published) in line
        section = getattr(entry.item, "section", None) if entry.kind == "statistic" else None
        assert escape(section or entry.area.name) in line


def test_afi_is_quoted_verbatim_with_points_as_bullets(kb):
    afis = [e for e in kb.entries(kind="improvement") if e.item.points]
    assert afis
    for entry in afis:
        body = texts(entry_blocks(entry)[:-1])
        for point in entry.item.points:
            assert f"• {escape(' '.join(point.split()))}" in " ".join(body.split())
        assert all(line.startswith(">") for line in body.splitlines()[1:] if line)


def test_area_shows_grade_with_marker_and_judgment(kb):
    for entry in kb.entries(kind="area"):
        body = texts(entry_blocks(entry))
        area = entry.item
        assert f"{grade_marker(area.grade)} *{area.grade or 'Ungraded'}*" in body
        if area.judgment:
            assert escape(area.judgment) in " ".join(body.split())


def test_statistic_shows_value_comparator_and_period(kb):
    for entry in kb.entries(kind="statistic"):
        stat = entry.item
        body = texts(entry_blocks(entry))
        assert escape(statistic_value(stat)) in body
        if stat.comparator:  # the comparator carries the figure's unit: '82.2%' against '83.3%'
            comparator = escape(with_unit(stat.comparator, stat.unit))
            assert f"{escape(stat.comparator_label)}: *{comparator}*" in body
        if stat.period:
            assert escape(stat.period) in body


def test_statistic_units():
    def stat(value, unit):
        return Statistic(id="s", area="a", quote=f"quote {value} here", label="x", value=value, unit=unit)

    assert statistic_value(stat("87.6", "percent")) == "87.6 percent"
    assert statistic_value(stat("10.5", "%")) == "10.5%"
    assert statistic_value(stat("32", "£ per head of population")) == "£32 per head of population"
    assert statistic_value(stat("18", "")) == "18"  # a bare score has no unit


def test_comparator_has_the_value_unit_in_blocks_and_plain_text(kb):
    """Victim satisfaction 82.2% is set against England and Wales 83.3% (2016 report)."""
    entry = next(e for e in kb.entries(kind="statistic") if e.item.comparator == "83.3")
    assert "83.3%" in read_seed(kb.root / entry.report.seed)
    assert comparator_value(entry.item) == "83.3%"
    assert "England and Wales: *83.3%*" in texts(entry_blocks(entry))
    plain = "\n".join(line for block in entry_blocks(entry) for line in block_text(block.to_dict()))
    assert "England and Wales: 83.3%" in plain
    post = render_post(entry)  # digest posts reuse the engine's entry blocks
    assert any("England and Wales: *83.3%*" in b.get("text", {}).get("text", "") for b in post.blocks)
    bare = Statistic(id="s", area="a", quote="q 5 and 7", label="x", value="5", unit="people")
    assert comparator_value(bare) is None


def test_a_quote_longer_than_a_section_is_split(kb):
    report = kb.reports[0]
    area = report.data.areas[0]
    long_quote = " ".join(f"sentence {i} & more." for i in range(900))  # ~16k characters
    item = Improvement(id="huge", area=area.id, quote=long_quote, points=["one", "two"])
    blocks = entry_blocks(Entry(report.meta, "improvement", item, area))
    sections = [b for b in blocks if isinstance(b, SectionBlock)]
    assert len(sections) >= 6
    for block in sections:
        assert len(block.text.text) <= 3000
        block.to_dict()
    joined = " ".join(" ".join(b.text.text.replace(">", " ").split()) for b in sections)
    assert "sentence 0 &amp; more." in joined and "sentence 899 &amp; more." in joined


def test_split_text_never_exceeds_the_limit():
    text = "\n".join(["> " + "word " * 900, "short", "x" * 7000])
    chunks = split_text(text, 3000)
    assert all(len(chunk) <= 3000 for chunk in chunks)
    assert "".join(chunks).replace("\n", "").replace("> ", "").count("x") == 7000


def test_grades_overview_lists_every_area_of_every_report(kb):
    text = texts(grades_overview_blocks(kb))
    for report in kb.reports:
        assert escape(report.meta.title) in text
        for area in report.data.areas:
            assert f"{grade_marker(area.grade)} *{area.grade or 'Ungraded'}* — {escape(area.name)}" in text


def test_overview_can_be_limited_to_reports(kb):
    newest = kb.reports[0].meta
    text = texts(grades_overview_blocks(kb, [newest.id]))
    assert escape(newest.title) in text
    assert all(escape(r.meta.title) not in text for r in kb.reports[1:])


def test_help_without_and_with_knowledge(kb):
    generic = texts(help_blocks())
    assert "/peel grade" in generic and "/peel compare" in generic
    specific = texts(help_blocks(kb))
    assert all(f"`{r.meta.label}`" in specific for r in kb.reports)


def test_area_with_long_name_stays_within_limits(kb):
    report = kb.reports[0]
    area = Area(id="x", name="N" * 5000, grade=None, quote="quote text here")
    for block in entry_blocks(Entry(report.meta, "area", area, area)):
        block.to_dict()


def test_a_statistic_names_the_heading_it_is_printed_under(kb):
    """Figures from a report's context section are not attributed to the area they illustrate."""
    stats = [e for e in kb.entries(kind="statistic") if e.item.section]
    assert stats, "the knowledge has statistics printed under their own heading"
    for entry in stats:
        line = json.dumps(entry_blocks(entry)[-1].to_dict())
        assert f"Section: {entry.item.section}" in line
        assert entry.area.name not in line
