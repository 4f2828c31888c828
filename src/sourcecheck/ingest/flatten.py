"""Trafilatura's XML body → plain text plus the character offsets of its links.

The text is built here (not taken from trafilatura's own text output) so that the
offsets of links are exact: each block (paragraph, heading, list item, quote, table
cell, line break) becomes one line, lines are joined by ``"\\n"``, and runs of
whitespace inside a line become one space. A ``<ref target=...>`` element becomes
a :class:`~sourcecheck.records.Link` whose span covers its anchor text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sourcecheck.records import Link, Span

# Elements of trafilatura's XML (and stray HTML ones) that start and end a line.
_BLOCK_TAGS = frozenset(
    {
        "article", "blockquote", "body", "cell", "code", "details", "div", "doc", "figure",
        "head", "item", "lb", "list", "main", "note", "p", "pre", "quote", "row", "section",
        "summary", "table",
    }
)  # fmt: skip
# Elements whose content is not article text.
_SKIPPED_TAGS = frozenset({"graphic", "img", "script", "style"})
_WHITESPACE = re.compile(r"\s+")


@dataclass(slots=True)
class _Builder:
    """Accumulates text with at most one pending separator (space or newline)."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    pending: str = ""

    def separate(self, separator: str) -> None:
        # A newline wins over a space; nothing is emitted before the first text.
        if self.length and (separator == "\n" or not self.pending):
            self.pending = separator

    def add(self, raw: str | None) -> None:
        if not raw:
            return
        text = _WHITESPACE.sub(" ", raw)
        if text.startswith(" "):
            self.separate(" ")
        core = text.strip(" ")
        if core:
            if self.pending and self.length:
                self.parts.append(self.pending)
                self.length += len(self.pending)
            self.pending = ""
            self.parts.append(core)
            self.length += len(core)
        if text.endswith(" ") and core:
            self.separate(" ")


@dataclass(slots=True)
class _Walker:
    builder: _Builder = field(default_factory=_Builder)
    raw_links: list[tuple[int, int, str]] = field(default_factory=list)

    def walk(self, element: Any) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _SKIPPED_TAGS or not tag:
            # Comments and processing instructions have a non-string tag; their tail is text.
            self.builder.add(element.tail)
            return
        block = tag in _BLOCK_TAGS
        if block:
            self.builder.separate("\n")
        start = self.builder.length
        self.builder.add(element.text)
        for child in element:
            self.walk(child)
        if tag == "ref" and element.get("target"):
            self.raw_links.append((start, self.builder.length, element.get("target")))
        if block:
            self.builder.separate("\n")
        self.builder.add(element.tail)


def flatten(body: Any) -> tuple[str, tuple[Link, ...]]:
    """Turn trafilatura's XML body into text and links.

    Args:
        body: The ``<body>`` element of trafilatura's XML output.

    Returns:
        The text, and its links in document order; for each link
        ``text[link.span.start:link.span.end] == link.span.text``.
    """
    walker = _Walker()
    walker.walk(body)
    text = "".join(walker.builder.parts)
    links = []
    for start, end, href in walker.raw_links:
        # A separator emitted before the anchor's first word is not part of the anchor.
        while start < end and text[start].isspace():
            start += 1
        if start < end:
            links.append(Link(span=Span(start, end, text[start:end]), href=href))
    return text, tuple(links)
