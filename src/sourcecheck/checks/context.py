"""What the text around an attribution says: its sentence and the times it names."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from sourcecheck.datafiles import load_mapping
from sourcecheck.records import Evidence, Span, TimeExpression

# A sentence ends at . ! ? (or a closing quote after one) before a capital, or at a line break;
# not after initials (U.S.) or common abbreviations (Mr.).
_SENTENCE_END = re.compile(
    r"(?<![A-Z]\.[A-Z]\.)(?<! [A-Z]\.)(?<!Mr\.)(?<!Ms\.)(?<!Dr\.)(?<!St\.)(?<!Mrs\.)"
    r"(?<=[.!?”\"])\s+(?=[A-Z“\"])|\n+"
)
_YEAR = r"(1[89]\d\d|20\d\d)"


@cache
def data() -> dict[str, Any]:
    """``checks/data/checks.yml``."""
    return load_mapping("sourcecheck.checks", "checks")


@cache
def _time_pattern() -> re.Pattern[str]:
    months = sorted(data()["months"], key=len, reverse=True)
    month = r"(" + "|".join(months) + r")\.?"
    return re.compile(
        rf"\b(?:(\d{{1,2}})\s+{month}\s+{_YEAR}"  # 3 November 2025
        rf"|{month}\s+(\d{{1,2}}),?\s+{_YEAR}"  # November 3, 2025
        rf"|{month},?\s+(?:of\s+)?{_YEAR}"  # December 2022
        rf"|{_YEAR}-(\d\d)-(\d\d)"  # 2025-11-03
        rf"|{_YEAR})\b",  # 2019
        re.IGNORECASE,
    )


#: Characters looked back for the start of a sentence before scanning from the top.
_LOOK_BACK = 2000
#: A first, shorter look back.
_SHORT_LOOK_BACK = 300


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence holding ``text[at]`` starts: the end of the last sentence break.

    Scans only the :data:`_LOOK_BACK` characters before ``at`` (a scan from the top for
    every attribution grew with the square of the article's length); a break found there
    after the scan's first character is the one a scan from the top finds.
    """
    # One character past ``at``: a break right before it needs its capital in view.
    stop = min(len(text), at + 1)
    # A short look first (most sentences are short), then the full one.
    for back in (_SHORT_LOOK_BACK, _LOOK_BACK):
        low = max(0, at - back)
        last = None
        for m in _SENTENCE_END.finditer(text, low, stop):
            if m.end() <= at:
                last = m
        if last is not None and (low == 0 or last.start() > low):
            return last.end()
        if low == 0:
            break
    start = 0
    if low > 0:
        for match in _SENTENCE_END.finditer(text, 0, stop):
            if match.end() <= at:
                start = match.end()
    return start


def sentence_of(text: str, span: Span) -> Span:
    """The sentence (or line) around ``span``."""
    start = _sentence_start(text, span.start)
    found = _SENTENCE_END.search(text, span.end)
    end = found.start() if found else len(text)
    return Span(start, end, text[start:end])


def times_in(text: str, offset: int = 0) -> tuple[TimeExpression, ...]:
    """Absolute time expressions in ``text`` (years, months, days), shifted by ``offset``."""
    months: dict[str, int] = data()["months"]
    out = []
    for m in _time_pattern().finditer(text):
        g = m.groups()
        span = Span(offset + m.start(), offset + m.end(), m.group(0))
        if g[0]:
            out.append(TimeExpression(span, "date", int(g[2]), months[g[1].lower()], int(g[0])))
        elif g[3]:
            out.append(TimeExpression(span, "date", int(g[5]), months[g[3].lower()], int(g[4])))
        elif g[6]:
            out.append(TimeExpression(span, "month", int(g[7]), months[g[6].lower()]))
        elif g[8]:
            out.append(TimeExpression(span, "date", int(g[8]), int(g[9]), int(g[10])))
        else:
            out.append(TimeExpression(span, "year", int(g[11])))
    return tuple(out)


def passage_evidence(span: Span) -> Evidence:
    """The article passage a verdict rests on."""
    return Evidence(
        kind="article_text",
        description=span.text.strip(),
        source="article",
        data=(("start", str(span.start)), ("end", str(span.end))),
    )
