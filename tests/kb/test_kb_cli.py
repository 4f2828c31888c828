"""``sourcecheck kb``: who, holders, add, import-csv, import-yaml, import-wikidata."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kb.wikidata_dump_maker import sample_entities, write_dump
from sourcecheck.kb import KnowledgeBase, build
from sourcecheck.kb.cli import kb_app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "kb"
runner = CliRunner()


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    return build(tmp_path / "kb.sqlite", extra=[FIXTURES / "terms.csv"], shipped=False)


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["who", "Marta Nunez"], 0, ["Marta Núñez", "2019-06-30"]),
        (["who", "Nobody Known"], 1, ["knows no office"]),
        (
            ["holders", "Foreign Minister", "-j", "Freedonia", "--on", "2020-01-01"],
            0,
            ["Tomás Ríos"],
        ),
        (["holders", "Foreign Minister of Freedonia", "--on", "2016"], 0, ["Marta Núñez"]),
        (["holders", "Chief Baker", "-j", "Freedonia", "--on", "2016"], 1, ["No office"]),
        (["holders", "President of Freedonia", "--on", "16 May"], 2, ["YYYY"]),
    ],
)
def test_queries(db: Path, args: list[str], code: int, words: list[str]) -> None:
    result = runner.invoke(kb_app, [*args, "--db", str(db)], env={"COLUMNS": "200"})
    assert result.exit_code == code, result.output
    for word in words:
        assert word in result.output


def test_add_overrides_an_imported_row(db: Path) -> None:
    result = runner.invoke(
        kb_app,
        [
            "add",
            "--person",
            "Marta Núñez",
            "--position",
            "Minister of Foreign Affairs of Freedonia",
            "--jurisdiction",
            "Freedonia",
            "--start",
            "2015-03-01",
            "--end",
            "2018-12-31",
            "--role-kind",
            "foreign_minister",
            "--source",
            "newsroom check",
            "--db",
            str(db),
        ],
    )
    assert result.exit_code == 0, result.output
    (term,) = KnowledgeBase(db).who("Marta Núñez")
    assert (str(term.end), term.origin, term.source) == ("2018-12-31", "newsroom", "newsroom check")


def test_import_yaml_and_csv(db: Path) -> None:
    result = runner.invoke(kb_app, ["import-yaml", str(FIXTURES / "newsroom.yml"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "Imported 3 rows" in result.output
    result = runner.invoke(kb_app, ["import-csv", str(FIXTURES / "events.csv"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    kb = KnowledgeBase(db)
    assert [t.person for t in kb.who("Ivan Mora")] == ["Iván Mora"]
    assert len(kb.events()) == 2


def test_import_of_a_bad_file_exits_with_the_reason(db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "facts.yml"
    bad.write_text("terms:\n  - person: Someone\n", encoding="utf-8")
    result = runner.invoke(kb_app, ["import-yaml", str(bad), "--db", str(db)])
    assert result.exit_code == 2
    assert "needs at least person and position" in result.output


def test_import_wikidata(db: Path, tmp_path: Path) -> None:
    dump = write_dump(tmp_path / "dump.json.gz", sample_entities(), malformed=1)
    result = runner.invoke(
        kb_app,
        ["import-wikidata", str(dump), "--workers", "2", "--as-of", "2025-01-01", "--db", str(db)],
    )
    assert result.exit_code == 0, result.output
    assert "Imported 2 terms" in result.output
    assert "1 malformed" in result.output
    assert KnowledgeBase(db).who("Rufus T. Firefly")


def test_status_table_and_json(tmp_path: Path) -> None:
    import json

    # Markup in a file name and a source must be printed as written, not interpreted.
    facts = tmp_path / "[red]x.csv"
    facts.write_text(
        "person_qid,person_label,position_qid,position_label,jurisdiction,role_kind,"
        "start,end,source,as_of\n"
        "Q1,Ana Díaz,Q2,President of Freedonia,Freedonia,head_of_state,2020,,"
        "[bold]evil[/bold],2025-06-30\n",
        encoding="utf-8",
    )
    db = build(tmp_path / "kb.sqlite", extra=[FIXTURES / "terms.csv", facts], shipped=False)
    result = runner.invoke(kb_app, ["status", "--db", str(db)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Office classes" in result.output and "foreign_minister" in result.output
    assert "[red]x" in result.output or "[bold]evil[/bold]" in result.output
    result = runner.invoke(kb_app, ["status", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert sum(s["rows"] for s in doc["sources"]) == 8
    classes = {c["role_kind"]: c for c in doc["office_classes"]}
    assert classes["head_of_state"]["known_until"] == "2025-06-30"
    assert classes["foreign_minister"] == {
        "role_kind": "foreign_minister",
        "rows": 3,
        "positions": 1,
        "known_until": "2024-01-01",
    }


def test_status_of_a_missing_file_exits_with_the_reason(tmp_path: Path) -> None:
    result = runner.invoke(
        kb_app, ["status", "--db", str(tmp_path / "none.sqlite")], env={"COLUMNS": "300"}
    )
    assert result.exit_code == 2
    assert "no knowledge base there" in result.output
