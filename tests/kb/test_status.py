"""``kb status`` queries: rows and newest as_of per source and per office class."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from kb.sparql_server import make_kb
from sourcecheck.errors import KnowledgeBaseError
from sourcecheck.kb import KnowledgeBase
from sourcecheck.kb.status import (
    OFFICE_CLASSES,
    OfficeClassStatus,
    SourceStatus,
    has_dataset_column,
    known_until,
    office_class_status,
    source_status,
    status_json,
)

POSITIONS = [
    ("fr|president", "President of Freedonia", "head_of_state"),
    ("fr|fm", "Foreign Minister of Freedonia", "foreign_minister"),
    ("fr|bank", "Governor of the Bank", "central_banker"),  # not a class: counts as other
]
# (position, source, as_of, origin, dataset)
TERMS = [
    (
        "fr|president",
        "every-politician-scrapers/world@1",
        "2022-12-11",
        "wikidata",
        "terms-wikidata",
    ),
    (
        "fr|president",
        "every-politician-scrapers/leaders@2",
        "2022-02-16",
        "wikidata",
        "terms-wikidata",
    ),
    ("fr|fm", "sworn in 2024 (gazette)", "2024-05", "curated", "terms-curated"),
    (
        "fr|fm",
        "wikidata-sparql:Q1 statement Q5$A",
        "2026-12-01",
        "update",
        "update:wikidata-2026-12-01",
    ),
    ("fr|bank", "bank site", "2020", "newsroom", "newsroom:facts.yml"),
    ("fr|bank", "bank site", None, "newsroom", "newsroom:facts.yml"),
]


def hand_made(path: Path, dataset: bool) -> Path:
    """A knowledge base with the tables status reads, with or without ``terms.dataset``."""
    conn = sqlite3.connect(path)
    extra = ", dataset TEXT NOT NULL" if dataset else ""
    conn.executescript(
        "CREATE TABLE positions(key TEXT PRIMARY KEY, label TEXT, jurisdiction TEXT,"
        " jurisdiction_key TEXT, role_kind TEXT, qid TEXT);"
        "CREATE TABLE terms(id INTEGER PRIMARY KEY, person TEXT, person_key TEXT,"
        ' person_qid TEXT, position_key TEXT, start TEXT, "end" TEXT, source TEXT, as_of TEXT,'
        f" origin TEXT, priority INTEGER{extra});"
    )
    conn.executemany("INSERT INTO positions VALUES (?,?,'Freedonia','freedonia',?,NULL)", POSITIONS)
    for n, (pkey, source, as_of, origin, name) in enumerate(TERMS):
        values = [f"Person {n}", f"p{n}", None, pkey, None, None, source, as_of, origin, 0]
        if dataset:
            values.append(name)
        marks = ",".join("?" * len(values))
        conn.execute(
            f'INSERT INTO terms(person, person_key, person_qid, position_key, start, "end",'
            f" source, as_of, origin, priority{', dataset' if dataset else ''}) VALUES ({marks})",
            values,
        )
    conn.commit()
    conn.close()
    return path


def test_sources_by_dataset_column(tmp_path: Path) -> None:
    db = hand_made(tmp_path / "kb.sqlite", dataset=True)
    assert source_status(db) == (
        SourceStatus("newsroom:facts.yml", 2, dt.date(2020, 1, 1)),
        SourceStatus("terms-curated", 1, dt.date(2024, 5, 1)),
        SourceStatus("terms-wikidata", 2, dt.date(2022, 12, 11)),
        SourceStatus("update:wikidata-2026-12-01", 1, dt.date(2026, 12, 1)),
    )


def test_sources_fall_back_to_origin_and_source_prefix(tmp_path: Path) -> None:
    db = hand_made(tmp_path / "kb.sqlite", dataset=False)
    conn = sqlite3.connect(db)
    try:
        assert not has_dataset_column(conn)
        found = source_status(conn)
    finally:
        conn.close()
    assert found == (
        SourceStatus("curated", 1, dt.date(2024, 5, 1)),
        SourceStatus("newsroom", 2, dt.date(2020, 1, 1)),
        SourceStatus("update:wikidata-sparql", 1, dt.date(2026, 12, 1)),
        SourceStatus("wikidata:every-politician-scrapers", 2, dt.date(2022, 12, 11)),
    )


@pytest.mark.parametrize("dataset", [True, False])
def test_office_classes(tmp_path: Path, dataset: bool) -> None:
    db = hand_made(tmp_path / "kb.sqlite", dataset=dataset)
    classes = {c.role_kind: c for c in office_class_status(db)}
    assert tuple(classes) == OFFICE_CLASSES
    assert classes["head_of_state"] == OfficeClassStatus(
        "head_of_state", 2, 1, dt.date(2022, 12, 11)
    )
    assert classes["foreign_minister"] == OfficeClassStatus(
        "foreign_minister", 2, 1, dt.date(2026, 12, 1)
    )
    assert classes["other"] == OfficeClassStatus("other", 2, 1, dt.date(2020, 1, 1))
    assert classes["minister"] == OfficeClassStatus("minister", 0, 0, None)
    assert known_until(db, "foreign_minister") == dt.date(2026, 12, 1)
    assert known_until(db, "other") == dt.date(2020, 1, 1)
    assert known_until(db, "org_head") is None


def test_known_until_of_a_built_knowledge_base(tmp_path: Path) -> None:
    db = make_kb(tmp_path / "kb.sqlite", tmp_path)
    kb = KnowledgeBase(db)
    # make_kb dates its offices' rows 2010-01-01 … 2010-01-04 in OFFICES order.
    assert known_until(kb, "head_of_state") == dt.date(2010, 1, 2)
    assert known_until(kb, "head_of_government") == dt.date(2010, 1, 4)
    sources = source_status(kb)
    assert sum(s.rows for s in sources) == 4
    assert max(s.newest_as_of for s in sources if s.newest_as_of) == dt.date(2010, 1, 4)
    with pytest.raises(KnowledgeBaseError, match="not one of head_of_state"):
        known_until(kb, "king")


def test_status_json_and_missing_file(tmp_path: Path) -> None:
    db = hand_made(tmp_path / "kb.sqlite", dataset=True)
    doc = status_json(source_status(db), office_class_status(db), db)
    assert doc["sources"][0] == {
        "dataset": "newsroom:facts.yml",
        "rows": 2,
        "newest_as_of": "2020-01-01",
    }
    assert doc["office_classes"][3] == {
        "role_kind": "minister",
        "rows": 0,
        "positions": 0,
        "known_until": None,
    }
    with pytest.raises(KnowledgeBaseError, match="no knowledge base there"):
        source_status(tmp_path / "missing.sqlite")
