"""A dateline ("HANOI, Vietnam (AP) —") opens a story; it is never its speaker."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from sourcecheck.extract.dateline import dateline_end
from sourcecheck.extract.paragraphs import parse_paragraphs, reading_paragraphs

if TYPE_CHECKING:
    from spacy.language import Language


@pytest.mark.parametrize(
    ("paragraph", "dateline"),
    [
        (
            "HANOI, Vietnam (AP) — U.S. Defense Secretary Mark Esper spoke.",
            "HANOI, Vietnam (AP) — ",
        ),
        ("WASHINGTON — The Senate voted.", "WASHINGTON — "),
        ("NEW YORK (Reuters) - Stocks fell.", "NEW YORK (Reuters) - "),
        ("LONDON, March 3 (Reuters) - Oil rose.", "LONDON, March 3 (Reuters) - "),
        ("KYIV, Ukraine — Sirens sounded.", "KYIV, Ukraine — "),
        ("HEMPSTEAD, N.Y., Sept. 26 (UPI) — Police came.", "HEMPSTEAD, N.Y., Sept. 26 (UPI) — "),
        ("WASHINGTON -- President Obama spoke.", "WASHINGTON -- "),
        ("FAIRVIEW, W.Va. - The coal was piled high.", "FAIRVIEW, W.Va. - "),
        ("MIDWAY ATOLL - Seventy-four years ago, a battle.", "MIDWAY ATOLL - "),
        ("Washington (CNN) — The House passed it.", "Washington (CNN) — "),
        ("ST. LOUIS — A jury found him guilty.", "ST. LOUIS — "),
        ("WINSTON-SALEM, N.C. — “We won,” she said.", "WINSTON-SALEM, N.C. — "),
        ("SAN JUAN, Puerto Rico (AP) —The storm hit.", "SAN JUAN, Puerto Rico (AP) —"),
        ("BEIJING, Jan. 5 (Xinhua) -- China said.", "BEIJING, Jan. 5 (Xinhua) -- "),
        ("PARIS (AFP) – Strikes spread.", "PARIS (AFP) – "),
    ],
)
def test_datelines(paragraph: str, dateline: str) -> None:
    assert paragraph[: dateline_end(paragraph)] == dateline


@pytest.mark.parametrize(
    "paragraph",
    [
        "WASHINGTON state officials said the fires were contained.",
        "US — and allies — said the talks had failed.",
        "NATO — The alliance said it would send troops.",
        "Iran — The country denied the report.",
        "WALLACE: Let's start with the breaking news.",
        "WASHINGTON, D.C., is a city of monuments.",
        "The Latest — Trump urges supporters to monitor polling places.",
        "HE'S BEEN CALLED OUT BY FELLOW DOCTORS — He has been criticised.",
        "NEW YORK-based lawyers said the case would go on.",
        "U.S. — the biggest donor — cut its funding.",
    ],
)
def test_not_datelines(paragraph: str) -> None:
    assert dateline_end(paragraph) == 0


def test_paragraph_is_read_from_after_its_dateline() -> None:
    text = "Title of the story\nWASHINGTON — The senator said no.\nShe left."
    (first, second) = list(reading_paragraphs(text))[1:]
    assert first == (text.index("The senator"), "The senator said no.")
    assert second == (text.index("She left."), "She left.")


def test_parsed_offsets_point_into_the_text(nlp: Language) -> None:
    text = "Rain fell.\nLONDON, March 3 (Reuters) - The minister said the talks failed.\n"
    (paragraph,) = parse_paragraphs(text, nlp)
    assert paragraph.doc.text == "The minister said the talks failed."
    assert text[paragraph.start : paragraph.start + len(paragraph.doc.text)] == paragraph.doc.text


def test_dateline_is_not_the_speaker_end_to_end() -> None:
    import sourcecheck

    text = (
        "HANOI, Vietnam (AP) — U.S. Defense Secretary Mark Esper on Monday accused China of "
        "bullying its neighbours."
    )
    report = sourcecheck.audit(text)
    assert report.article.text == text  # the dateline stays in the text
    sources = [a.source for a in report.attributions if a.source is not None]
    assert sources, report.attributions
    source = sources[0]
    assert source.name == "Mark Esper"
    assert source.title is not None and source.title.text == "Defense Secretary"
    assert "HANOI" not in source.span.text
    assert text[source.span.start : source.span.end] == source.span.text
