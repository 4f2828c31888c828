"""The shipped knowledge base is current to 2026: who held which office on which day.

Each case names the person, the office as an article writes it, and the day; the knowledge
base must give that person as a holder (surely) and nobody else surely.
"""

from __future__ import annotations

import datetime as dt

import pytest

from sourcecheck.kb import KnowledgeBase, Overlap, Window

D = dt.date


def _holders(kb: KnowledgeBase, title: str, place: str, day: D) -> tuple[set[str], set[str]]:
    office = kb.find_position(title, place)[0]
    found = kb.holders(office, day)
    window = Window.day(day)
    sure = {t.person for t in found if t.held_during(window) is Overlap.YES}
    return sure, {t.person for t in found}


@pytest.mark.parametrize(
    ("title", "place", "day", "person"),
    [
        ("Prime Minister", "Israel", D(2025, 6, 1), "Benjamin Netanyahu"),
        ("Foreign Minister", "Poland", D(2025, 6, 1), "Radosław Sikorski"),
        ("Foreign Minister", "Japan", D(2026, 1, 1), "Toshimitsu Motegi"),
        ("President", "United States", D(2026, 6, 1), "Donald Trump"),
        ("Vice President", "United States", D(2026, 6, 1), "J.D. Vance"),
        ("President", "Brazil", D(2025, 6, 1), "Luiz Inacio Lula"),
        ("Chancellor", "Germany", D(2025, 6, 1), "Friedrich Merz"),
        ("Prime Minister", "United Kingdom", D(2025, 6, 1), "Keir Starmer"),
        # The OAS rows are as of 2025-05-28 (see test_ramdin_is_known_on_the_showcase_day).
        ("Secretary General", "OAS", D(2025, 5, 27), "Albert Ramdin"),
        ("Secretary-General", "United Nations", D(2025, 6, 1), "António Guterres"),
        ("Secretary General", "NATO", D(2025, 6, 1), "Mark Rutte"),
        ("Managing Director", "IMF", D(2025, 6, 1), "Kristalina Georgieva"),
        ("President", "World Bank", D(2025, 6, 1), "Ajay Banga"),
        ("Director-General", "WHO", D(2025, 6, 1), "Tedros Adhanom Ghebreyesus"),
        ("President", "Peru", D(2025, 12, 1), "José Jerí"),
        # The Factbook's open term (as of 2025-08-14) is bounded by the successor's start.
        ("Prime Minister", "Japan", D(2025, 11, 1), "Sanae Takaichi"),
        # Defect (c): Sunak from the Factbook, not Truss, in 2023; Starmer from 2024-07-05.
        ("Prime Minister", "United Kingdom", D(2023, 6, 1), "Rishi Sunak"),
        ("Prime Minister", "United Kingdom", D(2024, 7, 6), "Keir Starmer"),
        # Defect (b): Lương Cường between Tô Lâm's two terms.
        ("President", "Vietnam", D(2024, 12, 1), "Luong Cuong"),
        ("President", "Vietnam", D(2025, 6, 1), "Luong Cuong"),
        ("President", "Vietnam", D(2026, 5, 1), "Tô Lâm"),
    ],
)
def test_shipped_kb_knows_the_holder(
    shipped_kb: KnowledgeBase, title: str, place: str, day: D, person: str
) -> None:
    sure, _ = _holders(shipped_kb, title, place, day)
    assert sure == {person}


def test_ramdin_is_known_on_the_showcase_day(shipped_kb: KnowledgeBase) -> None:
    # The OAS rows are as of 2025-05-28: on 2025-11-03 Ramdin is the one possible holder.
    sure, possible = _holders(shipped_kb, "Secretary General", "OAS", D(2025, 11, 3))
    assert possible == {"Albert Ramdin"} and sure <= possible


@pytest.mark.parametrize(
    ("title", "place", "day", "not_holder"),
    [
        ("Prime Minister", "United Kingdom", D(2023, 6, 1), "Liz Truss"),
        ("President", "Vietnam", D(2025, 6, 1), "Tô Lâm"),
        ("President", "Vietnam", D(2024, 12, 1), "Tô Lâm"),
        ("President", "Peru", D(2026, 3, 1), "José Jerí"),
        ("Prime Minister", "Japan", D(2025, 11, 1), "Shigeru Ishiba"),
        ("President", "United States", D(2026, 6, 1), "J.D. Vance"),
    ],
)
def test_shipped_kb_does_not_claim_a_former_holder(
    shipped_kb: KnowledgeBase, title: str, place: str, day: D, not_holder: str
) -> None:
    _, possible = _holders(shipped_kb, title, place, day)
    assert not_holder not in possible


def test_factbook_terms_land_in_the_wikidata_office(shipped_kb: KnowledgeBase) -> None:
    (sunak,) = [t for t in shipped_kb.who("Rishi Sunak") if t.position.role_kind.startswith("head")]
    assert sunak.position.label == "Prime Minister of the United Kingdom"
    assert (str(sunak.start), str(sunak.end)) == ("2022-10-25", "2024-07-05")
    netanyahu = [t for t in shipped_kb.who("Benjamin Netanyahu") if "Prime" in t.position.label]
    assert {str(t.start) for t in netanyahu} >= {"2009-03-31", "2022-12-29"}
    assert {t.position.label for t in netanyahu} == {"Prime Minister of Israel"}
    macron = {t.position.label for t in shipped_kb.who("Emmanuel Macron")}
    assert "President of the French Republic" in macron


def test_distinct_offices_of_one_role_stay_apart(shipped_kb: KnowledgeBase) -> None:
    # Turkey's president heads the government since 2018: not the abolished prime minister.
    erdogan = {
        t.position.label for t in shipped_kb.who("Erdogan") if t.start and t.start.year >= 2018
    }
    assert "Prime Minister of Turkey" not in erdogan
    # Andorra's two co-princes are different offices: a Factbook "Co-prince" fits both.
    offices = {p.label for p in shipped_kb.find_position("co-prince", "Andorra")}
    assert {"Episcopal Co-Prince", "French co-prince of Andorra"} <= offices


def test_vice_president_is_not_president(shipped_kb: KnowledgeBase) -> None:
    vp = shipped_kb.find_position("Vice President", "United States")
    president = shipped_kb.find_position("President", "United States")
    assert vp[0].label == "Vice President of the United States"
    assert all("Vice" not in p.label for p in president)
    assert all(p.label != "President of the United States" for p in vp)
    vance = {t.position.label for t in shipped_kb.who("J.D. Vance")}
    assert "President of the United States" not in vance


def test_horizon_of_the_uk_prime_minister(shipped_kb: KnowledgeBase) -> None:
    horizon = shipped_kb.horizon("Prime Minister of the United Kingdom")
    assert horizon is not None and horizon >= D(2026, 1, 22)


@pytest.mark.parametrize(
    ("written", "person", "office"),
    [
        ("Tayyip Erdogan", "Recep Tayyip Erdoğan", "President of Turkey"),
        ("Recep Tayyip Erdogan", "Recep Tayyip Erdoğan", "President of Turkey"),
        ("Binyamin Netanyahu", "Benjamin Netanyahu", "Prime Minister of Israel"),
        ("Abdelfattah Elsisi", "Abdel Fattah el-Sisi", "President of Egypt"),
        ("Abdel Fattah al-Sisi", "Abdel Fattah el-Sisi", "President of Egypt"),
        ("Abdel Fattah el-Sisi", "Abdel Fattah el-Sisi", "President of Egypt"),
    ],
)
def test_name_forms_find_the_person(
    shipped_kb: KnowledgeBase, written: str, person: str, office: str
) -> None:
    terms = shipped_kb.who(written)
    assert any(t.position.label == office for t in terms)
    assert shipped_kb.person_keys_for(written)
    assert person in {t.person for t in terms}
    # One identity: every term of that office found is the same person's.
    assert len({t.person_qid or t.person for t in terms if t.position.label == office}) == 1


@pytest.mark.parametrize(
    ("title", "place", "label"),
    [
        ("Scotland's First Minister", None, "First Minister of Scotland"),
        ("First Minister", "Wales", "First Minister of Wales"),
        ("Welsh First Minister", None, "First Minister of Wales"),
        ("First Minister", "Northern Ireland", "First Minister of Northern Ireland"),
        ("Sen.", "Massachusetts", "United States senator"),
        ("Senator", "Massachusetts", "United States senator"),
        ("senator", "United States", "United States senator"),
        ("U.S. Sen.", None, "United States senator"),
        ("Rep.", "Texas", "member of the United States House of Representatives"),
        ("Congresswoman", "United States", "member of the United States House of Representatives"),
        ("Vice President", "United States", "Vice President of the United States"),
        ("Pres.", "France", "President of the French Republic"),
        ("PM", "United Kingdom", "Prime Minister of the United Kingdom"),
        ("British PM", None, "Prime Minister of the United Kingdom"),
        ("environment minister", "Australia", "Minister for the Environment"),
        ("NATO Secretary General", None, "Secretary General of NATO"),
        ("IMF Managing Director", None, "Managing Director of the International Monetary Fund"),
        ("WHO Director-General", None, "Director-General of the World Health Organization"),
    ],
)
def test_titles_find_the_office(
    shipped_kb: KnowledgeBase, title: str, place: str | None, label: str
) -> None:
    found = shipped_kb.find_position(title, place)
    assert found and found[0].label == label


def test_senator_from_a_state(shipped_kb: KnowledgeBase) -> None:
    office = shipped_kb.find_position("Sen.", "Massachusetts")[0]
    holders = {t.person for t in shipped_kb.holders(office, D(2025, 6, 1))}
    assert "Elizabeth Warren" in holders


def test_a_sovereigns_head_of_state_is_not_also_the_territorys(shipped_kb: KnowledgeBase) -> None:
    # The Factbook lists the US president as head of state of Guam, Puerto Rico…; such rows
    # would make "President Donald Trump" match "President of Guam".
    offices = {t.position.label for t in shipped_kb.who("Donald Trump")}
    assert "President of the United States" in offices
    assert not [label for label in offices if "Guam" in label or "Puerto Rico" in label]
