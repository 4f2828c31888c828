"""Escaping and links for the annotated HTML report.

Every string from the article or the report reaches the page through :func:`esc`; links
are only emitted for absolute ``http``/``https``/``mailto`` URLs without control
characters (:func:`safe_href`, :func:`link_html`), and toolbar links may also be
same-site paths (:func:`is_local`). The page itself is assembled in
:mod:`sourcecheck.report.html`.
"""

from __future__ import annotations

import html
from urllib.parse import urlsplit

_SAFE_SCHEMES = {"http", "https", "mailto"}


def esc(value: object) -> str:
    """``value`` as text, HTML-escaped (quotes too, so it is safe in attributes)."""
    return html.escape(str(value), quote=True)


def safe_href(url: str | None) -> str | None:
    """``url`` when it is an absolute http/https/mailto URL without control characters."""
    if not url:
        return None
    url = url.strip()
    if any(ord(ch) < 0x21 or ord(ch) == 0x7F for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in _SAFE_SCHEMES:
        return None
    if parts.scheme.lower() != "mailto" and not parts.netloc:
        return None
    return url


def is_local(href: str) -> bool:
    """A same-site path (``/audits/…``), not a protocol-relative ``//host`` URL."""
    return href.startswith("/") and not href.startswith("//") and "\\" not in href


def link_html(url: str | None, label: str | None = None) -> str:
    """An ``<a>`` for a safe URL, otherwise the escaped text."""
    href = safe_href(url)
    text = esc(label if label is not None else (url or ""))
    if href is None:
        return text
    return f'<a href="{esc(href)}" rel="noopener noreferrer nofollow">{text}</a>'
