"""A throwaway PostgreSQL server for tests: initdb + pg_ctl in a temporary directory.

Uses the server binaries installed on the machine (Debian's ``postgresql`` package puts them in
``/usr/lib/postgresql/<version>/bin``); ``PG_BINDIR`` overrides the search. When the tests run
as root (CI does), the server runs as the ``postgres`` system user, because PostgreSQL refuses
to run as root. ``TEST_DATABASE_URL`` points the tests at an existing server instead.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa


def find_bindir() -> Path:
    """The directory holding ``initdb`` and ``pg_ctl``; raises with how to install them."""
    candidates: list[Path] = []
    if os.environ.get("PG_BINDIR"):
        candidates.append(Path(os.environ["PG_BINDIR"]))
    which = shutil.which("pg_ctl")
    if which:
        candidates.append(Path(which).resolve().parent)
    versions = (
        sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), reverse=True)
        if Path("/usr/lib/postgresql").is_dir()
        else []
    )
    candidates.extend(versions)
    for directory in candidates:
        if (directory / "initdb").is_file() and (directory / "pg_ctl").is_file():
            return directory
    raise RuntimeError(
        "PostgreSQL server binaries not found (looked for initdb/pg_ctl on PATH, in PG_BINDIR and "
        "/usr/lib/postgresql/*/bin). Install them (apt-get install postgresql) or set TEST_DATABASE_URL."
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run_as() -> tuple[str | None, dict[str, object]]:
    """(user name, subprocess kwargs) to drop root, or (None, {}) when not root."""
    if os.geteuid() != 0:
        return None, {}
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            entry = pwd.getpwnam(name)
            return name, {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}
    raise RuntimeError("running as root and no 'postgres' or 'nobody' user to run PostgreSQL as")


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """Start a private server on a free loopback port; yield its SQLAlchemy URL; stop and delete it."""
    if os.environ.get("TEST_DATABASE_URL"):
        yield os.environ["TEST_DATABASE_URL"]
        return
    bindir = find_bindir()
    user, as_user = _run_as()
    base = Path(tempfile.mkdtemp(prefix="peel-pg-"))
    data = base / "data"
    data.mkdir()
    if user is not None:
        entry = pwd.getpwnam(user)
        for path in (base, data):
            os.chown(path, entry.pw_uid, entry.pw_gid)
    port = _free_port()
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    quiet = {"stdout": subprocess.PIPE, "stderr": subprocess.STDOUT, "text": True, "env": env}

    def run(*args: str) -> None:
        result = subprocess.run([*args], check=False, cwd=base, **quiet, **as_user)  # type: ignore[call-overload]
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout}")

    run(str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")
    options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -F -c max_connections=50"
    run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(base / "log"), "-o", options, "-w", "start")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        with contextlib.suppress(RuntimeError):
            run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """One private PostgreSQL server for the whole test session, started on first use."""
    with postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A SQLAlchemy URL to an empty database: an SQLite file, then the PostgreSQL server.

    After the test every table is dropped, so each test on PostgreSQL starts empty too.
    """
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
        return
    url = request.getfixturevalue("postgres_url")
    yield url
    engine = sa.create_engine(url)
    try:
        metadata = sa.MetaData()
        metadata.reflect(engine)
        metadata.drop_all(engine)
    finally:
        engine.dispose()
