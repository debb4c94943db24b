"""`peel-bot ask` and `peel-bot console`, run through click's CliRunner."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.knowledge.loader import DEFAULT_KNOWLEDGE_DIR, PROJECT_ROOT


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_ask_prints_readable_text(runner):
    result = runner.invoke(main, ["ask", "grade", "investigating", "2021/22"])
    assert result.exit_code == 0, result.output
    assert "Requires improvement — Investigating crime" in result.output
    assert "PEEL 2021/22" in result.output
    assert "*" not in result.output and "&gt;" not in result.output  # mrkdwn turned into plain text


def test_ask_json_is_the_exact_slack_payload(runner, kb):
    from bot.engine.answer import answer

    result = runner.invoke(main, ["ask", "--json", "aoi", "investigating"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert set(payload) == {"text", "blocks"}
    assert payload == answer("aoi investigating", kb).to_message()


def test_ask_page_option(runner):
    first = json.loads(runner.invoke(main, ["ask", "--json", "stat"]).output)
    second = json.loads(runner.invoke(main, ["ask", "--json", "--page", "2", "stat"]).output)
    assert first["blocks"] != second["blocks"]
    assert "Showing 1–" in json.dumps(first, ensure_ascii=False)
    assert "(page 2 of" in json.dumps(second, ensure_ascii=False)


def test_batch_answers_each_line_in_order(runner):
    queries = ["grade investigating 2016", "aoi zebra crossings", "help", "<!channel>"]
    result = runner.invoke(main, ["ask", "--batch"], input="\n".join(queries) + "\n")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == len(queries)
    payloads = [json.loads(line) for line in lines]
    assert "Good" in payloads[0]["text"]
    assert payloads[1]["text"].startswith("No area for improvement matches")
    assert "/peel grade" in json.dumps(payloads[2])
    assert "<!" not in lines[3]


def test_console_reads_piped_commands_until_quit(runner):
    script = "/peel grade vulnerable 2016\n\nsummary latest\nquit\ngrade soc\n"
    result = runner.invoke(main, ["console"], input=script)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("peel-bot console")
    assert "Try: /peel grade" in result.output
    assert "Requires improvement — How effective is the force at protecting" in result.output
    assert "GRADES AT A GLANCE" in result.output
    assert "Disrupting serious organised crime" in result.output  # from the summary
    assert "Grades for “soc”" not in result.output  # after quit nothing runs


def test_console_more_pages_and_eof(runner):
    result = runner.invoke(main, ["console"], input="stat\nmore\n")
    assert result.exit_code == 0, result.output
    assert "type `more` for the next page" in result.output
    assert "Showing 1–" in result.output and "(page 2 of" in result.output


def test_bare_peel_bot_opens_the_console_without_a_token(runner, monkeypatch):
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    result = runner.invoke(main, [], input="help\n")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("peel-bot console")


@pytest.mark.parametrize("command", [["ask", "grade", "soc"], ["console"]])
def test_invalid_knowledge_exits_2_with_file_and_line(runner, tmp_path: Path, command):
    knowledge = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, knowledge)
    shutil.copytree(PROJECT_ROOT / "seeds", tmp_path / "seeds")
    target = next(p for p in knowledge.glob("*.yaml") if p.name != "topics.yaml")
    lines = target.read_text(encoding="utf-8").splitlines()
    grade_line = next(
        i for i, line in enumerate(lines) if line.strip().startswith("grade: ") and "null" not in line
    )
    lines[grade_line] = lines[grade_line].split("grade:")[0] + "grade: Splendid"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(main, [*command[:1], "--knowledge", str(knowledge), *command[1:]])
    assert result.exit_code == 2
    problem = re.search(rf"{re.escape(target.name)}:(\d+): (.*)", result.output)
    assert problem is not None, result.output
    assert abs(int(problem.group(1)) - (grade_line + 1)) <= 3  # the area's line or its grade line
    assert "Splendid" in problem.group(2)
    assert "Traceback" not in result.output


def test_bare_peel_bot_without_tokens_opens_the_console(runner, monkeypatch):
    """The README's run command on a machine with no Slack tokens lands in the console."""
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    result = runner.invoke(main, [], input="grade investigating 2016\nquit\n")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("peel-bot console")
    graded = "Good — How effective is the force at investigating crime and reducing re-offending?"
    assert graded in result.output


def test_batch_reports_a_non_utf8_line_and_answers_the_rest(runner):
    stdin = b"help\n\xff\xfe grade\r\ngrade investigating 2016\n"
    result = runner.invoke(main, ["ask", "--batch"], input=stdin)
    assert result.exit_code == 1
    first, bad, third = [json.loads(line) for line in result.stdout.splitlines()]
    assert "/peel grade" in json.dumps(first)
    assert bad == {"error": "not UTF-8 text", "line": 2}
    assert "Good" in third["text"]
    assert result.stderr.strip() == "line 2 is not UTF-8 text; skipped"
    assert "Traceback" not in result.output
