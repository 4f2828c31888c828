"""``sourcecheck serve``: options and environment reach the app; uvicorn is not started."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
import uvicorn
from typer.testing import CliRunner

from sourcecheck.errors import ModelNotFoundError
from sourcecheck.extract import nlp
from sourcecheck.web.cli import SESSION_KEY_VARIABLE, TOKEN_VARIABLE, default_db_path, serve


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("serve")(serve)

    @app.command("other")
    def other() -> None:  # a second command so typer keeps the "serve" name
        pass

    return app


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []

    def fake_run(app: Any, **kwargs: Any) -> None:
        calls.append({"app": app, **kwargs})

    monkeypatch.setattr(uvicorn, "run", fake_run)
    monkeypatch.setattr(nlp, "load_model", lambda name=None: calls.append({"model": name}))
    return calls


def test_serve_passes_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started: list[dict[str, Any]]
) -> None:
    monkeypatch.setenv(TOKEN_VARIABLE, "tok")
    db = tmp_path / "x" / "audits.sqlite"
    result = CliRunner().invoke(
        _app(), ["serve", "--port", "8123", "--db", str(db), "--max-body-mb", "1"]
    )
    assert result.exit_code == 0, result.output
    preload, call = started
    assert preload == {"model": None}
    assert (call["host"], call["port"]) == ("127.0.0.1", 8123)
    assert db.is_file()
    from fastapi.testclient import TestClient

    client = TestClient(call["app"])
    assert client.get("/api/v1/audits").status_code == 401
    ok = client.get("/api/v1/audits", headers={"Authorization": "Bearer tok"})
    assert ok.status_code == 200
    big = client.post(
        "/api/v1/audits",
        content=b"x" * (1024 * 1024 + 1),
        headers={"Authorization": "Bearer tok"},
    )
    assert big.status_code == 413
    # Without the token the gate answers first, before the body is read.
    assert client.post("/api/v1/audits", content=b"x" * 2048).status_code == 401


def test_public_host_without_token_warns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started: list[dict[str, Any]]
) -> None:
    monkeypatch.delenv(TOKEN_VARIABLE, raising=False)
    result = CliRunner().invoke(
        _app(),
        ["serve", "--host", "0.0.0.0", "--db", str(tmp_path / "a.sqlite"), "--no-preload"],
    )
    assert result.exit_code == 0
    assert "model" not in started[0]
    assert "without an API token" in result.output


def test_unusable_db_is_a_clear_error(tmp_path: Path, started: list[dict[str, Any]]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = CliRunner().invoke(_app(), ["serve", "--db", str(blocker / "a.sqlite")])
    assert result.exit_code == 2
    assert "cannot open the audit store" in result.output
    assert not started


def test_default_db_path_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_db_path() == tmp_path / "sourcecheck" / "audits.sqlite"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert default_db_path() == Path.home() / ".local/share/sourcecheck/audits.sqlite"


def test_missing_model_stops_before_serving(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started: list[dict[str, Any]]
) -> None:
    def no_model(name: str | None = None) -> None:
        raise ModelNotFoundError("no spaCy English model; run make install")

    monkeypatch.setattr(nlp, "load_model", no_model)
    result = CliRunner().invoke(_app(), ["serve", "--db", str(tmp_path / "a.sqlite")])
    assert result.exit_code == 2
    assert "no spaCy English model" in result.output
    assert not started


def test_serve_passes_base_url_pool_and_session_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started: list[dict[str, Any]]
) -> None:
    monkeypatch.delenv(TOKEN_VARIABLE, raising=False)
    monkeypatch.setenv(SESSION_KEY_VARIABLE, "k" * 48)
    db = tmp_path / "audits.sqlite"
    args = ["serve", "--db", str(db), "--no-preload", "--base-url", "https://audit.example.org"]
    args += ["--workers", "3", "--queue-length", "4", "--session-hours", "1"]
    result = CliRunner().invoke(_app(), args)
    assert result.exit_code == 0, result.output
    from fastapi.testclient import TestClient

    client = TestClient(started[0]["app"], base_url="https://audit.example.org")
    pool = client.get("/healthz").json()["pool"]
    assert (pool["workers"], pool["queue_length"]) == (3, 4)
    # Form posts must come from the base URL's origin.
    assert client.post("/audits", headers={"Origin": "https://testserver"}).status_code == 403
    assert not (tmp_path / "audits.sqlite.session-key").exists()  # the key came from the env


@pytest.mark.parametrize(
    ("args", "env", "needle"),
    [
        (["--base-url", "audit.example.org"], {}, "not an origin"),
        ([], {SESSION_KEY_VARIABLE: "short"}, "fewer than 32"),
    ],
)
def test_bad_settings_stop_before_serving(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    started: list[dict[str, Any]],
    args: list[str],
    env: dict[str, str],
    needle: str,
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(
        _app(), ["serve", "--db", str(tmp_path / "a.sqlite"), "--no-preload", *args]
    )
    assert result.exit_code == 2
    assert needle in result.output
    assert not started


def test_serve_store_reads_and_writes_that_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started: list[dict[str, Any]]
) -> None:
    monkeypatch.delenv(TOKEN_VARIABLE, raising=False)
    url = f"sqlite:///{tmp_path / 'reports.db'}"
    args = ["serve", "--db", str(tmp_path / "a.sqlite"), "--no-preload", "--store", url]
    result = CliRunner().invoke(_app(), args)
    assert result.exit_code == 0, result.output
    assert f"reports in {url}" in result.output
    from fastapi.testclient import TestClient

    client = TestClient(started[0]["app"])
    assert client.get("/api/store/stats").json()["articles"] == 0
    assert (tmp_path / "reports.db").is_file()


@pytest.mark.parametrize(
    ("store", "needle"),
    [
        ("mysql://db/x", "unknown kind of store 'mysql'"),
        ("sqlite:///", "names no file"),
    ],
)
def test_bad_store_stops_before_serving(
    tmp_path: Path, started: list[dict[str, Any]], store: str, needle: str
) -> None:
    result = CliRunner().invoke(
        _app(), ["serve", "--db", str(tmp_path / "a.sqlite"), "--no-preload", "--store", store]
    )
    assert result.exit_code == 2
    assert needle in result.output
    assert not started


def test_serve_store_redacts_the_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started: list[dict[str, Any]]
) -> None:
    url = "postgresql://user:hunter2@127.0.0.1:1/db"
    result = CliRunner().invoke(
        _app(), ["serve", "--db", str(tmp_path / "a.sqlite"), "--no-preload", "--store", url]
    )
    assert result.exit_code == 2  # nothing listens on port 1
    assert "cannot connect to the store" in result.output
    assert "hunter2" not in result.output
