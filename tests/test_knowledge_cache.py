"""The start-up cache: verified once, then loaded; anything stale, corrupt or foreign is rebuilt."""

from __future__ import annotations

import logging
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.engine.answer import Engine, engine_for
from bot.knowledge import KnowledgeError
from bot.knowledge import cache as cache_module
from bot.knowledge.cache import (
    MAGIC,
    StaleCache,
    build,
    cache_dir,
    cache_file,
    code_fingerprint,
    knowledge_key,
    load_engine,
    read_cache,
)
from bot.knowledge.loader import PROJECT_ROOT

QUERIES = [
    "grade investigating",
    "compare vulnerable",
    "summary",
    "aoi sex offenders",
    "concern domestic abuse",
    "rec stop and search",
    "stat 999",
    "practice",
    "find neighborhood policing asb",
    "find investgating crime victims",
    "zebra crossings",
    "grade soc 2016",
]


@pytest.fixture
def knowledge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of knowledge/ and seeds/, with its own cache directory."""
    shutil.copytree(PROJECT_ROOT / "knowledge", tmp_path / "knowledge")
    shutil.copytree(PROJECT_ROOT / "seeds", tmp_path / "seeds")
    monkeypatch.setenv("PEEL_BOT_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "knowledge"


@pytest.fixture(scope="module")
def first_cache(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The cache file a first start writes for a copy of knowledge/ (one full load per module)."""
    root = tmp_path_factory.mktemp("first-start")
    shutil.copytree(PROJECT_ROOT / "knowledge", root / "knowledge")
    shutil.copytree(PROJECT_ROOT / "seeds", root / "seeds")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PEEL_BOT_CACHE_DIR", str(root / "cache"))
        load_engine(root / "knowledge")
        return the_file(root / "knowledge").read_bytes()


def started(knowledge: Path, first_cache: bytes) -> None:
    """``knowledge`` as a first start leaves it: that start's cache file in place (written for an
    identical copy elsewhere, which a later start accepts, as it does for a moved project)."""
    path = the_file(knowledge)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(first_cache)
    assert read_cache(path, knowledge_key(knowledge), knowledge.parent).kb.reports  # a start would use it


@pytest.fixture
def full_loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Records every full (verifying) load the cache falls back to."""
    calls: list[Path] = []
    real = cache_module.load_knowledge

    def counting(directory: Path, root: Path):  # type: ignore[no-untyped-def]
        calls.append(directory)
        return real(directory, root)

    monkeypatch.setattr(cache_module, "load_knowledge", counting)
    return calls


def the_file(knowledge: Path) -> Path:
    where = cache_dir()
    assert where is not None
    return cache_file(knowledge, knowledge.parent, where)


def answers(engine: Engine) -> list[dict[str, object]]:
    return [engine.answer(q, page=p).to_message() for q in QUERIES for p in (1, 2)]


def test_first_start_verifies_and_writes_later_starts_only_load(knowledge, full_loads):
    fresh = load_engine(knowledge)
    assert full_loads == [knowledge]
    assert the_file(knowledge).read_bytes().startswith(MAGIC)
    cached = load_engine(knowledge)
    assert full_loads == [knowledge]  # no second full load: no YAML, no verbatim checks
    assert cached is not fresh and cached.kb is not fresh.kb
    assert answers(cached) == answers(fresh)  # byte for byte the same replies, every page


def test_cached_engine_answers_like_a_freshly_built_one(knowledge, first_cache):
    started(knowledge, first_cache)
    cached = load_engine(knowledge)
    built = Engine(cache_module.load_knowledge(knowledge, knowledge.parent))
    assert answers(cached) == answers(built)
    assert cached.index.search("domestic abuse") == built.index.search("domestic abuse")
    assert cached.suggestions.suggest("zebra crossings") == built.suggestions.suggest("zebra crossings")


def test_loaded_engine_is_the_one_engine_for_returns(knowledge):
    engine = load_engine(knowledge)
    assert engine_for(engine.kb) is engine


def test_an_edited_knowledge_file_is_loaded_in_full(knowledge, first_cache, full_loads, caplog):
    started(knowledge, first_cache)
    report = knowledge / "peel-2021-22-west-midlands.yaml"
    report.write_text(report.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="bot.knowledge.cache"):
        load_engine(knowledge)
    assert caplog.text == ""  # an expected rebuild keeps start-up quiet (debug level only)
    assert len(full_loads) == 1
    load_engine(knowledge)
    assert len(full_loads) == 1  # and the refreshed cache is used again


def test_a_broken_knowledge_file_still_stops_start_up_with_file_and_line(knowledge, first_cache):
    started(knowledge, first_cache)
    report = knowledge / "peel-2021-22-west-midlands.yaml"
    text = report.read_text(encoding="utf-8")
    report.write_text(text.replace("inspection of West Midlands Police", "inspection of Gotham"), "utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_engine(knowledge)
    assert "peel-2021-22-west-midlands.yaml:7: report.title: quote not found verbatim" in str(caught.value)


def test_a_changed_seed_byte_is_verified_again(knowledge, first_cache, full_loads):
    started(knowledge, first_cache)
    seed = knowledge.parent / "seeds" / "peel-2021-22-west-midlands.txt"
    data = seed.read_bytes()
    seed.write_bytes(data.replace(b"legitimacy", b"legitimacx"))  # what the title quotes
    with pytest.raises(KnowledgeError, match="quote not found verbatim"):
        load_engine(knowledge)
    seed.write_bytes(data[:-1] + bytes([data[-1] ^ 0x20]))  # one byte, outside every quote
    load_engine(knowledge)
    assert len(full_loads) == 2


def test_a_truncated_cache_is_rebuilt(knowledge, full_loads, caplog):
    load_engine(knowledge)
    path = the_file(knowledge)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with caplog.at_level(logging.WARNING, logger="bot.knowledge.cache"):
        engine = load_engine(knowledge)
    assert "truncated" in caplog.text  # a damaged file is worth a warning
    assert len(full_loads) == 2
    assert path.read_bytes() == data  # rewritten whole
    assert engine.answer("grade investigating").to_message()["text"]


@pytest.mark.parametrize(
    "garbage",
    [b"", b"\x00" * 64, b"not a cache at all\n", MAGIC + b"\xff\xff\xff\xff{"],
    ids=["empty", "zeros", "text", "bad-header"],
)
def test_a_garbage_cache_is_rebuilt(knowledge, first_cache, full_loads, garbage):
    started(knowledge, first_cache)
    path = the_file(knowledge)
    path.write_bytes(garbage)
    load_engine(knowledge)
    assert len(full_loads) == 1
    assert path.read_bytes().startswith(MAGIC)


def test_a_flipped_payload_byte_fails_the_checksum(knowledge, first_cache, full_loads):
    started(knowledge, first_cache)
    path = the_file(knowledge)
    data = bytearray(path.read_bytes())
    data[-100] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(StaleCache, match="checksum"):
        read_cache(path, knowledge_key(knowledge), knowledge.parent)
    load_engine(knowledge)
    assert len(full_loads) == 1


class _Exploit:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))

    marker = ""


def _with_payload(path: Path, payload: bytes) -> None:
    """Rewrite a cache file's payload, with a header that matches it (size and checksum)."""
    import hashlib
    import json
    import struct

    data = path.read_bytes()
    length = struct.unpack(">I", data[len(MAGIC) : len(MAGIC) + 4])[0]
    header = json.loads(data[len(MAGIC) + 4 : len(MAGIC) + 4 + length])
    header.update(size=len(payload), sha256=hashlib.sha256(payload).hexdigest())
    raw = json.dumps(header).encode()
    path.write_bytes(MAGIC + struct.pack(">I", len(raw)) + raw + payload)


def test_a_foreign_payload_never_runs_code(knowledge, first_cache, full_loads, tmp_path):
    started(knowledge, first_cache)
    path = the_file(knowledge)
    marker = tmp_path / "pwned"
    _Exploit.marker = str(marker)
    _with_payload(path, pickle.dumps(_Exploit()))
    with pytest.raises(StaleCache, match="not part of a knowledge cache"):
        read_cache(path, knowledge_key(knowledge), knowledge.parent)
    load_engine(knowledge)
    assert not marker.exists()
    assert len(full_loads) == 1


def test_a_foreign_but_harmless_payload_is_rebuilt(knowledge, first_cache, full_loads):
    started(knowledge, first_cache)
    path = the_file(knowledge)
    _with_payload(path, pickle.dumps({"reports": []}))
    with pytest.raises(StaleCache, match="not a knowledge cache"):
        read_cache(path, knowledge_key(knowledge), knowledge.parent)
    load_engine(knowledge)
    assert len(full_loads) == 1


def test_another_knowledge_directory_never_reads_this_cache(knowledge, first_cache, tmp_path):
    started(knowledge, first_cache)
    other = tmp_path / "other" / "knowledge"
    shutil.copytree(knowledge, other)
    assert cache_file(other, other.parent, tmp_path) != cache_file(knowledge, knowledge.parent, tmp_path)
    with pytest.raises(StaleCache, match="changed"):  # a cache copied under another key
        read_cache(the_file(knowledge), knowledge_key(knowledge, code="other code"), knowledge.parent)


def test_a_code_change_makes_the_cache_stale(knowledge, first_cache, full_loads, tmp_path, monkeypatch):
    started(knowledge, first_cache)
    code = tmp_path / "code"
    shutil.copytree(PROJECT_ROOT / "bot" / "engine", code / "engine")
    before = code_fingerprint((code / "engine",))
    tuning = code / "engine" / "match" / "tuning.py"
    tuning.write_text(tuning.read_text(encoding="utf-8").replace("WORD_CUTOFF = 80.0", "WORD_CUTOFF = 81.0"))
    assert code_fingerprint((code / "engine",)) != before
    monkeypatch.setattr(cache_module, "CODE_PATHS", (code / "engine",))
    load_engine(knowledge)
    assert len(full_loads) == 1


def test_the_code_fingerprint_covers_the_modules_that_build_the_engine():
    covered = {path.name for base in cache_module.CODE_PATHS for path in base.rglob("*.py")}
    built_by = {"loader.py", "models.py", "provenance.py", "index.py", "tuning.py", "answer.py", "render.py"}
    built_by |= {"pages.py", "suggestions.py", "tokens.py"}
    assert built_by <= covered


def test_two_processes_starting_at_once_leave_one_whole_cache(knowledge):
    script = "import sys; from pathlib import Path; from bot.knowledge.cache import load_engine; " \
        "print(load_engine(Path(sys.argv[1])).answer('grade investigating').text[:40])"  # fmt: skip
    env = {**os.environ, "PEEL_BOT_CACHE_DIR": os.environ["PEEL_BOT_CACHE_DIR"]}
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(knowledge)], env=env, stdout=subprocess.PIPE, cwd=PROJECT_ROOT
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0]
    assert outputs[0] == outputs[1] and outputs[0]
    path = the_file(knowledge)
    assert read_cache(path, knowledge_key(knowledge), knowledge.parent).kb.reports
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left behind


def test_the_cache_can_be_turned_off(knowledge, full_loads, monkeypatch, tmp_path):
    monkeypatch.setenv("PEEL_BOT_CACHE_DIR", "off")
    assert cache_dir() is None
    load_engine(knowledge)
    load_engine(knowledge)
    assert len(full_loads) == 2
    assert not (tmp_path / "cache").exists()


def test_an_unwritable_cache_directory_only_costs_speed(knowledge, full_loads, monkeypatch, tmp_path, caplog):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("PEEL_BOT_CACHE_DIR", str(blocker))
    with caplog.at_level(logging.WARNING, logger="bot.knowledge.cache"):
        engine = load_engine(knowledge)
    assert "knowledge cache not written" in caplog.text
    assert engine.answer("grade investigating").to_message()["blocks"]


def test_default_location_is_the_users_cache_directory(monkeypatch, tmp_path):
    monkeypatch.delenv("PEEL_BOT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "peel-bot"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "peel-bot"


def test_check_always_verifies_in_full_and_refreshes_the_cache(knowledge, first_cache, full_loads):
    runner = CliRunner()
    started(knowledge, first_cache)
    path = the_file(knowledge)
    path.write_bytes(b"garbage")
    result = runner.invoke(main, ["check", "--knowledge", str(knowledge)])
    assert result.exit_code == 0, result.output
    assert "OK: every quote was found verbatim" in result.output
    assert f"start-up cache: {path.parent}" in result.output
    assert path.read_bytes().startswith(MAGIC)
    runner.invoke(main, ["check", "--knowledge", str(knowledge)])
    assert len(full_loads) == 2  # check never trusts the cache, even a fresh one


def test_ask_and_console_start_from_the_cache(knowledge, full_loads):
    runner = CliRunner()
    first = runner.invoke(main, ["ask", "--knowledge", str(knowledge), "--json", "grade", "investigating"])
    second = runner.invoke(main, ["ask", "--knowledge", str(knowledge), "--json", "grade", "investigating"])
    console = runner.invoke(main, ["console", "--knowledge", str(knowledge)], input="summary\n")
    assert first.exit_code == second.exit_code == console.exit_code == 0, console.output
    assert first.output == second.output
    assert "GRADES AT A GLANCE" in console.output
    assert full_loads == [knowledge]


def test_a_moved_project_finds_the_cache_it_wrote(tmp_path, monkeypatch, full_loads):
    """Built in one place (a build directory, cache inside it), run in another (/app)."""
    for place in ("build", "app"):
        shutil.copytree(PROJECT_ROOT / "knowledge", tmp_path / place / "knowledge")
        shutil.copytree(PROJECT_ROOT / "seeds", tmp_path / place / "seeds")
    monkeypatch.setenv("PEEL_BOT_CACHE_DIR", str(tmp_path / "slug-cache"))
    monkeypatch.setattr(cache_module, "PROJECT_ROOT", tmp_path / "build")
    load_engine(tmp_path / "build" / "knowledge")
    monkeypatch.setattr(cache_module, "PROJECT_ROOT", tmp_path / "app")
    engine = load_engine(tmp_path / "app" / "knowledge")
    assert full_loads == [tmp_path / "build" / "knowledge"]  # the second start only loaded
    assert engine.kb.root == tmp_path / "app"
    assert {r.path.parent for r in engine.kb.reports} == {tmp_path / "app" / "knowledge"}


def test_the_build_hook_writes_the_cache_the_dynos_read(tmp_path, monkeypatch, full_loads):
    """bin/post_compile (Heroku's Python buildpack) verifies once and leaves data/cache in the slug."""
    env = {k: v for k, v in os.environ.items() if k != "PEEL_BOT_CACHE_DIR"}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    hook = PROJECT_ROOT / "bin" / "post_compile"
    build_hook = subprocess.run(["bash", str(hook)], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert build_hook.returncode == 0, build_hook.stderr
    assert "OK: every quote was found verbatim" in build_hook.stdout
    monkeypatch.setenv("PEEL_BOT_CACHE_DIR", str(tmp_path / "data" / "cache"))
    engine = load_engine()
    assert full_loads == []  # the dyno only loads
    assert engine.answer("grade investigating").to_message()["blocks"]


def test_build_without_writing(knowledge):
    build(knowledge, write=False)
    assert not the_file(knowledge).exists()
