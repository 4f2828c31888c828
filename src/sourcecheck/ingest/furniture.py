"""Page furniture: lines of a news page that are not article text.

Share and follow bars, "READ MORE:" and "Related:" links, newsletter and comment
prompts, photo credits and caption credit lines, section and kicker labels: read as
text they become attributions no one made ("Tweet this" is a tweet, "A SIMPLE GUIDE:
How do I protect myself?" has the source "SIMPLE GUIDE"). The rules are in
``data/furniture.yml``; each matches a *whole* line, so a sentence of prose that
merely starts like furniture ("Share prices fell") stays.

:func:`drop_furniture` removes such lines (with their line break) and moves every link
so that its offsets still point at its anchor text in the text that is left; links
inside a removed line go with it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from sourcecheck.datafiles import load_mapping
from sourcecheck.errors import ConfigError
from sourcecheck.records import Link, Span

_DATA_FILE = "ingest/data/furniture.yml"
_WIDGET_SEPARATORS = r"[\s|•·/,]*"
_LINE = re.compile(r"[^\n]*\n?")


@dataclass(frozen=True, slots=True)
class FurnitureRules:
    """The furniture rules of ``data/furniture.yml``, compiled.

    Attributes:
        widget: A line made only of share and follow words.
        lines: The whole-line patterns, by kind (``follow``, ``credits``...).
        kicker: A line that is only an all-capital label (``ANALYSIS``, ``WATCH:``).
        promo: An all-capital promo label and a colon (``A SIMPLE GUIDE:``).
        promo_max_words: Most words after a promo label.
    """

    widget: re.Pattern[str]
    lines: tuple[tuple[str, re.Pattern[str]], ...]
    kicker: re.Pattern[str]
    promo: re.Pattern[str]
    promo_max_words: int


def _strings(data: dict[str, object], key: str) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value) or not value:
        raise ConfigError(f"{_DATA_FILE}: {key!r} must be a non-empty list of strings")
    return [str(v) for v in value]


def _number(data: dict[str, object], key: str) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"{_DATA_FILE}: {key!r} must be a positive whole number")
    return value


def _alternatives(words: list[str]) -> str:
    # Longest first, so that "share this article" wins over "share".
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _label(words: list[str], most: int) -> str:
    """Up to ``most`` capital words, one of them a word of ``words`` ("A SIMPLE GUIDE")."""
    caps = r"[A-Z0-9][A-Z0-9'’&.-]*"
    other = rf"{{0,{most - 1}}}"
    return rf"(?:{caps}\s+){other}(?:{_alternatives(words)})(?:\s+{caps}){other}"


def _compile(pattern: str, where: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise ConfigError(
            f"{_DATA_FILE}: {where} is not a valid regular expression: {exc}"
        ) from exc


def _line_patterns(data: dict[str, object]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    groups = data.get("line_patterns")
    if not isinstance(groups, dict):
        raise ConfigError(f"{_DATA_FILE}: 'line_patterns' must map kinds to lists of patterns")
    out: list[tuple[str, re.Pattern[str]]] = []
    for kind in groups:
        for n, pattern in enumerate(_strings(groups, str(kind))):
            out.append((str(kind), _compile(pattern, f"line_patterns.{kind}[{n}]")))
    return tuple(out)


@cache
def furniture_rules() -> FurnitureRules:
    """The furniture rules (read once).

    Raises:
        ConfigError: The data file is missing or malformed.
    """
    data = load_mapping("sourcecheck.ingest", "furniture")
    widget = _alternatives(_strings(data, "widget_words"))
    label_words = _number(data, "kicker_max_words")
    kickers = _label(_strings(data, "kicker_labels"), label_words)
    promos = _label(_strings(data, "promo_kickers"), label_words)
    return FurnitureRules(
        widget=_compile(rf"(?:(?:{widget})(?![\w-]){_WIDGET_SEPARATORS})+", "widget_words"),
        lines=_line_patterns(data),
        kicker=_compile(rf"{kickers}\s*:?", "kicker_labels", 0),
        promo=_compile(rf"{promos}\s*:\s*(?P<rest>.+)", "promo_kickers", 0),
        promo_max_words=_number(data, "promo_max_words"),
    )


def furniture_kind(line: str) -> str | None:
    """What sort of furniture ``line`` is (``widget``, ``credits``, ``kicker``...), or
    ``None`` when it is article text."""
    text = line.strip()
    if not text:
        return None
    r = furniture_rules()
    if r.widget.fullmatch(text):
        return "widget"
    for kind, pattern in r.lines:
        if pattern.fullmatch(text):
            return kind
    if r.kicker.fullmatch(text):
        return "kicker"
    promo = r.promo.fullmatch(text)
    if promo is not None and len(promo.group("rest").split()) <= r.promo_max_words:
        return "kicker"
    return None


def _shifted(link: Link, removed: list[tuple[int, int]], starts: list[int]) -> Link | None:
    """``link`` moved past the removed ranges before it, or ``None`` when it is inside one."""
    start, end = link.span.start, link.span.end
    k = bisect.bisect_right(starts, start) - 1
    if k >= 0 and start < removed[k][1]:
        return None
    if k + 1 < len(removed) and end > removed[k + 1][0]:
        return None
    before = sum(e - s for s, e in removed[: k + 1])
    return Link(span=Span(start - before, end - before, link.span.text), href=link.href)


def drop_furniture(text: str, links: tuple[Link, ...] = ()) -> tuple[str, tuple[Link, ...]]:
    """Remove the furniture lines of ``text`` and move ``links`` to match.

    Args:
        text: The article text, one paragraph (or heading, caption...) per line.
        links: Links whose spans index into ``text``.

    Returns:
        The text without furniture lines (each removed with its line break), and the
        links outside them, whose spans index into that text.
    """
    removed: list[tuple[int, int]] = []
    for match in _LINE.finditer(text):
        if match.start() == match.end():
            break
        if furniture_kind(match.group()) is None:
            continue
        if removed and removed[-1][1] == match.start():
            removed[-1] = (removed[-1][0], match.end())  # one range per run of lines
        else:
            removed.append((match.start(), match.end()))
    if not removed:
        return text, links
    last_start, last_end = removed[-1]
    if last_end == len(text) and not text.endswith("\n") and last_start > 0:
        # The last line has no line break of its own: take the one before it.
        removed[-1] = (last_start - 1, last_end)
    parts: list[str] = []
    at = 0
    for start, end in removed:
        parts.append(text[at:start])
        at = end
    parts.append(text[at:])
    starts = [s for s, _ in removed]
    kept = tuple(m for link in links if (m := _shifted(link, removed, starts)) is not None)
    return "".join(parts), kept
