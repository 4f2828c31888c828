"""The SQLite audit store: add/get round trip, newest-first paging, errors."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from pathlib import Path

import pytest

from factories import sample_report
from sourcecheck.errors import SourcecheckError
from sourcecheck.store import AuditNotFoundError, Store, StoreError


def test_add_then_get_round_trips_the_report(tmp_path: Path) -> None:
    store = Store(tmp_path / "sub" / "audits.sqlite")
    report = sample_report()
    created = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)
    summary = store.add(report, created=created)
    stored = store.get(summary.id)
    assert stored.report == report
    assert stored.summary == summary
    assert (summary.title, summary.url, summary.article_date) == (
        "Pier to reopen",
        "https://example.org/pier",
        dt.date(2024, 5, 6),
    )
    assert (summary.attributions, summary.contradicted, summary.unverifiable) == (4, 1, 1)
    assert stored.summary.created == created


def test_store_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "audits.sqlite"
    audit_id = Store(path).add(sample_report()).id
    assert Store(path).get(audit_id).report == sample_report()


def test_unknown_id_raises_not_found(tmp_path: Path) -> None:
    store = Store(tmp_path / "a.sqlite")
    with pytest.raises(AuditNotFoundError, match="nope") as info:
        store.get("nope")
    assert isinstance(info.value, SourcecheckError)


@pytest.mark.parametrize(
    ("limit", "offset", "expected"),
    [(3, 0, [4, 3, 2]), (2, 3, [1, 0]), (10, 5, []), (0, 0, []), (50, 0, [4, 3, 2, 1, 0])],
)
def test_list_is_newest_first_and_paged(
    tmp_path: Path, limit: int, offset: int, expected: list[int]
) -> None:
    store = Store(tmp_path / "a.sqlite")
    base = sample_report()
    for i in range(5):
        article = dataclasses.replace(base.article, title=f"t{i}")
        store.add(dataclasses.replace(base, article=article))
    assert [s.title for s in store.list(limit, offset)] == [f"t{i}" for i in expected]
    assert store.count() == 5


@pytest.mark.parametrize(("limit", "offset"), [(-1, 0), (5, -1), (5, 2**63)])
def test_out_of_range_paging_is_refused(tmp_path: Path, limit: int, offset: int) -> None:
    # 2**63 overflowed SQLite's integer (an HTTP 500 before the bound).
    with pytest.raises(ValueError, match="limit must be >= 0 and offset 0 to"):
        Store(tmp_path / "a.sqlite").list(limit, offset)


def test_ids_are_unique_and_unguessable(tmp_path: Path) -> None:
    store = Store(tmp_path / "a.sqlite")
    ids = {store.add(sample_report()).id for _ in range(20)}
    assert len(ids) == 20
    assert all(len(i) >= 12 for i in ids)


def test_concurrent_writers(tmp_path: Path) -> None:
    store = Store(tmp_path / "a.sqlite")
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(5):
                store.get(store.add(sample_report()).id)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.count() == 20


def test_unwritable_location_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="--db"):
        Store(blocker / "audits.sqlite")
