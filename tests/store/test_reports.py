"""The report store on SQLite and PostgreSQL: migrations, writes, queries, transactions."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest

from factories import hidden_report, sample_report
from sourcecheck.errors import SourcecheckError, StoreError
from sourcecheck.records import AttributionKind, Report, SourceKind, Status
from sourcecheck.report.json import report_to_dict
from sourcecheck.store import (
    LATEST_VERSION,
    ArticleNotFoundError,
    ReportStore,
    Store,
    open_store,
    reports,
)
from sourcecheck.store.schema import MIGRATIONS, migrate

A, B, C = "a" * 64, "b" * 64, "c" * 64


def _with(report: Report, sha: str, **article: Any) -> Report:
    return dataclasses.replace(
        report, article=dataclasses.replace(report.article, sha256=sha, **article)
    )


def corpus() -> list[Report]:
    """Three articles: dated 2024 (4 findings), dated 2023 (6), undated (1)."""
    a = _with(sample_report(), A)
    b = _with(hidden_report(), B, outlet="Harbour Herald", date=dt.date(2023, 1, 10))
    c = dataclasses.replace(
        _with(sample_report(), C, outlet=None, date=None), findings=sample_report().findings[:1]
    )
    return [a, b, c]


def _tables(store: ReportStore) -> dict[str, int]:
    with store.backend.transaction("read", write=False) as tx:
        return {
            t: int(tx.fetchall(f"SELECT COUNT(*) AS n FROM {t}")[0]["n"])
            for t in ("articles", "attributions", "findings", "errors", "runs")
        }


# Migrations


def test_an_empty_store_is_migrated_to_the_latest_version(store_url: str) -> None:
    with open_store(store_url) as store:
        assert store.schema_version() == LATEST_VERSION == MIGRATIONS[-1].version
        assert _tables(store) == dict.fromkeys(
            ("articles", "attributions", "findings", "errors", "runs"), 0
        )
        with store.backend.transaction("read", write=False) as tx:
            rows = tx.fetchall("SELECT version, name FROM schema_version ORDER BY version")
        assert [(r["version"], r["name"]) for r in rows] == [
            (1, "audits"),
            (2, "reports"),
            (3, "quotes"),
        ]
    # Reopening applies nothing more.
    with open_store(store_url) as again:
        assert migrate(again.backend) == LATEST_VERSION


def test_a_partly_migrated_store_gets_the_rest(store_url: str) -> None:
    with open_store(store_url) as store:
        backend = store.backend
    # A store at version 1 (what a first release of the versioned schema wrote)…
    with backend.transaction("reset") as tx:
        for table in ("quotes", "errors", "findings", "attributions", "articles", "runs"):
            tx.execute(f"DROP TABLE {table}")
        if backend.dialect.name == "sqlite":
            tx.execute("DROP TABLE quotes_vocab")
            tx.execute("DROP TABLE quotes_fts")
        tx.execute("DELETE FROM schema_version WHERE version > 1")
    assert migrate(backend, MIGRATIONS[:1]) == 1
    # …is brought up to date when opened.
    with open_store(store_url) as store:
        assert store.schema_version() == LATEST_VERSION
        assert store.add_report(corpus()[0])
    backend.close()


#: The only table of audit stores before versioned migrations (sourcecheck 0.1).
OLD_SCHEMA = """
CREATE TABLE IF NOT EXISTS audits (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL,
    title TEXT,
    url TEXT,
    article_date TEXT,
    attributions INTEGER NOT NULL,
    contradicted INTEGER NOT NULL,
    unverifiable INTEGER NOT NULL,
    report_json TEXT NOT NULL
);
"""


def _old_store(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.executescript(OLD_SCHEMA)
        conn.execute(
            "INSERT INTO audits (id, created, title, url, article_date, attributions,"
            " contradicted, unverifiable, report_json) VALUES (?,?,?,?,?,?,?,?,?)",
            (
                "old-audit-id",
                "2026-01-02T03:04:05+00:00",
                "Pier to reopen",
                "https://example.org/pier",
                "2024-05-06",
                4,
                1,
                1,
                json.dumps(report_to_dict(sample_report())),
            ),
        )
    conn.close()


def test_an_old_audit_store_is_migrated_not_rejected(tmp_path: Path) -> None:
    path = tmp_path / "audits.sqlite"
    _old_store(path)
    web = Store(path)  # the web app opens it as before
    assert web.count() == 1
    assert web.get("old-audit-id").report == sample_report()
    with open_store(path) as store:
        assert store.schema_version() == LATEST_VERSION
        assert store.add_report(corpus()[0])
        assert store.stats()["articles"] == 1
    # Both kinds of writes live side by side in the one file.
    new_id = web.add(sample_report()).id
    assert [s.id for s in web.list()] == [new_id, "old-audit-id"]


def test_a_store_newer_than_the_code_is_refused(store_url: str) -> None:
    with open_store(store_url) as store, store.backend.transaction("fake") as tx:
        tx.execute(
            "INSERT INTO schema_version (version, name, applied) VALUES (?, ?, ?)",
            (LATEST_VERSION + 7, "from_the_future", "2099-01-01T00:00:00+00:00"),
        )
    with pytest.raises(StoreError, match=f"schema version {LATEST_VERSION + 7}") as info:
        open_store(store_url)
    assert f"versions up to {LATEST_VERSION}" in str(info.value)
    assert "upgrade sourcecheck" in str(info.value)


def test_the_web_store_refuses_a_newer_file_too(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite"
    Store(path)
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO schema_version VALUES (99, 'x', '2099-01-01')")
    conn.close()
    with pytest.raises(StoreError, match="schema version 99"):
        Store(path)


# Writing


def test_add_is_idempotent_by_article_hash(store: ReportStore) -> None:
    report = corpus()[0]
    assert not store.has(A)
    assert store.add_report(report) is True
    assert store.has(A)
    before = _tables(store)
    assert store.add_report(report) is False
    changed = dataclasses.replace(report, findings=())
    assert store.add_report(changed) is False  # same hash: skipped, not merged
    assert (
        _tables(store)
        == before
        == {
            "articles": 1,
            "attributions": 4,
            "findings": 4,
            "errors": 0,
            "runs": 0,
        }
    )
    assert store.report(A) == report


def test_concurrent_adds_of_one_article_store_it_once(store: ReportStore) -> None:
    report = corpus()[1]
    results: list[bool] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            results.append(store.add_report(report))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(results) == [False] * 5 + [True]
    assert _tables(store)["findings"] == 6


def test_force_replaces_the_article_and_all_its_rows(store: ReportStore) -> None:
    first = corpus()[1]
    store.add_report(first)
    second = dataclasses.replace(
        first,
        article=dataclasses.replace(first.article, title="Pier closes"),
        attributions=first.attributions[:2],
        findings=first.findings[:1],
    )
    assert store.add_report(second, force=True) is True
    assert store.report(B) == second
    assert (_tables(store)["attributions"], _tables(store)["findings"]) == (2, 1)


@pytest.mark.parametrize("failure", ["python", "database"])
def test_a_write_failing_midway_leaves_no_half_article(
    store: ReportStore, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    old = corpus()[0]
    store.add_report(old)
    real = reports._finding_row

    def broken(key: str, seq: int, finding: Any, data: Any) -> tuple[Any, ...]:
        # Called after the article and attribution rows are written.
        if failure == "python":
            raise RuntimeError("killed midway")
        row = real(key, seq, finding, data)
        return (*row[:3], None, *row[4:])  # status NULL: the database refuses it

    monkeypatch.setattr(reports, "_finding_row", broken)
    expected = RuntimeError if failure == "python" else StoreError
    new = corpus()[1]
    with pytest.raises(expected):
        store.add_report(new)
    assert not store.has(B)
    # A forced replace that fails keeps the old version whole.
    with pytest.raises(expected):
        store.add_report(dataclasses.replace(old, findings=old.findings[:1]), force=True)
    monkeypatch.undo()
    assert _tables(store) == {
        "articles": 1,
        "attributions": 4,
        "findings": 4,
        "errors": 0,
        "runs": 0,
    }
    assert store.report(A) == old


def test_errors_and_runs_are_recorded(store: ReportStore) -> None:
    run = store.start_run({"inputs": ["feed.xml"], "workers": 4})
    store.add_report(corpus()[0], run)
    store.add_error("missing.txt", FileNotFoundError("no such file"), run)
    store.add_error("odd.bin", "not text", run)
    store.finish_run(run, {"added": 1, "errors": 2})
    [row] = store.runs()
    assert row["id"] == run
    assert row["settings"] == {"inputs": ["feed.xml"], "workers": 4}
    assert row["counts"] == {"added": 1, "errors": 2}
    assert row["started"] <= row["finished"]
    assert [r.article_id for r in store.query(run_id=run)] == [A] * 4
    assert list(store.query(run_id="other")) == []
    with store.backend.transaction("read", write=False) as tx:
        errors = tx.fetchall("SELECT input, type, message, run_id FROM errors ORDER BY id")
    assert errors == [
        {"input": "missing.txt", "type": "FileNotFoundError", "message": "no such file",
         "run_id": run},
        {"input": "odd.bin", "type": "error", "message": "not text", "run_id": run},
    ]  # fmt: skip


def test_finishing_an_unknown_run_says_so(store: ReportStore) -> None:
    with pytest.raises(StoreError, match=r"no run with id 'nope'.*start_run"):
        store.finish_run("nope", {})


# Reading


def test_report_round_trips_every_field(store: ReportStore) -> None:
    for report in corpus():
        store.add_report(report)
    for report in corpus():
        assert store.report(report.article.sha256) == report


def test_report_notes_round_trip(store: ReportStore) -> None:
    notes = ("quote_origin was skipped: no store was given.", "2 quotes under 6 words")
    report = dataclasses.replace(sample_report(), notes=notes)
    store.add_report(report)
    stored = store.report(reports.article_id(report))
    assert stored.notes == notes and stored == report
    # The notes are the report's, not an article field.
    assert "report_notes" not in stored.to_dict()["article"]


def test_an_article_without_a_hash_is_keyed_by_its_text(store: ReportStore) -> None:
    report = _with(sample_report(), "")
    assert store.add_report(report)
    [key] = {row.article_id for row in store.query()}
    assert len(key) == 64 and key == reports.article_id(report)
    assert store.report(key) == report


def test_an_unknown_article_is_not_found(store: ReportStore) -> None:
    with pytest.raises(ArticleNotFoundError, match="no stored article has id 'f00'") as info:
        store.report("f00")
    assert isinstance(info.value, SourcecheckError)


QUERY_CASES: list[tuple[dict[str, Any], list[tuple[str, int]]]] = [
    ({}, [*((A, i) for i in range(4)), *((B, i) for i in range(6)), (C, 0)]),
    ({"status": Status.CONTRADICTED}, [(A, 0), (B, 0), (C, 0)]),
    ({"status": "unverifiable"}, [(A, 2), (B, 2), (B, 4)]),
    ({"check": "quote_integrity"}, [(B, 5)]),
    ({"speaker": "ada QUILL"}, [(A, 0), (A, 1), (B, 0), (B, 1), (B, 5), (C, 0)]),
    ({"speaker": "Critics", "status": "unverifiable"}, [(A, 2), (B, 2)]),
    ({"speaker": "Nobody"}, []),
    ({"outlet": "harbour herald"}, [(B, i) for i in range(6)]),
    ({"outlet": "Test Gazette", "status": "consistent"}, [(A, 1), (A, 3)]),
    ({"since": dt.date(2024, 1, 1)}, [(A, i) for i in range(4)]),
    ({"since": "2023-01-10"}, [*((A, i) for i in range(4)), *((B, i) for i in range(6))]),
    ({"check": "title_at_date", "since": "2023-01-11"}, [(A, 0), (A, 1), (A, 3)]),
    ({"until": "2023-12-31"}, [(B, i) for i in range(6)]),
    ({"since": "2023-01-10", "until": dt.date(2023, 1, 10)}, [(B, i) for i in range(6)]),
    ({"until": "2023-01-09"}, []),
    ({"limit": 2, "offset": 3}, [(A, 3), (B, 0)]),
    ({"status": "consistent", "limit": 10, "offset": 4}, [(B, 5)]),
    ({"limit": 0}, []),
    ({"offset": 50}, []),
]


@pytest.mark.parametrize(("filters", "expected"), QUERY_CASES)
def test_query_filters(
    store: ReportStore, filters: dict[str, Any], expected: list[tuple[str, int]]
) -> None:
    for report in corpus():
        store.add_report(report)
    assert [(r.article_id, r.index) for r in store.query(**filters)] == expected
    paging = {"limit", "offset"}
    if not paging & filters.keys():
        assert store.count(**filters) == len(expected)


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"until": "last week"}, "until must be a date like 2024-05-06"),
        ({"since": "2024-02-01", "until": "2024-01-01"}, "since (2024-02-01) is after until"),
    ],
)
def test_bad_date_filters_are_explained(
    store: ReportStore, filters: dict[str, Any], message: str
) -> None:
    with pytest.raises(StoreError, match=re.escape(message)):
        list(store.query(**filters))
    with pytest.raises(StoreError, match=re.escape(message)):
        store.count(**filters)


def test_query_reads_page_by_page(store: ReportStore, monkeypatch: pytest.MonkeyPatch) -> None:
    for report in corpus():
        store.add_report(report)
    everything = list(store.query())
    monkeypatch.setattr(reports, "PAGE_SIZE", 2)
    assert list(store.query()) == everything
    assert list(store.query(limit=5, offset=1)) == everything[1:6]


def test_query_rows_carry_article_and_attribution(store: ReportStore) -> None:
    for report in corpus():
        store.add_report(report)
    rows = list(store.query(outlet="Test Gazette"))
    first, mention = rows[0], rows[3]
    assert first.check == "title_at_date" and first.status is Status.CONTRADICTED
    assert first.explanation == "Ada Quill left office on 2023-12-31."
    assert (first.attribution_id, first.speaker, first.source_kind, first.kind) == (
        "a1",
        "Ada Quill",
        SourceKind.PERSON,
        AttributionKind.INDIRECT,
    )
    assert first.content == "the pier would reopen"
    assert (first.title, first.outlet, first.date, first.url) == (
        "Pier to reopen",
        "Test Gazette",
        dt.date(2024, 5, 6),
        "https://example.org/pier",
    )
    assert first.span is None
    assert mention.attribution_id is None and mention.speaker is None
    assert mention.span is not None and mention.span.text == "then-Mayor Tom Reed"


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"status": "wrong"}, "unknown status 'wrong'; use one of consistent, contradicted"),
        ({"since": "last week"}, "since must be a date like 2024-05-06, got 'last week'"),
        ({"limit": -1}, "limit and offset must be >= 0"),
        ({"offset": -5}, "got None and -5"),
    ],
)
def test_bad_query_values_are_refused(
    store: ReportStore, filters: dict[str, Any], message: str
) -> None:
    with pytest.raises(StoreError, match=message):
        list(store.query(**filters))


def test_stats(store: ReportStore) -> None:
    assert store.stats() == {
        "articles": 0,
        "attributions": 0,
        "findings": {"consistent": 0, "contradicted": 0, "unverifiable": 0},
        "errors": 0,
        "runs": 0,
    }
    run = store.start_run({})
    for report in corpus():
        store.add_report(report, run)
    store.add_error("x.txt", ValueError("bad"), run)
    assert store.stats() == {
        "articles": 3,
        "attributions": 14,
        "findings": {"consistent": 5, "contradicted": 3, "unverifiable": 3},
        "errors": 1,
        "runs": 1,
    }


# Opening


def test_locations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with open_store() as store:
        assert store.location == "sourcecheck.db"
    assert (tmp_path / "sourcecheck.db").is_file()
    with open_store("sqlite:///rel/x.db") as store:
        store.add_report(corpus()[0])
    with open_store(tmp_path / "rel" / "x.db") as store:
        assert store.has(A)
    with open_store(f"sqlite:///{tmp_path}/rel/x.db") as store:
        assert store.has(A)


@pytest.mark.parametrize(
    ("location", "message"),
    [
        ("mysql://u:secret@host/db", r"unknown kind of store 'mysql' in 'mysql://u:\*\*\*@host"),
        ("sqlite:///", "names no file"),
        ("sqlite:///:memory:", "an in-memory database is not supported"),
    ],
)
def test_bad_locations_are_refused(location: str, message: str) -> None:
    with pytest.raises(StoreError, match=message) as info:
        open_store(location)
    assert "postgresql://USER@HOST/DB" in str(info.value)


def test_an_unreachable_postgres_names_the_url_without_its_password(tmp_path: Path) -> None:
    url = f"postgresql://me:hunter2@/db?host={tmp_path}&port=1"
    with pytest.raises(StoreError, match="cannot connect to the store") as info:
        open_store(url)
    assert "hunter2" not in str(info.value)
    assert "me:***@" in str(info.value)


def test_a_file_that_is_no_database_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"just some text, certainly not SQLite" * 100)
    with pytest.raises(StoreError, match=r"notes\.db"):
        open_store(path)


def test_names_offers_check_names_and_newest_runs(store: ReportStore) -> None:
    first = store.start_run({})
    second = store.start_run({})
    for report in corpus():
        store.add_report(report, second)
    names = store.names(50)
    assert names["checks"] == sorted({f.check for r in corpus() for f in r.findings})
    assert names["runs"] == [second, first]  # newest started first
    assert store.names(1)["runs"] == [second]
