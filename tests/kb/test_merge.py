"""Records that do or do not describe the same term, office or person.

Several records of one term: an explicit end bounds it unless a later record says otherwise.
The fictional records (tests/fixtures/kb/merge-terms.csv) copy patterns found in the shipped
data: a year-only row that ends a term and a day-precise row with an open end, stale open rows,
consecutive terms listed by one source, dates whose precision a source dropped, an office filed
twice under different labels, one Wikidata item given to two people.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sourcecheck.kb import KnowledgeBase, Overlap, PartialDate, Window, build
from sourcecheck.kb.merge import same_term
from sourcecheck.kb.types import Position, Term

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "kb"
D = dt.date


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    path = tmp_path_factory.mktemp("kb") / "merge.sqlite"
    return KnowledgeBase(build(path, extra=[FIXTURES / "merge-terms.csv"], shipped=False))


def verdict(kb: KnowledgeBase, name: str, day: D) -> Overlap:
    """Held on ``day`` as title_at_date combines the records: any yes, else any maybe, else no."""
    found = {t.held_during(Window.day(day)) for t in kb.who(name)}
    assert found, name
    return next(o for o in (Overlap.YES, Overlap.MAYBE, Overlap.NO) if o in found)


@pytest.mark.parametrize(
    ("name", "day", "expected", "why"),
    [
        # An end (2022, as of 2022-10-10) bounds the open record seen on 2022-07-23.
        ("Ana Ruiz", D(2023, 6, 14), Overlap.NO, "end from the later record bounds"),
        ("Ana Ruiz", D(2022, 6, 1), Overlap.YES, "still in office on the open record's date"),
        ("Ana Ruiz", D(2022, 11, 1), Overlap.MAYBE, "a year-only end leaves late 2022 open"),
        # A later record (2021-06-01) still lists him, after the 2018 end: the end is refuted.
        ("Beto Lara", D(2020, 1, 1), Overlap.YES, "later record refutes the end"),
        # Same-day records disagree: the one keeping him in office stands.
        ("Cruz Mena", D(2018, 1, 1), Overlap.YES, "a tie never accuses"),
        # A reappointment on the day the first term ended is a second term, not the same one.
        ("Dora Gil", D(2021, 6, 1), Overlap.YES, "consecutive terms"),
        # The newer record ends the term although the older one saw him in office later.
        ("Elio Sanz", D(2021, 6, 1), Overlap.NO, "newer end wins over an older open record"),
        # 2007-01-01 from a source that drops precision may mean any day of 2007.
        ("Fabio Cano", D(2007, 6, 1), Overlap.MAYBE, "a first of January is read as the year"),
        # Starts seven years apart and a short overlap: two terms, the first end stays its own.
        ("Gema Ortiz", D(2021, 6, 1), Overlap.YES, "different terms"),
        ("Gema Ortiz", D(2023, 6, 1), Overlap.MAYBE, "different terms, second one stale"),
    ],
)
def test_records_of_one_term_are_reconciled(
    kb: KnowledgeBase, name: str, day: D, expected: Overlap, why: str
) -> None:
    assert verdict(kb, name, day) is expected, why


def test_the_bounded_record_names_the_record_that_ends_it(kb: KnowledgeBase) -> None:
    open_record = next(t for t in kb.who("Ana Ruiz") if t.end is None)
    assert open_record.end_record is not None
    assert open_record.end_record.source == "fixture: yearbook (years only)"
    assert str(open_record.bounding_end) == "2022"
    assert "per a record as of 2022-10-10" in open_record.describe()
    assert open_record.ended_before(Window.day(D(2023, 6, 14))) is Overlap.YES
    assert str(open_record.window()) == "2019-07-24 to 2022"


def test_an_unidentified_duplicate_office_is_folded_into_the_named_one(kb: KnowledgeBase) -> None:
    # "head of state (Wikidata P35)" of Freedonia is its presidency: the successor recorded
    # there closes the predecessor's open term.
    (sol,) = kb.who("Iker Sol")
    assert sol.successor == "Julia Paz"
    assert sol.held_during(Window.day(D(2022, 1, 1))) is Overlap.NO
    (paz,) = kb.who("Julia Paz")
    assert paz.position.key == sol.position.key


def test_one_item_on_unrelated_names_is_two_people(kb: KnowledgeBase) -> None:
    assert {t.person for t in kb.who("Kira Lund")} == {"Kira Lund"}
    assert {t.person for t in kb.who("Leo Marsh")} == {"Leo Marsh"}


def test_spellings_of_one_name_stay_one_person(kb: KnowledgeBase) -> None:
    assert {t.person for t in kb.who("Nikos Varga")} == {"Nikos Varga", "Nicos Varga"}


def _term(start: str | None, end: str | None, as_of: str = "2022-07-23") -> Term:
    office = Position("freedonia|minister", "Minister", "Freedonia", "minister")
    return Term(
        "X",
        office,
        PartialDate.parse_optional(start),
        PartialDate.parse_optional(end),
        "fixture",
        dt.date.fromisoformat(as_of),
    )


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (_term("2019", "2022"), _term("2019-07-24", None), True),
        (_term("2019-04-23", "2020-08-18"), _term("2019-05-06", None), True),
        (_term("2018-01-01", None), _term("2018-06-11", "2022-03-29"), True),
        (_term(None, "2015-03-25"), _term("2014-04-23", None), True),
        (_term("2019-09-05", "2021-02-13"), _term("2021-02-13", None), False),
        (_term("2017-09-28", "2020"), _term("2020", None), False),
        (_term("2013-08-04", "2020-03"), _term("2020-02-22", None), False),
        (_term(None, "2003-08-01"), _term("2003-08", "2004-12"), False),
    ],
)
def test_same_term(a: Term, b: Term, same: bool) -> None:
    assert same_term(a, b) is same
    assert same_term(b, a) is same
