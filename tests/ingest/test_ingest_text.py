"""Plain text with optional YAML front matter → Article."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from sourcecheck.errors import InputError
from sourcecheck.ingest import article_from_text
from sourcecheck.ingest.text import split_front_matter
from sourcecheck.records import DateSource

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
BODY = "The mayor said the bridge would open in May.\n"


def test_fixture_with_front_matter_fills_every_field() -> None:
    text = (FIXTURES / "front_matter.txt").read_text(encoding="utf-8")
    article = article_from_text(text, path="front_matter.txt")
    assert article.title == "Council approves new footbridge"
    assert article.date == dt.date(2024, 3, 14)
    assert article.date_source is DateSource.FRONT_MATTER
    assert article.outlet == "The Riverton Gazette"
    assert article.url == "https://gazette.example.com/news/2024/footbridge"
    assert article.language == "en"
    assert article.author == "Jane Example"
    assert article.path == "front_matter.txt"
    assert article.text.startswith("The Riverton town council voted")
    assert "---" not in article.text and "section:" not in article.text
    assert article.sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_plain_text_is_kept_whole() -> None:
    text = (FIXTURES / "plain.txt").read_text(encoding="utf-8")
    article = article_from_text(text)
    assert article.text == text
    assert article.title == text.splitlines()[0]  # the headline line
    assert article.date is None
    assert article.date_source is DateSource.NONE
    assert article.path is None


@pytest.mark.parametrize(
    ("front_matter", "field", "expected"),
    [
        ("date: 2025-11-04", "date", dt.date(2025, 11, 4)),
        ("date: 4 November 2025", "date", dt.date(2025, 11, 4)),
        ("date: Nov 4, 2025", "date", dt.date(2025, 11, 4)),
        ("date: '2025-11-04T23:30:00-05:00'", "date", dt.date(2025, 11, 4)),
        ("date: Tue, 04 Nov 2025 10:00:00 +0000", "date", dt.date(2025, 11, 4)),
        ("date: 25/12/2024", "date", dt.date(2024, 12, 25)),
        ("Published: 2025-11-04", "date", dt.date(2025, 11, 4)),
        ("language: es\ndate: 4 de noviembre de 2025", "date", dt.date(2025, 11, 4)),
        ("title: No", "title", "No"),
        ("title: 1984", "title", "1984"),
        ('title: "Minister: we will act"', "title", "Minister: we will act"),
        ("title: >\n  A folded\n  long title", "title", "A folded long title"),
        ("headline: From an alias", "title", "From an alias"),
        ("title: ~", "title", None),
        ("title:", "title", None),
        ("author: [Ana One, Bo Two]", "author", "Ana One, Bo Two"),
        ("author:\n  - Ana One\n  - Bo Two", "author", "Ana One, Bo Two"),
        ("byline: Ana One", "author", "Ana One"),
        ("publisher: Daily Fictive", "outlet", "Daily Fictive"),
        ("lang: fr", "language", "fr"),
        ("URL: https://x.example/a", "url", "https://x.example/a"),
        ("tags: [a, b]\nextra: {k: v}\ntitle: Kept", "title", "Kept"),
    ],
)
def test_front_matter_variants(front_matter: str, field: str, expected: object) -> None:
    article = article_from_text(f"---\n{front_matter}\n---\n{BODY}")
    assert getattr(article, field) == expected
    assert article.text == BODY


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("---\ntitle: T\n---\n" + BODY, BODY),
        ("\ufeff---\ntitle: T\n---\n" + BODY, BODY),
        ("---\r\ntitle: T\r\n---\r\nLine one.\r\n", "Line one.\r\n"),
        ("---  \ntitle: T\n...\n" + BODY, BODY),
        ("---\ntitle: T\n---\n\n" + BODY, "\n" + BODY),
        ("---\n---\n" + BODY, BODY),
        ("\ufeff" + BODY, BODY),
        (
            BODY + "---\ntitle: not front matter\n---\n",
            BODY + "---\ntitle: not front matter\n---\n",
        ),
        (" ---\ntitle: T\n---\n" + BODY, " ---\ntitle: T\n---\n" + BODY),
    ],
)
def test_body_is_everything_after_the_closing_line(text: str, body: str) -> None:
    article = article_from_text(text)
    assert article.text == body
    parts = split_front_matter(text, "<text>")
    assert text.removeprefix("\ufeff")[parts.body_start :] == body


def test_date_source_is_none_without_a_date() -> None:
    article = article_from_text(f"---\ntitle: T\n---\n{BODY}")
    assert article.date is None
    assert article.date_source is DateSource.NONE


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("---\ndate: yesterday\n---\n" + BODY, ["'date'", "'yesterday'", "YYYY-MM-DD"]),
        ("---\ndate: March 2024\n---\n" + BODY, ["'date'", "day, a month and a year"]),
        ("---\ndate: 2024-13-45\n---\n" + BODY, ["'2024-13-45'", "YYYY-MM-DD"]),
        ("---\ndate: 03/04/2024\n---\n" + BODY, ["ambiguous", "2024-03-04", "2024-04-03"]),
        ("---\npublished: soon\n---\n" + BODY, ["'published'", "published: 2025-11-04"]),
        ("---\ntitle: a: b\n---\n" + BODY, ["not valid YAML", "line 2", "double quotes"]),
        ("---\ntitle: [open\n---\n" + BODY, ["not valid YAML"]),
        ("---\ntitle: T\n" + BODY, ["never closed", "'---'"]),
        ("---\njust a sentence\n---\n" + BODY, ["'key: value' lines"]),
        ("---\ntitle:\n  main: x\n---\n" + BODY, ["'title'", "a mapping"]),
        ("---\ndate: [2024-01-01]\n---\n" + BODY, ["'date'", "a list"]),
        ("---\ntitle: T\n---\n", ["no article text after it"]),
        ("---\ntitle: T\n---\n \n\t\n", ["no article text after it"]),
        ("", ["is empty"]),
        ("  \n\t ", ["only whitespace"]),
    ],
)
def test_front_matter_errors_name_the_input_and_the_fix(text: str, fragments: list[str]) -> None:
    with pytest.raises(InputError) as caught:
        article_from_text(text, path="story.txt")
    assert caught.value.source == "story.txt"
    message = str(caught.value)
    assert message.startswith("story.txt: ")
    for fragment in fragments:
        assert fragment in message


def test_text_without_path_is_named_text() -> None:
    with pytest.raises(InputError) as caught:
        article_from_text("")
    assert caught.value.source == "<text>"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Council Approves Bridge: Work Starts in May\nThe council voted on Monday.\n",
            "Council Approves Bridge: Work Starts in May",
        ),
        (
            "Stealth over health: the clinic diverted patients.\n\nThe clinic said so.\n",
            "Stealth over health: the clinic diverted patients.",
        ),
        ("The council voted on Monday. Work starts in May.\nMore text.\n", None),
        ("Only one line with no text below it\n", None),
        (" ".join(["word"] * 30) + "\nBody text here.\n", None),
        ("---\ntitle: From front matter\n---\nA headline line\nBody.\n", "From front matter"),
    ],
)
def test_first_line_headline_becomes_title(text: str, title: str | None) -> None:
    assert article_from_text(text).title == title
