"""``sourcecheck batch`` and ``sourcecheck store``: resumable runs into a store."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sourcecheck.batch_cli import BatchFormat, report_file_name
from sourcecheck.cli import app

runner = CliRunner()

CHECKED = """---
title: Council {n}
date: 2020-05-0{n}
outlet: Test Gazette
---
“The bridge will open in May,” Mayor Lena Ortiz said on Monday.

President Barack Obama said in 2020 that taxes would rise.
"""


def _write_articles(folder: Path, count: int, paragraphs: int = 1) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        body = "\n\n".join(
            f"“Bridge {n} will open in week {p},” Mayor Lena Ortiz said on Monday."
            for p in range(paragraphs)
        )
        path = folder / f"story-{n:02d}.txt"
        path.write_text(body + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def _count(db: Path, sql: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute(sql).fetchone()[0])


def _batch(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["batch", *args])
    return result.exit_code, result.output


def test_second_run_skips_everything_and_force_replaces(tmp_path: Path) -> None:
    _write_articles(tmp_path / "in", 4)
    db = tmp_path / "s.db"
    store = f"sqlite:///{db}"
    code, output = _batch(str(tmp_path / "in"), "--store", store, "-w", "1", "--no-checks")
    assert code == 0, output
    assert _count(db, "SELECT COUNT(*) FROM articles") == 4
    attributions = _count(db, "SELECT COUNT(*) FROM attributions")
    assert attributions == 4

    code, output = _batch(str(tmp_path / "in"), "--store", store, "-w", "1", "--no-checks")
    assert code == 0, output
    [counts] = [
        json.loads(row[0])
        for row in sqlite3.connect(db).execute(
            "SELECT counts FROM runs ORDER BY started DESC LIMIT 1"
        )
    ]
    assert counts["skipped"] == 4 and counts["added"] == 0

    code, output = _batch(
        str(tmp_path / "in"), "--store", store, "-w", "1", "--no-checks", "--force"
    )
    assert code == 0, output
    assert _count(db, "SELECT COUNT(*) FROM articles") == 4
    assert _count(db, "SELECT COUNT(*) FROM attributions") == attributions
    counts = json.loads(
        sqlite3.connect(db).execute("SELECT counts FROM runs ORDER BY started DESC").fetchone()[0]
    )
    assert counts["replaced"] == 4
    assert _count(db, "SELECT COUNT(*) FROM runs WHERE finished IS NOT NULL") == 3


def test_failed_inputs_become_error_rows_and_exit_1(tmp_path: Path) -> None:
    _write_articles(tmp_path / "in", 2)
    (tmp_path / "in" / "binary.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "in" / "empty.txt").write_text("", encoding="utf-8")
    db = tmp_path / "s.db"
    code, output = _batch(str(tmp_path / "in"), "--store", str(db), "-w", "1", "--no-checks")
    assert code == 1, output
    assert "binary.txt" in output
    assert _count(db, "SELECT COUNT(*) FROM articles") == 2
    assert _count(db, "SELECT COUNT(*) FROM errors WHERE type = 'InputError'") == 2
    assert _count(db, "SELECT COUNT(*) FROM errors WHERE input LIKE '%binary.txt'") == 1


def test_nothing_readable_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "binary.txt"
    bad.write_bytes(b"\x00\x01")
    code, output = _batch(str(bad), "--store", str(tmp_path / "s.db"), "-w", "1", "--no-checks")
    assert code == 2, output
    code, output = _batch(
        str(tmp_path / "missing.txt"), "--store", str(tmp_path / "s.db"), "-w", "1"
    )
    assert code == 2, output


def test_output_dir_writes_one_safe_file_per_input(tmp_path: Path) -> None:
    _write_articles(tmp_path / "in", 3)
    out = tmp_path / "out"
    args = [str(tmp_path / "in"), "--store", str(tmp_path / "s.db"), "-w", "1", "--no-checks"]
    code, output = _batch(*args, "--output-dir", str(out), "--format", "md")
    assert code == 0, output
    files = sorted(out.iterdir())
    assert len(files) == 3 and all(f.suffix == ".md" for f in files)
    assert all(f.name.startswith("story-") for f in files)
    # Skipped articles are written too, from the store.
    out2 = tmp_path / "out2"
    code, output = _batch(*args, "--output-dir", str(out2), "--format", "jsonl")
    assert code == 0, output
    docs = [json.loads(f.read_text("utf-8")) for f in sorted(out2.iterdir())]
    assert len(docs) == 3 and all(len(d["attributions"]) == 1 for d in docs)


def test_report_file_names_are_safe() -> None:
    name = report_file_name("../../etc/pass\nwd[b].txt", "ab" * 32, BatchFormat.HTML)
    assert name == "pass_wd_b-abababababab.html"
    url = report_file_name("https://example.org/2024/01/story/", "cd" * 32, BatchFormat.TEXT)
    assert url == "story-cdcdcdcdcdcd.txt"
    assert report_file_name("...", "ef" * 32, BatchFormat.JSON) == "article-efefefefefef.json"


def test_quiet_prints_only_errors(tmp_path: Path) -> None:
    _write_articles(tmp_path / "in", 2)
    code, output = _batch(
        str(tmp_path / "in"), "--store", str(tmp_path / "s.db"), "-w", "1", "--no-checks", "-q"
    )
    assert code == 0 and output == ""
    (tmp_path / "in" / "binary.txt").write_bytes(b"\x00")
    code, output = _batch(
        str(tmp_path / "in"), "--store", str(tmp_path / "s.db"), "-w", "1", "--no-checks", "-q"
    )
    assert code == 1
    assert output.startswith("sourcecheck: error:") and "binary.txt" in output
    assert "articles/s" not in output


def _rows(db: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return [
            *conn.execute("SELECT id, path, title, text FROM articles ORDER BY id"),
            *conn.execute("SELECT article_id, seq, data FROM attributions ORDER BY 1, 2"),
            *conn.execute(
                "SELECT article_id, seq, status, explanation FROM findings ORDER BY 1, 2"
            ),
        ]


def test_two_workers_store_the_same_rows_as_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        monkeypatch.setenv(variable, "1")  # what batch sets; restored after the test
    _write_articles(tmp_path / "in", 6, paragraphs=2)
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    code, output = _batch(str(tmp_path / "in"), "--store", str(one), "-w", "1", "--no-checks")
    assert code == 0, output
    code, output = _batch(str(tmp_path / "in"), "--store", str(two), "-w", "2", "--no-checks")
    assert code == 0, output
    assert _rows(one) == _rows(two)
    assert _count(two, "SELECT COUNT(*) FROM articles") == 6


def _children_of(pid: int) -> list[int]:
    """The live processes whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and _parent(entry) == pid:
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def _parent(proc: Path) -> int:
    # /proc/PID/stat: "pid (name) state ppid ..."; the name may hold spaces.
    return int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])


def _alive(pids: list[int]) -> list[int]:
    alive = []
    for pid in pids:
        try:
            state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.append(pid)
    return alive


def _no_worker_outlives(workers: list[int]) -> None:
    deadline = time.monotonic() + 20
    while _alive(workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _alive(workers) == [], "worker processes outlived the killed run"


@pytest.mark.parametrize("workers", [1, 2])
def test_killed_run_resumes_without_doubles(tmp_path: Path, workers: int) -> None:
    _write_articles(tmp_path / "in", 30, paragraphs=12)
    db = tmp_path / "s.db"
    # With 2 workers, the worker processes write the store themselves.
    command = [
        sys.executable, "-c", "from sourcecheck.cli import main; main()",
        "batch", str(tmp_path / "in"),
        "--store", str(db), "--workers", str(workers), "--no-checks", "--quiet",
    ]  # fmt: skip
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(command, env=env, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 120
        stored = 0
        while time.monotonic() < deadline and process.poll() is None:
            if db.exists():
                try:
                    stored = _count(db, "SELECT COUNT(*) FROM articles")
                except sqlite3.OperationalError:  # tables not made yet
                    stored = 0
                if stored >= 3:
                    break
            time.sleep(0.01)
        assert process.poll() is None, "the run ended before it could be killed"
        children = _children_of(process.pid)
        assert len(children) >= (workers if workers > 1 else 0)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL
    _no_worker_outlives(children)
    before = _count(db, "SELECT COUNT(*) FROM articles")
    assert 3 <= before < 30
    assert _count(db, "SELECT COUNT(*) FROM runs WHERE finished IS NULL") == 1

    done = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert _count(db, "SELECT COUNT(*) FROM articles") == 30
    assert _count(db, "SELECT COUNT(DISTINCT path) FROM articles") == 30
    assert _count(db, "SELECT COUNT(*) FROM attributions") == 30 * 12
    doubled = (
        "SELECT COUNT(*) FROM (SELECT article_id, seq FROM attributions"
        " GROUP BY 1, 2 HAVING COUNT(*) > 1)"
    )
    assert _count(db, doubled) == 0
    counts = json.loads(
        sqlite3.connect(db)
        .execute("SELECT counts FROM runs WHERE finished IS NOT NULL")
        .fetchone()[0]
    )
    # Worker processes may store what they held after the main one died: never twice.
    assert counts["skipped"] >= before and counts["skipped"] + counts["added"] == 30
    if workers == 1:
        assert counts["skipped"] == before


@pytest.fixture(scope="module")
def checked_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of three dated articles audited with the checks (a contradicted title)."""
    folder = tmp_path_factory.mktemp("checked")
    for n in range(1, 4):
        (folder / "in").mkdir(exist_ok=True)
        (folder / "in" / f"c{n}.txt").write_text(CHECKED.format(n=n), encoding="utf-8")
    db = folder / "s.db"
    code, output = _batch(str(folder / "in"), "--store", str(db), "-w", "1")
    assert code == 0, output
    return db


def test_fail_on_exits_3_for_new_and_skipped_articles(checked_store: Path) -> None:
    folder = checked_store.parent / "in"
    code, output = _batch(
        str(folder), "--store", str(checked_store), "-w", "1", "--fail-on", "contradicted"
    )
    assert code == 3, output  # all skipped: found in the store
    (checked_store.parent / "plain").mkdir(exist_ok=True)
    _write_articles(checked_store.parent / "plain", 1)
    code, output = _batch(
        str(checked_store.parent / "plain"), "--store", str(checked_store), "-w", "1",
        "--no-checks", "--fail-on", "contradicted",
    )  # fmt: skip
    assert code == 0, output


def test_store_stats_json(checked_store: Path) -> None:
    result = runner.invoke(app, ["store", "stats", "--store", str(checked_store), "--json"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)
    assert set(stats) == {"articles", "attributions", "findings", "errors", "runs"}
    assert stats["articles"] >= 3 and stats["findings"]["contradicted"] == 3
    assert set(stats["findings"]) == {"consistent", "contradicted", "unverifiable"}


def _query(db: Path, *args: str) -> list[dict[str, object]]:
    result = runner.invoke(app, ["store", "query", "--store", str(db), "-f", "jsonl", *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_store_query_filters(checked_store: Path) -> None:
    rows = _query(checked_store, "--status", "contradicted")
    assert len(rows) == 3 and {r["speaker"] for r in rows} == {"Barack Obama"}
    assert [r["date"] for r in rows] == ["2020-05-03", "2020-05-02", "2020-05-01"]
    assert {r["speaker"] for r in _query(checked_store, "--speaker", "lena ortiz")} == {
        "Lena Ortiz"
    }
    assert len(_query(checked_store, "--since", "2020-05-02", "--status", "contradicted")) == 2
    until = _query(checked_store, "--until", "2020-05-02", "--status", "contradicted")
    assert [r["date"] for r in until] == ["2020-05-02", "2020-05-01"]
    assert _query(checked_store, "--outlet", "Other Paper") == []
    assert all(
        r["check"] == "title_at_date" for r in _query(checked_store, "--check", "title_at_date")
    )
    result = runner.invoke(app, ["store", "query", "--store", str(checked_store), "-f", "csv"])
    assert result.stdout.splitlines()[0].startswith("date,outlet,speaker,check,status")
    table = runner.invoke(app, ["store", "query", "--store", str(checked_store)])
    assert table.exit_code == 0 and "findings" in table.stdout


def test_store_query_bad_since_is_explained(checked_store: Path) -> None:
    result = runner.invoke(app, ["store", "query", "--store", str(checked_store), "--since", "May"])
    assert result.exit_code == 2
    assert "2024-05-06" in result.output


@pytest.mark.parametrize("workers", ["1", "2"])
def test_batch_is_idempotent_on_every_backend(
    tmp_path: Path, store_url: str, workers: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sourcecheck.store import open_store

    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        monkeypatch.setenv(variable, "1")
    _write_articles(tmp_path / "in", 3)
    (tmp_path / "in" / "binary.txt").write_bytes(b"\x00")
    args = [str(tmp_path / "in"), "--store", store_url, "-w", workers, "--no-checks", "-q"]
    assert _batch(*args)[0] == 1
    assert _batch(*args)[0] == 1
    with open_store(store_url) as store:
        stats = store.stats()
        runs = store.runs()
    assert stats["articles"] == 3 and stats["attributions"] == 3
    assert stats["errors"] == 2 and stats["runs"] == 2
    assert runs[0]["counts"]["skipped"] == 3 and runs[1]["counts"]["added"] == 3


def test_since_audits_only_articles_dated_on_or_after_it(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for day in (1, 2, 3):
        (folder / f"dated-{day}.txt").write_text(CHECKED.format(n=day), encoding="utf-8")
    (folder / "undated.txt").write_text(
        "“The ferry will run all winter,” Captain Ines Moreau said.\n", encoding="utf-8"
    )
    db = tmp_path / "s.db"
    args = (str(folder), "--store", str(db), "-w", "1", "--no-checks", "--since", "2020-05-02")
    code, output = _batch(*args)
    assert code == 0, output
    titles = {
        row[0] for row in sqlite3.connect(db).execute("SELECT COALESCE(title, '-') FROM articles")
    }
    # Dated before --since: not audited; undated: audited (nothing says it is older).
    assert titles == {"Council 2", "Council 3", "-"}
    counts = json.loads(sqlite3.connect(db).execute("SELECT counts FROM runs").fetchone()[0])
    assert (counts["older"], counts["added"]) == (1, 3)
    assert "dated before --since" in output


@pytest.mark.parametrize("value", ["2020-13-01", "yesterday", "9" * 100])
def test_a_bad_since_is_explained(tmp_path: Path, value: str) -> None:
    _write_articles(tmp_path / "in", 1)
    code, output = _batch(str(tmp_path / "in"), "--store", str(tmp_path / "s.db"), "--since", value)
    assert code == 2
    assert "--since" in output and "YYYY-MM-DD" in output
    assert not (tmp_path / "s.db").exists()
