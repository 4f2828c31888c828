"""Page furniture (share bars, related links, prompts, credits, kickers) is not text."""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcecheck.errors import InputError
from sourcecheck.ingest import article_from_html, article_from_text
from sourcecheck.ingest.furniture import drop_furniture, furniture_kind
from sourcecheck.records import Article, Link, Span

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"


def _page(name: str) -> Article:
    return article_from_html((FIXTURES / name).read_text(encoding="utf-8"), path=name)


def _assert_links_point_at_anchors(article: Article) -> None:
    for link in article.links:
        assert article.text[link.span.start : link.span.end] == link.span.text


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Share this", "widget"),
        ("Tweet this", "widget"),
        ("Facebook Twitter Email", "widget"),
        ("Share on Facebook | Share on Twitter | Email", "widget"),
        ("Print", "widget"),
        ("Follow us on Twitter", "follow"),
        ("Follow Jane Example on Twitter @jane_example.", "follow"),
        ("READ MORE: Ferry timetable cut for the winter", "related_links"),
        ("Related: Bus fares frozen until the summer", "related_links"),
        ("Recommended", "related_links"),
        ("More from the Courier", "related_links"),
        ("Sign up for our morning newsletter", "prompts"),
        ("Want to join the conversation?", "prompts"),
        ("Want to join the conversation? Log in or register to comment.", "prompts"),
        ("12 comments", "prompts"),
        ("Photo: Ana Madeup / Getty Images", "credits"),
        ("Workers inspect the wall on Monday. (AP Photo/Sam Placeholder)", "credits"),
        ("Credit: Regional Assembly", "credits"),
        ("Image copyright Placeholder Agency", "credits"),
        ("Sam Placeholder via Getty Images.", "credits"),
        ("The mayor at the rally in June. Sam Placeholder/Reuters", "credits"),
        ("Advertisement", "labels"),
        ("Politics", "labels"),
        ("ANALYSIS", "labels"),
        ("A SIMPLE GUIDE: How do I protect myself?", "kicker"),
        ("WATCH:", "kicker"),
        ("WATCH: Drone footage of the river wall", "kicker"),
    ],
)
def test_furniture_lines(line: str, kind: str) -> None:
    assert furniture_kind(line) == kind


@pytest.mark.parametrize(
    "line",
    [
        "Share prices fell sharply on Monday.",
        "Email records show the mayor knew of the plan.",
        "Print newspapers are in decline, the report said.",
        "Comments by the minister drew criticism.",
        "Related charges were filed on Tuesday.",
        "More from the speech is expected on Tuesday.",
        "More than 100 people were arrested.",
        "Follow the money, he said.",
        "Follow him on Twitter, the senator urged supporters at the rally.",
        "Tweets from the account were deleted, officials said.",
        "Twitter said it would suspend the account.",
        "The photographer sold the pictures to Getty Images.",
        "Credit card debt rose 5 percent last year.",
        "Sign up rates for the scheme rose, the ministry said.",
        "Watch the video, the senator urged.",
        "Recommended changes to the law were published on Friday.",
        "WALLACE: Let's start with breaking news on the debate story.",
        "ANALYSIS: The central bank's decision, explained over many long paragraphs about "
        "inflation and the interest rates it sets",
        "Politics is the art of the possible, she said.",
        "Comments: none were received by the deadline, the council said.",
    ],
)
def test_prose_is_never_furniture(line: str) -> None:
    assert furniture_kind(line) is None


def test_drop_furniture_moves_links_to_their_anchors() -> None:
    text = "Share this\nThe mayor said yes.\nREAD MORE: Bridge closed\nA statement followed.\nPrint"

    def anchored(anchor: str) -> Link:
        start = text.index(anchor)
        return Link(Span(start, start + len(anchor), anchor), f"https://example.org/{start}")

    links = tuple(anchored(a) for a in ("Share this", "said", "Bridge closed", "statement"))
    for link in links:
        assert text[link.span.start : link.span.end] == link.span.text
    kept, moved = drop_furniture(text, links)
    assert kept == "The mayor said yes.\nA statement followed."
    assert [link.span.text for link in moved] == ["said", "statement"]
    for link in moved:
        assert kept[link.span.start : link.span.end] == link.span.text


def test_drop_furniture_keeps_text_without_furniture() -> None:
    text = "The mayor said yes.\n\nA statement followed.\n"
    assert drop_furniture(text) == (text, ())


def test_share_bar_and_related_links_are_dropped_from_html() -> None:
    article = _page("furniture_share_related.html")
    lines = article.text.split("\n")
    for furniture in ("Share this", "READ MORE", "Related:", "Follow us", "More from"):
        assert not any(line.startswith(furniture) for line in lines), furniture
    assert "Ferry timetable cut for the winter" not in article.text
    kept = (
        "The Lakeside ferry company will raise single fares",
        '"We held prices for three years',
        "Share prices of the company's parent group fell 2 percent",
        "Email records released by the council show",
        "Passengers' groups said the rise would hit commuters hardest.",
    )
    for start in kept:
        assert any(line.startswith(start) for line in lines), start
    # the links of dropped lines go; the others still point at their anchor text
    assert [link.span.text for link in article.links] == ["harbour committee"]
    _assert_links_point_at_anchors(article)


def test_captions_credits_and_prompts_are_dropped_from_html() -> None:
    article = _page("furniture_captions_newsletter.html")
    assert article.text.split("\n") == [
        "Flood barrier approved after years of delay",
        "MILLBROOK, Ruritania (AP) — Regional engineer Tomas Invented on Monday warned that "
        "the old river wall would not survive another winter of storms.",
        "The regional assembly approved the barrier by 41 votes to 9, ending a dispute that "
        "began in 2016.",
        '"The barrier will protect four thousand homes," the assembly\'s president, Leda '
        "Example, said.",
        "Comments by residents at the public hearing were mostly in favour of the plan.",
    ]


def test_plain_text_furniture_is_dropped() -> None:
    text = (
        "Harbour ferry fares to rise\n"
        "Share this\n"
        "Tweet this\n"
        "The ferry company will raise fares, its chief executive said.\n"
        "\n"
        "READ MORE: Ferry timetable cut\n"
        "Photo: Ana Madeup / Getty Images\n"
        "Passengers said the rise would hit commuters.\n"
        "Sign up for our newsletter\n"
    )
    article = article_from_text(text)
    assert article.text == (
        "Harbour ferry fares to rise\n"
        "The ferry company will raise fares, its chief executive said.\n"
        "\n"
        "Passengers said the rise would hit commuters.\n"
    )
    assert article.title == "Harbour ferry fares to rise"


def test_text_of_furniture_only_is_refused() -> None:
    with pytest.raises(InputError, match="only page furniture"):
        article_from_text("Share this\nTweet this\nPrint\n")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A.\nShare this\nPrint", "A."),
        ("Print\nA.", "A."),
        ("A.\nPrint\nB.\nPrint", "A.\nB."),
        ("A.\r\nPrint\r\nB.\r\n", "A.\r\nB.\r\n"),
    ],
)
def test_drop_furniture_removes_lines_with_their_breaks(text: str, expected: str) -> None:
    assert drop_furniture(text)[0] == expected
