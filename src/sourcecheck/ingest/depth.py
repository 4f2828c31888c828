"""Very deep HTML made shallow enough to parse.

libxml2 (lxml, under trafilatura) stops at 256 nested elements and drops what lies deeper
without a word, so a page whose article sits inside 300 wrapper ``<div>``s came out as
"no main text". Wrapper elements (``div``, ``span``, ``section``…) opened past
:data:`MAX_DEPTH` are dropped with their closing tags before parsing; their content stays.
"""

from __future__ import annotations

import re

#: Nesting kept as written; deeper wrappers are dropped (libxml2 stops at 256).
MAX_DEPTH = 200

#: Elements that only wrap others: dropping their tags loses no text.
_WRAPPERS = frozenset(
    {"div", "span", "section", "article", "main", "aside", "font", "center", "header",
     "footer", "figure", "nav", "b", "i", "em", "strong", "u", "small", "big"}
)  # fmt: skip
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
     "track", "wbr", "param"}
)  # fmt: skip
_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)\b[^<>]*?(/?)>")
_COMMENT_OR_RAW = re.compile(r"<!--.*?-->|<(script|style)\b.*?</\1\s*>", re.DOTALL | re.I)


def max_depth(html: str) -> int:
    """How deep the page's elements nest (a cheap count over its tags)."""
    depth = deepest = 0
    for m in _TAG.finditer(_COMMENT_OR_RAW.sub("", html)):
        name = m.group(2).lower()
        if name in _VOID or m.group(3):
            continue
        if m.group(1):
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def flatten_deep(html: str, limit: int = MAX_DEPTH) -> str:
    """``html`` with wrapper tags past ``limit`` levels removed (unchanged when shallow)."""
    if max_depth(html) <= limit:
        return html
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # (name, kept)
    at = 0
    for m in _TAG.finditer(html):
        name = m.group(2).lower()
        out.append(html[at : m.start()])
        at = m.end()
        if name in _VOID or m.group(3):
            out.append(m.group(0))
            continue
        if m.group(1):  # a closing tag: drop it if its opening tag was dropped
            while stack and stack[-1][0] != name:
                stack.pop()  # unclosed elements (HTML allows it)
            if stack:
                _, kept = stack.pop()
                if kept:
                    out.append(m.group(0))
            continue
        kept = not (len(stack) >= limit and name in _WRAPPERS)
        stack.append((name, kept))
        if kept:
            out.append(m.group(0))
    out.append(html[at:])
    return "".join(out)
