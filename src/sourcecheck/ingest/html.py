"""HTML pages → articles, with trafilatura (main text, metadata) and htmldate (date).

Steps: parse the page; read its metadata (title, date, site name, author,
canonical URL, ``<html lang>``); resolve every ``<a href>`` against the page's
base URL (``<base href>``, else the canonical URL, else the URL the caller gave)
and drop links whose scheme runs code (``javascript:``); let trafilatura find the
main text with links kept; flatten that into text and link offsets
(:mod:`sourcecheck.ingest.flatten`); drop the lines of page furniture left in it
(:mod:`sourcecheck.ingest.furniture`), moving the links to match.

The date is only taken from the page's markup (meta tags, JSON-LD, ``<time>``,
elements whose class or id says they hold a date, the URL), never guessed from the
running text (htmldate without extensive search), so ``DateSource.HTML_META``
means the page states it. Dates after today are refused (htmldate's ``max_date``).
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import re
from typing import Any
from urllib.parse import urljoin, urlsplit

import trafilatura

from sourcecheck.errors import InputError
from sourcecheck.ingest.decode import utf8_of
from sourcecheck.ingest.depth import flatten_deep, max_depth
from sourcecheck.ingest.flatten import flatten
from sourcecheck.ingest.furniture import drop_furniture
from sourcecheck.ingest.rules import rules
from sourcecheck.records import Article, DateSource

_NO_TEXT_HINT = (
    "save the article's text as a UTF-8 .txt file (optionally with front matter for its "
    "title, date and outlet) and pass that instead"
)


def _is_absolute(url: str | None) -> bool:
    if not url:
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


def _parse(html: str, source: str) -> Any:
    html = flatten_deep(html)
    tree = trafilatura.load_html(html)
    if tree is None:
        # trafilatura refuses bare fragments (``<p>..</p>`` alone); give them a document.
        tree = trafilatura.load_html(f"<html><body>{html}</body></html>")
    if tree is None:
        raise InputError(source, f"cannot be parsed as HTML; {_NO_TEXT_HINT}")
    return tree


def _first_attribute(tree: Any, xpath: str, attribute: str) -> str | None:
    for element in tree.xpath(xpath):
        value = _clean(element.get(attribute))
        if value:
            return value
    return None


def _canonical_url(tree: Any, metadata_url: str | None, url: str | None) -> str | None:
    # ``rel`` may hold several tokens (``rel="canonical nofollow"``), in any case.
    candidates = (
        _first_attribute(
            tree,
            "//link[contains(concat(' ', translate(normalize-space(@rel), 'CANONIL', 'canonil'),"
            " ' '), ' canonical ')]",
            "href",
        ),
        _first_attribute(tree, "//meta[@property='og:url' or @name='og:url']", "content"),
    )
    for href in candidates:
        if href is not None:
            resolved = _join(url or "", href)
            if resolved is not None and _is_absolute(resolved):
                return resolved
    if url is not None:
        return url
    # Trafilatura also finds URLs in JSON-LD, but takes <base href> for one: not the page's.
    base = _first_attribute(tree, "//base[@href]", "href")
    return metadata_url if _is_absolute(metadata_url) and metadata_url != base else None


def _base_url(tree: Any, canonical: str | None, url: str | None) -> str | None:
    document_url = canonical or url
    base = _first_attribute(tree, "//base[@href]", "href")
    if base is not None:
        resolved = _join(document_url or "", base)
        if resolved is not None and _is_absolute(resolved):
            return resolved
    return document_url


def _join(base: str, href: str) -> str | None:
    """``href`` resolved against ``base``; ``None`` for a URL Python cannot parse.

    Real pages carry such links (``http://[ccpa-preferences]``: brackets that are no IPv6
    address); one must never cost the whole page.
    """
    try:
        return urljoin(base, href)
    except ValueError:
        return None


def _scheme(href: str) -> str | None:
    try:
        return urlsplit(href).scheme.lower()
    except ValueError:
        return None


def _resolve_links(tree: Any, base: str | None) -> None:
    dropped = rules().dropped_link_schemes
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        scheme = _scheme(href) if href else ""
        resolved = _join(base, href) if href and base is not None else href
        if not href or scheme is None or scheme in dropped or resolved is None:
            # The anchor text stays in the article; only the link goes.
            anchor.attrib.pop("href", None)
        elif base is not None:
            anchor.set("href", resolved)


def _language(tree: Any) -> str | None:
    return _first_attribute(tree, "/html[@lang]", "lang") or _first_attribute(
        tree,
        "//meta[translate(@http-equiv, 'CONTENTLANGUAGE', 'contentlanguage')"
        "='content-language'][@content]",
        "content",
    )


def _anchor_texts(tree: Any) -> list[str]:
    texts = {" ".join(a.text_content().split()) for a in tree.iter("a")}
    # Longest first, so that "Sport news" goes before "Sport".
    return sorted((t for t in texts if t), key=len, reverse=True)


def _mostly_links(text: str, anchors: list[str]) -> bool:
    """Whether the text is mostly made of the page's link texts (menus, headline lists).

    Compared with every anchor of the page, not only the links trafilatura kept: its
    fallback extractors return a bare menu as plain text.
    """
    remainder = text
    for anchor in anchors:
        remainder = remainder.replace(anchor, " ")
    letters = sum(c.isalnum() for c in text)
    outside = sum(c.isalnum() for c in remainder)
    return letters > 0 and letters - outside > rules().max_link_share * letters


def _outlet(sitename: str | None, urls: tuple[str | None, ...]) -> str | None:
    """The site name the page states; not trafilatura's fallback on the URL's host name."""
    name = _clean(sitename)
    if name is None:
        return None
    hosts = {re.sub(r"^(?:www|w[0-9]+)\.", "", _host(u)) for u in urls if u}
    return None if name.lower() in hosts else name


def _host(url: str) -> str:
    try:
        return urlsplit(url).netloc.lower()
    except ValueError:
        return ""


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def build_html_article(html: str, *, path: str | None, url: str | None, sha256: str) -> Article:
    """Build an article from decoded HTML.

    Args:
        html: The page.
        path: The input's name as given (``None`` for HTML passed directly).
        url: Where the page came from, if known (used when it has no canonical URL,
            and as the base of relative links).
        sha256: Hex SHA-256 of the raw input bytes.

    Raises:
        InputError: The page cannot be parsed or has no main text.
    """
    source = path or url or "<html>"
    tree = _parse(html, source)
    # htmldate only: the markup's dates, never dates guessed from the running text.
    date_params = {
        "original_date": True,
        "extensive_search": False,
        "max_date": dt.date.today().isoformat(),
    }
    metadata = trafilatura.extract_metadata(copy.deepcopy(tree), url, date_params)
    canonical = _canonical_url(tree, metadata.url, url)
    _resolve_links(tree, _base_url(tree, canonical, url))
    anchors = _anchor_texts(tree)
    document = trafilatura.bare_extraction(
        tree,
        include_links=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_formatting=False,
        with_metadata=False,
    )
    body = getattr(document, "body", None)
    text, links = flatten(body) if body is not None else ("", ())
    # trafilatura keeps share bars, "READ MORE:" links and captions found in the article
    text, links = drop_furniture(text, links)
    if not text.strip():
        deep = max_depth(html)
        why = (
            f" (its elements nest {deep} deep, and the HTML parser stops at 256 levels)"
            if deep > 255
            else ""
        )
        raise InputError(
            source, f"HTML has no main text that could be extracted{why}; {_NO_TEXT_HINT}"
        )
    if _mostly_links(text, anchors):
        raise InputError(
            source,
            "HTML has no main text, only links (a menu or a list of headlines?); " + _NO_TEXT_HINT,
        )
    date = _date(metadata.date)
    return Article(
        text=text,
        path=path,
        title=_clean(metadata.title),
        date=date,
        date_source=DateSource.HTML_META if date is not None else DateSource.NONE,
        outlet=_outlet(metadata.sitename, (metadata.url, url, canonical)),
        url=canonical,
        author=_clean(metadata.author),
        language=_language(tree),
        sha256=sha256,
        links=links,
    )


def article_from_html(html: str, *, path: str | None = None, url: str | None = None) -> Article:
    """Build an article from an HTML string (``sha256`` is that of its UTF-8 encoding)."""
    return build_html_article(
        html,
        path=path,
        url=url,
        sha256=hashlib.sha256(utf8_of(html, path or url or "<html>")).hexdigest(),
    )
