"""The annotated HTML page: escaping, CSP, segments for overlapping spans, anchors, groups."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import re
from urllib.parse import urlsplit

import lxml.html
import pytest
from lxml.html import HtmlElement

from factories import sample_report, span_of
from sourcecheck.records import (
    Article,
    Attribution,
    AttributionKind,
    Evidence,
    Finding,
    Link,
    Report,
    Source,
    SourceKind,
    Span,
    Status,
)
from sourcecheck.report.html import Mark, ToolbarLink, build_segments, render_html, safe_href

HOSTILE_TEXT = (
    'The mayor said <script>alert("x")</script> was "harmless".\n'
    "A blogger wrote that <img src=x onerror=alert(1)> and "
    '<a href="javascript:alert(2)">click here</a> were fine.\n'
    "Critics say <svg onload=alert(3)></svg> </textarea></style><!-- & &amp; -->.\n"
    "Officials said ]]> \u2028 ok.\n"
    'Then-President <img src=y onerror=alert(16)> "Cruz</a><script>alert(17)</script>" left.'
)
#: A mention whose text is markup, and evidence URLs that must never become links.
HOSTILE_MENTION = (
    'Then-President <img src=y onerror=alert(16)> "Cruz</a><script>alert(17)</script>"'
)
HOSTILE_URLS = (
    "javascript:alert(18)",
    " JaVaScRiPt:alert(19)",
    "data:text/html,<script>alert(20)</script>",
    "java\nscript:alert(21)",
    '"><script>alert(22)</script>',
    "//evil.example/x",
    "mailto:x@example.org",
)


def _hostile_report() -> Report:
    t = HOSTILE_TEXT
    article = Article(
        text=t,
        title='<script>alert("title")</script>',
        url="javascript:alert(5)",
        outlet='"><img src=x onerror=alert(6)>',
        author="<b onmouseover=alert(7)>x</b>",
        links=(
            Link(span_of(t, "click here"), "javascript:alert(2)"),
            Link(span_of(t, "blogger"), " JaVaScRiPt:alert(8)"),
            Link(span_of(t, "mayor"), "data:text/html,<script>alert(9)</script>"),
            Link(span_of(t, "Critics"), "https://example.org/ok"),
        ),
    )
    atts = (
        Attribution(
            id='"><script>alert(10)</script>',
            kind=AttributionKind.INDIRECT,
            content=span_of(t, '<script>alert("x")</script> was "harmless"'),
            cue=span_of(t, "said"),
            source=Source(span_of(t, "The mayor"), SourceKind.PERSON, name="<i>mayor</i>"),
            medium='"><script>alert(11)</script>',
        ),
        Attribution(
            id="b",
            kind=AttributionKind.INDIRECT,
            content=span_of(t, '<img src=x onerror=alert(1)> and <a href="javascript:alert(2)">'),
            cue=span_of(t, "wrote"),
            source=Source(span_of(t, "A blogger"), SourceKind.PERSON),
        ),
        Attribution(
            id="c",
            kind=AttributionKind.INDIRECT,
            content=span_of(t, "<svg onload=alert(3)></svg> </textarea></style><!-- & &amp; -->"),
            cue=span_of(t, "say"),
            source=Source(span_of(t, "Critics"), SourceKind.VAGUE),
        ),
    )
    findings = (
        Finding(
            "check<script>",
            Status.CONTRADICTED,
            "<img src=x onerror=alert(12)>",
            atts[0].id,
            (Evidence("kb", "<script>alert(13)</script>", "javascript:alert(14)"),),
        ),
        Finding("article", Status.UNVERIFIABLE, "<a href='javascript:alert(15)'>x</a>", None),
        Finding(
            "title<b>",
            Status.CONTRADICTED,
            "<script>alert(23)</script>",
            None,
            (
                *(
                    Evidence("kb", f"row {i}", f"<i>src {i}</i>", url=u)
                    for i, u in enumerate(HOSTILE_URLS)
                ),
                Evidence(
                    "kb", "ok row", "Wikidata", url="https://www.wikidata.org/wiki/Q1?a=1&b=<2>"
                ),
            ),
            span=span_of(t, HOSTILE_MENTION),
        ),
    )
    return Report(article=article, attributions=atts, findings=findings)


def _parse(page: str) -> HtmlElement:
    return lxml.html.document_fromstring(page)


def _article_div(doc: HtmlElement) -> HtmlElement:
    (div,) = doc.xpath('//div[@class="text"]')
    return div  # type: ignore[no-any-return]


def _coverage(doc: HtmlElement) -> list[frozenset[str]]:
    """For each character of the article text: the attribution keys the page marks on it."""
    div = _article_div(doc)
    cover: list[frozenset[str]] = [frozenset()] * len(div.text or "")
    for child in div:
        keys = frozenset((child.get("data-att") or "").split())
        cover.extend([keys] * len(child.text or ""))
        cover.extend([frozenset()] * len(child.tail or ""))
    return cover


def _csp_sources(doc: HtmlElement, directive: str) -> list[str]:
    (meta,) = doc.xpath('//meta[@http-equiv="Content-Security-Policy"]')
    for part in meta.get("content").split(";"):
        name, *values = part.split()
        if name == directive:
            return values
    raise AssertionError(f"no {directive} in CSP")


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


# Escaping and CSP -------------------------------------------------------------------------


def test_hostile_article_leaves_no_markup_script_or_handler() -> None:
    page = render_html(_hostile_report())
    doc = _parse(page)
    scripts = doc.xpath("//script")
    assert len(scripts) == 1
    assert _csp_sources(doc, "script-src") == [_hash(scripts[0].text)]
    assert not doc.xpath("//img | //svg | //textarea | //iframe | //object")
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name)
            if name in ("href", "src", "action", "formaction"):
                if element.tag == "link" and element.get("rel") == "icon":
                    assert value == "data:,"  # the empty icon that stops a /favicon.ico fetch
                    continue
                assert value.startswith("#") or urlsplit(value).scheme in ("http", "https"), value


def test_hostile_article_text_survives_as_text_exactly() -> None:
    report = _hostile_report()
    doc = _parse(render_html(report))
    assert _article_div(doc).text_content() == report.article.text
    assert doc.findtext(".//title").startswith('<script>alert("title")</script>')
    assert "alert(13)" in doc.xpath('string(//aside[@id="panel"])')


def test_hostile_mention_and_evidence_urls_stay_text() -> None:
    doc = _parse(render_html(_hostile_report()))
    (mark,) = _article_div(doc).xpath('.//a[contains(@class, "men")]')
    assert mark.text == HOSTILE_MENTION and mark.get("href") == "#p-m1"
    item = doc.get_element_by_id("p-m1")
    assert HOSTILE_MENTION[:40] in item.xpath('string(.//a[@class="jump"])')
    assert "<script>alert(23)</script>" in item.text_content()
    # Only the http(s) evidence URL is a link; each other URL is shown as text.
    links = item.xpath('.//ul[@class="evidence"]//a')
    assert [a.get("href") for a in links] == ["https://www.wikidata.org/wiki/Q1?a=1&b=<2>"]
    assert links[0].get("rel") == "noopener noreferrer"
    shown = item.xpath('.//ul[@class="evidence"]//span[@class="url"]/text()')
    assert shown == [u for u in HOSTILE_URLS]
    assert "<i>src 0</i>" in item.text_content()


def test_csp_is_strict_and_matches_the_inline_style() -> None:
    doc = _parse(render_html(sample_report()))
    (style,) = doc.xpath("//style")
    assert _csp_sources(doc, "default-src") == ["'none'"]
    assert _csp_sources(doc, "style-src") == [_hash(style.text)]
    assert _csp_sources(doc, "base-uri") == ["'none'"]
    assert not doc.xpath("//*[@style]")
    assert not doc.xpath(
        "//link[not(starts-with(@href, 'data:'))] | //img[@src] | //script[@src] | //iframe"
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("http://example.org", "http://example.org"),
        ("mailto:desk@example.org", "mailto:desk@example.org"),
        ("javascript:alert(1)", None),
        (" javascript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("JAVASCRIPT:alert(1)", None),
        ("data:text/html,<b>x</b>", None),
        ("vbscript:x", None),
        ("//example.org/x", None),
        ("/relative", None),
        ("https://exa mple.org", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_href(url: str | None, expected: str | None) -> None:
    assert safe_href(url) == expected


def test_toolbar_keeps_local_and_http_links_only() -> None:
    toolbar = [
        ToolbarLink("JSON", "/audits/1/report.json"),
        ToolbarLink("evil", "javascript:alert(1)"),
        ToolbarLink("proto", "//evil.example/x"),
        ToolbarLink("<b>ext</b>", "https://example.org/"),
    ]
    doc = _parse(render_html(sample_report(), toolbar=toolbar))
    hrefs = doc.xpath('//nav[@class="toolbar"]/a/@href')
    assert hrefs == ["/audits/1/report.json", "https://example.org/"]
    assert doc.xpath('//nav[@class="toolbar"]/a/text()')[1] == "<b>ext</b>"


# Segments ---------------------------------------------------------------------------------


def _att(key: str, text: str, content: str, source: str | None = None) -> Attribution:
    return Attribution(
        id=key,
        kind=AttributionKind.INDIRECT,
        content=span_of(text, content),
        source=Source(span_of(text, source), SourceKind.PERSON) if source else None,
    )


OVERLAP_TEXT = "Ann said Bob told her that the vote was rigged, and Cal agreed loudly."

OVERLAP_CASES = {
    "nested": (
        ("x", "Bob told her that the vote was rigged", "Ann"),
        ("y", "the vote was rigged", "Bob"),
    ),
    "partial overlap": (
        ("x", "Bob told her that the vote", None),
        ("y", "that the vote was rigged, and Cal", None),
    ),
    "identical spans": (
        ("x", "the vote was rigged", "Ann"),
        ("y", "the vote was rigged", "Cal"),
    ),
    "adjacent": (("x", "Ann said", None), ("y", " Bob told", None)),
    "whole text and last char": (("x", OVERLAP_TEXT, None), ("y", ".", None)),
    "three deep": (
        ("x", "Ann said Bob told her that the vote was rigged", None),
        ("y", "Bob told her that the vote was", None),
        ("z", "vote", None),
    ),
}


@pytest.mark.parametrize("case", list(OVERLAP_CASES))
def test_overlapping_spans_render_as_flat_segments_with_exact_coverage(case: str) -> None:
    t = OVERLAP_TEXT
    atts = tuple(_att(k, t, content, source) for k, content, source in OVERLAP_CASES[case])
    report = Report(article=Article(text=t), attributions=atts)
    doc = _parse(render_html(report))
    div = _article_div(doc)
    assert div.text_content() == t
    assert not div.xpath(".//a//a | .//a//span[@class='hl']")  # flat: no nested highlights
    keys = {att.id: f"a{i}" for i, att in enumerate(atts, 1)}
    expected = []
    for pos in range(len(t)):
        covering = set()
        for att in atts:
            spans = [att.content] + ([att.source.span] if att.source else [])
            if any(s.start <= pos < s.end for s in spans):
                covering.add(keys[att.id])
        expected.append(frozenset(covering))
    assert _coverage(doc) == expected


def test_innermost_attribution_owns_the_link_and_colour() -> None:
    t = OVERLAP_TEXT
    outer = _att("x", t, "Bob told her that the vote was rigged", "Ann")
    inner = _att("y", t, "the vote was rigged", "Bob")
    findings = (
        Finding("c", Status.CONSISTENT, "fine", "x"),
        Finding("c", Status.CONTRADICTED, "wrong", "y"),
    )
    doc = _parse(render_html(Report(Article(text=t), (outer, inner), findings)))
    links = {el.text: el for el in _article_div(doc).xpath(".//a")}
    assert links["the vote was rigged"].get("href") == "#p-a2"
    assert "st-contradicted" in links["the vote was rigged"].get("class").split()
    assert links["Ann"].get("href") == "#p-a1"
    assert "st-consistent" in links["Ann"].get("class").split()
    assert set(links["Bob"].get("class").split()) >= {"src", "cnt"}


@pytest.mark.parametrize(
    ("marks", "cuts"),
    [
        ([], [(0, 10, 0)]),
        ([Mark("a", "cnt", 2, 5)], [(0, 2, 0), (2, 5, 1), (5, 10, 0)]),
        ([Mark("a", "cnt", 0, 10)], [(0, 10, 1)]),
        (
            [Mark("a", "cnt", 1, 6), Mark("b", "cnt", 4, 8)],
            [(0, 1, 0), (1, 4, 1), (4, 6, 2), (6, 8, 1), (8, 10, 0)],
        ),
        ([Mark("a", "cnt", 3, 3), Mark("b", "cnt", 8, 12), Mark("c", "cnt", 5, 2)], [(0, 10, 0)]),
    ],
    ids=["none", "one", "whole", "overlap", "empty-or-out-of-range-dropped"],
)
def test_build_segments(marks: list[Mark], cuts: list[tuple[int, int, int]]) -> None:
    segments = build_segments("0123456789", marks)
    assert [(s.start, s.end, len(s.marks)) for s in segments] == cuts


def test_out_of_range_span_does_not_break_the_page() -> None:
    t = "Ann said hello."
    bad = Attribution("x", AttributionKind.DIRECT, Span(9, 40, "hello. and more"))
    doc = _parse(render_html(Report(Article(text=t), (bad,))))
    assert _article_div(doc).text_content() == t
    assert doc.get_element_by_id("p-a1") is not None


# Anchors, groups, filters -----------------------------------------------------------------


def test_every_in_page_link_has_a_target_and_each_attribution_links_both_ways() -> None:
    report = sample_report()
    doc = _parse(render_html(report))
    ids = set(doc.xpath("//@id"))
    for href in doc.xpath("//a/@href"):
        if href.startswith("#"):
            assert href[1:] in ids, href
    for i, _att in enumerate(report.attributions, 1):
        item = doc.get_element_by_id(f"p-a{i}")
        assert item.xpath('.//a[@class="jump"]/@href') == [f"#t-a{i}"]
        assert doc.xpath(f'//div[@class="text"]//a[@href="#p-a{i}"]'), i


def test_panel_groups_by_worst_status_with_evidence() -> None:
    report = sample_report()
    extra = Finding("sourcing", Status.UNVERIFIABLE, "Second opinion.", "a1")
    report = dataclasses.replace(report, findings=(*report.findings, extra))
    doc = _parse(render_html(report))
    groups = {
        g.get("data-status"): [li.get("id") for li in g.xpath('.//li[contains(@class, "att")]')]
        for g in doc.xpath('//section[contains(@class, "group")][@data-status]')
    }
    assert groups == {
        "contradicted": ["p-a1"],
        "unverifiable": ["p-a4"],
        "consistent": ["p-a2"],
        "none": ["p-a3"],
    }
    a1 = doc.get_element_by_id("p-a1")
    text = a1.text_content()
    assert "Ada Quill left office on 2023-12-31." in text
    assert "Harbour Minister, 2019-01-01 to 2023-12-31" in text
    assert "test fixture" in text and "as of 2024-01-01" in text
    assert "Minister (Harbour)" in text and "statement" in text
    badges = a1.xpath('.//span[contains(@class, "badge")]/text()')
    assert badges == ["contradicted", "unverifiable"]  # worst first
    assert a1.get("data-medium") == "statement" and a1.get("data-anonymous") == "false"
    assert doc.get_element_by_id("p-a4").get("data-anonymous") == "true"


def test_filters_are_hidden_without_javascript_and_list_media() -> None:
    doc = _parse(render_html(sample_report()))
    filters = doc.get_element_by_id("filters")
    assert filters.get("hidden") is not None
    assert filters.xpath(".//select/option/@value") == ["", "statement", "survey"]
    assert {i.get("data-filter") for i in filters.xpath(".//input")} == {
        "contradicted",
        "unverifiable",
        "anonymous",
    }


def test_empty_report_renders() -> None:
    doc = _parse(render_html(Report(Article(text="Nothing quoted here."))))
    assert "No attributions were found" in doc.text_content()
    assert re.search(r"0 attributions", doc.text_content())


# Person mentions and evidence links -------------------------------------------------------


def test_mention_finding_is_highlighted_and_linked_both_ways() -> None:
    report = sample_report()
    doc = _parse(render_html(report))
    (mark,) = _article_div(doc).xpath('.//a[contains(@class, "men")]')
    assert mark.text == "then-Mayor Tom Reed"
    assert set(mark.get("class").split()) == {"hl", "men", "st-consistent"}
    assert mark.get("href") == "#p-m1" and mark.get("data-key") == "m1"
    anchor = mark.getprevious()
    assert anchor.get("id") == "t-m1" and anchor.get("class") == "anchor"
    item = doc.get_element_by_id("p-m1")
    assert "mention" in item.get("class").split()
    assert "att" not in item.get("class").split()  # the attribution filters do not count it
    (jump,) = item.xpath('.//a[@class="jump"]')
    assert jump.get("href") == "#t-m1"
    assert " ".join(jump.text_content().split()) == "mention “then-Mayor Tom Reed”"
    assert (
        item.xpath("string(.//blockquote)") == "The pier opened in 1998 under then-Mayor Tom Reed."
    )
    assert "Tom Reed was Mayor in 1998." in item.text_content()
    # Not also listed as an article-level finding, and counted in the summary.
    assert not doc.xpath('//section[contains(@class, "article-findings")]')
    assert "1 person mentions checked" in doc.xpath('string(//ul[@class="summary"])')
    assert doc.xpath('//ul[@class="legend"]//span[contains(@class, "men")]')


def test_mentions_sit_with_attributions_of_the_same_status() -> None:
    doc = _parse(render_html(sample_report()))
    order = [
        el.get("data-status") or "mentions" for el in doc.xpath('//aside[@id="panel"]/section')
    ]
    assert order == ["contradicted", "unverifiable", "mentions", "consistent", "none"]
    report = sample_report()
    worse = tuple(
        dataclasses.replace(f, status=Status.CONTRADICTED) if f.span else f for f in report.findings
    )
    doc = _parse(render_html(dataclasses.replace(report, findings=worse)))
    first = doc.xpath('//aside[@id="panel"]/section')[0]
    assert first.get("class") == "mentions"
    assert "st-contradicted" in doc.get_element_by_id("p-m1").get("class").split()


def test_evidence_url_is_a_safe_link_and_as_of_is_shown() -> None:
    doc = _parse(render_html(sample_report()))
    (item,) = doc.xpath('//li[@id="p-a1"]//ul[@class="evidence"]/li')
    (link,) = item.xpath(".//a")
    assert link.get("href").startswith("https://github.com/example/harbour-data/blob/")
    assert link.get("rel") == "noopener noreferrer"
    assert link.text == "test fixture"
    assert item.xpath(".//time/@datetime") == ["2024-01-01"]
    assert "as of 2024-01-01" in item.text_content()
    vague = doc.xpath('//li[@id="p-a4"]//ul[@class="evidence"]/li')[0]
    assert not vague.xpath(".//a") and "article text" in vague.text_content()


def test_mention_inside_an_attribution_owns_its_own_characters() -> None:
    t = "Ann said that then-Mayor Tom Reed lied. Later, Governor Lu spoke."
    att = _att("x", t, "that then-Mayor Tom Reed lied", "Ann")
    ev = (Evidence("kb", "row", "kb"),)
    findings = (
        Finding("c", Status.CONSISTENT, "fine", "x"),
        Finding("t", Status.CONTRADICTED, "not mayor", None, ev, span_of(t, "then-Mayor Tom Reed")),
        Finding("t", Status.UNVERIFIABLE, "unknown", None, ev, span_of(t, "Governor Lu")),
        Finding("u", Status.CONSISTENT, "fine", None, ev, span_of(t, "Governor Lu")),
    )
    doc = _parse(render_html(Report(Article(text=t), (att,), findings)))
    div = _article_div(doc)
    assert div.text_content() == t
    links = {el.text: el for el in div.xpath(".//a")}
    inner = links["then-Mayor Tom Reed"]
    assert inner.get("href") == "#p-m1"
    assert set(inner.get("data-att").split()) == {"a1", "m1"}
    assert set(inner.get("class").split()) == {"hl", "cnt", "men", "st-contradicted"}
    assert links["that "].get("href") == "#p-a1"
    assert links["Governor Lu"].get("href") == "#p-m2"
    assert "st-unverifiable" in links["Governor Lu"].get("class").split()
    # Two findings on one mention: one highlight, one panel entry, worst first.
    badges = doc.get_element_by_id("p-m2").xpath('.//span[contains(@class, "badge")]/text()')
    assert badges == ["unverifiable", "consistent"]
    ids = set(doc.xpath("//@id"))
    for href in doc.xpath("//a/@href"):
        if href.startswith("#"):
            assert href[1:] in ids, href


def test_article_findings_are_not_hidden_by_the_filter_script() -> None:
    # The script hides empty attribution groups; the article group has no data-status.
    report = sample_report()
    extra = Finding("dateline", Status.UNVERIFIABLE, "No date.", None)
    doc = _parse(render_html(dataclasses.replace(report, findings=(*report.findings, extra))))
    (section,) = doc.xpath('//section[contains(@class, "article-findings")]')
    assert section.get("data-status") is None
    script = doc.xpath("//script")[0].text
    assert 'querySelectorAll("section.group[data-status]")' in script
