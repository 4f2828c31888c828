"""import-wikidata on small dumps written in the real format (.json, .json.gz, .json.bz2)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from kb.wikidata_dump_maker import (
    DAY,
    YEAR,
    entity,
    sample_entities,
    statement,
    write_dump,
)
from sourcecheck.errors import KnowledgeBaseError
from sourcecheck.kb import KnowledgeBase, build
from sourcecheck.kb.wikidata import ImportStats, import_dump


def run_import(
    tmp_path: Path, name: str, entities: list[dict[str, object]], workers: int, malformed: int = 0
) -> tuple[ImportStats, KnowledgeBase]:
    dump = write_dump(tmp_path / name, entities, malformed)  # type: ignore[arg-type]
    db = build(tmp_path / f"{name}.sqlite", shipped=False)
    conn = sqlite3.connect(db)
    try:
        stats = import_dump(dump, conn, workers=workers, as_of=dt.date(2025, 1, 1))
    finally:
        conn.close()
    return stats, KnowledgeBase(db)


@pytest.mark.parametrize(
    ("name", "workers"),
    [("dump.json", 1), ("dump.json.gz", 2), ("dump.json.bz2", 2), ("dump.json.gz", 1)],
)
def test_import_formats_and_workers(tmp_path: Path, name: str, workers: int) -> None:
    stats, kb = run_import(tmp_path, name, sample_entities(), workers, malformed=3)
    assert stats.entities == 6
    assert stats.malformed == 3
    assert (stats.persons, stats.terms, stats.positions) == (2, 2, 2)
    assert stats.unresolved_jurisdictions == 0
    (ana,) = kb.who("Ana Perez Chavez")
    # Month precision is kept; the Spanish label names a person without an English one.
    assert (str(ana.start), str(ana.end)) == ("2023-07", "2024-09-30")
    assert ana.position.jurisdiction == "Freedonia"
    assert ana.position.role_kind == "foreign_minister"
    assert ana.as_of == dt.date(2025, 1, 1) and "Q900101" in ana.source


def test_deprecated_statements_are_skipped(tmp_path: Path) -> None:
    _, kb = run_import(tmp_path, "dump.json", sample_entities(), 1)
    # Firefly's deprecated foreign-minister statement is gone; the alias finds him.
    assert [t.position.label for t in kb.who("Firefly")] == ["President of Freedonia"]
    (firefly,) = kb.who("Rufus T. Firefly")
    assert firefly.position.role_kind == "head_of_state" and firefly.end is None


def test_position_labels_and_aliases_become_titles(tmp_path: Path) -> None:
    _, kb = run_import(tmp_path, "dump.json", sample_entities(), 1)
    for title in ("Canciller de Libertonia", "Foreign Minister of Freedonia", "canciller"):
        found = kb.find_position(title, "Freedonia")
        assert found and found[0].qid == "Q900010"


def test_third_pass_names_jurisdictions_of_unlisted_classes(tmp_path: Path) -> None:
    entities = [
        entity("Q800001", {"en": "Grand Fenwick"}),  # no P31: not labelled in pass 1
        entity(
            "Q800010", {"en": "Duke of Grand Fenwick"}, {"P1001": [statement("P1001", "Q800001")]}
        ),
        entity(
            "Q800100",
            {"en": "Gloriana XII"},
            {
                "P39": [
                    statement(
                        "P39",
                        "Q800010",
                        P580=("+1959-00-00T00:00:00Z", YEAR),
                        P582=("+1960-01-02T00:00:00Z", DAY),
                    )
                ]
            },
        ),
    ]
    stats, kb = run_import(tmp_path, "dump.json", entities, 1)
    assert stats.passes == 3
    (term,) = kb.who("Gloriana XII")
    assert term.position.jurisdiction == "Grand Fenwick"
    assert str(term.start) == "1959"


@pytest.mark.parametrize("name", ["dump.txt", "missing.json"])
def test_bad_paths_are_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    if name.endswith(".txt"):
        path.write_text("[]")
    conn = sqlite3.connect(build(tmp_path / "kb.sqlite", shipped=False))
    with pytest.raises(KnowledgeBaseError, match=r"\.json"):
        import_dump(path, conn, workers=1)
    conn.close()


def test_truncated_compressed_dump_is_reported(tmp_path: Path) -> None:
    dump = write_dump(tmp_path / "dump.json.gz", sample_entities())
    dump.write_bytes(dump.read_bytes()[:-30])
    conn = sqlite3.connect(build(tmp_path / "kb.sqlite", shipped=False))
    with pytest.raises(KnowledgeBaseError, match="truncated"):
        import_dump(dump, conn, workers=1)
    conn.close()
