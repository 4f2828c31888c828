"""KnowledgeBase queries: names, offices, holders on a date, overrides, successors, events."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sourcecheck.errors import KnowledgeBaseError
from sourcecheck.kb import KnowledgeBase, Overlap, Window, build, resolve_place, split_title

D = dt.date


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Mexico’s", "Mexico"),
        ("Mexican", "Mexico"),
        ("Mexico's", "Mexico"),
        ("méxico", "Mexico"),
        ("Peruvian", "Peru"),
        ("OAS", "Organization of American States"),
        ("the U.S.", "United States"),
        ("British", "United Kingdom"),
        ("NATO", "North Atlantic Treaty Organization"),
    ],
)
def test_places_resolve_demonyms_possessives_and_acronyms(written: str, expected: str) -> None:
    found = resolve_place(written)
    assert found is not None and found[0] == expected


@pytest.mark.parametrize(
    ("title", "office", "place"),
    [
        ("OAS Secretary General", "secretary general", "Organization of American States"),
        ("President of Peru", "president", "Peru"),
        ("Mexico's Foreign Minister", "foreign minister", "Mexico"),
        ("Prime Minister", "prime minister", None),
    ],
)
def test_split_title(title: str, office: str, place: str | None) -> None:
    assert split_title(title) == (office, place)


@pytest.mark.parametrize(
    ("name", "person"),
    [
        ("Marta Nunez", "Marta Núñez"),
        ("MARTA NÚÑEZ", "Marta Núñez"),
        ("Tomas Rios Blanco", "Tomás Ríos"),  # alias from the newsroom file
        ("Ivan Mora", "Iván Mora"),
    ],
)
def test_who_finds_people_without_accents_and_by_alias(
    fixture_kb: KnowledgeBase, name: str, person: str
) -> None:
    terms = fixture_kb.who(name)
    assert terms and {t.person for t in terms} == {person}


def test_who_unknown_is_empty(fixture_kb: KnowledgeBase) -> None:
    assert fixture_kb.who("Nobody Known") == ()


@pytest.mark.parametrize(
    ("title", "place", "label"),
    [
        ("Foreign Minister", "Freedonia", "Minister of Foreign Affairs of Freedonia"),
        ("canciller", "Freedonia", "Minister of Foreign Affairs of Freedonia"),
        ("Secretary of Foreign Affairs", "Freedonia", "Minister of Foreign Affairs of Freedonia"),
        ("Health Minister", "Freedonia", "Minister of Health and Welfare"),
        ("President", "Freedonia", "President of Freedonia"),
    ],
)
def test_find_position_synonyms(
    fixture_kb: KnowledgeBase, title: str, place: str, label: str
) -> None:
    assert fixture_kb.find_position(title, place)[0].label == label


@pytest.mark.parametrize("title", ["journalist", "Chief Baker"])
def test_find_position_none_for_occupations_and_unknown(
    fixture_kb: KnowledgeBase, title: str
) -> None:
    assert fixture_kb.find_position(title, "Freedonia") == ()


@pytest.mark.parametrize(
    ("day", "sure", "possible"),
    [
        (D(2017, 1, 1), {"Marta Núñez"}, set()),
        (D(2020, 1, 1), {"Tomás Ríos"}, set()),
        # After Ríos's record (2021-05-01), before his successor started (2023-02-14).
        (D(2022, 1, 1), set(), {"Tomás Ríos"}),
        (D(2023, 6, 1), {"Lía Ortega"}, set()),
        # Ortega's record stops at 2024-01-01: still listed, but not surely.
        (D(2025, 6, 1), set(), {"Lía Ortega"}),
    ],
)
def test_holders_on_a_date(
    fixture_kb: KnowledgeBase, day: D, sure: set[str], possible: set[str]
) -> None:
    office = fixture_kb.find_position("Foreign Minister", "Freedonia")[0]
    found = fixture_kb.holders(office, day)
    window = Window.day(day)
    assert {t.person for t in found if t.held_during(window) is Overlap.YES} == sure
    assert {t.person for t in found if t.held_during(window) is Overlap.MAYBE} == possible


def test_successor_bounds_an_open_term(fixture_kb: KnowledgeBase) -> None:
    (rios,) = fixture_kb.who("Tomás Ríos")
    assert rios.end is None and rios.successor == "Lía Ortega"
    assert str(rios.successor_start) == "2023-02-14"
    assert rios.held_during(Window.day(D(2024, 1, 1))) is Overlap.NO


def test_year_precision_is_not_known_to_the_day(fixture_kb: KnowledgeBase) -> None:
    (vidal,) = fixture_kb.who("Bruno Vidal")
    assert vidal.held_during(Window.day(D(2018, 6, 1))) is Overlap.MAYBE
    assert vidal.ended_before(Window.day(D(2019, 1, 1))) is Overlap.YES


def test_newsroom_facts_override_imported_rows(fixture_kb: KnowledgeBase) -> None:
    (soto,) = fixture_kb.who("Carla Soto")
    assert soto.origin == "newsroom"
    assert (str(soto.start), str(soto.end)) == ("2018-02-01", "2023-01-31")
    office = soto.position
    assert [t.person for t in fixture_kb.holders(office, D(2024, 1, 1))] == ["Iván Mora"]


def test_terms_carry_source_and_as_of(fixture_kb: KnowledgeBase) -> None:
    for term in fixture_kb.who("Hugo Paz"):
        assert term.source.startswith("fixture:")
        assert term.as_of is not None


def test_events(fixture_kb: KnowledgeBase) -> None:
    events = fixture_kb.events()
    assert [str(e.date) for e in events] == ["2022-03-15", "2024-05"]
    assert "Lía Ortega" in events[0].participants
    assert [str(e.date) for e in fixture_kb.events(within=Window.day(D(2024, 5, 20)))] == [
        "2024-05"
    ]


def test_build_is_reproducible(tmp_path: Path, fixture_kb: KnowledgeBase) -> None:
    fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "kb"
    again = build(tmp_path / "again.sqlite", extra=[fixtures / "terms.csv"], shipped=False)
    twice = build(tmp_path / "twice.sqlite", extra=[fixtures / "terms.csv"], shipped=False)
    assert again.read_bytes() == twice.read_bytes()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("person_label,position_label\nA,B\n", "missing columns"),
        (
            "person_qid,person_label,position_qid,position_label,jurisdiction,role_kind,start,end,"
            "source,as_of\n,A,,B,C,other,2020-31,,s,2021\n",
            "start",
        ),
    ],
)
def test_bad_csv_says_what_is_wrong(tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match=message):
        build(tmp_path / "kb.sqlite", extra=[bad], shipped=False)


def test_opening_a_missing_or_foreign_file_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeBaseError, match="no knowledge base"):
        KnowledgeBase(tmp_path / "absent.sqlite")
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(KnowledgeBaseError, match="not a sourcecheck knowledge base"):
        KnowledgeBase(junk)


@pytest.mark.parametrize(
    ("name", "title", "place", "label"),
    [
        (
            "Alicia Bárcena",
            "Foreign Minister",
            "Mexico’s",
            "Secretary of Foreign Affairs of Mexico",
        ),
        ("Alicia Barcena", "canciller", "México", "Secretary of Foreign Affairs of Mexico"),
        (
            "Betssy Chavez",
            "Prime Minister",
            "Peru",
            "President of the Council of Ministers of Peru",
        ),
        (
            "Luis Almagro",
            "Secretary General",
            "OAS",
            "Secretary General of the Organization of American States",
        ),
    ],
)
def test_shipped_kb_answers_the_showcase(
    shipped_kb: KnowledgeBase, name: str, title: str, place: str, label: str
) -> None:
    offices = shipped_kb.find_position(title, place)
    assert offices and offices[0].label == label
    assert any(t.position.key == offices[0].key for t in shipped_kb.who(name))


def test_shipped_curated_rows_win_over_wikidata(shipped_kb: KnowledgeBase) -> None:
    (castillo,) = shipped_kb.who("Pedro Castillo")
    assert castillo.origin == "curated"
    assert str(castillo.end) == "2022-12-07"


def test_default_kb_is_built_into_the_cache_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sourcecheck.kb import default_kb_path

    monkeypatch.setenv("SOURCECHECK_CACHE", str(tmp_path / "cache"))
    first = default_kb_path()
    assert first.parent == tmp_path / "cache" and first.is_file()
    stamp = first.stat().st_mtime_ns
    assert default_kb_path() == first and first.stat().st_mtime_ns == stamp


def test_unwritable_cache_says_how_to_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sourcecheck.kb import default_kb_path

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("SOURCECHECK_CACHE", str(blocker / "cache"))
    with pytest.raises(KnowledgeBaseError, match="SOURCECHECK_CACHE"):
        default_kb_path()
