"""Shared fixtures: the real knowledge base, loaded once per test session."""

from __future__ import annotations

import pytest

from bot.knowledge import KnowledgeBase, load_knowledge
from tests.fakeslack import fake_slack  # noqa: F401  (fixture: fake Slack Web API on loopback)
from tests.pg import db_url, postgres_url  # noqa: F401  (fixtures: SQLite + a real PostgreSQL)


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()
