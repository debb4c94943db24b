"""Digest posts built from the real knowledge: title, verbatim body, source, button."""

from __future__ import annotations

from bot.digest.render import ACTION_DIGEST_MORE, render_post
from bot.digest.rotation import eligible
from bot.engine.render import entry_blocks
from bot.knowledge.models import Area
from bot.knowledge.provenance import fold, read_seed


def test_every_post_is_a_valid_message_with_the_engines_verbatim_body(kb):
    for entry in eligible(kb):
        post = render_post(entry)
        header, *body, actions = post.blocks
        assert header["type"] == "header" and 0 < len(header["text"]["text"]) <= 150
        assert body == [b.to_dict() for b in entry_blocks(entry)][: len(body)]
        assert len(post.blocks) <= 50
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


def test_the_payload_hash_follows_the_content(kb):
    first, second = eligible(kb)[:2]
    assert render_post(first).payload_hash == render_post(first).payload_hash
    assert render_post(first).payload_hash != render_post(second).payload_hash
