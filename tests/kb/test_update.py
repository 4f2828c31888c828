"""``kb update``: query text, result parsing, batching, retries, resume, and the CLI.

Every request goes to a fake endpoint on 127.0.0.1 (kb/sparql_server.py); sleeps are faked.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kb.sparql_server import Reply, binding, fake_sparql, make_kb, positions_in, results
from sourcecheck.kb import KnowledgeBase
from sourcecheck.kb.cli import kb_app
from sourcecheck.kb.update import (
    Batch,
    PositionRef,
    SparqlClient,
    UpdateError,
    UpdateFiles,
    UpdateSettings,
    backoff_seconds,
    build_query,
    kb_positions,
    parse_results,
    plan_batches,
    read_position_file,
    retry_after_seconds,
    run_update,
    wikidata_date,
)

DAY = dt.date(2026, 12, 1)
FREEDONIA = PositionRef(
    "Q900100",
    "Minister of Foreign Affairs of Freedonia",
    "Freedonia",
    "freedonia",
    "foreign_minister",
)
runner = CliRunner()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # The fake endpoint is local: no proxy may sit in between; the cache is the test's own.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SOURCECHECK_CACHE", str(tmp_path / "cache"))


def fast(url: str = "http://127.0.0.1:9/sparql", **changes: object) -> UpdateSettings:
    base = UpdateSettings(
        endpoint=url,
        batch_size=2,
        tries=3,
        backoff=0.01,
        max_backoff=0.04,
        timeout=1.0,
        pause=0.0,
        max_retry_after=5.0,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


class FakeSleep:
    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def freedonia_answer(_: str = "") -> Reply:
    return Reply(
        body=results(
            [
                binding(
                    "Q1001-AAAA-1",
                    "Q1001",
                    "Ana Díaz",
                    "Q900100",
                    start=("2022-12-29T00:00:00Z", 11),
                ),
                binding(
                    "Q1002-BBBB-2",
                    "Q1002",
                    "Old Minister",
                    "Q900100",
                    start=("2015-01-01T00:00:00Z", 9),
                    end=("2022-12-01T00:00:00Z", 10),
                ),
            ]
        )
    )


# Pure functions -----------------------------------------------------------------------------


def test_the_query_asks_for_statements_with_qualifier_precision() -> None:
    query = build_query(["Q900100", "Q900200"])
    assert "VALUES ?position { wd:Q900100 wd:Q900200 }" in query
    for part in (
        "p:P39 ?statement",
        "ps:P39 ?position",
        "pqv:P580",
        "pqv:P582",
        "wikibase:timeValue",
        "wikibase:timePrecision",
        "wikibase:DeprecatedRank",
        'wikibase:language "en"',
    ):
        assert part in query
    assert "YEAR(?end) >= 2024" in build_query(["Q1"], dt.date(2024, 3, 1))
    with pytest.raises(UpdateError, match="Q11696"):
        build_query(["Q1 } DROP"])


@pytest.mark.parametrize(
    ("value", "precision", "expected"),
    [
        ("2022-12-29T00:00:00Z", "11", "2022-12-29"),
        ("+2022-12-29T00:00:00Z", "14", "2022-12-29"),
        ("2022-12-01T00:00:00Z", "10", "2022-12"),
        ("2022-01-01T00:00:00Z", "9", "2022"),
        ("2020-01-01T00:00:00Z", "8", ""),
        ("2022-00-00T00:00:00Z", "11", "2022"),
        (None, None, ""),
    ],
)
def test_wikidata_dates_keep_their_precision(
    value: str | None, precision: str | None, expected: str
) -> None:
    assert wikidata_date(value, precision) == expected


@pytest.mark.parametrize(
    ("value", "precision"),
    [
        ("yesterday", "11"),
        ("2022-02-30T00:00:00Z", "11"),
        ("-0044-03-15T00:00:00Z", "11"),
        ("2022-01-01T00:00:00Z", "day"),
    ],
)
def test_unreadable_dates_are_errors(value: str, precision: str) -> None:
    with pytest.raises(ValueError):
        wikidata_date(value, precision)


def test_parse_results_counts_and_skips_malformed_rows() -> None:
    batch = Batch("freedonia/x", "Freedonia", (FREEDONIA,))
    answer = results(
        [
            binding(
                "Q1001-AAAA-1",
                "Q1001",
                "Ana\x1b[31m Díaz\n",
                "Q900100",
                start=("2022-12-29T00:00:00Z", 11),
            ),
            binding(
                "Q1001-AAAA-1", "Q1001", "Ana Díaz", "Q900100", start=("2021-01-01T00:00:00Z", 9)
            ),  # a second start qualifier
            binding("Q1003-CCCC-3", None, "", "Q900100"),  # no person
            binding("Q1004-DDDD-4", "Q1004", "Bad Date", "Q900100", start=("soon", 11)),
            binding("Q1005-EEEE-5", "Q1005", "Elsewhere", "Q999999"),  # not asked for
            binding(
                "Q1006-FFFF-6", "Q1006", "Long Gone", "Q900100", end=("2001-05-01T00:00:00Z", 10)
            ),
            binding("Q1007-GGGG-7", "Q1007", "Q1007", "Q900100", end=("2024-01-01T00:00:00Z", 9)),
        ]
    )
    parsed = parse_results(answer, batch, DAY, since=dt.date(2024, 6, 1))
    assert (parsed.malformed, parsed.duplicates, parsed.before_since) == (3, 1, 1)
    first, second = parsed.rows
    assert first.person_label == "Ana [31m Díaz"  # control characters gone
    assert (first.person_qid, first.start, first.end, first.as_of) == (
        "Q1001",
        "2022-12-29",
        "",
        "2026-12-01",
    )
    assert first.source == "wikidata-sparql:Q900100 statement Q1001$AAAA-1"
    assert (first.position_label, first.jurisdiction, first.role_kind) == (
        FREEDONIA.label,
        "Freedonia",
        "foreign_minister",
    )
    # Ends in 2024 (year precision): may be after --since, so kept.
    assert (second.person_label, second.end) == ("Q1007", "2024")
    with pytest.raises(UpdateError, match=r"results\.bindings"):
        parse_results({"head": {}}, batch, DAY)


def test_batches_are_per_jurisdiction_and_stable() -> None:
    positions = [
        PositionRef(f"Q{n}", f"Office {n}", place, place.lower())
        for n, place in [(5, "Sylvania"), (3, "Freedonia"), (1, "Freedonia"), (2, "Freedonia")]
    ]
    batches = plan_batches(positions, 2)
    assert [(b.jurisdiction, b.qids) for b in batches] == [
        ("Freedonia", ("Q1", "Q2")),
        ("Freedonia", ("Q3",)),
        ("Sylvania", ("Q5",)),
    ]
    assert [b.key for b in plan_batches(reversed(positions), 2)] == [b.key for b in batches]
    with pytest.raises(UpdateError, match="1 or more"):
        plan_batches(positions, 0)


def test_kb_positions_by_role_kind(tmp_path: Path) -> None:
    db = make_kb(tmp_path / "kb.sqlite", tmp_path)
    conn = sqlite3.connect(db)
    try:
        default = kb_positions(conn, UpdateSettings().role_kinds)
        every = kb_positions(conn, None)
    finally:
        conn.close()
    assert [p.qid for p in default] == ["Q900100", "Q900200", "Q910200"]
    assert [p.qid for p in every] == ["Q900100", "Q900200", "Q900300", "Q910200"]
    assert default[2].jurisdiction == "Sylvania"


def test_position_file(tmp_path: Path) -> None:
    good = tmp_path / "offices.txt"
    good.write_text(
        "# heads of state\nQ30461\n\n http://www.wikidata.org/entity/Q11696  # US\nq30461\n",
        encoding="utf-8",
    )
    assert read_position_file(good) == ("Q30461", "Q11696")
    bad = tmp_path / "bad.txt"
    bad.write_text("Q1\nPresident of Peru\n", encoding="utf-8")
    with pytest.raises(UpdateError, match=r"bad.txt:2: 'President of Peru' is not a Wikidata"):
        read_position_file(bad)
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing\n", encoding="utf-8")
    with pytest.raises(UpdateError, match="no position QIDs"):
        read_position_file(empty)


def test_retry_after_and_backoff() -> None:
    now = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC).timestamp()
    assert retry_after_seconds("7", now) == 7.0
    assert retry_after_seconds("Tue, 01 Dec 2026 12:00:30 GMT", now) == 30.0
    assert retry_after_seconds("whenever", now) is None
    assert [backoff_seconds(n, fast()) for n in (1, 2, 3, 4)] == [0.01, 0.02, 0.04, 0.04]


# The client against the fake endpoint -------------------------------------------------------


def test_a_429_with_retry_after_is_waited_out() -> None:
    replies = [Reply(429, {"error": "slow down"}, {"Retry-After": "2"}), freedonia_answer()]
    sleep = FakeSleep()
    with (
        fake_sparql(lambda q: replies.pop(0)) as server,
        SparqlClient(fast(server.url), sleep=sleep) as client,
    ):
        data = client.select(build_query(["Q900100"]))
    assert len(data["results"]["bindings"]) == 2
    assert sleep.calls == [2.0]
    first = server.seen[0]
    assert first.content_type == "application/x-www-form-urlencoded"
    assert first.headers["Accept"] == "application/sparql-results+json"
    assert first.headers["User-Agent"].startswith("sourcecheck/0.1 (")
    assert "httpx/" in first.headers["User-Agent"]
    assert "wd:Q900100" in first.query


def test_a_500_that_never_recovers_gives_up_after_the_tries() -> None:
    sleep = FakeSleep()
    with (
        fake_sparql(lambda q: Reply(500, b"java.lang.Exception")) as server,
        SparqlClient(fast(server.url), sleep=sleep) as client,
        pytest.raises(UpdateError, match="HTTP 500, 3 tries"),
    ):
        client.select(build_query(["Q900100"]))
    assert len(server.seen) == 3
    assert sleep.calls == [0.01, 0.02]


def test_a_slow_answer_times_out_and_is_retried() -> None:
    sleep = FakeSleep()
    with fake_sparql(lambda q: Reply(delay=0.4)) as server:
        settings = fast(server.url, timeout=0.1, tries=2)
        with (
            SparqlClient(settings, sleep=sleep) as client,
            pytest.raises(UpdateError, match=r"no answer within 0\.1 s, 2 tries"),
        ):
            client.select(build_query(["Q900100"]))
    assert len(server.seen) == 2


def test_a_refused_query_is_not_retried() -> None:
    with (
        fake_sparql(lambda q: Reply(400, b"MalformedQueryException")) as server,
        SparqlClient(fast(server.url), sleep=FakeSleep()) as client,
        pytest.raises(UpdateError, match=r"HTTP 400.*not retried"),
    ):
        client.select(build_query(["Q900100"]))
    assert len(server.seen) == 1


def test_a_query_over_the_service_time_limit_is_not_retried() -> None:
    body = b"java.util.concurrent.ExecutionException: java.util.concurrent.TimeoutException"
    with (
        fake_sparql(lambda q: Reply(500, body)) as server,
        SparqlClient(fast(server.url), sleep=FakeSleep()) as client,
        pytest.raises(UpdateError, match="lower batch_size"),
    ):
        client.select(build_query(["Q900100"]))
    assert len(server.seen) == 1


def test_the_shipped_settings_load() -> None:
    settings = UpdateSettings.load()
    assert settings.endpoint == "https://query.wikidata.org/sparql"
    assert settings.role_kinds == (
        "head_of_state",
        "head_of_government",
        "foreign_minister",
        "org_head",
    )
    assert 1 <= settings.batch_size <= 100 and settings.tries >= 2
    assert settings.full_user_agent.startswith("sourcecheck/")


def test_truncated_json_is_retried() -> None:
    replies = [Reply(body=b'{"head": {"vars": []}, "results": {"bind'), freedonia_answer()]
    with (
        fake_sparql(lambda q: replies.pop(0)) as server,
        SparqlClient(fast(server.url), sleep=FakeSleep()) as client,
    ):
        assert client.select(build_query(["Q900100"]))["results"]["bindings"]


# Runs, files and resume ---------------------------------------------------------------------


def two_batches() -> tuple[Batch, ...]:
    sylvania = PositionRef(
        "Q910200", "Prime Minister of Sylvania", "Sylvania", "sylvania", "head_of_government"
    )
    return plan_batches([FREEDONIA, sylvania], 2)


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_a_failed_batch_is_recorded_and_a_rerun_retries_only_it(tmp_path: Path) -> None:
    sylvania_up = False

    def responder(query: str) -> Reply:
        if "Q910200" in positions_in(query):
            if not sylvania_up:
                return Reply(503, b"busy")
            return Reply(body=results([binding("Q2001-X-1", "Q2001", "Ivo Sylva", "Q910200")]))
        return freedonia_answer()

    folder = tmp_path / "updates"
    with fake_sparql(responder) as server, SparqlClient(fast(server.url), sleep=FakeSleep()) as c:
        seen: list[str] = []
        first = run_update(
            two_batches(),
            c,
            day=DAY,
            folder=folder,
            progress=lambda r: seen.append(r.batch.jurisdiction),
        )
        assert seen == ["Freedonia", "Sylvania"]
        assert [r.error is None for r in first.results] == [True, False]
        assert "HTTP 503" in (first.failed[0].error or "")
        assert first.written and len(first.new_rows) == 2
        files = UpdateFiles.of(folder, DAY)
        assert files.csv.is_file() and not files.partial.exists() and files.state.is_file()
        assert len(read_rows(files.csv)) == 2
        requests = len(server.seen)

        sylvania_up = True
        second = run_update(two_batches(), c, day=DAY, folder=folder)
        assert [r.skipped for r in second.results] == [True, False]
        assert not second.failed
        assert len(server.seen) == requests + 1  # only Sylvania asked again
        assert [r["person_label"] for r in read_rows(files.csv)] == [
            "Ana Díaz",
            "Old Minister",
            "Ivo Sylva",
        ]
        assert [r.person_label for r in second.new_rows] == ["Ivo Sylva"]

        third = run_update(two_batches(), c, day=DAY, folder=folder, restart=True)
        assert not any(r.skipped for r in third.results)
        assert len(read_rows(files.csv)) == 3


def test_a_killed_run_leaves_no_half_file_and_resumes(tmp_path: Path) -> None:
    folder = tmp_path / "updates"
    files = UpdateFiles.of(folder, DAY)

    def responder(query: str) -> Reply:
        if "Q910200" in positions_in(query):
            return Reply(500)
        return freedonia_answer()

    with fake_sparql(responder) as server, SparqlClient(fast(server.url), sleep=FakeSleep()) as c:
        run_update(two_batches(), c, day=DAY, folder=folder)
        # As if killed while writing the next batch: the partial file has half a row more.
        files.csv.rename(files.partial)
        with files.partial.open("a", encoding="utf-8") as handle:
            handle.write('Q2001,"Ivo Syl')
        assert not list(folder.glob("*.csv"))  # nothing a build would read
        summary = run_update(two_batches(), c, day=DAY, folder=folder)
    assert summary.results[0].skipped
    assert [r["person_label"] for r in read_rows(files.csv)] == ["Ana Díaz", "Old Minister"]


def test_nothing_finished_writes_no_file(tmp_path: Path) -> None:
    folder = tmp_path / "updates"
    with (
        fake_sparql(lambda q: Reply(500)) as server,
        SparqlClient(fast(server.url, tries=1), sleep=FakeSleep()) as client,
    ):
        summary = run_update(two_batches(), client, day=DAY, folder=folder)
    assert len(summary.failed) == 2 and not summary.written
    assert not list(folder.glob("*.csv"))


# CLI ----------------------------------------------------------------------------------------


def test_cli_update_writes_the_csv_and_imports_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = make_kb(tmp_path / "kb.sqlite", tmp_path)

    def responder(query: str) -> Reply:
        asked = positions_in(query)
        rows = (
            [
                binding(
                    "Q2001-X-1", "Q2001", "Ivo Sylva", "Q910200", start=("2025-03-04T00:00:00Z", 11)
                )
            ]
            if "Q910200" in asked
            else []
        )
        if "Q900100" in asked:
            rows.append(
                binding(
                    "Q1001-A-1", "Q1001", "Ana Díaz", "Q900100", start=("2022-12-29T00:00:00Z", 11)
                )
            )
            rows.append(binding("Q1009-A-9", None, "", "Q900100"))
        return Reply(body=results(rows))

    with fake_sparql(responder) as server:
        monkeypatch.setattr(UpdateSettings, "load", classmethod(lambda cls: fast()))
        result = runner.invoke(
            kb_app, ["update", "--endpoint", server.url, "--db", str(db)], env={"COLUMNS": "200"}
        )
    assert result.exit_code == 0, result.output
    assert "Fetched 2 rows in 2 batches; 1 malformed rows skipped." in result.output
    assert "Imported 2 rows into" in result.output
    today = dt.date.today().isoformat()
    written = tmp_path / "cache" / "updates" / f"wikidata-{today}.csv"
    assert f"wikidata-{today}.csv" in result.output.replace("\n", "")
    assert {r["person_label"] for r in read_rows(written)} == {"Ivo Sylva", "Ana Díaz"}
    (term,) = KnowledgeBase(db).who("Ivo Sylva")
    assert (str(term.start), term.position.label) == ("2025-03-04", "Prime Minister of Sylvania")
    # Default kinds: the health minister (a plain minister) was not asked for.
    assert all("Q900300" not in positions_in(s.query) for s in server.seen)


def test_cli_update_exits_non_zero_when_a_batch_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = make_kb(tmp_path / "kb.sqlite", tmp_path)

    def responder(query: str) -> Reply:
        if "Q910200" in positions_in(query):
            return Reply(500, b"<b>[red]boom[/red]</b>")
        return freedonia_answer()

    with fake_sparql(responder) as server:
        monkeypatch.setattr(
            UpdateSettings, "load", classmethod(lambda cls: fast(server.url, tries=2))
        )
        result = runner.invoke(
            kb_app, ["update", "--all-known", "--db", str(db)], env={"COLUMNS": "200"}
        )
    assert result.exit_code == 1, result.output
    assert "batch Sylvania failed" in result.output
    assert "rerun today" in result.output
    assert "Imported 2 rows" in result.output


def test_cli_update_rejects_a_bad_positions_file(tmp_path: Path) -> None:
    db = make_kb(tmp_path / "kb.sqlite", tmp_path)
    bad = tmp_path / "offices.txt"
    bad.write_text("Q1\n\nQ2x\n", encoding="utf-8")
    result = runner.invoke(
        kb_app, ["update", "--positions", str(bad), "--db", str(db)], env={"COLUMNS": "300"}
    )
    assert result.exit_code == 2
    assert "offices.txt:3" in result.output and "'Q2x'" in result.output
    result = runner.invoke(kb_app, ["update", "--since", "last week", "--db", str(db)])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output
