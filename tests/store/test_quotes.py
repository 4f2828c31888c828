"""The store's quote index on SQLite and PostgreSQL: filling, migrating, searching."""

from __future__ import annotations

import dataclasses
import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from factories import sample_report, span_of
from sourcecheck.quotes import QuoteRecord, normalise
from sourcecheck.records import (
    Article,
    Attribution,
    AttributionKind,
    Evidence,
    Finding,
    Report,
    Source,
    SourceKind,
    Status,
)
from sourcecheck.store import ReportStore, open_store, reports
from sourcecheck.store import quotes as store_quotes
from sourcecheck.store.backend import Transaction
from sourcecheck.store.quotebank import import_quotebank
from sourcecheck.store.quotes import (
    fts5_query,
    query_groups,
    rarest,
    search_rules,
    search_terms,
    tsquery,
    write_report_quotes,
)
from sourcecheck.store.schema import Migration

# Our own wire-copy sentences: each quote distinct enough to be found among the others.
QUOTES = (
    "The ferry timetable will be rebuilt around the night shifts at the cannery",
    "Nobody on this council voted to close the library branch in Eastmoor",
    "Our volunteers pulled forty kilos of netting off the breakwater before dawn",
    "The orchestra cannot tour next spring unless the rail strike is settled",
    "We measured the lagoon salinity every Tuesday for three consecutive winters",
)
SPEAKERS = ("Mara Lindqvist", "Owen Achterberg", "Priya Castellanos", "Dov Halloran", "Ines Varga")


def quote_report(sha: str, quotes: tuple[str, ...] = QUOTES, **article: object) -> Report:
    """An article quoting each of ``quotes`` directly, one speaker each, plus one indirect."""
    sentences = [f"“{q},” {s} said." for q, s in zip(quotes, SPEAKERS, strict=False)]
    text = " ".join([*sentences, "Officials said the budget would be reviewed."])
    atts = []
    for n, (q, s) in enumerate(zip(quotes, SPEAKERS, strict=False), start=1):
        start = text.index(q)
        atts.append(
            Attribution(
                id=f"a{n}",
                kind=AttributionKind.DIRECT,
                content=span_of(text, f"“{q},”", start - 1),
                cue=span_of(text, "said", start),
                source=Source(span=span_of(text, s, start), kind=SourceKind.PERSON, name=s),
            )
        )
    atts.append(
        Attribution(
            id=f"a{len(atts) + 1}",
            kind=AttributionKind.INDIRECT,
            content=span_of(text, "the budget would be reviewed"),
            source=Source(span=span_of(text, "Officials"), kind=SourceKind.VAGUE, name="Officials"),
        )
    )
    fields = {
        "date": dt.date(2025, 3, 14),
        "outlet": "Coastline Wire",
        "url": f"https://coastline.example/{sha[:6]}",
        **article,
    }
    return Report(
        article=Article(text=text, sha256=sha, **fields),  # type: ignore[arg-type]
        attributions=tuple(atts),
    )


def _quotes(store: ReportStore) -> list[dict[str, object]]:
    with store.backend.transaction("read", write=False) as tx:
        return tx.fetchall("SELECT * FROM quotes ORDER BY article_id, record_id")


# Filling on add_report


def test_add_report_indexes_direct_quotes_with_article_fields(store: ReportStore) -> None:
    sha = "d" * 64
    assert store.add_report(quote_report(sha))
    rows = _quotes(store)
    assert [r["record_id"] for r in rows] == ["a1", "a2", "a3", "a4", "a5"]  # not a6 (indirect)
    first = rows[0]
    assert first["corpus"] == "store" and first["article_id"] == sha
    assert first["attribution_id"] == "a1"
    assert first["text"] == QUOTES[0]
    assert first["normalised"] == normalise(QUOTES[0])
    assert first["speaker"] == "Mara Lindqvist"
    assert first["outlet"] == "Coastline Wire"
    assert first["url"] == f"https://coastline.example/{sha[:6]}"
    info = store.quote_corpus().info()
    assert (info.quotes, info.articles) == (5, 1)
    assert info.first_date == info.last_date == dt.date(2025, 3, 14)
    assert info.name == f"the store {store.location}"


@pytest.mark.parametrize(
    ("written", "antecedent", "continues", "probability"),
    [
        ("Mara Lindqvist", False, None, None),  # named at the quote: certain
        ("Lindqvist", True, None, None),  # her surname at the quote, full name from before
        ("she", True, None, 0.5),  # a pronoun resolved by coreference
        ("she", True, "a0", 0.5),  # a continuation of a pronoun-sourced quote
        ("the minister", True, None, 0.5),  # a description resolved to a name
    ],
)
def test_a_resolved_speaker_is_kept_as_less_certain(
    store: ReportStore,
    written: str,
    antecedent: bool,
    continues: str | None,
    probability: float | None,
) -> None:
    quote = "The harbour will stay open through the whole winter season"
    text = f"Mara Lindqvist, the minister, spoke first. “{quote},” {written} said."
    source = Source(
        span=span_of(text, written, start=text.index("”")),
        kind=SourceKind.PERSON,
        name="Mara Lindqvist",
        antecedent=span_of(text, "Mara Lindqvist") if antecedent else None,
    )
    att = Attribution(
        id="a1",
        kind=AttributionKind.DIRECT,
        content=span_of(text, f"“{quote},”"),
        source=source,
        continues=continues,
    )
    report = Report(article=Article(text=text, sha256="f" * 64), attributions=(att,))
    assert store.add_report(report)
    (row,) = _quotes(store)
    assert row["speaker"] == "Mara Lindqvist"
    assert row["speaker_probability"] == probability
    [record] = [r for r in store.quote_corpus().candidates(normalise(quote)) if r.article_id]
    assert record.speaker_probability == probability


def test_info_is_counted_once_a_minute(store: ReportStore, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = store.quote_corpus()
    store.add_report(quote_report("1" * 64))
    assert corpus.info().quotes == 5
    store.add_report(quote_report("2" * 64, url="https://coastline.example/other"))
    assert corpus.info().quotes == 5  # kept: a scan per article would cost seconds
    monkeypatch.setattr(store_quotes, "INFO_SECONDS", 0.0)
    assert corpus.info().quotes == 10


def test_a_mixed_attribution_indexes_its_quoted_words_and_kb_speaker_ids(
    store: ReportStore,
) -> None:
    text = 'Councillor Ada Brennan called the plan "a gift to landlords" and "reckless".'
    att = Attribution(
        id="a1",
        kind=AttributionKind.MIXED,
        content=span_of(text, 'the plan "a gift to landlords" and "reckless"'),
        cue=span_of(text, "called"),
        source=Source(
            span=span_of(text, "Ada Brennan"), kind=SourceKind.PERSON, name="Ada Brennan"
        ),
    )

    def term(person: str, url: str, **data: str) -> Evidence:
        return Evidence(
            "kb_term",
            f"{person} — Councillor",
            "Wikidata",
            None,
            (("person", person), *data.items()),
            url,
        )

    finding = Finding(
        "title_at_date",
        Status.CONSISTENT,
        "Ada Brennan was a councillor then.",
        "a1",
        (
            term("Ada Brennan", "https://www.wikidata.org/wiki/Q1000001"),
            term("Ada Brennan", "http://www.wikidata.org/entity/statement/Q1000001-ABC"),
            # Someone else's terms never name the speaker:
            term("Rui Tavares", "https://www.wikidata.org/wiki/Q2000002"),
            term(
                "Ola Brennan", "https://www.wikidata.org/wiki/Q3000003", role="holder on the date"
            ),
        ),
    )
    report = Report(
        article=Article(text=text, sha256="e" * 64, date=dt.date(2024, 2, 2)),
        attributions=(att,),
        findings=(finding,),
    )
    assert store.add_report(report)
    (row,) = _quotes(store)
    assert row["text"] == "a gift to landlords … reckless"
    assert row["normalised"] == "a gift to landlords reckless"
    (record,) = store.quote_corpus().candidates("a gift to landlords")
    assert record.speaker_ids == ("Q1000001",)
    assert record.article_id == "e" * 64 and record.record_id == "a1"


def test_force_replaces_an_articles_quotes_and_no_force_keeps_them(store: ReportStore) -> None:
    sha = "f" * 64
    assert store.add_report(quote_report(sha))
    assert not store.add_report(quote_report(sha, QUOTES[:1]))  # stored already: unchanged
    assert len(_quotes(store)) == 5
    assert store.add_report(quote_report(sha, QUOTES[3:4]), force=True)
    assert [r["text"] for r in _quotes(store)] == [QUOTES[3]]
    corpus = store.quote_corpus()
    assert corpus.candidates(QUOTES[0]) == []  # its index entry went with the row
    assert [r.text for r in corpus.candidates(QUOTES[3])] == [QUOTES[3]]


def test_a_write_that_fails_after_the_quotes_leaves_neither(
    store: ReportStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def write_then_fail(tx: Transaction, report: Report, key: str) -> None:
        write_report_quotes(tx, report, key)
        raise RuntimeError("killed midway")

    monkeypatch.setattr(reports, "write_report_quotes", write_then_fail)
    with pytest.raises(RuntimeError, match="killed midway"):
        store.add_report(quote_report("9" * 64))
    assert _quotes(store) == []
    assert not store.has("9" * 64)


# Migrating a version-2 store


def _back_to_version_2(store: ReportStore) -> None:
    with store.backend.transaction("reset") as tx:
        tx.execute("DROP TABLE quotes")
        if store.backend.dialect.name == "sqlite":
            tx.execute("DROP TABLE quotes_vocab")
            tx.execute("DROP TABLE quotes_fts")
        tx.execute("DELETE FROM schema_version WHERE version > 2")


def test_a_version_2_store_gets_its_stored_quotes_indexed(store_url: str) -> None:
    sample = sample_report()
    ada = Evidence(
        "kb_term",
        "Ada Quill — Harbour Minister",
        "Wikidata",
        None,
        (("person", "Ada Quill"),),
        "https://www.wikidata.org/wiki/Q4242",
    )
    findings = (*sample.findings, Finding("title_at_date", Status.CONSISTENT, "ok", "a2", (ada,)))
    with open_store(store_url) as store:
        assert store.add_report(dataclasses.replace(sample, findings=findings))
        assert store.add_report(quote_report("1" * 64))
        _back_to_version_2(store)
        assert store.schema_version() == 2
    with open_store(store_url) as store:
        assert store.schema_version() == 3
        rows = _quotes(store)
        assert len(rows) == 6  # sample's one direct quote and the five above
        ready = store.quote_corpus().candidates("we are ready")
        assert [(r.text, r.speaker, r.speaker_ids, r.record_id) for r in ready] == [
            ("We are ready", "Ada Quill", ("Q4242",), "a2")
        ]
        assert ready[0].date == dt.date(2024, 5, 6) and ready[0].outlet == "Test Gazette"


# Searching


@pytest.fixture
def filled(store: ReportStore) -> ReportStore:
    """Two articles quoting the same five quotes, and an unrelated third."""
    store.add_report(quote_report("1" * 64))
    store.add_report(quote_report("2" * 64, date=dt.date(2025, 4, 1), outlet="Harbour Post"))
    other = (
        "The ferry company will publish a new timetable in March",
        "Tuesday markets return to the square once the paving is finished",
    )
    store.add_report(quote_report("3" * 64, other, date=dt.date(2023, 1, 5)))
    return store


def _drop_word(q: str) -> str:
    words = q.split()
    return " ".join(words[:3] + words[4:])


def _swap_word(q: str) -> str:
    words = q.split()
    words[5] = "purple"
    return " ".join(words)


def _add_word(q: str) -> str:
    words = q.split()
    return " ".join([*words[:4], "honestly", *words[4:]])


def _half(q: str) -> str:
    words = q.split()
    return " ".join(words[: len(words) // 2])


@pytest.mark.parametrize("alter", [str, _drop_word, _swap_word, _add_word, _half, str.upper])
@pytest.mark.parametrize("index", range(len(QUOTES)))
def test_exact_and_altered_quotes_find_their_records_first(
    filled: ReportStore, alter: object, index: int
) -> None:
    assert callable(alter)
    query = normalise(alter(QUOTES[index]))
    found = filled.quote_corpus().candidates(query, limit=5)
    # Both articles' records of the quote come before anything else.
    assert [r.text for r in found[:2]] == [QUOTES[index]] * 2
    assert {r.article_id for r in found[:2]} == {"1" * 64, "2" * 64}


def test_the_quotes_own_article_is_returned_with_its_id(filled: ReportStore) -> None:
    found = filled.quote_corpus().candidates(normalise(QUOTES[2]))
    own = [r for r in found if r.article_id == "1" * 64]
    assert [(r.record_id, r.speaker, r.corpus) for r in own] == [
        ("a3", "Priya Castellanos", "store")
    ]
    assert own[0].date == dt.date(2025, 3, 14) and own[0].url == "https://coastline.example/111111"


def test_limit_caps_the_candidates(filled: ReportStore) -> None:
    corpus = filled.quote_corpus()
    assert len(corpus.candidates("ferry timetable", limit=50)) == 3
    assert len(corpus.candidates("ferry timetable", limit=1)) == 1
    assert corpus.candidates("ferry timetable", limit=0) == []


HOSTILE = [
    "",
    "   ",
    '"',
    '""" "',
    "*",
    "ferry*",
    "NEAR(",
    "NEAR(ferry timetable, 2)",
    "-",
    "- ferry -timetable",
    "AND OR NOT",
    "ferry AND",
    "^ferry",
    "normalised: ferry",
    "{ferry timetable}",
    "'; DROP TABLE quotes; --",
    "ferry & | ! <-> :*",
    "ünïcödé façade naïve",
    "東京 서울 Москва",
    "emoji 🙂🚢 ferry",
    "\x00\x1b[31m ferry",
    "x" * 5000,
    " ".join(["ferry"] * 400),
    "a_b__c",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_raise(filled: ReportStore, query: str) -> None:
    corpus = filled.quote_corpus()
    found = corpus.candidates(query)
    assert all(isinstance(r, QuoteRecord) for r in found)
    if "ferry" in query.casefold():
        assert any("ferry" in r.normalised for r in found)
    assert corpus.info().quotes == 12  # the index is intact


def test_words_only_reach_the_query_syntax() -> None:
    terms = search_terms('NEAR( "ferry" -timetable* OR ^cannery')
    assert terms == ("timetable", "cannery", "ferry", "near")  # "or" is a stop word
    assert all(t.isalnum() for t in terms)
    assert search_terms("the and of") == ("the", "and", "of")  # stop words when nothing else
    assert search_terms("!!!") == ()
    assert fts5_query([("ab",), ("cd", "ef")]) == '("ab") OR ("cd" AND "ef")'
    assert tsquery([("ab",), ("cd", "ef")]) == "('ab') | ('cd' & 'ef')"


@pytest.mark.parametrize(
    ("frequency", "groups"),
    [
        # Rare together: any of them.
        ({"ab": 10, "cd": 20, "ef": 30}, [("ab",), ("cd",), ("ef",)]),
        ({}, [("ab",), ("cd",), ("ef",)]),  # PostgreSQL: none of them common
        # Common together: all of them but one.
        ({"ab": 4000, "cd": 4000, "ef": 10}, [("cd", "ef"), ("ab", "ef"), ("ab", "cd")]),
    ],
)
def test_common_words_narrow_the_query(
    frequency: dict[str, float], groups: list[tuple[str, ...]]
) -> None:
    assert query_groups(("ab", "cd", "ef"), frequency) == groups
    assert query_groups(("ab", "cd"), dict.fromkeys(("ab", "cd"), 9000.0)) == [("ab", "cd")]


@pytest.mark.parametrize(
    ("frequency", "chosen"),
    [
        # The rarest first, ties broken by length; a word the index lacks (0) is dropped.
        (
            {"alpha": 9, "beta": 1, "gamma": 5, "de": 1, "epsilon": 0},
            ("beta", "de", "gamma", "alpha"),
        ),
        # PostgreSQL knows only common words: the others count as rarest, longest first.
        ({"alpha": 0.2}, ("epsilon", "gamma", "beta", "de", "alpha")),
    ],
)
def test_the_rarest_words_are_searched(
    frequency: dict[str, float], chosen: tuple[str, ...]
) -> None:
    assert rarest(("alpha", "beta", "gamma", "de", "epsilon"), frequency) == chosen


def test_the_rarest_words_of_a_store_find_a_quote_among_common_ones(store: ReportStore) -> None:
    common = "the council will review the harbour budget again"
    for n in range(12):
        store.add_report(quote_report(f"{n:064d}", (f"{common} number{n}",)))
    store.add_report(quote_report("f" * 64, (f"{common} with quinquennial scrutiny",)))
    found = store.quote_corpus().candidates(f"{common} with quinquennial scrutiny", limit=1)
    assert [r.article_id for r in found] == ["f" * 64]


def test_lookups_from_many_threads(filled: ReportStore) -> None:
    corpus = filled.quote_corpus()
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda q: corpus.candidates(normalise(q)), QUOTES * 8))
    assert [r[0].text for r in results] == list(QUOTES * 8)


# Imports beside stored quotes


def test_imported_quotes_sit_beside_stored_ones(store: ReportStore, tmp_path: Path) -> None:
    store.add_report(quote_report("1" * 64))
    path = tmp_path / "qb.json"
    path.write_text(
        '{"quoteID": "2020-02-03-000001", "quotation": "the ferry timetable will be rebuilt '
        'around the night shifts", "speaker": "None", "qids": [], "date": "2020-02-03 10:00:00",'
        ' "numOccurrences": 3, "probas": [["None", "0.7"], ["Mara Lindqvist", "0.3"]],'
        ' "urls": ["https://www.harbourpost.example/a"], "phase": "E"}\n',
        encoding="utf-8",
    )
    counts = import_quotebank(store.backend, path)
    assert (counts.imported, counts.duplicates, counts.malformed) == (1, 0, 0)
    again = import_quotebank(store.backend, path)
    assert (again.imported, again.duplicates) == (0, 1)
    corpus = store.quote_corpus()
    found = corpus.candidates(normalise(QUOTES[0]))
    assert {r.corpus for r in found} == {"store", "quotebank"}
    qb = next(r for r in found if r.corpus == "quotebank")
    assert (qb.speaker, qb.speaker_probability, qb.occurrences) == (None, 0.7, 3)
    assert (qb.outlet, qb.article_id, qb.date) == ("harbourpost.example", None, dt.date(2020, 2, 3))
    info = corpus.info()
    assert (info.quotes, info.articles, info.first_date) == (6, 1, dt.date(2020, 2, 3))
    assert corpus.corpora() == {"quotebank": 1, "store": 5}


def test_common_words_still_find_a_changed_quote(
    filled: ReportStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As if every word were common: a candidate must hold all the words searched but one.
    rules = dataclasses.replace(search_rules(), or_budget=-1)
    monkeypatch.setattr(store_quotes, "search_rules", lambda: rules)
    corpus = filled.quote_corpus()
    # One word of the quote swapped for a word two other quotes hold ("tuesday").
    changed = normalise(QUOTES[1]).replace("library", "tuesday")
    assert {r.text for r in corpus.candidates(changed)} == {QUOTES[1]}
    # Three words of one quote and three of another: no quote holds four of them.
    assert corpus.candidates("cannery timetable ferry eastmoor council nobody") == []


@pytest.mark.parametrize(
    ("dialect", "statements"),
    [
        ("sqlite", ["CREATE TABLE a (x INT)", "CREATE TABLE s (x INT)", "CREATE TABLE z (x INT)"]),
        (
            "postgresql",
            ["CREATE TABLE a (x INT)", "CREATE TABLE p (x INT)", "CREATE TABLE z (x INT)"],
        ),
    ],
)
def test_dialect_sections_of_a_migration(dialect: str, statements: list[str]) -> None:
    sql = (
        "CREATE TABLE a (x INT);\n-- dialect: sqlite\nCREATE TABLE s (x INT);\n"
        "-- dialect: postgresql\n-- a comment\nCREATE TABLE p (x INT);\n"
        "-- dialect: all\nCREATE TABLE z (x INT);\n"
    )
    assert Migration(9, "t", sql).statements(dialect) == statements
    assert len(Migration(9, "t", sql).statements()) == 4  # every section


def test_postgresql_counts_its_common_words_after_analyze(filled: ReportStore) -> None:
    if filled.backend.dialect.name != "postgresql":
        pytest.skip("SQLite counts every word exactly (quotes_vocab)")
    with filled.backend.transaction("analyse") as tx:
        tx.execute("ANALYZE quotes")
    corpus = filled.quote_corpus()
    with filled.backend.transaction("read", write=False) as tx:
        common = corpus._common_words(tx)
    # Quotes holding each word, estimated from pg_stats: "ferry" is in 3 of the 12.
    assert common["ferry"] == pytest.approx(3, abs=0.5)
    assert [r.text for r in corpus.candidates(normalise(QUOTES[0]))][:2] == [QUOTES[0]] * 2
