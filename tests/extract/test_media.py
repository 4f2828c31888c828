"""Medium and via: act nouns first, then the cue verb, then a channel (see media.py)."""

from __future__ import annotations

import pytest

from sourcecheck.extract.media import act_before, find_medium
from sourcecheck.records import Span

CASES = [
    # frame text (the content is left out), cue, expected (medium, read from, via)
    (
        "In a statement posted on social media, the minister stressed",
        "stressed",
        ("statement", "statement", "social media"),
    ),
    (
        "In an interview with CNN en Español, a senior aide described",
        "described",
        ("interview", "interview", "CNN en Español"),
    ),
    (
        "In an interview with Radio Nacional, the mayor said",
        "said",
        ("interview", "interview", "Radio Nacional"),
    ),
    ("According to a new report by Bloomberg,", "According to", ("report", "report", "Bloomberg")),
    (
        "A report published by the Andean Policy Institute warns",
        "warns",
        ("report", "report", None),
    ),
    ("According to their 2021 poll,", "According to", ("poll", "poll", None)),
    ("A 2020 case study from Harvard concluded", "concluded", ("study", "case study", None)),
    ("As the senator recently tweeted,", "tweeted", ("tweet", "tweeted", None)),
    ("The singer posted on Instagram", "posted", ("social_media", "posted", "Instagram")),
    ("the lawyer told Reuters", "told", ("interview", "told", "Reuters")),
    ("he said on Facebook", "said", ("social_media", "Facebook", "Facebook")),
    ("In court filings, prosecutors argued", "argued", ("court_filing", "court filings", None)),
    ("In a letter to Congress, the union said", "said", ("letter", "letter", "Congress")),
    (
        "she said at a press conference in Quito",
        "said",
        ("press_conference", "press conference", None),
    ),
    ("the minister said", "said", None),
    # An act noun inside a name is no act ("Pew Research Center", "The New York Post").
    ("Researchers at the Pew Research Center found", "found", None),
    ("The New York Post said", "said", None),
    ("a post-debate analysis found", "found", ("study", "analysis", None)),
    # Where a study appeared is its via, also for an unlisted journal.
    (
        "A study published in the journal Nature in March estimated",
        "estimated",
        ("study", "study", "Nature"),
    ),
    # "told" + an outlet named by an outlet word: an interview through it.
    (
        "officials told The Example Ledger",
        "told",
        ("interview", "told", "The Example Ledger"),
    ),
    ("the aide told the Daily Ledger", "told", ("interview", "told", "Daily Ledger")),
    ("the aide told Press Secretary Ana Ruiz", "told", None),
    # A cue word naming the medium; "reportedly" is hearsay, no report.
    ("The Guardian reported", "reported", ("report", "reported", None)),
    ("Officials reportedly said", "reportedly said", None),
]


@pytest.mark.parametrize(("frame", "cue", "expected"), CASES)
def test_find_medium(frame: str, cue: str, expected: tuple[str, str, str | None] | None) -> None:
    at = frame.index(cue)
    medium = find_medium(frame, [Span(0, len(frame), frame)], Span(at, at + len(cue), cue))
    if expected is None:
        assert medium is None
        return
    assert medium is not None
    via = medium.via.text if medium.via is not None else None
    assert (medium.value, medium.span.text, via) == expected
    assert frame[medium.span.start : medium.span.end] == medium.span.text


def test_nearest_act_noun_wins() -> None:
    frame = "After the report, in an interview, she said"
    at = frame.index("said")
    medium = find_medium(frame, [Span(0, len(frame), frame)], Span(at, at + 4, "said"))
    assert medium is not None and medium.value == "interview"


def test_act_before_a_mention() -> None:
    text = "A case study published by the Andean Policy Institute in 2022 examined it."
    start = text.index("Andean")
    medium = act_before(text, start, 0)
    assert medium is not None and (medium.value, medium.span.text) == ("study", "case study")
    assert act_before("Officials at the Andean Policy Institute", 17, 0) is None


def test_the_source_document_wins() -> None:
    """ "A 2022 survey by the Pew Research Center found": the survey, not the research."""
    frame = "A 2022 survey by the Pew Research Center found"
    cue = Span(frame.index("found"), len(frame), "found")
    assert (medium := find_medium(frame, [Span(0, len(frame), frame)], cue)) is not None
    assert medium.value == "survey"
    at = frame.index("survey")
    document = Span(at, at + 6, "survey")
    medium = find_medium(frame, [Span(0, len(frame), frame)], cue, document)
    assert medium is not None and (medium.value, medium.span) == ("survey", document)
    frame = "A new study of Census data found"
    cue = Span(frame.index("found"), len(frame), "found")
    at = frame.index("study")
    medium = find_medium(frame, [Span(0, len(frame), frame)], cue, Span(at, at + 5, "study"))
    assert medium is not None and medium.value == "study"  # "data" is nearer the cue


def test_own_outlet_is_a_via() -> None:
    frame = "officials told The Lima Voice"
    cue = Span(frame.index("told"), frame.index("told") + 4, "told")
    pieces = [Span(0, len(frame), frame)]
    medium = find_medium(frame, pieces, cue, own_outlet="The Lima Voice")
    assert medium is not None and medium.via is not None
    assert (medium.value, medium.via.text) == ("interview", "The Lima Voice")
    # Another article's outlet: "Voice" is no outlet word, so nothing says it is an outlet.
    assert find_medium(frame, pieces, cue, own_outlet="El Sol") is None
