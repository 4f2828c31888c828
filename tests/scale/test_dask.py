"""``sourcecheck batch --dask``: the same work on a Dask distributed cluster."""

from __future__ import annotations

import copyreg
import importlib.util
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sourcecheck.cli import app

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("distributed") is None, reason="distributed is not installed"
)

runner = CliRunner()


def _write_articles(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        body = "\n\n".join(
            f"“Bridge {n} will open in week {p},” Mayor Lena Ortiz said on Monday."
            for p in range(2)
        )
        (folder / f"story-{n:02d}.txt").write_text(body + "\n", encoding="utf-8")


def _rows(db: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return [
            *conn.execute("SELECT id, path, title, text FROM articles ORDER BY id"),
            *conn.execute("SELECT article_id, seq, data FROM attributions ORDER BY 1, 2"),
            *conn.execute(
                "SELECT article_id, seq, status, explanation FROM findings ORDER BY 1, 2"
            ),
            *conn.execute("SELECT input, type, message FROM errors ORDER BY 1"),
        ]


@pytest.fixture(scope="module", autouse=True)
def _pickling_restored() -> Iterator[None]:
    """Undoes what importing distributed does to every exception's pickling (tblib).

    The other tests (``test_runner``) check how exceptions travel without it.
    """
    saved = dict(copyreg.dispatch_table)
    yield
    copyreg.dispatch_table.clear()
    copyreg.dispatch_table.update(saved)


@pytest.fixture(scope="module")
def cluster(_pickling_restored: None) -> Iterator[str]:
    import distributed

    with distributed.LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        host="127.0.0.1",
        dashboard_address=None,
    ) as local:
        yield local.scheduler_address


@pytest.mark.slow
def test_dask_stores_the_same_rows_as_one_worker(tmp_path: Path, cluster: str) -> None:
    _write_articles(tmp_path / "in", 6)
    one, dask = tmp_path / "one.db", tmp_path / "dask.db"
    args = [str(tmp_path / "in"), "--no-checks", "-q"]
    result = runner.invoke(app, ["batch", *args, "--store", str(one), "-w", "1"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["batch", *args, "--store", str(dask), "--dask", cluster])
    assert result.exit_code == 0, result.output
    assert _rows(one) == _rows(dask)
    with sqlite3.connect(dask) as conn:
        assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 6
        assert conn.execute("SELECT COUNT(*) FROM attributions").fetchone()[0] == 12


@pytest.mark.slow
def test_worker_errors_become_error_rows(tmp_path: Path, cluster: str) -> None:
    _write_articles(tmp_path / "in", 3)
    db = tmp_path / "s.db"
    args = [str(tmp_path / "in"), "--no-checks", "-q", "--store", str(db), "--dask", cluster]
    result = runner.invoke(app, ["batch", *args, "--model", "no_such_model_xx"])
    assert result.exit_code == 1, result.output
    assert "no spaCy model found" in result.output
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 0
        assert conn.execute("SELECT type, COUNT(*) FROM errors GROUP BY 1").fetchall() == [
            ("ModelNotFoundError", 3)
        ]
    # The cluster is still fine for the next run.
    result = runner.invoke(app, ["batch", *args])
    assert result.exit_code == 0, result.output


def test_dask_and_workers_exclude_each_other(tmp_path: Path) -> None:
    _write_articles(tmp_path / "in", 1)
    result = runner.invoke(
        app, ["batch", str(tmp_path / "in"), "--dask", "tcp://127.0.0.1:1", "-w", "2"]
    )
    assert result.exit_code == 2
    assert "exclude each other" in result.output


def test_no_scheduler_is_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sourcecheck.scale import dask

    monkeypatch.setattr(dask, "CONNECT_TIMEOUT", 1.0)
    _write_articles(tmp_path / "in", 1)
    result = runner.invoke(
        app,
        ["batch", str(tmp_path / "in"), "--store", str(tmp_path / "s.db"),
         "--dask", "tcp://127.0.0.1:1"],
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "no Dask scheduler answers" in result.output


def _summary(url: str) -> tuple[dict[str, object], list[tuple[object, ...]]]:
    from sourcecheck.store import open_store

    with open_store(url) as store:
        rows = [
            (row.article_id, row.index, row.status.value, row.explanation) for row in store.query()
        ]
        return store.stats(), sorted(rows)


@pytest.mark.slow
def test_dask_workers_write_to_postgresql_themselves(
    tmp_path: Path, cluster: str, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sourcecheck.store import ReportStore

    written: list[str] = []
    add_report = ReportStore.add_report

    def recorded(self: ReportStore, report: Any, *args: Any, **kwargs: Any) -> bool:
        written.append(report.article.path or "?")
        return add_report(self, report, *args, **kwargs)

    # Only this (the client's) process is patched: the workers' writes are not seen.
    monkeypatch.setattr(ReportStore, "add_report", recorded)
    folder = tmp_path / "in"
    _write_articles(folder, 5)
    (folder / "c.txt").write_text(
        "---\ndate: 2020-05-01\n---\nPresident Barack Obama said in 2020 that taxes would rise.\n",
        encoding="utf-8",
    )
    one = f"sqlite:///{tmp_path / 'one.db'}"
    result = runner.invoke(app, ["batch", str(folder), "-q", "--store", one, "-w", "1"])
    assert result.exit_code == 0, result.output
    assert len(written) == 6  # one local process writes in this process
    written.clear()
    result = runner.invoke(app, ["batch", str(folder), "-q", "--store", pg_url, "--dask", cluster])
    assert result.exit_code == 0, result.output
    # The rows came from the workers (the client wrote none) and are those one local
    # process stores.
    assert written == []
    assert _summary(pg_url) == _summary(one)
    stats, _ = _summary(pg_url)
    assert stats["articles"] == 6 and stats["runs"] == 1
    # A second run skips every article, on the client, before any is sent.
    result = runner.invoke(app, ["batch", str(folder), "-q", "--store", pg_url, "--dask", cluster])
    assert result.exit_code == 0, result.output
    stats, _ = _summary(pg_url)
    assert stats["articles"] == 6 and stats["runs"] == 2
