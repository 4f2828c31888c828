"""Quote normalisation and the quoted words of attributions (sourcecheck.quotes)."""

from __future__ import annotations

import pytest

from factories import span_of
from sourcecheck.quotes import normalise, quoted_parts, traceable_quote, word_count
from sourcecheck.records import Attribution, AttributionKind


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“We will NOT  back down,” — she said.", "we will not back down she said"),
        ('"We will not back down"', "we will not back down"),
        ("«Nous restons ici»", "nous restons ici"),
        ("We don’t know; we didn't ask.", "we dont know we didnt ask"),
        ("rock ‘n’ roll", "rock n roll"),
        ("Line one\nline\ttwo", "line one line two"),
        ("Café déjà-vu", "café déjà vu"),  # accents kept, hyphen splits
        ("ＦＵＬＬ width", "full width"),  # NFKC
        ("STRASSE Straße", "strasse strasse"),  # casefold
        ("3.5 percent, up 12%", "3 5 percent up 12"),
        ("  …  ", ""),
        ("", ""),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected
    assert normalise(expected) == expected  # idempotent


@pytest.mark.parametrize(("text", "n"), [("", 0), ("one", 1), ("we are ready", 3)])
def test_word_count(text: str, n: int) -> None:
    assert word_count(text) == n


def _att(kind: AttributionKind, content: str) -> Attribution:
    text = f"Before. {content} After."
    return Attribution(id="a1", kind=kind, content=span_of(text, content))


@pytest.mark.parametrize(
    ("kind", "content", "parts"),
    [
        (AttributionKind.DIRECT, "“We are ready,”", ("We are ready",)),
        (AttributionKind.DIRECT, '"Open the gates"', ("Open the gates",)),
        (AttributionKind.DIRECT, "“ ”", ()),
        (
            AttributionKind.DIRECT,
            "“We are close,” Quill told reporters, “but not there yet.”",
            ("We are close,", "but not there yet."),
        ),
        (AttributionKind.DIRECT, '"Not yet," he said, "not today."', ("Not yet,", "not today.")),
        (
            AttributionKind.MIXED,
            "the levy was “a tax on staying put” and “plainly unfair”",
            ("a tax on staying put", "plainly unfair"),
        ),
        (AttributionKind.MIXED, 'the plan was "bold"', ("bold",)),
        (AttributionKind.MIXED, "the plan was bold", ()),
        (AttributionKind.INDIRECT, "“the pier would reopen”", ()),
        (AttributionKind.STATISTIC, "62 percent of residents", ()),
    ],
)
def test_quoted_parts(kind: AttributionKind, content: str, parts: tuple[str, ...]) -> None:
    att = _att(kind, content)
    assert quoted_parts(att) == parts
    assert traceable_quote(att) == " … ".join(parts)
