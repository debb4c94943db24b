"""Shared fixtures: the real knowledge base and an Engine on it, built once per test session."""

from __future__ import annotations

import os

import pytest

from bot.engine.answer import Engine
from bot.knowledge import KnowledgeBase, load_knowledge
from tests.digest_support import clock, make_digest  # noqa: F401  (fixtures: the digest's clock and Digests)
from tests.fakeslack import fake_slack  # noqa: F401  (fixture: fake Slack Web API on loopback)
from tests.fakesocket import fake_socket  # noqa: F401  (fixture: a Socket Mode WebSocket on loopback)
from tests.pg import db_url, postgres_engine, postgres_url  # noqa: F401  (fixtures: SQLite + a real PostgreSQL)
from tests.slack_support import (  # noqa: F401  (fixtures: the HTTP-mode app on loopback, its logs)
    keep_root_logging,
    logged,
    slack,
)


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture(scope="session")
def engine(kb: KnowledgeBase) -> Engine:
    """An Engine on the real knowledge base (its caches only memoise, so tests can share it)."""
    return Engine(kb)


@pytest.fixture(scope="session", autouse=True)
def _private_start_up_cache(tmp_path_factory):
    """The start-up cache (bot/knowledge/cache.py) goes to a directory of this test session,
    never the user's ~/.cache; subprocesses the tests start inherit it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PEEL_BOT_CACHE_DIR", str(tmp_path_factory.mktemp("peel-bot-cache")))
        yield


@pytest.fixture(autouse=True)
def _private_digest_database(tmp_path, monkeypatch):
    """Every test that reaches the digest without its own store gets a throwaway SQLite file,
    never ``data/digest.sqlite3`` in the work tree (also when settings are read from a dict that
    does not name one); DATABASE_URL from the shell is ignored."""
    monkeypatch.setenv("DIGEST_DB_PATH", str(tmp_path / "digest.sqlite3"))
    monkeypatch.setattr("bot.config.DEFAULT_DIGEST_DB_PATH", tmp_path / "digest.sqlite3")
    monkeypatch.delenv("DATABASE_URL", raising=False)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: one worker more than CPUs. About a third of the suite's time is waiting
    (servers, subprocesses, Slack's retry and ping intervals), which a spare worker fills."""
    return (os.cpu_count() or 1) + 1
