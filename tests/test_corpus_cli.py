"""``sourcecheck corpus import-quotebank|stats`` on Quotebank files written here."""

from __future__ import annotations

import bz2
import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sourcecheck.cli import app
from sourcecheck.store import open_store
from sourcecheck.store.quotebank import MalformedLineError, parse_line

runner = CliRunner()


def _line(n: int, quotation: str, speaker: str, probas: list[list[str]], **extra: Any) -> str:
    """One line in Quotebank's exact format (key order as in its files)."""
    record = {
        "quoteID": f"2020-01-28-{n:06d}",
        "quotation": quotation,
        "speaker": speaker,
        "qids": extra.pop("qids", []),
        "date": "2020-01-28 08:04:05",
        "numOccurrences": extra.pop("occurrences", 1),
        "probas": probas,
        "urls": extra.pop("urls", [f"http://www.tidewater-gazette.example/story-{n}"]),
        "phase": "E",
        **extra,
    }
    return json.dumps(record)


# Our own quotes, in the file format; lines 3, 5, 6, 8 and 9 are malformed.
LINES = [
    _line(
        1,
        "the harbour dredging has to start before the autumn storms",
        "Lena Okafor",
        [["Lena Okafor", "0.9034"], ["None", "0.0966"]],
        qids=["Q99000001"],
        occurrences=4,
    ),
    _line(
        2,
        "no one in this building saw the revised contract until Friday",
        "None",
        [["None", "0.6121"], ["Tomas Reiner", "0.3879"]],
    ),
    '{"quoteID": "2020-01-28-000003", "quotation": "cut off mid-li',
    "",
    '["not", "an", "object"]',
    _line(6, "", "None", [["None", "1.0"]]),
    _line(
        7,
        "We’ll keep the clinic open on Saturdays, whatever it costs",
        "Amal Haddad",
        [["Amal Haddad", "0.7"], ["Tomas Reiner", "0.2"], ["None", "0.1"]],
        qids=["Q99000002", "Q99000003"],
    ),
    _line(8, "the probability is not a number here", "None", [["None", "high"]]),
    _line(9, "the count of occurrences is wrong", "None", [["None", "1"]], occurrences="2"),
]
TEXT = "\n".join(LINES) + "\n"


def _write(path: Path, text: str = TEXT) -> Path:
    data = text.encode("utf-8")
    if path.name.endswith(".bz2"):
        path.write_bytes(bz2.compress(data))
    elif path.name.endswith(".gz"):
        path.write_bytes(gzip.compress(data))
    else:
        path.write_bytes(data)
    return path


def _import(path: Path, store: Path, *args: str) -> Any:
    return runner.invoke(
        app, ["corpus", "import-quotebank", str(path), "--store", str(store), *args]
    )


@pytest.mark.parametrize(
    "name", ["quotes-2020-01.json", "quotes-2020-01.json.bz2", "quotes-2020-01.json.gz"]
)
def test_import_counts_records_and_is_idempotent(tmp_path: Path, name: str) -> None:
    path, db = _write(tmp_path / name), tmp_path / "store.db"
    result = _import(path, db, "--batch-size", "2")
    assert result.exit_code == 0, result.output
    assert (
        "3 quotes imported, 0 already indexed, 5 malformed lines (of 8); -v names them"
        in " ".join(result.stderr.split())
    )
    with open_store(db) as store, store.backend.transaction("read", write=False) as tx:
        rows = {r["record_id"]: r for r in tx.fetchall("SELECT * FROM quotes")}
    assert sorted(rows) == ["2020-01-28-000001", "2020-01-28-000002", "2020-01-28-000007"]
    first, nobody, third = rows.values()
    assert (first["speaker"], first["speaker_probability"], first["occurrences"]) == (
        "Lena Okafor",
        0.9034,
        4,
    )
    assert json.loads(first["speaker_ids"]) == ["Q99000001"]
    assert json.loads(first["probas"]) == [["Lena Okafor", 0.9034], ["None", 0.0966]]
    assert (first["outlet"], first["date"], first["corpus"]) == (
        "tidewater-gazette.example",
        "2020-01-28",
        "quotebank",
    )
    assert first["article_id"] is None
    # Quotebank's "None" speaker is no speaker; its probability is kept.
    assert (nobody["speaker"], nobody["speaker_probability"]) == (None, 0.6121)
    assert third["normalised"] == "well keep the clinic open on saturdays whatever it costs"
    assert json.loads(third["speaker_ids"]) == ["Q99000002", "Q99000003"]

    again = _import(path, db)
    assert again.exit_code == 0, again.output
    assert "0 quotes imported, 3 already indexed" in " ".join(again.stderr.split())
    stats = runner.invoke(app, ["corpus", "stats", "--store", str(db), "--json"])
    assert json.loads(stats.stdout) == {
        "quotes": 3,
        "articles": 0,
        "first_date": "2020-01-28",
        "last_date": "2020-01-28",
        "corpora": {"quotebank": 3},
    }


def test_verbose_names_every_malformed_line(tmp_path: Path) -> None:
    result = _import(_write(tmp_path / "q.json"), tmp_path / "s.db", "-v")
    assert result.exit_code == 0, result.output
    named = [line.split(":")[0] for line in result.stderr.splitlines() if "malformed:" in line]
    assert named == ["line 3", "line 5", "line 6", "line 8", "line 9"]
    assert "-v names them" not in result.stderr


def test_stats_prints_a_table(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    _import(_write(tmp_path / "q.json"), db)
    result = runner.invoke(app, ["corpus", "stats", "--store", str(db)])
    assert result.exit_code == 0, result.output
    assert "quotebank" in result.stdout and "2020-01-28 to 2020-01-28" in result.stdout


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"BZh91AY&SY this is no bzip2 stream", "unreadable after"),
        (None, "cannot read it"),
    ],
)
def test_unreadable_files_fail_with_a_message(
    tmp_path: Path, content: bytes | None, problem: str
) -> None:
    path = tmp_path / "broken.json.bz2"
    if content is not None:
        path.write_bytes(content)
    result = _import(path, tmp_path / "s.db")
    assert result.exit_code == 2
    assert problem in " ".join(result.stderr.split())


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("{", "not JSON"),
        ("42", "not a JSON object"),
        ('{"quotation": "words here"}', "'quoteID' must be"),
        ('{"quoteID": "x", "quotation": "!!!"}', "has no words"),
        ('{"quoteID": "x", "quotation": "ok", "qids": "Q1"}', "'qids' must be a list"),
        ('{"quoteID": "x", "quotation": "ok", "probas": [["a"]]}', "not a [speaker, p] pair"),
        ('{"quoteID": "x", "quotation": "ok", "date": "28/01/2020"}', "'date' must be"),
        ('{"quoteID": "x", "quotation": "ok", "numOccurrences": -1}', "must be a count"),
        ('{"quoteID": "x", "quotation": "ok", "speaker": 7}', "'speaker' must be"),
    ],
)
def test_malformed_lines_say_what_is_wrong(line: str, why: str) -> None:
    with pytest.raises(MalformedLineError, match=why.replace("[", r"\[").replace("]", r"\]")):
        parse_line(line)


def test_a_minimal_line_takes_defaults() -> None:
    record, probas = parse_line('{"quoteID": "q1", "quotation": "Bridges first, then roads."}')
    assert (record.normalised, record.speaker, record.occurrences, probas) == (
        "bridges first then roads",
        None,
        1,
        [],
    )
    assert record.url is None and record.date is None and record.speaker_probability is None
