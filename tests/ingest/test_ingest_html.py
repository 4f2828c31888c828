"""HTML pages → main text, metadata and links with exact offsets."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from sourcecheck.errors import InputError
from sourcecheck.ingest import article_from_html, read_article
from sourcecheck.records import Article, DateSource

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"


def _page(name: str, url: str | None = None) -> Article:
    path = FIXTURES / name
    return article_from_html(path.read_text(encoding="utf-8"), path=name, url=url)


def _assert_links_consistent(article: Article) -> None:
    for link in article.links:
        assert article.text[link.span.start : link.span.end] == link.span.text
        assert link.span.text == link.span.text.strip() != ""


@pytest.mark.parametrize(
    ("name", "url", "title", "date", "outlet", "canonical", "author", "language"),
    [
        (
            "news_og_meta.html",
            None,
            "Council approves new footbridge",
            dt.date(2024, 3, 14),
            "The Riverton Gazette",
            "https://gazette.example.com/news/2024/footbridge",
            "Jane Example",
            "en",
        ),
        (
            "news_jsonld.html",
            "https://coastline.example.com/x?utm=1",
            "Harbour dredging delayed again",
            dt.date(2023, 5, 2),
            "Coastline Daily",
            "https://coastline.example.com/ports/harbour-dredging-delayed",
            "Sam Writer",
            "en-GB",
        ),
        (
            "news_meta_date_base.html",
            None,
            "Library extends opening hours",
            dt.date(2022, 11, 3),
            "Valley Weekly",
            None,
            None,
            None,
        ),
        (
            "no_date.html",
            "https://riverside.example/clean-up",
            "Volunteers clean up river bank",
            None,
            None,
            "https://riverside.example/clean-up",
            None,
            None,
        ),
    ],
)
def test_metadata(
    name: str,
    url: str | None,
    title: str,
    date: dt.date | None,
    outlet: str | None,
    canonical: str | None,
    author: str | None,
    language: str | None,
) -> None:
    article = _page(name, url)
    assert article.title == title
    assert article.date == date
    assert article.date_source is (DateSource.HTML_META if date else DateSource.NONE)
    assert article.outlet == outlet
    assert article.url == canonical
    assert article.author == author
    assert article.language == language
    assert article.path == name
    _assert_links_consistent(article)


@pytest.mark.parametrize(
    ("name", "url", "expected"),
    [
        (
            "news_og_meta.html",
            None,
            [
                ("according to a study", "https://gazette.example.com/news/2023/footbridge-study"),
                ("statement", "https://town.example.org/statements/42"),
                ("Gazette", "https://gazette.example.com/about/contact"),
                (
                    "council's consultation page",
                    "https://town.example.org/consultations/footbridge",
                ),
            ],
        ),
        (
            "news_jsonld.html",
            "https://coastline.example.com/x",
            [
                (
                    "notice to mariners",
                    "https://coastline.example.com/ports/notices/2023-17.html",
                ),
                ("estimated in a report", "https://transport.example.net/reports/dredging.pdf"),
            ],
        ),
        (
            # Without any URL a relative canonical cannot be resolved: hrefs stay as written.
            "news_jsonld.html",
            None,
            [
                ("notice to mariners", "notices/2023-17.html"),
                ("estimated in a report", "https://transport.example.net/reports/dredging.pdf"),
            ],
        ),
        (
            "news_meta_date_base.html",
            None,
            [
                ("announced", "https://valley.example.org/local/announcements/library-hours"),
                ("Valley Weekly", "https://valley.example.org/about"),
            ],
        ),
    ],
)
def test_links_are_main_text_links_with_offsets(
    name: str, url: str | None, expected: list[tuple[str, str]]
) -> None:
    article = _page(name, url)
    assert [(link.span.text, link.href) for link in article.links] == expected
    _assert_links_consistent(article)


def test_boilerplate_is_left_out_and_javascript_links_dropped() -> None:
    article = _page("news_og_meta.html")
    for boilerplate in ["Home", "Weather", "Most read", "All rights reserved", "Privacy"]:
        assert boilerplate not in article.text
    # The anchor text of a javascript: link stays in the text; the link goes.
    assert "Share this" in article.text
    assert all(not link.href.lower().startswith("javascript:") for link in article.links)
    # Entities decoded, no-break space folded into a plain space.
    assert "£4.2 million" in article.text


def test_paragraphs_become_lines() -> None:
    article = _page("news_og_meta.html")
    lines = article.text.split("\n")
    assert lines[0] == "Council approves new footbridge"
    assert lines[1].startswith("The Riverton town council voted 7 to 2")
    assert lines[2].startswith('"This bridge will connect')
    assert all(line == line.strip() and line for line in lines)


def test_reader_comments_are_not_article_text() -> None:
    assert "Reader comment" not in _page("news_jsonld.html").text


def test_html_from_a_file_matches_html_from_a_string() -> None:
    path = FIXTURES / "news_og_meta.html"
    from_file = read_article(path)
    from_string = article_from_html(path.read_text(encoding="utf-8"), path=str(path))
    assert from_file == from_string
    assert from_file.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("html", "fragment"),
    [
        ((FIXTURES / "navigation_only.html").read_text(encoding="utf-8"), "only links"),
        ("<html><head><title>T</title></head><body></body></html>", "HTML has no main text"),
        ("<html><body><script>var x = 1;</script></body></html>", "HTML has no main text"),
    ],
)
def test_no_main_text(html: str, fragment: str) -> None:
    with pytest.raises(InputError, match=fragment) as caught:
        article_from_html(html, path="page.html")
    assert caught.value.source == "page.html"
    assert ".txt" in caught.value.problem


@pytest.mark.parametrize(
    ("href", "url", "expected"),
    [
        ("b.html", "https://site.example/dir/page.html", "https://site.example/dir/b.html"),
        ("/root", "https://site.example/dir/page.html", "https://site.example/root"),
        ("//cdn.example/x", "https://site.example/", "https://cdn.example/x"),
        ("#note-1", "https://site.example/p", "https://site.example/p#note-1"),
        ("mailto:desk@site.example", None, "mailto:desk@site.example"),
        ("b.html", None, "b.html"),
        ("javascript:share()", "https://site.example/", None),
        (" JavaScript:void(0)", None, None),
        ("data:text/html,hi", None, None),
        ("", "https://site.example/", None),
    ],
)
def test_href_resolution(href: str, url: str | None, expected: str | None) -> None:
    html = (
        "<html><body><article><p>The agency said in a "
        f'<a href="{href}">statement</a> that it would publish the figures soon.</p>'
        "</article></body></html>"
    )
    article = article_from_html(html, url=url)
    assert [link.href for link in article.links] == ([expected] if expected else [])
    assert "said in a statement that" in article.text
    _assert_links_consistent(article)


def test_fragment_without_document_is_read() -> None:
    article = article_from_html('<p>The mayor <a href="https://x.example/">said</a> yes.</p>')
    assert article.text == "The mayor said yes."
    assert article.links[0].span.text == "said"
    assert (
        article.sha256
        == hashlib.sha256(
            b'<p>The mayor <a href="https://x.example/">said</a> yes.</p>'
        ).hexdigest()
    )


@pytest.mark.parametrize("bad", ["http://[ccpa-preferences]", "https://[::1", "http://[x]:80/p"])
def test_a_link_python_cannot_parse_costs_only_that_link(bad: str) -> None:
    # Three ordinary news sites carry href="http://[ccpa-preferences]"; it raised ValueError.
    html = (
        f'<html><head><link rel="canonical" href="{bad}"><base href="{bad}"></head><body>'
        "<article><h1>Bridge to reopen</h1><p>The mayor said the bridge would reopen on Monday"
        " after repairs, and the council agreed with her plan for the spring works.</p>"
        f'<p>Read our <a href="{bad}">privacy choices</a> or <a href="/news">more news</a>.</p>'
        "</article></body></html>"
    )
    article = article_from_html(html, url="https://example.org/a/b")
    assert "The mayor said the bridge would reopen" in article.text
    assert all("[" not in link.href for link in article.links)


@pytest.mark.parametrize("depth", [200, 300, 3000])
def test_text_deep_inside_wrappers_is_read(depth: int) -> None:
    # libxml2 stops at 256 levels: such a page came out as "no main text".
    body = (
        "<p>The mayor said the bridge would reopen on Monday after the repairs, and the council"
        " agreed with the plan for the spring works on the river.</p>"
        "<p>A second paragraph with enough words to be the page's main text.</p>"
    )
    html = f"<html><body>{'<div>' * depth}{body}{'</div>' * depth}</body></html>"
    article = article_from_html(html)
    assert article.text.startswith("The mayor said the bridge would reopen")


def test_a_page_too_deep_to_read_says_why() -> None:
    # Nesting of elements that are not mere wrappers cannot be dropped: the error says so.
    html = "<html><body>" + "<ul><li>" * 300 + "x" + "</li></ul>" * 300 + "</body></html>"
    with pytest.raises(InputError) as caught:
        article_from_html(html)
    assert "nest" in str(caught.value) and "256" in str(caught.value)
