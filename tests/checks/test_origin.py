"""quote_origin: every verdict path, the conservative non-contradictions, hostile text."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from checks.quotecorpus import MemoryCorpus, record
from sourcecheck.checks import open_kb, run_checks
from sourcecheck.checks.origin import (
    SKIPPED_NOTE,
    check_origin,
    origin_notes,
    quote_parts,
)
from sourcecheck.checks.quotematch import Match, compare, diff_from_json, split_words
from sourcecheck.kb import KnowledgeBase
from sourcecheck.quotes import QuoteRecord, normalise
from sourcecheck.records import (
    Article,
    Attribution,
    AttributionKind,
    Finding,
    Source,
    SourceKind,
    Span,
    Status,
)

SHA = "f" * 64
QUOTE = "We will not close the ferry terminal before the summer season ends"


def span(text: str, needle: str) -> Span:
    i = text.index(needle)
    return Span(i, i + len(needle), needle)


def quoting(
    quote: str,
    speaker: str | None = "Ada Quill",
    *,
    date: str | None = "2024-05-06",
    tail: str = "said on Monday",
    kind: SourceKind = SourceKind.PERSON,
    url: str | None = "https://gazette.example/2024/ferry",
) -> tuple[Article, tuple[Attribution, ...]]:
    """A wire-style sentence quoting ``quote`` (a direct attribution) by ``speaker``."""
    who = speaker or "a port official"
    text = f"PORT ELLEN (Wire) — “{quote},” {who} {tail}. The council meets in June.\n"
    source = Source(span(text, who), kind, speaker)
    att = Attribution(
        id="a1",
        kind=AttributionKind.DIRECT,
        content=span(text, f"“{quote},”"),
        cue=span(text, tail.split()[0]),
        source=source,
    )
    article = Article(
        text=text,
        date=dt.date.fromisoformat(date) if date else None,
        sha256=SHA,
        url=url,
        outlet="The Island Gazette",
    )
    return article, (att,)


@pytest.fixture(scope="module")
def kb(fixture_kb_path: str) -> KnowledgeBase:
    return open_kb(fixture_kb_path)


def one(
    kb: KnowledgeBase, article: Article, atts: tuple[Attribution, ...], *records: QuoteRecord
) -> Finding:
    findings = check_origin(article, atts, MemoryCorpus(records), kb)
    assert len(findings) == 1, findings
    assert findings[0].check == "quote_origin"
    return findings[0]


# (quote here, records, status, words in the explanation)
CASES = [
    pytest.param(
        QUOTE,
        [record(QUOTE, "Ada Quill", "2019-03-02")],
        Status.CONSISTENT,
        "first seen The Harbour Post, 2019-03-02, credited to Ada Quill",
        id="same-words-same-speaker",
    ),
    pytest.param(
        QUOTE,
        [record(QUOTE, "Quill", "2019-03-02")],
        Status.CONSISTENT,
        "credited to Quill",
        id="surname-alias",
    ),
    pytest.param(
        QUOTE,
        [record(QUOTE, "Tom Reed", "2019-03-02")],
        Status.CONTRADICTED,
        "misattributed: first seen The Harbour Post, 2019-03-02, credited to Tom Reed",
        id="misattribution",
    ),
    pytest.param(
        QUOTE,
        [record(QUOTE, "Tom Reed", "2019-03-02"), record(QUOTE, "Ada Quill", "2020-01-01")],
        Status.CONSISTENT,
        "credited to Ada Quill",
        id="found-under-ours-and-another",
    ),
    pytest.param(
        QUOTE,
        [record(QUOTE, "Tom Reed", "2019-03-02"), record(QUOTE, "Lena Bright", "2019-04-02")],
        Status.UNVERIFIABLE,
        "several others (Tom Reed, Lena Bright)",
        id="two-other-speakers",
    ),
    pytest.param(
        QUOTE,
        [record(QUOTE, None, "2019-03-02", corpus="quotebank")],
        Status.UNVERIFIABLE,
        "no speaker to compare",
        id="quotebank-none-speaker",
    ),
    pytest.param(
        QUOTE,
        [record(QUOTE, "a senior port official", "2019-03-02")],
        Status.UNVERIFIABLE,
        "no speaker to compare",
        id="vague-recorded-speaker",
    ),
    pytest.param(
        QUOTE,
        [record(QUOTE, "Tom Reed", "2019-03-02", corpus="quotebank", probability=0.41)],
        Status.UNVERIFIABLE,
        "no speaker to compare",
        id="improbable-speaker-cannot-contradict",
    ),
    pytest.param(
        QUOTE,
        [record(QUOTE, "Tom Reed", "2019-03-02", corpus="quotebank", probability=0.93)],
        Status.CONTRADICTED,
        "misattributed",
        id="probable-speaker-contradicts",
    ),
    pytest.param(
        "We will close the ferry terminal before the summer season ends",
        [record(QUOTE, "Ada Quill", "2019-03-02")],
        Status.CONTRADICTED,
        "altered: the earliest appearance (Ada Quill, The Harbour Post, 2019-03-02) reads "
        "differently, in a way that changes its sense: “not” dropped",
        id="negation-dropped",
    ),
    pytest.param(
        "We will only close the ferry terminal before the summer season ends",
        [
            record(
                "We will close the ferry terminal before the summer season ends",
                "Ada Quill",
                "2019-03-02",
            )
        ],
        Status.CONTRADICTED,
        "“only” added",
        id="qualifier-added",
    ),
    pytest.param(
        "Fares will rise by 9 percent for islanders from the first of May",
        [
            record(
                "Fares will rise by 4 percent for islanders from the first of May",
                "Ada Quill",
                "2019-03-02",
            )
        ],
        Status.CONTRADICTED,
        "“4” changed to “9”",
        id="number-swapped",
    ),
    pytest.param(
        "The minister said Reed will sign the ferry contract before the summer",
        [
            record(
                "The minister said Bright will sign the ferry contract before the summer",
                "Ada Quill",
                "2019-03-02",
            )
        ],
        Status.CONTRADICTED,
        "“Bright” changed to “Reed”",
        id="name-swapped",
    ),
    pytest.param(
        "We will not close the … terminal before the summer season ends",
        [record(QUOTE, "Ada Quill", "2019-03-02")],
        Status.CONSISTENT,
        "first seen",
        id="ellipsis-omission",
    ),
    pytest.param(
        "[The ministry] will not close the ferry terminal before the summer season ends",
        [record(QUOTE, "Ada Quill", "2019-03-02")],
        Status.CONSISTENT,
        "first seen",
        id="bracketed-insertion",
    ),
    pytest.param(
        "we WILL NOT close the ferry-terminal, before the summer season ends!",
        [record(f"“{QUOTE}.”", "Ada Quill", "2019-03-02")],
        Status.CONSISTENT,
        "first seen",
        id="punctuation-case-quote-marks",
    ),
    pytest.param(
        "Fares will rise by five per cent for islanders from the first of May",
        [
            record(
                "Fares will rise by 5% for islanders from the first of May",
                "Ada Quill",
                "2019-03-02",
            )
        ],
        Status.CONSISTENT,
        "first seen",
        id="number-style",
    ),
    pytest.param(
        QUOTE,
        [
            record(
                "Frankly, and I say this to every family here, " + QUOTE, "Ada Quill", "2019-03-02"
            )
        ],
        Status.CONSISTENT,
        "first seen",
        id="trimmed-lead-in-keeps-sense",
    ),
    pytest.param(
        QUOTE,
        [record(QUOTE + ". Nobody should doubt it.", "Ada Quill", "2019-03-02")],
        Status.CONSISTENT,
        "first seen",
        id="trimmed-tail-other-sentence",
    ),
    pytest.param(
        "the new ferry timetable is a danger to the whole island",
        [
            record(
                "I do not believe the new ferry timetable is a danger to the whole island",
                "Ada Quill",
                "2019-03-02",
            )
        ],
        Status.CONTRADICTED,
        "“I do not believe” dropped",
        id="trimmed-lead-in-negation",
    ),
    pytest.param(
        "the new ferry timetable is a danger to the whole island",
        [
            record(
                "I do not believe that. But the new ferry timetable is a danger to the whole "
                "island",
                "Ada Quill",
                "2019-03-02",
            )
        ],
        Status.CONSISTENT,
        "first seen",
        id="negation-in-an-earlier-sentence",
    ),
    pytest.param(
        "Fares will rise by 4 percent for islanders from the first of May",
        [
            record(
                "Fares will rise by 4 percent for islanders from the first of May unless the "
                "state pays",
                "Ada Quill",
                "2019-03-02",
            )
        ],
        Status.CONTRADICTED,
        "“unless the state pays” dropped",
        id="trimmed-tail-condition",
    ),
    pytest.param(
        "We will not close the old ferry terminal before the summer season ends",
        [record(QUOTE, "Ada Quill", "2019-03-02")],
        Status.UNVERIFIABLE,
        "close to a quote of Ada Quill, with these changes (The Harbour Post, 2019-03-02): "
        "“old” added",
        id="small-edit-proves-nothing",
    ),
    pytest.param(
        "We will never shut the old ferry terminal before the long summer season has ended",
        [record(QUOTE, "Ada Quill", "2019-03-02")],
        Status.UNVERIFIABLE,
        "only a weak match",
        id="weak-match",
    ),
    pytest.param(
        QUOTE,
        [
            record(
                "The lighthouse keeper retired after forty years on the rock",
                "Ada Quill",
                "2019-03-02",
            )
        ],
        Status.UNVERIFIABLE,
        "not found in the test corpus (1 quotes from 1 articles, 2000-01-01 to 2019-03-02)",
        id="not-found",
    ),
    pytest.param(
        QUOTE,
        [record(QUOTE, "Ada Quill", "2019-03-02", article_id=SHA)],
        Status.UNVERIFIABLE,
        "found only in this article",
        id="own-article-id",
    ),
    pytest.param(
        QUOTE,
        [record(QUOTE, "Ada Quill", "2019-03-02", url="https://gazette.example/2024/ferry/")],
        Status.UNVERIFIABLE,
        "found only in this article",
        id="own-url",
    ),
    pytest.param(
        QUOTE,
        [record(QUOTE, "Tom Reed", "2024-07-01")],
        Status.UNVERIFIABLE,
        "not dated before this article (first: The Harbour Post, 2024-07-01)",
        id="only-later-cannot-be-origin",
    ),
    pytest.param(
        QUOTE,
        [record(QUOTE, "Tom Reed", None)],
        Status.UNVERIFIABLE,
        "not dated before this article (first: The Harbour Post, undated)",
        id="undated-record-cannot-be-origin",
    ),
    pytest.param(
        QUOTE,
        [record(QUOTE, "Tom Reed", "2024-05-06")],
        Status.UNVERIFIABLE,
        "not dated before this article",
        id="same-day-is-not-earlier",
    ),
]


@pytest.mark.parametrize(("quote", "records", "status", "words"), CASES)
def test_verdicts(
    kb: KnowledgeBase, quote: str, records: list[QuoteRecord], status: Status, words: str
) -> None:
    article, atts = quoting(quote)
    finding = one(kb, article, atts, *records)
    assert finding.status is status, finding.explanation
    assert words in finding.explanation
    assert finding.attribution_id == "a1"
    assert finding.evidence


def test_contradicted_altered_quote_carries_the_word_diff(kb: KnowledgeBase) -> None:
    article, atts = quoting("We will close the ferry terminal before the summer season ends")
    finding = one(kb, article, atts, record(QUOTE, "Ada Quill", "2019-03-02", outlet="Isles FM"))
    (ev,) = finding.evidence
    data = dict(ev.data)
    assert ev.kind == "quote_origin" and ev.as_of == dt.date(2019, 3, 2) and ev.source == "Isles FM"
    assert ev.url == "https://harbour-post.example/story"
    assert data["role"] == "altered" and data["speaker"] == "Ada Quill"
    assert diff_from_json(data["diff"]) == (
        ("=", "We will"),
        ("-", "not"),
        ("=", "close the ferry terminal before the summer season ends"),
    )
    assert "word diff: We will [-not-] close" in ev.description


def test_consistent_evidence_is_the_earliest_with_the_count_of_others(kb: KnowledgeBase) -> None:
    article, atts = quoting(QUOTE)
    records = [
        record(QUOTE, "Ada Quill", "2021-01-05", outlet="Late Post", article_id="late"),
        record(QUOTE, "Ada Quill", "2018-11-30", outlet="First Post", article_id="first"),
        record(QUOTE, "Ada Quill", "2020-02-01", outlet="Middle Post", article_id="mid"),
    ]
    finding = one(kb, article, atts, *records)
    data = dict(finding.evidence[0].data)
    assert finding.status is Status.CONSISTENT
    assert (data["outlet"], data["date"], data["article_id"], data["others"]) == (
        "First Post",
        "2018-11-30",
        "first",
        "2",
    )
    assert "(2 other appearances)" in finding.explanation


def test_a_kb_identity_makes_two_spellings_one_speaker(kb: KnowledgeBase) -> None:
    article, atts = quoting(QUOTE, "Marta Núñez")
    same = record(QUOTE, "Foreign Minister M. N. Castillo", "2019-03-02", ids=("Q900001",))
    other = record(QUOTE, "Foreign Minister M. N. Castillo", "2019-03-02", ids=("Q900002",))
    assert one(kb, article, atts, same).status is Status.CONSISTENT
    assert one(kb, article, atts, other).status is Status.CONTRADICTED


@pytest.mark.parametrize(
    ("speaker", "kind"),
    [(None, SourceKind.ANONYMOUS), ("the Harbour Authority", SourceKind.ORGANISATION)],
    ids=["anonymous-source", "organisation-source"],
)
def test_no_named_person_here_cannot_be_misattributed(
    kb: KnowledgeBase, speaker: str | None, kind: SourceKind
) -> None:
    article, atts = quoting(QUOTE, speaker, kind=kind)
    finding = one(kb, article, atts, record(QUOTE, "Tom Reed", "2019-03-02"))
    assert finding.status is Status.UNVERIFIABLE


def test_negation_said_outside_the_quote_marks_is_no_cut(kb: KnowledgeBase) -> None:
    text = (
        "Quill said she did not believe that “the new ferry timetable is a danger to the "
        "whole island,” and left the hall.\n"
    )
    att = Attribution(
        "a1",
        AttributionKind.MIXED,
        span(text, "that “the new ferry timetable is a danger to the whole island,”"),
        span(text, "said"),
        Source(span(text, "Quill"), SourceKind.PERSON, "Ada Quill"),
    )
    article = Article(text=text, date=dt.date(2024, 5, 6), sha256=SHA)
    original = record(
        "I do not believe the new ferry timetable is a danger to the whole island",
        "Ada Quill",
        "2019-03-02",
    )
    assert one(kb, article, (att,), original).status is Status.CONSISTENT


ALTERED = "We will close the ferry terminal before the summer season ends"


@pytest.mark.parametrize(
    ("here", "speaker", "status", "words"),
    [
        (QUOTE, "Ada Quill", Status.CONSISTENT, "the article has no date"),
        (QUOTE, "Tom Reed", Status.UNVERIFIABLE, "but the article has no date"),
        (ALTERED, "Ada Quill", Status.UNVERIFIABLE, "but the article has no date"),
    ],
    ids=["same-speaker", "other-speaker-no-accusation", "altered-no-accusation"],
)
def test_an_undated_article_can_be_traced_but_never_accused(
    kb: KnowledgeBase, here: str, speaker: str, status: Status, words: str
) -> None:
    article, atts = quoting(here, date=None)
    finding = one(kb, article, atts, record(QUOTE, speaker, "2019-06-01"))
    assert finding.status is status, finding.explanation
    assert words in finding.explanation


@pytest.mark.parametrize(
    ("tail", "first_date", "status"),
    [
        ("said in 2012", dt.date(2000, 1, 1), Status.CONTRADICTED),
        ("said in 2012", dt.date(2015, 1, 1), Status.CONSISTENT),  # corpus starts later
        ("said in 2019", dt.date(2000, 1, 1), Status.CONSISTENT),  # said when first seen
        ("said on Monday", dt.date(2000, 1, 1), Status.CONSISTENT),  # no old claim
    ],
    ids=["before-first-seen", "corpus-does-not-cover", "in-time", "recent"],
)
def test_a_quote_cited_before_it_was_said(
    kb: KnowledgeBase, tail: str, first_date: dt.date, status: Status
) -> None:
    article, atts = quoting(QUOTE, tail=tail)
    corpus = MemoryCorpus([record(QUOTE, "Ada Quill", "2019-03-02")], first_date=first_date)
    (finding,) = check_origin(article, atts, corpus, kb)
    assert finding.status is status, finding.explanation
    if status is Status.CONTRADICTED:
        assert "places it at 2012" in finding.explanation
        assert "earliest appearance in the test corpus is The Harbour Post, 2019-03-02" in (
            finding.explanation
        )


def test_an_anachronism_is_contradicted_even_for_an_undated_article(kb: KnowledgeBase) -> None:
    article, atts = quoting(QUOTE, tail="said in 2012", date=None)
    (finding,) = check_origin(
        article, atts, MemoryCorpus([record(QUOTE, "Ada Quill", "2019-03-02")]), kb
    )
    assert finding.status is Status.CONTRADICTED


def test_a_statement_in_two_quotes_gets_one_finding(kb: KnowledgeBase) -> None:
    first = "The harbour wall will hold through another winter of storms"
    second = "We will not close the ferry terminal before the summer season ends"
    text = f"“{first},” Quill said. “{second}.”\n"
    source = Source(span(text, "Quill"), SourceKind.PERSON, "Ada Quill")
    a1 = Attribution(
        "a1", AttributionKind.DIRECT, span(text, f"“{first},”"), span(text, "said"), source
    )
    a2 = Attribution(
        "a2", AttributionKind.DIRECT, span(text, f"“{second}.”"), None, source, continues="a1"
    )
    article = Article(text=text, date=dt.date(2024, 5, 6), sha256=SHA)
    corpus = MemoryCorpus([record(second, "Tom Reed", "2019-03-02")])
    (finding,) = check_origin(article, (a1, a2), corpus, kb)
    assert finding.covers == ("a1", "a2")
    assert finding.status is Status.CONTRADICTED
    assert finding.explanation.startswith("Quote origin contradicted: “The harbour wall")
    assert "not found in the test corpus" in finding.explanation


def test_short_quotes_are_not_looked_up_and_the_note_says_why(kb: KnowledgeBase) -> None:
    article, atts = quoting("Not this summer")
    corpus = MemoryCorpus([record("Not this summer", "Tom Reed", "2019-03-02")])
    assert check_origin(article, atts, corpus, kb) == ()
    assert corpus.asked == []
    (note,) = origin_notes(atts, traced=True)
    assert "did not trace 1 quote of fewer than 6 words (a1)" in note
    assert origin_notes(atts, traced=False) == (SKIPPED_NOTE,)
    assert origin_notes(quoting(QUOTE)[1], traced=True) == ()


def test_run_checks_runs_quote_origin_only_with_a_corpus(fixture_kb_path: str) -> None:
    article, atts = quoting(QUOTE)
    corpus = MemoryCorpus([record(QUOTE, "Tom Reed", "2019-03-02")])
    without = run_checks(article, atts, kb_path=fixture_kb_path)
    with_corpus = run_checks(article, atts, kb_path=fixture_kb_path, corpus=corpus)
    assert not any(f.check == "quote_origin" for f in without)
    assert [f.status for f in with_corpus if f.check == "quote_origin"] == [Status.CONTRADICTED]
    assert with_corpus[0].status is Status.CONTRADICTED  # contradicted first


def test_a_direct_quote_broken_by_narration_is_two_stretches() -> None:
    text = "“We are close,” Quill told reporters, “but close is not a deal for the island.”"
    att = Attribution("a1", AttributionKind.DIRECT, Span(0, len(text), text))
    assert quote_parts(att) == ("We are close,", "but close is not a deal for the island.")


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert('x')</script> we will not close the ferry terminal \x1b[31m now",
        "\u202e" + QUOTE + "\u202c",
        "[[[" + QUOTE + "]]] … ... …",
        QUOTE + " " + "[" * 200,
        "“”„«»\"'" * 30,
    ],
    ids=["markup-and-escapes", "bidi-overrides", "brackets-and-ellipses", "unclosed", "marks"],
)
def test_hostile_quotes_are_judged_without_error(kb: KnowledgeBase, text: str) -> None:
    article, atts = quoting(text)
    corpus = MemoryCorpus([record(QUOTE, "Tom Reed", "2019-03-02"), record(text, None, None)])
    findings = check_origin(article, atts, corpus, kb)
    assert all(f.status in Status for f in findings)
    json.dumps([f.explanation for f in findings])


def test_split_words_keeps_the_index_words_in_order() -> None:
    text = "“We’ll NOT — [the Ministry] … back down,” isn't it? 5 per cent & 5%"
    words = split_words(text)
    assert " ".join(words.raw) and len(words.words) == len(words.raw)
    assert words.words[:4] == tuple(normalise("We’ll NOT — the Ministry").split())
    assert {words.raw[i] for i in words.bracketed} == {"the", "Ministry"}
    assert words.gaps == frozenset({4})


@pytest.mark.parametrize(
    ("here", "there", "match"),
    [
        (QUOTE, QUOTE, Match.SAME),
        (QUOTE, QUOTE.replace("not ", ""), Match.ALTERED),
        (  # "no" is a sense word (YAML must not read it as false)
            "There will be no new levy on the harbour this year",
            "There will be a new levy on the harbour this year",
            Match.ALTERED,
        ),
        (QUOTE, "The lighthouse keeper retired after forty years", Match.NONE),
        ("Fares will rise this spring", "Fares will rise this spring", Match.NONE),  # too few
    ],
)
def test_compare(here: str, there: str, match: Match) -> None:
    assert compare(here, there).match is match
