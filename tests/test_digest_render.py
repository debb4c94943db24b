"""Digest posts built from the real knowledge: title, verbatim body, source, button."""

from __future__ import annotations

import json

from bot.digest.render import ACTION_DIGEST_MORE, render_post
from bot.digest.rotation import eligible
from bot.engine.render import entry_blocks, grade_caveats
from bot.knowledge.models import Area
from bot.knowledge.provenance import fold, read_seed
from tests.digest_support import CHANNEL, subscribe


def test_every_post_is_a_valid_message_with_the_engines_verbatim_body(kb):
    for entry in eligible(kb):
        report = kb.report(entry.report.id)
        post = render_post(entry, report.data.inconsistencies if report else ())
        header, *body, actions = post.blocks
        assert header["type"] == "header" and 0 < len(header["text"]["text"]) <= 150
        *finding, source = [b.to_dict() for b in entry_blocks(entry)]
        caveats = grade_caveats(entry.area, report.data.inconsistencies if report else ())
        why = len(caveats) if isinstance(entry.item, Area) else 1  # notes after the finding
        assert body[: len(body) - 1 - why] == finding[: len(body) - 1 - why] and body[-1] == source
        assert len(post.blocks) <= 50
        assert all(len(json.dumps(b)) < 3000 for b in post.blocks if b["type"] != "section")
        [button] = actions["elements"]
        assert (button["action_id"], button["value"]) == (ACTION_DIGEST_MORE, entry.uid)
        assert entry.report.title in body[-1]["elements"][0]["text"].replace("&amp;", "&")
        assert post.text == f"Today's PEEL finding: {post.title}"


def test_grade_titles_state_the_reports_own_words(kb):
    graded = [e for e in eligible(kb) if isinstance(e.item, Area)]
    assert graded
    for entry in graded:
        title = render_post(entry).title
        assert title == f"{entry.item.name}: {entry.item.grade}"
        seed = read_seed(kb.root / entry.report.seed)
        assert fold(entry.item.name) in seed and fold(entry.item.grade) in seed


def test_every_post_but_a_grade_says_why_it_matters_in_the_reports_words(kb):
    for entry in eligible(kb):
        post = render_post(entry)
        lines = [b for b in post.blocks if "Why it matters" in json.dumps(b)]
        if isinstance(entry.item, Area):
            assert lines == [] and entry.item.grade in post.title  # the post is the grade itself
            continue
        [line] = lines
        text = line["elements"][0]["text"].replace("&amp;", "&")
        area = entry.area
        assert area.name in text and (area.grade or "Ungraded") in text
        seed = read_seed(kb.root / entry.report.seed)
        assert fold(area.name) in seed and (area.grade is None or fold(area.grade) in seed)
        if area.judgment:
            assert f"_{area.judgment}_" in text and fold(area.judgment) in seed


def test_the_payload_hash_follows_the_content(kb):
    first, second = eligible(kb)[:2]
    assert render_post(first).payload_hash == render_post(first).payload_hash
    assert render_post(first).payload_hash != render_post(second).payload_hash


def test_a_grade_the_report_contradicts_carries_its_caveat_in_every_post_that_states_it(kb):
    """The 2016 report grades serious and organised crime Good but calls it 'requires improvement'
    once: a post of that grade, and every post whose 'Why it matters' states it, says so."""
    contradicted = [(r, i) for r in kb.reports for i in r.data.inconsistencies]
    assert contradicted
    for report, item in contradicted:
        posts = [
            (e, render_post(e, report.data.inconsistencies))
            for e in eligible(kb)
            if e.report.id == report.meta.id
        ]
        stating = [post for entry, post in posts if entry.area.id == item.area]
        assert stating and any(isinstance(e.item, Area) for e, _ in posts if e.area.id == item.area)
        for post in stating:
            shown = json.dumps(post.blocks)
            assert "Caveat: " + item.title.split('"')[0].strip() in shown
            assert f"Grade shown: {item.reading}" in shown and len(post.blocks) <= 50
        assert not any(
            "Caveat: " in json.dumps(post.blocks) for entry, post in posts if entry.area.id != item.area
        )


def test_the_digest_renders_with_its_reports_caveats(make_digest, kb):
    digest = make_digest(kb=kb)
    subscribe(digest)
    planned = digest.plan(CHANNEL, 14)
    assert planned
    for plan in planned:
        report = kb.report(plan.entry.report.id)
        assert report is not None
        assert plan.post == render_post(plan.entry, report.data.inconsistencies)
