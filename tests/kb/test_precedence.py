"""Which record of a term wins when sources overlap: the fresher and more precise one.

The fictional records (tests/fixtures/kb/precedence-terms.csv) copy cases of the shipped data:
an open curated row hiding the end a fresher curated file gives (José Jerí), a stale open
snapshot row spanning two terms that other sources keep apart (Tô Lâm, Vietnam), a year-only
open row against a day-precise ended one, and an open snapshot row ended by a weekly history.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sourcecheck.kb import KnowledgeBase, Overlap, PartialDate, Window, build
from sourcecheck.kb.merge import reconcile
from sourcecheck.kb.types import Position, Term

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "kb"
D = dt.date


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    path = tmp_path_factory.mktemp("kb") / "precedence.sqlite"
    return KnowledgeBase(build(path, extra=[FIXTURES / "precedence-terms.csv"], shipped=False))


def _sure(kb: KnowledgeBase, title: str, day: D) -> set[str]:
    office = kb.find_position(title, "Freedonia")[0]
    window = Window.day(day)
    return {t.person for t in kb.holders(office, day) if t.held_during(window) is Overlap.YES}


def _possible(kb: KnowledgeBase, title: str, day: D) -> set[str]:
    office = kb.find_position(title, "Freedonia")[0]
    return {t.person for t in kb.holders(office, day)}


@pytest.mark.parametrize(
    ("title", "day", "sure", "possible", "why"),
    [
        # The fresher record's end (as of 2026-02-24) is not hidden by the older open one.
        ("Justice Minister", D(2025, 12, 1), {"Rosa Vela"}, {"Rosa Vela"}, "in office"),
        (
            "Justice Minister",
            D(2026, 3, 1),
            set(),
            set(),
            "ended 2026-02-17 per the fresher record",
        ),
        # The stale snapshot's open term from 2024-05-22 spans Lind's two terms: set aside.
        ("President", D(2024, 6, 1), {"Omar Lind"}, {"Omar Lind"}, "first term"),
        ("President", D(2025, 6, 1), {"Pia Ros"}, {"Pia Ros"}, "between Lind's terms"),
        ("President", D(2026, 5, 1), {"Omar Lind"}, {"Omar Lind"}, "second term"),
        # Ros's open term (as of 2026-01-22) is bounded by Lind's start on 2026-04-07.
        ("President", D(2026, 4, 20), {"Omar Lind"}, {"Omar Lind"}, "successor bounds"),
        ("Foreign Minister", D(2023, 6, 1), set(), set(), "precise end beats a year-only open row"),
        ("Prime Minister", D(2023, 6, 1), {"Tim Sand"}, {"Tim Sand"}, "weekly history ends Holm"),
    ],
)
def test_fresher_and_more_precise_records_win(
    kb: KnowledgeBase, title: str, day: D, sure: set[str], possible: set[str], why: str
) -> None:
    assert _sure(kb, title, day) == sure, why
    assert _possible(kb, title, day) == possible, why


def test_one_record_stands_for_a_term_given_by_several(kb: KnowledgeBase) -> None:
    (vela,) = kb.who("Rosa Vela")
    assert (str(vela.start), str(vela.end), vela.source) == (
        "2025-10-10",
        "2026-02-17",
        "fixture: second curated list",
    )
    assert [str(t.start) for t in kb.who("Omar Lind")] == ["2024-05-22", "2026-04-07"]


P = Position("x|president", "President of X", "X", "head_of_state")


def _term(start: str, end: str | None, as_of: D, origin: str = "wikidata") -> Term:
    return Term(
        person="A",
        position=P,
        start=PartialDate.parse(start),
        end=PartialDate.parse(end) if end else None,
        source=f"{origin} {start} {end} {as_of}",
        as_of=as_of,
        origin=origin,
    )


RANK = {"wikidata": 0, "factbook": 1, "curated": 4, "newsroom": 5}


@pytest.mark.parametrize(
    ("records", "kept", "why"),
    [
        (
            [
                _term("2025-10-10", None, D(2025, 10, 10), "curated"),
                _term("2025-10-10", "2026-02-17", D(2026, 2, 24)),
            ],
            [1],
            "a fresher end wins over an open record of a higher origin",
        ),
        (
            [
                _term("2021-07-28", "2022-12-07", D(2022, 12, 8), "factbook"),
                _term("2021-07-28", "2022-12-07", D(2022, 12, 7), "curated"),
            ],
            [1],
            "same dates: the origin decides",
        ),
        (
            [_term("2019", "2022", D(2022, 10, 10)), _term("2019-07-24", None, D(2022, 7, 23))],
            [0, 1],
            "neither gives all the other does: both stay for bound_by_ends",
        ),
        (
            [
                _term("2010-05-11", "2016-07-14", D(2022, 7, 23)),
                _term("2010-05-12", None, D(2022, 7, 23)),
            ],
            [0, 1],
            "made the same day: an end does not set aside the record keeping them in office",
        ),
        (
            [
                _term("2018-02-01", "2023-01-31", D(2020, 1, 1), "newsroom"),
                _term("2018-02", None, D(2024, 1, 1), "curated"),
            ],
            [0],
            "a newsroom's own record wins",
        ),
        (
            [
                _term("2024-05-22", None, D(2026, 7, 20)),
                _term("2024-05-22", "2024-10-21", D(2024, 10, 24), "factbook"),
                _term("2026-04-07", None, D(2026, 8, 22)),
            ],
            [1, 2],
            "a stale record spanning two terms is set aside",
        ),
        (
            [
                _term("2019-09-05", "2023-05-01", D(2023, 6, 1)),
                _term("2019-09-05", "2021-02-13", D(2022, 7, 23)),
                _term("2021-02-13", None, D(2022, 7, 23)),
            ],
            [0],
            "a fresher record with an end, over both: not set aside, it stands for them",
        ),
        (
            [_term("2020-01-01", None, D(2022, 1, 1)), _term("2020-01-01", None, D(2022, 1, 1))],
            [0],
            "one source listing a term twice: one record stands",
        ),
    ],
)
def test_reconcile(records: list[Term], kept: list[int], why: str) -> None:
    result = reconcile(records, lambda t: RANK[t.origin])
    assert [records.index(t) for t in result] == kept, why
