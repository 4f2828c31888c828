"""Store fixtures: every store test runs on SQLite and on PostgreSQL.

The PostgreSQL server is ``$SOURCECHECK_TEST_PG_URL`` when set (``.ci/run`` sets it),
else one ``scripts/pg-test-server.sh`` starts (and stops after the session; one that was
already running is left running). Where neither works, the PostgreSQL half of each test
skips and says why. Each test gets a fresh PostgreSQL schema, dropped afterwards.
"""

from __future__ import annotations

import os
import secrets
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest

from sourcecheck.store import ReportStore, open_store

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "pg-test-server.sh"
URL_VARIABLE = "SOURCECHECK_TEST_PG_URL"


def _script(command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SCRIPT), command], capture_output=True, text=True, timeout=180, check=False
    )


def _last_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "(no output)"


def _can_connect(url: str) -> str | None:
    """``None`` when ``url`` answers, else why not."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (pip install 'psycopg[binary]')"
    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        return "cannot connect: " + " ".join(str(exc).split())
    return None


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The URL of a PostgreSQL database the tests may create schemas in."""
    url = os.environ.get(URL_VARIABLE)
    started = False
    if url:
        problem = _can_connect(url)
        if problem:
            pytest.skip(f"${URL_VARIABLE} is set but unusable: {problem}")
    else:
        running = _script("url")
        if running.returncode == 0:
            url = _last_line(running.stdout)
        else:
            result = _script("start")
            if result.returncode != 0:
                pytest.skip(
                    f"no PostgreSQL: ${URL_VARIABLE} is unset and {SCRIPT.name} start "
                    f"failed ({_last_line(result.stderr)})"
                )
            url, started = _last_line(result.stdout), True
        problem = _can_connect(url)
        if problem:
            pytest.skip(f"the server {SCRIPT.name} runs is unusable: {problem}")
    yield url
    if started:
        _script("stop")


def _with_search_path(url: str, schema: str) -> str:
    parts = urlsplit(url)
    query = [*parse_qsl(parts.query), ("options", f"-csearch_path={schema}")]
    return urlunsplit(parts._replace(query=urlencode(query)))


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A URL whose tables land in a fresh schema of the test server."""
    import psycopg

    schema = f"t_{secrets.token_hex(6)}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    yield _with_search_path(pg_server, schema)
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a store lives: a SQLite file, then a PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def store(store_url: str) -> Iterator[ReportStore]:
    """A fresh, migrated store on each backend."""
    with open_store(store_url) as opened:
        yield opened
